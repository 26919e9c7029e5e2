"""Extractive engine: Kiwi-morpheme centrality, title overlap and position, sentences kept in order."""

from __future__ import annotations

import numpy as np

from summarizer.engines.base import Engine, candidates, pack
from summarizer.text.features import FEATURES, sentence_features
from summarizer.text.kiwi import Document
from summarizer.text.packing import PACKING

HEURISTIC_WEIGHTS = {
    "centrality": 0.5,
    "title_overlap": 2.0,
    "lead_prior": 1.0,
    "is_first": 0.0,
    "length": 0.5,
    "relative_position": -0.5,
    "number_share": 0.0,
    "paragraph_start": 0.0,
}


class ExtractiveEngine(Engine):
    name = "extractive"

    def __init__(self, weights: dict[str, float] | None = None, bias: float = 0.0) -> None:
        super().__init__()
        weights = weights or HEURISTIC_WEIGHTS
        self.weights = np.array([weights.get(f, 0.0) for f in FEATURES])
        self.bias = bias

    def scores(self, doc: Document, indices: list[int], max_chars: int) -> np.ndarray:
        return self.score_features(sentence_features(doc, indices, max_chars))

    def score_features(self, features: np.ndarray) -> np.ndarray:
        """Scores of the candidates whose `sentence_features` rows are given (candidate order)."""
        return features @ self.weights + self.bias

    def rank(self, doc: Document, max_chars: int = PACKING.max_chars) -> list[int]:
        """Candidate sentence indices, best first."""
        indices = candidates(doc)
        if not indices:
            return []
        order = np.argsort(-self.scores(doc, indices, max_chars), kind="stable")
        return [indices[k] for k in order]

    def summarize(self, docs: list[Document], max_chars: int) -> list[str]:
        return [pack(doc, self.rank(doc, max_chars), max_chars, max_overlap=PACKING.max_overlap) for doc in docs]
