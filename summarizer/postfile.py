"""Post file round-trip: read a post, edit two front-matter fields as a text span, write atomically.

Only the spans of the edited keys change; every other byte (other keys, comments, quoting,
the body, line endings, a BOM, a missing final newline) is kept as it was.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

MAX_BYTES = 2_000_000
SUMMARY_KEYS = ("excerpt", "feature_text")
BOM = "\ufeff"
_OPEN = re.compile(r"---[ \t]*(\r?\n)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_yaml = YAMLHandler()


class PostError(Exception):
    """A post that cannot be read or written; the message names the cause (the caller adds the path)."""


class InvalidPost(PostError):
    """Bad input: the file is not a post this tool can edit (broken YAML, not UTF-8, ...)."""


@dataclass
class Post:
    text: str  # the whole file, decoded, BOM included
    fm_start: int  # offset of the front matter's first line
    fm_end: int  # offset just past its last line (the closing `---` line starts here)
    meta: dict
    newline: str
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> line in front matter

    @property
    def front_matter(self) -> str:
        return self.text[self.fm_start : self.fm_end]

    @property
    def body(self) -> str:
        close = _CLOSE.match(self.text, self.fm_end)
        return self.text[close.end() :] if close else ""

    def has(self, key: str) -> bool:
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
    """Split `text` into front matter and body and load the front matter; raise PostError."""
    start = 1 if text.startswith(BOM) else 0
    opening = _OPEN.match(text, start)
    if not opening:
        raise InvalidPost("no front matter (the file does not start with a '---' line)")
    fm_start = opening.end()
    close = _CLOSE.search(text, fm_start)
    if not close:
        raise InvalidPost("front matter is not closed (no second '---' line)")
    fm = text[fm_start : close.start()]
    try:
        node = yaml.compose(fm, Loader=_Loader)
        meta = _yaml.load(fm, Loader=_Loader) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidPost(f"broken YAML front matter{where}: {problem}") from None
    if node is not None and (not isinstance(node, yaml.MappingNode) or not isinstance(meta, dict)):
        raise InvalidPost("front matter is not a mapping of keys to values")
    key_lines: dict[str, int] = {}
    for key_node, _ in node.value if node is not None else []:
        if node.flow_style:
            raise InvalidPost("front matter is a flow mapping ({...}); cannot edit it safely")
        name = str(key_node.value)
        if name in key_lines:
            raise InvalidPost(f"duplicate front matter key {name!r}")
        key_lines[name] = key_node.start_mark.line
    return Post(text, fm_start, close.start(), meta or {}, opening.group(1), key_lines)


def render_folded(key: str, value: str, newline: str) -> str:
    """`key: >` with one indented line per paragraph, paragraphs separated by blank lines."""
    paragraphs = [" ".join(p.split()) for p in value.split("\n")]
    lines = [f"  {p}{newline}" for p in paragraphs if p]
    return f"{key}: >{newline}" + newline.join(lines)


def folded_value(value: str) -> str:
    """The string YAML loads back from `render_folded(key, value)`."""
    return "\n".join(" ".join(p.split()) for p in value.split("\n") if p.strip()) + "\n"


def _spans(post: Post) -> dict[str, tuple[int, int]]:
    """Line span [first, end) of each top-level key, without trailing blank or comment lines."""
    lines = post.front_matter.splitlines(keepends=True)
    order = sorted(post.key_lines.items(), key=lambda kv: kv[1])
    spans = {}
    for i, (key, first) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else len(lines)
        if end <= first:
            raise InvalidPost(f"key {key!r} shares a line with another key; cannot edit it safely")
        while end - 1 > first and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        spans[key] = (first, end)
    return spans


def set_fields(post: Post, values: dict[str, str]) -> str:
    """The file text with each key of `values` set as a folded block scalar; nothing else changes."""
    lines = post.front_matter.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += post.newline
    spans = _spans(post)
    inserts = []
    for key, value in values.items():
        new = render_folded(key, value, post.newline)
        if key in spans:
            first, end = spans[key]
            lines[first:end] = [new] + [""] * (end - first - 1)  # same length: other spans stay valid
        else:
            inserts.append(new)
    # New keys go after the summary fields already there (else at the end), in the order given.
    at = max((spans[k][1] for k in (*values, *SUMMARY_KEYS) if k in spans), default=len(lines))
    lines[at:at] = inserts
    fm = "".join(lines)
    text = post.text[: post.fm_start] + fm + post.text[post.fm_end :]
    _verify(post, text, values)
    return text


def remove_fields(post: Post, keys: list[str]) -> str:
    """The file text without the given top-level keys (used to prepare test and training data)."""
    lines = post.front_matter.splitlines(keepends=True)
    spans = _spans(post)
    for first, end in sorted((spans[k] for k in keys if k in spans), reverse=True):
        del lines[first:end]
    return post.text[: post.fm_start] + "".join(lines) + post.text[post.fm_end :]


def _verify(old: Post, text: str, values: dict[str, str]) -> None:
    new = parse(text)
    expected = {**old.meta, **{k: folded_value(v) for k, v in values.items()}}
    if new.meta != expected or new.body != old.body:
        raise PostError("internal check failed: the edit would change more than the summary fields")


def read(path: Path) -> Post:
    try:
        st = path.stat()
        if st.st_size > MAX_BYTES:
            raise InvalidPost(f"file too large ({st.st_size:,} bytes; the limit is {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror or exc}") from None
    return parse(decode(data))


def write(path: Path, text: str) -> None:
    """Atomically replace `path` with `text` (UTF-8), keeping its mode."""
    st = path.stat()
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PostError("read-only file; not written")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
