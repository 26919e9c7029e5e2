"""Particles joined to a word as Korean reads it aloud: 을/를, 이/가, 은/는, 과/와, (으)로 after Hangul, Latin
words ("Spring을", "Istio를", "API를") and numbers; and the final consonant that decides them."""

from __future__ import annotations

import re

_ALTERNATING = {  # a particle's two forms: after a final consonant, after a vowel
    "을": ("을", "를"),
    "를": ("을", "를"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "은": ("은", "는"),
    "는": ("은", "는"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
    "이란": ("이란", "란"),
    "란": ("이란", "란"),
    "이라는": ("이라는", "라는"),
    "라는": ("이라는", "라는"),
}


_DIGIT_CODA = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}  # 영 일 이 삼 …


_RIEUL = 8


def is_syllable(char: str) -> bool:
    """A precomposed Hangul syllable (가-힣)."""
    return "가" <= char <= "힣"


def final_consonant(word: str) -> int | None:
    """The final consonant (jongseong index, 0 = none, 8 = ㄹ) of `word` read aloud, or None if unknown."""
    word = re.sub(r"\s*\([^()]*\)$", "", word.rstrip())  # "테이블(hash table)" reads as "테이블"
    word = re.sub(r"[\s\"'’”)\]}>»」』.,!?]+$", "", word)
    if not word:
        return None
    last = word[-1]
    if is_syllable(last):
        return (ord(last) - 0xAC00) % 28
    if last.isdigit():
        return _DIGIT_CODA[last]
    match = re.search(r"[A-Za-z]+$", word)
    if not match:
        return None
    latin = match.group(0)
    if latin.isupper() and len(latin) <= 5 or len(latin) == 1:  # an acronym, read letter by letter: API, JPA, AWS
        return _RIEUL if latin[-1].upper() in "LR" else (4 if latin[-1].upper() in "MN" else 0)
    low = latin.lower()
    if low.endswith("ng"):
        return 21  # ㅇ: Spring, Logging
    if low.endswith(("l", "ll")) or re.search(r"[^aeiou]le$", low):
        return _RIEUL  # Jekyll, Kernel, Table, Google
    if low.endswith(("m", "n")) or re.search(r"[^aeiou][aeiou](?:m|n)e$", low):
        return 4  # Vim, Python, Line, Game
    if re.search(r"(?:[aeiou]p|[aeio]b)$", low):
        return 17  # Bootstrap, App, Web, Lab (ㅂ)
    return 0  # Istio, Cache, Redis, Flink (…크), Kubernetes (…스)


def canonical_particle(particle: str) -> str:
    """One name for a particle whose form alternates with the sound before it: "를" -> "을" (others as given)."""
    return _ALTERNATING[particle][0] if particle in _ALTERNATING else particle


def attach(word: str, particle: str) -> str:
    """`word` with `particle` in the form its final sound takes: attach("패턴", "를") == "패턴을"."""
    forms = _ALTERNATING.get(particle)
    if forms is None:
        return word + particle
    coda = final_consonant(word)
    if coda is None:
        return word + particle
    if forms[0] == "으로":
        return word + ("로" if coda in (0, _RIEUL) else "으로")
    return word + (forms[0] if coda else forms[1])
