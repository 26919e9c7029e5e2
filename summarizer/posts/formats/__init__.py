"""Front-matter formats behind one interface (`Format`), picked by the file's first line:
`---` YAML, `+++` TOML (Hugo), `{` JSON (Hugo), after an optional BOM."""

from __future__ import annotations

import re

from summarizer.posts.formats import json_fm, toml_fm, yaml_fm
from summarizer.posts.formats.base import MAX_DEPTH, Format, FrontMatter, InvalidPost, PostError

BOM = "\ufeff"
FORMATS: dict[str, Format] = {f.name: f for f in (yaml_fm.FORMAT, toml_fm.FORMAT, json_fm.FORMAT)}
_FIRST_LINE = [
    (re.compile(r"---[ \t]*\r?\n"), yaml_fm.FORMAT),
    (re.compile(r"\+\+\+[ \t]*\r?\n"), toml_fm.FORMAT),
    (re.compile(r"\{"), json_fm.FORMAT),
]

__all__ = ["BOM", "FORMATS", "MAX_DEPTH", "Format", "FrontMatter", "InvalidPost", "PostError", "detect"]


def detect(text: str) -> tuple[Format, int]:
    """The format of `text`'s front matter and the offset where it starts (after a BOM)."""
    start = 1 if text.startswith(BOM) else 0
    for first_line, fmt in _FIRST_LINE:
        if first_line.match(text, start):
            return fmt, start
    raise InvalidPost("no front matter (the file does not start with a '---', '+++' or '{' line)")
