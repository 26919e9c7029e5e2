"""The model card (README.md) of a trained model directory: the data, filters, command and scores actually used."""

from __future__ import annotations

from pathlib import Path

from ..config import DEFAULT_MAX_CHARS
from ..evaluate import Summary, table
from .data import FILTERS

EXAMPLES_MARK = "<!-- examples -->"


def write_card(output: Path, info: dict, examples: str = "") -> None:
    from safetensors import safe_open

    with safe_open(str(output / "model.safetensors"), "np") as fh:
        params = sum(_numel(fh.get_slice(k).get_shape()) for k in fh.keys())
    filters = "\n".join(f"- `{k}`: {v} ({info['filtered'].get(k, 0)} posts)" for k, v in FILTERS.items())
    posts = info["posts"]
    chosen = info["settings"]["chosen"]
    holdout = ", ".join(info["holdout"]) or "none"
    dev = ", ".join(info["dev_topic"]) or "none"

    def scores(key: str) -> str:
        rows = info.get(key) or []
        return table([Summary(**s) for s in rows]) if rows else "(no posts in this split)"

    old = (output / "README.md").read_text(encoding="utf-8") if (output / "README.md").exists() else ""
    examples = examples or (old.split(EXAMPLES_MARK)[1] if old.count(EXAMPLES_MARK) == 2 else "\n(not yet written)\n")
    text = f"""---
language: ko
library_name: summarizer
pipeline_tag: summarization
tags: [summarization, korean, kiwi, text-editing]
---

# {output.name}: Korean post summarizer (select + condense by editing)

Two stages, trained by `summarizer train`:

1. **Select** (`salience.json`): a linear model over sentence features (Kiwi-morpheme centrality, title
   overlap, position, length, announcement and style cues): a ridge fit of each sentence's content-word
   F1 with the post's excerpt, then coordinate ascent on the ROUGE-1 + ROUGE-2 of the excerpts it picks.
   At inference its scores are standardized per post and a position prior of
   {chosen['position_prior']} × 3/(1 + rank) is added (chosen on the development parts), so posts unlike
   the training posts fall back toward the lead. This stage alone is the `select` engine.
2. **Condense** (`model.safetensors`, `config.json`, `vocab.json`): a text-editing network over Kiwi
   morphemes ({params / 1e6:.2f}M parameters: two morpheme embedding bags, a post layer with four heads and
   a sentence-ranking head). The ranking head scores each candidate sentence from its morphemes, the
   title's, the article's mean and the select features (fitted listwise to each sentence's content-morpheme
   F1 with the excerpt); the `seq2seq` engine adds its scores, standardized per post, × {chosen.get('rank_weight', 0.0)}
   (chosen on the development parts) to the select stage's.
   The editor reads the title and the top {info['options']['top_sentences']} ranked sentences and decides the
   excerpt's ending style (plain …다, polite …니다, noun-final …발표./…함; trained on each excerpt's
   register first: a polite excerpt is `polite` even with noun-final exclamations; probabilities divided by
   the training mix to the power {chosen.get('style_calibration', 0.0)}, chosen on the development parts),
   whether to close with a phrase from a vocabulary of {len(info['condense'].get('phrases', []))} learned
   from the site's excerpts (none names a number or proper noun; one is used only when the article holds its
   content morphemes, when it fits the excerpt's register and the room left: it never pushes a sentence
   out), and which discourse openers to delete. Coordinate clauses and parentheticals are not cut: read
   blind, 12 of 40 clause cuts and 6 of 40 parenthetical cuts broke the sentence; a cut never removes a number.
   Endings are re-realized with `Kiwi.join` from the predicate's stem only, so the article's spacing stays.
   Every content morpheme comes from the article.

   **Voice** (`--voice`, default `auto`): every excerpt is in one register (plain …다/…함 or polite
   …니다/…세요; noun-final sentences fit either). On a post of a category this model saw at least 20 times
   in training ({_known(info)}), `auto` is the voice learned for posts like it (the style head, kept to the
   register of a category whose excerpts agree on one at least 90% of the time: {_registers(info)}; the
   closing phrase, and dropping announcements when the site's excerpts never announce: here
   {'dropped' if info['condense'].get('drop_announcements', True) else 'kept'}); on any other post it is the
   article's own register, with no closing phrase, no announcement rule and no ranking head (its words are
   this site's). `plain`, `polite` and `noun` force one style; a sentence that cannot take it is skipped.
   Sentences that are never a summary are skipped on every site: questions, FAQ answers, a writing
   assistant's preamble, self-introductions, pointers to what follows, labelled list fragments.

   The excerpt's length follows the site's own ({chosen['target_chars']} characters, chosen on the
   development parts) within `--max-chars`; a sentence whose content words mostly
   (> {chosen.get('max_overlap', 0.6)}) repeat a chosen one is skipped. An output with an unsupported number
   or proper noun, a repeated word, two registers, or a sentence without a proper ending falls back to
   unedited whole sentences of one register in the same ranking order. Inference runs in NumPy on the
   safetensors weights (no torch import).

## Data
{info.get('source') or 'Posts under ' + ', '.join(info.get('paths', [])) + '.'}
{posts['train']} training posts{_refit(posts)}; development posts, held out while the settings were chosen (position prior, ranking
weight, length, closing threshold, overlap limit and style calibration; the mean of their objectives, ROUGE
plus 0.2 × (register match % − register clash %)): {posts['dev']}
of a topic (category {dev}) and the latest {posts.get('dev_date', 0)} training-period posts
({' to '.join(info.get('dev_dates', []))}); validation: the latest {posts['date']} posts by date ({' to '.join(info['val_dates'])})
and {posts['topic']} posts of a topic never trained on (categories: {holdout}). Summaries read from
`{info['field']}`. Filters (posts dropped):
{filters}

Trailing hashtags are removed from targets.

## Training
`{info['command']}` ({info['minutes']} minutes on 2 CPU cores, condense stage
{info['condense'].get('seconds', 0)} s over {info['condense'].get('epochs', 0)} epochs).

Closing phrases: {', '.join(info['condense'].get('phrases', []))}

## Validation (Kiwi-morpheme ROUGE F1 against the posts' own excerpts)
Measured on the model fit before the final fit (the same procedure, on posts it had not seen).
`clash%`: excerpts mixing the plain and the polite register; `register%`: excerpts whose main register is
their reference's (posts whose reference has one); `facts%`: of the numbers that the reference and the
article share, the share the excerpt keeps; `absent%`: content morphemes (nouns, stems, numbers, foreign
words, adverbs) of the excerpts that their article lacks; `repeat%`: excerpts with a word repeated;
`style-dist`: total variation distance between the sentence-ending styles of the excerpts and of the
references (a whole-set figure; not optimized).

Latest posts by date:
```
{scores('scores')}
```

Held-out topic ({holdout}):
```
{scores('scores_topic')}
```

## Outputs on the bundled example posts
{EXAMPLES_MARK}{examples}{EXAMPLES_MARK}

## Known limits
- The held-out topic is scored by a model that never saw it, so there `auto` means the article's voice;
  the model in this folder was fit on that topic too and uses its learned voice there.
- It edits, it does not paraphrase: sentences stay the article's own, with shorter openings and the
  site's endings. References are abstractive, so ROUGE is modest for every engine.
- The closing phrases are the site's own call-to-action lines ("자세한 내용을 확인하세요!"); a site that
  does not want them should use `--voice article` or retrain on its own excerpts.
- The guard checks numbers and proper nouns (Kiwi SN/NNP); other unfaithful wording is not detected.
- The article's own typos and awkward sentences are copied as they are, and an excerpt can quote the
  article's background instead of its news. The project README has the blind reading.
"""
    (output / "README.md").write_text(text, encoding="utf-8")


def _refit(posts: dict) -> str:
    if not posts.get("final"):
        return ""
    return (f"; with the settings chosen and the scores below measured, both stages were fit again on all "
            f"{posts['final']} posts (every split): the model in this folder is that final fit")


def _registers(info: dict) -> str:
    found = info["condense"].get("category_registers") or {}
    return ", ".join(f"{c} {r}" for c, r in found.items()) or "none"


def _known(info: dict) -> str:
    from ..voice import MIN_CATEGORY_POSTS

    known = [c for c, n in (info["condense"].get("categories") or {}).items() if n >= MIN_CATEGORY_POSTS]
    return ", ".join(known) if known else "none recorded"


def _style(info: dict) -> str:
    parts = [f"{s['style_distance']:.2f} ({name})" for name, key in (("latest posts", "scores"), ("held-out topic",
             "scores_topic")) for s in info.get(key) or [] if s["engine"] == "seq2seq"]
    return ", ".join(parts) or "not measured"


def _numel(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def examples_section(model_dir: Path, folder: Path) -> str:
    """A table of the seq2seq engine's excerpt beside each post's own excerpt, for the posts under `folder`."""
    from ..corpus import references
    from ..engines.seq2seq import Seq2SeqEngine
    from ..kiwi import split_documents
    from ..pipeline import source_of
    from ..voice import categories_of

    examples, _, _ = references([folder])
    docs = split_documents([(*source_of(ex.post), categories_of(ex.post.meta)) for ex in examples])
    outputs = Seq2SeqEngine(model_dir).summarize(docs, DEFAULT_MAX_CHARS)
    rows = [f"| `{ex.path.name}` | {ex.reference} | {out} |" for ex, out in zip(examples, outputs)]
    return (f"\n`python -m summarizer.training.modelcard MODEL_DIR examples/` (seq2seq, `--max-chars {DEFAULT_MAX_CHARS}`):\n\n"
            "| post | its own excerpt | seq2seq |\n|---|---|---|\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    import json
    import sys

    model, folder = Path(sys.argv[1]), Path(sys.argv[2])
    info = json.loads((model / "training.json").read_text(encoding="utf-8"))
    write_card(model, info, examples_section(model, folder))
    print(f"wrote {model / 'README.md'}")
