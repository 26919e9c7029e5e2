"""The engine contract, and the helpers every engine uses to build whole-sentence excerpts."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ClassVar

from summarizer.text.kiwi import PUNCT_TAGS, Document, Sentence
from summarizer.text.packing import PACKING
from summarizer.text.voice import DEFAULT_VOICE

MIN_SENTENCE_CHARS = PACKING.min_sentence_chars
_CUT = re.compile(r"(\.\.|…)\s*$")
_FINAL_TAGS = {"EF", "SF"}


@dataclass
class EngineStats:
    """What an engine counts while it summarizes: the run's summary line and eval's table read it."""

    summarized: int = 0  # posts given an excerpt
    fallbacks: int | None = None  # of them, excerpts that failed a check and fell back (engines that check)
    statements: int | None = None  # of them, topic or purpose statements (engines that write them)
    purposes: int = 0  # of the statements, the post's own sentence about what it does, restated
    leads: int = 0  # posts given the lead's whole sentences (where a trained site's digest scored below them)
    untrained: int = 0  # posts given the untrained default engine's excerpt (where it scored above the digest)

    def __add__(self, other: EngineStats) -> EngineStats:
        """Every count summed (a count neither engine keeps stays None): a run's processes together."""
        return self._each(other, lambda x, y: x + y)

    def __sub__(self, other: EngineStats) -> EngineStats:
        """Every count of `self` less `other`'s: what a worker counted in one chunk."""
        return self._each(other, lambda x, y: x - y)

    def _each(self, other: EngineStats, op) -> EngineStats:
        values = {}
        for f in fields(self):
            x, y = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = None if x is None and y is None else op(x or 0, y or 0)
        return EngineStats(**values)


class Engine:
    """An engine writes one whole-sentence excerpt per document. A subclass sets `name` and `summarize`; one
    that reads a model folder also lists the files it needs (`model_files`, names from `summarizer.editor.modelfiles`),
    says what they are (`model_part`) and checks them (`model_problem`). Adding an engine is its module plus
    one line in `summarizer.engines`' registry."""

    name: ClassVar[str]
    model_files: ClassVar[tuple[str, ...]] = ()  # what its model folder must hold; () = it reads no model
    model_part: ClassVar[str] = ""  # what those files are, in messages ("the select stage")
    hub_patterns: ClassVar[tuple[str, ...]] = ()  # what it downloads from the hub (default: `model_files`)
    requires: ClassVar[tuple[str, ...]] = ()  # optional packages it imports (an extra: `sumy` for the peer)
    stats: EngineStats  # what it counted while summarizing (a new count per engine)
    # For each document of the last `summarize` call, why its excerpt fell back (None: it did not); None for an
    # engine that never falls back.
    last_fallbacks: list[str | None] | None = None

    def __init__(self) -> None:
        self.stats = EngineStats()

    @classmethod
    def needs_model(cls) -> bool:
        return bool(cls.model_files)

    @classmethod
    def model_problem(cls, folder: Path) -> str | None:
        """Why `folder` cannot serve this engine (a phrase that follows the folder's name), or None."""
        missing = next((name for name in cls.model_files if not (folder / name).is_file()), None)
        return cls.explain(f"has no {missing}") if missing else None

    @classmethod
    def explain(cls, problem: str) -> str:
        """`problem` of the model folder, with what the files are and where they come from."""
        return f"{problem} ({cls.model_part}, written by `summarizer train`)"

    @classmethod
    def from_pretrained(cls, model: str | None = None, voice: str = DEFAULT_VOICE) -> Engine:
        """The engine with its model (a folder `summarizer.engines.check_model` resolved; None for an engine
        that reads none), writing in `voice` where it can choose one (see `summarizer.text.voice`)."""
        return cls()

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        """One excerpt per document: whole sentences, at most `max_chars` characters ("" if none fit)."""
        raise NotImplementedError

    def stats_line(self) -> str:
        """What the run's summary line adds about this engine's work ("" for nothing)."""
        return self.describe(self.stats)

    @classmethod
    def describe(cls, stats: EngineStats) -> str:
        """The summary line's part for these counts (summed over a run's processes); "" for nothing."""
        return ""


def is_candidate(s: Sentence) -> bool:
    """A whole declarative sentence worth quoting: ends in a final ending or full stop, not a question."""
    text = s.text
    if len(text) < MIN_SENTENCE_CHARS or _CUT.search(text) or text.endswith("?"):
        return False
    tags = [tag for _, tag in s.tokens]
    if not tags or tags[0].startswith(("J", "E", "X")):
        return False  # starts with a particle or ending: a fragment left by a removed link or image
    words = [(form, tag) for form, tag in s.tokens if not tag.startswith(PUNCT_TAGS)]
    if words and words[-1][0] == "요" and words[-1][1] == "JX":
        words.pop()  # "…했는데요." / "…늘었고요.": the spoken lead-in, a connective ending made polite
    if words and words[-1][1] == "EC":
        return False  # "…을 제거하고 ." (inline code cut out), "…진행했는데요.": a clause that leads on to another
    return tags[-1] in _FINAL_TAGS and any(t.startswith(("NN", "VV", "VA", "SH")) for t in tags)  # SH: 漢字語


def candidates(doc: Document) -> list[int]:
    """Indices of the sentences an excerpt may use (all Korean ones when none look whole); found once per document
    (kept in its memo, a copy returned: training ranks the same posts with every engine and setting)."""
    if "candidates" not in doc.memo:
        doc.memo["candidates"] = _candidates(doc)
    return list(doc.memo["candidates"])


def _candidates(doc: Document) -> list[int]:
    found = [i for i, s in enumerate(doc.sentences) if is_candidate(s)]
    return found or [i for i, s in enumerate(doc.sentences) if len(s.text) >= MIN_SENTENCE_CHARS]


def pack(doc: Document, ranked: list[int], max_chars: int, max_overlap: float = 1.0) -> str:
    """Pack sentences into the budget: take them in `ranked` order while they fit in `max_chars`, skipping those
    whose content words mostly (> `max_overlap`; 1.0: none) repeat a chosen one; join them in document order."""
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
