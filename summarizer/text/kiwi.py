"""Kiwi helpers: one shared Kiwi instance, batched sentence splitting, morphemes and facts; the tag sets.

Every analysis goes through `summarizer.text.kiwi_cache`: inside `analysis_cache()` each distinct text is analysed
once and kept on disk; outside it, texts are analysed as they come."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from summarizer.text import kiwi_cache
from summarizer.text.cache_session import Session

# Tag sets, defined here once (Kiwi's tags; an irregular-stem suffix such as VV-R is not part of a tag's kind).
# Content morphemes (tag prefixes): nouns, verb and adjective stems, roots, numbers, foreign words, hanja, adverbs.
CONTENT_PREFIXES = ("NN", "VV", "VA", "XR", "SN", "SL", "SH", "MAG")
PREDICATE_TAGS = {"VV", "VA"}  # verb and adjective stems: a content word as its dictionary form (stem + 다)
NOT_CONTENT_WORDS = {"NNB", "MAG"}  # content morphemes that are no content word: bound nouns (것, 수), adverbs
FACT_TAGS = {"SN", "NNP"}  # facts a text states: numbers and proper nouns
FOREIGN_TAGS = {"SL", "SH"}  # foreign words and hanja (a closing phrase that names one names a fact too)
PUNCT_TAGS = ("SF", "SP", "SS", "SE", "SO", "SW")  # punctuation, brackets and symbols (tag prefixes)


@dataclass
class Sentence:
    text: str
    tokens: list[tuple[str, str]]  # (form, tag)
    paragraph: int = 0
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (word index, start, end) per token in text
    key: str = field(default="", repr=False, compare=False)  # its content key ("": none; see `split_documents`)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # values derived from it (derived_cache)

    @cached_property
    def content(self) -> list[str]:
        """Its content words (computed once: a sentence's tokens do not change)."""
        return content_words(self.tokens)


@dataclass
class Document:
    title: str
    sentences: list[Sentence]
    title_tokens: list[tuple[str, str]] = field(default_factory=list)
    categories: tuple[str, ...] = ()  # the post's categories (front matter), when known
    items: tuple[str, ...] = ()  # the headlines of a list post (`text.digest.list_items`); () for any other
    key: str = field(default="", repr=False, compare=False)  # its content key ("": none; see `split_documents`)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # values derived from it (derived_cache)

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


KIWI_OPTIONS = {"load_typo_dict": False, "load_multi_dict": False}  # what Kiwi is built with (num_workers aside)


@lru_cache(maxsize=1)
def get_kiwi():
    from kiwipiepy import Kiwi

    threads = os.environ.get("SUMMARIZER_KIWI_THREADS", "")  # a worker of a parallel run: its share of the cores
    return Kiwi(num_workers=int(threads) if threads.isdigit() else min(os.cpu_count() or 1, 8), **KIWI_OPTIONS)


def analyser() -> str:
    """What Kiwi's analyses depend on: kiwipiepy's and its model's versions and the options (the cache's salt)."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    versions = ", ".join(f"{name} {installed(name)}" for name in ("kiwipiepy", "kiwipiepy_model"))
    return f"{versions}, {sorted(KIWI_OPTIONS.items())}"


@contextmanager
def analysis_cache(folder: Path | str | None = "env") -> Iterator[Session]:
    """Within the block each distinct text is analysed once, and analyses are kept on disk across runs
    (`summarizer.text.kiwi_cache`: in `folder`, by default from $SUMMARIZER_CACHE or the user's cache folder)."""
    with kiwi_cache.session(analyser(), folder) as session:
        yield session


@cache
def is_content(tag: str) -> bool:
    """A content morpheme's tag (irregular-stem suffixes such as VV-R ignored)."""
    return tag.split("-")[0].startswith(CONTENT_PREFIXES)


@cache
def _word_kind(tag: str) -> int:
    """0: no content word; 1: a content word as its lower-cased form; 2: a predicate stem (stem + 다)."""
    if "-" in tag or tag in NOT_CONTENT_WORDS or not is_content(tag):
        return 0
    return 2 if tag in PREDICATE_TAGS else 1


def content_words(tokens: list[tuple[str, str]]) -> list[str]:
    """The content words of a text: its content morphemes less bound nouns, adverbs and stems tagged with an
    irregular-stem suffix; nouns, roots, numbers and foreign words lower-cased, predicate stems + 다."""
    out = []
    for form, tag in tokens:
        kind = _word_kind(tag)
        if kind:
            out.append(form + "다" if kind == 2 else form.lower())
    return out


def _split(texts: list[str]) -> list[list]:
    """Per text, its sentences as Kiwi splits them: [text, start, [[form, tag, start, len, word position], ...]]."""
    return kiwi_cache.lookup(
        "split_into_sents",
        texts,
        lambda todo: [
            [[s.text, s.start, [[t.form, t.tag, t.start, t.len, t.word_position] for t in s.tokens]] for s in sents]
            for sents in get_kiwi().split_into_sents(todo, return_tokens=True)
        ],
        shape=[(str, int, [(str, str, int, int, int)])],
    )


def _tokenize(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Per text, its (form, tag) pairs as Kiwi tokenizes it."""
    return [[(t.form, t.tag) for t in toks] for toks in tokens(texts)]


class Token(NamedTuple):
    form: str
    tag: str
    start: int
    len: int


def tokens(texts: list[str]) -> list[list[Token]]:
    """Per text, its tokens with their offsets, as Kiwi tokenizes it (through the analysis cache)."""
    found = kiwi_cache.lookup(
        "tokens",
        texts,
        lambda todo: [[[t.form, t.tag, t.start, t.len] for t in toks] for toks in get_kiwi().tokenize(todo)],
        shape=[(str, str, int, int)],
    )
    return [[Token(*t) for t in toks] for toks in found]


def content_key(title: str, paragraphs: list[str]) -> str:
    """What a Document's analysis is a function of (with Kiwi's version and options): its title and paragraphs."""
    digest = hashlib.sha256()
    for text in (title, *paragraphs):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


def _mended(text: str, sents: list) -> list:
    """Kiwi's sentences of one paragraph (`_split`), mended where its splitter errs: a sentence that starts
    with a particle or ending ("는 …", after "國會" was taken into the sentence before: hanja words end a
    sentence for Kiwi) gets back the words after the previous sentence's last full stop; a "sentence" of
    emoji and symbols only ("😡." after "…발표했다 😡.") joins the sentence before. Sentences it does not
    touch are returned as they are."""
    out = [[raw, start, list(tokens), False] for raw, start, tokens in sents]
    for n in range(1, len(out)):
        prev, cur = out[n - 1], out[n]
        if not prev[2] or not cur[2]:
            continue
        if cur[2][0][1].startswith(("J", "E", "XS")):
            stops = [k for k, t in enumerate(prev[2]) if t[1] == "SF"]
            if stops and stops[-1] < len(prev[2]) - 1:
                moved, prev[2] = prev[2][stops[-1] + 1 :], prev[2][: stops[-1] + 1]
                cur[2], prev[3], cur[3] = moved + cur[2], True, True
        elif all(t[1].startswith(("S", "W_")) for t in cur[2]) and prev[2][-1][1] != "SF":
            prev[2], cur[2], prev[3], cur[3] = prev[2] + cur[2], [], True, True
    mended = []
    for raw, start, tokens, changed in out:
        if not changed:
            mended.append([raw, start, tokens])
        elif tokens:
            begin, end = tokens[0][2], tokens[-1][2] + tokens[-1][3]
            word, last = 0, begin
            renumbered = []
            for form, tag, at, length, _ in tokens:
                word += any(c.isspace() for c in text[last:at])
                renumbered.append([form, tag, at, length, word])
                last = at + length
            mended.append([text[begin:end], begin, renumbered])
    return mended


def split_documents(items: list[tuple]) -> list[Document]:
    """(title, paragraphs[, categories[, items]]) per post -> Documents, with one batched Kiwi
    call for all of them. Each Document and Sentence gets a content key, which values derived from it are
    cached by (`summarizer.text.derived_cache`): a Document's is its title and paragraphs (not its categories), a
    Sentence's its paragraph (Kiwi analyses a paragraph as a whole) and its place in it."""
    texts, owners = [], []
    for i, (title, paragraphs, *_) in enumerate(items):
        texts.append(title or "")
        owners.append((i, -1))
        for j, p in enumerate(paragraphs):
            texts.append(p)
            owners.append((i, j))
    docs = [
        Document(
            title or "",
            [],
            categories=tuple(rest[0]) if rest else (),
            items=tuple(rest[1]) if len(rest) > 1 else (),
            key=content_key(title or "", paragraphs),
        )
        for title, paragraphs, *rest in items
    ]
    for (i, j), sents in zip(owners, _split(texts) if texts else []):
        if j < 0:
            docs[i].title_tokens = [(form, tag) for _, _, tokens in sents for form, tag, *_ in tokens]
            continue
        paragraph = content_key("", [items[i][1][j]])
        for n, (raw, start, tokens) in enumerate(_mended(items[i][1][j], sents)):
            text = raw.strip()
            if text:
                lead = start + len(raw) - len(raw.lstrip())
                spans = [(word, at - lead, at - lead + length) for _, _, at, length, word in tokens]
                docs[i].sentences.append(
                    Sentence(text, [(form, tag) for form, tag, *_ in tokens], j, spans, f"{paragraph}/{n}")
                )
    return docs


def morphemes(texts: list[str]) -> list[list[str]]:
    """Kiwi morpheme forms of each text (punctuation and symbols dropped)."""
    if not texts:
        return []
    return [
        [form.lower() for form, tag in tokens if not tag.startswith(PUNCT_TAGS)] for tokens in _tokenize(list(texts))
    ]


def content_of(texts: list[str]) -> list[list[str]]:
    """Content words (nouns, foreign words, numbers, predicate stems) of each text."""
    if not texts:
        return []
    return [content_words(tokens) for tokens in _tokenize(list(texts))]


def facts(texts: list[str]) -> list[set[str]]:
    """Numbers and proper nouns (Kiwi SN/NNP forms) stated in each text."""
    if not texts:
        return []
    return [{form for form, tag in tokens if tag in FACT_TAGS} for tokens in _tokenize(list(texts))]


def unsupported_facts(summary_facts: set[str], article: str, article_facts: set[str]) -> set[str]:
    """Facts of a summary that the article does not state (neither as a token nor in its text)."""
    compact = article.replace(",", "")
    return {f for f in summary_facts if f not in article_facts and f.replace(",", "") not in compact}
