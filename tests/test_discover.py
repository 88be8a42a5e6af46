"""Discovery accounts for every input: documents, OParl records and the files they name."""

import json

from hrgraph.sources import discover


def test_every_input_is_a_document_or_accounted_for(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "oparl").mkdir(parents=True)
    (inputs / "note.txt").write_text("Die Alpha GmbH tagt.", encoding="utf-8")
    (inputs / "oparl" / "anlage.txt").write_text("Anlage zur Drucksache.", encoding="utf-8")
    paper = {"id": "https://rat.example/paper/1", "type": "https://schema.oparl.org/1.1/Paper", "reference": "DS 1/2024",
             "mainFile": {"id": "https://rat.example/file/1", "type": "https://schema.oparl.org/1.1/File", "accessUrl": "anlage.txt"},
             "auxiliaryFile": [{"id": "https://rat.example/file/2", "type": "https://schema.oparl.org/1.1/File",
                                "accessUrl": "https://rat.example/file/2/download.pdf"}]}
    (inputs / "oparl" / "paper.json").write_text(json.dumps(paper), encoding="utf-8")

    found = discover([inputs], tmp_path / "cache")

    sources = sorted(d.source for d in found.documents)
    assert len({d.id for d in found.documents}) == len(found.documents) == 2
    assert any(s.endswith("note.txt") for s in sources)
    assert "anlage.txt" in sources  # the OParl file, named by its accessUrl, with paper metadata
    assert next(d for d in found.documents if d.source == "anlage.txt").metadata["reference"] == "DS 1/2024"
    statuses = {r.doc.source.rsplit("/", 1)[-1]: (r.status, r.reason) for r in found.accounted}
    assert statuses["paper.json"][0] == "skipped"
    assert statuses["download.pdf"][0] == "skipped" and "not downloaded" in statuses["download.pdf"][1]
    not_downloaded = next(r for r in found.accounted if r.doc.source.endswith("download.pdf"))
    assert not_downloaded.doc.metadata["reference"] == "DS 1/2024" and not_downloaded.doc.metadata["oparl_type"] == "Paper"
