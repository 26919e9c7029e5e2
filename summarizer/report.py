"""The run's report, black-style: counts per status, one stderr line per problem, the summary line, the
exit code."""

from __future__ import annotations

import signal
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import click

EXIT_NOTHING, EXIT_CHANGED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 123


class Status(str, Enum):
    CHANGED = "changed"  # written (or, under --check/--diff, would be)
    UNCHANGED = "unchanged"  # summarized again to the same text
    SKIPPED = "skipped"  # already has its summaries
    INVALID = "invalid"  # bad input (broken YAML, empty body, ...): reported, left untouched
    FAILED = "failed"  # could not be processed (read/write error, unlistable folder, nothing fits)

    def __str__(self) -> str:
        return self.value


def shown(path: Path | str) -> str:
    """`path` on one line: control characters (a newline, an escape sequence) written as \\xNN."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(path))


def _stderr(line: str) -> None:
    click.echo(line, err=True)


def engine_stats(engine) -> dict[str, int]:
    """`engine.stats()` (engines without one have nothing to report)."""
    stats = getattr(engine, "stats", None)
    return dict(stats()) if callable(stats) else {}


@dataclass
class Report:
    dry: bool = False  # --check / --diff: nothing is written
    quiet: bool = False
    strict: bool = False
    echo: Callable[[str], None] = _stderr
    counts: Counter = field(default_factory=Counter)
    interrupted: int | None = None  # the signal that stopped the run

    def done(self, path: Path, status: Status | str, message: str = "") -> None:
        status = Status(status)
        self.counts[status] += 1
        if status in (Status.FAILED, Status.INVALID):
            self.echo(f"error: {shown(path)}: {message}")
        elif status is Status.CHANGED and not self.quiet:
            self.echo(f"{'would summarize' if self.dry else 'summarized'} {shown(path)}")

    def failed(self, path: Path, message: str) -> None:
        self.done(path, Status.FAILED, message)

    def stopped(self, signum: int) -> None:
        self.interrupted = signum

    def summary(self, stats: dict[str, int] | None = None) -> str:
        c = self.counts
        verb = "would change" if self.dry else "changed"
        line = (f"{c[Status.CHANGED]} {verb}, {c[Status.UNCHANGED]} unchanged, {c[Status.SKIPPED]} skipped, "
                f"{c[Status.FAILED]} failed, {c[Status.INVALID]} invalid")
        generated, fallbacks = (stats or {}).get("generated", 0), (stats or {}).get("fallbacks", 0)
        if generated:
            line += (f"; seq2seq fell back to unedited sentences on {fallbacks} of {generated} posts "
                     f"({100 * fallbacks / generated:.1f}%)")
        if self.interrupted is not None:
            line += f"; interrupted by {signal.Signals(self.interrupted).name}"
        return line

    @property
    def exit_code(self) -> int:
        if self.interrupted is not None:
            return 128 + self.interrupted  # 130 for SIGINT, 143 for SIGTERM, like a shell
        if self.counts[Status.FAILED] or (self.strict and self.counts[Status.INVALID]):
            return EXIT_FAILED
        return EXIT_CHANGED if self.counts[Status.CHANGED] else EXIT_NOTHING
