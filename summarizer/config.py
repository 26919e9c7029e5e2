"""Settings, and the site config file they can come from (`summarizer.toml` or `[tool.summarizer]`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

CONFIG_FILES = ("summarizer.toml", "pyproject.toml")


@dataclass(frozen=True)
class Settings:
    engine: str | None = None  # None: the best engine available
    model: str | None = None
    max_chars: int = 150
    feature_template: str = "{excerpt}"
    force: bool = False
    min_body_chars: int = 40

    def with_overrides(self, **values) -> "Settings":
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _table(path: Path) -> dict | None:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    table = data.get("tool", {}).get("summarizer")
    if table is None and path.name == "summarizer.toml":
        table = {k: v for k, v in data.items() if k != "tool"}
    return table


def find_config(start: Path) -> Path | None:
    """The nearest summarizer.toml, or pyproject.toml with [tool.summarizer], upward from `start`."""
    here = start.resolve()
    here = here if here.is_dir() else here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and _table(candidate) is not None:
                return candidate
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    table = _table(path) or {}
    known = {f.name for f in fields(Settings)}
    values = {k.replace("-", "_"): v for k, v in table.items()}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return Settings(**values)
