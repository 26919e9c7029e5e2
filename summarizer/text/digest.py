"""List posts: a post that is a list of headlines or items (a weekly digest, a newsletter) is summarized by its
items, not by its menu labels, anchors, bullets or footer.

Found by structure, not by any site's words: a menu of in-page links (`[headline](#anchor)` in Markdown,
`<a href="#anchor">` in HTML) holding at least MIN_ITEMS items that read as headlines (long enough to say
something: a table of contents of short section labels, "설치", "개요", is a tech post's, not a digest). The
excerpt lists the first items whole, in order, as the post gives them, and never cuts one."""

from __future__ import annotations

import html
import re

MIN_ITEMS = 3
MIN_HEADLINE_CHARS = 12  # the median item of a menu of headlines is at least this long
SEPARATOR = " · "
# An in-page link: Markdown [text](#anchor), or HTML <a href="#anchor">text</a> (bounded: no runaway scan).
_LINK = re.compile(
    r"\[([^\[\]\n]{1,200})\]\(#[^)\s]{0,200}\)|<a\s[^>]{0,200}?href=[\"']#[^\"'>]{0,200}[\"'][^>]{0,200}>([^<\n]{1,200})</a>",
    re.I,
)
_MARKUP = re.compile(r"<[^>\n]{0,200}>|[*_`~]+")
_HANGUL = re.compile(r"[가-힣]")


def list_items(body: str) -> tuple[str, ...]:
    """The headlines of a list post, in order and without repeats; () for any other post."""
    found = []
    for match in _LINK.finditer(body):
        text = " ".join(html.unescape(_MARKUP.sub("", match[1] or match[2] or "")).split()).strip(" -|·:")
        if _HANGUL.search(text) and text not in found:
            found.append(text)
    if len(found) < MIN_ITEMS or sorted(len(t) for t in found)[len(found) // 2] < MIN_HEADLINE_CHARS:
        return ()
    return tuple(found)


def digest_of(items: tuple[str, ...], max_chars: int) -> str:
    """The first items that fit `max_chars` whole, in order, joined by SEPARATOR ("" when none fits)."""
    out, used = [], 0
    for item in items:
        cost = len(item) + (len(SEPARATOR) if out else 0)
        if used + cost > max_chars:
            break
        out.append(item)
        used += cost
    return SEPARATOR.join(out)
