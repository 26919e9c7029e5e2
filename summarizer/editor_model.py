"""The condense stage's learned editing model: a small network over Kiwi morphemes.

Inputs per post: the morphemes of the title and candidate sentences, a few style statistics of
the article, and the deletable units of the sentences the select stage ranked highest. Outputs:
the ending style of the excerpt (plain/polite/noun), whether to close with a phrase and which one
(from a vocabulary learned from the site's excerpts), and a keep/delete decision per unit.
A ranking head (its own morpheme embedding) scores every candidate sentence from its morphemes, the
title's, the article's mean and the select stage's sentence features; the engine adds its standardized
score × `rank_weight` to the select stage's.

Trained with PyTorch (`torch_module`), saved as a transformers checkpoint (`summarizer.editor_hf`:
`config.json`, `model.safetensors`) plus `vocab.json`; inference runs on the same weights in NumPy
(`NumpyEditor`), so the engine never imports torch. A parity test checks that both give the same outputs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .editing import STYLES, UNIT_TYPES, style_of, units
from .kiwi import Document

WEIGHTS_FILE, CONFIG_FILE, VOCAB_FILE = "model.safetensors", "config.json", "vocab.json"
POST_TOKENS = 400
POST_FEATURES = 6
SENTENCE_FEATURES = 14  # len(engines.features.FEATURES)


@dataclass
class EditorConfig:
    model_type: str = "kiwi-unit-editor"
    vocab_size: int = 20000
    dim: int = 64
    hidden: int = 64
    phrases: list[str] = field(default_factory=list)  # the closing-phrase vocabulary
    target_chars: int = 120  # length of the site's excerpts (median of the training targets)
    close_threshold: float = 0.5
    keep_threshold: float = 0.5
    style_threshold: float = 0.0  # re-end only when the style is this likely; else keep the article's ending
    style_prior: list[float] = field(default_factory=lambda: [1 / 3] * 3)  # of the training targets, per STYLES
    style_calibration: float = 0.0  # styles are chosen by p(style) / prior ** this (1: the training mix is undone)
    top_sentences: int = 6
    max_overlap: float = 0.6  # a sentence whose content words mostly (> this share) repeat a chosen one is skipped
    phrase_absent_max: int = 0  # a closing phrase may bring at most this many content morphemes the article lacks
    drop_kinds: list[str] = field(default_factory=lambda: ["opener"])  # unit kinds the editor may delete (parentheticals
    # broke 6 of 40 cuts read blind: part of a charge's name, a time zone, a particle that no longer fits)
    rank_weight: float = 0.0  # weight of the ranking head's standardized scores added to the select stage's
    cut_kinds: list[str] = field(default_factory=list)  # unit kinds cut to fit the length (clause cuts broke 12 of 40)
    categories: dict[str, int] = field(default_factory=dict)  # training posts per category (voice `auto`)
    category_registers: dict[str, str] = field(default_factory=dict)  # a category's register where >= 90% agree
    drop_announcements: bool = True  # the site's excerpts never announce ("…을 알아보겠습니다"): drop those

    def save(self, folder: Path) -> None:
        """Update config.json (keys written by transformers' save_pretrained are kept)."""
        path = folder / CONFIG_FILE
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        path.write_text(json.dumps({**data, **asdict(self)}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "EditorConfig":
        data = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def token_key(form: str, tag: str) -> str:
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


def make_rank_input(doc: Document, indices: list[int], features, vocab: dict[str, int]) -> RankInput:
    return RankInput([_ids(doc.sentences[i].tokens, vocab) or [0] for i in indices],
                     _ids(doc.title_tokens, vocab) or [0], [[float(v) for v in row] for row in features])


def post_features(doc: Document) -> list[float]:
    styles = [style_of(s.tokens) for s in doc.sentences]
    n = max(len(styles), 1)
    return [styles.count(k) / n for k in ("plain", "polite", "noun", "request")] + [
        sum(s.text.endswith("!") for s in doc.sentences) / n, min(len(doc.sentences), 40) / 40]


def make_input(doc: Document, ranked: list[int], vocab: dict[str, int], top: int) -> PostInput:
    post = _ids(doc.title_tokens, vocab) + [i for k in ranked[:top] for i in _ids(doc.sentences[k].tokens, vocab)]
    item = PostInput(post[:POST_TOKENS] or [0], post_features(doc), [], [], [], [])
    for rank, k in enumerate(ranked[:top]):
        s = doc.sentences[k]
        context = _ids(s.tokens, vocab) or [0]
        for j, u in enumerate(units(s)):
            item.unit_ids.append(_ids([s.tokens[t] for t in u.tokens], vocab) or [0])
            item.unit_context.append(context)
            item.unit_extra.append([float(u.kind == t) for t in UNIT_TYPES] + [rank / top])
            item.unit_where.append((k, j, u.kind))
    return item


def _bag(table: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    if not rows:
        return np.zeros((0, table.shape[1]), dtype=table.dtype)
    flat = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    starts = np.cumsum([0] + [len(r) for r in rows[:-1]])
    return np.add.reduceat(table[flat], starts, axis=0) / np.asarray([len(r) for r in rows])[:, None]


class NumpyEditor:
    """Inference on the saved weights without torch."""

    def __init__(self, folder: str | Path) -> None:
        from safetensors.numpy import load_file

        folder = Path(folder)
        self.config = EditorConfig.load(folder)
        self.vocab = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        try:
            self.w = {_plain_key(k): v for k, v in load_file(str(folder / WEIGHTS_FILE)).items()}
        except Exception as exc:  # safetensors raises its own error types for a damaged file
            raise ValueError(f"{folder / WEIGHTS_FILE}: cannot read the weights ({exc})") from None
        expected = expected_shapes(self.config)
        optional = set() if self.config.rank_weight else {k for k in expected if k.startswith("rank")}
        wrong = [k for k, shape in expected.items()
                 if k not in self.w and k not in optional or k in self.w and tuple(self.w[k].shape) != shape]
        if wrong:
            raise ValueError(f"{folder / WEIGHTS_FILE} does not match its config.json ({', '.join(wrong)}); "
                             "it was written by another version of `summarizer train`")

    def post_vectors(self, items: list[PostInput]) -> np.ndarray:
        w = self.w
        x = np.hstack([_bag(w["embed"], [it.post_ids for it in items]),
                       np.asarray([it.post_features for it in items], dtype=np.float32)])
        return np.tanh(x @ w["post.weight"].T + w["post.bias"])

    def __call__(self, items: list[PostInput]) -> list[dict]:
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
                x = np.hstack([_bag(w["embed"], it.unit_ids), _bag(w["embed"], it.unit_context),
                               np.asarray(it.unit_extra, dtype=np.float32), np.repeat(p[n : n + 1], len(it.unit_ids), 0)])
                h = np.tanh(x @ w["unit1.weight"].T + w["unit1.bias"])
                keep = _sigmoid(h @ w["unit2.weight"].T + w["unit2.bias"])[:, 0]
            out.append({"style": style[n], "close": float(close[n]), "phrase": phrase[n], "keep": keep})
        return out

    def rank(self, items: list[RankInput]) -> list[np.ndarray]:
        """Per post: one score per candidate sentence (higher: more of it in the site's excerpt)."""
        w, out = self.w, []
        for it in items:
            sent = _bag(w["rank_embed"], it.sent_ids)
            n = len(sent)
            x = np.hstack([sent, np.repeat(_bag(w["rank_embed"], [it.title_ids]), n, 0),
                           np.repeat(sent.mean(0, keepdims=True), n, 0), np.asarray(it.features, dtype=np.float32)])
            h = np.tanh(x @ w["rank1.weight"].T + w["rank1.bias"])
            out.append((h @ w["rank2.weight"].T + w["rank2.bias"])[:, 0])
        return out


def expected_shapes(config: EditorConfig) -> dict[str, tuple[int, ...]]:
    """The shape of every weight the network of `config` has (names as NumpyEditor keeps them)."""
    d, h = config.dim, config.hidden
    return {"embed": (config.vocab_size, d), "post.weight": (h, d + POST_FEATURES), "post.bias": (h,),
            "style.weight": (len(STYLES), h), "close.weight": (1, h), "phrase.weight": (max(len(config.phrases), 1), h),
            "unit1.weight": (h, 2 * d + len(UNIT_TYPES) + 1 + h), "unit2.weight": (1, h),
            "rank_embed": (config.vocab_size, d), "rank1.weight": (h, 3 * d + SENTENCE_FEATURES), "rank2.weight": (1, h)}


def _plain_key(key: str) -> str:
    """`editor.embed.weight` (a transformers checkpoint) or `embed.weight` -> `embed`; other keys unprefixed."""
    key = key.removeprefix("editor.")
    return {"embed.weight": "embed", "rank_embed.weight": "rank_embed"}.get(key, key)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def torch_module(config: EditorConfig):
    """The same network in PyTorch, for training (parameter names match the safetensors keys)."""
    import torch
    from torch import nn

    class Editor(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            d, h = config.dim, config.hidden
            self.embed = nn.EmbeddingBag(config.vocab_size, d, mode="mean")
            self.post = nn.Linear(d + POST_FEATURES, h)
            self.style = nn.Linear(h, len(STYLES))
            self.close = nn.Linear(h, 1)
            self.phrase = nn.Linear(h, max(len(config.phrases), 1))
            self.unit1 = nn.Linear(2 * d + len(UNIT_TYPES) + 1 + h, h)
            self.unit2 = nn.Linear(h, 1)
            self.rank_embed = nn.EmbeddingBag(config.vocab_size, d, mode="mean")
            self.rank1 = nn.Linear(3 * d + SENTENCE_FEATURES, h)
            self.rank2 = nn.Linear(h, 1)

        def bag(self, rows: list[list[int]], table=None):
            flat = torch.tensor([i for r in rows for i in r], dtype=torch.long)
            offsets = torch.tensor([0] + [len(r) for r in rows[:-1]], dtype=torch.long).cumsum(0)
            return (self.embed if table is None else table)(flat, offsets)

        def rank(self, items: list[RankInput]):
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
                x = torch.cat([self.bag(rows), self.bag(ctx), torch.tensor(extra, dtype=torch.float32),
                               p[torch.tensor(owner)]], 1)
                keep = self.unit2(torch.tanh(self.unit1(x)))[:, 0]
            return self.style(p), self.close(p)[:, 0], self.phrase(p), keep

    return Editor()


def save_module(module, config: EditorConfig, vocab: dict[str, int], folder: Path) -> None:
    """Save as a transformers checkpoint (config.json, model.safetensors) plus vocab.json."""
    from .editor_hf import KiwiEditorConfig, KiwiEditorModel

    folder.mkdir(parents=True, exist_ok=True)
    fields_ = {k: v for k, v in asdict(config).items() if k != "model_type"}
    model = KiwiEditorModel(KiwiEditorConfig(**fields_))
    model.editor.load_state_dict(module.state_dict())
    model.save_pretrained(str(folder), safe_serialization=True)
    (folder / VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder / WEIGHTS_FILE, 0o666 & ~umask)  # safetensors writes 0600; a model is shared like any file
