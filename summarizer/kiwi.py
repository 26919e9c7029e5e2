"""Kiwi helpers: one shared Kiwi instance, batched sentence splitting, morphemes and facts."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

CONTENT_TAGS = {"NNG", "NNP", "SL", "SN", "SH", "XR"}
PREDICATE_TAGS = {"VV", "VA"}
FACT_TAGS = {"SN", "NNP"}
# Content morphemes (tag prefixes): nouns, verb and adjective stems, roots, numbers, foreign words, adverbs.
CONTENT_PREFIXES = ("NN", "VV", "VA", "XR", "SN", "SL", "SH", "MAG")
_HANGUL = re.compile(r"[가-힣]")


@dataclass
class Sentence:
    text: str
    tokens: list[tuple[str, str]]  # (form, tag)
    paragraph: int = 0
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (word index, start, end) per token in text

    @property
    def content(self) -> list[str]:
        return content_words(self.tokens)


@dataclass
class Document:
    title: str
    sentences: list[Sentence]
    title_tokens: list[tuple[str, str]] = field(default_factory=list)
    categories: tuple[str, ...] = ()  # the post's categories (front matter), when known

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def forms(self) -> set[str]:
        """Every morpheme form of the title and body, lower-cased."""
        return {form.lower() for form, _ in [*self.title_tokens, *(pair for s in self.sentences for pair in s.tokens)]}

    @property
    def facts(self) -> set[str]:
        """Numbers and proper nouns the title and body state."""
        tokens = [*self.title_tokens, *(pair for s in self.sentences for pair in s.tokens)]
        return {form for form, tag in tokens if tag in FACT_TAGS}


@lru_cache(maxsize=1)
def get_kiwi():
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=min(os.cpu_count() or 1, 8), load_typo_dict=False, load_multi_dict=False)


def content_words(tokens: list[tuple[str, str]]) -> list[str]:
    out = []
    for form, tag in tokens:
        if tag in CONTENT_TAGS:
            out.append(form.lower())
        elif tag in PREDICATE_TAGS:
            out.append(form + "다")
    return out


def _pairs(tokens) -> list[tuple[str, str]]:
    return [(t.form, t.tag) for t in tokens]


def split_documents(items: list[tuple]) -> list[Document]:
    """(title, paragraphs) or (title, paragraphs, categories) per post -> Documents, with one batched Kiwi
    call for all of them."""
    kiwi = get_kiwi()
    texts, owners = [], []
    for i, (title, paragraphs, *_) in enumerate(items):
        texts.append(title or "")
        owners.append((i, -1))
        for j, p in enumerate(paragraphs):
            texts.append(p)
            owners.append((i, j))
    docs = [Document(title or "", [], categories=tuple(rest[0]) if rest else ()) for title, _, *rest in items]
    results = kiwi.split_into_sents(texts, return_tokens=True) if texts else []
    for (i, j), sents in zip(owners, results):
        if j < 0:
            docs[i].title_tokens = [pair for s in sents for pair in _pairs(s.tokens)]
            continue
        for s in sents:
            text = s.text.strip()
            if text:
                lead = s.start + len(s.text) - len(s.text.lstrip())
                spans = [(t.word_position, t.start - lead, t.start - lead + t.len) for t in s.tokens]
                docs[i].sentences.append(Sentence(text, _pairs(s.tokens), j, spans))
    return docs


def morphemes(texts: list[str]) -> list[list[str]]:
    """Kiwi morpheme forms of each text (punctuation and symbols dropped)."""
    if not texts:
        return []
    results = get_kiwi().tokenize(list(texts))
    return [[t.form.lower() for t in toks if not t.tag.startswith(("SF", "SP", "SS", "SE", "SO", "SW"))]
            for toks in results]


def content_of(texts: list[str]) -> list[list[str]]:
    """Content words (nouns, foreign words, numbers, predicate stems) of each text."""
    if not texts:
        return []
    return [content_words(_pairs(toks)) for toks in get_kiwi().tokenize(list(texts))]


def facts(texts: list[str]) -> list[set[str]]:
    """Numbers and proper nouns (Kiwi SN/NNP forms) stated in each text."""
    if not texts:
        return []
    return [{t.form for t in toks if t.tag in FACT_TAGS} for toks in get_kiwi().tokenize(list(texts))]


def unsupported_facts(summary_facts: set[str], article: str, article_facts: set[str]) -> set[str]:
    """Facts of a summary that the article does not state (neither as a token nor in its text)."""
    compact = article.replace(",", "")
    return {f for f in summary_facts if f not in article_facts and f.replace(",", "") not in compact}


def is_content(tag: str) -> bool:
    """A content morpheme's tag (irregular-stem suffixes such as VV-R ignored)."""
    return tag.split("-")[0].startswith(CONTENT_PREFIXES)


def is_korean(text: str) -> bool:
    return bool(_HANGUL.search(text))
