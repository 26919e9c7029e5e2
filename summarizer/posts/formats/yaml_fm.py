"""YAML front matter (`---` ... `---`): bounded parsing, top-level key spans, folded block values.

Parsing walks the parser's events first (no Python objects built): aliases are refused (an alias chain
expands exponentially), nesting is capped at MAX_DEPTH, and the top-level keys and their lines are
collected. Only then is the front matter loaded.
"""

from __future__ import annotations

import re

import yaml

from summarizer.posts.formats.base import (
    MAX_DEPTH,
    Format,
    FrontMatter,
    InvalidPost,
    anchor_line,
    comment_line,
    fenced,
    splice_lines,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")
_RESOLVER = yaml.resolver.Resolver()  # the implicit tags of the safe loaders (YAML 1.1: `on` is a boolean)
_STR = "tag:yaml.org,2002:str"


def _broken(exc: yaml.YAMLError) -> InvalidPost:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 2}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return InvalidPost(f"broken YAML front matter{where}: {problem}")


def key_lines(fm: str) -> dict[str, int]:
    """Top-level key -> its line in `fm`, from parser events; refuses aliases, deep nesting, non-mappings."""
    depth, expect_key, keys = 0, True, {}
    for event in yaml.parse(fm, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise InvalidPost(
                f"front matter uses YAML aliases (*{event.anchor}); refused (they can expand without bound)"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            if depth == 0 and (not isinstance(event, yaml.MappingStartEvent)):
                raise InvalidPost("front matter is not a mapping of keys to values")
            if depth == 0 and event.flow_style:
                raise InvalidPost("front matter is a flow mapping ({...}); cannot edit it safely")
            if depth == 0 and event.start_mark.column:  # a key written at column 0 would not belong to it
                raise InvalidPost("front matter keys are indented; cannot edit it safely")
            if depth == 1:
                if expect_key:
                    raise InvalidPost("front matter has a complex (non-scalar) key; cannot edit it safely")
                expect_key = True
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidPost(f"front matter is nested too deeply (more than {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            if depth == 0:
                raise InvalidPost("front matter is not a mapping of keys to values")
            if depth == 1:
                if expect_key:
                    key = event.value if _is_string(event) else (_tag(event), event.value)
                    if key in keys:
                        raise InvalidPost(f"duplicate front matter key {event.value!r}")
                    keys[key] = event.start_mark.line
                expect_key = not expect_key
    return keys


def _tag(event: yaml.ScalarEvent) -> str:
    """The tag YAML gives a scalar: its own, else the one its plain or quoted form resolves to."""
    return (
        event.tag if event.tag and event.tag != "!" else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    )


def _is_string(event: yaml.ScalarEvent) -> bool:
    return _tag(event) == _STR


def plain_key(key: str) -> str:
    """`key` as written before `: `: plain where YAML reads it back as that string, else single-quoted (`on`,
    `off`, `yes`, `no`, `true`, `null` and the like are booleans or null when plain)."""
    if _RESOLVER.resolve(yaml.ScalarNode, key, (True, False)) == _STR and re.fullmatch(r"[A-Za-z_][\w-]*", key):
        return key
    return "'" + key.replace("'", "''") + "'"


def parse(text: str, start: int) -> FrontMatter:
    fm_start, fm_end, body_start, newline = fenced(text, start, "---", "YAML")
    fm = text[fm_start:fm_end]
    try:
        key_lines(fm)
        meta = yaml.load(fm, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _broken(exc) from None
    except RecursionError:
        raise InvalidPost("front matter is nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2024-02-30
        raise InvalidPost(f"broken YAML front matter: {exc}") from None
    if meta is not None and not isinstance(meta, dict):
        raise InvalidPost("front matter is not a mapping of keys to values")
    return FrontMatter(meta or {}, fm_start, fm_end, body_start, newline)


def spans(fm: str) -> dict[str, tuple[int, int]]:
    """Line span [first, end) of each top-level key, without trailing blank or column-0 comment lines."""
    lines = fm.splitlines(keepends=True)
    order = sorted(key_lines(fm).items(), key=lambda kv: kv[1])
    found = {}
    for i, (key, first) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else len(lines)
        if end <= first:
            raise InvalidPost(f"key {key!r} shares a line with another key; cannot edit it safely")
        full = end
        while end - 1 > first and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        found[key] = (first, _kept_blank_lines(lines, first, end, full))
    return found


def _kept_blank_lines(lines: list[str], first: int, end: int, full: int) -> int:
    """The end of a key's span [first, end) (trailing blank and comment lines left out) moved past the blank
    lines before the first comment where they are part of its value: a keep-chomped block scalar (`|+`, `>+`)
    keeps its trailing blank lines."""
    comment = next((k for k in range(end, full) if lines[k].startswith("#")), full)
    if comment == end or "+" not in "".join(lines[first:end]):
        return end
    try:
        with_blanks, without = (yaml.load("".join(lines[first:e]), Loader=_Loader) for e in (comment, end))
    except yaml.YAMLError:
        return end
    return comment if with_blanks != without else end


def comments(span: str) -> tuple[list[str], list[str]]:
    """(comments on the key's line, comments on the other lines) of one key's span, text outside tokens.

    A `#` inside a scalar (a quoted string, a block scalar's content) is content, not a comment.
    """
    try:
        tokens = list(yaml.scan(span, Loader=_Loader))
    except yaml.YAMLError:
        return [], []
    covered = []
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header_end = _BLOCK_HEADER.match(span, start).end()
            covered.append((start, header_end))
            start = span.find("\n", header_end) + 1 or end
        covered.append((start, end))
    above, below, line_start = [], [], 0
    for number, line in enumerate(span.splitlines(keepends=True)):
        for i, char in enumerate(line):
            at = line_start + i
            if char == "#" and (i == 0 or line[i - 1] in " \t") and not any(s <= at < e for s, e in covered):
                (above if number == 0 else below).append(line[i:].rstrip())
                break
        line_start += len(line)
    return above, below


def render_folded(key: str, value: str, newline: str) -> str:
    """`key: >` with one indented line per paragraph, paragraphs separated by blank lines."""
    paragraphs = [" ".join(p.split()) for p in value.split("\n")]
    lines = [f"  {p}{newline}" for p in paragraphs if p]
    return f"{plain_key(key)}: >{newline}" + newline.join(lines)


def folded_value(value: str) -> str:
    """The string YAML loads back from `render_folded(key, value)`."""
    return "\n".join(" ".join(p.split()) for p in value.split("\n") if p.strip()) + "\n"


def _kept(fm: str, span: tuple[int, int], newline: str) -> tuple[list[str], list[str]]:
    lines = fm.splitlines(keepends=True)[span[0] : span[1]]
    above, below = comments("".join(lines))
    return [comment_line(c, newline) for c in above], [comment_line(c, newline) for c in below]


def set_fields(text: str, fm: FrontMatter, values: dict[str, str], after: tuple[str, ...]) -> str:
    """`text` with each key of `values` set as a folded block scalar; comments in a replaced span are
    kept (the key line's comment above the new value, the others below it)."""
    body = text[fm.start : fm.end]
    found = spans(body)
    replaced, inserted = {}, []
    for key, value in values.items():
        new = render_folded(key, value, fm.newline)
        if key in found:
            above, below = _kept(body, found[key], fm.newline)
            replaced[key] = [*above, new, *below]
        else:
            inserted.append(new)
    at = anchor_line(found, (*after, *values), len(body.splitlines()))
    return (
        text[: fm.start]
        + splice_lines(body.splitlines(keepends=True), fm.newline, found, replaced, inserted, at)
        + text[fm.end :]
    )


def remove_fields(text: str, fm: FrontMatter, keys: list[str]) -> str:
    """`text` without the given top-level keys; their comments stay, as lines at column 0."""
    body = text[fm.start : fm.end]
    found = spans(body)
    replaced = {k: sum(_kept(body, found[k], fm.newline), []) for k in keys if k in found}
    return (
        text[: fm.start]
        + splice_lines(body.splitlines(keepends=True), fm.newline, found, replaced, [], 0)
        + text[fm.end :]
    )


FORMAT = Format("yaml", parse, set_fields, remove_fields, folded_value)
