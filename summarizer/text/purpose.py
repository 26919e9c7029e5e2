"""Purpose statements: the post's own sentence about what it does, restated as a summary.

Many blog posts say in their opening what they are about: "이번 글에서는 … 배포 과정을 공유하려고 합니다.",
"… 어떻게 적용했는지에 대해 설명해보고자 합니다.". Authors who write their own summaries often restate just
that sentence: "… 배포 과정을 공유합니다.". `purpose_statement` finds such a sentence among the post's first
sentences and restates it: the sentence's words up to its act ("공유", "소개", "다루", "살펴보"), with the
intention ("…하려고 합니다", "…해 보겠습니다") replaced by the act's plain present in the site's style ("공유합니다",
"공유한다", "공유."), and the reference to the text ("이번 글에서는") left out. A word that points outside the
sentence ("이러한 …", "그 …") goes with its purpose clause, or stays where it points inside the sentence; any
other makes the sentence unusable. Every content word comes from the post's own sentence: nothing is added.
"""

from __future__ import annotations

import re

from summarizer.text.endings import STYLES, last_word, re_end
from summarizer.text.kiwi import Document, Sentence, get_kiwi
from summarizer.text.sentence_kinds import TEXT_WORDS, leans_back, never_summary

MAX_INTRO = 25  # a post says what it does among its first sentences
MIN_CHARS = 15  # a restatement shorter than this says too little
OPENING = 3  # the post's first sentences, where "… 경험을 공유합니다." says what the post does
# Acts of a text: what a post does with its topic (Korean's words for it, not one site's habit).
ACTS = frozenset(
    {
        "소개",
        "공유",
        "정리",
        "설명",
        "다루",
        "살피",
        "알아보",
        "살펴보",
        "이야기",
        "얘기",
        "기록",
        "전달",
        "안내",
        "제안",
        "회고",
        "돌아보",
        "분석",
        "리뷰",
        "공개",
        "보여주",
        "보여드리",
    }
)
_OPENING_ACTS = frozenset({"소개", "공유"})  # acts that, in the opening, can only be the post's own
_INTENT = frozenset({"고자", "려고", "려", "으려고", "으려", "ᆯ까", "을까"})  # 소개하[고자] 하다, 소개해 드릴[까] 하다
_LEXICAL_BO = frozenset({"살피", "알"})  # 살펴보다, 알아보다: 보 is part of the verb, not an auxiliary "try"
_TEXT = f"({'|'.join((*TEXT_WORDS, '시간', '편', '발표', '세션'))})"  # and a talk's, a series' own words
_ABOUT = (
    rf"((본|이|이번|오늘)\s?{_TEXT}(\s?\([^()]{{0,12}}\))?(에서는|에서|은|는|엔|을 통해서?|을 통하여)"
    r"|오늘은|여기서는|여기에서는)\s+"
)
_ABOUT_TEXT = re.compile(rf"^\s*((그리고|또한|그래서|따라서),?\s)?{_ABOUT}")
_ABOUT_AFTER = re.compile(rf",\s+{_ABOUT}")  # "물론 …도 있지만, 이 글에서는 …": the main clause names the text
_SPEAKER = re.compile(r"^\s*(저희는|저는|우리는|필자는)\s+")
_SECTION = re.compile(
    r"^\s*(먼저|우선|지금부터|이제부터|이제|다음으로|이어서|그럼|그러면|마지막으로|끝으로|아래에서|아래에서는)[\s,]"
)
# A word that points outside the sentence: "이러한 문제", "그 방식" (but not the idioms 그 중, 그 외, 이 때).
_POINTER_WORD = re.compile(
    r"(?:^|(?<=\s))(이러한|이런|그러한|그런|이와 같은|이같은|이 같은|위와 같은|앞서 말한|앞의|이|그|저)\s+"
    r"(?!(?:중|외|후|뒤|때|동안|밖|다음|전)(?:\s|$|[,.에의]))(\S+)"
)
# A purpose clause holding a pointer, up to its "위해": "이러한 한계를 넘기 위해 " (cut as a whole).
_POINTING_PURPOSE = re.compile(r"\S+(\s+\S+){0,4}?\s?(위해서|위해|위하여),?\s+")
_PURPOSE_BACK = re.compile(r"^(이를|그를|이것을|이러한 목적을)\s?위해(서)?,?\s+")  # "이를 위해 …": for what came before
_MID_ABOUT = re.compile(rf"\s(본|이|이번)\s?{_TEXT}에서(는)?\s")  # "… 과정을 본 포스팅에서 공유합니다"
_QUOTED = re.compile(
    r"[\"“][^\"“”]*[\"”]|'[^']*'|‘[^’]*’"
)  # a quoted question ("“좋은 X란?”을 정의하고") is no question
_PARENS = re.compile(r"\s?\([^()]{1,40}\)")


def _act_end(s: Sentence) -> tuple[int, bool] | None:
    """(index of the act's last morpheme, whether the sentence states an intention) when the sentence ends in
    an act of the text ("…소개하고자 합니다", "…다뤄보겠습니다", "…공유합니다"), else None."""
    toks = s.tokens
    j = last_word(toks, ("SF", "SE", "SW"))
    if j < 1 or toks[j][1] != "EF":
        return None
    k, intent = j - 1, False
    while k >= 0 and toks[k][1] == "EP":
        if toks[k][0] != "겠":
            return None  # 소개했습니다: what an earlier post did, or a step of this one
        intent = True
        k -= 1
    if k >= 2 and toks[k] in (("하", "VX"), ("하", "VV")) and toks[k - 1][1] == "EC" and toks[k - 1][0] in _INTENT:
        intent, k = True, k - 2
    if (
        k >= 2
        and toks[k][1] == "VX"
        and toks[k][0] in ("보", "드리")
        and toks[k - 1][1] == "EC"
        and not (toks[k][0] == "보" and toks[k - 2][0] in _LEXICAL_BO)
    ):
        k -= 2  # 설명해 보다, 소개해 드리다: the act is 설명, 소개
    if k < 1:
        return None
    if toks[k][1] == "XSV" and toks[k - 1][0] in ACTS or toks[k] == ("드리", "VV") and toks[k - 1][0] in ACTS:
        return k, intent  # 소개하다, 소개드리다 (humble: restated as 소개하다)
    if toks[k][1] in ("VV", "VX") and (
        toks[k][0] in ACTS or k >= 2 and toks[k][0] == "보" and toks[k - 2][0] in _LEXICAL_BO
    ):
        return k, intent
    return None


def restate(s: Sentence, style: str | None, opening: bool = False) -> str:
    """The sentence restated as the post's summary in `style` (plain, polite, noun), or "" when it is not a
    sentence about what the post does, or would point outside itself. An `opening` sentence (among the post's
    first OPENING) may state the act plainly ("… 경험을 공유합니다."); any other must name the text ("이번 글에서는")
    or an intention ("…하려고 합니다")."""
    found = _act_end(s)
    if found is None or not s.spans or len(s.spans) != len(s.tokens) or "?" in _QUOTED.sub("", s.text):
        return ""
    k, intent = found
    about = _ABOUT_TEXT.match(s.text) or _ABOUT_AFTER.search(s.text)
    if not (intent or about or opening and s.tokens[k - 1][0] in _OPENING_ACTS) or _SECTION.match(s.text):
        return ""  # "…을 소개합니다" alone may be about anything, "먼저 …을 살펴보겠습니다" is about a section
    text, toks, start, skip = s.text, s.tokens, s.spans[k][1], about.end() if about else 0
    humble = toks[k] == ("드리", "VV")  # 소개드리고자, 공유 드리고자 -> 소개합니다, 공유합니다
    act, before = (("하", "XSV"), text[:start].rstrip()) if humble else (toks[k], text[:start])
    if style not in STYLES or style == "noun" and act[1] != "XSV":
        return ""  # a noun-final restatement only where the act is a noun (공유하려고 합니다 -> 공유.)
    ended = re_end([toks[k - 1], act, ("다", "EF")], style)  # the act in the present, in the site's style
    if ended is None:
        return ""
    ending = ended[1:-1]  # the act's new form and ending ([] when noun-final: the noun alone)
    if style == "noun" and ending:
        return ""  # never a documentary …함 ending: the noun alone or nothing
    head = before + (get_kiwi().join(ending) if ending else "") + "."
    head = _MID_ABOUT.sub(" ", _SPEAKER.sub("", _PURPOSE_BACK.sub("", head[skip:].strip()))).strip()
    head = _self_contained(head)
    if len(head) < MIN_CHARS or leans_back(head) or never_summary(Sentence(head, [])):
        return ""
    return head


def _self_contained(text: str) -> str:
    """`text` without words that point outside it, or "" when one cannot go. A pointer before a name goes
    ("이러한 Kafka 클러스터의" -> "Kafka 클러스터의"), and so does a purpose clause holding one ("이러한
    한계를 넘기 위해"); one after a clause or a conjunct points inside the sentence ("…해결했고, 그 과정에서",
    "이유와 그 과정에서") and stays, as does one whose noun the sentence already named ("제약이 …, 이러한
    제약들을"). Any other ("그 방식을", "이 한계를 넘기 위해 만든 …") names nothing out of its paragraph."""
    while True:
        found = next((m for m in _POINTER_WORD.finditer(text) if not _points_inside(text, m)), None)
        if found is None:
            return text
        before = text[: found.start()]
        if not before.strip() and re.search(r"[A-Za-z0-9]", found.group(2)):
            text = text[found.end(1) :].lstrip()
            continue
        clause = _POINTING_PURPOSE.match(text, found.start())
        if clause is None:
            return ""
        text = before + text[clause.end() :]


def _points_inside(text: str, m: re.Match) -> bool:
    before = text[: m.start()].rstrip()
    noun = re.sub(r"(들)?(을|를|이|가|은|는|에서|에|의|과|와|으로|로|도)?[,.]?$", "", m.group(2))
    return bool(before) and (before.endswith((",", "고", "며", "과", "와", "지")) or len(noun) >= 2 and noun in before)


def shortened(text: str, max_chars: int) -> str:
    """`text` within `max_chars`, leaving out its parentheses ("(write-ahead)") if that is needed; "" if it does
    not fit even then."""
    if len(text) > max_chars:
        text = _PARENS.sub("", text)
    return text if len(text) <= max_chars else ""


def purpose_statement(doc: Document, style: str | None, max_chars: int) -> str:
    """The post's own sentence about what it does, restated in `style` within `max_chars`, or "". Of several,
    the one that names the text ("이번 글에서는"), then shares most words with the title, then comes first; ""
    when that one does not fit (a shorter one is about something else)."""
    title = doc.title.lower()
    best, best_key = "", None
    for i, s in enumerate(doc.sentences[:MAX_INTRO]):
        text = restate(s, style, opening=i < OPENING)
        if text:
            key = (bool(_ABOUT_TEXT.match(s.text)), sum(1 for w in s.content if w.lower() in title), -i)
            if best_key is None or key > best_key:
                best, best_key = text, key
    return shortened(best, max_chars) if best else ""
