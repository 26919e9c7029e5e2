"""The edges of a run that are not its report: a progress bar only on a live terminal, closed standard
descriptors pointed at /dev/null, SIGTERM and SIGHUP raised like Ctrl-C, temp files of interrupted runs
reported or removed, and a handshake before each write for tests (SUMMARIZER_TEST_PAUSE)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from summarizer.app.report import Report

PAUSE_ENV = "SUMMARIZER_TEST_PAUSE"  # tests: a folder for a handshake before each write (see pause_hook)


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


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that a write in progress removes its temp file."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def handlers_installed(signums, handler):
    """`handler` for each of `signums` while the block runs, the previous handlers restored after; yields
    {signum: previous handler}, or {} off the main thread (where no handler can be installed)."""
    previous = {}
    try:
        for signum in signums:
            previous[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread
        yield {}
        return
    try:
        yield previous
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextlib.contextmanager
def stop_signals_raise(exits: bool = False):
    """SIGTERM and SIGHUP raise Terminated and SIGINT KeyboardInterrupt, once: a second signal while the run
    is stopping (reporting, printing its summary) is ignored, so the summary and the exit code are the first
    signal's; with `exits` (the process exits after the block) they stay ignored after a stop. A signal
    ignored when the run started (`nohup`, a job started in the background) stays ignored."""
    fired: list[int] = []

    def handler(signum, frame):
        if fired:
            return
        fired.append(signum)
        raise KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)

    signums = [s for s in (signal.SIGINT, *STOP_SIGNALS) if signal.getsignal(s) not in (signal.SIG_IGN, None)]
    with handlers_installed(signums, handler) as previous:
        try:
            yield
        finally:
            if fired and exits:  # what handlers_installed restores: nothing may kill it before its exit code
                previous.update({signum: signal.SIG_IGN for signum in previous})


def pause_hook():
    """With SUMMARIZER_TEST_PAUSE=FOLDER (tests only): before each write, FOLDER/ready is created holding the
    post's path, and the write waits (at most 60 s) until FOLDER/go exists; both are then removed (ready
    first). A test edits the post in between, deterministically."""
    folder = os.environ.get(PAUSE_ENV)
    if not folder:
        return None

    def pause(path: Path) -> None:
        ready, go = Path(folder, "ready"), Path(folder, "go")
        Path(folder, "ready.new").write_text(str(path), encoding="utf-8")
        os.replace(Path(folder, "ready.new"), ready)
        deadline = time.monotonic() + 60
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        for done in (ready, go):
            with contextlib.suppress(OSError):
                done.unlink()

    return pause


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
