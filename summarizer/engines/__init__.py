"""Engine registry: each name maps to its engine class, imported on first use so that light engines start fast.

Adding an engine is its module (a subclass of `base.Engine`) plus one line in `_REGISTRY`. Where a model is
found is `locate`'s job; what a model folder must hold is the engine class's.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

from summarizer.editor.modelfiles import TRAINING_FILE
from summarizer.engines.base import Engine
from summarizer.engines.locate import DEFAULT_MODEL, MODELS_DIR, SHIPPED_MODEL, locate  # noqa: F401
from summarizer.text.metrics import METRICS
from summarizer.text.voice import DEFAULT_VOICE

_REGISTRY = {  # name -> "module:class"
    "lead": "summarizer.engines.lead:LeadEngine",
    "extractive": "summarizer.engines.extractive:ExtractiveEngine",
    "select": "summarizer.engines.select:SelectEngine",
    "condense": "summarizer.engines.condense:CondenseEngine",
    "peer": "summarizer.engines.peer:PeerEngine",
}
# Other names of an engine. The design calls the condense stage `seq2seq` (article in, summary out); it selects
# and edits sentences, it is not a sequence-to-sequence model. An alias writes the same files as its engine.
ALIASES = {"seq2seq": "condense"}
FALLBACK_ENGINE = "extractive"  # the default when no model is shipped


def canonical(name: str) -> str:
    """The engine `name` selects (an alias resolved); unknown names are returned unchanged."""
    return ALIASES.get(name, name)


def names(aliases: bool = True) -> list[str]:
    """Every name `--engine` accepts: the engines, then (with `aliases`) their other names."""
    return [*_REGISTRY, *ALIASES] if aliases else list(_REGISTRY)


def engine_class(name: str) -> type[Engine]:
    """The class of engine `name` (or of the engine an alias names); ValueError for an unknown name."""
    if canonical(name) not in _REGISTRY:
        raise ValueError(f"unknown engine {name!r}; choose from {', '.join(names())}")
    module, cls = _REGISTRY[canonical(name)].split(":")
    return getattr(importlib.import_module(module), cls)


def check_model(name: str, model: str | os.PathLike | None = None) -> str | None:
    """The model location engine `name` will load (None for engines without a model), checked up front; see
    `locate.locate`. Raises ValueError with a one-line reason."""
    return locate(engine_class(name), model)


def get_engine(name: str, model: str | os.PathLike | None = None, voice: str = DEFAULT_VOICE) -> Engine:
    """Engine `name` with its model checked (`check_model`) and loaded, writing in `voice` where it can."""
    cls = engine_class(name)  # ValueError for an unknown engine
    return cls.from_pretrained(locate(cls, model), voice=voice)  # checked before the model is read


def default_engine(model_dir: Path = DEFAULT_MODEL) -> str:
    """The engine with the best validation ROUGE (R-1 + R-2 + R-L, summed over the date and the held-out-category
    splits of the shipped model's training record) among those never below lead on any of the three on either
    split; the heuristic extractive engine when no model is shipped."""
    try:
        data = json.loads((model_dir / TRAINING_FILE).read_text(encoding="utf-8"))
        splits = [
            {canonical(r["engine"]): r for r in rows}  # a record may name an engine by its alias
            for rows in (data["scores"], data.get("scores_held_out") or data.get("scores_topic") or [])
            if rows
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return FALLBACK_ENGINE
    found = [n for n in splits[0] if n in _REGISTRY and all(n in split for split in splits)] if splits else []
    if not found:
        return FALLBACK_ENGINE

    def safe(name: str) -> bool:
        return all("lead" not in split or all(split[name][m] >= split["lead"][m] for m in METRICS) for split in splits)

    def total(name: str) -> float:
        return sum(split[name][m] for split in splits for m in METRICS)

    return max([n for n in found if safe(n)] or found, key=total)


class LazyEngine:
    """Engine `name`, made on first use (a run in which no post needs a summary never loads its model)."""

    def __init__(self, name: str, model: str | os.PathLike | None = None, voice: str = DEFAULT_VOICE) -> None:
        self.name, self.model, self.voice = name, model, voice
        self.engine: Engine | None = None

    def __call__(self) -> Engine:
        if self.engine is None:
            self.engine = get_engine(self.name, self.model, self.voice)
        return self.engine

    def stats_line(self) -> str:
        """The engine's part of the run's summary line ("" when it was never made)."""
        return self.engine.stats_line() if self.engine is not None else ""
