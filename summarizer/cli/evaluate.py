"""`summarizer eval`: score engines against the posts' own summaries; the blind-reading kit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer import engines
from summarizer.app.outputs import kit_folder_problem, rows_file_problem
from summarizer.app.report import emit
from summarizer.app.setting_checks import CHECKS
from summarizer.cli.common import (
    ConfigOpt,
    MaxCharsOpt,
    ModelOpt,
    VoiceOpt,
    checked_engine,
    err,
    settings_for,
    usage_error,
)
from summarizer.evaluation.blind import KEY_FILE, KIT_FILES, RATINGS_FILE, SHEET_FILE, kit_files_in


def eval_(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH", help="Post files or folders (searched recursively); not needed with --ratings.", exists=True
        ),
    ] = None,
    engines_: Annotated[
        str | None,
        typer.Option(
            "--engines",
            metavar="NAMES",
            help=f"Comma-separated engines to compare [default: lead,extractive,{engines.default_engine()}].",
        ),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Front matter key holding the reference summary [default: the excerpt field: "
            "excerpt_field of the config, else the site's: excerpt in Jekyll, summary in Hugo].",
        ),
    ] = None,
    model: ModelOpt = None,
    max_chars: MaxCharsOpt = None,
    voice: VoiceOpt = None,
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="INTEGER", help="Evaluate only the first N posts with a reference.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Write per-post rows to a .csv or .json file (new, or one eval wrote: it is replaced)."
        ),
    ] = None,
    blind_sheet: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help=f"Also write a blind-reading kit into DIR, a new or empty folder: {SHEET_FILE} and "
            f"{RATINGS_FILE} for the rater (every engine's excerpt and the site's own, shuffled and unlabelled), "
            f"{KEY_FILE} kept apart; never over a kit already in DIR.",
        ),
    ] = None,
    blind_posts: Annotated[
        int, typer.Option(min=1, max=1000, metavar="INTEGER", help="Posts in the blind sheet.")
    ] = 30,
    ratings: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            exists=True,
            dir_okay=False,
            help=f"Tabulate a filled {RATINGS_FILE} of a blind kit (with the {KEY_FILE} beside it, or --key) and exit.",
        ),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", exists=True, dir_okay=False, help=f"The kit's {KEY_FILE} [default: beside --ratings]."
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Score engines against the posts' own summaries (Kiwi-morpheme ROUGE, register and facts); writes no post."""
    from summarizer.evaluation.evaluate import evaluate
    from summarizer.evaluation.scores import ROW_COLUMNS, by_category, save_rows, table

    if ratings is not None:
        return _tabulate(ratings, key or ratings.parent / KEY_FILE)
    if not paths:
        raise usage_error("eval needs PATH (posts to score), or --ratings FILE")
    settings = settings_for(paths, config, model=model, max_chars=max_chars, voice=voice)
    field = _reference_field(reference) or settings.excerpt_field
    names = _engine_names(f"lead,extractive,{engines.default_engine()}" if engines_ is None else engines_)
    for name in names:
        checked_engine(settings, name)
    if output is not None and output.is_dir():
        raise usage_error(f"--output: {output} is a folder; give a .csv or .json file")
    if output is not None and output.suffix.lower() not in {".csv", ".json"}:
        raise usage_error(f"--output: {output} is not a .csv or .json file")
    if output is not None and (problem := rows_file_problem(output, ROW_COLUMNS)):
        raise usage_error(f"--output: {output} {problem}")
    if blind_sheet is not None and (kit := kit_files_in(blind_sheet)):
        raise usage_error(f"--blind-sheet: {kit[0]} exists (a kit, maybe rated); give a new or empty folder")
    if blind_sheet is not None and (problem := kit_folder_problem(blind_sheet, KIT_FILES)):
        raise usage_error(f"--blind-sheet: {blind_sheet} {problem}")
    refs = _references(paths, config, field, settings)
    examples = refs.examples[:limit]
    have = "post has" if len(examples) == 1 else "posts have"
    where = " or ".join(f"`{name}`" for name in refs.fields) or f"`{field or 'excerpt'}`"
    err(
        f"{len(examples)} {have} a reference in {where}; {refs.missing} without one skipped; "
        f"{refs.left_out} written by summarizer left out (see .summarizer.lock); {refs.broken} unreadable skipped"
    )
    if not examples:
        raise typer.Exit(0)
    try:
        scores, rows = evaluate(examples, names, settings.max_chars, settings.model, settings.voice)
    except (ValueError, OSError, ImportError) as exc:
        raise usage_error(str(exc)) from None
    emit(table(scores) + "\n", err=False)
    per_category = by_category(rows)
    if len({s.category for s in per_category}) > 1:
        emit("\nper category:\n" + table(per_category) + "\n", err=False)
    if output:
        try:
            save_rows(rows, output)
        except OSError as exc:
            raise usage_error(f"--output: cannot write {output}: {exc.strerror or exc}") from None
        err(f"wrote {len(rows)} rows to {output}")
    if blind_sheet is not None:
        _blind_sheet(examples, rows, blind_sheet, blind_posts)


def _references(paths: list[Path], config: Path | None, field: str | None, settings):
    """The posts' own summaries, without those summarizer wrote (a model is scored against people's); a summary
    field not configured is each post's site's."""
    from summarizer.app import sites
    from summarizer.posts.corpus import gather

    written, records = sites.machine_written(paths, config)
    places = sites.Places(config)

    def field_of(path, post) -> str:
        return field or settings.for_site(places.of(path)[1]).for_post(post.format).excerpt_field

    refs = gather(paths, field_of, written, pages=settings.pages)
    for where, why in records.unreported():
        err(f"warning: {where}: {why}; what summarizer wrote is not known")
    return refs


def _reference_field(reference: str | None) -> str | None:
    """--reference checked as a front matter key, on its own flag (it is read, never written: the config's
    feature field does not bind it)."""
    if reference is None:
        return None
    try:
        return CHECKS["excerpt_field"](reference)
    except ValueError as exc:
        raise usage_error(f"--reference: {exc}") from None


def _engine_names(value: str) -> list[str]:
    """The engines of --engines in order, each once (an alias counts as the engine it names); empty names ignored."""
    names: dict[str, str] = {}
    for name in (n.strip() for n in value.split(",")):
        if name:
            names.setdefault(engines.canonical(name), name)
    if not names:
        raise usage_error("--engines: name at least one engine")
    return list(names.values())


def _blind_sheet(examples, rows, folder: Path, count: int) -> None:
    from summarizer.evaluation.blind import write_sheet
    from summarizer.text.documents import source_of

    by_post: dict[str, dict] = {}
    for ex in examples:
        title, paragraphs = source_of(ex.post)
        by_post[str(ex.path)] = {
            "title": title,
            "article": " ".join(paragraphs),
            "path": str(ex.path),
            "candidates": {"site": ex.reference},
        }
    for row in rows:
        by_post[row.post]["candidates"][row.engine] = row.summary
        by_post[row.post]["category"] = row.category
    try:
        written = write_sheet(list(by_post.values()), folder, count)
    except OSError as exc:
        raise usage_error(f"--blind-sheet: cannot write {folder}: {exc.strerror or exc}") from None
    err(
        f"wrote a blind sheet of {written} posts to {folder} (give the rater {SHEET_FILE} and {RATINGS_FILE}; "
        f"{KEY_FILE} is the key)"
    )


def _tabulate(ratings: Path, key: Path) -> None:
    from summarizer.evaluation.blind import ratings_table, tabulate

    if not key.is_file():
        raise usage_error(f"--key: {key} not found (the {KEY_FILE} of the blind kit)")
    try:
        rows = tabulate(ratings, key)
    except (ValueError, OSError) as exc:
        raise usage_error(str(exc)) from None
    emit(ratings_table(rows) + "\n", err=False)
