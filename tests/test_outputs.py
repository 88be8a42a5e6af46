"""The output folder: one run at a time, the old or the new complete set after a kill at any point, an empty input
keeps an earlier run, no process of a killed run lives on. The kill and concurrency tests run the real CLI."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures_docs import write_corpus
from hrgraph.flow import ingest_flow
from hrgraph.outputs import (CURRENT, LINKED_NAMES, RUN_FILES, EmptyInput, OutputBusy, OutputRun, run_folder, sha256,
                             verify)

CLI = [sys.executable, "-c", "from hrgraph.cli import app; app()"]


def fake_run(out: Path, text: str) -> str:
    """Publish a set whose files all hold ``text``; returns its run id."""
    with OutputRun(out, {"paths": []}) as run:
        for name in RUN_FILES[:-1]:
            (run.staging / name).write_text(text, encoding="utf-8")
        return run.publish({})["run_id"]


def assert_one_complete_set(out: Path) -> dict:
    """The manifest of ``out`` after checking that every top-level name is the file of that one run."""
    manifest = verify(out)
    for name, digest in manifest["files"].items():
        assert sha256(out / name) == digest, f"{name} is not of run {manifest['run_id']}"
    assert not list(out.glob(".staging-*"))
    return manifest


def test_publish_swaps_the_whole_set_and_keeps_it_when_a_run_ends_unpublished(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = Path("out")  # relative, as the default data/processed
    first = fake_run(out, "eins\n")
    assert (out / "entities.jsonl").read_text() == "eins\n" and (out / "entities.jsonl").is_symlink()
    with OutputRun(out, {"paths": []}) as run:  # a run that fails before publishing
        (run.staging / "entities.jsonl").write_text("halb", encoding="utf-8")
    assert assert_one_complete_set(out)["run_id"] == first
    second = fake_run(out, "zwei\n")
    assert assert_one_complete_set(out)["run_id"] == second
    fake_run(out, "drei\n")
    assert len(list((out / "runs").iterdir())) == 2  # the current set and the one before it, for readers in flight


def test_report_and_figures_of_an_earlier_run_go_with_it(tmp_path):
    out = tmp_path / "out"
    fake_run(out, "eins\n")
    (run_folder(out) / "report.html").write_text("<p>alt</p>", encoding="utf-8")
    (out / "figures").resolve().mkdir()
    assert (out / "report.html").read_text() == "<p>alt</p>" and (out / "figures").is_dir()
    fake_run(out, "zwei\n")
    assert not (out / "report.html").exists() and not (out / "figures").exists()


def test_files_of_an_older_version_become_a_set_before_they_are_replaced(tmp_path):
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    for name in ("documents.jsonl", "entities.jsonl", "relations.jsonl", "report.html"):
        (out / name).write_text("alt\n", encoding="utf-8")
    fake_run(out, "neu\n")
    assert_one_complete_set(out)
    assert all((out / name).is_symlink() for name in LINKED_NAMES)
    assert (out / "entities.jsonl").read_text() == "neu\n" and not (out / "report.html").exists()


def test_a_second_run_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with OutputRun(out, {"paths": []}) as run:
        with pytest.raises(OutputBusy, match=f"in use by run {run.run_id}"):
            OutputRun(out, {"paths": []}).__enter__()


def test_empty_input_keeps_an_earlier_run_unless_allowed(tmp_path):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    earlier = fake_run(out, "{}\n")
    with pytest.raises(EmptyInput, match="--allow-empty"):
        ingest_flow([str(empty)], str(out))
    assert assert_one_complete_set(out)["run_id"] == earlier
    summary = ingest_flow([str(empty)], str(out), allow_empty=True)
    assert assert_one_complete_set(out)["run_id"] == summary["run_id"] != earlier
    assert (out / "entities.jsonl").read_text() == ""


def start_cli(corpus: Path, out: Path, *options: str) -> subprocess.Popen:
    """The CLI in a process group of its own, so that every process it starts can be found by the group."""
    env = os.environ | {"PREFECT_LOGGING_LEVEL": "WARNING"}
    return subprocess.Popen([*CLI, "ingest", str(corpus), "--out", str(out), "--workers", "1", *options], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def living_in_group(group: int) -> list[str]:
    """Command lines of the processes of a process group that still run (zombies left out)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append((stat.parent / "cmdline").read_text().replace("\0", " "))
        except (OSError, IndexError):
            continue
    return alive


def wait_until_group_ends(group: int, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while (alive := living_in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


@pytest.mark.slow
def test_killed_runs_leave_the_old_or_the_new_set_and_no_process(tmp_path):
    corpus, out = write_corpus(tmp_path / "raw", 24), tmp_path / "out"
    started = time.monotonic()
    first = start_cli(corpus, out)
    assert first.wait() == 0, first.stderr.read()
    duration = time.monotonic() - started
    published = {assert_one_complete_set(out)["run_id"]}
    randomness = random.Random(17)
    for attempt in range(int(os.environ.get("HRGRAPH_KILL_TRIES", "5"))):  # 20 by hand: see the README
        run, delay = start_cli(corpus, out, "--force"), randomness.uniform(0.2, 1.1) * duration
        try:
            run.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGKILL)
            run.wait()
        else:
            assert run.returncode == 0, run.stderr.read()
        killed_at = time.monotonic()
        assert wait_until_group_ends(run.pid) == []
        manifest = verify(out)
        print(f"try {attempt + 1}: after {delay:.1f}s of {duration:.1f}s {'killed' if run.returncode < 0 else 'done'}; "
              f"group gone after {time.monotonic() - killed_at:.1f}s; published set: "
              f"{'old' if manifest['run_id'] in published else 'new'} {manifest['run_id']}")
        assert manifest["run_id"] in published or manifest["counts"]["documents"] == 24
        published.add(manifest["run_id"])
        for name, digest in manifest["files"].items():
            assert sha256(out / name) == digest
    final = start_cli(corpus, out)  # the next run clears what the killed ones left
    assert final.wait() == 0, final.stderr.read()
    assert_one_complete_set(out)
    assert not list(out.glob(".*.tmp")) and not list(out.glob("cache/.*.tmp"))


@pytest.mark.slow
def test_two_runs_into_one_folder_one_refused_one_complete_set(tmp_path):
    corpus, out = write_corpus(tmp_path / "raw", 6), tmp_path / "out"
    runs = [start_cli(corpus, out) for _ in range(2)]
    codes = sorted(run.wait() for run in runs)
    assert codes == [0, 3], [run.stderr.read() for run in runs]
    refused = next(run for run in runs if run.returncode == 3)
    assert "in use by run" in refused.stderr.read()
    assert json.loads((out / "manifest.json").read_text())["counts"]["documents"] == 6
    assert_one_complete_set(out)
    assert (out / CURRENT).is_symlink()
