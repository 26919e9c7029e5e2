"""The model card (README.md) of a trained model directory: the data, filters, command and scores actually used."""

from __future__ import annotations

from pathlib import Path

from summarizer.editor.modelfiles import CARD_FILE, CONFIG_FILE, WEIGHTS_FILE
from summarizer.evaluation.scores import ScoreRow, table
from summarizer.text.packing import PACKING
from summarizer.training.card_template import CARD
from summarizer.training.data import FILTERS
from summarizer.training.record import PostCounts, TrainingRecord
from summarizer.training.topics import card_section

EXAMPLES_MARK = "<!-- examples -->"


def write_card(output: Path, record: TrainingRecord, examples: str = "") -> None:
    """Write README.md from the card template; `examples` (a section of outputs) replaces the old card's, which
    is kept otherwise."""
    old = (output / CARD_FILE).read_text(encoding="utf-8") if (output / CARD_FILE).exists() else ""
    examples = examples or (old.split(EXAMPLES_MARK)[1] if old.count(EXAMPLES_MARK) == 2 else "\n(not yet written)\n")
    card = CARD.substitute(card_values(output, record), examples=examples)
    (output / CARD_FILE).write_text(card, encoding="utf-8", errors="backslashreplace")  # a path's non-UTF-8 bytes


def card_values(output: Path, record: TrainingRecord) -> dict[str, object]:
    """The template's fields, from the record and the weights."""
    from safetensors import safe_open

    with safe_open(str(output / WEIGHTS_FILE), "np") as fh:
        params = sum(_numel(fh.get_slice(k).get_shape()) for k in fh.keys())
    posts, chosen, condense = record.posts, record.settings.chosen, record.condense

    def scores(rows: list[dict]) -> str:
        return table([ScoreRow(**s) for s in rows]) if rows else "(no posts in this split)"

    return {
        "name": output.name,
        "params": f"{params / 1e6:.2f}",
        "top_sentences": record.options["top_sentences"],
        "position_prior": chosen.position_prior,
        "rank_weight": chosen.rank_weight,
        "style_calibration": chosen.style_calibration,
        "target_chars": chosen.target_chars,
        "max_overlap": chosen.max_overlap,
        "phrase_count": len(condense.phrases),
        "phrases": ", ".join(condense.phrases),
        "known": _known(record),
        "registers": _registers(output, record),
        "announcements": "dropped" if condense.drop_announcements else "kept",
        "source": record.source or "Posts under " + ", ".join(record.paths) + ".",
        "train_posts": posts.train,
        "refit": _refit(posts),
        "dev_posts": posts.dev,
        "dev_categories": ", ".join(record.dev_categories) or "none",
        "date_posts": posts.date,
        "val_dates": " to ".join(record.val_dates),
        "held_out_posts": posts.held_out,
        "holdout": ", ".join(record.holdout) or "none",
        "field": record.field,
        "filters": "\n".join(f"- `{k}`: {v} ({record.filtered.get(k, 0)} posts)" for k, v in FILTERS.items()),
        "command": record.command,
        "minutes": record.minutes,
        "seconds": condense.seconds,
        "epochs": condense.epochs,
        "scores": scores(record.scores),
        "scores_held_out": scores(record.scores_held_out),
        "mark": EXAMPLES_MARK,
        "topics": card_section(output),
        "decisions": decisions_section(record),
    }


def decisions_section(record: TrainingRecord) -> str:
    """The card's account of what was decided on the latest posts: the training report, word for word."""
    from summarizer.training.decide import report

    d = record.decisions
    if not d.posts:
        return ""
    return "## Decided on the latest posts\n\n```\n" + report(d) + "\n```\n\n"


def _refit(posts: PostCounts) -> str:
    if not posts.final:
        return ""
    return (
        f"; with the settings chosen and the scores below measured, both stages were fit again on all "
        f"{posts.final} posts (every split): the model in this folder is that final fit"
    )


def _registers(output: Path, record: TrainingRecord) -> str:
    """The categories whose register the model keeps to: the trainer stores them in the model's config.json
    (a record written by hand may name them too)."""
    import json

    try:
        found = json.loads((output / CONFIG_FILE).read_text(encoding="utf-8")).get("category_registers") or {}
    except (OSError, ValueError, AttributeError):
        found = {}
    found = found or record.condense.extra.get("category_registers") or {}
    return ", ".join(f"{c} {r}" for c, r in found.items()) or "none (no category's excerpts agree on one)"


def _known(record: TrainingRecord) -> str:
    from summarizer.text.voice import MIN_CATEGORY_POSTS

    known = [c for c, n in (record.condense.categories or {}).items() if n >= MIN_CATEGORY_POSTS]
    return ", ".join(known) if known else "none recorded"


def _numel(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def examples_section(model_dir: Path, folder: Path) -> str:
    """A table of the condense engine's excerpt beside each post's own excerpt, for the posts under `folder`."""
    from summarizer.engines.condense import CondenseEngine
    from summarizer.posts.corpus import references
    from summarizer.text.documents import documents_of

    examples, _, _ = references([folder])
    docs = documents_of([ex.post for ex in examples])
    outputs = CondenseEngine(model_dir).summarize(docs, PACKING.max_chars)
    rows = [f"| `{ex.path.name}` | {ex.reference} | {out} |" for ex, out in zip(examples, outputs)]
    return (
        "\n`python -m summarizer.training.modelcard MODEL_DIR examples/` "
        f"(condense, `--max-chars {PACKING.max_chars}`):\n\n"
        "| post | its own excerpt | condense |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )


if __name__ == "__main__":
    import sys

    model, folder = Path(sys.argv[1]), Path(sys.argv[2])
    write_card(model, TrainingRecord.load(model), examples_section(model, folder))
    print(f"wrote {model / CARD_FILE}")
