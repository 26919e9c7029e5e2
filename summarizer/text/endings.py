"""Endings and registers: the style of a sentence's final ending, re-ending it in another style, and the
register an excerpt's sentences share.

Styles (`STYLES`): plain (…다), polite (…니다) and noun-final (…발표., the documentary 개조식); `style_of` also
tells a request (…하세요) and other endings. Registers (`REGISTERS`): Korean prose has two that a good paragraph
never mixes, plain (…다, and the documentary …음/…함) and polite (…니다, …요, …세요); a noun-final sentence
(…발표.) is neutral and fits either (`register_of`, `fits_register`)."""

from __future__ import annotations

import re
from collections import Counter

from summarizer.text.kiwi import PUNCT_TAGS, Sentence
from summarizer.text.particles import final_consonant, is_syllable

STYLES = ("plain", "polite", "noun")  # the styles an excerpt is written in (a register each: STYLE_REGISTER)
REGISTERS = ("plain", "polite")
STYLE_REGISTER = {"plain": "plain", "polite": "polite", "noun": "plain"}  # noun-final may end in …함 (plain)
POLITE = {"습니다", "ᆸ니다"}
PLAIN = {"다", "ᆫ다", "는다"}
NOMINAL = {"음", "ᆷ", "슴"}
_REQUEST = re.compile(r"(세요|십시오|하자|봅시다|ᆸ시다)$")


def last_word(tokens: list[tuple[str, str]], skip: tuple[str, ...] = PUNCT_TAGS) -> int:
    """Index of the last token whose tag does not start with one of `skip` (trailing punctuation); -1 if none."""
    k = len(tokens) - 1
    while k >= 0 and tokens[k][1].startswith(skip):
        k -= 1
    return k


def ending_index(tokens: list[tuple[str, str]]) -> int | None:
    """Index of the sentence's final ending (EF) before trailing punctuation, or None."""
    j = last_word(tokens)
    return j if j >= 0 and tokens[j][1] == "EF" else None


def style_of(tokens: list[tuple[str, str]]) -> str:
    """plain, polite, noun (noun-final), request or other."""
    j = ending_index(tokens)
    if j is None:
        k = last_word(tokens)
        return "noun" if k >= 0 and tokens[k][1].startswith(("NN", "ETN", "XSN", "SN", "SL")) else "other"
    form = tokens[j][0]
    if form in NOMINAL:  # "…했음." analysed as a final ending: the noun-final (개조식) style
        return "noun"
    return "polite" if form in POLITE else "plain" if form in PLAIN else "request" if _REQUEST.search(form) else "other"


def re_end(tokens: list[tuple[str, str]], style: str) -> list[tuple[str, str]] | None:
    """`tokens` (one word or a sentence) with the final ending re-realized in `style`; None if not possible."""
    j = ending_index(tokens)
    if j is None or tokens[j][0] not in POLITE | PLAIN:
        return None
    head, tail = list(tokens[:j]), [(".", "SF")]
    k = len(head) - 1
    past = k >= 0 and head[k][1] == "EP"
    while k >= 0 and head[k][1] == "EP":
        k -= 1
    if k < 0:
        return None
    form, tag = head[k]
    if any(t == "EP" and f in ("시", "으시") for f, t in head[k + 1 :]):
        return None  # an honorific predicate (요청하실, 오셨습니다) takes no plain or noun-final ending
    if style == "polite":
        if tokens[j][0] in POLITE:
            return head + [tokens[j]] + tail
        light = not past and tag in ("VV", "XSV", "VA", "XSA", "VCP", "VX") and not form.endswith(("있", "없"))
        return head + [("ᆸ니다" if light and _open_syllable(form) else "습니다", "EF")] + tail
    if style == "plain":
        if past or tag in ("VA", "XSA", "VCP", "VCN") or form in ("있", "없", "계시"):
            return head + [("다", "EF")] + tail
        return head + [("ᆫ다", "EF")] + tail if tag in ("VV", "XSV", "VX") else None
    if style == "noun":
        if (
            (tag == "VCP" or tag == "XSV" and form == "하")
            and k > 0
            and head[k - 1][1] in ("NNG", "NNP", "XR", "SL", "SN")
        ):  # 발표했다 -> 발표 (but 증가시켰다 -> 증가시킴; 것입니다 stays)
            return head[:k] + tail
        return head + [("ᆷ", "ETN")] + tail if tag in ("VV", "VA", "XSV", "XSA", "VX") else None
    return None


def _open_syllable(form: str) -> bool:
    """True when the stem ends in a vowel (…하 + ᆸ니다 → 합니다; 먹 + 습니다)."""
    return bool(form) and is_syllable(form[-1]) and final_consonant(form[-1]) == 0


def ends_properly(s: Sentence) -> bool:
    """A whole sentence: a final ending (any: …다, …니다, …요, …자, …어라), or a noun-final sentence, closed by a
    full stop."""
    return (
        bool(s.tokens)
        and s.tokens[-1][1] == "SF"
        and (ending_index(s.tokens) is not None or style_of(s.tokens) == "noun")
    )


def register_of(tokens: list[tuple[str, str]]) -> str | None:
    """'plain', 'polite' or None (neutral: noun-final, or no recognisable ending) of one sentence."""
    style = style_of(tokens)
    if style == "plain":
        return "plain"
    if style == "polite":
        return "polite"
    j = ending_index(tokens)
    if j is None:
        k = last_word(tokens)
        # "…함." / "…했음." (a nominal ending) is the plain documentary style; "…발표." is neutral
        return "plain" if k >= 0 and tokens[k][1] == "ETN" and tokens[k][0] in NOMINAL else None
    form = tokens[j][0]
    if form in NOMINAL:
        return "plain"
    if form in POLITE or form.endswith(("니다", "니까", "요", "세요", "십시오", "ᆸ시다", "죠")):  # …ᆫ답니다, …옵니다
        return "polite"
    if form.endswith(("다", "자", "라", "냐", "니", "지", "네", "군")):
        return "plain"
    return None


def main_register(registers: list[str | None]) -> str | None:
    """The register most of the sentences use (ties go to polite); None when every sentence is neutral."""
    counts = Counter(r for r in registers if r)
    if not counts:
        return None
    return max(REGISTERS, key=lambda r: (counts[r], r == "polite"))


def clashes(registers: list[str | None]) -> bool:
    """Whether sentences of both registers are present."""
    return len({r for r in registers if r}) > 1


def fits_register(register: str | None, wanted: str | None) -> bool:
    """A sentence of `register` may stand in an excerpt whose register is `wanted`."""
    return register is None or wanted is None or register == wanted


def article_register(sentence_tokens: list[list[tuple[str, str]]]) -> str | None:
    """The register of the article: the one most of its sentences use."""
    return main_register([register_of(t) for t in sentence_tokens])
