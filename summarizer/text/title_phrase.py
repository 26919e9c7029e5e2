"""What a post is about: the title's key phrase.

`title_phrases` keeps a span of the title as written (so every morpheme of the phrase is in the title):
series markers ("(1)", "[2]", "3편", "- 2", "(2/3)"), leading tags ("[Java]"), "(feat. …)", "…이란?" and
the trailing "하기" of a how-to title and a trailing act of the text ("명령어 정리" -> "명령어") are cut away; a
title of several questions ("쿠키란? 세션이란?") gives its nouns joined by commas, a title and its subtitle
after a dash ("캐시 계층 - 로컬 캐시") the subtitle as the title's ("캐시 계층의 로컬 캐시").
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


def _strip_marks(title: str) -> str:
    text = _LEADING_TAGS.sub("", title)
    text = _FEAT.sub("", text)
    for pattern in _SERIES:
        text = pattern.sub("", text)
    return text.strip(" \t-–—:|·")


def _segment_phrase(segment: str, tokens) -> str | None:
    """The segment's key phrase: the segment as written, less trailing particles, endings and "하기"."""
    keep = [t for t in tokens if not t.tag.startswith(("SF", "SW"))]
    if keep and keep[-1].tag == "EF":  # "… 큐 인프라를 소개합니다": the object of a one-word predicate
        objects = [i for i, t in enumerate(keep) if t.tag in ("JKO", "JX")]
        end = keep[objects[-1]].start + keep[objects[-1]].len if objects else 0
        keep = keep[: objects[-1]] if objects and len(segment[end:].split()) == 1 else []
    while keep and keep[-1].tag.startswith(_TRAILING) and keep[-1].tag != "ETN":
        if keep.pop().tag == "JKB":
            return None  # "… 로그 파일을 터미널로": an adverbial, not a phrase (cutting 로 changes what it says)
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
    text = _strip_marks(title or "")
    return [s.strip() for s in re.split(r"(?<=[?!？])\s*|(?<=[!:])\s+|,\s+(?=[^,]*[?？]$)", text) if s and s.strip()]


def _dashed_phrase(parts: list[str], analysed) -> str | None:
    """A segment's phrase; "A - B" (a title and its subtitle) as "A의 B" when both are phrases, else B's."""
    phrases = [_segment_phrase(part, next(analysed)) for part in parts]
    if len(phrases) == 2 and all(phrases):
        return f"{phrases[0]}의 {phrases[1]}"
    return phrases[-1]


def title_phrases(titles: list[str]) -> list[str]:
    """Each title's key phrase (spans of the title), or "" when a title has none; one Kiwi call for all."""
    from summarizer.text.kiwi import tokens

    per_title = [[_DASH.split(s, maxsplit=1) for s in _segments(title)] for title in titles]
    analysed = iter(tokens([part for segments in per_title for parts in segments for part in parts]))
    out = []
    for segments in per_title:
        phrases = [p for p in (_dashed_phrase(parts, analysed) for parts in segments) if p]
        if not phrases:
            out.append("")
        elif all("?" in parts[-1] or "？" in parts[-1] for parts in segments) and len(phrases) > 1:
            out.append(", ".join(dict.fromkeys(phrases)))  # "쿠키란? 세션이란?" -> "쿠키, 세션"
        else:
            out.append(phrases[-1])  # "배포가 무섭지 않다! 점진적 배포 시스템 개발기": the subtitle names the topic
    return out
