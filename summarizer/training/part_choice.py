"""Which learned parts stay on, decided for the site and each category from the latest posts' scores
(summarizer.training.latest_scores).

The learned parts are tried in turn, each against what the posts would get without it:

1. the learned voice (the site's ending style, edits, ranking head and closing phrase) against the article's;
2. what a post without a statement gets (`rest`): the lead's whole sentences; the untrained default engine's
   excerpt where it surely beats them at every length; the learned digest (the select stage's ranking, edited,
   in the voice of 1) where it surely beats that at every length;
3. a statement (`topic`: the title's topic in the author's frame; `purpose`: the post's own sentence about what
   it does, else the topic statement; `items`: the post's items, where the engine writes them) against none.

A learned part stays on only where it is surely better (`Gain.sure`); otherwise it is off and that part falls back
to the untrained behaviour. Decided for the site on all its latest posts, then for each category of at least
MIN_GROUP latest posts where its own choice beats the site's there by CATEGORY_MARGIN (or the site's falls below
the lead there); a category with fewer latest posts, or one never seen, takes the site's decision. So on the
latest posts the result is never below the lead, overall and for each category that has MIN_GROUP of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.text.frames import KINDS
from summarizer.training.latest_scores import MARGIN, SHORT_CHARS, SURE, Gain, Scores, gain
from summarizer.training.record import Check

MIN_GROUP = 3  # a category decides for itself with at least this many latest posts
CATEGORY_MARGIN = 1.0  # R-1 points a category's own choice must add over the site's there

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
