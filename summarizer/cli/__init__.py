"""Command line: parses options, calls the core, prints, and maps outcomes to exit codes. The commands' shared
options and checks are in `common`; `run`'s helpers in `run_helpers`; `eval` and `train` in `evaluate` and
`train`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer import __version__, engines
from summarizer.app import runtime, signals
from summarizer.app.report import Report, WriteBack, emit
from summarizer.app.setting_checks import ConfigError
from summarizer.cli.common import (
    DEFAULTS,
    Command,
    ConfigOpt,
    EngineOpt,
    ExcerptFieldOpt,
    JobsOpt,
    MaxCharsOpt,
    ModelOpt,
    Paths,
    VoiceOpt,
    check_config_file,
    checked_engine,
    err,
    usage_error,
)
from summarizer.cli.evaluate import eval_
from summarizer.cli.run_helpers import _add, _factory, _field_names, _report, _settings_of, _stats_line
from summarizer.cli.train import train
from summarizer.engines.base import EngineStats

HELP = "Write a summary into the front matter of Korean Jekyll and Hugo posts (excerpt; summary on Hugo)."

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
            help="Front matter key of a second field, the summary under the template; '' writes none [default: none].",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary line.")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also say which config and site each post got, and which posts fell back."
        ),
    ] = False,
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
    remove_field: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-field",
            metavar="NAME",
            help="Remove the field NAME (repeatable) where summarizer wrote it (.summarizer.lock records it, or "
            "it is the feature field, feature_text by default, holding the excerpt under the feature template, as "
            "versions before 0.2 wrote it); text anyone else wrote is kept unless --force. Summarizes nothing.",
        ),
    ] = None,
    pages: Annotated[
        bool | None,
        typer.Option(
            "--pages/--no-pages",
            show_default=False,
            help="Also summarize a Jekyll site's pages (about.markdown, index.html), not only its posts.",
        ),
    ] = None,
    voice: VoiceOpt = None,
    jobs: JobsOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Summarize posts and write their summary fields into their front matter.

    At a site's root it takes what the site publishes: a Jekyll site's posts, drafts and collections (pages
    with --pages), a Hugo site's content folder; never what .gitignore, Jekyll's exclude or Hugo's themes/
    hold. Files named on the command line are always taken. What it writes is recorded in .summarizer.lock.

    Exit codes: 0 done (posts written, or nothing to do), 1 with --check/--diff when a post would change,
    123 a post could not be processed (or, with --strict, was invalid), 2 bad usage or configuration,
    129/130/143 stopped by SIGHUP/SIGINT/SIGTERM. Invalid posts are always reported and left untouched.
    """
    from summarizer.app import parallel, sites
    from summarizer.app.pipeline import BATCH, process
    from summarizer.app.remove_field import remove
    from summarizer.posts.walk import find_posts

    runtime.std_fds_open()
    overrides = dict(
        engine=engine,
        model=model,
        max_chars=max_chars,
        force=force,
        feature_template=feature_template,
        excerpt_field=excerpt_field,
        feature_field=feature_field,
        voice=voice,
        pages=pages,
        jobs=jobs,
    )
    removing = tuple(dict.fromkeys(_field_names(remove_field or [])))
    places = sites.Places(config)
    try:  # every config the PATHs name is checked before anything is walked or written
        check_config_file(config)
        for path in paths:
            checked_engine(_settings_of(places.of(path)[0], overrides))
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    report = Report(WriteBack.from_options(check, diff), quiet=quiet, strict=strict)
    records = sites.Records()
    made: dict[tuple, engines.LazyEngine] = {}
    totals: dict[tuple, EngineStats] = {}  # the engines' counts in worker processes (--jobs)

    with signals.stop_signals_raise(exits=True):
        try:
            found = find_posts(paths)
            try:
                groups = sites.groups(found, config, **overrides)
            except ConfigError as exc:
                raise usage_error(str(exc)) from None
            checked = [checked_engine(group.settings) for group in groups]
            for path, why in found.problems:
                report.failed(path, why)
            for path, why in found.notes:
                report.warn(path, why)
            runtime.stale(report, found.stale, clean)
            total = sum(len(group.files) for group in groups)
            with runtime.progress(total, quiet) as bar:
                task = bar.add_task("summarizing", total=total)
                broken = {g.site.config: g.site.problem for g in groups if g.site is not None and g.site.problem}
                for where, why in broken.items():
                    report.warn(Path(where), f"cannot read it ({why}); the site's defaults are used")
                for group, (name, model_path) in zip(groups, checked):
                    if (verbose or check) and not quiet:
                        err(f"{len(group.files)} post{'s' if len(group.files) != 1 else ''}: {group.describe()}")
                    lock = records.lock(group.root)
                    for where, why in records.unreported():
                        report.warn(Path(where), f"{why}; what summarizer wrote is not known (left as it is)")
                    key = (name, model_path, group.settings.voice)
                    lazy = made[key] = made.get(key) or engines.LazyEngine(*key)
                    if removing:
                        outcomes = remove(
                            group.files,
                            group.settings,
                            removing,
                            write=report.write_back is WriteBack.YES,
                            roots=found.roots,
                            lock=lock,
                        )
                    elif (group.settings.jobs or parallel.default_jobs()) > 1 and len(
                        group.files
                    ) >= parallel.MIN_POSTS:
                        outcomes = parallel.run(
                            group.files,
                            key,
                            group.settings,
                            group.settings.jobs or parallel.default_jobs(),
                            write=report.write_back is WriteBack.YES,
                            roots=found.roots,
                            lock=lock,
                            counted=lambda stats, key=key: _add(totals, key, stats),
                            progress=lambda n: bar.advance(task, n),
                        )
                    else:
                        outcomes = process(
                            group.files,
                            _factory(lazy),
                            group.settings,
                            write=report.write_back is WriteBack.YES,
                            progress=lambda n: bar.advance(task, n),
                            roots=found.roots,
                            lock=lock,
                        )
                    for done, outcome in enumerate(outcomes, 1):
                        _report(outcome, report, diff, verbose)
                        if done % BATCH == 0 and not report.dry:  # recorded as the run goes, not only at its end
                            records.checkpoint(group.root)
        except KeyboardInterrupt as exc:
            report.stopped(signals.signal_of(exc))
        except typer.Exit:
            raise
        except Exception as exc:  # a bug, or a broken model: one line, the summary, exit 123 (like black)
            report.failed(Path(", ".join(map(str, paths))), f"internal error: {type(exc).__name__}: {exc}")
        finally:
            if not report.dry:
                for where, why in records.save():
                    report.warn(Path(where), f"cannot record what summarizer wrote: {why}")
        err(report.summary("; ".join(filter(None, (_stats_line(lazy, totals.get(key)) for key, lazy in made.items())))))
    raise typer.Exit(report.exit_code)


app.command("eval", cls=Command)(eval_)
app.command(cls=Command)(train)


def main() -> None:
    runtime.std_fds_open()
    app()


if __name__ == "__main__":
    main()
