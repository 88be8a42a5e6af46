"""hrgraph evaluate: the project's own scorer on a gold file and an output the test writes."""

import json

from typer.testing import CliRunner

from hrgraph.cli import app
from hrgraph.evaluate import score_run


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_scores_entities_dates_relations_and_merges(tmp_path):
    gold = {"documents": [
        {"doc": "a.txt", "ORG": [{"name": "Alpha GmbH", "aliases": ["Alpha"]}, {"name": "Beta AG", "aliases": []}],
         "PER": [{"name": "Kai Muster", "aliases": []}], "optional_ORG": ["Gamma"], "DATE": ["2024-01-02", "2023"],
         "collaborations": [["Alpha GmbH", "Beta AG"]], "affiliations": [["Kai Muster", "Alpha GmbH"]]},
        {"doc": "b.txt", "ORG": [{"name": "Alpha GmbH", "aliases": ["Alpha"]}], "DATE": []},
    ]}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    write_jsonl(out / "documents.jsonl", [{"id": "d1", "source": "raw/a.txt"}, {"id": "d2", "source": "raw/b.txt"}])
    write_jsonl(out / "entities.jsonl", [
        {"id": "o1", "type": "ORG", "name": "Alpha", "mentions": [{"doc": "d1"}, {"doc": "d2"}]},
        {"id": "o2", "type": "ORG", "name": "Gamma", "mentions": [{"doc": "d1"}]},          # optional: no penalty
        {"id": "o3", "type": "ORG", "name": "Delta KG", "mentions": [{"doc": "d1"}]},       # false
        {"id": "p1", "type": "PER", "name": "Kai Muster", "mentions": [{"doc": "d1"}]},
        {"id": "t1", "type": "DATE", "name": "2024-01-02", "value": "2024-01-02", "mentions": [{"doc": "d1"}]},
    ])
    write_jsonl(out / "relations.jsonl", [
        {"type": "AFFILIATED_WITH", "source": "p1", "target": "o1", "evidence": [{"doc": "d1"}]},
        {"type": "COLLABORATES_WITH", "source": "o1", "target": "o3", "evidence": [{"doc": "d1"}]},
    ])
    scores = score_run(tmp_path / "gold.json", out)
    assert (scores["ORG"]["tp"], scores["ORG"]["fp"], scores["ORG"]["fn"]) == (2, 1, 1)
    assert (scores["DATE"]["tp"], scores["DATE"]["fn"]) == (1, 1)
    assert scores["AFFIL"]["f1"] == 1.0
    assert (scores["COLLAB"]["tp"], scores["COLLAB"]["fp"], scores["COLLAB"]["fn"]) == (0, 1, 1)
    assert scores["XDOC"] == {"merged": 1, "of": 1, "false_merges": 0}

    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold.json"), str(out), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["AFFIL"]["f1"] == 1.0
