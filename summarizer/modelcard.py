"""The model card (README.md) of a trained model directory."""

from __future__ import annotations

from pathlib import Path

from .evaluate import Summary, table
from .train import FILTERS


def write_card(output: Path, info: dict) -> None:
    scores = table([Summary(**s) for s in info["scores"]])
    from safetensors import safe_open

    with safe_open(str(output / "model.safetensors"), "pt") as fh:
        params = sum(_numel(fh.get_slice(k).get_shape()) for k in fh.keys())
    state = info["state"]
    history = "\n".join(f"| {h['step']} | {h['rouge1']} | {100 * h['distinct']:.0f}% |" for h in state["history"])
    select_note = (f"; the select stage was then retrained with `{info['select_command']}`"
                   if info.get("select_command") else "")
    filters = "\n".join(f"- `{k}`: {v} ({info['filtered'].get(k, 0)} posts)" for k, v in FILTERS.items())
    text = f"""---
language: ko
library_name: transformers
pipeline_tag: summarization
tags: [summarization, korean, kiwi, pointer-generator]
---

# {output.name}: Korean post summarizer (select + condense)

Two stages, both trained by `summarizer train` on a Korean news site's posts:

1. **Select** (`salience.json`): a linear model over sentence features (Kiwi-morpheme centrality,
   title overlap, position, length, announcement and style cues, ...): a ridge fit of each sentence's
   content-word F1 with the post's own excerpt, then coordinate ascent on the ROUGE-1 + ROUGE-2 of the
   excerpts the weights pick on training posts. It picks the seq2seq input (title + best sentences, in
   order, within 400 characters) and is the `select` engine on its own.
2. **Condense** (`model.safetensors`): a BART with a copy head (pointer-generator:
   the vocabulary softmax mixed with the last decoder layer's cross-attention scattered onto the
   source ids, through a sigmoid gate), {params / 1e6:.1f}M parameters, trained from scratch with a
   Kiwi `SwTokenizer` ({info['options']['vocab_size']} tokens, `kiwipiepy.transformers_addon.KiwiTokenizer`).
   Load it with `import summarizer.pointer_bart, kiwipiepy.transformers_addon` and then
   `AutoModelForSeq2SeqLM.from_pretrained(dir)` / `AutoTokenizer.from_pretrained(dir)`.

## Data
Source: the koreanews/koreanews.github.io Jekyll site (snapshot a6ae731, posts dated 2024-06-12 to
2024-08-31), title + cleaned body -> `excerpt`. {info['train_posts']} training posts; the latest
{info['val_posts']} posts by date ({info['val_dates'][0]} to {info['val_dates'][1]}) held out for
validation. Filters (posts dropped):
{filters}

Trailing hashtags are removed from targets. Curriculum: the first
{info['options']['copy_steps']} steps learn to copy the select stage's excerpt, then the excerpt.

## Training
`{info['command']}`, {info['minutes']} minutes on 2 CPU cores in all{select_note} (condense stage
{state['seconds'] / 60:.1f} min, {state['step']} steps of batch {info['options']['batch_size']}).
Best greedy validation ROUGE-1 during training: {state['best']:.2f}.

| step | val ROUGE-1 (greedy) | distinct outputs |
|---|---|---|
{history}

## Validation scores (same split, Kiwi-morpheme ROUGE F1 against the posts' own excerpts)
The seq2seq engine decodes with 2 beams (2-best, no repeated trigram, repetition penalty 1.2), trims
each candidate to whole sentences within 150 characters and applies the faithfulness guard: it falls
back to the select excerpt when no candidate keeps a whole sentence or every candidate states a number
or proper noun the article lacks (`fallback%`). Measured with the training command above (the table
is printed at its end).

```
{scores}
```

## Known limits
- Trained on one site's news style, in a few CPU minutes: the condense stage mostly copies and
  shortens the selected sentences; it does not paraphrase like the human excerpts.
- References are themselves short abstractive summaries, so ROUGE against them is modest for every
  engine, extractive ones included.
- The guard checks numbers and proper nouns (Kiwi SN/NNP) only; other unfaithful wording is
  not detected.
"""
    (output / "README.md").write_text(text, encoding="utf-8")


def _numel(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n
