"""The editor network's layers, from one spec: each layer's name, kind and input and output sizes.

The torch modeling builds its modules from `layers(config)` (in this order, which fixes the random
initialization) and the NumPy modeling checks the saved weights against `weight_shapes(config)`, so a
shape is written once.

    embed       morpheme embedding bag (mean)             vocab_size -> dim
    post        title + top sentences, post features      dim + POST_FEATURES -> hidden (tanh)
    style       the excerpt's ending style                hidden -> len(STYLES)
    close       whether to close with a phrase            hidden -> 1
    phrase      which closing phrase                      hidden -> phrases
    unit1/2     keep or delete each unit                  unit + its sentence + UNIT_EXTRA + post -> hidden -> 1
    rank_embed  the ranking head's own embedding bag      vocab_size -> dim
    rank1/2     one score per candidate sentence          sentence + title + article mean + features -> hidden -> 1
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.inputs import POST_FEATURES, UNIT_EXTRA
from summarizer.text.endings import STYLES
from summarizer.text.features import FEATURES

SENTENCE_FEATURES = len(FEATURES)  # the select stage's features of each candidate sentence


@dataclass(frozen=True)
class Layer:
    inputs: int  # an embedding's: the vocabulary size
    outputs: int
    embedding: bool = False  # a mean embedding bag (weights only) rather than a linear layer (weight and bias)


def layers(config: EditorConfig) -> dict[str, Layer]:
    d, h = config.dim, config.hidden
    return {
        "embed": Layer(config.vocab_size, d, embedding=True),
        "post": Layer(d + POST_FEATURES, h),
        "style": Layer(h, len(STYLES)),
        "close": Layer(h, 1),
        "phrase": Layer(h, max(len(config.phrases), 1)),
        "unit1": Layer(2 * d + UNIT_EXTRA + h, h),
        "unit2": Layer(h, 1),
        "rank_embed": Layer(config.vocab_size, d, embedding=True),
        "rank1": Layer(3 * d + SENTENCE_FEATURES, h),
        "rank2": Layer(h, 1),
    }


def is_ranking(name: str) -> bool:
    """A weight of the ranking head (optional in a model that does not use it: `rank_weight` 0)."""
    return name.startswith("rank")


def weight_shapes(config: EditorConfig) -> dict[str, tuple[int, ...]]:
    """The shape of every weight (names as the NumPy modeling keeps them: `embed`, `post.weight`, `post.bias`)."""
    shapes: dict[str, tuple[int, ...]] = {}
    for name, layer in layers(config).items():
        if layer.embedding:
            shapes[name] = (layer.inputs, layer.outputs)
        else:
            shapes[f"{name}.weight"], shapes[f"{name}.bias"] = (layer.outputs, layer.inputs), (layer.outputs,)
    return shapes
