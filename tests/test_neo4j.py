"""Neo4j store against a real server: loader, reload idempotency, query library, server lifecycle.

A session fixture fetches the jars with Maven if needed and starts Neo4j with auth off on a free port
in a temporary run dir. Without Java or the jars these tests fail with the reason; set
``HRGRAPH_SKIP_NEO4J=1`` to skip them instead.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from pathlib import Path

import pytest
import typer
from neo4j import GraphDatabase, Record, Result
from neo4j.exceptions import AuthError
from typer.testing import CliRunner

from hrgraph.stores import neo4j_queries, neo4j_server
from hrgraph.stores.neo4j_cli import register
from hrgraph.stores.neo4j_connection import ConnectionSettings
from hrgraph.stores.neo4j_loader import graph_counts, load_output
from hrgraph.stores.neo4j_queries import QueryError, format_rows, load_library, run_query

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(os.environ.get("HRGRAPH_SKIP_NEO4J") == "1", reason="HRGRAPH_SKIP_NEO4J=1"),
]

ODD_NAME = 'Verein "Gesund {NRW}" \\ e.V.'
HSRW, WFG, VEREIN, IHK = "org:hsrw", "org:wfg", "org:verein", "org:ihk"


# --- fixture output dir ------------------------------------------------------------------------

def _ev(doc: str, page: int, start: int, sentence: str, text: str = "") -> dict:
    return {"doc": doc, "page": page, "start": start, "end": start + len(text or sentence),
            "text": text or sentence, "sentence": sentence, "produced_by": "rule:test"}


def _entity(eid: str, etype: str, name: str, mentions: list[dict], region: str | None = None,
            aliases: list[str] | None = None, value: str | None = None, place: dict | None = None) -> dict:
    row = {"id": eid, "type": etype, "name": name, "aliases": aliases or [], "region": region,
           "value": value, "mentions": mentions}
    return row | ({"place": place} if place else {})


def _town(name: str, ags: str, kreis: str, land: str = "Nordrhein-Westfalen") -> dict:
    return {"level": "municipality", "name": name, "municipality": name, "ags": ags, "kreis": kreis,
            "kreis_key": ags[:5], "land": land, "rule": "name",
            "evidence": {"doc": "d1", "page": 1, "start": 0, "end": 5, "text": name, "sentence": name,
                         "produced_by": "rule:place_name"}}


def _rel(rtype: str, source: str, target: str, cue: str, evidence: list[dict]) -> dict:
    return {"type": rtype, "source": source, "target": target, "cue": cue, "evidence": evidence}


S1 = "Die Hochschule Rhein-Waal arbeitet mit der Wirtschaftsförderung Kreis Kleve GmbH zusammen."
S2 = "Gemeinsam mit der Wirtschaftsförderung startet die HSRW das Projekt KlimaKompetenz."
S3 = f"Die Hochschule kooperiert mit dem {ODD_NAME} im Projekt Digitale Region."
S4 = "Die IHK Niederrhein und die Wirtschaftsförderung Kreis Kleve GmbH vereinbaren eine Partnerschaft."


def fixture_output(tmp: Path, newer_run: bool = False) -> Path:
    """Write a small output dir.

    ``newer_run`` makes it a 'newer run': one more sentence for HSRW–WFG, no CO_MENTIONED edge,
    and "Digitale Region" typed ORG instead of PROJECT.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    docs = [
        {"id": "d1", "source": "data/raw/a.pdf", "status": "ok", "media_type": "pdf", "pages": 2,
         "date": "2024-03-01", "metadata": {"title": "Jahresbericht {2024}", "tags": ["a", "b"]},
         "pipeline": "hrgraph-0.1.0+test"},
        {"id": "d2", "source": "https://example.org/b.html", "status": "ok", "media_type": "html", "pages": 1,
         "date": None, "metadata": {}, "pipeline": "hrgraph-0.1.0+test"},
        {"id": "d3", "source": "data/raw/c.txt", "status": "ok", "media_type": "text", "pages": 1,
         "date": "2024-05-02", "metadata": {"title": 'Pressemitteilung "Kooperation" \\ NRW'},
         "pipeline": "hrgraph-0.1.0+test"},
    ]
    entities = [
        _entity(HSRW, "ORG", "Hochschule Rhein-Waal", [_ev("d1", 1, 4, S1, "Hochschule Rhein-Waal"),
                                                       _ev("d2", 1, 50, S2, "HSRW"),
                                                       _ev("d3", 1, 4, S3, "Hochschule")],
                region="Kleve", aliases=["HSRW"], place=_town("Kleve", "05154036", "Kleve")),
        _entity(WFG, "ORG", "Wirtschaftsförderung Kreis Kleve GmbH",
                [_ev("d1", 1, 44, S1, "Wirtschaftsförderung Kreis Kleve GmbH"),
                 _ev("d3", 1, 30, S4, "Wirtschaftsförderung Kreis Kleve GmbH")], region="Kleve",
                place={"level": "kreis", "name": "Kleve", "kreis": "Kleve", "kreis_key": "05154",
                       "land": "Nordrhein-Westfalen", "rule": "name"}),
        _entity(VEREIN, "ORG", ODD_NAME, [_ev("d3", 1, 33, S3, ODD_NAME)], region="Düsseldorf",
                place=_town("Düsseldorf", "05111000", "Düsseldorf, Stadt")),
        _entity(IHK, "ORG", "IHK Niederrhein", [_ev("d3", 1, 4, S4, "IHK Niederrhein")], region="Duisburg",
                place=_town("Duisburg", "05112000", "Duisburg, Stadt") | {"named_region": "Niederrhein"}),
        _entity("per:anna", "PER", "Anna Schmidt", [_ev("d1", 2, 0, "Prof. Anna Schmidt (HSRW) leitet das Projekt.")]),
        _entity("per:jan", "PER", "Jan Müller", [_ev("d2", 1, 0, "Geschäftsführer Jan Müller begrüßte die Gäste.")]),
        _entity("prj:klima", "PROJECT", "KlimaKompetenz", [_ev("d2", 1, 70, S2, "KlimaKompetenz")]),
        _entity("prj:digital", "PROJECT", "Digitale Region", [_ev("d3", 1, 80, S3, "Digitale Region")]),
        _entity("loc:kleve", "LOC", "Kleve", [_ev("d1", 1, 70, S1, "Kleve")]),
        _entity("loc:duisburg", "LOC", "Duisburg", [_ev("d3", 1, 90, S4, "Duisburg")]),
        _entity("date:2024-03", "DATE", "März 2024", [_ev("d1", 1, 0, "Im März 2024 ...", "März 2024")],
                value="2024-03"),
    ]
    relations = [
        # both directions of a symmetric relation, with one shared sentence: one edge, two sentences
        _rel("COLLABORATES_WITH", WFG, HSRW, "arbeitet mit", [_ev("d1", 1, 0, S1)]),
        _rel("COLLABORATES_WITH", HSRW, WFG, "gemeinsam mit", [_ev("d1", 1, 0, S1), _ev("d2", 1, 0, S2)]),
        _rel("COLLABORATES_WITH", HSRW, VEREIN, "kooperiert mit", [_ev("d3", 1, 0, S3)]),
        _rel("COLLABORATES_WITH", IHK, WFG, "Partnerschaft", [_ev("d3", 1, 0, S4)]),
        _rel("AFFILIATED_WITH", "per:anna", HSRW, "Prof.", [_ev("d1", 2, 0, "Prof. Anna Schmidt (HSRW) leitet.")]),
        _rel("AFFILIATED_WITH", "per:jan", WFG, "Geschäftsführer", [_ev("d2", 1, 0, "Geschäftsführer Jan Müller")]),
        _rel("PARTICIPATES_IN", HSRW, "prj:klima", "startet", [_ev("d2", 1, 0, S2)]),
        _rel("PARTICIPATES_IN", WFG, "prj:klima", "gemeinsam mit", [_ev("d2", 1, 0, S2)]),
        _rel("PARTICIPATES_IN", VEREIN, "prj:digital", "im Projekt", [_ev("d3", 1, 0, S3)]),
        _rel("LOCATED_IN", WFG, "loc:kleve", "Kreis Kleve", [_ev("d1", 1, 0, S1)]),
        _rel("LOCATED_IN", IHK, "loc:duisburg", "", [_ev("d3", 1, 0, S4)]),
        _rel("RIVALS_WITH", HSRW, IHK, "", []),  # not in the whitelist: skipped
    ]
    if newer_run:
        relations[1]["evidence"].append(_ev("d3", 1, 0, S3))
        next(e for e in entities if e["id"] == "prj:digital")["type"] = "ORG"
    else:
        no_offsets = {"doc": "d2", "page": 1, "start": None, "end": None, "text": "IHK und HSRW",
                      "sentence": "IHK und HSRW", "produced_by": "rule:co_mention"}
        relations.append(_rel("CO_MENTIONED", IHK, HSRW, "", [no_offsets]))
    for name, rows in (("documents", docs), ("entities", entities), ("relations", relations)):
        with (tmp / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return tmp


# --- server fixtures ---------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(run_dir: Path, auth: bool) -> neo4j_server.ServerHandle:
    try:
        neo4j_server.ensure_jars()
        return neo4j_server.start(run_dir, bolt_port=_free_port(), http_port=_free_port(), auth=auth,
                                  heap="384m", pagecache="64m")
    except neo4j_server.Neo4jServerError as err:
        pytest.fail(f"cannot run Neo4j for the tests ({err}); set HRGRAPH_SKIP_NEO4J=1 to skip", pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("neo4j-run")
    handle = _start(run_dir, auth=False)
    yield handle
    neo4j_server.stop(run_dir)


@pytest.fixture(scope="session")
def driver(server):
    with GraphDatabase.driver(server.uri, auth=None) as drv:
        yield drv


@pytest.fixture(scope="session")
def loaded(driver, tmp_path_factory):
    """The fixture output loaded once into an empty database."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    outdir = fixture_output(tmp_path_factory.mktemp("out"))
    return outdir, load_output(driver, outdir, batch_size=3)


# --- loader ------------------------------------------------------------------------------------

def _one(driver, cypher: str, **params) -> Record:
    """The single record of a read query."""
    return driver.execute_query(cypher, params, result_transformer_=Result.single)


def test_load_counts(loaded, driver):
    _, counts = loaded
    assert (counts.documents, counts.entities) == (3, 11)
    assert counts.relations == 11  # 13 input lines: two directions merge, one has an unknown type
    assert counts.skipped_relations == 1 and counts.skipped_mentions == 0
    labels = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label").records
    assert {r["label"]: r["n"] for r in labels} == {
        "Date": 1, "Document": 3, "Entity": 11, "Location": 2, "Organization": 4, "Person": 2, "Project": 2,
        "Place": 8}  # 3 municipalities, 3 Kreise, 1 named region, 1 Land
    assert counts.places == 8
    types = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n").records
    assert {r["t"]: r["n"] for r in types} == {
        "COLLABORATES_WITH": 3, "AFFILIATED_WITH": 2, "PARTICIPATES_IN": 3, "LOCATED_IN": 2 + 5 + 7, "CO_MENTIONED": 1,
        "MENTIONS": 14}  # LOCATED_IN: 2 from the text, 4 organisations to their places and one to its named region,
    # 3 + 3 + 1 up the hierarchy (the region lies in one Land)


def test_places_form_a_hierarchy(loaded, driver):
    path = _one(driver, "MATCH p = (o:Organization {name: 'Hochschule Rhein-Waal'})-[:LOCATED_IN*]->(l:Place {level: 'land'}) "
                        "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | r.rule] AS rules")
    assert path["names"] == ["Hochschule Rhein-Waal", "Kleve", "Kleve", "Nordrhein-Westfalen"]
    assert path["rules"] == ["name", "hierarchy", "hierarchy"]
    town = _one(driver, "MATCH (p:Place {level: 'municipality', name: 'Kleve'}) RETURN p.key AS ags")
    assert town["ags"] == "05154036"


def test_constraints_exist(loaded, driver):
    rows = driver.execute_query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type").records
    unique = {r["labelsOrTypes"][0] for r in rows if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert {"Document", "Entity", "Organization", "Person", "Project", "Location", "Date"} <= unique


def test_symmetric_edge_merged_with_evidence(loaded, driver):
    rel = driver.execute_query(
        "MATCH (a {id: $a})-[r:COLLABORATES_WITH]-(b {id: $b}) RETURN startNode(r).id AS s, r",
        a=HSRW, b=WFG).records
    assert len(rel) == 1 and rel[0]["s"] == HSRW  # stored from the smaller id
    r = rel[0]["r"]
    assert r["evidence_count"] == 2 and r["document_count"] == 2
    assert r["evidence_docs"] == ["d1", "d2"] and r["evidence_sentences"] == [S1, S2]
    assert r["evidence_pages"] == [1, 1] and r["cue"] == "arbeitet mit"
    co = driver.execute_query("MATCH ()-[r:CO_MENTIONED]->() RETURN r.evidence_starts AS s").records
    assert co[0]["s"] == [-1]  # a missing offset is stored as -1


def test_mentions_and_document_properties(loaded, driver):
    rec = _one(driver,
        "MATCH (d:Document {id: 'd1'})-[m:MENTIONS]->(e {id: $e}) RETURN d, m", e=HSRW)
    assert rec["m"]["count"] == 1 and rec["m"]["texts"] == ["Hochschule Rhein-Waal"]
    assert rec["m"]["producers"] == ["rule:test"]
    assert rec["d"]["title"] == "Jahresbericht {2024}"
    assert json.loads(rec["d"]["metadata"]) == {"title": "Jahresbericht {2024}", "tags": ["a", "b"]}
    date = _one(driver, "MATCH (d:Date) RETURN d.value AS v")
    assert date["v"] == "2024-03"


def test_odd_name_round_trips(loaded, driver):
    rec = _one(driver, "MATCH (o:Organization {id: $id}) RETURN o.name AS name", id=VEREIN)
    assert rec["name"] == ODD_NAME
    rec = _one(driver, "MATCH (o:Organization {name: $name}) RETURN o.id AS id", name=ODD_NAME)
    assert rec["id"] == VEREIN
    title = _one(driver, "MATCH (d:Document {id: 'd3'}) RETURN d.title AS t")["t"]
    assert title == 'Pressemitteilung "Kooperation" \\ NRW'
    rows = run_query(driver, "partners", {"org": ODD_NAME})
    assert [r["partner"] for r in rows] == ["Hochschule Rhein-Waal"] and rows[0]["organization"] == ODD_NAME
    assert json.loads(format_rows(rows, "json"))[0]["organization"] == ODD_NAME


def test_reload_is_idempotent(loaded, driver):
    outdir, first = loaded
    before = graph_counts(driver)
    props_before = driver.execute_query("MATCH ()-[r:COLLABORATES_WITH]->() RETURN r ORDER BY r.cue").records
    second = load_output(driver, outdir, batch_size=1000)
    assert graph_counts(driver) == before
    assert second.load_id == first.load_id
    assert (second.documents, second.entities, second.mentions, second.relations) == \
        (first.documents, first.entities, first.mentions, first.relations)
    props_after = driver.execute_query("MATCH ()-[r:COLLABORATES_WITH]->() RETURN r ORDER BY r.cue").records
    assert [dict(r["r"]) for r in props_after] == [dict(r["r"]) for r in props_before]


# --- query library -----------------------------------------------------------------------------

def _pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in rows]


def test_every_library_query_is_tested():
    assert set(load_library()) == {"partners", "region_collaborations", "people", "projects", "evidence",
                                   "top_organizations"}


def test_query_partners(loaded, driver):
    rows = run_query(driver, "partners", {"org": "hsrw"})  # alias, any case
    assert _pick(rows, "partner", "relation", "evidence_count") == [
        ("Wirtschaftsförderung Kreis Kleve GmbH", "COLLABORATES_WITH", 2), (ODD_NAME, "COLLABORATES_WITH", 1)]
    weak = run_query(driver, "partners", {"org": HSRW, "include_weak": "true", "min_evidence": "1"})
    assert ("IHK Niederrhein", "CO_MENTIONED") in _pick(weak, "partner", "relation") and len(weak) == 3
    assert run_query(driver, "partners", {"org": HSRW, "min_evidence": 2})[0]["partner_id"] == WFG


def test_query_region_collaborations(loaded, driver):
    rows = run_query(driver, "region_collaborations", {"region_a": "Duisburg", "region_b": "kleve"})
    assert _pick(rows, "org_a", "org_b") == [("IHK Niederrhein", "Wirtschaftsförderung Kreis Kleve GmbH")]
    inside = run_query(driver, "region_collaborations", {"region_a": "Kleve", "region_b": "Kleve"})
    assert _pick(inside, "org_a", "org_b", "evidence_count") == [
        ("Hochschule Rhein-Waal", "Wirtschaftsförderung Kreis Kleve GmbH", 2)]
    across = run_query(driver, "region_collaborations", {"region_a": "Düsseldorf", "region_b": "Kleve"})
    assert _pick(across, "org_a", "org_b") == [(ODD_NAME, "Hochschule Rhein-Waal")]
    # through the Place hierarchy: two Kreise by their register names, and one Land
    kreise = run_query(driver, "region_collaborations", {"region_a": "Duisburg, Stadt", "region_b": "Kleve"})
    assert _pick(kreise, "org_a", "place_a", "org_b") == [("IHK Niederrhein", "Duisburg, Stadt", "Wirtschaftsförderung Kreis Kleve GmbH")]
    land = run_query(driver, "region_collaborations", {"region_a": "Nordrhein-Westfalen", "region_b": "nordrhein-westfalen"})
    assert len(land) == 3
    # a named region (Place of level 'region') and a Kreis
    region = run_query(driver, "region_collaborations", {"region_a": "Niederrhein", "region_b": "Kleve"})
    assert _pick(region, "org_a", "org_b") == [("IHK Niederrhein", "Wirtschaftsförderung Kreis Kleve GmbH")]


def test_query_people(loaded, driver):
    rows = run_query(driver, "people", {})
    assert _pick(rows, "person", "organization", "role") == [
        ("Anna Schmidt", "Hochschule Rhein-Waal", "Prof."),
        ("Jan Müller", "Wirtschaftsförderung Kreis Kleve GmbH", "Geschäftsführer")]
    assert _pick(run_query(driver, "people", {"org": "hochschule"}), "person") == [("Anna Schmidt",)]


def test_query_projects(loaded, driver):
    rows = run_query(driver, "projects", {})
    assert _pick(rows, "project", "participants", "participant_count") == [
        ("KlimaKompetenz", ["Hochschule Rhein-Waal", "Wirtschaftsförderung Kreis Kleve GmbH"], 2),
        ("Digitale Region", [ODD_NAME], 1)]
    assert len(run_query(driver, "projects", {"project": "digital"})) == 1


def test_query_evidence(loaded, driver):
    rows = run_query(driver, "evidence", {"source": "Wirtschaftsförderung Kreis Kleve GmbH",
                                          "target": "Hochschule Rhein-Waal"})
    assert _pick(rows, "relation", "doc_id", "document", "page", "sentence") == [
        ("COLLABORATES_WITH", "d1", "data/raw/a.pdf", 1, S1),
        ("COLLABORATES_WITH", "d2", "https://example.org/b.html", 1, S2)]
    typed = run_query(driver, "evidence", {"source": WFG, "target": "loc:kleve", "type": "LOCATED_IN"})
    assert _pick(typed, "relation", "cue") == [("LOCATED_IN", "Kreis Kleve")]


def test_query_top_organizations(loaded, driver):
    rows = run_query(driver, "top_organizations", {"limit": "2"})
    assert _pick(rows, "organization", "degree", "partners", "projects", "people", "co_mentioned") == [
        ("Hochschule Rhein-Waal", 4, 2, 1, 1, 1), ("Wirtschaftsförderung Kreis Kleve GmbH", 4, 2, 1, 1, 0)]


def test_query_parameter_errors(driver):
    with pytest.raises(QueryError, match="needs --param org"):
        run_query(driver, "partners", {})
    with pytest.raises(QueryError, match="no parameter colour"):
        run_query(driver, "projects", {"colour": "red"})
    with pytest.raises(QueryError, match="not of type int"):
        run_query(driver, "top_organizations", {"limit": "many"})
    with pytest.raises(QueryError, match="no query"):
        run_query(driver, "nope", {})
    with pytest.raises(QueryError, match="limit: -1 is less than 1"):
        run_query(driver, "top_organizations", {"limit": "-1"})


def test_newer_run_updates_in_place_and_prunes(loaded, driver, tmp_path):
    newer = fixture_output(tmp_path / "newer", newer_run=True)
    counts = load_output(driver, newer)
    rel = driver.execute_query("MATCH ({id: $a})-[r:COLLABORATES_WITH]-({id: $b}) RETURN r", a=HSRW, b=WFG).records
    assert len(rel) == 1 and rel[0]["r"]["evidence_count"] == 3 and rel[0]["r"]["load_id"] == counts.load_id
    assert _one(driver, "MATCH ()-[r:CO_MENTIONED]->() RETURN count(r) AS n")["n"] == 1
    labels = "MATCH (n {id: 'prj:digital'}) RETURN labels(n) AS labels"
    assert sorted(_one(driver, labels)["labels"]) == ["Entity", "Organization"]
    pruned = load_output(driver, newer, prune=True)
    assert (pruned.pruned_relationships, pruned.pruned_nodes) == (1, 0)
    assert _one(driver, "MATCH ()-[r:CO_MENTIONED]->() RETURN count(r) AS n")["n"] == 0
    load_output(driver, loaded[0], prune=True)  # back to the fixture graph for the other tests
    assert sorted(_one(driver, labels)["labels"]) == ["Entity", "Project"]
    assert _one(driver, "MATCH ()-[r:CO_MENTIONED]->() RETURN count(r) AS n")["n"] == 1


# --- CLI and server ----------------------------------------------------------------------------

@pytest.fixture()
def cli(server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", server.uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    app = typer.Typer()
    app.command("noop")(lambda: None)  # keeps typer from collapsing a one-command app
    register(app)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_cli_load_and_query(loaded, cli):
    result = cli("load-neo4j", str(loaded[0]), "--batch-size", "5")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["relations"] == 11
    result = cli("query", "partners", "--param", f"org={ODD_NAME}", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(f'"{ODD_NAME.replace(chr(34), chr(34) * 2)}",Hochschule')
    result = cli("query", "projects", "-p", "project=Klima")
    assert result.exit_code == 0 and "KlimaKompetenz" in result.output
    assert "region_collaborations" in cli("query").output
    assert cli("query", "partners", "-p", "nope").exit_code != 0


def test_cli_query_errors_are_one_line(loaded, cli, tmp_path, monkeypatch):
    """A parameter out of range, or one only Neo4j refuses, ends the command with one line, not a traceback."""
    result = cli("query", "top_organizations", "-p", "limit=-1")
    assert result.exit_code == 2 and result.output == "query top_organizations: parameter limit: -1 is less than 1\n"
    result = cli("query", "partners", "-p", "org=HSRW", "-p", "min_evidence=99999999999999999999")
    assert result.exit_code == 2
    assert result.output == "query partners: parameter min_evidence: 99999999999999999999 does not fit Neo4j's 64-bit integers\n"
    unchecked = tmp_path / "queries.yml"  # a library query without a min: Neo4j itself refuses LIMIT -1
    unchecked.write_text("first:\n  description: first n\n  params: {n: {type: int, default: 1}}\n"
                         "  cypher: MATCH (o:Organization) RETURN o.id AS id LIMIT $n\n", encoding="utf-8")
    monkeypatch.setattr(neo4j_queries, "load_library", lambda: load_library(unchecked))
    result = cli("query", "first", "-p", "n=-1")
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1 and result.output.startswith("query first: ")
    assert "-1" in result.output, result.output


def test_server_status(server, cli):
    state = neo4j_server.status(server.run_dir)
    assert state.running and state.bolt_ok and state.pid == server.pid and state.rss_mb > 100
    result = cli("neo4j", "status", "--home", str(server.run_dir), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["uri"] == server.uri
    assert not neo4j_server.status(server.run_dir.parent / "nothing-here").running
    with pytest.raises(neo4j_server.Neo4jServerError, match=f"port {server.bolt_port} .* in use"):
        neo4j_server.start(server.run_dir.parent / "second", bolt_port=server.bolt_port, auth=False)


def test_browser_is_served(server, cli):
    """Neo4j Browser (the neo4j-browser jar) answers at /browser/ and points at the server's Bolt port."""
    with urllib.request.urlopen(server.browser_url, timeout=30) as response:
        assert response.status == 200 and "<title>Neo4j Browser</title>" in response.read().decode()
    with urllib.request.urlopen(server.browser_url.removesuffix("browser/"), timeout=30) as response:
        assert json.load(response)["bolt_direct"] == server.uri
    assert json.loads(cli("neo4j", "status", "--home", str(server.run_dir), "--json").stdout)["browser_url"] \
        == server.browser_url


def test_commands_find_the_bundled_server_without_neo4j_uri(loaded, cli, server, monkeypatch):
    """After `hrgraph neo4j start` on other ports, load-neo4j and query need no NEO4J_URI."""
    monkeypatch.delenv("NEO4J_URI")
    monkeypatch.setattr(neo4j_server, "DEFAULT_RUN_DIR", server.run_dir)
    result = cli("load-neo4j", str(loaded[0]))
    assert result.exit_code == 0 and json.loads(result.stdout)["relations"] == 11, result.output
    assert "Wirtschaftsförderung Kreis Kleve GmbH" in cli("query", "partners", "-p", "org=IHK Niederrhein", "-f", "csv").stdout
    monkeypatch.setattr(neo4j_server, "DEFAULT_RUN_DIR", server.run_dir.parent / "nothing-here")
    assert ConnectionSettings.from_env().uri == "bolt://127.0.0.1:7687"
    monkeypatch.setenv("NEO4J_URI", "bolt://example.org:7687")  # the environment wins
    monkeypatch.setattr(neo4j_server, "DEFAULT_RUN_DIR", server.run_dir)
    assert ConnectionSettings.from_env().uri == "bolt://example.org:7687"


def test_cli_query_unknown_entity_is_said(loaded, cli):
    """A name that matches nothing, or not exactly where the query needs it, is an error that says so."""
    result = cli("query", "partners", "-p", "org=Nirgendwo GmbH")
    assert result.exit_code == 1
    assert result.output == "query partners: no organization matches org='Nirgendwo GmbH' (by id, name or alias)\n"
    result = cli("query", "partners", "-p", "org=Hochschule")
    assert result.exit_code == 1 and "names containing it: 'Hochschule Rhein-Waal'" in result.output
    result = cli("query", "people", "-p", "person=Niemand")
    assert result.exit_code == 1 and "no person matches person='Niemand'" in result.output
    result = cli("query", "people", "-p", "org=IHK")  # exists, but nobody is affiliated with it
    assert result.exit_code == 0 and "no rows" in result.output


def test_cli_query_table_fits_80_columns_and_hides_ids(loaded, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # a default terminal
    result = cli("query", "evidence", "-p", f"source={WFG}", "-p", f"target={HSRW}")
    assert result.exit_code == 0 and S1 in " ".join(result.output.split())
    assert max(map(len, result.output.splitlines())) <= 80 and "doc_id" not in result.output
    assert "d1" in cli("query", "evidence", "-p", f"source={WFG}", "-p", f"target={HSRW}", "-f", "json").stdout


def test_server_with_auth_start_stop_via_cli(tmp_path, monkeypatch, cli):
    """A second server with auth on: the password from NEO4J_PASSWORD works, another does not; stop works.
    The password never is on a command line, and auth.ini is readable by its owner only."""
    password = 'test secret #1 "quoted" \\ back'
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    commands: list[list[str]] = []
    run = neo4j_server.subprocess.run

    def recording_run(args, **kwargs):
        commands.append(list(args))
        return run(args, **kwargs)

    monkeypatch.setattr(neo4j_server.subprocess, "run", recording_run)
    run_dir, port = tmp_path / "run", _free_port()
    result = cli("neo4j", "start", "--home", str(run_dir), "--bolt-port", str(port), "--http-port", "0",
                 "--heap", "256m", "--pagecache", "32m")
    try:
        assert result.exit_code == 0, result.output
        assert f"export NEO4J_URI=bolt://127.0.0.1:{port}\n" in result.stdout and "Browser" not in result.stdout
        admin = next(args for args in commands if "set-initial-password" in args)
        assert not any("secret" in arg for arg in admin) and admin[-1].startswith("@")
        assert not Path(admin[-1][1:]).exists(), "the argument file is removed"
        handle = neo4j_server.start(run_dir, bolt_port=port)  # already running: same process
        assert handle.pid == neo4j_server.status(run_dir).pid
        assert b"secret" not in Path(f"/proc/{handle.pid}/cmdline").read_bytes()
        with GraphDatabase.driver(handle.uri, auth=("neo4j", password)) as drv:
            assert drv.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        with GraphDatabase.driver(handle.uri, auth=("neo4j", "wrong-password")) as drv:
            with pytest.raises(AuthError):
                drv.verify_connectivity()
        auth_file = run_dir / "data" / "dbms" / "auth.ini"
        assert auth_file.stat().st_mode & 0o777 == 0o600
        monkeypatch.delenv("NEO4J_URI")  # load-neo4j finds the server `neo4j start` started, on its port
        monkeypatch.setattr(neo4j_server, "DEFAULT_RUN_DIR", run_dir)
        loaded = cli("load-neo4j", str(fixture_output(tmp_path / "out")))
        assert loaded.exit_code == 0 and json.loads(loaded.stdout)["graph"]["nodes"] > 0, loaded.output
    finally:
        stopped = cli("neo4j", "stop", "--home", str(run_dir))
    assert stopped.exit_code == 0 and "stopped" in stopped.stdout
    assert cli("neo4j", "status", "--home", str(run_dir)).exit_code == 1
    assert not neo4j_server.stop(run_dir)
    assert not (run_dir / "neo4j.pid").exists()


def test_missing_tools_give_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # neither java nor mvn
    with pytest.raises(neo4j_server.Neo4jServerError, match="java and mvn not found on PATH"):
        neo4j_server.ensure_jars(tmp_path)


def test_failed_start_leaves_no_process(server, tmp_path):
    """A start that times out terminates its JVM and removes the pid file."""
    run_dir = tmp_path / "slow"
    with pytest.raises(neo4j_server.Neo4jServerError, match="did not answer"):
        neo4j_server.start(run_dir, bolt_port=_free_port(), auth=False, heap="256m", pagecache="32m", timeout=1)
    home_arg = f"--home-dir={run_dir.resolve()}".encode()
    leftovers = [p for p in Path("/proc").glob("[0-9]*/cmdline") if home_arg in _read_or_empty(p)]
    assert leftovers == [] and not (run_dir / "neo4j.pid").exists()


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# --- the seed graph, as analysts meet it (runs last: it adds to the database) -------------------

def test_seed_graph_answers_the_library(server, driver, tmp_path, monkeypatch):
    """The seed corpus in data/raw through the ingestion flow with its Neo4j option, then queried."""
    from hrgraph.flow import ingest_flow

    monkeypatch.setenv("NEO4J_URI", server.uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    summary = ingest_flow([str(raw)], str(tmp_path), neo4j=True)
    assert summary["neo4j"]["documents"] == 5 and summary["neo4j"]["relations"] > 10
    partners = {row["partner"] for row in run_query(driver, "partners", {"org": "MedEcon Ruhr"})}
    assert "Regionalverband Ruhr" in partners
    people = {(row["person"], row["organization"]) for row in run_query(driver, "people", {"org": "Regionalverband Ruhr"})}
    assert ("Garrelt Duin", "Regionalverband Ruhr") in people
    evidence = run_query(driver, "evidence", {"source": "MedEcon Ruhr", "target": "Regionalverband Ruhr"})
    assert any("gemeinsam mit" in row["sentence"] and row["document"].endswith(".txt") for row in evidence)
    nrw = run_query(driver, "region_collaborations", {"region_a": "Nordrhein-Westfalen", "region_b": "Nordrhein-Westfalen"})
    assert {frozenset((r["org_a"], r["org_b"])) for r in nrw} >= {frozenset(("Uniklinik RWTH Aachen", "RWTH Aachen University"))}
    top = run_query(driver, "top_organizations", {"limit": 3})
    assert len(top) == 3 and top[0]["degree"] >= top[-1]["degree"]
    assert run_query(driver, "projects", {}) is not None


def test_hand_made_documents_across_two_laender_and_two_kreise(server, driver, tmp_path, monkeypatch):
    """A press release whose places are known, through the flow into Neo4j: collaborations between two Länder
    and between two Kreise of one Land, each found by the region query through the Place hierarchy."""
    from hrgraph.flow import ingest_flow

    monkeypatch.setenv("NEO4J_URI", server.uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kooperation.txt").write_text(
        "Pressemitteilung\n\nDas Klinikum Braunschweig arbeitet künftig mit der Ruhr-Universität Bochum zusammen.\n\n"
        "Die Stadtwerke Hildesheim GmbH kooperiert mit dem Klinikum Braunschweig bei der Energieversorgung.\n",
        encoding="utf-8")
    ingest_flow([str(tmp_path / "in")], str(tmp_path / "out"), neo4j=True)
    laender = run_query(driver, "region_collaborations", {"region_a": "Niedersachsen", "region_b": "Nordrhein-Westfalen"})
    assert _pick(laender, "org_a", "org_b") == [("Klinikum Braunschweig", "Ruhr-Universität Bochum")]
    kreise = run_query(driver, "region_collaborations", {"region_a": "Hildesheim", "region_b": "Braunschweig, Stadt"})
    assert _pick(kreise, "org_a", "place_a", "org_b", "place_b") == [
        ("Stadtwerke Hildesheim GmbH", "Hildesheim", "Klinikum Braunschweig", "Braunschweig, Stadt")]
