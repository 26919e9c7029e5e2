""".gitignore patterns, as git reads them, for the walk: a site's own ignored files (`vendor/bundle/`, build
output) are never summarized.

What git documents in gitignore(5), for the files of a work tree: blank lines and `#` comments; trailing
spaces dropped unless escaped (`\\ `); `!` re-includes (`\\!` and `\\#` are literal); a trailing `/` matches
folders only; a pattern with a `/` at its start or in its middle is relative to the folder of its .gitignore,
any other matches a name at any depth below it; `*`, `?` and `[...]` (with `!` or `^` for negation) never match
a `/`; `**/` at the start matches in every folder, `/**` at the end everything inside, `/**/` zero or more
folders, and other runs of asterisks are one `*`; a backslash escapes the next character. The last matching
pattern decides; a deeper .gitignore's patterns come after its parents'. A file inside an ignored folder cannot
be re-included (the walk never enters that folder). Not read: `core.excludesFile` (a user's global patterns).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

MAX_BYTES = 1_000_000  # a .gitignore larger than this is not read (git has no limit; a site's is tiny)


@dataclass(frozen=True)
class Rule:
    base: str  # the folder of its .gitignore, relative to the walk's root ("" for the root), "/"-separated
    regex: re.Pattern
    negate: bool
    dir_only: bool


def _char_class(pattern: str, i: int) -> tuple[str, int] | None:
    """The regex of the bracket expression that starts at pattern[i] == '[', and the index after it; None
    when it is not closed (the '[' is then a literal)."""
    j = i + 1
    negate = j < len(pattern) and pattern[j] in "!^"
    if negate:
        j += 1
    parts, first = [], True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            body = "".join(parts)
            return (f"[^/{body}]" if negate else f"(?!/)[{body}]"), j + 1
        if c == "\\" and j + 1 < len(pattern):
            j += 1
            c = pattern[j]
        if c == "-" and parts and j + 1 < len(pattern) and pattern[j + 1] != "]":
            parts.append("-")
        else:
            parts.append(re.escape(c) if c in "\\^[]-" else c)
        first = False
        j += 1
    return None


def _segment(text: str) -> str:
    """The regex of one path segment (no '/'): `*`, `?`, `[...]`, backslash escapes."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "*":
            while i + 1 < len(text) and text[i + 1] == "*":
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            found = _char_class(text, i)
            if found:
                out.append(found[0])
                i = found[1]
                continue
            out.append(re.escape(c))
        elif c == "\\" and i + 1 < len(text):
            i += 1
            out.append(re.escape(text[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _split(pattern: str) -> list[str]:
    """`pattern` split at its unescaped slashes."""
    parts, current, i = [], [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "/":
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append("".join(current))
    return parts


def _strip_trailing_spaces(line: str) -> str:
    while line.endswith(" "):
        backslashes = len(line[:-1]) - len(line[:-1].rstrip("\\"))
        if backslashes % 2:
            break
        line = line[:-1]
    return line


def compile_line(line: str, base: str = "") -> Rule | None:
    """The rule of one .gitignore line (None for a blank line, a comment or a pattern that matches nothing)."""
    line = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    parts = _split(line)
    dir_only = len(parts) > 1 and parts[-1] == ""
    if dir_only:
        parts.pop()
    anchored = len(parts) > 1  # a slash at the start or in the middle
    if parts and parts[0] == "":
        parts.pop(0)
    if not parts or parts == [""]:
        return None
    parts = [p for k, p in enumerate(parts) if not (p == "**" and k and parts[k - 1] == "**")]
    regex = ""
    for k, part in enumerate(parts):
        if part == "**":
            if len(parts) == 1:
                regex += ".*"
            elif k == 0:
                regex += "(?:.*/)?"  # in every folder
            elif k == len(parts) - 1:
                regex += "/.*"  # everything inside
            else:
                regex += "/(?:.*/)?"  # zero or more folders
            continue
        if k and parts[k - 1] != "**":
            regex += "/"
        regex += _segment(part)
    if not anchored:
        regex = "(?:.*/)?" + regex
    return Rule(base, re.compile(r"\A" + regex + r"\Z", re.S), negate, dir_only)


def read_rules(folder: str, base: str, name: str = ".gitignore") -> list[Rule]:
    """The rules of `folder`/`name` (relative to the walk's root as `base`); [] when there is none or it
    cannot be read (a link, a folder, not UTF-8, too large: a .gitignore is never worth failing a run)."""
    path = os.path.join(folder, name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return []
    try:
        with os.fdopen(fd, "rb") as fh:
            if not os.path.isfile(path) or os.fstat(fh.fileno()).st_size > MAX_BYTES:
                return []
            text = fh.read(MAX_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return []
    return [rule for rule in (compile_line(line, base) for line in text.splitlines()) if rule is not None]


def ignored(rules: list[Rule], rel: str, is_dir: bool) -> bool:
    """Whether the entry at `rel` ("/"-separated, relative to the walk's root) is ignored by `rules` (in the
    order git reads them: the last match decides)."""
    result = False
    for rule in rules:
        if rule.dir_only and not is_dir:
            continue
        if rule.base:
            if not rel.startswith(rule.base + "/"):
                continue
            sub = rel[len(rule.base) + 1 :]
        else:
            sub = rel
        if rule.regex.match(sub):
            result = not rule.negate
    return result
