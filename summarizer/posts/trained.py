"""Whether a folder holds what `summarizer train` wrote (a model folder): `train -o` may write over it, and the
walk never enters it (its model card is a README.md with front matter and Korean text, not a post)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

TRAINING_FILE = "training.json"  # the training record: data, command, settings and scores
STATE_FILE = "trainer_state.json"  # a stopped condense fit's state, resumed
STARTED_FILE = ".summarizer-train"  # in a model folder while `train` writes it: a stopped run's folder is ours


def is_model_folder(folder: Path) -> bool:
    """Whether `folder` holds what `train` wrote: a training record (training.json: an object with the record's
    `command` and `posts`), the mark a stopped run left, or the condense stage's state a stopped run of an
    earlier version left (trainer_state.json: its `epoch` and `posts`)."""
    started = folder / STARTED_FILE
    if os.path.lexists(started) and stat.S_ISREG(os.lstat(started).st_mode):
        return True
    record, state = _json_in(folder / TRAINING_FILE), _json_in(folder / STATE_FILE)
    if isinstance(record, dict) and isinstance(record.get("command"), str) and isinstance(record.get("posts"), dict):
        return True
    return isinstance(state, dict) and all(isinstance(state.get(k), int) for k in ("epoch", "posts"))


def _json_in(path: Path) -> object:
    """The JSON value of the regular file `path` (None when there is none, or it is not JSON)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.getsize(path) > 10_000_000:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
