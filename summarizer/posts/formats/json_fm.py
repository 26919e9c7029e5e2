"""JSON front matter (Hugo: a `{ ... }` object at the top of the file, the body after its last line).

The object is decoded member by member with the json module's own scanner, so each top-level value's
exact offsets are known; a value is replaced in place and a new member is inserted after the last one
with the same separator, indentation and `": "` style. Values are written with
`json.dumps(value, ensure_ascii=False)`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring

from summarizer.posts.formats.base import Format, FrontMatter, InvalidPost, merged

_DECODER = json.JSONDecoder()
_BLANK = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class Member:
    """One top-level `"key": value` of the object, as offsets into the file text."""

    key: str
    key_start: int
    colon: str  # the text between the key's closing quote and the value, e.g. `": "` without the quote
    value_start: int
    value_end: int


def members(text: str, start: int) -> tuple[list[Member], int]:
    """The members of the object at `start` and the offset just past its closing brace."""
    found, i = [], _BLANK.match(text, start + 1).end()
    if text.startswith("}", i):
        return found, i + 1
    while True:
        if not text.startswith('"', i):
            raise ValueError(f"expected a key in double quotes at offset {i}")
        key, key_end = scanstring(text, i + 1)
        value_start = _BLANK.match(text, key_end).end()
        if not text.startswith(":", value_start):
            raise ValueError(f"expected ':' at offset {value_start}")
        value_start = _BLANK.match(text, value_start + 1).end()
        _, value_end = _DECODER.raw_decode(text, value_start)
        found.append(Member(key, i, text[key_end:value_start], value_start, value_end))
        i = _BLANK.match(text, value_end).end()
        if text.startswith("}", i):
            return found, i + 1
        if not text.startswith(",", i):
            raise ValueError(f"expected ',' or '}}' at offset {i}")
        i = _BLANK.match(text, i + 1).end()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse(text: str, start: int) -> FrontMatter:
    try:
        meta, end = _DECODER.raw_decode(text, start)
        found, _ = members(text, start)
    except json.JSONDecodeError as exc:
        raise InvalidPost(f"broken JSON front matter at line {exc.lineno}: {exc.msg}") from None
    except ValueError as exc:
        raise InvalidPost(f"broken JSON front matter: {exc}") from None
    except RecursionError:
        raise InvalidPost("front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise InvalidPost("front matter is not a mapping of keys to values")
    keys = [m.key for m in found]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        raise InvalidPost(f"duplicate front matter key {duplicate!r}")
    line_end = re.compile(r"[ \t]*(\r?\n|\Z)").match(text, end)
    if not line_end:
        raise InvalidPost(f"text after the JSON front matter's closing '}}' at line {_line_of(text, end)}")
    newline = re.compile(r"[^\n]*?(\r?\n)").match(text, start)
    return FrontMatter(meta, start, end, line_end.end(), newline.group(1) if newline else "\n")


def _dumps(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _edits(text: str, fm: FrontMatter, values: dict[str, str], after: tuple[str, ...]) -> list[tuple[int, int, str]]:
    found, _ = members(text, fm.start)
    by_key = {m.key: m for m in found}
    edits, new = [], [(k, v) for k, v in values.items() if k not in by_key]
    for key, value in values.items():
        if key in by_key:
            m = by_key[key]
            edits.append((m.value_start, m.value_end, _dumps(value)))
    if not new:
        return edits
    anchors = [m for m in found if m.key in (*after, *values)] or found[-1:]
    if anchors:
        anchor = max(anchors, key=lambda m: m.value_end)
        last = found[-1]
        indent = _indent(text, fm, found)
        pairs = "".join(f",{indent}{_dumps(k)}{last.colon}{_dumps(v)}" for k, v in new)
        edits.append((anchor.value_end, anchor.value_end, pairs))
    else:  # an empty object: `{` + the pairs, one per line, + `}`
        indent = fm.newline + "  "
        pairs = ",".join(f"{indent}{_dumps(k)}: {_dumps(v)}" for k, v in new)
        edits.append((fm.start + 1, fm.end - 1, pairs + fm.newline))
    return edits


def _indent(text: str, fm: FrontMatter, found: list[Member]) -> str:
    """The blank text before the last member's key (after `{` or the comma before it)."""
    last = found[-1]
    if len(found) == 1:
        return text[fm.start + 1 : last.key_start]
    previous = found[-2]
    comma = text.index(",", previous.value_end)
    return text[comma + 1 : last.key_start]


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def set_fields(text: str, fm: FrontMatter, values: dict[str, str], after: tuple[str, ...]) -> str:
    """`text` with each key of `values` set as a JSON string; new keys after the last of `after` and
    `values` that exists, else at the end of the object."""
    return _apply(text, _edits(text, fm, values, after))


def remove_fields(text: str, fm: FrontMatter, keys: list[str]) -> str:
    """`text` without the given top-level keys (each with the comma and blanks that introduce it)."""
    found, _ = members(text, fm.start)
    ranges = []
    for n, m in enumerate(found):
        if m.key not in keys:
            continue
        if n > 0:
            ranges.append((found[n - 1].value_end, m.value_end))
        else:
            ranges.append((m.key_start, found[1].key_start if len(found) > 1 else m.value_end))
    return _apply(text, [(s, e, "") for s, e in merged(ranges)])


FORMAT = Format("json", parse, set_fields, remove_fields, lambda value: value)
