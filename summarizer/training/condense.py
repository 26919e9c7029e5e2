"""Condense stage training: the editor fit on the labels (`summarizer.training.labels`), resumable, and saved.

The ranking head is fitted with a listwise loss: a softmax over the post's sentences against
softmax(F1 / RANK_TEMPERATURE), F1 being each sentence's content-morpheme F1 with the reference.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.layers import is_ranking
from summarizer.editor.modelfiles import STATE_FILE, STATE_WEIGHTS, VOCAB_FILE, WEIGHTS_FILE
from summarizer.text.endings import STYLES, style_of
from summarizer.text.kiwi import Document, split_documents
from summarizer.text.sentence_kinds import announces
from summarizer.training.labels import Labeled, build_vocab, category_registers, closing_phrases, label
from summarizer.training.record import CondenseFit

RANK_TEMPERATURE = 0.05
ANNOUNCING_SITE = 0.05  # share of the site's summaries with an announcement from which they are kept
_EDITOR = EditorConfig()  # the editor's sizes default to the configuration's


@dataclass
class CondenseOptions:
    """How the editor is trained (`summarizer train`'s options; the record keeps them)."""

    epochs: int = 6
    batch_size: int = 32
    lr: float = 3e-3
    vocab_size: int = _EDITOR.vocab_size
    dim: int = _EDITOR.dim
    hidden: int = _EDITOR.hidden
    top_sentences: int = _EDITOR.top_sentences
    seed: int = 0
    rank_epochs: int = 4  # the ranking head is trained for these first epochs only
    rank_lr: float = 2e-3


def train_editor(
    data: list[Labeled],
    config: EditorConfig,
    opts: CondenseOptions,
    log=print,
    start_epoch: int = 0,
    init: dict | None = None,
    on_epoch=None,
):
    """Fit the editor on labeled posts; returns the torch module. The ranking head (its own embedding) has its
    own optimizer and is trained for the first `opts.rank_epochs` epochs only: its 1.3M weights over-fit the
    training posts after that."""
    import torch
    import torch.nn.functional as F

    from summarizer.editor.modeling_torch import EditorNetwork

    epochs, batch, rank_epochs = opts.epochs, opts.batch_size, opts.rank_epochs
    torch.manual_seed(opts.seed)
    rng = random.Random(opts.seed)
    net = EditorNetwork(config)
    if init is not None:
        missing, unexpected = net.load_state_dict(init, strict=False)
        if unexpected or [k for k in missing if not is_ranking(k)]:  # a base without a ranking head is fine
            raise ValueError(
                f"the starting weights do not fit this editor (missing {missing}, unexpected {unexpected})"
            )
    opt = torch.optim.Adam([p for n, p in net.named_parameters() if not is_ranking(n)], lr=opts.lr)
    opt_rank = torch.optim.Adam([p for n, p in net.named_parameters() if is_ranking(n)], lr=opts.rank_lr)
    began = time.perf_counter()
    for epoch in range(epochs):
        order = list(range(len(data)))
        rng.shuffle(order)  # the same order as an uninterrupted run
        if epoch < start_epoch:
            continue
        total = 0.0
        for start in range(0, len(order), batch):
            chunk = [data[i] for i in order[start : start + batch]]
            style, close, phrase, keep = net([d.item for d in chunk])
            ys = torch.tensor([d.style for d in chunk])
            loss = F.binary_cross_entropy_with_logits(close, torch.tensor([d.close for d in chunk]))
            if (ys >= 0).any():
                loss = loss + F.cross_entropy(style[ys >= 0], ys[ys >= 0])
            yp = torch.tensor([d.phrase for d in chunk])
            if (yp >= 0).any() and config.phrases:
                loss = loss + F.cross_entropy(phrase[yp >= 0], yp[yp >= 0])
            if keep is not None:
                yk = torch.tensor([k for d in chunk for k in d.keep])
                loss = loss + F.binary_cross_entropy_with_logits(keep, yk)
            ranked = [d for d in chunk if d.rank is not None] if epoch < rank_epochs else []
            if ranked:
                scores = net.rank([d.rank for d in ranked])
                listwise = [
                    -(torch.softmax(torch.tensor(d.rank_y) / RANK_TEMPERATURE, 0) * torch.log_softmax(s, 0)).sum()
                    for d, s in zip(ranked, scores)
                ]
                loss = loss + torch.stack(listwise).mean()
            opt.zero_grad()
            opt_rank.zero_grad()
            loss.backward()
            opt.step()
            if ranked:
                opt_rank.step()
            total += float(loss.detach()) * len(chunk)
        log(
            f"condense stage: epoch {epoch + 1}/{epochs} loss {total / len(data):.4f} "
            f"({time.perf_counter() - began:.0f}s)"
        )
        if on_epoch:
            on_epoch(net, epoch + 1)
    return net.eval()


def train_condense_stage(
    docs: list[Document],
    ranked: list[list[int]],
    targets: list[str],
    output: Path,
    opts: CondenseOptions,
    base: str | None = None,
    log=print,
) -> CondenseFit:
    """Vocabulary, phrases and labels from the training posts, then the editor; saved into `output`.

    Resumes from `trainer_state.*` (safetensors weights + JSON, no pickle) when a run stopped early;
    `base` starts from another editor's vocabulary, phrases and weights."""
    from safetensors.torch import load_file, save_file

    from summarizer.editor.modeling_hf import save_editor

    target_docs = split_documents([("", [t]) for t in targets])
    if base:
        config = EditorConfig.load(Path(base))
        vocab = json.loads((Path(base) / VOCAB_FILE).read_text(encoding="utf-8"))
    else:
        vocab = build_vocab(docs, opts.vocab_size)
        config = EditorConfig(
            vocab_size=len(vocab) + 1,
            dim=opts.dim,
            hidden=opts.hidden,
            phrases=closing_phrases(target_docs),
            top_sentences=opts.top_sentences,
        )
    config.target_chars = int(statistics.median(len(t) for t in targets))
    config.categories = dict(Counter(c for d in docs for c in d.categories or ("",)).most_common())  # "": none
    config.category_registers = category_registers(docs, target_docs)
    announcing = sum(
        any(announces(s) and style_of(s.tokens) != "request" for s in t.sentences)  # not "확인해보세요!"
        for t in target_docs
    ) / max(len(target_docs), 1)
    config.drop_announcements = announcing < ANNOUNCING_SITE  # the site's own summaries never announce
    began = time.perf_counter()
    data = [label(d, r, t, config.phrases, vocab, config.top_sentences) for d, r, t in zip(docs, ranked, target_docs)]
    styles = Counter(d.style for d in data if d.style >= 0)
    config.style_prior = [round(styles[i] / max(sum(styles.values()), 1), 4) for i in range(len(STYLES))]
    log(
        f"condense stage: labels for {len(data)} posts in {time.perf_counter() - began:.0f}s "
        f"({sum(d.close for d in data):.0f} close with a phrase; {sum(len(d.keep) for d in data)} units)"
    )
    state = {"epoch": 0}
    init = None
    saved = json.loads((output / STATE_FILE).read_text(encoding="utf-8")) if (output / STATE_FILE).exists() else {}
    if saved.get("posts") == len(data) and (output / STATE_WEIGHTS).exists():  # the same run stopped early
        state = saved
        init = load_file(str(output / STATE_WEIGHTS))
        log(f"condense stage: resuming after epoch {state['epoch']}")
    elif base:
        init = {k.removeprefix("editor."): v for k, v in load_file(str(Path(base) / WEIGHTS_FILE)).items()}

    def checkpoint(net, epoch):
        save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(output / STATE_WEIGHTS))
        (output / STATE_FILE).write_text(json.dumps({"epoch": epoch, "posts": len(data)}), encoding="utf-8")

    output.mkdir(parents=True, exist_ok=True)
    net = train_editor(data, config, opts, log=log, start_epoch=state["epoch"], init=init, on_epoch=checkpoint)
    save_editor(net, config, vocab, output)
    for name in (STATE_FILE, STATE_WEIGHTS):
        (output / name).unlink(missing_ok=True)
    return CondenseFit(
        epochs=opts.epochs,
        seconds=round(time.perf_counter() - began, 1),
        posts=len(data),
        phrases=config.phrases,
        target_chars=config.target_chars,
        categories=config.categories,
        drop_announcements=config.drop_announcements,
    )
