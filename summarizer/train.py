"""Training: the select stage (sentence salience) and the condense stage (Kiwi-tokenized pointer BART).

Pairs come from posts that already have an excerpt; the latest posts by date are held out for
validation. See `summarizer train --help` and the model card this writes.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .corpus import Example, references
from .engines.base import candidates, fit
from .engines.features import FEATURES, sentence_features
from .engines.select import SelectEngine, save_weights
from .kiwi import Document, content_of, morphemes, split_documents
from .pipeline import source_of

_PUNCT = ("SF", "SP", "SS", "SE", "SO", "SW")
_HASHTAGS = re.compile(r"(?:\s*#[^\s#]+)+\s*$")
FILTERS = {
    "cut": "the excerpt is the body's opening cut off with '..' or '…' (not a summary)",
    "short": "the excerpt has fewer than 30 characters",
    "long": "the excerpt has more than 300 characters",
    "no_body": "the body has fewer than 3 sentences of text",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def target_of(reference: str) -> tuple[str | None, str]:
    """The training target for an excerpt (trailing hashtags dropped), or None and the filter that rejects it."""
    text = " ".join(reference.split())
    if text.endswith(("..", "…")):
        return None, "cut"
    text = _HASHTAGS.sub("", text).strip()
    if len(text) < 30:
        return None, "short"
    if len(text) > 300:
        return None, "long"
    return text, "kept"


def post_date(example: Example) -> str:
    date = example.post.meta.get("date")
    match = re.match(r"\d{4}-\d{2}-\d{2}", example.path.name)
    return str(date)[:10] if date else match.group(0) if match else ""


@dataclass
class Split:
    train: list[Example]
    val: list[Example]
    train_docs: list[Document]
    val_docs: list[Document]
    filtered: Counter


def load_split(paths: list[Path], val_fraction: float = 0.1) -> Split:
    """Filtered (post, target) examples, the latest `val_fraction` by date held out."""
    examples, _, _ = references(paths)
    kept, counts = [], Counter()
    for ex in examples:
        target, why = target_of(ex.reference)
        counts[why] += 1
        if target:
            kept.append(Example(ex.path, ex.post, target))
    kept.sort(key=lambda ex: (post_date(ex), ex.path.name))
    docs = split_documents([source_of(ex.post) for ex in kept])
    keep = [i for i, d in enumerate(docs) if len(d.sentences) >= 3]
    counts["no_body"] += len(kept) - len(keep)
    counts["kept"] -= len(kept) - len(keep)
    kept, docs = [kept[i] for i in keep], [docs[i] for i in keep]
    cut = len(kept) - max(1, int(len(kept) * val_fraction))
    return Split(kept[:cut], kept[cut:], docs[:cut], docs[cut:], counts)


def _ridge(docs: list[Document], targets: list[str], ridge: float = 1.0) -> np.ndarray:
    """Least-squares weights (bias last) predicting each sentence's content-word F1 with the post's summary."""
    xs, ys = [], []
    for doc, words in zip(docs, content_of(targets)):
        ref, indices = set(words), candidates(doc)
        if not indices or not ref:
            continue
        xs.append(sentence_features(doc, indices))
        for i in indices:
            sent = set(doc.sentences[i].content)
            ys.append(2 * len(sent & ref) / (len(sent) + len(ref)) if sent else 0.0)
    x = np.hstack([np.vstack(xs), np.ones((sum(len(x) for x in xs), 1))])
    return np.linalg.solve(x.T @ x + ridge * np.eye(x.shape[1]), x.T @ np.asarray(ys))


def _f1(overlap: int, a: int, b: int) -> float:
    return 2 * overlap / (a + b) if a + b else 0.0


class _ExcerptObjective:
    """Mean ROUGE-1 + ROUGE-2 F1 (Kiwi morphemes, counted directly) of the excerpts a weight vector picks."""

    def __init__(self, docs: list[Document], targets: list[str]) -> None:
        self.items = []
        for doc, ref in zip(docs, morphemes(targets)):
            indices = candidates(doc)
            if indices and ref:
                tokens = {i: [f.lower() for f, t in doc.sentences[i].tokens if not t.startswith(_PUNCT)]
                          for i in indices}
                self.items.append((doc, indices, sentence_features(doc, indices), Counter(ref),
                                   Counter(zip(ref, ref[1:])), tokens))

    def __call__(self, w: np.ndarray) -> float:
        total = 0.0
        for doc, indices, x, ref1, ref2, tokens in self.items:
            order = np.argsort(-(x @ w), kind="stable")
            excerpt = fit(doc, [indices[k] for k in order], 150, max_overlap=0.6)
            toks = [t for i in indices if doc.sentences[i].text in excerpt for t in tokens[i]]
            got1, got2 = Counter(toks), Counter(zip(toks, toks[1:]))
            total += _f1(sum((got1 & ref1).values()), len(toks), sum(ref1.values()))
            total += _f1(sum((got2 & ref2).values()), max(len(toks) - 1, 0), sum(ref2.values()))
        return total / max(len(self.items), 1)


def train_select(docs: list[Document], targets: list[str], sample: int = 2000, rounds: int = 2
                 ) -> tuple[dict[str, float], float]:
    """Sentence-salience weights: a ridge fit of sentence-level overlap, then coordinate ascent on the
    ROUGE-1 + ROUGE-2 of the excerpts they pick, on up to `sample` training posts."""
    w = _ridge(docs, targets)[:-1]
    stride = max(1, len(docs) // sample)
    objective = _ExcerptObjective(docs[::stride][:sample], targets[::stride][:sample])
    best = objective(w)
    for steps in [(-0.2, -0.05, 0.05, 0.2), (-0.05, -0.01, 0.01, 0.05)][:rounds]:
        for j in range(len(w)):
            for delta in steps:
                trial = w.copy()
                trial[j] += delta
                value = objective(trial)
                if value > best + 1e-6:
                    best, w = value, trial
        log(f"select stage: training ROUGE-1 + ROUGE-2 of picked excerpts {100 * best:.2f}")
    return {f: round(float(v), 5) for f, v in zip(FEATURES, w)}, 0.0


def train_tokenizer(texts: list[str], output: Path, vocab_size: int = 8000):
    from kiwipiepy.sw_tokenizer import SwTokenizer, SwTokenizerConfig
    from kiwipiepy.transformers_addon import KiwiTokenizer

    config = SwTokenizerConfig(unk_token="[UNK]", pad_token="[PAD]", bos_token="[BOS]", eos_token="[EOS]",
                               mask_token="[MASK]")
    output.mkdir(parents=True, exist_ok=True)
    SwTokenizer.train(str(output / "tokenizer.json"), texts, config, vocab_size, show_progress=False)
    tokenizer = KiwiTokenizer(str(output / "tokenizer.json"))
    tokenizer.save_pretrained(str(output))
    return tokenizer


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def train_select_stage(split: Split, output: Path) -> SelectEngine:
    start = time.perf_counter()
    weights, bias = train_select(split.train_docs, [ex.reference for ex in split.train])
    output.mkdir(parents=True, exist_ok=True)
    save_weights(output, weights, bias, trained_on=len(split.train),
                 method="ridge fit of each sentence's content-word F1 with the post's excerpt, then coordinate "
                        "ascent on the ROUGE-1 + ROUGE-2 (Kiwi morphemes) of the excerpts the weights pick")
    log(f"select stage: trained on {len(split.train)} posts in {time.perf_counter() - start:.1f}s: {weights}")
    return SelectEngine(weights=weights)


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def run_training(paths: list[Path], output: Path, opts, base: str | None = None, command: str = "",
                 select_only: bool = False) -> dict:
    """The whole `summarizer train` job: data, select stage, condense stage, validation, model card.

    With `select_only`, only the select stage is (re)trained; the condense stage in `output` is kept."""
    from .engines.seq2seq import INPUT_CHARS
    from .evaluate import evaluate
    from .train_seq2seq import train_condense

    began = time.perf_counter()
    previous = json.loads((output / "training.json").read_text(encoding="utf-8")) if select_only else {}
    split = load_split(paths)
    log(f"{len(split.train)} training and {len(split.val)} validation posts (latest dates: "
        f"{post_date(split.val[0])} to {post_date(split.val[-1])}); filters: {dict(split.filtered)}")
    select = train_select_stage(split, output)
    if select_only:
        state, opts_used, minutes = previous["state"], previous["options"], previous["minutes"]
        command, select_command = previous["command"], command
    else:
        sources = [select.source(d, INPUT_CHARS) for d in split.train_docs]
        copies = select.summarize(split.train_docs, 150)
        val_sources = [select.source(d, INPUT_CHARS) for d in split.val_docs]
        texts = sources + [ex.reference for ex in split.train]
        state = train_condense(output, sources, [ex.reference for ex in split.train], copies, val_sources,
                               [ex.reference for ex in split.val], opts, base, texts)
        opts_used, minutes, select_command = opts.__dict__, round((time.perf_counter() - began) / 60, 1), None
    log("scoring every engine on the validation split")
    summaries, _ = evaluate(split.val, ["lead", "extractive", "select", "seq2seq"], model=str(output))
    info = {"command": command, "select_command": select_command, "minutes": minutes, "state": state,
            "train_posts": len(split.train), "val_posts": len(split.val), "filtered": dict(split.filtered),
            "val_dates": [post_date(split.val[0]), post_date(split.val[-1])],
            "scores": [s.__dict__ for s in summaries], "options": opts_used, "base": base or previous.get("base")}
    write_json(output / "training.json", info)
    from .modelcard import write_card

    write_card(output, info)
    return info
