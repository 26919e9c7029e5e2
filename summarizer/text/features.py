"""Sentence features shared by the heuristic extractive engine and the learned select stage."""

from __future__ import annotations

import base64
import math
import re
from collections import Counter

import numpy as np

from summarizer.text.derived_cache import remembered
from summarizer.text.editing import SPEECH_QUOTES
from summarizer.text.kiwi import Document, content_words
from summarizer.text.packing import PACKING
from summarizer.text.sentence_kinds import ANNOUNCE

FEATURES = [
    "centrality",
    "title_overlap",
    "lead_prior",
    "is_first",
    "length",
    "relative_position",
    "number_share",
    "paragraph_start",
    "announces",
    "polite",
    "quotes",
    "has_number",
    "short",
    "long",
]
_POLITE = re.compile(r"니다[.!]?$")
_QUOTE = re.compile(f"[{re.escape(SPEECH_QUOTES)}]")


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _cosine_rest(bag: Counter, total: Counter, total_sq: int) -> float:
    """`_cosine(bag, total - bag)` for a bag that `total` contains, with `total_sq` the sum of `total`'s squared
    counts: the same integer sums (so the same float), without building `total - bag` for every sentence."""
    dot = rest_sq = 0
    for k, v in bag.items():
        left = total[k] - v
        dot += v * left
        rest_sq += left * left - total[k] * total[k]
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in bag.values()) * (total_sq + rest_sq))


# what sentence_features computes with: a change to any of them is a miss in the cache of its rows
SOURCES = (__name__, "summarizer.text.sentence_kinds", "summarizer.text.editing", "summarizer.text.kiwi")


def sentence_features(doc: Document, indices: list[int], max_chars: int = PACKING.max_chars) -> np.ndarray:
    """One row of FEATURES per sentence index (candidate order = document order), computed once per document,
    indices and length (`summarizer.text.derived_cache`; the array is read-only)."""
    return remembered(
        doc,
        "sentence_features",
        SOURCES,
        (tuple(int(i) for i in indices), int(max_chars)),
        lambda: _features(doc, indices, max_chars),
        dump=_packed,
        load=lambda packed: _unpacked(packed, len(FEATURES)),
        shape=lambda packed: _packs(packed, len(indices), len(FEATURES)),
    )


def _packed(array: np.ndarray) -> str:
    """The rows as the base64 of their float64 bytes: kept exactly, and read back without parsing each number."""
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f8").tobytes()).decode("ascii")


def _unpacked(packed: str, width: int) -> np.ndarray:
    """The read-only array of rows `width` wide that `_packed` wrote."""
    array = np.frombuffer(base64.b64decode(packed), dtype="<f8").reshape(-1, width)
    array.flags.writeable = False
    return array


def _packs(packed: object, rows: int, width: int) -> bool:
    """Whether `packed` is what `_packed` writes for `rows` rows `width` wide (the derived cache's shape check)."""
    if not isinstance(packed, str):
        return False
    try:
        return len(base64.b64decode(packed, validate=True)) == rows * width * 8
    except ValueError:  # not base64 (binascii.Error is a ValueError)
        return False


def _features(doc: Document, indices: list[int], max_chars: int) -> np.ndarray:
    bags = [Counter(doc.sentences[i].content) for i in indices]
    total = Counter()
    for bag in bags:  # the counts of sum(bags, Counter()), without a new Counter per sentence
        total.update(bag)
    total_sq = sum(v * v for v in total.values())
    title = set(content_words(doc.title_tokens))
    n = max(len(indices), 1)
    rows = []
    prev_paragraph = None
    for rank, (i, bag) in enumerate(zip(indices, bags)):
        s = doc.sentences[i]
        numbers = sum(1 for _, tag in s.tokens if tag == "SN")
        rows.append(
            [
                _cosine_rest(bag, total, total_sq),
                len(title & set(bag)) / len(title) if title else 0.0,
                1.0 / (1 + rank),
                1.0 if rank == 0 else 0.0,
                min(len(s.text), max_chars) / max_chars,
                rank / n,
                numbers / max(len(bag), 1),
                1.0 if s.paragraph != prev_paragraph else 0.0,
                1.0 if ANNOUNCE.search(s.text) else 0.0,
                1.0 if _POLITE.search(s.text) else 0.0,
                1.0 if _QUOTE.search(s.text) else 0.0,
                1.0 if numbers else 0.0,
                1.0 if len(s.text) < 40 else 0.0,
                1.0 if len(s.text) > max_chars else 0.0,
            ]
        )
        prev_paragraph = s.paragraph
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))


# The general ranker's features (posts of a site or category no model was trained on): the sentence features
# above, and what says a sentence states the post's subject: how much of it is the title's words, whether it
# is the post's own sentence about what it does ("이번 글에서는 … 소개합니다"), whether it leans on the one before,
# asks, lies in the post's first paragraph, its length, and whether it is a labelled fragment ("가격: …").
GENERAL_FEATURES = [
    *FEATURES,
    "title_cover",
    "purpose",
    "leans_back",
    "question",
    "first_paragraph",
    "chars",
    "label",
]
_LABEL = re.compile(r"^[^\s:：]{1,15}\s?[:：]\s")
GENERAL_SOURCES = (*SOURCES, "summarizer.text.purpose", "summarizer.text.endings")


def general_features(doc: Document, indices: list[int], max_chars: int = PACKING.max_chars) -> np.ndarray:
    """One row of GENERAL_FEATURES per sentence index (candidate order), computed once per document, indices and
    length (`summarizer.text.derived_cache`; the array is read-only)."""
    return remembered(
        doc,
        "general_features",
        GENERAL_SOURCES,
        (tuple(int(i) for i in indices), int(max_chars)),
        lambda: _general(doc, indices, max_chars),
        dump=_packed,
        load=lambda packed: _unpacked(packed, len(GENERAL_FEATURES)),
        shape=lambda packed: _packs(packed, len(indices), len(GENERAL_FEATURES)),
    )


def _general(doc: Document, indices: list[int], max_chars: int) -> np.ndarray:
    from summarizer.text.purpose import restate
    from summarizer.text.sentence_kinds import leans_back

    base = sentence_features(doc, indices, max_chars)
    title = {w.lower() for w in content_words(doc.title_tokens)}
    first = doc.sentences[indices[0]].paragraph if indices else None
    extra = []
    for rank, i in enumerate(indices):
        s = doc.sentences[i]
        words = {w.lower() for w in s.content}
        extra.append(
            [
                len(title & words) / len(words) if words else 0.0,
                1.0 if restate(s, "plain", opening=rank < 3) else 0.0,
                1.0 if leans_back(s.text) else 0.0,
                1.0 if s.text.endswith("?") else 0.0,
                1.0 if s.paragraph == first else 0.0,
                min(len(s.text), 200) / 200,
                1.0 if _LABEL.match(s.text) else 0.0,
            ]
        )
    rows = np.hstack(
        [np.asarray(base).reshape(-1, len(FEATURES)), np.asarray(extra).reshape(-1, len(extra[0]) if extra else 7)]
    )
    return rows
