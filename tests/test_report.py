"""The run's report: counts, one line per problem, the summary line, exit codes."""

import signal
from pathlib import Path

import pytest

from summarizer.report import Report, Status, engine_stats


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
    assert lines == ["summarized a.md", "error: d.md: broken YAML front matter at line 3: x",
                     "error: e: cannot list folder: Permission denied"]
    assert r.summary() == "1 changed, 1 unchanged, 1 skipped, 1 failed, 1 invalid"
    assert r.exit_code == 123


def test_dry_run_and_quiet():
    r, lines = report(dry=True, quiet=True)
    r.done(Path("a.md"), Status.CHANGED)
    assert lines == [] and r.summary().startswith("1 would change, 0 unchanged")
    r, lines = report(dry=True)
    r.done(Path("a.md"), Status.CHANGED)
    assert lines == ["would summarize a.md"]


@pytest.mark.parametrize("statuses, strict, code", [
    ([], False, 0),
    ([Status.SKIPPED, Status.UNCHANGED], False, 0),
    ([Status.CHANGED, Status.SKIPPED], False, 1),
    ([Status.CHANGED, Status.INVALID], False, 1),
    ([Status.INVALID], False, 0),
    ([Status.CHANGED, Status.INVALID], True, 123),
    ([Status.CHANGED, Status.FAILED], False, 123),
])
def test_exit_codes(statuses, strict, code):
    r, _ = report(strict=strict)
    for s in statuses:
        r.done(Path("x.md"), s, "why")
    assert r.exit_code == code


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted(signum, code):
    r, _ = report()
    r.done(Path("a.md"), Status.CHANGED)
    r.stopped(signum)
    assert r.exit_code == code
    assert r.summary() == f"1 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid; interrupted by {signum.name}"


def test_seq2seq_fallbacks_in_summary():
    r, _ = report()
    assert r.summary({"fallbacks": 3, "generated": 40}).endswith(
        "0 invalid; seq2seq fell back to unedited sentences on 3 of 40 posts (7.5%)")
    assert r.summary({}) == r.summary({"generated": 0}) == r.summary(None)


class WithStats:
    def stats(self):
        return {"fallbacks": 1, "generated": 2}


class AttributesOnly:  # counts as attributes are not read by name: only stats() reports them
    fallbacks, generated = 2, 5


def test_engine_stats():
    assert engine_stats(WithStats()) == {"fallbacks": 1, "generated": 2}
    assert engine_stats(AttributesOnly()) == {}
    assert engine_stats(object()) == {} and engine_stats(None) == {}
