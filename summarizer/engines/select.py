"""Select engine: the learned sentence-salience stage (a linear model over sentence features).

Trained by `summarizer train` from each sentence's morpheme overlap with the posts' own
summaries; stored as `salience.json` in a model directory. Faithful by construction: it only
quotes whole sentences of the article.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from summarizer.editor.modelfiles import SALIENCE_FILE
from summarizer.engines.extractive import HEURISTIC_WEIGHTS, ExtractiveEngine
from summarizer.engines.locate import json_problem
from summarizer.text.voice import DEFAULT_VOICE


def load_weights(model_dir: str | Path) -> tuple[dict[str, float], float]:
    path = Path(model_dir) / SALIENCE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found (train one with `summarizer train`)")
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["weights"], float(data.get("bias", 0.0))


SALIENCE_KINDS = {"weights": {str: float}, "bias": float, "position_prior": float}  # of salience.json's keys


def salience_problem(folder: Path) -> str | None:
    """Why `folder`'s salience.json is not a select stage's weights, or None: read before any post is."""
    return json_problem(folder / SALIENCE_FILE, "weights", values=SALIENCE_KINDS)


def save_weights(model_dir: str | Path, weights: dict[str, float], bias: float, **info) -> None:
    path = Path(model_dir) / SALIENCE_FILE
    path.write_text(
        json.dumps({"weights": weights, "bias": bias, **info}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


class SelectEngine(ExtractiveEngine):
    """Learned weights, regularized toward position: the learned scores are standardized within the post and
    `position_prior` × 3 / (1 + rank) is added, so a post unlike the training posts falls back toward lead."""

    name = "select"
    model_files = (SALIENCE_FILE,)
    model_part = "the select stage"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        weights: dict[str, float] | None = None,
        position_prior: float | None = None,
    ) -> None:
        prior = 0.0
        if weights is None and model_dir is not None and (Path(model_dir) / SALIENCE_FILE).is_file():
            weights, bias = load_weights(model_dir)
            prior = float(
                json.loads((Path(model_dir) / SALIENCE_FILE).read_text(encoding="utf-8")).get("position_prior", 0.0)
            )
        elif weights is None:
            weights, bias = HEURISTIC_WEIGHTS, 0.0  # a hub model without a select stage
        else:
            bias = 0.0
        super().__init__(weights, bias)
        self.position_prior = prior if position_prior is None else position_prior

    @classmethod
    def model_problem(cls, folder: Path) -> str | None:
        problem = salience_problem(folder)
        return cls.explain(problem) if problem else None

    @classmethod
    def from_pretrained(cls, model: str | None = None, voice: str = DEFAULT_VOICE) -> SelectEngine:
        return cls(model)

    def score_features(self, features: np.ndarray) -> np.ndarray:
        raw = super().score_features(features)
        if not self.position_prior:
            return raw
        z = (raw - raw.mean()) / (raw.std() + 1e-9)
        return z + self.position_prior * 3.0 / (1.0 + np.arange(len(raw)))
