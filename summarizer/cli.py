"""Command line: parses options, calls the core, prints, and maps outcomes to exit codes."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperArgument, TyperCommand

from . import __version__, engines, runtime
from .blind import KEY_FILE, RATINGS_FILE, SHEET_FILE
from .config import MAX_CHARS_RANGE, MIN_TRAIN_POSTS, ConfigError, Settings, find_config, load_settings
from .modelfiles import TRAINING_FILE
from .report import EXIT_USAGE, Report, Status, emit

DEFAULTS = Settings()  # the defaults the help states: those of the settings, never a copy
HELP = f"Fill the {DEFAULTS.excerpt_field} and {DEFAULTS.feature_field} fields of Korean Markdown posts with summaries."


class _Command(TyperCommand):
    """Help that reads `PATH...` where typer writes `{PATH}...` in the usage and `PATH <list[Path]>` below."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                plain = param.metavar + ("..." if param.nargs != 1 else "")
                param.display_type_rich = lambda ctx: None
                param._usage_display_name = param._rich_display_name = lambda plain=plain: plain


app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, help=HELP,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        emit(f"summarizer {__version__}\n", err=False)
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None) -> None:
    """Fill the front matter summary fields of Korean Markdown posts."""


def _err(message: str) -> None:
    emit(message + "\n")


def _usage_error(message: str) -> typer.Exit:
    _err(f"error: {message}")
    return typer.Exit(EXIT_USAGE)


def _settings(paths: list[Path], config: Path | None, **overrides) -> Settings:
    try:
        if config is not None and not config.is_file():
            raise ConfigError(f"config {config}: no such file")
        found = config or (find_config(paths[0]) if paths else None)
        if config is None:
            others = {str(c) for c in map(find_config, paths[1:])} - {str(found)}
            if others:
                raise ConfigError(f"the PATHs have different config files ({found} and {', '.join(sorted(others))}); "
                                  "run once per site, or pass --config")
        return load_settings(found).with_overrides(**overrides)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None


def _checked_engine(settings: Settings, name: str | None = None) -> tuple[str, str | None]:
    """The engine name and model to use, checked before anything is read or written; exits 2 when bad."""
    origin = settings.origin("engine") if name is None else "--engines"
    name = name or settings.engine or engines.default_engine()
    if name not in engines.names():
        raise _usage_error(f"{origin}: unknown engine {name!r}; choose from {', '.join(engines.names())}")
    try:
        return name, engines.check_model(name, settings.model) or settings.model
    except ValueError as exc:
        raise _usage_error(f"{settings.origin('model')}: {exc}") from None


def _output_folder(output: Path | None, option: str) -> None:
    if output is not None and not output.resolve().parent.is_dir():
        raise _usage_error(f"{option}: folder {output.parent} does not exist")


Paths = Annotated[list[Path], typer.Argument(metavar="PATH", help="Post files or folders (searched recursively).", exists=True)]
_ALIASES = "; ".join(f"{alias} is another name for {name}" for alias, name in engines.ALIASES.items())
EngineOpt = Annotated[Optional[str], typer.Option(
    "--engine", "-e", metavar="NAME", help=f"One of: {', '.join(engines.names(aliases=False))} ({_ALIASES}: the "
    "design's name for the stage, which selects and edits sentences and is not a sequence-to-sequence model). "
    f"Default: the best engine on validation that is never below lead [default: {engines.default_engine()}].")]
ModelOpt = Annotated[Optional[str], typer.Option(metavar="DIR_OR_ID", help="Model directory or Hugging Face id, for "
                                                "an engine that reads a model [default: the shipped model].")]
MaxCharsOpt = Annotated[Optional[int], typer.Option(
    min=MAX_CHARS_RANGE[0], max=MAX_CHARS_RANGE[1], metavar="INTEGER",
    help=f"Longest excerpt, in characters [default: {DEFAULTS.max_chars}].")]
ConfigOpt = Annotated[Optional[Path], typer.Option(metavar="FILE", help="Config file (default: the nearest summarizer.toml, "
                                                   "or pyproject.toml with [tool.summarizer], upward from PATH).")]
VoiceOpt = Annotated[Optional[str], typer.Option(
    metavar="VOICE", help="Register of the condense engine's excerpts: auto (the voice the model learned for posts "
    "like this one, else the article's), article, learned, plain (…다), polite (…니다) or noun (…발표.) "
    f"[default: {DEFAULTS.voice}].")]
ExcerptFieldOpt = Annotated[Optional[str], typer.Option(
    "--excerpt-field", metavar="NAME", help=f"Front matter key of the summary [default: {DEFAULTS.excerpt_field}].")]


@app.command(cls=_Command)
def run(
    paths: Paths,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    force: Annotated[Optional[bool], typer.Option("--force/--no-force", show_default=False,
                                                  help="Rewrite summaries that are already there.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any post would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a diff of each change.")] = False,
    max_chars: MaxCharsOpt = None,
    feature_template: Annotated[Optional[str], typer.Option(
        metavar="TEXT", help=r"Template of the feature field with {excerpt} and {title}; \n is a line break, e.g. "
             r"'## 속보입니다.\n\n{excerpt}' " f"[default: {DEFAULTS.feature_template}].")] = None,
    excerpt_field: ExcerptFieldOpt = None,
    feature_field: Annotated[Optional[str], typer.Option(
        "--feature-field", metavar="NAME",
        help="Front matter key of the summary under the template; '' writes no second field "
             f"[default: {DEFAULTS.feature_field}].")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary line.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Invalid posts (broken YAML, empty body, ...) "
                                         "fail the run (exit 123) instead of only being reported.")] = False,
    clean: Annotated[bool, typer.Option("--clean", help="Remove temp files (.summarizer-XXXXXXXX.tmp) that an "
                                        "interrupted run left beside the posts.")] = False,
    voice: VoiceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Summarize posts and write their summary fields into their front matter.

    Exit codes: 0 done (posts written, or nothing to do), 1 with --check/--diff when a post would change,
    123 a post could not be processed (or, with --strict, was invalid), 2 bad usage or configuration,
    129/130/143 stopped by SIGHUP/SIGINT/SIGTERM. Invalid posts are always reported and left untouched.
    """
    from .pipeline import process
    from .walk import find_posts

    runtime.std_fds_open()
    settings = _settings(paths, config, engine=engine, model=model, max_chars=max_chars, force=force,
                         feature_template=feature_template, excerpt_field=excerpt_field, feature_field=feature_field,
                         voice=voice)
    name, model_path = _checked_engine(settings)
    report = Report(dry=check or diff, quiet=quiet, strict=strict)
    engine = engines.LazyEngine(name, model_path, settings.voice)

    def factory():
        try:
            return engine()
        except (ValueError, OSError, ImportError) as exc:
            raise _usage_error(f"engine {name}: {exc}") from None

    with runtime.stop_signals_raise():
        try:
            found = find_posts(paths)
            for path, why in found.problems:
                report.failed(path, why)
            for path, why in found.notes:
                report.warn(path, why)
            runtime.stale(report, found.stale, clean)
            with runtime.progress(len(found.files), quiet) as bar:
                task = bar.add_task("summarizing", total=len(found.files))
                for outcome in process(found.files, factory, settings, write=not report.dry,
                                       progress=lambda n: bar.advance(task, n), roots=found.roots,
                                       before_write=runtime.pause_hook()):
                    if diff and outcome.status is Status.CHANGED:
                        emit(outcome.diff(), err=False)  # a closed pipe (| head) ends the output, not the run
                    report.done(outcome.path, outcome.status, outcome.message, outcome.warning, outcome.filled)
        except KeyboardInterrupt as exc:
            report.stopped(exc.signum if isinstance(exc, runtime.Terminated) else signal.SIGINT)
        except typer.Exit:
            raise
        except Exception as exc:  # a bug, or a broken model: one line, the summary, exit 123 (like black)
            report.failed(Path(", ".join(map(str, paths))), f"internal error: {type(exc).__name__}: {exc}")
        _err(report.summary(engine.stats_line()))
    raise typer.Exit(report.exit_code)


@app.command("eval", cls=_Command)
def eval_(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="PATH", help="Post files or folders (searched recursively); not needed with --ratings.", exists=True)] = None,
    engines_: Annotated[str, typer.Option("--engines", metavar="NAMES", help="Comma-separated engines to compare.")] = "lead,extractive",
    reference: Annotated[Optional[str], typer.Option(
        metavar="NAME", help="Front matter key holding the reference summary [default: the excerpt field: "
                             f"excerpt_field of the config, else {DEFAULTS.excerpt_field}].")] = None,
    model: ModelOpt = None,
    max_chars: MaxCharsOpt = None,
    voice: VoiceOpt = None,
    limit: Annotated[Optional[int], typer.Option(min=1, metavar="INTEGER", help="Evaluate only the first N posts with a reference.")] = None,
    output: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write per-post rows to a .csv or .json file.")] = None,
    blind_sheet: Annotated[Optional[Path], typer.Option(
        metavar="DIR", help=f"Also write a blind-reading kit into DIR: {SHEET_FILE} and {RATINGS_FILE} for the rater "
                            f"(every engine's excerpt and the site's own, shuffled and unlabelled), {KEY_FILE} kept "
                            "apart.")] = None,
    blind_posts: Annotated[int, typer.Option(min=1, max=1000, metavar="INTEGER", help="Posts in the blind sheet.")] = 30,
    ratings: Annotated[Optional[Path], typer.Option(
        metavar="FILE", exists=True, dir_okay=False, help=f"Tabulate a filled {RATINGS_FILE} of a blind kit (with the "
                                                          f"{KEY_FILE} beside it, or --key) and exit.")] = None,
    key: Annotated[Optional[Path], typer.Option(metavar="FILE", exists=True, dir_okay=False,
                                                help=f"The kit's {KEY_FILE} [default: beside --ratings].")] = None,
    config: ConfigOpt = None,
) -> None:
    """Score engines against the posts' own summaries (Kiwi-morpheme ROUGE, register and facts); writes no post."""
    from .corpus import references
    from .evaluate import by_category, evaluate, save_rows, table

    if ratings is not None:
        return _tabulate(ratings, key or ratings.parent / KEY_FILE)
    if not paths:
        raise _usage_error("eval needs PATH (posts to score), or --ratings FILE")
    settings = _settings(paths, config, model=model, max_chars=max_chars, excerpt_field=reference, voice=voice)
    names = [n.strip() for n in engines_.split(",") if n.strip()]
    if not names:
        raise _usage_error("--engines: name at least one engine")
    for name in names:
        _checked_engine(settings, name)
    _output_folder(output, "--output")
    if output is not None and output.is_dir():
        raise _usage_error(f"--output: {output} is a folder; give a .csv or .json file")
    if blind_sheet is not None and blind_sheet.exists() and not blind_sheet.is_dir():
        raise _usage_error(f"--blind-sheet: {blind_sheet} is a file; give a folder")
    field = settings.excerpt_field
    examples, missing, broken = references(paths, field)
    examples = examples[:limit]
    have = "post has" if len(examples) == 1 else "posts have"
    _err(f"{len(examples)} {have} a reference in `{field}`; {missing} without one skipped; {broken} unreadable skipped")
    if not examples:
        raise typer.Exit(0)
    try:
        scores, rows = evaluate(examples, names, settings.max_chars, settings.model, settings.voice)
    except (ValueError, OSError, ImportError) as exc:
        raise _usage_error(str(exc)) from None
    emit(table(scores) + "\n", err=False)
    per_category = by_category(rows)
    if len({s.category for s in per_category}) > 1:
        emit("\nper category:\n" + table(per_category) + "\n", err=False)
    if output:
        try:
            save_rows(rows, output)
        except OSError as exc:
            raise _usage_error(f"--output: cannot write {output}: {exc.strerror or exc}") from None
        _err(f"wrote {len(rows)} rows to {output}")
    if blind_sheet is not None:
        _blind_sheet(examples, rows, blind_sheet, blind_posts)


def _blind_sheet(examples, rows, folder: Path, count: int) -> None:
    from .blind import write_sheet
    from .pipeline import source_of

    by_post: dict[str, dict] = {}
    for ex in examples:
        title, paragraphs = source_of(ex.post)
        by_post[str(ex.path)] = {"title": title, "article": " ".join(paragraphs), "path": str(ex.path),
                                 "candidates": {"site": ex.reference}}
    for row in rows:
        by_post[row.post]["candidates"][row.engine] = row.summary
        by_post[row.post]["category"] = row.category
    try:
        written = write_sheet(list(by_post.values()), folder, count)
    except OSError as exc:
        raise _usage_error(f"--blind-sheet: cannot write {folder}: {exc.strerror or exc}") from None
    _err(f"wrote a blind sheet of {written} posts to {folder} (give the rater {SHEET_FILE} and {RATINGS_FILE}; "
         f"{KEY_FILE} is the key)")


def _tabulate(ratings: Path, key: Path) -> None:
    from .blind import ratings_table, tabulate

    if not key.is_file():
        raise _usage_error(f"--key: {key} not found (the {KEY_FILE} of the blind kit)")
    try:
        rows = tabulate(ratings, key)
    except (ValueError, KeyError, OSError) as exc:
        raise _usage_error(str(exc)) from None
    emit(ratings_table(rows) + "\n", err=False)


@app.command(cls=_Command)
def train(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Model directory to write.")],
    base: Annotated[Optional[str], typer.Option(metavar="DIR_OR_ID", help="Start from this model's editor (vocabulary, phrases, "
                                                "weights) instead of a new one.")] = None,
    epochs: Annotated[int, typer.Option(min=1, max=100, metavar="INTEGER", help="Passes over the training posts (condense stage).")] = 6,
    batch_size: Annotated[int, typer.Option(min=1, max=4096, metavar="INTEGER", help="Posts per step.")] = 32,
    holdout_category: Annotated[Optional[list[str]], typer.Option(
        metavar="NAME", help="Category never trained on, validated separately (repeatable).")] = None,
    dev_category: Annotated[Optional[list[str]], typer.Option(
        metavar="NAME", help="Category kept out of training to choose settings, with the latest 10% of the training "
             "posts (repeatable).")] = None,
    select_only: Annotated[bool, typer.Option("--select-only", help="Retrain only the select stage of OUTPUT "
                                              "(fast); keep its condense stage.")] = False,
    source: Annotated[str, typer.Option(metavar="TEXT", help="Where the posts come from, for the model card.")] = "",
    excerpt_field: ExcerptFieldOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Train the select and condense stages on posts that have summaries; resumes when OUTPUT has a state."""
    from .corpus import references

    settings = _settings(paths, config, excerpt_field=excerpt_field)
    field = settings.excerpt_field
    _output_folder(output, "--output")
    where = ", ".join(map(str, paths))
    examples, _, broken = references(paths, field)
    if not examples:
        unreadable = f" ({broken} unreadable or invalid posts)" if broken else ""
        raise _usage_error(f"no posts with an `{field}` under {where}{unreadable}")
    if len(examples) < MIN_TRAIN_POSTS:
        raise _usage_error(f"too little data: {len(examples)} posts with an `{field}` under {where}; "
                           f"training needs at least {MIN_TRAIN_POSTS}")
    _check_categories(examples, {"--holdout-category": holdout_category, "--dev-category": dev_category})
    if select_only and not (output / TRAINING_FILE).is_file():
        raise _usage_error(f"--select-only: {output} has no trained model ({TRAINING_FILE})")
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise _usage_error("training needs torch and transformers: pip install torch==2.13.0 && "
                           "pip install 'korean-post-summarizer[train]'") from None
    from .training import CondenseOptions, run_training

    try:
        info = run_training(paths, output, CondenseOptions(epochs=epochs, batch_size=batch_size), base,
                            command="summarizer " + " ".join(sys.argv[1:]), select_only=select_only, field=field,
                            holdout=tuple(holdout_category or ()), dev_topic=tuple(dev_category or ()),
                            source=source)
    except ValueError as exc:
        raise _usage_error(" ".join(str(exc).split())) from None
    from .evaluate import ScoreRow, table

    for key, label in (("scores", "latest posts by date"), ("scores_topic", "held-out topic")):
        if info[key]:
            emit(f"{label}:\n{table([ScoreRow(**s) for s in info[key]])}\n", err=False)


def _check_categories(examples, wanted: dict[str, list[str] | None]) -> None:
    """Exit 2 at once when a --holdout-category or --dev-category is no post's category, naming those found."""
    if not any(wanted.values()):
        return
    from .training.data import categories

    found = sorted(set().union(*(categories(ex) for ex in examples)))
    for flag, names in wanted.items():
        missing = [name for name in names or () if name not in found]
        if missing:
            listed = ", ".join(found[:40]) + (f", … ({len(found)} in all)" if len(found) > 40 else "")
            raise _usage_error(f"{flag}: no post has the category {', '.join(map(repr, missing))}; "
                               f"the posts' categories: {listed or 'none'}")


def main() -> None:
    runtime.std_fds_open()
    app()


if __name__ == "__main__":
    main()
