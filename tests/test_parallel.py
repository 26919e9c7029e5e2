"""--jobs: several processes write exactly what one process writes, report in the same order, and stop cleanly."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.app import parallel
from summarizer.cli import app
from summarizer.posts import lockfile, postfile
from summarizer.posts.corpus import strip_copy

from .conftest import EXAMPLES, GOLDEN

runner = CliRunner()
GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")
ENGINES = ["lead", "extractive", "select", "condense", "peer"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(folder: Path, *args: str):
    return runner.invoke(app, ["run", str(folder), "--force", *args])


@pytest.fixture
def small_chunks(monkeypatch):
    """Parallel from the first post, in chunks of 8: the workers share even a small batch."""
    monkeypatch.setattr(parallel, "MIN_POSTS", 1)
    monkeypatch.setattr(parallel, "BATCH", 8)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_jobs_2_writes_what_jobs_1_writes(tmp_path, corpus_posts, small_chunks, engine):
    """On the examples and 200 corpus posts (summaries removed): the same bytes in every file, the same report
    lines in the same order, the same summary line."""
    if engine == "peer":
        pytest.importorskip("sumy")
    source = tmp_path / "source"
    shutil.copytree(EXAMPLES, source / "examples")
    strip_copy(corpus_posts, source / "corpus", limit=200)
    results = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        shutil.copytree(source, folder)
        result = run(folder, "--engine", engine, "--jobs", jobs)
        assert result.exit_code == 0, result.stderr
        lines = [line.replace(str(folder), "F") for line in result.stderr.splitlines()]
        results[jobs] = (snapshot(folder), lines)
    assert results["1"][0] == results["2"][0]
    assert results["1"][1] == results["2"][1] and "changed" in results["1"][1][-1]


def test_a_few_posts_stay_in_one_process(tmp_path, monkeypatch):
    """The pre-commit hook's batch: no worker is started (a worker costs more than it saves)."""
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(parallel, "run", lambda *a, **k: pytest.fail("a worker pool for one post"))
    result = run(tmp_path, "--engine", "lead", "--jobs", "4")
    assert result.exit_code == 0 and postfile.read(tmp_path / "a.md").has("excerpt")


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_jobs_must_be_a_whole_number_of_at_least_one(tmp_path, value):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path), "--jobs", value])
    assert result.exit_code == 2 and "--jobs" in result.stderr
    assert not postfile.read(tmp_path / "a.md").has("excerpt")


def test_jobs_in_the_config_file_is_checked(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "summarizer.toml").write_text("jobs = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path)])
    assert result.exit_code == 2 and "jobs" in result.stderr and "from 1 to 256" in result.stderr


def test_default_jobs_is_the_cores_this_process_may_use():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= parallel.default_jobs() <= cores


def _posts(tmp_path: Path, repo: bool = True) -> Path:
    """400 small posts in tmp_path/_posts (tmp_path a repository's root unless `repo` is False: the lock file's
    place), enough for a --jobs 2 run to be stopped mid-way."""
    folder = tmp_path / "_posts"
    folder.mkdir()
    if repo:
        (tmp_path / ".git").mkdir()
    for n in range(400):
        (folder / f"2024-01-01-p{n:03d}.md").write_text(GOOD.replace("동네", f"동네 {n}번"), encoding="utf-8")
    return folder


def _writing(proc: subprocess.Popen) -> list[str]:
    """The run's stderr lines up to its 70th "summarized": the first chunk reported, the workers writing."""
    seen, lines = 0, []
    while seen < 70:
        line = proc.stderr.readline()
        assert line, "the run ended before it was stopped"
        lines.append(line)
        seen += line.startswith("summarized")
    return lines


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_parallel_run_stops_cleanly(tmp_path):
    """SIGTERM while two workers write: every worker stops before its next write, the posts written are
    reported and counted, no temp file is left, the summary line is printed, exit 143."""
    folder = _posts(tmp_path, repo=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "run", str(folder), "--engine", "lead", "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    _writing(proc)
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read()
    code = proc.wait(timeout=120)
    assert code == 143, rest
    summary = rest.splitlines()[-1]
    match = re.match(r"(\d+) changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid; .*interrupted by SIGTERM$", summary)
    assert match, summary
    written = [p for p in folder.iterdir() if postfile.read(p).has("excerpt")]
    assert int(match[1]) == len(written) < 400  # every post written is counted, and the run stopped early
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    time.sleep(0.5)
    assert len([p for p in folder.iterdir() if postfile.read(p).has("excerpt")]) == len(written)  # no worker goes on


def _recorded(folder: Path) -> dict:
    """The lock file's records, each checked against the post (a record is only of a post written)."""
    records = json.loads((folder / ".summarizer.lock").read_text(encoding="utf-8"))["posts"]
    for name, fields in records.items():
        assert fields == {"excerpt": lockfile.digest(postfile.read(folder / name).meta["excerpt"])}
    return records


def _tagged(tag: str) -> list[int]:
    """The processes whose environment holds SUMMARIZER_TEST_TAG=`tag` (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"SUMMARIZER_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the workers through /proc")
def test_kill_9_of_the_main_process_stops_the_workers_and_keeps_the_records(tmp_path):
    """kill -9 of the main process of a --jobs 2 run: the workers stop before their next write (a forkserver
    worker's parent is the server, which outlives the main process: the main process's sentinel tells) and end;
    what was reported before the kill is in the lock file, saved as the run goes, not only at its end."""
    folder = _posts(tmp_path)
    tag = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "run", str(folder), "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SUMMARIZER_TEST_TAG": tag},
    )

    def written() -> int:
        return sum(b"\nexcerpt:" in p.read_bytes() for p in folder.iterdir() if p.suffix == ".md")

    try:
        _writing(proc)  # (and recorded)
        proc.kill()
        proc.wait(timeout=30)
        at_kill = written()
        time.sleep(3)
        assert written() <= at_kill + 2 < 400  # each worker may finish the post it was writing; none goes on
        assert len(_recorded(tmp_path)) >= 64
        deadline = time.monotonic() + 10
        while _tagged(tag) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _tagged(tag)  # the workers (and the forkserver) end
    finally:
        for pid in _tagged(tag):
            os.kill(pid, signal.SIGKILL)


def _group(pgid: int) -> list[int]:
    """The live processes of process group `pgid` (Linux /proc; a zombie waiting for init to reap it is gone)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit():
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid and fields[0] != "Z":
                    pids.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the group's processes through /proc")
@pytest.mark.parametrize(("signame", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_to_the_whole_process_group_stops_a_parallel_run_cleanly(tmp_path, signame, code):
    """SIGTERM or SIGHUP to the whole process group of a --jobs 2 run (closing its terminal: SIGHUP to the
    foreground group) stops it as one to the main process does: the forkserver and the resource tracker are
    in the group too and must outlive it (a dead server broke the pool: a traceback, exit 123, written posts
    not recorded; a tracker dead of SIGHUP was relaunched: KeyError tracebacks). Exit 128 + the signal, the
    summary line, every post written recorded, no temp file, and every process of the group ends."""
    signum = getattr(signal, signame)
    folder = _posts(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "run", str(folder), "--engine", "lead", "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        lines = _writing(proc)
        os.killpg(proc.pid, signum)
        rest = proc.stderr.read()
        said = "\n".join(line for line in rest.splitlines() if not line.startswith("summarized"))
        assert proc.wait(timeout=60) == code, said
        assert "Traceback" not in "".join(lines) + rest, said
        assert re.search(rf"; interrupted by {signame}$", said), said
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        written = {f"_posts/{p.name}" for p in folder.iterdir() if postfile.read(p).has("excerpt")}
        assert 64 <= len(written) < 400  # stopped early, after the first chunk
        assert set(_recorded(tmp_path)) == written  # every post written is recorded
        deadline = time.monotonic() + 10
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group(proc.pid)  # the workers, the forkserver and the resource tracker end
    finally:
        for pid in _group(proc.pid):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_one_process_saves_the_lock_file_as_it_goes(tmp_path):
    """Without --jobs too, a run killed with kill -9 after 70 posts has recorded the first 64 (a batch)."""
    folder = tmp_path / "_posts"
    folder.mkdir()
    (tmp_path / ".git").mkdir()
    for n in range(100):
        (folder / f"p{n:03d}.md").write_text(GOOD.replace("동네", f"동네 {n}번"), encoding="utf-8")
    hook = tmp_path / "hook"
    hook.mkdir()
    pause = Path(__file__).with_name("pause_run.py")
    proc = subprocess.Popen(
        [sys.executable, str(pause), str(hook), "run", str(folder), "--engine", "lead", "--jobs", "1"],
        stderr=subprocess.DEVNULL,
    )
    seen, deadline = set(), time.monotonic() + 240
    while len(seen) <= 70 and proc.poll() is None and time.monotonic() < deadline:
        ready, go = hook / "ready", hook / "go"
        try:
            path = ready.read_text(encoding="utf-8") if not go.exists() else None
        except FileNotFoundError:
            path = None
        if path is not None and path not in seen:
            seen.add(path)
            if len(seen) <= 70:  # the 71st write stays paused
                go.touch()
        time.sleep(0.005)
    proc.kill()
    proc.wait(timeout=30)
    assert len(seen) == 71
    assert len(_recorded(tmp_path)) == 64


def test_a_workers_counts_are_summed_whole():
    """Every count of EngineStats survives the sums of a --jobs run (the CLI's sum of the workers' chunks dropped
    the posts given the lead's sentences or the untrained engine's excerpt, as the worker's delta once did)."""
    from summarizer.cli.run_helpers import _add
    from summarizer.engines.base import EngineStats

    chunk = EngineStats(summarized=64, fallbacks=0, statements=3, purposes=1, leads=10, untrained=2)
    totals: dict = {}
    _add(totals, ("condense",), chunk)
    _add(totals, ("condense",), chunk)
    assert totals[("condense",)] == EngineStats(128, 0, 6, 2, 20, 4)
    assert chunk - EngineStats() == chunk and EngineStats() + EngineStats() == EngineStats()  # None stays None
