"""Imported only in the forkserver, its first preload (`parallel._context`); the main process never imports it.

The server, and every worker forked from it, ignores SIGINT, SIGTERM and SIGHUP: a signal to the whole process
group (closing the terminal sends SIGHUP to it, `kill -- -PGID`) must not kill the server, whose death closes
every worker's sentinel and breaks the pool; the main process catches the signal and stops the workers. The
server starts with the three blocked (`parallel._helpers_started`), so one that came while it started is
pending: ignored first, it is dropped when they are unblocked.
"""

import signal

from summarizer.app import signals

for _signum in signals.SIGNALS:
    signal.signal(_signum, signal.SIG_IGN)
if hasattr(signal, "pthread_sigmask"):
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signals.SIGNALS)
