"""Several processes for one batch (`--jobs`), as black formats files in a process pool.

The posts are cut into chunks of `pipeline.BATCH`, in order; each worker process runs the same rewrite job
(`pipeline.process`) on a chunk with its own engine and Kiwi, reads and writes its posts itself (the identity
check and the rename happen where the file was read), and sends the chunk's outcomes back. The main process
reports them in the posts' order, records what was written in the lock file, and sums the engines' counts, so
the output is the same as one process's. Workers ignore stop signals: the main process catches them, tells
every worker to stop before its next write, reports what was written and prints the summary line; the
forkserver and the resource tracker outlive a signal to the whole process group (`_helpers_started`). A worker
whose main process is gone (kill -9) stops before its next write too, and ends. A batch too
small to gain from it (`MIN_POSTS`: the pre-commit hook's few posts) stays in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from summarizer.app import signals
from summarizer.app.config import Settings
from summarizer.app.pipeline import BATCH, Outcome, process, record
from summarizer.engines.base import EngineStats
from summarizer.posts.lockfile import Lock

MIN_POSTS = 2 * BATCH  # fewer posts than this: one process (a worker's start-up would cost more than it saves)
WORKER_BYTES = 600 * 2**20  # what a worker adds at most: Kiwi's model and analyses, the engine's model, a chunk
_stop = None  # in a worker: the main process's stop event
_engines: dict = {}  # in a worker: its engines, made once
_main = None  # in a worker: the main process (multiprocessing.parent_process(): its sentinel tells it is gone)
_ppid = 0  # in a worker: its parent process when it started
_busy = False  # in a worker: a chunk is being done (the main process gone, it ends only between chunks)


def default_jobs() -> int:
    """The cores this process may use, fewer where memory is short (each worker adds up to WORKER_BYTES)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return max(1, cores)
    return max(1, min(cores, free // WORKER_BYTES))


def _context():
    """forkserver where the platform has it: a clean server process imports the package once and forks each
    worker from it (a fork of the main process would inherit whatever Kiwi threads, cache connections or locks
    it holds, and can hang); else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["summarizer.app.pool_server", "summarizer.app.parallel", "summarizer.engines.condense"]
        )
        return context
    return multiprocessing.get_context("spawn")


def _helpers_started(context) -> None:
    """Start the resource tracker and (forkserver) the server before the pool would, with SIGINT, SIGTERM and
    SIGHUP blocked in this thread: they are in this process group, and a signal to the whole group (closing the
    terminal: SIGHUP; `kill -- -PGID`) would kill them. A dead server closes every worker's sentinel, which
    breaks the pool (BrokenProcessPool, workers killed mid-write); a tracker dead of SIGHUP (it ignores only
    SIGINT and SIGTERM) is relaunched without what it tracked (KeyError tracebacks). A blocked mask is inherited
    across exec: the tracker keeps SIGHUP blocked, the server ignores the three from its first preload
    (`pool_server`). This process still gets a signal that came meanwhile, once the mask is restored."""
    if not hasattr(signal, "pthread_sigmask"):
        return
    from multiprocessing import resource_tracker

    old = signal.pthread_sigmask(signal.SIG_BLOCK, signals.SIGNALS)
    try:
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, signals.SIGNALS)  # ensure_running unblocks SIGINT and SIGTERM
        if context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _start(stop, threads: int) -> None:
    global _stop, _main, _ppid
    for signum in signals.SIGNALS:
        signal.signal(signum, signal.SIG_IGN)  # the main process decides when to stop
    _stop, _main, _ppid = stop, multiprocessing.parent_process(), os.getppid()
    os.environ["SUMMARIZER_KIWI_THREADS"] = str(threads)  # the cores are the processes'
    threading.Thread(target=_watch, name="summarizer-main-watch", daemon=True).start()


def _orphaned() -> bool:
    """Whether the main process is gone (kill -9, the OOM killer): nobody would report or record a post written
    now. A forkserver worker's parent is the server, which lives on while a worker does (each holds its `alive`
    pipe), so the parent process id alone does not tell: the main process is watched through its sentinel."""
    return os.getppid() != _ppid or (_main is not None and not _main.is_alive())


def _stopped() -> bool:
    """Whether the worker stops before its next write: the main process said so, or is gone."""
    return _stop.is_set() or _orphaned()


def _watch() -> None:
    """In a worker: once the main process is gone, end the worker as soon as it is between chunks (a chunk being
    done stops before its next write, `_stopped`), rather than wait forever for work with Kiwi loaded."""
    if _main is None:
        return
    _main.join()  # returns when the main process has ended
    while _busy:
        time.sleep(0.05)
    os._exit(1)


def _work(chunk: list[Path], key: tuple, settings: Settings, write: bool, roots, lock: Lock | None):
    """One chunk in a worker: its outcomes (up to the stop, if one came) and its engine's counts."""
    global _busy
    from summarizer import engines

    _busy = True
    try:
        if _stopped():  # a chunk the pool had queued before the stop: nothing to do
            return [], EngineStats()
        lazy = _engines.get(key) or _engines.setdefault(key, engines.LazyEngine(*key))
        before = EngineStats(**vars(lazy.engine.stats)) if lazy.engine is not None else EngineStats()
        outcomes = list(process(chunk, lazy, settings, write=write, roots=roots, lock=lock, stop=_stopped))
        after = lazy.engine.stats if lazy.engine is not None else EngineStats()
        return outcomes, after - before
    finally:
        _busy = False


def run(
    files: list[Path],
    key: tuple,
    settings: Settings,
    jobs: int,
    write: bool,
    roots,
    lock: Lock | None,
    counted: Callable[[EngineStats], None],
    progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Outcomes of the rewrite job on `files` in `jobs` processes, in the posts' order; `counted` gets each
    chunk's engine counts. A stop signal (KeyboardInterrupt here) stops every worker before its next write and
    cancels the chunks no worker has started; every post written by then (chunks finished or stopped) is still
    yielded, then the stop is raised again."""
    chunks = [files[start : start + BATCH] for start in range(0, len(files), BATCH)]
    context = _context()
    _helpers_started(context)
    stop = context.Event()
    threads = max(1, (os.cpu_count() or 1) // jobs)
    caught: list[int] = []
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start, initargs=(stop, threads)) as pool:
        futures = []

        def on_signal(signum, frame) -> None:  # stop the workers; what they wrote is still reported
            if not caught:
                caught.append(signum)
                stop.set()
                for future in futures:
                    future.cancel()  # a chunk no worker has started

        honoured = [s for s in signals.SIGNALS if signal.getsignal(s) not in (signal.SIG_IGN, None)]  # nohup
        with signals.handlers_installed(honoured, on_signal):
            for chunk in chunks:  # under on_signal: a stop raised in `submit` would leave a worker half started
                if caught:  # (never joined: the main process ends, the worker fails to read its semaphores)
                    break
                futures.append(pool.submit(_work, chunk, key, settings, write, roots, lock))
            for future, chunk in zip(futures, chunks):
                if future.cancelled():
                    continue
                outcomes, stats = future.result()
                counted(stats)
                for outcome in outcomes:
                    if write:
                        record(lock, outcome)
                    yield outcome
                if progress:
                    progress(len(chunk))
    if caught:
        signals.deliver(caught[0])  # to the run's own handler, as if it had just come: the run stops now


def stats_line(name: str, stats: EngineStats) -> str:
    """The engine's part of the summary line for counts summed over workers."""
    from summarizer import engines

    return engines.engine_class(name).describe(stats) if stats.summarized else ""


if sys.platform == "win32":  # pragma: no cover
    MIN_POSTS = 4 * BATCH  # spawn re-imports everything in each worker
