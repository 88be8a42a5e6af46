"""hrgraph evaluate: the project's own scorer on a gold file and an output the test writes."""

import json

from typer.testing import CliRunner

from hrgraph.cli import app
from hrgraph.evaluate import score_run, score_runs


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


def write_run(tmp_path):
    """A run over three documents and two gold files: one for a.txt and b.txt, one for c.txt."""
    out = tmp_path / "out"
    out.mkdir()
    write_jsonl(out / "documents.jsonl", [{"id": f"d{i}", "source": f"raw/{n}.txt"} for i, n in enumerate("abc")])
    write_jsonl(out / "entities.jsonl", [
        {"id": "o1", "type": "ORG", "name": "Nordwerk AG", "mentions": [{"doc": "d0"}]},
        {"id": "o2", "type": "ORG", "name": "Falsch GmbH", "mentions": [{"doc": "d1"}]},
        {"id": "o3", "type": "ORG", "name": "Südwerk KG", "mentions": [{"doc": "d2"}]},
        {"id": "t1", "type": "DATE", "name": "2025-03", "value": "2025-03", "mentions": [{"doc": "d2"}]},
    ])
    write_jsonl(out / "relations.jsonl", [])
    first = {"documents": [{"doc": "a.txt", "ORG": [{"name": "Nordwerk AG"}]},
                           {"doc": "b.txt", "ORG": [{"name": "Ostbau GmbH"}]}]}
    second = {"documents": [{"doc": "c.txt", "ORG": [{"name": "Südwerk KG"}], "DATE": ["2025-03", "2025-04"]}]}
    (tmp_path / "first.json").write_text(json.dumps(first), encoding="utf-8")
    (tmp_path / "second.json").write_text(json.dumps(second), encoding="utf-8")
    return tmp_path / "first.json", tmp_path / "second.json", out


def test_several_gold_files_give_one_score_each_and_their_micro_average(tmp_path):
    first, second, out = write_run(tmp_path)
    per_file, average = score_runs([first, second], out)
    assert (per_file[str(first)]["ORG"]["tp"], per_file[str(first)]["ORG"]["fp"], per_file[str(first)]["ORG"]["fn"]) == (1, 1, 1)
    assert per_file[str(second)]["ORG"]["f1"] == 1.0
    assert {k: average["ORG"][k] for k in ("tp", "fp", "fn", "p", "r")} == {"tp": 2, "fp": 1, "fn": 1, "p": 0.667, "r": 0.667}
    assert (average["DATE"]["tp"], average["DATE"]["fn"]) == (1, 1)
    assert average["XDOC"] == {"merged": 0, "of": 0, "false_merges": 0}


def test_cli_takes_several_gold_files_and_still_one(tmp_path):
    first, second, out = write_run(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", str(first), str(second), str(out), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores["files"]) == {str(first), str(second)} and scores["micro"]["ORG"]["tp"] == 2
    table = CliRunner().invoke(app, ["evaluate", str(first), str(second), str(out)])
    assert table.exit_code == 0 and "micro average over 2 gold files" in table.stdout
    assert "first.json" in table.stdout and "second.json" in table.stdout and "b.txt: Ostbau GmbH" in table.stdout
    single = CliRunner().invoke(app, ["evaluate", str(second), str(out), "--json"])
    assert single.exit_code == 0 and json.loads(single.stdout)["ORG"]["f1"] == 1.0


def test_cli_names_a_bad_gold_file(tmp_path):
    _, second, out = write_run(tmp_path)
    broken = tmp_path / "kaputt.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(second), str(broken), str(out)])
    assert result.exit_code != 0 and "kaputt.json" in result.output and "not a gold file" in result.output
    assert CliRunner().invoke(app, ["evaluate", str(out)]).exit_code != 0
