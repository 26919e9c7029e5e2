"""The general ranker: which sentences of a post say what it is about, on a site or a category that no model
was trained on (the condense engine's article voice).

Its weights (models/general/ranker.json, package data) are fitted across many sites' own summaries
(`benchmarks/fit_ranker.py`: each sentence's ROUGE-1 with the author's summary, every site weighted alike,
checked on sites left out), over `text.features.GENERAL_FEATURES`: the file holds feature names and weights,
no text of any site. It picks the best sentence, then only sentences almost as good (`fill`): a shorter
excerpt is better than one padded with a sentence that says less.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from summarizer.engines.locate import MODELS_DIR
from summarizer.text.features import GENERAL_FEATURES, general_features
from summarizer.text.kiwi import Document

RANKER_FILE = MODELS_DIR / "general" / "ranker.json"


class GeneralRanker:
    def __init__(self, weights: np.ndarray, fill: float = 0.6) -> None:
        self.weights = np.asarray(weights, dtype=np.float64)
        self.fill = fill  # a further sentence must score within fill × |best score| of the best

    @classmethod
    def load(cls, path: Path = RANKER_FILE) -> GeneralRanker:
        """The ranker in `path`; a feature it names that this version lacks is left out, one it lacks weighs 0."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        named = dict(zip(data["features"], data["weights"]))
        return cls(np.array([float(named.get(f, 0.0)) for f in GENERAL_FEATURES]), float(data["fill"]))

    def save(self, path: Path, **info) -> None:
        data = {"features": GENERAL_FEATURES, "weights": [round(float(w), 5) for w in self.weights]}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**data, "fill": self.fill, **info}, indent=1) + "\n", encoding="utf-8")

    def scores(self, doc: Document, indices: list[int], max_chars: int) -> np.ndarray:
        return np.asarray(general_features(doc, indices, max_chars)) @ self.weights

    def pick(self, scores: np.ndarray, lengths: list[int], max_chars: int) -> list[int]:
        """Positions (into `scores`) of the sentences an excerpt takes: the best that fits, then those that fit
        the room left and score within `fill` of it, best first."""
        chosen, used, best = [], -1, 0.0
        for k in np.argsort(-scores, kind="stable"):
            if used + 1 + lengths[k] > max_chars:
                continue
            if chosen and scores[k] < best - self.fill * abs(best):
                break
            if not chosen:
                best = scores[k]
            chosen.append(int(k))
            used += 1 + lengths[k]
        return chosen

    def order(self, doc: Document, indices: list[int], max_chars: int) -> list[int]:
        """`indices` (candidate sentences, in document order) best first."""
        scores = self.scores(doc, indices, max_chars)
        return [indices[k] for k in np.argsort(-scores, kind="stable")]

    def shortlist(self, doc: Document, ranked: list[int], max_chars: int) -> list[int]:
        """Of `ranked` (best first), the sentences worth an excerpt: the best that fits `max_chars`, and those
        that score almost as well (within `fill`), in the same order."""
        indices = sorted(ranked)
        scores = dict(zip(indices, self.scores(doc, indices, max_chars)))
        fitting = [i for i in ranked if len(doc.sentences[i].text) <= max_chars]
        if not fitting:
            return []
        best = scores[fitting[0]]
        return [i for i in fitting if scores[i] >= best - self.fill * abs(best)]
