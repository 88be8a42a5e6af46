"""The ingestion flow on a pool of worker processes (Prefect's ProcessPoolTaskRunner) and on Dask (prefect-dask, a
local cluster of two worker processes) writes the same graph as the local run, byte for byte."""

from pathlib import Path

import pytest

from hrgraph.config import Settings
from hrgraph.flow import DOCUMENTS_PER_TASK, ingest_flow

PARTNERS = ("Beispiel Klinik GmbH", "Hochschule Bochum", "Muster Werke AG", "Ruhrdata Essen GmbH", "Weserbau Kiel AG")


def write_corpus(folder: Path, count: int) -> Path:
    """``count`` short press releases naming overlapping partners, so that resolution merges across documents."""
    folder.mkdir()
    for i in range(count):
        a, b = PARTNERS[i % len(PARTNERS)], PARTNERS[(i + 2) % len(PARTNERS)]
        (folder / f"press_{i:03d}.txt").write_text(
            f"{i % 28 + 1:02d}.03.2024\n\nKooperation vereinbart\n\nDie {a} arbeitet in Zusammenarbeit mit der {b} "
            f"an dem Projekt „Netzwerk {i}“. Dr. Anna Schmidt, Geschäftsführerin der {a}, begrüßte die Gäste "
            f"am {i % 28 + 1}. Mai.\n", encoding="utf-8")
    return folder


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
