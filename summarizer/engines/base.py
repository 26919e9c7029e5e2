"""The common engine interface and the helpers every engine uses to build whole-sentence excerpts."""

from __future__ import annotations

import re
from typing import Protocol

from ..decoding import DECODING
from ..kiwi import Document, Sentence

MIN_SENTENCE_CHARS = DECODING.min_sentence_chars
_CUT = re.compile(r"(\.\.|…)\s*$")
_FINAL_TAGS = {"EF", "SF"}


class Engine(Protocol):
    name: str

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        """One excerpt per document: whole sentences, at most `max_chars` characters ("" if none fit)."""


def is_candidate(s: Sentence) -> bool:
    """A whole declarative sentence worth quoting: ends in a final ending or full stop, not a question."""
    text = s.text
    if len(text) < MIN_SENTENCE_CHARS or _CUT.search(text) or text.endswith("?"):
        return False
    tags = [tag for _, tag in s.tokens]
    if not tags or tags[0].startswith(("J", "E", "X")):
        return False  # starts with a particle or ending: a fragment left by a removed link or image
    return tags[-1] in _FINAL_TAGS and any(t.startswith(("NN", "VV", "VA")) for t in tags)


def candidates(doc: Document) -> list[int]:
    """Indices of the sentences an excerpt may use (all Korean ones when none look whole)."""
    found = [i for i, s in enumerate(doc.sentences) if is_candidate(s)]
    return found or [i for i, s in enumerate(doc.sentences) if len(s.text) >= MIN_SENTENCE_CHARS]


def fit(doc: Document, ranked: list[int], max_chars: int, max_overlap: float = 1.0) -> str:
    """Take sentences in `ranked` order while they fit in `max_chars`, skipping those whose content words
    mostly (> `max_overlap`) repeat a chosen one; join them in document order."""
    chosen, seen, used = [], [], -1
    for i in ranked:
        length = len(doc.sentences[i].text)
        if used + 1 + length > max_chars:
            continue
        words = set(doc.sentences[i].content)
        if words and any(len(words & s) / len(words) > max_overlap for s in seen):
            continue
        chosen.append(i)
        seen.append(words)
        used += 1 + length
    return " ".join(doc.sentences[i].text for i in sorted(chosen))
