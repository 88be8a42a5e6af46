"""End to end: real Prefect flow runs over a corpus the test builds (text, HTML, a generated PDF, a broken PDF)."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hrgraph.cli import app
from hrgraph.config import Settings
from hrgraph.flow import ingest_flow
from hrgraph.graph import CONTRACT_FILES, load_graph

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def outputs(outdir: Path) -> dict[str, str]:
    return {name: (outdir / name).read_text(encoding="utf-8") for name in CONTRACT_FILES + ("failures.jsonl",)}


@pytest.fixture(scope="module")
def settings():
    return Settings()


def test_flow_builds_graph_with_provenance_and_reports_failures(corpus, tmp_path, settings):
    out = tmp_path / "out"
    summary = ingest_flow([str(corpus)], str(out), settings=settings)
    assert summary["documents"] == 4 and summary["failures"] == 1 and summary["processed"] == 4
    failures = read(out / "failures.jsonl")
    assert failures[0]["source"].endswith("broken.pdf") and failures[0]["reason"]
    documents = {Path(d["source"]).name: d for d in read(out / "documents.jsonl")}
    assert documents["vorlage.pdf"]["pages"] == 2 and documents["press.txt"]["date"] == "2024-09-15"
    entities = read(out / "entities.jsonl")
    by_name = {e["name"]: e for e in entities}
    klinik = by_name["Beispiel Klinik GmbH"]
    assert {Path(documents_by_id(documents)[m["doc"]]).name for m in klinik["mentions"]} == {"press.txt", "page.html", "vorlage.pdf"}
    page_two = [m for m in klinik["mentions"] if m["page"] == 2]
    assert page_two and all(m["sentence"] and m["produced_by"] for m in page_two)
    assert "2024-10-03" in {e.get("value") for e in entities if e["type"] == "DATE"}
    relations = read(out / "relations.jsonl")
    assert any(r["type"] == "AFFILIATED_WITH" for r in relations)
    assert all(r["evidence"] and r["evidence"][0]["sentence"] for r in relations)
    graph = load_graph(out)
    assert graph.nodes[klinik["id"]]["type"] == "ORG"
    assert (out / "graph.graphml").stat().st_size > 0


def documents_by_id(documents: dict) -> dict:
    return {d["id"]: d["source"] for d in documents.values()}


def test_rerun_skips_unchanged_and_reprocesses_changed(corpus, tmp_path, settings):
    out = tmp_path / "out"
    ingest_flow([str(corpus)], str(out), settings=settings)
    first = outputs(out)
    again = ingest_flow([str(corpus)], str(out), settings=settings)
    assert again["processed"] == 0 and outputs(out) == first
    (corpus / "press.txt").write_text((corpus / "press.txt").read_text(encoding="utf-8") + "\nNeu: die Gamma AG.\n", encoding="utf-8")
    changed = ingest_flow([str(corpus)], str(out), settings=settings)
    assert changed["processed"] == 1


def test_cli_info_and_ingest(corpus, tmp_path):
    runner = CliRunner()
    info = runner.invoke(app, ["info", "--json"])
    assert info.exit_code == 0
    data = json.loads(info.stdout)
    assert data["version"] and Path(data["ner_model"]).exists()
    result = runner.invoke(app, ["ingest", str(corpus / "press.txt"), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.stdout
    assert "documents: 1" in result.stdout


@pytest.mark.skipif(not (SHARED_EVAL / "seed_gold.json").exists(), reason="../shared/eval not present")
def test_seed_corpus_scores_with_the_reference_scorer(tmp_path, settings):
    import subprocess
    import sys

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    ingest_flow([str(raw)], str(tmp_path), settings=settings)
    run = subprocess.run([sys.executable, str(SHARED_EVAL / "score_graph.py"), str(SHARED_EVAL / "seed_gold.json"), str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "XDOC" in run.stdout


def test_a_changed_model_reprocesses_every_document(corpus, tmp_path):
    import spacy

    model = tmp_path / "model"
    blank = spacy.blank("de")
    blank.add_pipe("sentencizer")
    blank.meta["name"] = "blank_test"
    blank.to_disk(model)
    out = tmp_path / "out"
    settings = Settings(ner_model=str(model))
    ingest_flow([str(corpus)], str(out), settings=settings)
    assert ingest_flow([str(corpus)], str(out), settings=settings)["processed"] == 0
    blank.meta["version"] = "0.0.2"  # retrained: its meta.json changes
    blank.to_disk(model)
    assert ingest_flow([str(corpus)], str(out), settings=Settings(ner_model=str(model)))["processed"] == 4


def test_a_changed_module_or_resource_changes_the_pipeline_version(tmp_path, monkeypatch):
    """Between releases (a git checkout) a changed rule or word list reprocesses documents too."""
    from hrgraph import config

    (tmp_path / "resources").mkdir()
    words = tmp_path / "resources" / "words.yml"
    words.write_text("heads: [verband]\n", encoding="utf-8")
    monkeypatch.setattr(config, "PACKAGE_DIR", tmp_path)
    before = config.code_digest.__wrapped__()
    assert config.code_digest.__wrapped__() == before
    words.write_text("heads: [verband, vereinigung]\n", encoding="utf-8")
    assert config.code_digest.__wrapped__() != before
