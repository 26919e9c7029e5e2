"""TOML front matter (`+++` ... `+++`, Hugo): top-level key/value statements edited as line spans.

`tomllib` checks and loads the front matter; a small scanner (strings, brackets, comments) then finds
where each statement starts and ends, so a value is replaced without touching any other line. New keys
go at the end of the top-level table, before the first `[table]` / `[[array]]` header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from summarizer.posts.formats.base import (
    Format,
    FrontMatter,
    InvalidPost,
    anchor_line,
    check_editable,
    comment_line,
    fenced,
    splice_lines,
)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


@dataclass
class Statement:
    """One key/value pair or table header: its lines [first, end) and where its parts lie in the text."""

    first: int
    end: int
    header: bool
    key: str = ""  # the top-level key a key/value pair sets
    value_start: int = 0  # offset of the value (after `=` and blanks)
    tail: str = ""  # blanks and comment after the value on its last line
    inner_comments: list[str] = field(default_factory=list)  # comments on the value's other lines


def parse(text: str, start: int) -> FrontMatter:
    fm_start, fm_end, body_start, newline = fenced(text, start, "+++", "TOML")
    try:
        meta = tomllib.loads(text[fm_start:fm_end])
    except tomllib.TOMLDecodeError as exc:  # "... (at line 3, column 5)": count the `+++` line too
        message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", str(exc))
        raise InvalidPost(f"broken TOML front matter: {message}") from None
    except RecursionError:
        raise InvalidPost("front matter is nested too deeply") from None
    return FrontMatter(meta, fm_start, fm_end, body_start, newline)


def _string_end(s: str, i: int) -> int:
    """Offset just past the TOML string that starts at `i` (valid TOML assumed)."""
    quote = s[i]
    if s.startswith(quote * 3, i):
        j = i + 3
        while not s.startswith(quote * 3, j):
            j += 2 if quote == '"' and s[j] == "\\" else 1
        j += 3
        for _ in range(2):  # `""""` / `"""""`: one or two quotes are content, then the closing three
            if j < len(s) and s[j] == quote:
                j += 1
        return j
    j = i + 1
    while s[j] != quote:
        j += 2 if quote == '"' and s[j] == "\\" else 1
    return j + 1


def lines(fm: str) -> list[str]:
    """`fm` split after each "\\n" only (TOML has no other line breaks; str.splitlines has more)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", fm)


def statements(fm: str) -> list[Statement]:
    """Every statement of valid TOML `fm`, in order; comment and blank lines are not statements."""
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", fm)]
    line_of = {offset: n for n, offset in enumerate(line_starts)}
    found, i, n = [], 0, len(fm)
    while i < n:
        j = i
        while j < n and fm[j] in " \t":
            j += 1
        line_end = fm.find("\n", i) + 1 or n
        if j == n or fm[j] in "\r\n#":
            i = line_end
            continue
        stmt = Statement(line_of[i], 0, fm[j] == "[")
        k, depth, last, comments = j, 0, j, []
        if not stmt.header:
            k = _key_end(fm, j, stmt)
            last = k
        while k < n:
            c = fm[k]
            if c in "\"'":
                k = last = _string_end(fm, k)
                continue
            if c == "#":
                end = fm.find("\n", k)
                end = n if end < 0 else end
                comments.append((k, fm[k:end].rstrip()))
                k = end
                continue
            if c == "\n" and depth == 0:
                break
            if c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
            if c not in " \t\r\n":
                last = k + 1
            k += 1
        line_end = k + 1 if k < n else n
        stmt.end = line_of[line_end] if line_end in line_of else len(line_starts)
        stmt.tail = fm[last:k].rstrip("\r")
        stmt.inner_comments = [c for at, c in comments if at < last]
        found.append(stmt)
        i = line_end
    return found


def _key_end(fm: str, j: int, stmt: Statement) -> int:
    """Offset of the value after the key at `j`; sets `stmt.key` (empty for a dotted key)."""
    k, segments = j, []
    while True:
        while fm[k] in " \t":
            k += 1
        if fm[k] in "\"'":
            end = _string_end(fm, k)
            segments.append(next(iter(tomllib.loads(f"{fm[k:end]} = 0"))))
        else:
            end = _BARE_KEY.match(fm, k).end()
            segments.append(fm[k:end])
        k = end
        while fm[k] in " \t":
            k += 1
        if fm[k] == "=":
            k += 1
            break
        k += 1  # a dot between segments
    while fm[k] in " \t":
        k += 1
    stmt.key = segments[0] if len(segments) == 1 else ""  # dotted keys are not editable fields
    stmt.value_start = k
    return k


def spans(fm: str) -> tuple[dict[str, tuple[int, int]], dict[str, Statement], int]:
    """(line span of each top-level key, its statement, the line where new top-level keys go)."""
    found, stmts, text_lines = {}, {}, lines(fm)
    every = statements(fm)
    headers = [s.first for s in every if s.header]
    for stmt in every:
        if stmt.header:
            break
        if stmt.key:
            found[stmt.key] = (stmt.first, stmt.end)
            stmts[stmt.key] = stmt
    if not headers:
        return found, stmts, len(text_lines)
    top_end = headers[0]
    while top_end > 0 and (not text_lines[top_end - 1].strip() or text_lines[top_end - 1].lstrip().startswith("#")):
        top_end -= 1  # comments and blank lines just above the first header belong to it
    return found, stmts, max([top_end, *(end for _, end in found.values())])


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\u{ord(char):04x}" if char < " " or char == "\x7f" else char


def quoted(value: str) -> str:
    """`value` as a one-line TOML basic string, every control character escaped."""
    return '"' + "".join(_escape(c) for c in value) + '"'


def basic_string(value: str, newline: str) -> str:
    """`value` as a TOML basic string: `"..."`, or a multi-line `\"\"\"...\"\"\"` if it has line breaks."""
    if "\n" not in value:
        return quoted(value)
    lines = ("".join(_escape(c) for c in line) for line in value.split("\n"))
    return '"""' + newline + newline.join(lines) + '"""'


def _key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else quoted(key)


def set_fields(text: str, fm: FrontMatter, values: dict[str, str], after: tuple[str, ...]) -> str:
    """`text` with each key of `values` set as a basic string; the key's own text, a comment after its
    value and comments inside an old multi-line value are kept."""
    body = text[fm.start : fm.end]
    found, stmts, top_end = spans(body)
    check_editable(fm.meta, found, values)
    replaced, inserted = {}, []
    for key, value in values.items():
        if key in found:
            stmt = stmts[key]
            prefix = body[_line_start(body, stmt.first) : stmt.value_start]
            new = prefix + basic_string(value, fm.newline) + stmt.tail + fm.newline
            replaced[key] = [new, *(comment_line(c, fm.newline) for c in stmt.inner_comments)]
        else:
            inserted.append(f"{_key_text(key)} = {basic_string(value, fm.newline)}{fm.newline}")
    at = anchor_line(found, (*after, *values), top_end)
    return text[: fm.start] + splice_lines(lines(body), fm.newline, found, replaced, inserted, at) + text[fm.end :]


def remove_fields(text: str, fm: FrontMatter, keys: list[str]) -> str:
    """`text` without the given top-level keys; their comments stay, as lines at column 0."""
    body = text[fm.start : fm.end]
    found, stmts, _ = spans(body)
    replaced = {}
    for key in keys:
        if key in found:
            tail = stmts[key].tail.strip()
            kept = ([tail] if tail else []) + stmts[key].inner_comments
            replaced[key] = [comment_line(c, fm.newline) for c in kept]
    return text[: fm.start] + splice_lines(lines(body), fm.newline, found, replaced, [], 0) + text[fm.end :]


def _line_start(fm: str, line: int) -> int:
    return sum(len(x) for x in lines(fm)[:line])


FORMAT = Format("toml", parse, set_fields, remove_fields, lambda value: value)
