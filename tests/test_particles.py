"""summarizer.text.particles: particles as Korean reads the word before them aloud."""

import pytest

from summarizer.text.particles import attach, final_consonant


@pytest.mark.parametrize(
    "word, particle, joined",
    [
        ("패턴", "를", "패턴을"),
        ("캐시", "을", "캐시를"),
        ("서버", "을", "서버를"),  # Hangul: final consonant or not
        ("Spring", "를", "Spring을"),
        ("Istio", "을", "Istio를"),
        ("Redis", "을", "Redis를"),  # Latin, read aloud
        ("Vim", "를", "Vim을"),
        ("Jekyll", "를", "Jekyll을"),
        ("Bootstrap", "를", "Bootstrap을"),
        ("API", "을", "API를"),
        ("AWS", "을", "AWS를"),
        ("HTML", "를", "HTML을"),
        ("XML", "가", "XML이"),  # acronyms
        ("JUnit5", "을", "JUnit5를"),
        ("3", "를", "3을"),
        ("10", "를", "10을"),  # numbers: 오, 삼, 영
        ("해시 테이블(hash table)", "를", "해시 테이블(hash table)을"),  # the word before the parenthesis
        ("Vim", "로", "Vim으로"),
        ("Jekyll", "으로", "Jekyll로"),
        ("캐시", "으로", "캐시로"),  # ㄹ takes 로
        ("패턴", "와", "패턴과"),
        ("Istio", "은", "Istio는"),
        ("서버", "이", "서버가"),
        ("패턴", "에 대해", "패턴에 대해"),  # a particle that does not alternate
    ],
)
def test_attach(word, particle, joined):
    assert attach(word, particle) == joined


def test_unknown_final_sound_keeps_the_particle_given():
    assert final_consonant("@#") is None
    assert attach("C#", "를") == "C#를"
