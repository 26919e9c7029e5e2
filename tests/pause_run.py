"""`summarizer` with a handshake before each write, for tests that act on a real process mid-run:

    python tests/pause_run.py FOLDER run PATH... [options]

Before each post is written, FOLDER/ready is created holding the post's path, and the write waits (at most
60 s) until FOLDER/go exists; both are then removed (ready first). A test edits the post or sends a signal in
between, deterministically. The product has no such hook: this script wraps the pipeline's write step."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from summarizer.app import pipeline
from summarizer.cli import main


def pause(folder: Path, path: Path) -> None:
    ready, go = folder / "ready", folder / "go"
    (folder / "ready.new").write_text(str(path), encoding="utf-8")
    os.replace(folder / "ready.new", ready)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    for done in (ready, go):
        with contextlib.suppress(OSError):
            done.unlink()


def paused(folder: Path):
    apply = pipeline._apply

    def paused_apply(job, write, settings):
        if write:
            pause(folder, job.path)
        return apply(job, write, settings)

    return paused_apply


if __name__ == "__main__":
    pipeline._apply = paused(Path(sys.argv[1]))
    sys.argv = ["summarizer", *sys.argv[2:]]
    main()
