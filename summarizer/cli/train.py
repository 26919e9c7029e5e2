"""`summarizer train`: checks the posts and options, then runs the training job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.app.config import MIN_TRAIN_POSTS
from summarizer.app.outputs import model_folder_problem
from summarizer.app.report import emit
from summarizer.cli.common import ConfigOpt, ExcerptFieldOpt, Paths, article, err, settings_for, usage_error
from summarizer.editor.modelfiles import TRAINING_FILE


def train(
    paths: Paths,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Model directory to write: a new or empty folder (missing parents are made), or a model train wrote.",
        ),
    ],
    base: Annotated[
        str | None,
        typer.Option(
            metavar="DIR_OR_ID",
            help="Start from this model's editor (vocabulary, phrases, weights) instead of a new one.",
        ),
    ] = None,
    epochs: Annotated[
        int, typer.Option(min=1, max=100, metavar="INTEGER", help="Passes over the training posts (condense stage).")
    ] = 6,
    batch_size: Annotated[int, typer.Option(min=1, max=4096, metavar="INTEGER", help="Posts per step.")] = 32,
    holdout_category: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Category never trained on, validated separately (repeatable)."),
    ] = None,
    dev_category: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help="Category kept out of training to choose settings, with the latest 10% of the training "
            "posts (repeatable).",
        ),
    ] = None,
    select_only: Annotated[
        bool,
        typer.Option("--select-only", help="Retrain only the select stage of OUTPUT (fast); keep its condense stage."),
    ] = False,
    source: Annotated[str, typer.Option(metavar="TEXT", help="Where the posts come from, for the model card.")] = "",
    excerpt_field: ExcerptFieldOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Train the select and condense stages on posts that have summaries; resumes when OUTPUT has a state."""
    from summarizer.app import sites
    from summarizer.posts.corpus import gather
    from summarizer.posts.site_find import find_site

    settings = settings_for(paths, config, excerpt_field=excerpt_field)
    field = settings.for_site(find_site(paths[0])).excerpt_field or "excerpt"
    problem = model_folder_problem(output)
    if problem:
        raise usage_error(f"--output: {output} {problem}")
    where = ", ".join(map(str, paths))
    written, records = sites.machine_written(paths, config)
    refs = gather(paths, field, written, pages=settings.pages)
    for lock_path, why in records.unreported():
        err(f"warning: {lock_path}: {why}; what summarizer wrote is not known")
    examples, broken = refs.examples, refs.broken
    why = "(see .summarizer.lock: a model learns from the authors' own summaries, not from summarizer's)"
    mine = f"; {refs.left_out} written by summarizer left out {why}" if refs.left_out else ""
    if refs.left_out and examples:
        err(f"left out {refs.left_out} {'summary' if refs.left_out == 1 else 'summaries'} summarizer wrote {why}")
    if not examples:
        unreadable = f" ({broken} unreadable or invalid posts)" if broken else ""
        raise usage_error(f"no posts with {article(field)} under {where}{unreadable}{mine}")
    if len(examples) < MIN_TRAIN_POSTS:
        raise usage_error(
            f"too little data: {len(examples)} posts with {article(field)} under {where}{mine}; "
            f"training needs at least {MIN_TRAIN_POSTS}"
        )
    _check_categories(examples, {"--holdout-category": holdout_category, "--dev-category": dev_category})
    if select_only and not (output / TRAINING_FILE).is_file():
        raise usage_error(f"--select-only: {output} has no trained model ({TRAINING_FILE})")
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise usage_error(
            "training needs torch and transformers: pip install torch==2.13.0 && "
            "pip install 'korean-post-summarizer[train]'"
        ) from None
    from summarizer.training import CondenseOptions, run_training

    try:
        info = run_training(
            paths,
            output,
            CondenseOptions(epochs=epochs, batch_size=batch_size),
            base,
            command="summarizer " + " ".join(sys.argv[1:]),
            select_only=select_only,
            field=field,
            holdout=tuple(holdout_category or ()),
            dev_categories=tuple(dev_category or ()),
            source=source,
            leave_out=written,
        ).to_dict()
    except ValueError as exc:
        raise usage_error(" ".join(str(exc).split())) from None
    from summarizer.evaluation.scores import ScoreRow, table

    for key, label in (("scores", "latest posts by date"), ("scores_held_out", "held-out categories")):
        if info[key]:
            emit(f"{label}:\n{table([ScoreRow(**s) for s in info[key]])}\n", err=False)


def _check_categories(examples, wanted: dict[str, list[str] | None]) -> None:
    """Exit 2 at once when a --holdout-category or --dev-category is no post's category, naming those found."""
    if not any(wanted.values()):
        return
    from summarizer.training.data import categories

    found = sorted(set().union(*(categories(ex) for ex in examples)))
    for flag, names in wanted.items():
        missing = [name for name in names or () if name not in found]
        if missing:
            listed = ", ".join(found[:40]) + (f", … ({len(found)} in all)" if len(found) > 40 else "")
            raise usage_error(
                f"{flag}: no post has the category {', '.join(map(repr, missing))}; "
                f"the posts' categories: {listed or 'none'}"
            )
