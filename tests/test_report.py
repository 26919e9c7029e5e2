"""The run's report: counts, one line per problem, the summary line, exit codes."""

import signal
from pathlib import Path

import pytest

from summarizer.app.report import Report, Status, WriteBack


def report(**kw) -> tuple[Report, list[str]]:
    lines: list[str] = []
    return Report(echo=lines.append, **kw), lines


def test_lines_counts_and_summary():
    r, lines = report()
    r.done(Path("a.md"), Status.CHANGED)
    r.done(Path("b.md"), "unchanged")
    r.done(Path("c.md"), Status.SKIPPED, "already has excerpt and feature_text")
    r.done(Path("d.md"), Status.INVALID, "broken YAML front matter at line 3: x")
    r.failed(Path("e"), "cannot list folder: Permission denied")
    assert lines == [
        "summarized a.md",
        "error: d.md: broken YAML front matter at line 3: x",
        "error: e: cannot list folder: Permission denied",
    ]
    assert r.summary() == "1 changed, 1 unchanged, 1 skipped, 1 failed, 1 invalid"
    assert r.exit_code == 123


def test_dry_run_and_quiet():
    r, lines = report(write_back=WriteBack.CHECK, quiet=True)
    r.done(Path("a.md"), Status.CHANGED)
    assert lines == [] and r.summary().startswith("1 would change, 0 unchanged")
    r, lines = report(write_back=WriteBack.DIFF)
    r.done(Path("a.md"), Status.CHANGED)
    assert lines == ["would summarize a.md"]


@pytest.mark.parametrize(
    "statuses, strict, dry, code",
    [  # black's: 1 only when --check/--diff would change
        ([], False, False, 0),
        ([Status.SKIPPED, Status.UNCHANGED], False, False, 0),
        ([Status.CHANGED, Status.SKIPPED], False, False, 0),
        ([Status.CHANGED, Status.SKIPPED], False, True, 1),
        ([Status.CHANGED, Status.INVALID], False, False, 0),
        ([Status.CHANGED, Status.INVALID], False, True, 1),
        ([Status.INVALID], False, False, 0),
        ([Status.CHANGED, Status.INVALID], True, False, 123),
        ([Status.CHANGED, Status.FAILED], False, False, 123),
        ([Status.CHANGED, Status.FAILED], False, True, 123),
    ],
)
def test_exit_codes(statuses, strict, dry, code):
    r, _ = report(strict=strict, write_back=WriteBack.CHECK if dry else WriteBack.YES)
    for s in statuses:
        r.done(Path("x.md"), s, "why")
    assert r.exit_code == code


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_interrupted(signum, code):
    r, _ = report()
    r.done(Path("a.md"), Status.CHANGED)
    r.stopped(signum)
    assert r.exit_code == code
    assert r.summary() == f"1 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid; interrupted by {signum.name}"


def test_the_engine_line_ends_the_summary():
    r, _ = report()
    assert r.summary("condense fell back to unedited sentences on 3 of 40 posts (7.5%)").endswith(
        "0 invalid; condense fell back to unedited sentences on 3 of 40 posts (7.5%)"
    )
    assert r.summary("") == r.summary() == "0 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid"


def test_the_engine_says_its_own_line():
    from summarizer.engines import LazyEngine
    from summarizer.engines.base import EngineStats
    from summarizer.engines.condense import CondenseEngine
    from summarizer.engines.lead import LeadEngine

    assert LeadEngine().stats_line() == "" and LazyEngine("lead").stats_line() == ""  # never made: nothing
    engine = CondenseEngine.__new__(CondenseEngine)  # the counters alone, no model
    engine.stats = EngineStats(summarized=40, fallbacks=3, statements=0)
    assert engine.stats_line() == (
        "condense: 3 of 40 excerpts (7.5%) are the article's sentences unedited, the fallback when an edit fails a "
        "check (-v names the posts)"
    )
    engine.stats = EngineStats(summarized=40, fallbacks=3, statements=5, purposes=2)
    assert engine.stats_line().endswith("(-v names the posts); 5 topic statements (2 of them the post's own, restated)")
    engine.stats = EngineStats(summarized=40, fallbacks=0, statements=0)
    assert engine.stats_line() == "condense: no fallback in 40 posts"
    engine.stats = EngineStats(fallbacks=0, statements=0)
    assert engine.stats_line() == ""


def test_feature_text_filled_from_the_excerpt_is_not_called_a_summary():
    r, lines = report(write_back=WriteBack.DIFF)
    r.done(Path("a.md"), Status.CHANGED, filled="feature_text")
    r, real = report()
    r.done(Path("a.md"), Status.CHANGED, filled="feature_text")
    assert lines == ["would fill feature_text of a.md"] and real == ["filled feature_text of a.md"]


def test_warnings_and_stale_temp_files():
    r, lines = report(quiet=True)
    r.done(Path("l.md"), Status.SKIPPED, "symbolic link to /x.md, outside the PATHs given; left alone", warning=True)
    r.stale(Path(".summarizer-0123abcd.tmp"), False)
    r.stale(Path(".summarizer-0123abcd.tmp"), False, "Permission denied")
    assert lines == [
        "warning: l.md: symbolic link to /x.md, outside the PATHs given; left alone",
        "warning: .summarizer-0123abcd.tmp: a temp file left by an interrupted run; --clean removes it",
        "warning: .summarizer-0123abcd.tmp: a temp file left by an interrupted run; cannot remove it: "
        "Permission denied",
    ]
    assert r.summary().startswith("0 changed, 0 unchanged, 1 skipped") and r.exit_code == 0
    r, lines = report()
    r.stale(Path("t"), True)
    r.stale(Path("t"), None)
    assert lines == [
        "removed t (a temp file left by an interrupted run)",
        "would remove t (a temp file left by an interrupted run)",
    ]


class Broken:
    def __init__(self, exc):
        self.exc = exc

    def write(self, text):
        raise self.exc

    def flush(self):
        raise self.exc

    def fileno(self):
        raise OSError(9, "Bad file descriptor")


@pytest.mark.parametrize(
    "exc",
    [
        BrokenPipeError(32, "Broken pipe"),
        OSError(28, "No space left on device"),
        ValueError("I/O operation on closed file"),
    ],
)
def test_emit_to_a_broken_stream_is_quiet(monkeypatch, exc):
    import sys

    from summarizer.app.report import emit

    monkeypatch.setattr(sys, "stderr", Broken(exc))
    monkeypatch.setattr(sys, "stdout", None)
    emit("line\n")
    emit("diff\n", err=False)
    report = Report()
    report.done(Path("a.md"), Status.FAILED, "why")  # the default echo goes to the broken stderr
    assert report.counts[Status.FAILED] == 1 and report.exit_code == 123  # counted all the same


def test_a_broken_pipe_is_pointed_at_dev_null(monkeypatch):
    """`| head` that has exited: the first failed write points the descriptor at /dev/null, so that later
    writes and the interpreter's flush at exit cannot fail."""
    import os
    import sys

    from summarizer.app.report import emit

    read, write = os.pipe()
    os.close(read)
    stream = os.fdopen(write, "w")
    monkeypatch.setattr(sys, "stdout", stream)
    try:
        emit("+excerpt: 요약\n", err=False)
        assert os.path.samestat(os.fstat(write), os.stat(os.devnull))
        emit("more\n", err=False)  # now a write to /dev/null
    finally:
        stream.close()


def test_emit_to_a_stream_that_cannot_encode_hangul_escapes_it(monkeypatch):
    import io
    import sys

    from summarizer.app.report import emit

    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    emit("+excerpt: 요약\n", err=False)
    assert raw.getvalue() == b"+excerpt: \\uc694\\uc57d\n"
