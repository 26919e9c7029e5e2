"""Condense stage labels, computed once per post by aligning the reference to the article.

Per post: the reference's ending style (register first), whether it closes with a phrase of the learned
vocabulary (and which one), for each deletable unit of the top-ranked sentences whether the reference keeps
its content morphemes, and for each candidate sentence the F1 of its content morphemes with the reference's
(the ranking head's target). Also the vocabulary, the phrases and each category's register.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from summarizer.editor.inputs import PostInput, RankInput, make_input, make_rank_input, token_key
from summarizer.engines.base import candidates
from summarizer.text.editing import units
from summarizer.text.endings import STYLES, main_register, register_of, style_of
from summarizer.text.features import sentence_features
from summarizer.text.kiwi import FACT_TAGS, FOREIGN_TAGS, Document, is_content
from summarizer.text.packing import PACKING
from summarizer.text.voice import MIN_CATEGORY_POSTS
from summarizer.training.select import content_f1


def closing(doc: Document) -> str:
    """The target's closing sentence when it requests something and names no fact ('' otherwise).

    A leading connective clause such as "클릭해서" is dropped as a unit ("클릭해서 더 알아보세요!" -> "더 알아보세요!"),
    so that the phrase keeps only the request."""
    if len(doc.sentences) < 2:
        return ""
    last = doc.sentences[-1]
    if (
        style_of(last.tokens) != "request"
        or len(last.text) > 30
        or any(tag in FACT_TAGS | FOREIGN_TAGS for _, tag in last.tokens)
    ):
        return ""
    text, words = last.text, last.text.split(" ", 1)
    first = [t for (w, _, _), t in zip(last.spans, last.tokens) if w == 0]
    second = [t for (w, _, _), t in zip(last.spans, last.tokens) if w == 1]
    if len(words) == 2 and first and first[-1][1] == "EC" and second and not second[0][1].startswith(("VX", "E")):
        text = words[1]
    return text


def closing_phrases(targets: list[Document], size: int = 16, min_count: int = 3) -> list[str]:
    """The most frequent closing sentences of the targets that request something and name no fact."""
    counts = Counter(c for c in map(closing, targets) if c)
    return [p for p, n in counts.most_common(size) if n >= min_count]


def nearest(text: str, phrases: list[str]) -> int:
    """The phrase sharing the most words with `text` (-1 when none shares any)."""
    words = set(text.rstrip("!.").split())
    overlap = [len(words & set(p.rstrip("!.").split())) for p in phrases]
    return max(range(len(phrases)), key=lambda i: overlap[i]) if phrases and max(overlap) else -1


def target_style(target: Document) -> int:
    """The index in STYLES of a target's ending style, register first: a polite excerpt (…니다, …세요, even
    with noun-final exclamations) is `polite`; a plain one is `plain` or `noun` (…함, …발표.), whichever its
    sentences use more; one with only noun-final sentences is `noun`; -1 when none applies."""
    styles = Counter(style_of(s.tokens) for s in target.sentences)
    register = main_register([register_of(s.tokens) for s in target.sentences])
    if register == "polite":
        return STYLES.index("polite")
    if register == "plain":
        return STYLES.index("plain" if styles["plain"] >= styles["noun"] else "noun")
    return STYLES.index("noun") if styles["noun"] else -1


def category_registers(docs: list[Document], targets: list[Document], share: float = 0.9) -> dict[str, str]:
    """Per category (with MIN_CATEGORY_POSTS posts), the register its excerpts use when at least `share` of
    those with a register agree (a site's promotions are polite even where its news is mixed)."""
    counts: dict[str, Counter] = {}
    for doc, target in zip(docs, targets):
        register = main_register([register_of(s.tokens) for s in target.sentences])
        for c in doc.categories if register else ():
            counts.setdefault(c, Counter())[register] += 1
    return {
        c: r
        for c, n in counts.items()
        for r, k in n.most_common(1)
        if sum(n.values()) >= MIN_CATEGORY_POSTS and k >= share * sum(n.values())
    }


def build_vocab(docs: list[Document], size: int) -> dict[str, int]:
    counts = Counter(token_key(f, t) for d in docs for s in d.sentences for f, t in s.tokens)
    counts.update(token_key(f, t) for d in docs for f, t in d.title_tokens)
    return {key: i + 1 for i, (key, _) in enumerate(counts.most_common(size - 1))}  # 0: unknown


@dataclass
class Labeled:
    item: PostInput
    style: int  # -1: none
    close: float
    phrase: int  # -1: none
    keep: list[float]
    rank: RankInput | None = None  # None: no candidate shares a content morpheme with the reference
    rank_y: list[float] | None = None


def label(
    doc: Document, ranked: list[int], target: Document, phrases: list[str], vocab: dict[str, int], top: int
) -> Labeled:
    item = make_input(doc, ranked, vocab, top)
    style = target_style(target)
    last = closing(target)
    phrase = nearest(last, phrases) if last else -1
    ref = {f.lower() for s in target.sentences for f, t in s.tokens}
    keep = []
    for k, j, _ in item.unit_where:
        s = doc.sentences[k]
        u = units(s)[j]
        words = [s.tokens[t][0].lower() for t in u.tokens if is_content(s.tokens[t][1])]
        keep.append(float(bool(words) and sum(w in ref for w in words) / len(words) >= 0.5))
    indices = candidates(doc)
    ys = content_f1(doc, indices, {w for s in target.sentences for w in s.content})
    if not ys or max(ys) <= 0:
        return Labeled(item, style, float(bool(last)), phrase, keep)
    rank = make_rank_input(doc, indices, sentence_features(doc, indices, PACKING.max_chars), vocab)
    return Labeled(item, style, float(bool(last)), phrase, keep, rank, ys)
