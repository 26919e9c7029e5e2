"""Command line: parses options, calls the core, prints, and maps outcomes to exit codes."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import engines
from .config import Settings, find_config, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Fill `excerpt` and `feature_text` of Korean Markdown posts with summaries.")

EXIT_CHANGED, EXIT_FAILED = 1, 123


@app.callback()
def _main() -> None:
    """Fill `excerpt` and `feature_text` of Korean Markdown posts with summaries."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _settings(paths: list[Path], config: Path | None, **overrides) -> Settings:
    try:
        found = config or (find_config(paths[0]) if paths else None)
        return load_settings(found).with_overrides(**overrides)
    except (ValueError, OSError) as exc:
        _err(f"error: config: {exc}")
        raise typer.Exit(2) from None


def _progress(total: int, quiet: bool):
    from rich.console import Console
    from rich.progress import Progress

    disable = quiet or total < 2 or not sys.stderr.isatty()
    return Progress(console=Console(stderr=True), disable=disable, transient=True)


Paths = Annotated[list[Path], typer.Argument(help="Post files or folders (searched recursively).", exists=True)]
EngineOpt = Annotated[Optional[str], typer.Option("--engine", "-e", help=f"One of: {', '.join(engines.names())}. "
                                                  "Default: the best engine available.")]
ModelOpt = Annotated[Optional[str], typer.Option(help="Model directory or Hugging Face id (select, seq2seq).")]
MaxCharsOpt = Annotated[Optional[int], typer.Option(min=20, help="Longest excerpt, in characters [default: 150].")]
ConfigOpt = Annotated[Optional[Path], typer.Option(help="Config file (default: nearest summarizer.toml or "
                                                   "pyproject.toml with [tool.summarizer]).")]


@app.command()
def run(
    paths: Paths,
    engine: EngineOpt = None,
    model: ModelOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Rewrite summaries that are already there.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if any post would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a diff of each change.")] = False,
    max_chars: MaxCharsOpt = None,
    feature_template: Annotated[Optional[str], typer.Option(
        help=r"feature_text template with {excerpt} and {title}, e.g. '## 속보입니다.\n\n{excerpt}'.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary line.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Invalid posts (broken YAML, empty body, ...) "
                                         "fail the run (exit 123) instead of only being reported.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Summarize posts and write excerpt and feature_text into their front matter.

    Exit codes: 0 nothing changed, 1 posts changed (or would, with --check), 123 a post could not be
    processed (or, with --strict, was invalid). Invalid posts are always reported and left untouched.
    """
    from .pipeline import discover, process

    settings = _settings(paths, config, engine=engine, model=model, max_chars=max_chars,
                         feature_template=feature_template, force=force or None)
    if "{excerpt}" not in settings.feature_template:
        _err("error: --feature-template must contain {excerpt}")
        raise typer.Exit(2)
    name = settings.engine or engines.default_engine()
    loaded = []

    def factory():
        try:
            loaded.append(engines.get_engine(name, settings.model))
        except (ValueError, OSError, ImportError) as exc:
            _err(f"error: engine {name}: {exc}")
            raise typer.Exit(2) from None
        return loaded[-1]

    counts: Counter[str] = Counter()
    total = len(discover(paths))
    with _progress(total, quiet) as bar:
        task = bar.add_task("summarizing", total=total)
        for outcome in process(paths, factory, settings, write=not (check or diff),
                               progress=lambda n: bar.advance(task, n)):
            counts[outcome.status] += 1
            if outcome.status in ("failed", "invalid"):
                _err(f"error: {outcome.path}: {outcome.message}")
            elif outcome.status == "changed":
                if diff:
                    typer.echo(outcome.diff(), nl=False)
                if not quiet:
                    _err(f"{'would summarize' if check or diff else 'summarized'} {outcome.path}")
    _err(_summary_line(counts, check or diff, loaded[0] if loaded else None))
    failed = counts["failed"] or (strict and counts["invalid"])
    raise typer.Exit(EXIT_FAILED if failed else EXIT_CHANGED if counts["changed"] else 0)


@app.command("eval")
def eval_(
    paths: Paths,
    engines_: Annotated[str, typer.Option("--engines", help="Comma-separated engines to compare.")] = "lead,extractive",
    reference: Annotated[str, typer.Option(help="Front matter field holding the reference summary.")] = "excerpt",
    model: ModelOpt = None,
    max_chars: MaxCharsOpt = None,
    limit: Annotated[Optional[int], typer.Option(help="Evaluate only the first N posts with a reference.")] = None,
    output: Annotated[Optional[Path], typer.Option(help="Write per-post rows to a .csv or .json file.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Score engines against the posts' own summaries (Kiwi-morpheme ROUGE); writes no post."""
    from .corpus import references
    from .evaluate import evaluate, save_rows, table

    settings = _settings(paths, config, model=model, max_chars=max_chars)
    names = [n.strip() for n in engines_.split(",") if n.strip()]
    unknown = [n for n in names if n not in engines.names()]
    if unknown:
        _err(f"error: unknown engine(s) {', '.join(unknown)}; choose from {', '.join(engines.names())}")
        raise typer.Exit(2)
    examples, missing, broken = references(paths, reference)
    examples = examples[:limit]
    _err(f"{len(examples)} posts with a {reference!r} reference; {missing} without one skipped; "
         f"{broken} unreadable skipped")
    if not examples:
        raise typer.Exit(0)
    try:
        summaries, rows = evaluate(examples, names, settings.max_chars, settings.model)
    except (ValueError, OSError, ImportError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    typer.echo(table(summaries))
    if output:
        save_rows(rows, output)
        _err(f"wrote {len(rows)} rows to {output}")


@app.command()
def train(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write (save_pretrained).")],
    base: Annotated[Optional[str], typer.Option(help="Fine-tune this seq2seq checkpoint instead of a new model.")] = None,
    minutes: Annotated[float, typer.Option(help="Time budget of the condense stage.")] = 30.0,
    max_steps: Annotated[int, typer.Option(help="Step limit of the condense stage.")] = 100_000,
    batch_size: Annotated[int, typer.Option(help="Pairs per step.")] = 24,
    copy_steps: Annotated[int, typer.Option(help="Curriculum: steps spent learning to copy first.")] = 150,
    eval_every: Annotated[int, typer.Option(help="Validate (and keep the best) every N steps.")] = 100,
    select_only: Annotated[bool, typer.Option("--select-only", help="Retrain only the select stage of OUTPUT "
                                              "(fast); keep its condense stage.")] = False,
) -> None:
    """Train the select and condense stages on posts that have summaries; resumes when OUTPUT has a state."""
    from .train import run_training
    from .train_seq2seq import Seq2SeqOptions

    opts = Seq2SeqOptions(minutes=minutes, max_steps=max_steps, batch_size=batch_size, copy_steps=copy_steps,
                          eval_every=eval_every)
    info = run_training(paths, output, opts, base, command="summarizer " + " ".join(sys.argv[1:]),
                        select_only=select_only)
    from .evaluate import Summary, table

    typer.echo(table([Summary(**s) for s in info["scores"]]))


def _summary_line(counts: Counter, dry: bool, engine) -> str:
    verb = "would change" if dry else "changed"
    line = (f"{counts['changed']} {verb}, {counts['unchanged']} unchanged, {counts['skipped']} skipped, "
            f"{counts['failed']} failed, {counts['invalid']} invalid")
    fallbacks = getattr(engine, "fallbacks", None)
    if fallbacks is not None and getattr(engine, "generated", 0):
        line += f"; seq2seq fell back to the select stage on {fallbacks} of {engine.generated} posts"
    return line


def main() -> None:
    app()


if __name__ == "__main__":
    main()
