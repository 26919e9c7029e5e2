"""Engine registry: name -> factory, imported lazily so that light engines start fast."""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import Engine

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
DEFAULT_MODEL = MODELS_DIR / "koreanews-small"

_REGISTRY = {
    "lead": ("summarizer.engines.lead", "LeadEngine", False),
    "extractive": ("summarizer.engines.extractive", "ExtractiveEngine", False),
    "select": ("summarizer.engines.select", "SelectEngine", True),
    "seq2seq": ("summarizer.engines.seq2seq", "Seq2SeqEngine", True),
    "peer": ("summarizer.engines.peer", "PeerEngine", False),
}


def names() -> list[str]:
    return list(_REGISTRY)


def default_engine() -> str:
    """The engine that measured best on validation and can run here (see README)."""
    if (DEFAULT_MODEL / "salience.json").exists():
        return "select"
    return "extractive"


def get_engine(name: str, model: str | None = None) -> Engine:
    if name not in _REGISTRY:
        raise ValueError(f"unknown engine {name!r}; choose from {', '.join(_REGISTRY)}")
    module, cls, takes_model = _REGISTRY[name]
    factory = getattr(importlib.import_module(module), cls)
    return factory(model or str(DEFAULT_MODEL)) if takes_model else factory()
