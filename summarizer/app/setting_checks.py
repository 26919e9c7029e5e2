"""The check of each setting's value (`CHECKS`: type and range), run when it is read, from the config file or
from a flag; a bad value is a `ConfigError` naming where it came from (`_check`). Settings themselves, and the
config file, are in `config`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from summarizer.text.packing import MAX_CHARS_RANGE
from summarizer.text.voice import VOICES

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
PLACEHOLDERS = ("{excerpt}", "{title}")
_BRACED = re.compile(r"\{[^{}]*\}")  # a brace pair with no brace inside: a placeholder, known or not


class ConfigError(ValueError):
    """A bad setting; the message names its origin (config file and key, or flag) and the reason."""


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, got {_show(value)}")
    return value


def _engine_name(value: Any) -> str:
    if not _string(value).strip():
        raise ValueError("must name an engine, got an empty string")
    return value.strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false (a TOML boolean, no quotes), got {_show(value)}")
    return value


def _int_in(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}, got {_show(value)}")
        return value

    return check


def template_problem(template: str) -> str | None:
    """What is wrong with a feature template, or None. Only `{excerpt}` and `{title}` are filled in
    (`pipeline.feature_text`); every other character is written as it is, so any other `{...}` is a mistake
    (`{tilte}`, `{0}`, `{ excerpt }`), and doubled braces are not an escape: `{{excerpt}}` is the excerpt in braces."""
    unknown = list(dict.fromkeys(m for m in _BRACED.findall(template) if m not in PLACEHOLDERS))
    if unknown:
        return (
            f"unknown placeholder{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            "(only {excerpt} and {title} are filled in)"
        )
    if "{excerpt}" not in template:
        return "must contain {excerpt}"
    return None


def _template(value: Any) -> str:
    problem = template_problem(_string(value))
    if problem:
        raise ValueError(f"{problem}, got {_show(value)}")
    return value


def _field_name(empty_ok: bool) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if _string(value) == "" and empty_ok:
            return value
        if not _KEY.match(value):
            raise ValueError(f"must be a front matter key (letters, digits, '_' or '-'), got {_show(value)}")
        return value

    return check


def _voice(value: Any) -> str:
    if _string(value) not in VOICES:
        raise ValueError(f"must be one of {', '.join(VOICES)}, got {_show(value)}")
    return value


CHECKS: dict[str, Callable[[Any], Any]] = {
    "engine": _engine_name,
    "model": _string,
    "max_chars": _int_in(*MAX_CHARS_RANGE),
    "feature_template": _template,
    "force": _bool,
    "min_body_chars": _int_in(0, 100_000),
    "excerpt_field": _field_name(empty_ok=False),
    "feature_field": _field_name(empty_ok=True),
    "voice": _voice,
    "pages": _bool,
    "jobs": _int_in(1, 256),
}


def _show(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(type(value), "a table or list")
    return f"{value!r} ({kind})"


def _check(key: str, value: Any, origin: str) -> Any:
    try:
        return CHECKS[key](value)
    except ValueError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
