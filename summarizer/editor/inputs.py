"""The editor's inputs: the arrays one post becomes (`PostInput`, `RankInput`), made from Kiwi morphemes.

Both modelings (NumPy for inference, torch for training) read these; the widths they define (`POST_FEATURES`,
`UNIT_EXTRA`) size the layers in `summarizer.editor.layers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.text.editing import UNIT_TYPES, units
from summarizer.text.endings import STYLES, style_of
from summarizer.text.kiwi import Document

POST_TOKENS = 400  # the post's morphemes the editor reads: the title's, then the top sentences'
POST_STYLES = (*STYLES, "request")  # the post features: the share of sentences of each style,
POST_FEATURES = len(POST_STYLES) + 2  # ... then the share ending in "!", and the sentence count (/ 40, at most 1)
UNIT_EXTRA = len(UNIT_TYPES) + 1  # per unit: its type (one-hot), then its sentence's rank


def token_key(form: str, tag: str) -> str:
    """A morpheme's vocabulary key: its lower-cased form and its tag (an irregular-stem suffix dropped)."""
    return f"{form.lower()}/{tag.split('-')[0]}"


@dataclass
class PostInput:
    """Arrays for one post: what both the torch and the NumPy model read."""

    post_ids: list[int]
    post_features: list[float]
    unit_ids: list[list[int]]  # per unit: its morphemes
    unit_context: list[list[int]]  # per unit: its sentence's morphemes
    unit_extra: list[list[float]]  # per unit: type one-hot + sentence rank
    unit_where: list[tuple[int, int, str]]  # per unit: (sentence index, unit index in sentence, kind)


@dataclass
class RankInput:
    """Arrays for ranking one post's candidate sentences."""

    sent_ids: list[list[int]]  # per candidate: its morphemes
    title_ids: list[int]
    features: list[list[float]]  # per candidate: the select stage's sentence features


def _ids(tokens: list[tuple[str, str]], vocab: dict[str, int]) -> list[int]:
    """Vocabulary ids of (form, tag) pairs; 0 for a morpheme not in the vocabulary."""
    return [vocab.get(token_key(f, t), 0) for f, t in tokens]


def _owned_ids(owner, tokens: list[tuple[str, str]], vocab: dict[str, int]) -> list[int]:
    """`_ids(tokens, vocab)` of a Sentence's tokens or a Document's title tokens (`owner`), computed once per owner
    and vocabulary: kept in the owner's memo together with the vocabulary, whose id no other vocabulary can take
    while it is kept. The list is shared: read it, never change it."""
    at = ("editor_ids", id(vocab))
    found = owner.memo.get(at)
    if found is None or found[0] is not vocab:
        found = owner.memo[at] = (vocab, _ids(tokens, vocab))
    return found[1]


def make_rank_input(doc: Document, indices: list[int], features, vocab: dict[str, int]) -> RankInput:
    return RankInput(
        [_owned_ids(doc.sentences[i], doc.sentences[i].tokens, vocab) or [0] for i in indices],
        _owned_ids(doc, doc.title_tokens, vocab) or [0],
        [[float(v) for v in row] for row in features],
    )


def post_features(doc: Document) -> list[float]:
    """The post features of `doc`, computed once per document (kept in its memo: settings are chosen by summarizing
    the same posts again and again)."""
    if "editor_post_features" not in doc.memo:
        doc.memo["editor_post_features"] = _post_features(doc)
    return list(doc.memo["editor_post_features"])


def _post_features(doc: Document) -> list[float]:
    styles = [style_of(s.tokens) for s in doc.sentences]
    n = max(len(styles), 1)
    return [styles.count(k) / n for k in POST_STYLES] + [
        sum(s.text.endswith("!") for s in doc.sentences) / n,
        min(len(doc.sentences), 40) / 40,
    ]


def make_input(doc: Document, ranked: list[int], vocab: dict[str, int], top: int) -> PostInput:
    sentence_ids = [_owned_ids(doc.sentences[k], doc.sentences[k].tokens, vocab) for k in ranked[:top]]
    post = _owned_ids(doc, doc.title_tokens, vocab) + [i for ids in sentence_ids for i in ids]
    item = PostInput(post[:POST_TOKENS] or [0], post_features(doc), [], [], [], [])
    for rank, (k, ids) in enumerate(zip(ranked[:top], sentence_ids)):
        s = doc.sentences[k]
        context = ids or [0]
        for j, u in enumerate(units(s)):
            item.unit_ids.append([ids[t] for t in u.tokens] or [0])  # _ids of the unit's tokens
            item.unit_context.append(context)
            item.unit_extra.append([float(u.kind == t) for t in UNIT_TYPES] + [rank / top])
            item.unit_where.append((k, j, u.kind))
    return item
