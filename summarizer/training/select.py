"""Select stage training: sentence-salience weights, regularized toward position on held-out categories."""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from summarizer.engines.base import candidates, pack
from summarizer.engines.select import SelectEngine, save_weights
from summarizer.text.features import FEATURES, sentence_features
from summarizer.text.kiwi import PUNCT_TAGS, Document, content_of, morphemes
from summarizer.text.packing import PACKING

PRIORS = (0.0, 0.5, 1.0)


def f1(overlap: int, a: int, b: int) -> float:
    """F1 (0-1) of two bags of `a` and `b` items that share `overlap`; 0 when both are empty."""
    return 2 * overlap / (a + b) if a + b else 0.0


def content_f1(doc: Document, indices: list[int], ref: set[str]) -> list[float]:
    """Each sentence's content-word F1 with the reference's content words `ref`."""
    return [f1(len(words & ref), len(words), len(ref)) for words in (set(doc.sentences[i].content) for i in indices)]


def _ridge(docs: list[Document], targets: list[str], ridge: float = 1.0) -> np.ndarray:
    """Least-squares weights (bias last) predicting each sentence's content-word F1 with the post's summary."""
    xs, ys = [], []
    for doc, words in zip(docs, content_of(targets)):
        ref, indices = set(words), candidates(doc)
        if not indices or not ref:
            continue
        xs.append(sentence_features(doc, indices))
        ys += content_f1(doc, indices, ref)
    x = np.hstack([np.vstack(xs), np.ones((sum(len(x) for x in xs), 1))])
    return np.linalg.solve(x.T @ x + ridge * np.eye(x.shape[1]), x.T @ np.asarray(ys))


class ExcerptObjective:
    """Mean ROUGE-1 + ROUGE-2 F1 (Kiwi morphemes, counted directly) of the excerpts a weight vector picks. A
    post's excerpt is packed once per order of its sentences, and its two F1 computed once per set of sentences
    picked (most steps of the search change few posts' order)."""

    def __init__(self, docs: list[Document], targets: list[str]) -> None:
        self.items = []
        for doc, ref in zip(docs, morphemes(targets)):
            indices = candidates(doc)
            if indices and ref:
                tokens = {
                    i: [f.lower() for f, t in doc.sentences[i].tokens if not t.startswith(PUNCT_TAGS)] for i in indices
                }
                self.items.append(
                    (
                        doc,
                        indices,
                        sentence_features(doc, indices),
                        Counter(ref),
                        Counter(zip(ref, ref[1:])),
                        tokens,
                        {},
                        {},
                    )
                )

    def __call__(self, w: np.ndarray) -> float:
        total = 0.0
        for doc, indices, x, ref1, ref2, tokens, packed, scored in self.items:
            order = np.argsort(-(x @ w), kind="stable")
            key = order.tobytes()
            if key not in packed:
                excerpt = pack(doc, [indices[k] for k in order], PACKING.max_chars, max_overlap=PACKING.max_overlap)
                packed[key] = tuple(i for i in indices if doc.sentences[i].text in excerpt)
            picked = packed[key]
            if picked not in scored:
                toks = [t for i in picked for t in tokens[i]]
                got1, got2 = Counter(toks), Counter(zip(toks, toks[1:]))
                scored[picked] = (
                    f1(sum((got1 & ref1).values()), len(toks), sum(ref1.values())),
                    f1(sum((got2 & ref2).values()), max(len(toks) - 1, 0), sum(ref2.values())),
                )
            one, two = scored[picked]
            total += one
            total += two
        return total / max(len(self.items), 1)


def train_select(
    docs: list[Document], targets: list[str], sample: int = 2000, rounds: int = 2, log=print
) -> dict[str, float]:
    """Sentence-salience weights: a ridge fit of sentence-level overlap, then coordinate ascent on the
    ROUGE-1 + ROUGE-2 of the excerpts they pick, on up to `sample` training posts."""
    w = _ridge(docs, targets)[:-1]
    stride = max(1, len(docs) // sample)
    objective = ExcerptObjective(docs[::stride][:sample], targets[::stride][:sample])
    best = objective(w)
    for n, steps in enumerate([(-0.2, -0.05, 0.05, 0.2), (-0.05, -0.01, 0.01, 0.05)][:rounds], 1):
        for j in range(len(w)):
            for delta in steps:
                trial = w.copy()
                trial[j] += delta
                value = objective(trial)
                if value > best + 1e-6:
                    best, w = value, trial
        log(f"select stage: round {n} of {rounds}: training ROUGE-1 + ROUGE-2 of picked excerpts {100 * best:.2f}")
    return {f: round(float(v), 5) for f, v in zip(FEATURES, w)}


def train_select_stage(train_docs, train_targets, output, log=print) -> SelectEngine:
    start = time.perf_counter()
    weights = train_select(train_docs, train_targets, log=log)
    output.mkdir(parents=True, exist_ok=True)
    save_weights(
        output,
        weights,
        0.0,
        trained_on=len(train_docs),
        method="ridge fit of each sentence's content-word F1 with the post's excerpt, then coordinate "
        "ascent on the ROUGE-1 + ROUGE-2 (Kiwi morphemes) of the excerpts the weights pick",
    )
    log(f"select stage: trained on {len(train_docs)} posts in {time.perf_counter() - start:.1f}s")
    return SelectEngine(weights=weights)
