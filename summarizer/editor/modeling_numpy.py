"""The editor in NumPy: inference on the saved weights, with no torch or transformers import.

`NumpyEditor(folder)` reads config.json, vocab.json and model.safetensors (a transformers checkpoint written by
`summarizer.editor.modeling_hf`), checks every weight's shape against `summarizer.editor.layers`, and computes
what the torch modeling computes (a parity test checks both give the same outputs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.inputs import PostInput, RankInput
from summarizer.editor.layers import is_ranking, weight_shapes
from summarizer.editor.modelfiles import VOCAB_FILE, WEIGHTS_FILE


@dataclass
class EditorOutput:
    """The editor's decisions for one post."""

    style: np.ndarray  # the probability of each ending style (`summarizer.text.endings.STYLES` order)
    close: float  # the probability that the site closes this post with a stock phrase
    phrase: np.ndarray  # the probability of each of the site's closing phrases
    keep: np.ndarray  # per deletable unit of the top sentences (`PostInput.unit_ids`): the probability it stays
    where: list = field(default_factory=list)  # per unit: (sentence, unit, kind), set by the engine that asked


def _bag(table: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """The mean of `table`'s rows for each list of ids (an embedding bag)."""
    if not rows:
        return np.zeros((0, table.shape[1]), dtype=table.dtype)
    flat = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    starts = np.cumsum([0] + [len(r) for r in rows[:-1]])
    return np.add.reduceat(table[flat], starts, axis=0) / np.asarray([len(r) for r in rows])[:, None]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def plain_key(key: str) -> str:
    """`editor.embed.weight` (a transformers checkpoint) or `embed.weight` -> `embed`; other keys unprefixed."""
    key = key.removeprefix("editor.")
    return {"embed.weight": "embed", "rank_embed.weight": "rank_embed"}.get(key, key)


class NumpyEditor:
    """Inference on the saved weights without torch."""

    def __init__(self, folder: str | Path) -> None:
        from safetensors.numpy import load_file

        folder = Path(folder)
        self.config = EditorConfig.load(folder)
        self.vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        try:
            self.w = {plain_key(k): v for k, v in load_file(str(folder / WEIGHTS_FILE)).items()}
        except Exception as exc:  # safetensors raises its own error types for a damaged file
            raise ValueError(f"{folder / WEIGHTS_FILE}: cannot read the weights ({exc})") from None
        expected = weight_shapes(self.config)
        optional = set() if self.config.rank_weight else {k for k in expected if is_ranking(k)}
        wrong = [
            k
            for k, shape in expected.items()
            if k not in self.w and k not in optional or k in self.w and tuple(self.w[k].shape) != shape
        ]
        if wrong:
            raise ValueError(
                f"{folder / WEIGHTS_FILE} does not match its config.json ({', '.join(wrong)}); "
                "it was written by another version of `summarizer train`"
            )

    def post_vectors(self, items: list[PostInput]) -> np.ndarray:
        w = self.w
        x = np.hstack(
            [
                _bag(w["embed"], [it.post_ids for it in items]),
                np.asarray([it.post_features for it in items], dtype=np.float32),
            ]
        )
        return np.tanh(x @ w["post.weight"].T + w["post.bias"])

    def __call__(self, items: list[PostInput]) -> list[EditorOutput]:
        """Per post: style probabilities, closing probability, phrase probabilities, keep probabilities."""
        w = self.w
        p = self.post_vectors(items)
        style = _softmax(p @ w["style.weight"].T + w["style.bias"])
        close = _sigmoid(p @ w["close.weight"].T + w["close.bias"])[:, 0]
        phrase = _softmax(p @ w["phrase.weight"].T + w["phrase.bias"])
        out = []
        for n, it in enumerate(items):
            keep = np.zeros(0)
            if it.unit_ids:
                x = np.hstack(
                    [
                        _bag(w["embed"], it.unit_ids),
                        _bag(w["embed"], it.unit_context),
                        np.asarray(it.unit_extra, dtype=np.float32),
                        np.repeat(p[n : n + 1], len(it.unit_ids), 0),
                    ]
                )
                h = np.tanh(x @ w["unit1.weight"].T + w["unit1.bias"])
                keep = _sigmoid(h @ w["unit2.weight"].T + w["unit2.bias"])[:, 0]
            out.append(EditorOutput(style[n], float(close[n]), phrase[n], keep))
        return out

    def rank(self, items: list[RankInput]) -> list[np.ndarray]:
        """Per post: one score per candidate sentence (higher: more of it in the site's excerpt)."""
        w, out = self.w, []
        for it in items:
            sent = _bag(w["rank_embed"], it.sent_ids)
            n = len(sent)
            x = np.hstack(
                [
                    sent,
                    np.repeat(_bag(w["rank_embed"], [it.title_ids]), n, 0),
                    np.repeat(sent.mean(0, keepdims=True), n, 0),
                    np.asarray(it.features, dtype=np.float32),
                ]
            )
            h = np.tanh(x @ w["rank1.weight"].T + w["rank1.bias"])
            out.append((h @ w["rank2.weight"].T + w["rank2.bias"])[:, 0])
        return out
