"""The ingestion flow on a pool of worker processes (Prefect's ProcessPoolTaskRunner) and on Dask (prefect-dask, a
local cluster of two worker processes) writes the same graph as the local run, byte for byte."""

import pytest

from fixtures_docs import PARTNERS, write_corpus
from hrgraph.config import Settings
from hrgraph.flow import DOCUMENTS_PER_TASK, ingest_flow


@pytest.mark.timeout(300)
@pytest.mark.parametrize("runner", ["process", "dask"])
def test_parallel_runner_writes_the_same_graph_as_the_local_runner(tmp_path, runner):
    corpus = write_corpus(tmp_path / "raw", DOCUMENTS_PER_TASK + 6)  # two batches
    settings = Settings()
    local = ingest_flow([str(corpus)], str(tmp_path / "local"), settings=settings, runner="local")
    parallel = ingest_flow([str(corpus)], str(tmp_path / runner), settings=settings, runner=runner, workers=2)
    assert local["processed"] == parallel["processed"] == DOCUMENTS_PER_TASK + 6 and parallel["failures"] == 0
    assert parallel["entities"]["ORG"] >= len(PARTNERS)
    for name in ("entities.jsonl", "relations.jsonl", "documents.jsonl", "graph.graphml"):
        assert (tmp_path / runner / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_unknown_runner_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown runner"):
        ingest_flow([str(tmp_path)], str(tmp_path / "out"), runner="threads")
