"""The condense stage's training loop: copy curriculum, validation ROUGE, best checkpoint, resume."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from .engines.seq2seq import INPUT_CHARS, encode, load
from .evaluate import rouge
from .train import log, seed_everything, train_tokenizer

STATE_FILE = "trainer_state.pt"


@dataclass
class Seq2SeqOptions:
    minutes: float = 30.0
    max_steps: int = 100_000
    batch_size: int = 24
    lr: float = 1e-3
    warmup: int = 60
    copy_steps: int = 150  # curriculum: first learn to copy the select excerpt, then to condense
    eval_every: int = 100
    eval_posts: int = 160
    max_source_tokens: int = 192
    max_target_tokens: int = 96
    vocab_size: int = 8000
    d_model: int = 256
    layers: int = 3
    seed: int = 13


def _batches(n: int, size: int, rng: random.Random):
    while True:
        order = list(range(n))
        rng.shuffle(order)
        for start in range(0, n - size + 1, size):
            yield order[start : start + size]


def _labels(tokenizer, texts: list[str], max_length: int):
    ids, _ = encode(tokenizer, texts, max_length)
    ids[ids == tokenizer.pad_token_id] = -100
    return ids


def greedy(model, tokenizer, sources: list[str], max_source: int, max_new: int, batch: int = 48) -> list[str]:
    import torch

    out = []
    for start in range(0, len(sources), batch):
        ids, mask = encode(tokenizer, sources[start : start + batch], max_source)
        with torch.inference_mode():
            gen = model.generate(input_ids=ids, attention_mask=mask, source_ids=ids, max_new_tokens=max_new,
                                 num_beams=1, do_sample=False, no_repeat_ngram_size=3)
        out.extend(" ".join(t.split()) for t in tokenizer.batch_decode(gen, skip_special_tokens=True))
    return out


def train_condense(output: Path, sources: list[str], targets: list[str], copies: list[str],
                   val_sources: list[str], val_targets: list[str], opts: Seq2SeqOptions,
                   base: str | None = None, tokenizer_texts: list[str] | None = None) -> dict:
    """Train (or resume, or fine-tune `base`) and keep the best checkpoint by validation ROUGE-1 in `output`."""
    import torch

    from .pointer_bart import PointerBartForConditionalGeneration, small_config

    seed_everything(opts.seed)
    state_path = output / STATE_FILE
    if state_path.exists() or base:
        tokenizer, model = load(str(output if state_path.exists() else base))
    else:
        tokenizer = train_tokenizer(tokenizer_texts or sources + targets, output, opts.vocab_size)
        config = small_config(len(tokenizer), tokenizer.pad_token_id, tokenizer.bos_token_id,
                              tokenizer.eos_token_id, opts.d_model, opts.layers)
        model = PointerBartForConditionalGeneration(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=opts.lr, weight_decay=0.01)
    state = {"step": 0, "best": -1.0, "history": [], "seconds": 0.0}
    if state_path.exists():
        saved = torch.load(state_path, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state = saved["state"]
        log(f"resuming at step {state['step']} (best validation ROUGE-1 {state['best']:.2f})")
    log(f"condense stage: {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters, "
        f"{len(sources)} pairs, {opts.minutes:g} min budget")
    rng = random.Random(opts.seed + state["step"])
    batches = _batches(len(sources), min(opts.batch_size, len(sources)), rng)
    deadline = time.perf_counter() + 60 * opts.minutes
    started, loss_sum = time.perf_counter(), 0.0
    model.train()
    while state["step"] < opts.max_steps and time.perf_counter() < deadline:
        step = state["step"] = state["step"] + 1
        for group in optimizer.param_groups:
            group["lr"] = opts.lr * min(1.0, step / opts.warmup)
        idx = next(batches)
        goal = copies if step <= opts.copy_steps else targets
        ids, mask = encode(tokenizer, [sources[i] for i in idx], opts.max_source_tokens)
        labels = _labels(tokenizer, [goal[i] for i in idx], opts.max_target_tokens)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        loss_sum += loss.item()
        if step % 20 == 0:
            log(f"step {step}: loss {loss_sum / 20:.3f} ({time.perf_counter() - started:.0f}s)")
            loss_sum = 0.0
        last = state["step"] >= opts.max_steps or time.perf_counter() >= deadline
        if step % opts.eval_every == 0 or last:
            _validate(model, tokenizer, val_sources, val_targets, opts, state, output)
            state["seconds"] += time.perf_counter() - started
            started = time.perf_counter()
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": state},
                       state_path)
            model.train()
    return state


def _validate(model, tokenizer, sources, targets, opts, state, output: Path) -> None:
    model.eval()
    n = min(opts.eval_posts, len(sources))
    outputs = greedy(model, tokenizer, sources[:n], opts.max_source_tokens, opts.max_target_tokens)
    score = sum(s["rouge1"] for s in rouge(list(zip(targets[:n], outputs)))) / max(n, 1)
    distinct = len(set(outputs)) / max(n, 1)
    state["history"].append({"step": state["step"], "rouge1": round(score, 2), "distinct": round(distinct, 3)})
    log(f"step {state['step']}: validation ROUGE-1 {score:.2f} (greedy, {n} posts), distinct outputs "
        f"{100 * distinct:.0f}%; e.g. {outputs[0][:80]!r}")
    if score > state["best"]:
        state["best"] = score
        model.save_pretrained(str(output))
        tokenizer.save_pretrained(str(output))
        log(f"  new best, saved to {output}")


__all__ = ["INPUT_CHARS", "Seq2SeqOptions", "train_condense"]
