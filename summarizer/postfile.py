"""Post file round-trip: read a post, edit two front-matter fields as a text span, write atomically.

The front matter may be YAML (`---`), TOML (`+++`) or JSON (`{`); see `summarizer.formats`. Only the
spans of the edited keys change; every other byte (other keys, comments, quoting, the body, line
endings, a BOM, a missing final newline) is kept as it was, and each edit is re-parsed and checked.
Writes are atomic (a temp file beside the real file, then `os.replace`) and keep mode, owner and group.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import formats
from .formats import BOM, FrontMatter, InvalidPost, PostError
from .formats.yaml_fm import folded_value, render_folded

MAX_BYTES = 2_000_000
SUMMARY_KEYS = ("excerpt", "feature_text")

__all__ = ["BOM", "MAX_BYTES", "SUMMARY_KEYS", "InvalidPost", "Post", "PostError", "decode", "folded_value",
           "parse", "read", "remove_fields", "render_folded", "set_fields", "write"]


@dataclass(frozen=True)
class Post:
    text: str  # the whole file, decoded, BOM included
    format: str  # "yaml", "toml" or "json"
    fm: FrontMatter  # where the front matter lies, and what it holds

    @property
    def meta(self) -> dict:
        return self.fm.meta

    @property
    def fm_start(self) -> int:
        return self.fm.start

    @property
    def fm_end(self) -> int:
        return self.fm.end

    @property
    def newline(self) -> str:
        return self.fm.newline

    @property
    def front_matter(self) -> str:
        return self.text[self.fm.start : self.fm.end]

    @property
    def body(self) -> str:
        return self.text[self.fm.body_start :]

    def has(self, key: str) -> bool:
        """Whether `key` holds a non-empty string."""
        value = self.meta.get(key)
        return isinstance(value, str) and bool(value.strip())


def decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InvalidPost("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidPost(f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def parse(text: str) -> Post:
    """Find and load `text`'s front matter; raise InvalidPost with a one-line cause."""
    fmt, start = formats.detect(text)
    return Post(text, fmt.name, fmt.parse(text, start))


def set_fields(post: Post, values: dict[str, str], after: tuple[str, ...] = SUMMARY_KEYS) -> str:
    """The whole new file text with each key of `values` set (in the order given); nothing else changes.

    A new key goes after the last existing key among `after` and `values`, else at the end of the front
    matter (TOML: the end of the top-level table). The result is re-parsed and checked before returning.
    """
    fmt = formats.FORMATS[post.format]
    with _edit_guard():
        text = fmt.set_fields(post.text, post.fm, dict(values), tuple(after))
    _verify(post, text, {key: fmt.loaded(value) for key, value in values.items()})
    return text


def remove_fields(post: Post, keys) -> str:
    """The file text without the given top-level keys (used to prepare test and training data)."""
    with _edit_guard():
        return formats.FORMATS[post.format].remove_fields(post.text, post.fm, list(keys))


@contextmanager
def _edit_guard() -> Iterator[None]:
    """An unexpected failure inside a span edit fails this post (PostError), not the whole batch."""
    try:
        yield
    except PostError:
        raise
    except (ValueError, LookupError, AttributeError, TypeError, RecursionError) as exc:
        raise PostError(f"cannot edit this front matter safely ({type(exc).__name__}: {exc})") from exc


def _verify(old: Post, text: str, loaded: dict[str, object]) -> None:
    try:
        new = parse(text)
    except InvalidPost as exc:
        raise PostError(f"internal check failed: the edited front matter does not parse ({exc})") from None
    expected = {**old.meta, **loaded}
    if new.format != old.format or new.meta != expected or new.body != old.body \
            or new.text[: new.fm.start] != old.text[: old.fm.start]:
        raise PostError("internal check failed: the edit would change more than the summary fields")


def read(path: Path) -> Post:
    """The post at `path`; PostError when it cannot be read, InvalidPost when it is not an editable post."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # checked before opening: opening a FIFO would block
            raise InvalidPost("not a regular file")
        if st.st_size > MAX_BYTES:
            raise InvalidPost(f"file too large ({st.st_size:,} bytes; the limit is {MAX_BYTES:,})")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise InvalidPost(f"file too large (over {MAX_BYTES:,} bytes)")
    return parse(decode(data))


def write(path: Path, text: str) -> None:
    """Atomically replace the file at `path` (through a symlink: its target) with `text` as UTF-8.

    The new file keeps the old one's mode, owner and group. The temp file `.NAME.xxxx.tmp` sits beside
    the target and is removed on any exception, KeyboardInterrupt and SystemExit included.
    """
    target = Path(os.path.realpath(path))
    st = target.stat()
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PostError("read-only file; not written")
    data = text.encode("utf-8")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_owner(tmp, st)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give `tmp` the owner and group in `st`; PostError when that is not allowed."""
    now = os.stat(tmp)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        raise PostError(f"cannot keep the file's owner (uid {st.st_uid}, gid {st.st_gid}); not written") from None
