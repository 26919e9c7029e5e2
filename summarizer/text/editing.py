"""Text editing over Kiwi morphemes: deletable grammatical units, sentence endings, output checks.

The condense stage never writes free text. It deletes whole units of an article sentence
(discourse openers, adverbs, parentheticals, single-word adnominal modifiers, coordinate clauses
between the subject and the main predicate), re-realizes the
sentence's final ending in a style (plain …다, polite …니다, noun-final …발표.) with `Kiwi.join`,
and may close with a phrase from a small vocabulary learned from the site's excerpts. Every
content morpheme therefore comes from the article, each source position at most once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.posts.formats.base import merged
from summarizer.text.cache_values import Maybe
from summarizer.text.derived_cache import remembered
from summarizer.text.endings import re_end
from summarizer.text.kiwi import Sentence, get_kiwi

UNIT_TYPES = ("opener", "adverb", "paren", "modifier", "clause")
_CONNECTIVES = {"고", "며", "으며"}
_TOPIC = {"은", "는", "ᆫ"}
_LINKING = {"나아가", "또한", "아울러", "더불어", "게다가", "또"}
SPEECH_QUOTES = "\"'“”‘’"  # the marks around quoted speech
# Brackets and quotation marks that come in pairs: opening -> closing.
BRACKETS = {"<": ">", "(": ")", "[": "]", "〈": "〉", "《": "》", "「": "」", "『": "』", "“": "”", "‘": "’"}
_QUOTES = SPEECH_QUOTES + "「」『』"
_QUOTE_MARK = re.compile(f"[{re.escape(_QUOTES)}]")
_WORD_PUNCT = ("SP", "SF")  # a word's own comma or full stop
_NEVER_DROP = {
    "및",
    "또는",
    "안",
    "못",
    "잘",
    "덜",
    "더",
    "또",
    "다",
    "가장",
    "꼭",
    "아니",
    "아직",
    "이미",
    "모두",
    "함께",
    "다시",
    "바로",
}
# What units, realized endings and edits are computed with: their cache entries change with these modules.
_SOURCES = (
    __name__,
    "summarizer.text.endings",
    "summarizer.text.particles",
    "summarizer.text.kiwi",
    "summarizer.posts.formats.base",
)
_TIGHT = re.compile(r"\s+([,.!?])(?!\w)")  # a space a cut left before punctuation ("…을 ," -> "…을,"); not ".btn"


@dataclass
class Unit:
    """A deletable span [start, end) of a sentence's text, with its type and its tokens' indices."""

    kind: str
    start: int
    end: int
    tokens: list[int]


def _eojeols(s: Sentence) -> list[list[int]]:
    """Token indices grouped by eojeol (space-separated word), in order."""
    groups: dict[int, list[int]] = {}
    for k, (word, _, _) in enumerate(s.spans):
        groups.setdefault(word, []).append(k)
    return list(groups.values())


def units(s: Sentence) -> list[Unit]:
    """The deletable units of a sentence; everything else is core and always kept. Computed once per sentence
    (`summarizer.text.derived_cache`): the list is shared, read it and never change it."""
    return remembered(
        s,
        "units",
        _SOURCES,
        (),
        lambda: _units(s),
        dump=lambda found: [[u.kind, u.start, u.end, u.tokens] for u in found],
        load=lambda rows: [Unit(*row) for row in rows],
        shape=[(str, int, int, [int])],
    )


def _units(s: Sentence) -> list[Unit]:
    if not s.spans or len(s.spans) != len(s.tokens):
        return []
    tags = [t.split("-")[0] for _, t in s.tokens]
    words = _eojeols(s)
    found: list[Unit] = []

    def span(idx: list[int]) -> tuple[int, int]:
        return s.spans[idx[0]][1], s.spans[idx[-1]][2]

    for w, idx in enumerate(words[:-1]):  # the last word carries the ending
        core = [k for k in idx if not tags[k].startswith(_WORD_PUNCT)]
        if not core or len(core) > 3 or tags[core[-1]] not in ("MAJ", "MAG", "ETM"):
            continue  # none of the kinds below: they end in MAJ, MAG or ETM and have at most 3 morphemes
        forms = [s.tokens[k][0] for k in core]
        kinds = [tags[k] for k in core]
        nxt = tags[words[w + 1][0]]
        if w == 0 and kinds == ["MAJ"] or (w == 0 and kinds == ["MAG"] and forms[0] not in _NEVER_DROP):
            found.append(Unit("opener", *span(idx), idx))
        elif kinds == ["MAG"] and forms[0] not in _NEVER_DROP and not nxt.startswith(("VX", "J", "E", "X")):
            found.append(Unit("adverb", *span(idx), idx))
        elif (
            kinds[-1] == "ETM"
            and len(core) <= 3
            and kinds[0] in ("VA", "XR", "NNG")
            and (kinds[0] == "VA" or "XSA" in kinds)
            and nxt.startswith("NN")
            and w > 0
        ):
            found.append(Unit("modifier", *span(idx), idx))
    found += _clauses(s, words, tags)
    open_at = None
    for k, (form, tag) in enumerate(s.tokens):  # parentheticals: ( ... )
        if tag == "SSO" and form == "(":
            open_at = k
        elif tag == "SSC" and form == ")" and open_at is not None:
            inside = s.text[s.spans[open_at][2] : s.spans[k][1]].strip()
            after = s.text[s.spans[k][2] : s.spans[k][2] + 1]
            if (
                k - open_at <= 12
                and open_at > 0
                and s.spans[k][0] < s.spans[-1][0]
                and len(inside) > 1
                and (after in ("", " ", ",") or k + 1 < len(tags) and tags[k + 1].startswith("J"))
            ):
                found.append(Unit("paren", s.spans[open_at][1], s.spans[k][2], list(range(open_at, k + 1))))
            open_at = None
    # a cut never removes a number or a rating ("7.9점", "최대 8명"): the facts a reader looks for
    return sorted((u for u in found if not any(tags[k] == "SN" for k in u.tokens)), key=lambda u: u.start)


def _clauses(s: Sentence, words: list[list[int]], tags: list[str]) -> list[Unit]:
    """Coordinate clauses after the sentence's subject or topic word: runs of words ending in a connective
    (…하고, …하며) that another clause follows, so that deleting one keeps the subject and the main predicate.

    Not a unit: a clause with its own subject (what follows may need it), or one followed by a clause with its
    own topic ("A씨는 [… 받고 있으며,] 이는 …": the cut would leave two topics). A linking adverb right after
    the clause ("[…소개하고,] 나아가 …") goes with it."""
    subject = None  # the first word (not the last) whose last morpheme other than punctuation is JX or JKS
    for w, idx in enumerate(words[:-1]):
        last = next((tags[k] for k in reversed(idx) if not tags[k].startswith(_WORD_PUNCT)), "")
        if last in ("JX", "JKS"):
            subject = w
            break
    if subject is None:
        return []
    quote = _QUOTE_MARK.search(s.text)  # where the first quotation mark is
    quote = quote.start() if quote else len(s.text)
    connectives = [w for w in range(subject + 1, len(words) - 1) if _connective(s, words, tags, w)]
    last_connective = connectives[-1] if connectives else None
    if last_connective is not None and any(
        tags[k] == "JKS" or tags[k] == "JX" and s.tokens[k][0] not in _TOPIC
        for i in range(last_connective + 1, len(words))
        for k in words[i]
    ):
        return []  # the main clause has its own subject: the topic belongs to the clauses a cut would remove
    ends = connectives + [len(words) - 1]
    topic = [any(tags[k] == "JX" and s.tokens[k][0] in _TOPIC for k in idx) for idx in words]
    found, start = [], subject + 1
    for w, after in zip(ends, ends[1:]):
        if s.spans[words[w][-1]][2] > quote:  # never inside or across a quotation
            break
        last = w + 1 if _linking(s, words[w + 1], tags) and w + 1 < after else w
        span = [k for i in range(start, last + 1) for k in words[i]]
        if not any(tags[k] == "JKS" for k in span) and not any(topic[last + 1 : after + 1]):
            found.append(Unit("clause", s.spans[span[0]][1], s.spans[span[-1]][2], span))
        start = last + 1
    return found


def _connective(s: Sentence, words: list[list[int]], tags: list[str], w: int) -> bool:
    core = [k for k in words[w] if not tags[k].startswith(_WORD_PUNCT)]
    return (
        bool(core)
        and tags[core[-1]] == "EC"
        and s.tokens[core[-1]][0] in _CONNECTIVES
        and not tags[words[w + 1][0]].startswith("VX")
    )


def _linking(s: Sentence, word: list[int], tags: list[str]) -> bool:
    """A sentence adverb that links to the clause before it (나아가, 또한, 아울러)."""
    core = [k for k in word if not tags[k].startswith(_WORD_PUNCT)]
    surface = s.text[s.spans[word[0]][1] : s.spans[word[-1]][2]].rstrip(",")
    return surface in _LINKING or len(core) == 1 and tags[core[0]] == "MAJ"


def realized_ending(s: Sentence, style: str | None) -> tuple[int, str, list[tuple[str, str]]] | None:
    """The sentence's last word re-ended in `style`: (where the changed text starts, the new text from there,
    the word's new tokens), or None when the ending cannot be re-realized. Only the predicate from its stem is
    re-joined, so the rest of the word keeps the article's own spacing ("못했습니다" -> "못했다", not "못 했다").
    Computed once per sentence and style (`summarizer.text.derived_cache`)."""
    return remembered(
        s,
        "realized_ending",
        _SOURCES,
        (style,),
        lambda: _realized_ending(s, style),
        load=lambda v: None if v is None else (v[0], v[1], [(form, tag) for form, tag in v[2]]),
        shape=Maybe((int, str, [(str, str)])),
    )


def _realized_ending(s: Sentence, style: str | None) -> tuple[int, str, list[tuple[str, str]]] | None:
    if not style or not s.spans or len(s.spans) != len(s.tokens):
        return None
    last_word = s.spans[-1][0]
    idx = [k for k, (w, _, _) in enumerate(s.spans) if w == last_word]
    old = [s.tokens[k] for k in idx]
    if style != "polite" and any(t == "EP" and f in ("시", "으시") for f, t in s.tokens):
        return None  # honorific wording (요청하실 수 있습니다) stays polite
    if any(tag.startswith("SS") for _, tag in old):
        return None  # a quotation closes the sentence: its words are the speaker's, never re-ended
    new = re_end(old, style)
    if new is None:
        return None
    m = 0  # the first token that changed, moved back to the predicate's stem (an ending such as ᆷ merges
    while m < min(len(old), len(new)) and old[m] == new[m]:  # into the syllable before it), then to a clean
        m += 1  # boundary (contractions share characters: 했 = 하 + 었)
    m = min(m, len(idx) - 1)
    while m > 0 and (old[m][1].startswith(("E", "SF")) or old[m][1] in ("VCP", "XSV", "XSA") and m == len(old) - 1):
        m -= 1
    if m > 0 and old[m][1] == "VCP":
        m -= 1  # the copula contracts with the noun before it (자리 + 이었 -> 자리였): join them together
    while m > 0 and s.spans[idx[m]][1] < s.spans[idx[m - 1]][2]:
        m -= 1
    return s.spans[idx[m]][1], get_kiwi().join(new[m:]), new


def edit(s: Sentence, drop: set[int], style: str | None) -> str:
    """The sentence without the units whose index is in `drop`, its ending re-realized in `style` (computed
    once per sentence, units and style: `summarizer.text.derived_cache`)."""
    return remembered(
        s, "edit", _SOURCES, (tuple(sorted(int(j) for j in drop)), style), lambda: _edit(s, drop, style), shape=str
    )


def shortest_edit(s: Sentence) -> int:
    """At most the length of `edit(s, set(), style)` for every style, cheaply: the characters before the sentence's
    last word that are not whitespace (only the last word is re-ended, and spacing only ever shrinks), less its
    commas and one opening bracket (an edit may strip both from the start)."""
    if not s.spans:
        return 0
    last = s.spans[-1][0]
    start = min(begin for word, begin, _ in s.spans if word == last)
    head = s.text[:start] if start > 0 else ""
    return len("".join(head.split())) - head.count(",") - 1


def _edit(s: Sentence, drop: set[int], style: str | None) -> str:
    cut = [(u.start, u.end) for i, u in enumerate(units(s)) if i in drop] if drop else []  # no units: none cut
    text = s.text
    ending = realized_ending(s, style)
    if ending is not None:
        text = text[: ending[0]] + ending[1]
    for start, end in reversed(merged(cut)):  # clauses may contain other units: cut each character once
        if start > 0 and text[start - 1] == " " and end < len(text) and text[end] not in " ,.":
            start -= 1  # "위원회 (IOC)는" -> "위원회는": the particle joins its noun again
        text = text[:start] + text[end:]
    text = re.sub(r"^[,\s]+", "", _TIGHT.sub(r"\1", " ".join(text.split())))
    if text[:1] in BRACKETS and BRACKETS[text[0]] not in text:  # an opening bracket the sentence never closes
        text = text[1:].lstrip()
    return text


def repeats_word(text: str) -> bool:
    """True when a word is immediately repeated ("공동 공동")."""
    words = [w.strip(".,!?\"'") for w in text.split()]
    return any(a and a == b for a, b in zip(words, words[1:]))


def balanced(text: str) -> bool:
    """Quotation marks and brackets come in pairs (an edit never leaves half of a quotation)."""
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in BRACKETS.items())
