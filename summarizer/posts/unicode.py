"""Text as a reader sees it: what is read from a post (its title, body and summaries) composed before it is
analysed or counted. The post's own bytes are never changed."""

from __future__ import annotations

import unicodedata


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
