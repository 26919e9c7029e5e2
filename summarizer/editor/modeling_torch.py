"""The editor in PyTorch, for training: the same network as the NumPy modeling, built from the layer spec.

Parameter names (`embed.weight`, `post.weight`, ...) are the safetensors keys the NumPy modeling reads
(under transformers' `editor.` prefix in a saved checkpoint).
"""

from __future__ import annotations

import torch
from torch import nn

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.inputs import PostInput, RankInput
from summarizer.editor.layers import Layer, layers


def _module(layer: Layer) -> nn.Module:
    if layer.embedding:
        return nn.EmbeddingBag(layer.inputs, layer.outputs, mode="mean")
    return nn.Linear(layer.inputs, layer.outputs)


class EditorNetwork(nn.Module):
    """The post layer with its style, closing and phrase heads, the unit keep/delete head, and the ranking head
    (its own embedding bag)."""

    def __init__(self, config: EditorConfig) -> None:
        super().__init__()
        for name, layer in layers(config).items():  # in the spec's order: it fixes the random initialization
            self.add_module(name, _module(layer))

    def bag(self, rows: list[list[int]], table: nn.EmbeddingBag | None = None) -> torch.Tensor:
        flat = torch.tensor([i for r in rows for i in r], dtype=torch.long)
        offsets = torch.tensor([0] + [len(r) for r in rows[:-1]], dtype=torch.long).cumsum(0)
        return (self.embed if table is None else table)(flat, offsets)

    def rank(self, items: list[RankInput]) -> list[torch.Tensor]:
        """Per post: a tensor of candidate-sentence scores."""
        owner = torch.tensor([n for n, it in enumerate(items) for _ in it.sent_ids])
        sent = self.bag([r for it in items for r in it.sent_ids], self.rank_embed)
        title = self.bag([it.title_ids for it in items], self.rank_embed)
        counts = torch.bincount(owner, minlength=len(items)).clamp(min=1)[:, None]
        mean = torch.zeros(len(items), sent.shape[1]).index_add(0, owner, sent) / counts
        feats = torch.tensor([row for it in items for row in it.features], dtype=torch.float32)
        x = torch.cat([sent, title[owner], mean[owner], feats], 1)
        return list(self.rank2(torch.tanh(self.rank1(x)))[:, 0].split([len(it.sent_ids) for it in items]))

    def forward(self, items: list[PostInput]):
        """(style logits, closing logits, phrase logits, unit keep logits or None) for a batch of posts."""
        feats = torch.tensor([it.post_features for it in items], dtype=torch.float32)
        p = torch.tanh(self.post(torch.cat([self.bag([it.post_ids for it in items]), feats], 1)))
        rows, ctx, extra, owner = [], [], [], []
        for n, it in enumerate(items):
            rows += it.unit_ids
            ctx += it.unit_context
            extra += it.unit_extra
            owner += [n] * len(it.unit_ids)
        keep = None
        if rows:
            x = torch.cat(
                [self.bag(rows), self.bag(ctx), torch.tensor(extra, dtype=torch.float32), p[torch.tensor(owner)]], 1
            )
            keep = self.unit2(torch.tanh(self.unit1(x)))[:, 0]
        return self.style(p), self.close(p)[:, 0], self.phrase(p), keep
