"""Every kind of output scored on the site's latest posts (`collect`, `Scores`), and what a learned part gains over
what it replaces (`gain`, `Gain.sure`).

Every kind of output is scored (ROUGE-1 against the site's own summaries) on the latest posts, at the site's own
length (its summaries' 75th percentile), at a post list's summary line (70 characters) and at the default
`--max-chars`. A latest post's statement uses frames learned from every summary but its own and those of a tenth
of the latest posts (FOLDS parts: as few left out as the time allows), as the final model's frames come from every
summary.

A learned part is surely better (`Gain.sure`) by more than MARGIN points at the site's length, with a mean gain per
post SURE standard errors above zero, never below the lead at any length, and with no more excerpts holding a short
sentence (SHORT_CHARS characters or fewer) or two registers than lead's (give or take FLAW_SLACK points).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from summarizer.text.frames import KINDS
from summarizer.text.packing import PACKING

MARGIN = 1.0  # R-1 points a learned part must add over what it replaces (at the site's length)
SURE = 1.0  # ... and its mean gain per post must be this many standard errors above zero
SHORT_CHARS = 12  # a sentence of at most this many characters (spaces and end marks not counted) is short
FLAW_SLACK = 2.0  # % points of excerpts with a short sentence, or two registers, a part may add over lead's
SITE_LENGTH = (40, PACKING.max_chars)  # the site's own length is kept within these bounds
LINE_CHARS = 70  # a summary line in a post list (`--max-chars 70`, as many blogs would run it): checked too


def site_lengths(references: list[str]) -> list[int]:
    """The lengths decided at: the site's own (its summaries' 75th percentile, rounded up to 10, within
    SITE_LENGTH) first, then a post list's summary line (LINE_CHARS) and the default `--max-chars`."""
    ordered = sorted(len(r) for r in references) or [PACKING.max_chars]
    own = int(math.ceil(ordered[round(0.75 * (len(ordered) - 1))] / 10) * 10)
    own = max(SITE_LENGTH[0], min(SITE_LENGTH[1], own))
    return list(dict.fromkeys([own, LINE_CHARS, PACKING.max_chars]))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


class Scores:
    """Per kind of output, per length, each latest post's R-1, whether the kind wrote anything for it, and whether
    it holds a short sentence (SHORT_CHARS or fewer) or mixes registers."""

    def __init__(self, references: list[str], lengths: list[int]) -> None:
        self.references, self.lengths = references, lengths
        self.r1: dict[str, list[list[float]]] = {}
        self.wrote: dict[str, list[list[bool]]] = {}
        self.flaws: dict[str, list[list[tuple[bool, bool]]]] = {}  # (short sentence, two registers)

    def add(self, kind: str, texts_per_length: list[list[str]]) -> None:
        from summarizer.training.choose import rouge

        self.wrote[kind] = [[bool(t) for t in texts] for texts in texts_per_length]
        self.r1[kind] = [[s["rouge1"] for s in rouge(list(zip(self.references, texts)))] for texts in texts_per_length]
        self.flaws[kind] = [flaws(texts) for texts in texts_per_length]

    def picks(self, rest: str, statement: str | None = None) -> list[list[str]]:
        """Per length, the kind each post gets: the `statement` kind where that wrote one, else `rest`."""
        return [
            [statement if statement and self.wrote[statement][m][i] else rest for i in range(len(self.references))]
            for m in range(len(self.lengths))
        ]

    def of(self, picked: list[list[str]], rows: list[int]) -> list[list[float]]:
        """Per length, the R-1 of each of `rows` with what `picked` gives it."""
        return [[self.r1[picked[m][i]][m][i] for i in rows] for m in range(len(self.lengths))]

    def shares(self, picked: list[list[str]], rows: list[int]) -> list[tuple[float, float]]:
        """Per length, the % of `rows` whose output (as `picked`) has a short sentence, and mixes registers."""
        return [
            tuple(100 * sum(self.flaws[picked[m][i]][m][i][k] for i in rows) / max(len(rows), 1) for k in (0, 1))
            for m in range(len(self.lengths))
        ]

    def means(self, per_length: list[list[float]], rows: list[int]) -> list[float]:
        return [_mean([scores[i] for i in rows]) for scores in per_length]


def flaws(texts: list[str]) -> list[tuple[bool, bool]]:
    """Whether each text holds a sentence of SHORT_CHARS characters or fewer (spaces and end marks not counted),
    and whether it mixes the plain and the polite register: what the engine must not do more than lead does."""
    from summarizer.text.endings import clashes, register_of
    from summarizer.text.kiwi import split_documents

    docs = split_documents([("", [t]) for t in texts]) if texts else []
    return [
        (
            any(sum(1 for c in s.text if not c.isspace() and c not in ".!?…。~") <= SHORT_CHARS for s in doc.sentences),
            clashes([register_of(s.tokens) for s in doc.sentences]),
        )
        for doc in docs
    ]


@dataclass
class Gain:
    """A part against what it replaces on some posts: the mean R-1 of each at every length, the mean per-post gain
    and its standard error at every length, and whether it keeps to the lead's short sentences and registers."""

    learned: list[float]
    without: list[float]
    gains: list[float]
    errors: list[float]
    above_lead: bool  # its mean is at least the lead's at every length (True: not asked)
    tidy: bool  # at every length, no more outputs with a short sentence or two registers than lead's + FLAW_SLACK

    @property
    def mean(self) -> float:
        return self.gains[0]

    @property
    def error(self) -> float:
        return self.errors[0]

    def sure(self, everywhere: bool = False) -> bool:
        """Whether it is better: by MARGIN points, SURE standard errors above zero (at the site's length, or with
        `everywhere` at every length), never below the lead at any length, and as tidy as the lead."""
        at = range(len(self.gains)) if everywhere else range(1)
        won = all(self.gains[m] > MARGIN and self.gains[m] > SURE * self.errors[m] for m in at)
        return won and self.above_lead and self.tidy


def gain(scores: Scores, rows: list[int], learned: list[list[str]], without: list[list[str]], guard=True) -> Gain:
    """What `learned` gives (the kind each post gets, per length) against `without` on the posts `rows`; with
    `guard`, also against the lead at every length."""
    got, had = scores.of(learned, rows), scores.of(without, rows)
    gains, errors = [], []
    for a, b in zip(got, had):
        diffs = [x - y for x, y in zip(a, b)]
        gains.append(_mean(diffs))
        errors.append(statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else math.inf)
    lead = scores.picks("lead")
    lead_r1 = [_mean(x) for x in scores.of(lead, rows)]
    means = [_mean(x) for x in got]
    tidy = all(
        s <= ls + FLAW_SLACK and c <= lc + FLAW_SLACK
        for (s, c), (ls, lc) in zip(scores.shares(learned, rows), scores.shares(lead, rows))
    )
    above = not guard or all(a >= b for a, b in zip(means, lead_r1))
    return Gain(means, [_mean(x) for x in had], gains, errors, above, tidy or not guard)


FOLDS = 10  # the latest posts' statements use frames learned without their own summaries, in this many parts


def collect(output, part, summarized: list, lengths: list[int]) -> tuple[Scores, str]:
    """Every kind of output on the latest posts (`part`), at each length, scored; and the untrained default
    engine's name ("" when it cannot be loaded). The model in `output` was fitted on the older posts; a
    statement's frame is learned from every summary but the post's own (`summarized`: every post with one),
    as the final model learns them from every summary."""
    from summarizer.engines.condense import CondenseEngine
    from summarizer.engines.lead import LeadEngine
    from summarizer.posts.unicode import visible
    from summarizer.text.frame_learning import learn_without
    from summarizer.text.voice import categories_of

    docs, references = part.docs, part.targets
    engine = CondenseEngine(output)
    scores = Scores(references, lengths)
    scores.add("lead", [LeadEngine().summarize(docs, m) for m in lengths])
    frames, engine.frames = engine.frames, None  # no statement of the site's: what a post gets without one
    for voice in ("learned", "article"):  # in the article's voice, what the untrained engine writes a post of a
        engine.set_voice(voice)  # site it does not know (a list post's headlines, its own purpose restated)
        scores.add(voice, [engine.summarize(docs, m) for m in lengths])
    engine.frames = frames
    name, other = untrained_engine()
    if other is not None:
        scores.add("untrained", [other.summarize(docs, m) for m in lengths])
    engine.set_voice("learned")
    latest = [str(ex.path) for ex in part.examples]
    folds = [list(range(k, len(docs), FOLDS)) for k in range(min(FOLDS, len(docs)))]
    texts = {kind: [[""] * len(docs) for _ in lengths] for kind in KINDS[1:]}
    where = {str(ex.path): n for n, ex in enumerate(summarized)}
    pairs = [(visible(str(ex.post.meta.get("title") or "")), ex.reference) for ex in summarized]
    models = learn_without(
        pairs,
        [categories_of(ex.post.meta) for ex in summarized],
        [[where[latest[i]] for i in fold if latest[i] in where] for fold in folds],
    )
    for fold, model in zip(folds, models):
        engine.frames = model
        for kind in KINDS[1:]:
            for m, length in enumerate(lengths):
                for i, text in zip(fold, engine.statements_of([docs[i] for i in fold], [kind] * len(fold), length)):
                    texts[kind][m][i] = text
    for kind, per_length in texts.items():
        scores.add(kind, per_length)
    return scores, name


def untrained_engine():
    """The untrained default engine (as a new user runs it, with the shipped model) and its name, or ("", None)
    when it cannot be loaded."""
    from summarizer import engines as registry

    name = registry.default_engine()
    try:
        return name, registry.get_engine(name)
    except (ValueError, OSError):
        return "", None
