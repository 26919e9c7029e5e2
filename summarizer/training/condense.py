"""Condense stage training: labels from aligning each reference to the article's units, then the editor.

Labels, computed once per post: the reference's ending style (majority of its sentences), whether it
closes with a phrase of the learned vocabulary (and which one), for each deletable unit of the
top-ranked sentences whether the reference keeps its content morphemes, and for each candidate
sentence the F1 of its content morphemes with the reference's (the ranking head's target, fitted
with a listwise loss: a softmax over the post's sentences against softmax(F1 / RANK_TEMPERATURE)).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..editing import STYLES, style_of, units
from ..sentence_kinds import announces
from ..config import DEFAULT_MAX_CHARS
from ..editor.configuration import EditorConfig
from ..editor.inputs import PostInput, RankInput, make_input, make_rank_input, token_key
from ..modelfiles import VOCAB_FILE, WEIGHTS_FILE
from ..engines.base import candidates
from ..engines.features import sentence_features
from ..kiwi import FACT_TAGS, FOREIGN_TAGS, Document, is_content, split_documents
from ..voice import MIN_CATEGORY_POSTS, main_register, register_of
from .select import content_f1

RANK_TEMPERATURE = 0.05
ANNOUNCING_SITE = 0.05  # share of the site's summaries with an announcement from which they are kept


def closing(doc: Document) -> str:
    """The target's closing sentence when it requests something and names no fact ('' otherwise).

    A leading connective clause such as "클릭해서" is dropped as a unit ("클릭해서 더 알아보세요!" -> "더 알아보세요!"),
    so that the phrase keeps only the request."""
    if len(doc.sentences) < 2:
        return ""
    last = doc.sentences[-1]
    if (style_of(last.tokens) != "request" or len(last.text) > 30
            or any(tag in FACT_TAGS | FOREIGN_TAGS for _, tag in last.tokens)):
        return ""
    text, words = last.text, last.text.split(" ", 1)
    first = [t for (w, _, _), t in zip(last.spans, last.tokens) if w == 0]
    second = [t for (w, _, _), t in zip(last.spans, last.tokens) if w == 1]
    if len(words) == 2 and first and first[-1][1] == "EC" and second and not second[0][1].startswith(("VX", "E")):
        text = words[1]
    return text


def closing_phrases(targets: list[Document], size: int = 16, min_count: int = 3) -> list[str]:
    """The most frequent closing sentences of the targets that request something and name no fact."""
    counts = Counter(c for c in map(closing, targets) if c)
    return [p for p, n in counts.most_common(size) if n >= min_count]


def nearest(text: str, phrases: list[str]) -> int:
    """The phrase sharing the most words with `text` (-1 when none shares any)."""
    words = set(text.rstrip("!.").split())
    overlap = [len(words & set(p.rstrip("!.").split())) for p in phrases]
    return max(range(len(phrases)), key=lambda i: overlap[i]) if phrases and max(overlap) else -1


def target_style(target: Document) -> int:
    """The index in STYLES of a target's ending style, register first: a polite excerpt (…니다, …세요, even
    with noun-final exclamations) is `polite`; a plain one is `plain` or `noun` (…함, …발표.), whichever its
    sentences use more; one with only noun-final sentences is `noun`; -1 when none applies."""
    styles = Counter(style_of(s.tokens) for s in target.sentences)
    register = main_register([register_of(s.tokens) for s in target.sentences])
    if register == "polite":
        return STYLES.index("polite")
    if register == "plain":
        return STYLES.index("plain" if styles["plain"] >= styles["noun"] else "noun")
    return STYLES.index("noun") if styles["noun"] else -1


def category_registers(docs: list[Document], targets: list[Document], share: float = 0.9) -> dict[str, str]:
    """Per category (with MIN_CATEGORY_POSTS posts), the register its excerpts use when at least `share` of
    those with a register agree (a site's promotions are polite even where its news is mixed)."""
    counts: dict[str, Counter] = {}
    for doc, target in zip(docs, targets):
        register = main_register([register_of(s.tokens) for s in target.sentences])
        for c in doc.categories if register else ():
            counts.setdefault(c, Counter())[register] += 1
    return {c: r for c, n in counts.items() for r, k in n.most_common(1)
            if sum(n.values()) >= MIN_CATEGORY_POSTS and k >= share * sum(n.values())}


def build_vocab(docs: list[Document], size: int) -> dict[str, int]:
    counts = Counter(token_key(f, t) for d in docs for s in d.sentences for f, t in s.tokens)
    counts.update(token_key(f, t) for d in docs for f, t in d.title_tokens)
    return {key: i + 1 for i, (key, _) in enumerate(counts.most_common(size - 1))}  # 0: unknown


@dataclass
class Labeled:
    item: PostInput
    style: int  # -1: none
    close: float
    phrase: int  # -1: none
    keep: list[float]
    rank: RankInput | None = None  # None: no candidate shares a content morpheme with the reference
    rank_y: list[float] | None = None


def label(doc: Document, ranked: list[int], target: Document, phrases: list[str], vocab: dict[str, int],
          top: int) -> Labeled:
    item = make_input(doc, ranked, vocab, top)
    style = target_style(target)
    last = closing(target)
    phrase = nearest(last, phrases) if last else -1
    ref = {f.lower() for s in target.sentences for f, t in s.tokens}
    keep = []
    for k, j, _ in item.unit_where:
        s = doc.sentences[k]
        u = units(s)[j]
        words = [s.tokens[t][0].lower() for t in u.tokens if is_content(s.tokens[t][1])]
        keep.append(float(bool(words) and sum(w in ref for w in words) / len(words) >= 0.5))
    indices = candidates(doc)
    ys = content_f1(doc, indices, {w for s in target.sentences for w in s.content})
    if not ys or max(ys) <= 0:
        return Labeled(item, style, float(bool(last)), phrase, keep)
    rank = make_rank_input(doc, indices, sentence_features(doc, indices, DEFAULT_MAX_CHARS), vocab)
    return Labeled(item, style, float(bool(last)), phrase, keep, rank, ys)


def train_editor(data: list[Labeled], config: EditorConfig, epochs: int = 6, batch: int = 32, lr: float = 3e-3,
                 seed: int = 0, log=print, start_epoch: int = 0, init: dict | None = None, on_epoch=None,
                 rank_epochs: int = 4, rank_lr: float = 2e-3):
    """Fit the editor on labeled posts; returns the torch module. The ranking head (its own embedding) has its
    own optimizer and is trained for the first `rank_epochs` epochs only: its 1.3M weights over-fit the
    training posts after that."""
    import torch
    import torch.nn.functional as F

    from ..editor.modeling_torch import EditorNetwork

    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = EditorNetwork(config)
    if init is not None:
        missing, unexpected = net.load_state_dict(init, strict=False)
        if unexpected or [k for k in missing if not k.startswith("rank")]:  # a base without a ranking head is fine
            raise ValueError(f"the starting weights do not fit this editor (missing {missing}, unexpected {unexpected})")
    opt = torch.optim.Adam([p for n, p in net.named_parameters() if not n.startswith("rank")], lr=lr)
    opt_rank = torch.optim.Adam([p for n, p in net.named_parameters() if n.startswith("rank")], lr=rank_lr)
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
                listwise = [-(torch.softmax(torch.tensor(d.rank_y) / RANK_TEMPERATURE, 0)
                              * torch.log_softmax(s, 0)).sum() for d, s in zip(ranked, scores)]
                loss = loss + torch.stack(listwise).mean()
            opt.zero_grad()
            opt_rank.zero_grad()
            loss.backward()
            opt.step()
            if ranked:
                opt_rank.step()
            total += float(loss.detach()) * len(chunk)
        log(f"condense stage: epoch {epoch + 1}/{epochs} loss {total / len(data):.4f} "
            f"({time.perf_counter() - began:.0f}s)")
        if on_epoch:
            on_epoch(net, epoch + 1)
    return net.eval()


@dataclass
class CondenseOptions:
    epochs: int = 6
    batch_size: int = 32
    lr: float = 3e-3
    vocab_size: int = 20000
    dim: int = 64
    hidden: int = 64
    top_sentences: int = 6
    seed: int = 0
    rank_epochs: int = 4
    rank_lr: float = 2e-3


STATE_FILE, STATE_WEIGHTS = "trainer_state.json", "trainer_state.safetensors"


def train_condense_stage(docs: list[Document], ranked: list[list[int]], targets: list[str], output: Path,
                         opts: CondenseOptions, base: str | None = None, log=print) -> dict:
    """Vocabulary, phrases and labels from the training posts, then the editor; saved into `output`.

    Resumes from `trainer_state.*` (safetensors weights + JSON, no pickle) when a run stopped early;
    `base` starts from another editor's vocabulary, phrases and weights."""
    from safetensors.torch import load_file, save_file

    from ..editor.modeling_hf import save_editor

    target_docs = split_documents([("", [t]) for t in targets])
    if base:
        config = EditorConfig.load(Path(base))
        vocab = json.loads((Path(base) / VOCAB_FILE).read_text(encoding="utf-8"))
    else:
        vocab = build_vocab(docs, opts.vocab_size)
        config = EditorConfig(vocab_size=len(vocab) + 1, dim=opts.dim, hidden=opts.hidden,
                              phrases=closing_phrases(target_docs), top_sentences=opts.top_sentences)
    config.target_chars = int(statistics.median(len(t) for t in targets))
    config.categories = dict(Counter(c for d in docs for c in d.categories).most_common())
    config.category_registers = category_registers(docs, target_docs)
    announcing = sum(any(announces(s) and style_of(s.tokens) != "request" for s in t.sentences)  # not "확인해보세요!"
                     for t in target_docs) / max(len(target_docs), 1)
    config.drop_announcements = announcing < ANNOUNCING_SITE  # the site's own summaries never announce
    began = time.perf_counter()
    data = [label(d, r, t, config.phrases, vocab, config.top_sentences) for d, r, t in zip(docs, ranked, target_docs)]
    styles = Counter(d.style for d in data if d.style >= 0)
    config.style_prior = [round(styles[i] / max(sum(styles.values()), 1), 4) for i in range(len(STYLES))]
    log(f"condense stage: labels for {len(data)} posts in {time.perf_counter() - began:.0f}s "
        f"({sum(d.close for d in data):.0f} close with a phrase; {sum(len(d.keep) for d in data)} units)")
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
    net = train_editor(data, config, epochs=opts.epochs, batch=opts.batch_size, lr=opts.lr, seed=opts.seed, log=log,
                       start_epoch=state["epoch"], init=init, on_epoch=checkpoint,
                       rank_epochs=opts.rank_epochs, rank_lr=opts.rank_lr)
    save_editor(net, config, vocab, output)
    for name in (STATE_FILE, STATE_WEIGHTS):
        (output / name).unlink(missing_ok=True)
    return {"epochs": opts.epochs, "seconds": round(time.perf_counter() - began, 1), "posts": len(data),
            "phrases": config.phrases, "target_chars": config.target_chars, "categories": config.categories,
            "drop_announcements": config.drop_announcements}
