"""Kiwi helpers: one content-morpheme definition, and each tag set the review found copied defined once."""

import ast

import pytest

from summarizer.text import kiwi

from .conftest import ROOT

TAGS = (
    "NNG NNP NNB NR NP VV VA VX VCP VCN MM MAG MAJ IC JKS JKC JKG JKO JKB JKV JKQ JX JC EP EF EC ETN ETM XPN XSN "
    "XSV XSA XSM XR SF SP SS SSO SSC SE SO SW SL SH SN SB UN W_URL W_EMAIL W_HASHTAG W_MENTION W_SERIAL W_EMOJI "
    "Z_CODA Z_SIWA VV-R VV-I VA-R VA-I VX-R VX-I XSA-R XSA-I"
).split()


@pytest.mark.parametrize("tag", TAGS)
def test_content_words_are_content_morphemes(tag):
    """A content word is a content morpheme (less bound nouns, adverbs and irregular-stem tags), never more."""
    words = kiwi.content_words([("Ab", tag)])
    assert not words or kiwi.is_content(tag)
    assert bool(words) == (kiwi.is_content(tag) and tag not in kiwi.NOT_CONTENT_WORDS and "-" not in tag)
    assert words in ([], ["ab"], ["Ab다"])


def test_sentence_content_is_computed_once():
    (doc,) = kiwi.split_documents([("", ["서울시는 새 도서관을 열었다."])])
    s = doc.sentences[0]
    assert s.content == kiwi.content_words(s.tokens) and "도서관" in s.content
    assert s.content is s.content


def _string_collections(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, (ast.Tuple, ast.Set, ast.List))
            and node.elts
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
        ):
            yield node.lineno, frozenset(e.value for e in node.elts)


def test_tag_sets_are_defined_once():
    """The punctuation, fact, foreign-word and content tag sets live in summarizer/text/kiwi.py only."""
    kept = {
        frozenset(kiwi.PUNCT_TAGS): "PUNCT_TAGS",
        frozenset(kiwi.FACT_TAGS): "FACT_TAGS",
        frozenset(kiwi.FACT_TAGS | kiwi.FOREIGN_TAGS): "FACT_TAGS | FOREIGN_TAGS",
        frozenset(kiwi.CONTENT_PREFIXES): "CONTENT_PREFIXES",
        frozenset({"NNG", "NNP", "SL", "SN", "SH", "XR"}): "content_words (the old CONTENT_TAGS)",
    }
    copies = [
        f"{path.relative_to(ROOT)}:{line} repeats {kept[found]}"
        for path in sorted((ROOT / "summarizer").rglob("*.py"))
        if path.name != "kiwi.py"
        for line, found in _string_collections(path)
        if found in kept
    ]
    assert not copies, "\n".join(copies)


def test_no_dead_helper():
    assert not hasattr(kiwi, "is_korean")


@pytest.mark.parametrize(
    "paragraph, sentences",
    [
        # Kiwi ends a sentence after a hanja word and starts the next with its particle ("國會 | 는 …")
        (
            "大韓民國 政府는 來年 豫算을 發表했다. 國會는 豫算案을 審議할 豫定이다.",
            ["大韓民國 政府는 來年 豫算을 發表했다.", "國會는 豫算案을 審議할 豫定이다."],
        ),
        # an emoji before the full stop became a "sentence" of its own, and the sentence lost its full stop
        (
            "시는 요금을 올린다고 발표했다 😡. 버스 요금이 오르는 것은 8년 만이다 👍.",
            ["시는 요금을 올린다고 발표했다 😡.", "버스 요금이 오르는 것은 8년 만이다 👍."],
        ),
        (
            "시는 요금을 올린다고 발표했다. 버스 요금이 오르는 것은 8년 만이다.",  # nothing to mend
            ["시는 요금을 올린다고 발표했다.", "버스 요금이 오르는 것은 8년 만이다."],
        ),
    ],
)
def test_sentences_kiwi_splits_wrongly_are_mended(paragraph, sentences):
    (doc,) = kiwi.split_documents([("", [paragraph])])
    assert [s.text for s in doc.sentences] == sentences
    for s in doc.sentences:  # tokens and their spans still agree with the text
        assert len(s.spans) == len(s.tokens) and all(s.text[a:b] for _, a, b in s.spans)
        assert s.tokens[-1] == (".", "SF")
