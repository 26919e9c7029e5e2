"""What a post is about: the title's key phrase.

`title_phrases` keeps a span of the title as written (so every morpheme of the phrase is in the title):
series markers ("(1)", "[2]", "3편", "- 2", "(2/3)", a number after a Korean word: "리팩터링 4"), leading tags
("[Java]"), "(feat. …)", what follows a pipe ("싯다르타 | 헤르만 헤세": an author, a site, a series), "…이란?",
the trailing "하기" of a how-to title, a trailing act of the text ("명령어 정리" -> "명령어") and a trailing
act of learning ("Docker 알아보기" -> "Docker") are cut away; a title of several questions ("쿠키란? 세션이란?")
gives its nouns joined by commas. A title and its subtitle after a dash ("캐시 계층 - 로컬 캐시") give the
subtitle as the title's ("캐시 계층의 로컬 캐시") only when the halves are two different phrases: a half that
translates the other ("리팩터링 - Refactoring") gives the Korean title alone, and a half whose words the other
holds gives the longer one ("JPA - JPA 기초": never "X의 X"); each half loses its own series number.
"""

from __future__ import annotations

import re

_LEADING_TAGS = re.compile(r"^\s*(?:\[[^\]]{1,40}\]\s*)+")
_FEAT = re.compile(r"\s*\((?:feat|ft)\.?[^)]*\)", re.I)
_SERIES = [
    re.compile(r"\s*[\[(]\s*\d+\s*(?:/\s*\d+\s*)?[\])]"),  # (1) [2] (2/3)
    re.compile(r"\s+(?:part|pt\.?|vol\.?|ep\.?|#)\s*\d+\b.*$", re.I),  # Part 2 …
    re.compile(r"\s*(?:제\s*)?\d+\s*(?:편|탄|부|강|화|장|회차|번째)(?=$|[\s:\-–—,.)\]]).*$"),  # 3편 - 개발자편 …
    re.compile(r"\s+[-–—:]\s*\d+\s*$"),  # … - 2
]
# Tags of the morphemes that end a phrase without being part of it: particles, copula, endings, punctuation.
_TRAILING = ("J", "E", "VCP", "SF", "SP", "SS", "SO", "SW")
_NOUNISH = ("NN", "SL", "SN", "SH", "XR", "XSN", "NR", "NP", "W_")
_ACT_NOUNS = {"정리", "요약", "소개", "설명", "공유"}  # what the post does, not what it is about ("명령어 정리")
_DASH = re.compile(r"\s+[-–—]\s+")
_TOPIC_PARTICLES = {"은", "는", "ㄴ", "란", "이란", "도"}  # particles a phrase sheds ("…란?"), unlike 까지, 만, 부터
_WHAT_IS = re.compile(r"(?<=[\w)])\s?(?:이란|란)(?:\s*무엇(?:인가|일까|인지)?)?\s*[?？]?$")  # "…레지스트리란?"
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")  # "1. 프롬프트 기초": a part of a series
_PIPE = re.compile(r"\s*[|｜¦].*$")  # "싯다르타 | 헤르만 헤세", "글 제목 | 블로그 이름": the title is before it
_BARE_NUMBER = re.compile(r"(?<=[가-힣])\s+\d{1,3}\s*$")  # "리팩터링 4" (not "Java 8", "Vue 3": part of the name)
# Acts of learning that end a title ("Docker 알아보기"): what the post does with its topic, not the topic.
_LEARNING_ACT = re.compile(
    r"(?<=\S)\s+(?:(?:에|을|를)\s+)?(?:알아보기|알아보자|살펴보기|살펴보자|훑어보기|톺아보기|들여다보기|파헤치기|"
    r"배우기|익히기|공부하기|이해하기|정리하기|정리해보기|알아보았다|알아봅시다|알아보겠습니다)\s*$"
)


def _strip_marks(title: str) -> str:
    text = _PIPE.sub("", title)
    text = _LEADING_TAGS.sub("", text)
    text = _FEAT.sub("", text)
    for pattern in _SERIES:
        text = pattern.sub("", text)
    return _LEARNING_ACT.sub("", _BARE_NUMBER.sub("", text.strip(" \t-–—:|·"))).strip(" \t-–—:|·")


def _segment_phrase(segment: str, tokens) -> str | None:
    """The segment's key phrase: the segment as written, less trailing particles, endings and "하기"."""
    keep = [t for t in tokens if not t.tag.startswith(("SF", "SW"))]
    if keep and keep[-1].tag == "EF":  # "… 큐 인프라를 소개합니다": the object of a one-word predicate
        objects = [i for i, t in enumerate(keep) if t.tag == "JKO"]  # not "한 번만 처리될까": a clause
        end = keep[objects[-1]].start + keep[objects[-1]].len if objects else 0
        keep = keep[: objects[-1]] if objects and len(segment[end:].split()) == 1 else []
    while keep and keep[-1].tag.startswith(_TRAILING) and keep[-1].tag != "ETN":
        cut = keep.pop()
        if cut.tag == "JKB" or cut.tag == "JX" and cut.form not in _TOPIC_PARTICLES:
            return None  # "… 로그 파일을 터미널로", "A부터 B까지": cutting 로, 까지 changes what it says
    if len(keep) >= 2 and keep[-1].tag == "ETN" and keep[-2].tag.startswith("XS"):
        keep = keep[:-2]  # "빌드 캐시 적용하기" -> "빌드 캐시 적용"
    if (
        len(keep) >= 2
        and keep[-1].form in _ACT_NOUNS
        and keep[-1].tag == "NNG"
        and keep[-2].tag.startswith(_NOUNISH)
        and segment[keep[-1].start - 1 : keep[-1].start] == " "
    ):
        keep = keep[:-1]  # "자주 쓰는 명령어 정리" -> "자주 쓰는 명령어"
    if not keep or not keep[-1].tag.startswith(_NOUNISH + ("ETN",)):
        return None  # a clause ("정말 쉬울까"), not a phrase
    if not any(t.tag.startswith(("NN", "SL", "SH", "XR")) for t in keep):
        return None
    start, end = keep[0].start, keep[-1].start + keep[-1].len
    phrase = segment[start:end]
    rest = segment[end:]
    while phrase.count("(") > phrase.count(")") and rest.startswith(")"):  # "테이블(hash table)이란"
        phrase, rest = phrase + ")", rest[1:]
    return phrase.strip()


def _segments(title: str) -> list[str]:
    text = _strip_marks(_PIPE.sub("", title or ""))
    found = re.split(r"(?<=[?!？])\s*|(?<=[!:])\s+|,\s+(?=[^,]*[?？]$)", text)
    return [s.strip() for s in found if s and s.strip()]


def _dashed_phrase(parts: list[str], analysed) -> str | None:
    """A segment's phrase; "A - B" (a title and its subtitle) as "A의 B" when both are phrases of their own,
    the Korean title alone when the subtitle is not Korean ("리팩터링 - Refactoring": its original), the longer
    when one holds the other's words; else B's (A's when B has none)."""
    phrases = [_segment_phrase(part, next(analysed)) for part in parts]
    if len(phrases) != 2 or not all(phrases):
        return phrases[-1] or phrases[0]
    a, b = phrases
    if re.search(r"[가-힣]", a) and not re.search(r"[가-힣]", b):
        return a  # "리팩터링 - Refactoring": the subtitle is the title's original
    if set(_words(a)) <= set(_words(b)) or set(_words(b)) <= set(_words(a)):
        return max(phrases, key=len)  # "JPA - JPA 기초": never "X의 X"
    return f"{a}의 {b}"


def _clean_half(part: str) -> str:
    """One half of "A - B" without its own series number or act of learning ("리팩터링 4", "Docker 알아보기")."""
    kept = part
    for pattern in _SERIES:
        part = pattern.sub("", part)
    part = _WHAT_IS.sub("", _NUMBERED.sub("", part.strip()))
    return _LEARNING_ACT.sub("", _BARE_NUMBER.sub("", part)).strip() or kept


def _words(phrase: str) -> list[str]:
    return [w for w in re.sub(r"[^\w가-힣]+", " ", phrase.lower()).split() if w]


def title_phrases(titles: list[str]) -> list[str]:
    """Each title's key phrase (spans of the title), or "" when a title has none; one Kiwi call for all."""
    from summarizer.text.kiwi import tokens

    per_title = [[[_clean_half(p) for p in _DASH.split(s, maxsplit=1)] for s in _segments(title)] for title in titles]
    analysed = iter(tokens([part for segments in per_title for parts in segments for part in parts]))
    out = []
    for title, segments in zip(titles, per_title):
        phrases = [p for p in (_dashed_phrase(parts, analysed) for parts in segments) if p]
        if not phrases:
            out.append("")
        elif all(s.endswith(("?", "？")) for s in _segments(title)) and len(phrases) > 1:
            out.append(", ".join(dict.fromkeys(phrases)))  # "쿠키란? 세션이란?" -> "쿠키, 세션"
        else:
            out.append(phrases[-1])  # "배포가 무섭지 않다! 점진적 배포 시스템 개발기": the subtitle names the topic
    return out
