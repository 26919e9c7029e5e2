"""The run's report, black-style: counts per status, one stderr line per problem, the summary line, the
exit code."""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from summarizer.posts.unicode import shown

# Like black: 0 done (written, or nothing to do), 1 only under --check/--diff when a post would change,
# 2 bad usage, 123 a post failed; 128 + the signal when stopped by one.
EXIT_OK, EXIT_WOULD_CHANGE, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 123


class WriteBack(Enum):
    """What a run does with a post that would change, as black's WriteBack: write it (YES), or write nothing
    and exit 1 (CHECK, `--check`), printing a diff of each change (DIFF, `--diff`)."""

    YES = "yes"
    CHECK = "check"
    DIFF = "diff"

    @classmethod
    def from_options(cls, check: bool, diff: bool) -> WriteBack:
        return cls.DIFF if diff else cls.CHECK if check else cls.YES


class Status(str, Enum):
    CHANGED = "changed"  # written (or, under --check/--diff, would be)
    UNCHANGED = "unchanged"  # summarized again to the same text
    SKIPPED = "skipped"  # already has its summaries
    INVALID = "invalid"  # bad input (broken YAML, empty body, ...): reported, left untouched
    FAILED = "failed"  # could not be processed (read/write error, unlistable folder, nothing fits)

    def __str__(self) -> str:
        return self.value


def emit(text: str, err: bool = True) -> None:
    """Write `text` to stderr (or stdout), best effort: a stream that is closed, full or a broken pipe is
    silenced for the rest of the run (its descriptor pointed at /dev/null, so that the interpreter's flush
    at exit cannot fail either), and the run goes on."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show Hangul: escapes, not a silenced stream
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except (OSError, ValueError):
        _silence(stream)


def _silence(stream) -> None:
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


def _stderr(line: str) -> None:
    emit(line + "\n")


@dataclass
class Report:
    write_back: WriteBack = WriteBack.YES
    quiet: bool = False
    strict: bool = False
    echo: Callable[[str], None] = _stderr
    counts: Counter = field(default_factory=Counter)
    interrupted: int | None = None  # the signal that stopped the run

    @property
    def dry(self) -> bool:
        """Nothing is written (--check, --diff): the report says "would"."""
        return self.write_back is not WriteBack.YES

    def done(
        self,
        path: Path,
        status: Status | str,
        message: str = "",
        warning: bool = False,
        filled: str = "",
        removed: str = "",
    ) -> None:
        """Count a post; one stderr line for a problem, a `warning` (a post left alone on purpose) or, unless
        quiet, a change (`filled`: the only field written, when the summary itself was not touched; `removed`:
        the fields removed, when that was the change)."""
        status = Status(status)
        self.counts[status] += 1
        if status in (Status.FAILED, Status.INVALID):
            self.echo(f"error: {shown(path)}: {shown(message)}")
        elif warning:
            self.warn(path, message)
        elif status is Status.CHANGED and not self.quiet:
            if removed:
                self.echo(f"{'would remove' if self.dry else 'removed'} {shown(removed)} of {shown(path)}")
            elif filled:
                self.echo(f"{'would fill' if self.dry else 'filled'} {shown(filled)} of {shown(path)}")
            else:
                self.echo(f"{'would summarize' if self.dry else 'summarized'} {shown(path)}")

    def failed(self, path: Path, message: str) -> None:
        self.done(path, Status.FAILED, message)

    def warn(self, path: Path, message: str) -> None:
        """One line about something left alone on purpose; counts nothing."""
        self.echo(f"warning: {shown(path)}: {shown(message)}")

    def stale(self, path: Path, removed: bool | None, why: str = "") -> None:
        """A temp file left by an interrupted run: reported, or (`--clean`) removed (None: would be)."""
        if removed is not False and self.quiet:
            return
        if removed is None:
            self.echo(f"would remove {shown(path)} (a temp file left by an interrupted run)")
        elif removed:
            self.echo(f"removed {shown(path)} (a temp file left by an interrupted run)")
        elif why:
            self.echo(f"warning: {shown(path)}: a temp file left by an interrupted run; cannot remove it: {why}")
        else:
            self.echo(f"warning: {shown(path)}: a temp file left by an interrupted run; --clean removes it")

    def stopped(self, signum: int) -> None:
        self.interrupted = signum

    def summary(self, engine_line: str = "") -> str:
        """The run's last line: the posts counted by status, then what the engine adds (`Engine.stats_line`)."""
        c = self.counts
        verb = "would change" if self.dry else "changed"
        line = (
            f"{c[Status.CHANGED]} {verb}, {c[Status.UNCHANGED]} unchanged, {c[Status.SKIPPED]} skipped, "
            f"{c[Status.FAILED]} failed, {c[Status.INVALID]} invalid"
        )
        if engine_line:
            line += f"; {engine_line}"
        if self.interrupted is not None:
            line += f"; interrupted by {signal.Signals(self.interrupted).name}"
        return line

    @property
    def exit_code(self) -> int:
        if self.interrupted is not None:
            return 128 + self.interrupted  # 129 SIGHUP, 130 SIGINT, 143 SIGTERM, like a shell
        if self.counts[Status.FAILED] or (self.strict and self.counts[Status.INVALID]):
            return EXIT_FAILED
        return EXIT_WOULD_CHANGE if self.dry and self.counts[Status.CHANGED] else EXIT_OK
