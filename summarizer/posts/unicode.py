"""Text as a reader sees it: what is read from a post (its title, body and summaries) composed before it is
analysed or counted. The post's own bytes are never changed."""

from __future__ import annotations

import json
import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")


def composed(text: str) -> str:
    """`text` with decomposed characters composed (NFC), as a reader sees them: Hangul written as conjoining
    jamo (macOS file names and some editors: 한 as ᄒ + ᅡ + ᆫ) becomes syllables, a letter and its combining
    accent one character. Only a character followed by combining marks or jamo is composed; one that NFC
    would swap for another on its own (a CJK compatibility ideograph of KS X 1001, U+212B) is kept."""
    if unicodedata.is_normalized("NFC", text):
        return text
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not _joins(text[i]):
            out.append(unicodedata.normalize("NFC", text[start:i]) if i - start > 1 else text[start:i])
            start = i
    return "".join(out)


def _joins(char: str) -> bool:
    """Whether `char` composes with the character before it: a combining mark, a medial or final Hangul jamo."""
    return bool(unicodedata.combining(char)) or "\u1160" <= char <= "\u11ff" or "\ud7b0" <= char <= "\ud7ff"


# A terminal escape sequence, whole: CSI (ESC [ or C1 CSI, parameters, a final byte), a string command (OSC,
# DCS, SOS, PM, APC: ESC ] … up to BEL or ST, or the end of the line), or any other ESC sequence. Removing only
# the ESC would leave "]0;title" or "[2J" in the text.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 but \t \n \r, DEL, C1


def visible(text: str) -> str:
    """`text` as a reader sees it: composed (`composed`), without terminal escape sequences, control characters
    (but tab and line breaks) and invisible format characters (the Unicode class Cf: zero-width spaces, direction
    marks and overrides, joiners, tag characters U+E0020-E007F that can hide text, a stray BOM)."""
    text = _CONTROL.sub("", _ESCAPE.sub("", composed(text)))
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def shown(text: object) -> str:
    """`text` safe to print on one line of a terminal: every character that is not printable (a control
    character, ESC, an invisible format character, a line break) written as an escape (\\x1b, \\u200b)."""
    return "".join(c if c.isprintable() else _escape(c) for c in str(text))


def shown_line(line: str) -> str:
    """One line of output (a diff line) safe to print: as `shown`, but its tab and line ending are kept."""
    body = line.rstrip("\r\n")
    return "".join(c if c.isprintable() or c == "\t" else _escape(c) for c in body) + line[len(body) :]


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def json_text(value: object, **options) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` that always encodes as UTF-8: a lone surrogate (a byte of a
    file name that is not UTF-8, as Python decodes it: `os.fsdecode`) is written as its JSON escape (\\udcff),
    which `json.loads` reads back as the same character, so the name comes back byte for byte."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
