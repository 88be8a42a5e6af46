"""Every notebook runs top to bottom headless, on the sample output, on the seed graph and (when ../shared is
there) on a run over ../shared/documents, and writes its pictures."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SHARED_DOCUMENTS = ROOT.parent / "shared" / "documents"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PICTURES = {
    "01_explore.ipynb": ["01_top_organisations.png", "01_collaboration_network.png", "01_timeline.png",
                         "01_network.html"],
    "02_cross_region.ipynb": ["02_region_matrix.png", "02_region_matrix_weighted.png", "02_ego_bridge.png",
                              "02_communities.png"],
    "03_evidence.ipynb": [],
}


def test_every_notebook_is_covered_and_committed_without_outputs():
    assert [nb.name for nb in NOTEBOOKS] == sorted(PICTURES)
    for path in NOTEBOOKS:
        book = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") and not cell.get("execution_count")
                   for cell in book.cells if cell.cell_type == "code"), f"{path.name} has outputs"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_sample_output(path, tmp_path, monkeypatch):
    monkeypatch.setenv("HRGRAPH_OUTDIR", str(ROOT / "tests" / "data" / "sample_output"))
    monkeypatch.setenv("HRGRAPH_FIGURES", str(tmp_path))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # raises on a failing cell
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(PICTURES[path.name])
    assert all((tmp_path / name).stat().st_size > 5000 for name in PICTURES[path.name])


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory):
    """The graph the pipeline builds from the seed corpus in data/raw."""
    from hrgraph.flow import ingest_flow

    out = tmp_path_factory.mktemp("seed_output")
    ingest_flow([str(ROOT / "data" / "raw")], str(out))
    return out


@pytest.fixture(scope="session")
def shared_output(request, tmp_path_factory):
    """One run over ../shared/documents for the session, in pytest's cache dir when there is one, so
    that the pipeline's own cache makes the next session's run cheap."""
    from hrgraph.flow import ingest_flow

    if not SHARED_DOCUMENTS.is_dir():
        pytest.skip(f"{SHARED_DOCUMENTS} is not there")
    cache = getattr(request.config, "cache", None)
    out = cache.mkdir("hrgraph-shared-documents-run") if cache else tmp_path_factory.mktemp("shared_output")
    ingest_flow([str(SHARED_DOCUMENTS)], str(out))
    return out


def _runs_and_draws(path, outdir, figures, monkeypatch):
    """Run the notebook on ``outdir``; it writes only its own pictures, all of them if it writes any."""
    monkeypatch.setenv("HRGRAPH_OUTDIR", str(outdir))
    monkeypatch.setenv("HRGRAPH_FIGURES", str(figures))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    written = {p.name for p in figures.iterdir()}
    assert written <= set(PICTURES[path.name]) and (written or not PICTURES[path.name])


@pytest.mark.timeout(180)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_seed_graph(path, seed_output, tmp_path, monkeypatch):
    _runs_and_draws(path, seed_output, tmp_path, monkeypatch)


@pytest.mark.timeout(900)  # the first call includes the run over ../shared/documents (minutes on a busy machine)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_on_the_shared_documents(path, shared_output, tmp_path, monkeypatch):
    _runs_and_draws(path, shared_output, tmp_path, monkeypatch)
