"""Engine registry: name -> factory, imported lazily so that light engines start fast."""

from __future__ import annotations

import importlib
import json
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


def default_engine(model_dir: Path = DEFAULT_MODEL) -> str:
    """The engine with the best validation ROUGE (R-1 + R-2 + R-L) in the shipped model's training.json;
    the heuristic extractive engine when no model is shipped."""
    try:
        scores = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))["scores"]
    except (OSError, ValueError, KeyError):
        return "extractive"
    best = max(scores, key=lambda s: s["rouge1"] + s["rouge2"] + s["rougeL"])
    return best["engine"] if best["engine"] in _REGISTRY else "extractive"


def get_engine(name: str, model: str | None = None) -> Engine:
    if name not in _REGISTRY:
        raise ValueError(f"unknown engine {name!r}; choose from {', '.join(_REGISTRY)}")
    module, cls, takes_model = _REGISTRY[name]
    factory = getattr(importlib.import_module(module), cls)
    return factory(model or str(DEFAULT_MODEL)) if takes_model else factory()
