"""Where notebooks and reports read a run's output and write their pictures."""

from __future__ import annotations

import os
from pathlib import Path

SAMPLE_OUTPUT = Path("tests") / "data" / "sample_output"


def project_root() -> Path:
    """The nearest folder at or above the working directory that holds ``pyproject.toml``."""
    cwd = Path.cwd().resolve()
    return next((p for p in (cwd, *cwd.parents) if (p / "pyproject.toml").exists()), cwd)


def output_dir() -> Path:
    """Output directory to analyse: ``HRGRAPH_OUTDIR``, else ``data/processed`` if it holds a run,
    else the small sample output in ``tests/data/sample_output``.

    Relative paths are taken from the project root, so notebooks work from any folder of the repo.
    """
    root = project_root()
    if os.environ.get("HRGRAPH_OUTDIR"):
        return root / os.environ["HRGRAPH_OUTDIR"]
    processed = root / "data" / "processed"
    return processed if (processed / "entities.jsonl").exists() else root / SAMPLE_OUTPUT


def figures_dir() -> Path:
    """Folder for static pictures: ``HRGRAPH_FIGURES``, default ``data/processed/figures``; created (where the
    link ``figures`` of an output folder points: into the current run's set)."""
    path = (project_root() / os.environ.get("HRGRAPH_FIGURES", "data/processed/figures")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
