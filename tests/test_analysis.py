from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph_fixtures import two_regions
from hrgraph.analysis.centrality import centrality_table
from hrgraph.analysis.communities import collaboration_communities, community_membership
from hrgraph.analysis.ego import ego_network, find_nodes
from hrgraph.analysis.evidence import edge_evidence
from hrgraph.analysis.export import write_gexf
from hrgraph.analysis.paths import output_dir
from hrgraph.analysis.projection import collaboration_graph
from hrgraph.analysis.regions import bridge_organisations, region_matrix, unplaced_organisations
from hrgraph.analysis.timeline import collaboration_timeline
from hrgraph.graph import build_graph, load_graph


@pytest.fixture
def G():
    return two_regions()


@pytest.fixture
def C(G):
    return collaboration_graph(G)


def test_projection_keeps_organisations_and_merges_directions(C):
    assert sorted(C) == ["o1", "o2", "o3", "r1", "r2", "r3"]
    assert C.number_of_edges() == 7
    r23 = C.edges["r2", "r3"]
    assert r23["weight"] == 2 and r23["evidence_count"] == 2
    assert r23["relations"] == [("r2", "r3", "COLLABORATES_WITH"), ("r3", "r2", "COLLABORATES_WITH")]
    assert r23["dates"] == ["2023-02-01", "2023-06-15"]
    assert C.nodes["r1"] == {"name": "Ruhr Eins", "region": "Ruhr", "type": "ORG"}


def test_projection_with_co_mentions_as_weaker_ties(G):
    C = collaboration_graph(G, include_co_mentioned=True, co_mentioned_weight=0.5)
    assert "x1" in C and C.number_of_edges() == 9
    assert C.edges["r2", "o2"]["weight"] == 0.5
    assert C.edges["r2", "o2"]["types"] == ["CO_MENTIONED"]


def test_same_evidence_in_both_directions_counts_once():
    G = nx.MultiDiGraph()
    G.add_nodes_from("ab", type="ORG")
    ev = [{"doc": "d", "page": 1, "start": 0, "end": 5}]
    G.add_edge("a", "b", key="COLLABORATES_WITH", evidence=ev, evidence_count=1)
    G.add_edge("b", "a", key="COLLABORATES_WITH", evidence=ev, evidence_count=1)
    assert collaboration_graph(G).edges["a", "b"]["weight"] == 1


def test_centrality_ranks_the_bridge_first(C):
    table = centrality_table(C)
    assert list(table.index[:2]) == ["r1", "o1"]
    assert table.loc["r1", "partners"] == 3
    assert table.loc["r1", "betweenness"] == pytest.approx(0.6)  # 6 of 10 pairs of other orgs
    assert table.loc["r2", "evidence"] == 3


def test_bridge_organisations(C):
    bridges = bridge_organisations(C)
    assert list(bridges.index) == ["r1", "o1"]
    assert bridges.loc["r1", "partner_regions"] == ["OWL", "Ruhr"]
    assert bridges.loc["r1", "cross_region_partners"] == 1
    assert bridge_organisations(C, min_regions=3).empty


def test_two_communities(C):
    assert collaboration_communities(C) == [{"o1", "o2", "o3"}, {"r1", "r2", "r3"}]
    assert community_membership(collaboration_communities(C))["r2"] == 1


def test_region_matrix_counts(G, C):
    m = region_matrix(C)
    assert m.loc["Ruhr", "Ruhr"] == 3 and m.loc["OWL", "OWL"] == 3
    assert m.loc["Ruhr", "OWL"] == m.loc["OWL", "Ruhr"] == 1
    weak = collaboration_graph(G, include_co_mentioned=True)
    assert list(region_matrix(weak, weight="weight").index) == ["OWL", "Ruhr"]  # x1 has no region
    assert unplaced_organisations(weak) == ["x1"]
    weighted = region_matrix(weak, weight="weight", unknown="(unbekannt)")
    assert list(weighted.index) == ["(unbekannt)", "OWL", "Ruhr"]
    assert weighted.loc["Ruhr", "Ruhr"] == 4  # r2–r3 has two pieces of evidence
    assert weighted.loc["(unbekannt)", "Ruhr"] == 0.25
    assert weighted.loc["OWL", "Ruhr"] == 1 + 0.25


def test_ego_network(C):
    ego = ego_network(C, "r1")
    assert sorted(ego) == ["o1", "r1", "r2", "r3"]
    assert ego.edges["r2", "r3"]["weight"] == 2
    assert len(ego_network(C, "r1", radius=2)) == 6
    with pytest.raises(KeyError):
        ego_network(C, "nope")


def test_find_nodes(G):
    assert find_nodes(G, "ruhr eins") == ["r1"]
    assert find_nodes(G, "owl", type="ORG") == ["o1", "o2", "o3"]
    assert find_nodes(G, "schmidt") == ["p1"]


def test_timeline(C):
    years = collaboration_timeline(C)
    assert years.to_dict("list") == {"period": ["2023", "2024"], "collaborations": [3, 4]}
    months = collaboration_timeline(C, freq="month")
    assert months["period"].iloc[0] == "2023-02" and months["period"].iloc[-1] == "2024-03"
    assert months.set_index("period").loc["2023-06", "collaborations"] == 2
    assert months["collaborations"].sum() == 8
    assert collaboration_timeline(nx.Graph()).empty


def test_gexf_roundtrip_of_the_knowledge_graph(G, tmp_path):
    write_gexf(G, tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.nodes["x1"]["region"] == "" and H.nodes["r1"]["label"] == "Ruhr Eins"
    assert G.nodes["x1"]["region"] is None  # the input is left alone


def test_read_sample_output():
    G = load_graph(Path(__file__).parent / "data" / "sample_output")
    C = collaboration_graph(G)
    assert sum(1 for _n, t in G.nodes(data="type") if t == "ORG") == 13
    assert len(C) == 12 and len({r for _n, r in C.nodes(data="region")}) == 3
    assert G.nodes["doc:d04"]["date"] == "2024-09-15"


def test_output_dir_prefers_env_then_falls_back_to_the_sample(monkeypatch, tmp_path):
    monkeypatch.setenv("HRGRAPH_OUTDIR", str(tmp_path))
    assert output_dir() == tmp_path
    monkeypatch.delenv("HRGRAPH_OUTDIR")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").touch()
    assert output_dir() == tmp_path / "tests" / "data" / "sample_output"
    (tmp_path / "data" / "processed").mkdir(parents=True)
    (tmp_path / "data" / "processed" / "entities.jsonl").touch()
    assert output_dir() == tmp_path / "data" / "processed"


def test_edge_evidence_goes_back_to_sentences_and_documents(G):
    table = edge_evidence(G, "r2", "r3")
    assert list(table["source"]) == ["r2", "r3"]  # both directions, oldest document first
    assert list(table["document"]) == ["d1.txt", "d2.txt"]
    assert list(table["date"]) == ["2023-02-01", "2023-06-15"]
    assert table.loc[0, "sentence"] == "Ruhr Zwei arbeitet mit Ruhr Drei zusammen."
    assert edge_evidence(G, "r2", "o2", types=["COLLABORATES_WITH"]).empty
    assert pd.isna(edge_evidence(G, "r2", "o2").loc[0, "date"])


def test_region_matrix_and_bridges_at_the_kreis_level():
    C = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    nx.set_node_attributes(C, "Niedersachsen", "region")
    nx.set_node_attributes(C, {"a": "Göttingen", "b": "Göttingen", "c": "Northeim", "d": None}, "kreis")
    assert region_matrix(C).loc["Niedersachsen", "Niedersachsen"] == 3
    by_kreis = region_matrix(C, level="kreis")
    assert by_kreis.loc["Göttingen", "Göttingen"] == 1 and by_kreis.loc["Göttingen", "Northeim"] == 1
    assert unplaced_organisations(C, level="kreis") == ["d"]
    assert list(bridge_organisations(C, level="kreis").index) == ["b"]


def test_region_matrix_of_named_regions_from_the_graph_files():
    def org(eid, region, land):
        place = {"level": "region", "name": region, "named_region": region, "land": land} if region else None
        return {"id": eid, "type": "ORG", "name": eid, "region": land, "mentions": [{"doc": "d"}]} | (
            {"place": place} if place else {})

    rows = [org("a", "Metropole Ruhr", "Nordrhein-Westfalen"), org("b", "Metropole Ruhr", "Nordrhein-Westfalen"),
            org("c", "Ostwestfalen-Lippe", "Nordrhein-Westfalen"), org("d", None, None)]
    links = [{"type": "COLLABORATES_WITH", "source": u, "target": v, "evidence": [{"doc": "d", "sentence": u + v}]}
             for u, v in (("a", "b"), ("b", "c"), ("c", "d"))]
    C = collaboration_graph(build_graph([{"id": "d", "source": "d.txt"}], rows, links))
    by_region = region_matrix(C, level="region")
    assert by_region.loc["Metropole Ruhr", "Metropole Ruhr"] == 1 and by_region.loc["Metropole Ruhr", "Ostwestfalen-Lippe"] == 1
    assert unplaced_organisations(C, level="region") == ["d"]
    assert region_matrix(C).loc["Nordrhein-Westfalen", "Nordrhein-Westfalen"] == 2
