"""Every signal the tool handles, in one place: SIGINT, SIGTERM and SIGHUP stop a run between two writes.

A run installs `stop_signals_raise` around its work: SIGTERM and SIGHUP raise `Terminated` (a
KeyboardInterrupt, like Ctrl-C), so that what is in progress unwinds and the report prints its summary. While
a post is written, `held` holds the three signals instead; the pipeline hands a held one on (`deliver`) once
the post's outcome is reported, so a written post is always counted and no temp file is left behind.
"""

from __future__ import annotations

import contextlib
import signal

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that a write in progress removes its temp file."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def signal_of(stop: KeyboardInterrupt) -> int:
    """The signal that raised `stop` (SIGINT for Ctrl-C)."""
    return stop.signum if isinstance(stop, Terminated) else signal.SIGINT


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

    signums = [s for s in SIGNALS if signal.getsignal(s) not in (signal.SIG_IGN, None)]
    with handlers_installed(signums, handler) as previous:
        try:
            yield
        finally:
            if fired and exits:  # what handlers_installed restores: nothing may kill it before its exit code
                previous.update({signum: signal.SIG_IGN for signum in previous})


@contextlib.contextmanager
def held(caught: list[int]):
    """SIGINT, SIGTERM and SIGHUP are held while the block runs (a post is written) and appended to `caught`:
    an exception raised by a handler while the temp file is created or renamed could leave it behind, and one
    raised between the rename and the report would leave a written post uncounted. The caller hands the first
    one on (`deliver`) once the post's outcome is reported."""
    with handlers_installed(SIGNALS, lambda signum, frame: caught.append(signum)):
        yield caught


def deliver(signum: int) -> None:
    """Hand a held signal to its handler now, as if it had just come."""
    handler = signal.getsignal(signum)
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)
