"""Command line: parses options, calls the core, prints, and maps outcomes to exit codes. The commands' shared
options and checks are in `cli_common`; `eval` and `train` in `cli_eval` and `cli_train`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer import __version__, engines
from summarizer.app import runtime, signals
from summarizer.app.report import Report, Status, WriteBack, emit
from summarizer.cli.common import (
    DEFAULTS,
    Command,
    ConfigOpt,
    EngineOpt,
    ExcerptFieldOpt,
    MaxCharsOpt,
    ModelOpt,
    Paths,
    VoiceOpt,
    checked_engine,
    err,
    settings_for,
    usage_error,
)
from summarizer.cli.evaluate import eval_
from summarizer.cli.train import train

HELP = f"Fill the {DEFAULTS.excerpt_field} and {DEFAULTS.feature_field} fields of Korean Markdown posts with summaries."

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        emit(f"summarizer {__version__}\n", err=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """Fill the front matter summary fields of Korean Markdown posts."""


@app.command(cls=Command)
def run(
    paths: Paths,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    force: Annotated[
        bool | None,
        typer.Option("--force/--no-force", show_default=False, help="Rewrite summaries that are already there."),
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any post would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a diff of each change.")] = False,
    max_chars: MaxCharsOpt = None,
    feature_template: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT",
            help=r"Template of the feature field with {excerpt} and {title}; \n is a line break, e.g. "
            r"'## 속보입니다.\n\n{excerpt}' "
            f"[default: {DEFAULTS.feature_template}].",
        ),
    ] = None,
    excerpt_field: ExcerptFieldOpt = None,
    feature_field: Annotated[
        str | None,
        typer.Option(
            "--feature-field",
            metavar="NAME",
            help="Front matter key of the summary under the template; '' writes no second field "
            f"[default: {DEFAULTS.feature_field}].",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary line.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Invalid posts (broken YAML, empty body, ...) fail the run (exit 123) instead of only being reported.",
        ),
    ] = False,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="Remove temp files (.summarizer-XXXXXXXX.tmp) that an interrupted run left beside the posts.",
        ),
    ] = False,
    voice: VoiceOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Summarize posts and write their summary fields into their front matter.

    Exit codes: 0 done (posts written, or nothing to do), 1 with --check/--diff when a post would change,
    123 a post could not be processed (or, with --strict, was invalid), 2 bad usage or configuration,
    129/130/143 stopped by SIGHUP/SIGINT/SIGTERM. Invalid posts are always reported and left untouched.
    """
    from summarizer.app.pipeline import process
    from summarizer.posts.walk import find_posts

    runtime.std_fds_open()
    settings = settings_for(
        paths,
        config,
        engine=engine,
        model=model,
        max_chars=max_chars,
        force=force,
        feature_template=feature_template,
        excerpt_field=excerpt_field,
        feature_field=feature_field,
        voice=voice,
    )
    name, model_path = checked_engine(settings)
    report = Report(WriteBack.from_options(check, diff), quiet=quiet, strict=strict)
    engine = engines.LazyEngine(name, model_path, settings.voice)

    def factory():
        try:
            return engine()
        except (ValueError, OSError, ImportError) as exc:
            raise usage_error(f"engine {name}: {exc}") from None

    with signals.stop_signals_raise(exits=True):
        try:
            found = find_posts(paths)
            for path, why in found.problems:
                report.failed(path, why)
            for path, why in found.notes:
                report.warn(path, why)
            runtime.stale(report, found.stale, clean)
            with runtime.progress(len(found.files), quiet) as bar:
                task = bar.add_task("summarizing", total=len(found.files))
                for outcome in process(
                    found.files,
                    factory,
                    settings,
                    write=report.write_back is WriteBack.YES,
                    progress=lambda n: bar.advance(task, n),
                    roots=found.roots,
                ):
                    if report.write_back is WriteBack.DIFF and outcome.status is Status.CHANGED:
                        emit(outcome.diff(), err=False)  # a closed pipe (| head) ends the output, not the run
                    report.done(outcome.path, outcome.status, outcome.message, outcome.warning, outcome.filled)
        except KeyboardInterrupt as exc:
            report.stopped(signals.signal_of(exc))
        except typer.Exit:
            raise
        except Exception as exc:  # a bug, or a broken model: one line, the summary, exit 123 (like black)
            report.failed(Path(", ".join(map(str, paths))), f"internal error: {type(exc).__name__}: {exc}")
        err(report.summary(engine.stats_line()))
    raise typer.Exit(report.exit_code)


app.command("eval", cls=Command)(eval_)
app.command(cls=Command)(train)


def main() -> None:
    runtime.std_fds_open()
    app()


if __name__ == "__main__":
    main()
