"""What every front-matter format shares: the errors, the parsed front matter, the format interface,
and line-span helpers for the line-oriented formats (YAML, TOML)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_DEPTH = 100  # deepest nesting of lists/mappings accepted in front matter


class PostError(Exception):
    """A post that cannot be read or written; the message names the cause (the caller adds the path)."""


class InvalidPost(PostError):
    """Bad input: the file is not a post this tool can edit (broken YAML, not UTF-8, ...)."""


@dataclass(frozen=True)
class FrontMatter:
    """Where a post's front matter lies in the file text, and what it holds."""

    meta: dict
    start: int  # offset of the front matter's first character (after the opening fence line, if any)
    end: int  # offset just past it (the closing fence line, or the body, starts here)
    body_start: int  # offset of the body's first character
    newline: str  # the newline the file uses ("\n" or "\r\n")


@dataclass(frozen=True)
class Format:
    """One front-matter format: parse a post, set or remove top-level string fields as text spans.

    `set_fields(text, fm, values, after)` returns the whole new file text; `loaded(value)` is what
    `parse` gives back for a value `set_fields` wrote (the check compares against it).
    """

    name: str
    parse: Callable[[str, int], FrontMatter]  # (file text, offset after the BOM) -> FrontMatter
    set_fields: Callable[[str, FrontMatter, dict[str, str], tuple[str, ...]], str]
    remove_fields: Callable[[str, FrontMatter, list[str]], str]
    loaded: Callable[[str], object]


def fenced(text: str, start: int, fence: str, name: str) -> tuple[int, int, int, str]:
    """(front matter start, end, body start, newline) of a front matter between two `fence` lines."""
    f = re.escape(fence)
    opening = re.compile(rf"{f}[ \t]*(\r?\n)").match(text, start)
    if not opening:
        raise InvalidPost(f"no front matter (the file does not start with a '{fence}' line)")
    closers = rf"{f}|\.\.\." if fence == "---" else f
    close = re.compile(rf"^(?:{closers})[ \t]*(?:\r?\n|\Z)", re.M).search(text, opening.end())
    if not close:
        raise InvalidPost(f"{name} front matter is not closed (no second '{fence}' line)")
    return opening.end(), close.start(), close.end(), opening.group(1)


def splice_lines(
    lines: list[str],
    newline: str,
    spans: dict[str, tuple[int, int]],
    replaced: dict[str, list[str]],
    inserted: list[str],
    at: int,
) -> str:
    """The joined `lines` with the line span of each key in `replaced` swapped for its new lines and
    `inserted` put before line `at` (an index into the original lines). Lines carry their own newlines."""
    lines = list(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    for key, new in replaced.items():
        first, end = spans[key]
        lines[first:end] = ["".join(new)] + [""] * (end - first - 1)  # same length: other spans stay valid
    lines[at:at] = inserted
    return "".join(lines)


def anchor_line(spans: dict[str, tuple[int, int]], keys: tuple[str, ...], default: int) -> int:
    """The line after the last span among `keys` that exists, else `default`."""
    return max((spans[k][1] for k in keys if k in spans), default=default)


def check_editable(meta: dict, spans: dict[str, tuple[int, int]], keys) -> None:
    """Refuse keys that the front matter holds but not as one editable top-level span."""
    for key in keys:
        if key in meta and key not in spans:
            raise InvalidPost(
                f"key {key!r} is not a plain top-level field (a table or dotted key); cannot edit it safely"
            )


def comment_line(comment: str, newline: str) -> str:
    """A comment kept from an edited span, as its own line at column 0."""
    return comment.strip() + newline


def merged(spans) -> list[list[int]]:
    """The [start, end) `spans` merged where they overlap or touch, in order: each character once."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out
