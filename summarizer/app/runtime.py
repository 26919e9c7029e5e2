"""The edges of a run that are not its report or its signals: a progress bar only on a live terminal, closed
standard descriptors pointed at /dev/null, and temp files of interrupted runs reported or removed."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from summarizer.app.report import Report


def _live_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):  # closed
        return False


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def add_task(self, *args, **kwargs) -> int:
        return 0

    def advance(self, *args) -> None:
        pass


class _Bar(_NoProgress):
    """rich's progress bar, best effort: a terminal that goes away (EIO, a hang-up) ends the bar, not the run."""

    def __init__(self, bar) -> None:
        self.bar = bar

    def __enter__(self):
        with contextlib.suppress(OSError, ValueError):
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.bar.stop()

    def add_task(self, *args, **kwargs) -> int:
        with contextlib.suppress(OSError, ValueError):
            return self.bar.add_task(*args, **kwargs)
        return 0

    def advance(self, *args) -> None:  # called once per batch: redrawn here, no refresh thread
        with contextlib.suppress(OSError, ValueError):
            self.bar.advance(*args)
            self.bar.refresh()


def progress(total: int, quiet: bool):
    """A progress bar on stderr when it is a live terminal; otherwise one that shows nothing."""
    if quiet or total < 2 or not _live_terminal():
        return _NoProgress()
    from rich.console import Console
    from rich.progress import Progress

    return _Bar(Progress(console=Console(file=sys.stderr), transient=True, auto_refresh=False))


def std_fds_open() -> None:
    """Point a closed stdin, stdout or stderr (`2>&-`) at /dev/null: otherwise the next file opened (a post,
    a temp file) would get that descriptor, and anything writing to it would write into the post."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def stale(report: Report, paths: list[Path], clean: bool) -> None:
    """Report temp files of interrupted runs; with --clean remove them (under --check/--diff: would)."""
    for path in paths:
        if not clean:
            report.stale(path, False)
        elif report.dry:
            report.stale(path, None)
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:
                report.stale(path, True)
            except OSError as exc:
                report.stale(path, False, exc.strerror or str(exc))
            else:
                report.stale(path, True)
