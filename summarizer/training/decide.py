"""What the site's posts get, decided on the site's latest posts (held out by date, never fitted on), so that
training never makes a site worse than the lead.

Every kind of output is scored (ROUGE-1 against the site's own summaries) on the latest posts, at the site's own
length (its summaries' 75th percentile), at a post list's summary line (70 characters) and at the default
`--max-chars`, and the learned parts are tried in turn, each against what the posts would get without it:

1. the learned voice (the site's ending style, edits, ranking head and closing phrase) against the article's;
2. what a post without a statement gets (`rest`): the lead's whole sentences; the untrained default engine's
   excerpt where it surely beats them at every length; the learned digest (the select stage's ranking, edited,
   in the voice of 1) where it surely beats that at every length;
3. a statement (`topic`: the title's topic in the author's frame; `purpose`: the post's own sentence about what
   it does, else the topic statement; `items`: the post's items, where the engine writes them) against none.
   A latest post's statement uses frames learned from every summary but its own and those of a tenth of the
   latest posts (FOLDS parts: as few left out as the time allows), as the final
   model's frames come from every summary.

A learned part stays on only where it is surely better (`Gain.sure`): by more than MARGIN points at the site's
length, with a mean gain per post SURE standard errors above zero, never below the lead at any length, and with
no more excerpts holding a short sentence (SHORT_CHARS characters or fewer) or two registers than lead's (give
or take FLAW_SLACK points); otherwise it is off and that part falls back to the untrained behaviour. Decided for
the site on all its latest posts, then for each category of at least MIN_GROUP latest posts where its own choice
beats the site's there by CATEGORY_MARGIN (or the site's falls below the lead there); a category with fewer
latest posts, or one never seen, takes the site's decision. So on the latest posts the result is never below the
lead, overall and for each category that has MIN_GROUP of them.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from summarizer.text.frames import KINDS
from summarizer.text.packing import PACKING
from summarizer.training.record import Check, Decisions, GroupResult

MIN_GROUP = 3  # a category decides for itself with at least this many latest posts
MARGIN = 1.0  # R-1 points a learned part must add over what it replaces (at the site's length)
SURE = 1.0  # ... and its mean gain per post must be this many standard errors above zero
CATEGORY_MARGIN = 1.0  # R-1 points a category's own choice must add over the site's there
SHORT_CHARS = 12  # a sentence of at most this many characters (spaces and end marks not counted) is short
FLAW_SLACK = 2.0  # % points of excerpts with a short sentence, or two registers, a part may add over lead's
SITE_LENGTH = (40, PACKING.max_chars)  # the site's own length is kept within these bounds
LINE_CHARS = 70  # a summary line in a post list (`--max-chars 70`, as many blogs would run it): checked too
LIST_SHARE = 0.5  # summaries that list items, from which a group's summaries are lists

NAMES = {
    "voice": "the learned voice (the site's endings, edits, ranking and closing phrase)",
    "digest": "the learned digest (sentences ranked by the select stage, edited)",
    "topic": "topic statements (the title's topic in the author's frame)",
    "purpose": "purpose statements (the post's own sentence about what it does)",
    "items": "item lists (the post's own items)",
}
SHORT = {"voice": "learned voice", "digest": "learned digest", "topic": "topic statements"}
SHORT |= {"purpose": "purpose statements", "items": "item lists", "lead": "lead", "article": "article voice"}
SHORT |= {"untrained": "untrained engine's digest"}


_NUMBERED = re.compile(r"(?:^|[\s/|,])\(?[1-9][.)]\s*\S")
_SEPARATORS = re.compile(r"\s[/|·]\s|,\s|\.\s(?=\S)")


def lists_items(summary: str) -> bool:
    """Whether a summary lists items ("1.… / 2.…", "A, B, C, D", "A. B. C.") rather than saying one thing: two
    numbered items, or three parts or more, short (a median of at most 20 characters), of which at most one ends
    as a sentence does ("…했다", "…입니다")."""
    if len(_NUMBERED.findall(summary)) >= 2:
        return True
    parts = [p.strip() for p in _SEPARATORS.split(re.sub(r"\([^()]*\)", "", summary)) if p.strip()]  # "(a, b)"
    sentences = sum(bool(re.search(r"(다|요|죠)[.!]?$", p)) for p in parts)
    return len(parts) >= 3 and statistics.median(len(p) for p in parts) <= 20 and sentences <= 1


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


@dataclass
class Choice:
    voice: str  # "learned" or "article"
    rest: str  # one of frames.RESTS
    use: str  # one of frames.KINDS ("digest": no statement)
    checks: list[Check]

    @property
    def rest_key(self) -> str:
        """The kind of output (a key of Scores) posts without a statement get."""
        return self.voice if self.rest == "digest" else self.rest


def choose_for(scores: Scores, rows: list[int], group: str) -> Choice:
    """The voice, rest and statement kind for these latest posts (see the module's docstring)."""
    n = len(rows)
    lead = scores.means(scores.r1["lead"], rows)
    checks = []

    def check(part: str, g: Gain, covered: int, beaten: str, everywhere: bool = False) -> bool:
        on = g.sure(everywhere)
        if on:
            why = f"beats {beaten}"
        elif g.mean <= 0:
            why = f"does not beat {beaten}"
        elif not g.above_lead:
            why = "falls below the lead at one of the lengths"
        elif not g.tidy:
            why = f"more excerpts with a sentence of {SHORT_CHARS} characters or fewer, or two registers, than lead's"
        elif g.mean <= MARGIN:
            why = f"adds less than {MARGIN} points over {beaten}"
        else:
            worst = min(range(len(g.gains)), key=lambda m: g.gains[m] - SURE * g.errors[m]) if everywhere else 0
            at = f" at --max-chars {scores.lengths[worst]}" if worst else ""
            why = f"not surely better than {beaten}{at} (gain {g.gains[worst]:+.1f} ± {g.errors[worst]:.1f} per post)"
        checks.append(Check(part, group, n, round(lead[0], 2), round(g.without[0], 2), round(g.learned[0], 2)))
        checks[-1].covered, checks[-1].error, checks[-1].on, checks[-1].why = covered, round(g.error, 2), on, why
        return on

    voiced = check(
        "voice", gain(scores, rows, scores.picks("learned"), scores.picks("article"), False), n, "the article's voice"
    )
    voice = "learned" if voiced else "article"
    rest, beaten = "lead", "the lead"
    if "untrained" in scores.r1 and check(
        "untrained", gain(scores, rows, scores.picks("untrained"), scores.picks("lead")), n, beaten, everywhere=True
    ):
        rest, beaten = "untrained", "the untrained engine"
    now = scores.picks(Choice(voice, rest, "", []).rest_key)
    if check("digest", gain(scores, rows, scores.picks(voice), now), n, beaten, everywhere=True):
        rest, beaten = "digest", "the digest"
    key = Choice(voice, rest, "digest", []).rest_key
    best, best_gain = "digest", 0.0
    for kind in KINDS[1:]:
        covered = sum(any(w[i] for w in scores.wrote[kind]) for i in rows)
        if not covered:
            why = "no post got one" + (" (no latest post is a list of headlines)" if kind == "items" else "")
            checks.append(Check(kind, group, n, round(lead[0], 2), why=why))
            continue
        g = gain(scores, rows, scores.picks(key, kind), scores.picks(key))
        if check(kind, g, covered, beaten) and g.mean > best_gain:
            best, best_gain = kind, g.mean
    for c in checks:
        if c.part in KINDS[1:] and c.on and c.part != best:
            c.on, c.why = False, f"{SHORT[best]} score higher"
    return Choice(voice, rest, best, checks)


def final_scores(scores: Scores, choices: dict[str, Choice], groups: list[str]) -> list[list[float]]:
    """Per length, each latest post's R-1 under the decisions (`groups[i]`: the group deciding for post i)."""
    out = []
    for m in range(len(scores.lengths)):
        row = []
        for i, group in enumerate(groups):
            choice = choices[group]
            use = choice.use != "digest" and scores.wrote[choice.use][m][i]
            row.append(scores.r1[choice.use if use else choice.rest_key][m][i])
        out.append(row)
    return out


def decide(scores: Scores, categories: list[tuple[str, ...]]) -> tuple[dict[str, Choice], list[str]]:
    """The site's choice ("") and each category's that decides for itself; and each post's deciding group."""
    everyone = list(range(len(scores.references)))
    choices = {"": choose_for(scores, everyone, "")}
    groups = [""] * len(everyone)
    firsts = [str(c[0]) if c else "" for c in categories]
    for category in sorted({c for c in firsts if c}, key=firsts.index):
        rows = [i for i, c in enumerate(firsts) if c == category]
        if len(rows) < MIN_GROUP:
            continue
        site = scores.means(final_scores(scores, choices, [""] * len(everyone)), rows)
        lead = scores.means(scores.r1["lead"], rows)
        own = choose_for(scores, rows, category)
        mine = scores.means(final_scores(scores, {**choices, category: own}, [category] * len(everyone)), rows)
        if (
            mine[0] > site[0] + CATEGORY_MARGIN
            and all(a >= b for a, b in zip(mine, lead))
            or not all(s >= b for s, b in zip(site, lead))
        ):
            choices[category] = own
            for i in rows:
                groups[i] = category
    return choices, groups


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


def run_decisions(output, part, summarized: list, log=print) -> Decisions:
    """Decide on the latest posts (`part`: their docs and summaries) with the model in `output` (fitted on the
    older posts, settings chosen); the decisions are returned, not yet written."""
    docs, references = part.docs, part.targets
    lengths = site_lengths(references)
    scores, name = collect(output, part, summarized, lengths)
    categories = [d.categories for d in docs]
    choices, groups = decide(scores, categories)
    final = final_scores(scores, choices, groups)
    everyone = list(range(len(docs)))
    listing = [lists_items(r) for r in references]
    result = Decisions(
        posts=len(docs),
        dates=part.dates(),
        lengths=lengths,
        lead=[round(x, 2) for x in scores.means(scores.r1["lead"], everyone)],
        final=[round(x, 2) for x in scores.means(final, everyone)],
        untrained=[round(x, 2) for x in scores.means(scores.r1["untrained"], everyone)] if name else [],
        untrained_engine=name,
        few=len(docs) < 20,
    )
    for group, choice in choices.items():
        rows = [i for i, g in enumerate(groups) if g == group] if group else everyone
        result.use[group], result.rest[group], result.voices[group] = choice.use, choice.rest, choice.voice
        result.checks += choice.checks
        result.groups.append(
            GroupResult(
                group,
                len(rows),
                round(scores.means(scores.r1["lead"], rows)[0], 2),
                round(scores.means(final, rows)[0], 2),
                choice.voice,
                choice.rest,
                choice.use,
                bool(group),
                round(sum(listing[i] for i in rows) / max(len(rows), 1), 2),
            )
        )
    firsts = [str(c[0]) if c else "" for c in categories]
    for category in sorted({c for c in firsts if c} - set(choices), key=firsts.index):
        rows = [i for i, c in enumerate(firsts) if c == category]
        result.groups.append(
            GroupResult(
                category,
                len(rows),
                round(scores.means(scores.r1["lead"], rows)[0], 2),
                round(scores.means(final, rows)[0], 2),
                choices[""].voice,
                choices[""].rest,
                choices[""].use,
                False,
                round(sum(listing[i] for i in rows) / max(len(rows), 1), 2),
            )
        )
    for line in report(result).splitlines():
        log(line)
    return result


def report(d: Decisions) -> str:
    """The end-of-training report: in words and a table, what was learned, what was switched off and why, and
    the figures against the lead on the latest posts."""
    m = d.lengths[0] if d.lengths else PACKING.max_chars
    lines = [
        f"Decided on your {d.posts} latest posts ({' to '.join(d.dates)}), never trained on until the final fit; "
        f"ROUGE-1 against your own summaries at --max-chars {m}"
        + (f" (checked at {', '.join(map(str, d.lengths[1:]))} too)" if len(d.lengths) > 1 else "")
        + ":"
    ]
    if d.lead and d.final:
        lines.append(
            f"  lead {d.lead[0]:.1f}, the trained model {d.final[0]:.1f}"
            + (f", the untrained default ({d.untrained_engine}) {d.untrained[0]:.1f}" if d.untrained else "")
        )
    for c in d.checks:
        where = f" for {c.group}" if c.group else ""
        name = SHORT.get(c.part, c.part)
        if not c.covered and not c.on:
            lines.append(f"  {name}: off{where}: {c.why}")
        elif c.on:
            lines.append(f"  {name}: on{where} ({c.learned:.1f} against {c.without:.1f} without; lead {c.lead:.1f})")
        else:
            lines.append(
                f"  {name}: off{where}: {c.why} ({c.learned:.1f} against {c.without:.1f} without; lead {c.lead:.1f})"
            )
    listed = [g for g in d.groups if g.lists >= LIST_SHARE and g.posts >= MIN_GROUP]
    for g in listed:
        if g.use == "items":
            what = "item lists are on"
        elif g.rest == "untrained" or g.rest == "digest" and g.voice == "article":
            what = "a list post gets its headlines listed, as the untrained engine writes them"
        else:
            what = "no item list is written here (" + ("lead's sentences" if g.rest == "lead" else "the digest") + ")"
        lines.append(
            f"  {g.group or 'your posts'}: {g.lists:.0%} of the latest summaries list the post's items; {what}"
        )
    if d.few:
        lines.append(
            f"  only {d.posts} latest posts: every figure above is rough; with few summaries a learned part is "
            "kept only where it won, and the rest stays as the untrained engine writes it"
        )
    if d.untrained and d.final and d.final[0] < d.untrained[0]:
        lines.append(
            f"  the untrained default ({d.untrained_engine}) scores {d.untrained[0] - d.final[0]:.1f} higher on these "
            f"posts at --max-chars {m}; kept off: it is not a point above the lead at every length"
        )
    lines.append("")
    lines.append(table(d))
    return "\n".join(lines)


def table(d: Decisions) -> str:
    """One row per group: posts, lead, the trained model, and what it writes."""
    head = ["posts of", "n", "lead", "trained", "voice", "without a statement", "statement"]
    rows = [head]
    for g in d.groups:
        rows.append(
            [
                g.group or "all posts (the site's decision: any category not below)",
                str(g.posts),
                f"{g.lead:.1f}",
                f"{g.final:.1f}",
                g.voice if g.rest == "digest" else "-",
                {"lead": "lead", "untrained": "untrained engine's"}.get(g.rest, "digest"),
                "none" if g.use == "digest" else SHORT[g.use],
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
