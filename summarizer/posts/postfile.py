"""Post file round-trip: read a post, edit two front-matter fields as a text span, write atomically.

The front matter may be YAML (`---`), TOML (`+++`) or JSON (`{`); see `summarizer.posts.formats`. Only the
spans of the edited keys change; every other byte (other keys, comments, quoting, the body, line
endings, a BOM, a missing final newline) is kept as it was, and each edit is re-parsed and checked.
Writes are atomic (a temp file beside the real file, then `os.replace`), keep mode, owner and group, and
replace only the file that was read, unchanged since (see `summarizer.posts.safewrite`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from summarizer.posts import formats, safewrite
from summarizer.posts.formats import FrontMatter, InvalidPost, PostError

MAX_BYTES = 2_000_000
EXCERPT_FIELD, FEATURE_FIELD = (
    "excerpt",
    "feature_text",
)  # the seed site's two summary fields (the default: see posts.site)
SUMMARY_KEYS = (EXCERPT_FIELD, FEATURE_FIELD)

__all__ = [
    "EXCERPT_FIELD",
    "FEATURE_FIELD",
    "MAX_BYTES",
    "SUMMARY_KEYS",
    "InvalidPost",
    "Post",
    "PostError",
    "decode",
    "parse",
    "read",
    "remove_fields",
    "rewrite",
    "set_fields",
    "without_fields",
]


@dataclass(frozen=True)
class Post:
    text: str  # the whole file, decoded, BOM included
    format: str  # "yaml", "toml" or "json"
    fm: FrontMatter  # where the front matter lies, and what it holds
    origin: safewrite.Origin | None = field(default=None, compare=False, repr=False)  # set by `read`
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # values derived from its text (source_of)

    @property
    def meta(self) -> dict:
        return self.fm.meta

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


def without_fields(post: Post, keys) -> str:
    """`remove_fields`, checked as an edit of a user's post is: the result must parse to the same post without
    exactly those keys (same format, body and everything before the front matter)."""
    text = remove_fields(post, keys)
    try:
        new = parse(text)
    except InvalidPost as exc:
        raise PostError(f"internal check failed: the edited front matter does not parse ({exc})") from None
    if (
        new.format != post.format
        or new.meta != {k: v for k, v in post.meta.items() if k not in set(keys)}
        or new.body != post.body
        or new.text[: new.fm.start] != post.text[: post.fm.start]
    ):
        raise PostError("internal check failed: the edit would change more than the fields removed")
    return text


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
    if (
        new.format != old.format
        or not _same(new.meta, expected)
        or new.body != old.body
        or new.text[: new.fm.start] != old.text[: old.fm.start]
    ):
        raise PostError("internal check failed: the edit would change more than the summary fields")


def _same(a: object, b: object) -> bool:
    """`a == b`, with NaN equal to NaN (a TOML `nan` or YAML `.nan` is the same value read twice)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return a == b
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def read(path: Path) -> Post:
    """The post at `path` (through a symlink: its target), with where it was read from (`Post.origin`);
    PostError when it cannot be read, InvalidPost when it is not an editable post."""
    try:
        data, origin = safewrite.read(path, MAX_BYTES)
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise InvalidPost(f"file too large (over {MAX_BYTES:,} bytes)")
    return replace(parse(decode(data)), origin=origin)


def rewrite(post: Post, text: str) -> None:
    """Replace the file `post` was read from with `text` as UTF-8, only if it is still exactly what was
    read (`safewrite.Changed` otherwise: edited by another program, or swapped for a link or another file).

    Atomic (a temp file `.summarizer-XXXXXXXX.tmp` in the same folder, then a rename) and relative to the
    folder opened at write time without following symlinks; keeps mode, owner and group.
    """
    if post.origin is None:
        raise PostError("internal error: the post was not read from a file")
    safewrite.replace(post.origin, text.encode("utf-8"))
