"""Engine registry: name -> factory, imported lazily so that light engines start fast; model resolution.

The shipped model lives in the repository's top-level `models/` folder, which is installed as the package
`summarizer_models` (package data, see pyproject.toml). It is found with importlib.resources, so the same
code finds it in a checkout, an editable install, an installed wheel and pre-commit's hook environment.
"""

from __future__ import annotations

import importlib
import json
import os
from importlib import resources
from pathlib import Path

from .base import Engine

SHIPPED_MODEL = "koreanews-small"
SALIENCE_FILE = "salience.json"  # the select stage (summarizer.engines.select.SALIENCE_FILE)
# What the condense stage reads (summarizer.editor_model: CONFIG_FILE, WEIGHTS_FILE, VOCAB_FILE).
SEQ2SEQ_FILES = ("config.json", "model.safetensors", "vocab.json")
HUB_TIMEOUT_S = 5.0


def _models_dir() -> Path:
    """`summarizer_models`' folder; the checkout's `models/` when that package is not importable (an
    editable install made before the package existed)."""
    try:
        root = resources.files("summarizer_models")
    except ModuleNotFoundError:
        root = None
    if isinstance(root, Path) and (root / SHIPPED_MODEL).is_dir():
        return root
    return Path(__file__).resolve().parent.parent.parent / "models"


MODELS_DIR = _models_dir()
DEFAULT_MODEL = MODELS_DIR / SHIPPED_MODEL

_REGISTRY = {
    "lead": ("summarizer.engines.lead", "LeadEngine", False),
    "extractive": ("summarizer.engines.extractive", "ExtractiveEngine", False),
    "select": ("summarizer.engines.select", "SelectEngine", True),
    "condense": ("summarizer.engines.condense", "CondenseEngine", True),
    "peer": ("summarizer.engines.peer", "PeerEngine", False),
}
# Other names of an engine. The design calls the condense stage `seq2seq` (article in, summary out); it selects
# and edits sentences, it is not a sequence-to-sequence model. An alias writes the same files as its engine.
ALIASES = {"seq2seq": "condense"}


def canonical(name: str) -> str:
    """The engine `name` selects (an alias resolved); unknown names are returned unchanged."""
    return ALIASES.get(name, name)


def names() -> list[str]:
    """Every name `--engine` accepts: the engines, then their aliases."""
    return [*_REGISTRY, *ALIASES]


def default_engine(model_dir: Path = DEFAULT_MODEL) -> str:
    """The engine with the best validation ROUGE (R-1 + R-2 + R-L, summed over the date and the held-out-topic
    splits of the shipped model's training.json) among those never below lead on any of the three on either
    split; the heuristic extractive engine when no model is shipped."""
    try:
        data = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))
        splits = [{r["engine"]: r for r in rows} for rows in (data["scores"], data.get("scores_topic") or []) if rows]
    except (OSError, ValueError, KeyError, TypeError):
        return "extractive"
    metrics = ("rouge1", "rouge2", "rougeL")
    splits = [{canonical(n): r for n, r in split.items()} for split in splits]  # older records say seq2seq
    names = [n for n in splits[0] if n in _REGISTRY and all(n in split for split in splits)] if splits else []
    if not names:
        return "extractive"

    def safe(name: str) -> bool:
        return all("lead" not in split or all(split[name][m] >= split["lead"][m] for m in metrics) for split in splits)

    def total(name: str) -> float:
        return sum(split[name][m] for split in splits for m in metrics)

    return max([n for n in names if safe(n)] or names, key=total)


def needs_model(name: str) -> bool:
    name = canonical(name)
    if name not in _REGISTRY:
        raise ValueError(f"unknown engine {name!r}; choose from {', '.join(names())}")
    return _REGISTRY[name][2]


def _json_file(path: Path, key: str | None = None, kinds: tuple = (dict,)) -> str | None:
    """Why `path` is not a usable JSON file (of one of `kinds`, with `key`), or None when it is."""
    if not path.is_file():
        return f"has no {path.name}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        return f"has an unreadable {path.name} ({type(err).__name__})"
    if not isinstance(data, kinds) or (key is not None and key not in data):
        return f"has a {path.name} without {key!r}" if key else f"has a {path.name} of the wrong shape"
    return None


def model_problem(name: str, folder: Path) -> str | None:
    """Why `folder` cannot serve engine `name` (a phrase that follows the folder's name), or None."""
    if name == "select":
        problem = _json_file(folder / SALIENCE_FILE, "weights")
        return f"{problem} (the select stage, written by `summarizer train`)" if problem else None
    if canonical(name) == "condense":
        config, weights, vocab = SEQ2SEQ_FILES
        problem = _json_file(folder / config) or _json_file(folder / vocab, None, (dict, list))
        if problem:
            return f"{problem} (the condense stage, written by `summarizer train`)"
        if not (folder / weights).is_file():
            return f"has no {weights} (the condense stage's weights)"
    return None


def _offline() -> bool:
    return any(os.environ.get(v, "").strip().lower() in {"1", "on", "yes", "true"}
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def _hub_id(text: str) -> bool:
    """A string that could name a Hugging Face model: `name` or `namespace/name`, not path-like."""
    if not text or text[0] in "./~" or "\\" in text or text.endswith("/"):
        return False
    try:
        from huggingface_hub.utils import validate_repo_id

        validate_repo_id(text)
    except ImportError:
        return text.count("/") <= 1
    except ValueError:
        return False
    return True


def _from_hub(name: str, repo_id: str) -> str:
    """A local snapshot folder of hub model `repo_id` for engine `name`: from the cache without any network
    access when it is there, else downloaded; one short request decides whether the hub can be reached."""
    try:
        import huggingface_hub as hub
    except ImportError:  # pragma: no cover (a dependency of transformers)
        raise ValueError(f"model {repo_id!r}: no such folder (huggingface_hub is not installed for hub ids)") from None
    try:
        cached = hub.snapshot_download(repo_id, local_files_only=True)
    except Exception:  # LocalEntryNotFoundError, or a broken cache entry
        cached = None
    if cached and not model_problem(name, Path(cached)):
        return cached
    where = f"model {repo_id!r}: no such folder, and as a Hugging Face id"
    if cached:
        where += f" its cached copy {model_problem(name, Path(cached))}"
    else:
        where += " it is not in the local cache"
    if _offline():
        raise ValueError(f"{where}, and HF_HUB_OFFLINE is set")
    try:
        info = hub.model_info(repo_id, timeout=HUB_TIMEOUT_S)
    except (hub.errors.RepositoryNotFoundError, hub.errors.GatedRepoError):
        raise ValueError(f"{where}, and the hub has no public model of that name") from None
    except Exception as err:  # connection refused, no DNS, timeout, proxy, HTTP 5xx
        raise ValueError(f"{where}, and the hub cannot be reached ({type(err).__name__}; offline?)") from None
    files = {s.rfilename for s in info.siblings or []}
    if name == "select" and SALIENCE_FILE not in files:
        raise ValueError(f"model {repo_id!r} has no {SALIENCE_FILE} on the hub (the select stage); "
                         "use --engine condense or a model folder written by `summarizer train`")
    if canonical(name) == "condense" and not set(SEQ2SEQ_FILES) <= files:
        raise ValueError(f"model {repo_id!r} on the hub lacks {' or '.join(sorted(set(SEQ2SEQ_FILES) - files))} "
                         "(the condense engine reads a model written by `summarizer train`)")
    patterns = [SALIENCE_FILE] if name == "select" else ["*.json", "*.safetensors"]
    try:
        folder = hub.snapshot_download(repo_id, allow_patterns=patterns, etag_timeout=HUB_TIMEOUT_S)
    except Exception as err:
        raise ValueError(f"model {repo_id!r}: download from the hub failed ({type(err).__name__})") from None
    problem = model_problem(name, Path(folder))
    if problem:
        raise ValueError(f"model {repo_id!r}: the downloaded copy {problem}")
    return folder


def check_model(name: str, model: str | os.PathLike | None = None) -> str | None:
    """The model location engine `name` will load (None for engines without a model), checked up front.

    `model` is a folder (relative to the current directory), a Hugging Face id, or None for the shipped
    model. Raises ValueError with a one-line reason when the folder is missing or incomplete (select needs
    salience.json; condense needs config.json, model.safetensors and vocab.json), when the string is neither a folder nor a
    plausible hub id, or when a hub id is not cached and the hub cannot be reached (decided by one request
    with a short timeout, or at once under HF_HUB_OFFLINE=1). A hub id resolves to its local snapshot folder.
    """
    if not needs_model(name):
        return None
    if model is None or str(model) == "":
        problem = model_problem(name, DEFAULT_MODEL)
        if problem:
            raise ValueError(f"the shipped model {DEFAULT_MODEL} {problem}")
        return str(DEFAULT_MODEL)
    text = os.fspath(model)
    path = Path(text).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ValueError(f"model {text!r} is a file; give the model's folder")
        problem = model_problem(name, path)
        if problem:
            raise ValueError(f"model folder {text!r} {problem}")
        return str(path)
    if not _hub_id(text) or (("/" in text) and Path(text).parent.is_dir()):
        raise ValueError(f"model {text!r}: no such folder (and not a Hugging Face id of the form namespace/name)")
    return _from_hub(name, text)


def get_engine(name: str, model: str | None = None) -> Engine:
    takes_model = needs_model(name)  # ValueError for an unknown engine
    location = check_model(name, model) if takes_model else None  # before importing torch
    module, cls, _ = _REGISTRY[canonical(name)]
    factory = getattr(importlib.import_module(module), cls)
    return factory(location) if takes_model else factory()
