"""Body cleaning: HTML/Markdown post body -> plain-text paragraphs worth summarizing.

Drops images, figures, tables, headings, code, link-only and call-to-action lines, and
source/licence footers. Pure text in, list of paragraphs out.
"""

from __future__ import annotations

import html
import html.parser
import re
from html.parser import HTMLParser

LINK_OPEN, LINK_CLOSE = "\x01", "\x02"  # marks link text so link-only lines can be dropped

_SKIP = {
    "script",
    "style",
    "table",
    "figure",
    "figcaption",
    "img",
    "iframe",
    "noscript",
    "svg",
    "button",
    "form",
    "nav",
    "pre",
    "code",
    "video",
    "audio",
    "select",
    "textarea",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "title",
}
_VOID = {"img", "br", "hr", "input", "meta", "link", "source", "area", "col", "embed", "wbr"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "header",
    "footer",
    "aside",
    "main",
    "br",
    "hr",
    "tr",
}

# Links and images also match unfinished, up to where they stop (see _sub_finished), with `end` set only when
# finished: "![alt](target)", "[text](target)", "[text][ref]" (a reference-style link: "[설치 방법][11]")
# and "[[1]](target)" (a numbered reference: "Istio[[1]](https://…)").
_MD_IMAGE = re.compile(r"!\[[^\]]*(?:\](?:\([^)]*(?P<end>\))?)?)?")
_MD_LINK = re.compile(r"\[([^\]]*)(?:\](?:\([^)]*(?P<end>\))?)?)?")
_MD_REF_LINK = re.compile(r"\[([^\]]*)(?:\](?:\[[^\]]*(?P<end>\])?)?)?")
_MD_CITATION = re.compile(r"\[\[[^\[\]]*\]\]\([^)]*(?P<end>\))?")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
# A delimiter row ("|---|:--|") is a line of [\s:|-] holding "---": a lookahead for "---" and one run of those
# characters, linear in the line (a pattern such as "[\s:|-]*-{3,}[\s:|-]*" tries every split of a run of "-").
_MD_TABLE = re.compile(r"^\s*\|.*\||^(?=.*---)[\s:|-]*$|^[^|\n]*(\|[^|\n]*){2,}$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_]\s*){3,}$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*>+\s?")
_MD_EMPHASIS = re.compile(r"(?<!\\)(\*{1,3}|_{2,3}|`+|~~)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!'\"~|<>])")  # \' \- \[ : Markdown's backslash escapes
# Liquid tags, kramdown attributes {:target="_blank"}. A tag holds no opening of its own kind, so an unclosed
# "{{" is given up at the next "{{" instead of at the end of the body (once per "{{": quadratic).
_LIQUID = re.compile(r"\{%(?:(?!\{%).)*?%\}|\{\{(?:(?!\{\{).)*?\}\}|\{:[^{}\n]*\}", re.S)
_LINK_TEXT = re.compile(f"{LINK_OPEN}[^{LINK_CLOSE}]*{LINK_CLOSE}")
# How far html.parser reads a start tag (its name in Python 3.10 to 3.14; without it, nothing is remembered)
_START_TAG = getattr(html.parser, "locatestarttagend_tolerant", re.compile("<"))
_URL = re.compile(r"(?:https?://|www\.)\S+")
# A button or a menu entry, not a sentence: a short line that points (an arrow, a pointing hand) or links, with
# no sentence in it ("👉 최저가 예약하기", "자세히 보기 ▶", "금융 | [헤드라인](#…)").
_POINTING = re.compile("[👈👉👇👆☞☜▶►▷→⇒⬇]")
_SENTENCE_END = re.compile(r"[다요죠까니][.!?~]*(\s|$)|[.!?](\s|$)")
BUTTON_CHARS = 80
# A credit or licence line: a source, a photo credit, a copyright mark, a contact label at its start, or a
# copyright notice of the kind that closes an article ("ⓒ …", "무단 전재 및 재배포 금지"). Only the post's last
# paragraphs are read as its footer: a paragraph in the body that mentions 저작권 is prose, and kept.
_CREDIT = re.compile(r"^(?:\(?\s*(?:자료\s?)?출처|사진\s?(?:출처|제공)?\s*[:=]|source\s*:|문의\s*[:：])", re.I)
_NOTICE = re.compile(
    r"ⓒ|©|\(c\)\s|copyright|all rights reserved|무단\s?전재|재배포\s?금지|공공누리|(자료\s?)?출처\s*[:=]|source\s*:",
    re.I,
)
FOOTER_PARAGRAPHS = 3  # the last paragraphs of a post where a credit line is its footer
_HANGUL = re.compile(r"[가-힣]")


class _TextExtractor(HTMLParser):
    """Text of the HTML outside skipped elements, with link text marked.

    At close(), html.parser gives up on an unterminated tag or comment one "<" at a time, and scans the rest of
    the body again for each (quadratic): a scan that failed is remembered here, so no text is scanned twice.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def goahead(self, end):
        # Positions in the buffer of this pass: a "<" before tag_open_until lies inside an unterminated start tag
        # found before; there is no "-->" at or after comment_open_from.
        self.tag_open_until, self.comment_open_from = 0, len(self.rawdata)
        super().goahead(end)

    def check_for_whole_start_tag(self, i):
        if i < self.tag_open_until:
            return -1
        end = super().check_for_whole_start_tag(i)
        if end < 0:
            self.tag_open_until = _START_TAG.match(self.rawdata, i).end()
        return end

    def parse_comment(self, i, report=1):
        if i >= self.comment_open_from:
            return -1
        end = super().parse_comment(i, report)
        if end < 0:
            self.comment_open_from = i
        return end

    def parse_html_declaration(self, i):
        if self.rawdata.startswith("<![", i):  # a comment up to ">", as in HTML (html.parser's own
            return self.parse_bogus_comment(i)  # handling asserts on "<![" followed by an unknown word)
        return super().parse_html_declaration(i)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
        if tag in _BLOCK:
            self.out.append("\n\n")
        if tag == "a" and not self.skip:
            self.out.append(LINK_OPEN)

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP and tag not in _VOID and self.skip:
            self.skip -= 1
            if tag.startswith("h") and not self.skip:
                self.out.append("\n\n")
        if tag in _BLOCK:
            self.out.append("\n\n")
        if tag == "a" and not self.skip:
            self.out.append(LINK_CLOSE)

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(body: str) -> str:
    # No tag or comment ends after the last ">": what follows is text, without html.parser scanning to the end
    # once for each "<" in it.
    end = body.rfind(">") + 1
    parser = _TextExtractor()
    parser.feed(body[:end])
    parser.close()
    parser.handle_data(html.unescape(body[end:]))
    return "".join(parser.out)


def _sub_finished(pattern: re.Pattern, line: str, link: bool = False) -> str:
    """`line` with each finished match of `pattern` (one that reaches its `end`) removed, or replaced by its
    marked link text when `link`; an unfinished one is left as it is.

    An unfinished link is passed over in one step: every "[" inside it would stop at the same missing "]" or ")",
    and trying each again made a line of thousands of "[" quadratic.
    """

    def repl(m: re.Match) -> str:
        if not m["end"]:
            return m[0]
        return f"{LINK_OPEN}{m[1]}{LINK_CLOSE}" if link else ""

    return pattern.sub(repl, line)


def _markdown_line(line: str) -> str | None:
    """One Markdown line as plain text, or None when the whole line is dropped."""
    if _MD_HEADING.match(line) or _MD_TABLE.match(line) or _MD_RULE.match(line):
        return None
    line = _MD_QUOTE.sub("", _MD_LIST.sub("", line))
    line = _sub_finished(_MD_CITATION, _sub_finished(_MD_IMAGE, line))
    line = _sub_finished(_MD_REF_LINK, _sub_finished(_MD_LINK, line, link=True), link=True)
    line = _MD_EMPHASIS.sub("", line)
    return _MD_ESCAPE.sub(r"\1", _URL.sub("", line))


def _keep(paragraph: str, footer: bool) -> bool:
    """Whether a paragraph is the post's own text: not link-only, not a button, and (`footer`: one of the post's
    last paragraphs) not a credit or licence line."""
    end = paragraph.rfind(LINK_CLOSE) + 1  # no link ends after the last close: do not look for one from each open
    outside_links = _LINK_TEXT.sub("", paragraph[:end]) + paragraph[end:]
    text = paragraph.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")
    if not _HANGUL.search(outside_links):
        return False  # link-only, or no Korean text at all
    if _CREDIT.search(text) or footer and _NOTICE.search(text) and len(text) < 200:
        return False
    links = LINK_OPEN in paragraph
    return not (len(text) < BUTTON_CHARS and (links or _POINTING.search(text)) and not _SENTENCE_END.search(text))


def clean_body(body: str) -> list[str]:
    """Plain-text paragraphs of a post body, in order."""
    text = html_to_text(_LIQUID.sub("", body.replace("\r\n", "\n")))
    paragraphs, current = [], []
    for raw in text.split("\n"):
        line = _markdown_line(raw) if raw.strip() else ""
        if line is None or not line.strip():
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    kept = [p for n, p in enumerate(paragraphs) if _keep(p, n >= len(paragraphs) - FOOTER_PARAGRAPHS)]
    return [" ".join(html.unescape(p).replace(LINK_OPEN, "").replace(LINK_CLOSE, "").split()) for p in kept]
