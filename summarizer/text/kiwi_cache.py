"""Kiwi's analyses cached by content: within a session each distinct text is analysed once, and across runs
the analyses are kept on disk.

`session()` opens one (`summarizer train` does, through `summarizer.text.kiwi.analysis_cache`); outside a session
nothing is cached and every call analyses its texts. Values derived from the analyses are kept the same way
(`summarizer.text.derived_cache`). The disk cache is one SQLite file under
`$SUMMARIZER_CACHE` (a folder; `off` turns the disk cache off), else `$XDG_CACHE_HOME/summarizer`, else
`~/.cache/summarizer`. How a session keeps its analyses, in memory and in that file, is in `cache_session`; how
a value is stored and checked, in `cache_values`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from summarizer.text.cache_session import MAX_BYTES, Session

ENV = "SUMMARIZER_CACHE"  # a folder for the cache, or `off`
OFF = {"off", "0", "no", "false", "none"}


def default_folder() -> Path | None:
    """Where the disk cache lives (None: off), from the environment."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() in OFF:
        return None
    if value:
        return Path(value).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "summarizer"


_active: Session | None = None


@contextmanager
def session(salt: str, folder: Path | str | None = "env", max_bytes: int = MAX_BYTES) -> Iterator[Session]:
    """Cache analyses until the block ends: in memory, and on disk in `folder` ("env": `default_folder()`;
    None: memory only). A session already open is reused."""
    global _active
    if _active is not None:
        yield _active
        return
    _active = Session(salt, default_folder() if folder == "env" else folder and Path(folder), max_bytes)
    try:
        yield _active
    finally:
        done, _active = _active, None
        done.close()


def active() -> Session | None:
    """The open session (None outside one)."""
    return _active


def lookup(
    kind: str, texts: list[str], analyse: Callable[[list[str]], list], derived: bool = False, shape: object = None
) -> list:
    """`analyse(texts)`, through the open session's cache (`Session.lookup`); uncached when no session is open."""
    return analyse(texts) if _active is None else _active.lookup(kind, texts, analyse, derived, shape)
