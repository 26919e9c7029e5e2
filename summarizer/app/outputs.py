"""Where the commands write besides the posts: `train -o DIR` (a model folder), `eval --blind-sheet DIR` (a kit)
and `eval --output FILE` (per-post rows). Each is checked before the long work starts, and written so that
nothing the user did not ask for is touched.

- A folder is new, empty, or one the tool wrote itself: a model folder is one whose `training.json` is a training
  record, or one a stopped `train` left (`STARTED_FILE`, removed when training ends); a kit is never written
  over, so `--blind-sheet` takes only a new or empty folder. Anything else (a site's root, `_posts`, a folder of
  notes) is refused: it may hold files of the same names (README.md, config.json).
- Nothing is written through a symbolic link: a folder holding one is refused, kit files are created with
  O_EXCL | O_NOFOLLOW (never over an existing name, dangling links included), and a rows file is replaced by
  renaming a new file over its name (a link there is refused).
- An existing rows file is replaced only when it is one `eval --output` wrote (its header or keys are the rows').
- `train` creates the missing parent folders of DIR; the nearest one that exists must be a folder it can write.

Each check returns the problem as a phrase after the path ("is a file; give a folder"), or None.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from pathlib import Path

from summarizer.posts.trained import STARTED_FILE, TRAINING_FILE, is_model_folder
from summarizer.posts.unicode import json_text

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC


def _listing(folder: Path, max_names: int = 3) -> str:
    names = sorted(os.listdir(folder))
    return ", ".join(names[:max_names]) + (f", … ({len(names)} in all)" if len(names) > max_names else "")


def _link_in(folder: Path) -> Path | None:
    """The first entry of `folder` that is a symbolic link, or None."""
    with os.scandir(folder) as entries:
        return next((Path(e.path) for e in sorted(entries, key=lambda e: e.name) if e.is_symlink()), None)


def _where_it_goes(path: Path, create_parents: bool) -> str | None:
    """Why a folder or file cannot be made at `path` (absent), or None: its parent (or, with `create_parents`,
    the nearest folder above it that exists) must be a folder this user can write."""
    parent = path.absolute().parent
    if create_parents:
        while not os.path.lexists(parent) and parent != parent.parent:
            parent = parent.parent
    if not parent.is_dir():
        return f"cannot be made: {parent} is {'not a folder' if parent.exists() else 'missing'}"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be made: folder {parent} is not writable"
    return None


def _folder_problem(path: Path, create_parents: bool) -> tuple[bool, str | None]:
    """(whether `path` is an existing folder, why it cannot be one to write into)."""
    if os.path.islink(path) and not path.exists():
        return False, f"is a symbolic link to {os.readlink(path)}, which does not exist"
    if not path.exists():
        return False, _where_it_goes(path, create_parents)
    if not path.is_dir():
        return False, "is a file; give a folder"
    if not os.access(path, os.W_OK | os.X_OK):
        return True, "is a folder you cannot write to"
    link = _link_in(path)
    if link is not None:
        return True, f"holds a symbolic link ({link.name}); nothing is written through a link"
    return True, None


def model_folder_problem(folder: Path) -> str | None:
    """Why `train -o folder` must not write there, or None (see the module's rules)."""
    exists, problem = _folder_problem(folder, create_parents=True)
    if problem or not exists or not os.listdir(folder) or is_model_folder(folder):
        return problem
    return (
        f"is a folder that holds other files ({_listing(folder)}) and no model train wrote "
        f"({TRAINING_FILE}); give a new or empty folder"
    )


def start_model_folder(folder: Path, command: str) -> None:
    """Make `folder` (and missing parents) and mark it as a model folder `train` is writing (`STARTED_FILE`),
    after checking it again; ValueError with the problem."""
    problem = model_folder_problem(folder)
    if problem:
        raise ValueError(f"{folder} {problem}")
    folder.mkdir(parents=True, exist_ok=True)
    replace_text(folder / STARTED_FILE, json_text({"command": command}) + "\n")


def finish_model_folder(folder: Path) -> None:
    """Remove the mark of a model folder being written: training ended."""
    (folder / STARTED_FILE).unlink(missing_ok=True)


def kit_folder_problem(folder: Path, kit_files: tuple[str, ...]) -> str | None:
    """Why `eval --blind-sheet folder` must not write there, or None: a kit is never written over, and the
    folder is new or empty."""
    exists, problem = _folder_problem(folder, create_parents=True)
    if problem or not exists:
        return problem
    kit = next((name for name in kit_files if os.path.lexists(folder / name)), None)
    if kit:
        return f"holds {kit} (a kit, maybe rated); give a new or empty folder"
    if os.listdir(folder):
        return f"is a folder that holds other files ({_listing(folder)}); give a new or empty folder"
    return None


def rows_file_problem(path: Path, columns: list[str]) -> str | None:
    """Why `eval --output path` must not write there, or None: a new file in an existing folder, or a rows file
    eval wrote (a CSV whose header is `columns`, a JSON list of objects with those keys)."""
    if os.path.islink(path):
        return "is a symbolic link; nothing is written through a link"
    if not os.path.lexists(path):
        return _where_it_goes(path, create_parents=False)
    if path.is_dir():
        return "is a folder; give a .csv or .json file"
    if not path.is_file():
        return "is not a regular file"
    if path.stat().st_size and not _is_rows_file(path, columns):
        return "exists and is not a table eval wrote; give a new file name"
    return None


def _is_rows_file(path: Path, columns: list[str]) -> bool:
    try:
        if path.suffix.lower() == ".json":
            if path.stat().st_size > 200_000_000:
                return False
            data = json.loads(path.read_text(encoding="utf-8"))
            return isinstance(data, list) and all(isinstance(r, dict) and list(r) == columns for r in data)
        with path.open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh), None) == columns
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, csv.Error):
        return False


def create_text(path: Path, text: str) -> None:
    """Write `text` to `path` as a new file: never over an existing name, never through a link (FileExistsError).
    It is UTF-8: a lone surrogate (a byte of a file name that is not UTF-8, see `posts.unicode.json_text`) is
    written as its escape (\\udcff); a file that could not be written whole is removed, never left empty."""
    data = text.encode("utf-8", "backslashreplace")
    fd = os.open(path, _NEW, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def replace_text(path: Path, text: str) -> None:
    """Write `text` to a new file beside `path`, then rename it over `path`: a link at `path` is replaced, not
    followed, and a reader sees the old file or the new one."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        create_text(temp, text)
        os.replace(temp, path)
    finally:
        if os.path.lexists(temp):
            temp.unlink()
