"""The `run` command's helpers: its settings for a path with the flags applied, the --remove-field names checked,
the engine made when first needed, the engines' counts summed over worker processes for the summary line, and
each post's outcome printed and counted."""

from __future__ import annotations

from summarizer import engines
from summarizer.app.report import Report, Status, emit
from summarizer.cli.common import usage_error
from summarizer.engines.base import EngineStats


def _settings_of(config, overrides):
    from summarizer.app.config import load_settings

    return load_settings(config).with_overrides(**overrides)


def _field_names(names: list[str]) -> list[str]:
    from summarizer.app.setting_checks import CHECKS

    for name in names:
        try:
            CHECKS["excerpt_field"](name)
        except ValueError as exc:
            raise usage_error(f"--remove-field: {exc}") from None
    return names


def _factory(lazy: engines.LazyEngine):
    def factory():
        try:
            return lazy()
        except (ValueError, OSError, ImportError) as exc:
            raise usage_error(f"engine {lazy.name}: {exc}") from None

    return factory


def _add(totals: dict, key: tuple, stats: EngineStats) -> None:
    totals[key] = _sum(totals.get(key), stats)


def _sum(a: EngineStats | None, b: EngineStats | None) -> EngineStats | None:
    return a or b if a is None or b is None else a + b


def _stats_line(lazy: engines.LazyEngine, parallel_stats: EngineStats | None) -> str:
    """An engine's part of the summary line: its counts in this process and in the worker processes."""
    stats = _sum(lazy.engine.stats if lazy.engine is not None else None, parallel_stats)
    return engines.engine_class(lazy.name).describe(stats) if stats is not None else ""


def _report(outcome, report: Report, diff: bool, verbose: bool) -> None:
    """Print and count one post's outcome."""
    if diff and outcome.status is Status.CHANGED:
        emit(outcome.diff(), err=False)  # a closed pipe (| head) ends the output, not the run
    report.done(
        outcome.path,
        outcome.status,
        outcome.message,
        outcome.warning,
        outcome.filled,
        ", ".join(outcome.removed),
    )
    for key in outcome.replaced if not report.quiet else ():
        report.echo(f"{'would replace' if report.dry else 'replaced'} hand-written {key} of {outcome.path}")
    for key in outcome.kept:
        why = (
            "not a summary field of the settings (excerpt_field, feature_field)"
            if key in outcome.not_summary
            else "summarizer did not write it"
        )
        report.warn(outcome.path, f"kept {key}: {why} (--force removes it)")
    if verbose and outcome.note:
        report.echo(f"note: {outcome.path}: the article's sentences unedited (fallback: {outcome.note})")
