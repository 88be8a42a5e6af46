"""The streaming export: its files say what the in-memory resolution and relation functions say, and the graph
files read back with NetworkX as the graph of the export contract."""

import json

import networkx as nx

from fixtures_docs import write_corpus
from hrgraph.config import Settings
from hrgraph.flow import ingest_flow
from hrgraph.graph import (EDGE_SCHEMA, NODE_SCHEMA, build_graph, entity_row, load_graph, mention_row, read_jsonl,
                           relation_row, storable)
from hrgraph.graph_files import GraphFiles
from hrgraph.pipeline import stored_result
from hrgraph.records import SourceDocument
from hrgraph.places import assign_places
from hrgraph.relations import extract_relations
from hrgraph.resolve import resolve_entities


def test_export_matches_the_in_memory_functions(tmp_path):
    corpus = write_corpus(tmp_path / "raw", 12)
    out = tmp_path / "out"
    ingest_flow([str(corpus)], str(out), settings=Settings(), runner="local")
    docs = [SourceDocument.model_validate({k: d[k] for k in ("id", "source", "media_type", "size")} | {"path": d["source"]})
            for d in read_jsonl(out / "documents.jsonl")]
    results = [stored_result(out, doc)[1] for doc in docs]
    entities = resolve_entities(results)
    relations = extract_relations(results, entities)
    assign_places(entities, relations, results)
    assert read_jsonl(out / "entities.jsonl") == [json.loads(json.dumps(entity_row(e))) for e in entities]
    assert read_jsonl(out / "relations.jsonl") == [json.loads(json.dumps(relation_row(r))) for r in relations]
    assert not (out / ".export.sqlite").exists()


def test_graph_files_read_back_as_the_graph(tmp_path):
    documents = [{"id": "d1", "source": "raw/a.txt", "date": "2024-03-01", "status": "ok"}]
    entities = [{"id": "org:1", "type": "ORG", "name": "Muster & Söhne <GmbH>", "aliases": ["M&S"], "region": None,
                 "mentions": [{"doc": "d1"}, {"doc": "d1"}]},
                {"id": "org:2", "type": "ORG", "name": 'Die "Beispiel" AG', "aliases": [], "region": "Bayern",
                 "mentions": [{"doc": "d1"}]}]
    relations = [{"type": "COLLABORATES_WITH", "source": "org:1", "target": "org:2", "cue": "partner:mit",
                  "evidence": [{"doc": "d1", "sentence": "A & B <arbeiten> \"zusammen\"."}]},
                 {"type": "CO_MENTIONED", "source": "org:1", "target": "org:2", "cue": "same_sentence",
                  "evidence": [{"doc": "d1", "sentence": "Beide."}]}]
    graph = build_graph(documents, entities, relations)
    with GraphFiles(tmp_path, NODE_SCHEMA, EDGE_SCHEMA) as files:
        for node, data in graph.nodes(data=True):
            files.node(node, data)
        for source, target, key, data in graph.edges(keys=True, data=True):
            files.edge(source, target, key, data)

    expected_nodes = {n: {k: storable(v) for k, v in d.items()} for n, d in graph.nodes(data=True)}
    expected_edges = {(u, v, k): {a: storable(x) for a, x in d.items()}
                      for u, v, k, d in graph.edges(keys=True, data=True)}
    graphml = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert dict(graphml.nodes(data=True)) == expected_nodes
    assert {(u, v, k): d for u, v, k, d in graphml.edges(keys=True, data=True)} == expected_edges
    gexf = nx.read_gexf(tmp_path / "graph.gexf")
    assert {n: {k: v for k, v in d.items() if k != "label"} for n, d in gexf.nodes(data=True)} == expected_nodes
    assert gexf.nodes["org:1"]["label"] == "Muster & Söhne <GmbH>"
    edges = {(u, v, d["relation"]): {k: x for k, x in d.items() if k not in ("id", "relation")}
             for u, v, k, d in gexf.edges(keys=True, data=True)}
    assert edges == {(u, v, k): {a: x for a, x in d.items() if a != "type"} for (u, v, k), d in expected_edges.items()}
    assert not list(tmp_path.glob("*.tmp"))


def test_failed_export_keeps_the_previous_graph_files(tmp_path):
    (tmp_path / "graph.graphml").write_text("previous", encoding="utf-8")
    try:
        with GraphFiles(tmp_path, NODE_SCHEMA, EDGE_SCHEMA) as files:
            files.edge("a", "b", "X", {"type": "X"})
            files.node("c", {"type": "ORG"})  # GEXF needs every node before the first edge
    except ValueError:
        pass
    assert (tmp_path / "graph.graphml").read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob("*.tmp"))


def test_load_graph_of_a_run_equals_its_graphml(tmp_path):
    corpus = write_corpus(tmp_path / "raw", 6)
    out = tmp_path / "out"
    ingest_flow([str(corpus)], str(out), settings=Settings(), runner="local")
    from_rows = load_graph(out)
    from_file = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert set(from_rows.nodes) == set(from_file.nodes)
    assert set(from_rows.edges(keys=True)) == set(from_file.edges(keys=True))


def test_a_mention_row_keeps_the_page_text_at_its_offsets_and_the_name_it_stands_for():
    from test_resolve_relations import doc_result

    mention = doc_result("d", [("an die Landkreise Celle und Peine", [("Celle", "ORG")])]).mentions[0]
    assert "name" not in mention_row(mention) and mention_row(mention)["text"] == "Celle"
    row = mention_row(mention.model_copy(update={"text": "Landkreis Celle"}))
    assert (row["text"], row["name"], row["start"], row["end"]) == ("Celle", "Landkreis Celle", 18, 23)
