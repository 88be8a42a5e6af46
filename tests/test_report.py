import re
import shutil
from pathlib import Path

import pytest

from hrgraph.report import write_report

SAMPLE = Path(__file__).parent / "data" / "sample_output"


@pytest.fixture
def run(tmp_path):
    shutil.copytree(SAMPLE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def external_references(page):
    """src/href attributes outside HTML comments that point anywhere but into the page itself."""
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    return [ref for ref in re.findall(r'(?:src|href)="([^"]*)"', page) if not ref.startswith(("data:", "#"))]


def test_report_is_self_contained_html(run):
    path = write_report(run)
    assert path == run / "report.html"
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert external_references(page) == []
    assert page.count('src="data:image/png;base64,') == 5
    for text in ["Ruhr-Universität Bochum", "Ostwestfalen-Lippe", "Brücken zwischen Regionen", "needs_ocr",
                 "COLLABORATES_WITH"]:
        assert text in page


def test_report_with_interactive_network_stays_offline(run):
    page = write_report(run, interactive=True).read_text(encoding="utf-8")
    assert "<iframe srcdoc=" in page and "vis-network" in page
    assert external_references(page) == []


def test_report_of_a_run_without_collaborations(tmp_path):
    (tmp_path / "documents.jsonl").write_text('{"id": "d1", "source": "a.txt", "status": "failed", "date": null}\n')
    page = write_report(tmp_path).read_text(encoding="utf-8")
    assert "Keine Kooperationen gefunden" in page and "failed" in page


def test_report_of_a_folder_without_a_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="holds no run"):
        write_report(tmp_path)


def test_cli_report(run):
    from typer.testing import CliRunner

    from hrgraph.cli import app

    result = CliRunner().invoke(app, ["report", str(run)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(run / "report.html") and (run / "report.html").exists()
    assert CliRunner().invoke(app, ["report", str(run / "nothing")]).exit_code == 2


def test_report_tables_name_organisations_not_ids(run):
    """Analysts read names: no internal node id (org:…) appears in a table cell of the report."""
    page = write_report(run).read_text(encoding="utf-8")
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", page, flags=re.S)
    assert "MedEcon Ruhr e.V." in cells
    assert [cell for cell in cells if re.match(r"\s*org:", cell)] == []
