"""What the commands share: option types, the settings and engine checks, and the error exits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand

from summarizer import engines
from summarizer.app.config import Settings, find_config, load_settings
from summarizer.app.report import EXIT_USAGE, emit
from summarizer.app.setting_checks import ConfigError
from summarizer.text.packing import MAX_CHARS_RANGE

DEFAULTS = Settings()  # the defaults the help states: those of the settings, never a copy


DEFAULT_ENGINE = "{default engine}"  # in a help text: the default engine, looked up only when help is shown


class _PlainArgument(TyperArgument):
    """An argument shown as `PATH...` in the usage and in the help (typer writes `{PATH}...` and
    `PATH <list[Path]>`); only click's public methods are overridden."""

    def _plain(self) -> str:
        return self.metavar + ("..." if self.nargs != 1 else "")

    def get_usage_pieces(self, ctx) -> list[str]:
        return [self._plain()]

    def get_help_record(self, ctx):
        record = super().get_help_record(ctx)
        return record and (self._plain(), record[1])


class Command(TyperCommand):
    """Help that reads `PATH...` for an argument with a metavar, and names the default engine (which reads the
    shipped model's training record) only when the help is shown, not on every start."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                param.__class__ = _PlainArgument

    def format_help(self, ctx, formatter) -> None:
        for param in self.params:
            if param.help and DEFAULT_ENGINE in param.help:
                param.help = param.help.replace(DEFAULT_ENGINE, engines.default_engine())
        super().format_help(ctx, formatter)


def err(message: str) -> None:
    """One line on stderr."""
    emit(message + "\n")


def usage_error(message: str) -> typer.Exit:
    """Print `error: message` and return the exit (code 2) to raise."""
    err(f"error: {message}")
    return typer.Exit(EXIT_USAGE)


def check_config_file(config: Path | None) -> None:
    """ConfigError when `--config` names something that is not a file."""
    if config is not None and not config.is_file():
        why = "a folder, not a file" if config.is_dir() else "not a regular file" if config.exists() else "no such file"
        raise ConfigError(f"config {config}: {why}")


def settings_for(paths: list[Path], config: Path | None, **overrides) -> Settings:
    """The settings of a command over `paths` (eval, train): the config file (`config`, else the one found from
    the PATHs) with the flags given (`overrides`, None: not given) applied; exits 2 naming the file and key, or
    the flag. The PATHs must share one config file (`summarizer run` groups posts by theirs instead)."""
    try:
        check_config_file(config)
        found = config or (find_config(paths[0]) if paths else None)
        if config is None:
            others = {str(c or "none") for c in map(find_config, paths[1:])} - {str(found or "none")}
            if others:
                raise ConfigError(
                    f"the PATHs have different config files ({found or 'none'} and "
                    f"{', '.join(sorted(others))}); run once per site, or pass --config"
                )
        return load_settings(found).with_overrides(**overrides)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None


def checked_engine(settings: Settings, name: str | None = None) -> tuple[str, str | None]:
    """The engine name and model to use, checked before anything is read or written; exits 2 when bad."""
    origin = settings.origin("engine") if name is None else "--engines"
    name = name or settings.engine or engines.default_engine()
    if name not in engines.names():
        raise usage_error(f"{origin}: unknown engine {name!r}; choose from {', '.join(engines.names())}")
    try:
        return name, engines.check_model(name, settings.model) or settings.model
    except ValueError as exc:
        raise usage_error(f"{settings.origin('model')}: {exc}") from None


def article(word: str) -> str:
    """`word` after "a" or "an" ("an `excerpt`", "a `description`")."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} `{word}`"


Paths = Annotated[
    list[Path], typer.Argument(metavar="PATH", help="Post files or folders (searched recursively).", exists=True)
]
_ALIASES = "; ".join(f"{alias} is another name for {name}" for alias, name in engines.ALIASES.items())
EngineOpt = Annotated[
    str | None,
    typer.Option(
        "--engine",
        "-e",
        metavar="NAME",
        help=f"One of: {', '.join(engines.names(aliases=False))} ({_ALIASES}: the "
        "design's name for the stage, which selects and edits sentences and is not a sequence-to-sequence model). "
        f"Default: the best engine on validation that is never below lead [default: {DEFAULT_ENGINE}].",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DIR_OR_HF_ID",
        help="Model folder, or a Hugging Face model written hf:namespace/name, for an engine that reads a model "
        "[default: the shipped model].",
    ),
]
MaxCharsOpt = Annotated[
    int | None,
    typer.Option(
        min=MAX_CHARS_RANGE[0],
        max=MAX_CHARS_RANGE[1],
        metavar="INTEGER",
        help=f"Longest excerpt, in characters [default: {DEFAULTS.max_chars}].",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Config file for every PATH (default: each post's nearest summarizer.toml, or pyproject.toml with "
        "[tool.summarizer], upward up to its site's or repository's root).",
    ),
]
VoiceOpt = Annotated[
    str | None,
    typer.Option(
        metavar="VOICE",
        help="Register of the condense engine's excerpts: auto (the voice the model learned for posts "
        "like this one, else the article's), article, learned, plain (…다), polite (…니다) or noun (…발표.) "
        f"[default: {DEFAULTS.voice}].",
    ),
]
ExcerptFieldOpt = Annotated[
    str | None,
    typer.Option(
        "--excerpt-field",
        metavar="NAME",
        help="Front matter key of the summary [default: the site's: excerpt in Jekyll, summary in Hugo "
        "(and in TOML or JSON front matter outside a site)].",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        max=256,
        metavar="N",
        help="Processes for a large batch (a few posts, as a hook gives, take one) "
        "[default: the cores this process may use, fewer where memory is short].",
    ),
]
