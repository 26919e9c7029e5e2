"""Where an engine's model is: the shipped model, a folder, or a Hugging Face id written `hf:namespace/name`
(cached, else downloaded). Anything else is a folder, and a folder that does not exist is an error: a typo in a
path never becomes a download.

The shipped model lives in the repository's top-level `models/` folder, which is installed as the package
`summarizer_models` (package data, see pyproject.toml). It is found with importlib.resources, so the same
code finds it in a checkout, an editable install, an installed wheel and pre-commit's hook environment.

What a model folder must hold is the engine's to say (`Engine.model_files`, `Engine.model_problem`); this
module only finds the folder. It imports no engine.
"""

from __future__ import annotations

import json
import math
import os
from importlib import resources
from pathlib import Path

SHIPPED_MODEL = "koreanews-small"
HUB_PREFIX = "hf:"  # the one way to name a model on the Hugging Face hub
HUB_TIMEOUT_S = 5.0


def _models_dir() -> Path:
    """`summarizer_models`' folder; the checkout's `models/` when that package is not importable (run from a
    source folder without installing it)."""
    try:
        root = resources.files("summarizer_models")
    except ModuleNotFoundError:
        root = None
    if isinstance(root, Path) and (root / SHIPPED_MODEL).is_dir():
        return root
    return Path(__file__).resolve().parent.parent.parent / "models"


MODELS_DIR = _models_dir()
DEFAULT_MODEL = MODELS_DIR / SHIPPED_MODEL


def json_problem(
    path: Path, key: str | None = None, kinds: tuple = (dict,), values: dict[str, object] | None = None
) -> str | None:
    """Why `path` is not a usable JSON file (of one of `kinds`, with `key`; each key of `values` that it holds
    of the kind given there, see `kind_problem`), or None when it is."""
    data, problem = read_json(path)
    if problem:
        return problem
    if not isinstance(data, kinds) or (key is not None and key not in data):
        return f"has a {path.name} without {key!r}" if key else f"has a {path.name} of the wrong shape"
    for name, kind in (values or {}).items():
        problem = kind_problem(data[name], kind) if name in data else None
        if problem:
            return f"has a {path.name} whose {name!r} {problem}"
    return None


def read_json(path: Path) -> tuple[object, str | None]:
    """The JSON value in `path`, or why there is none (a phrase that follows the model folder's name)."""
    if not path.is_file():
        return None, f"has no {path.name}"
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        return None, f"has an unreadable {path.name} ({type(err).__name__})"


_KINDS = {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}


def kind_problem(value: object, kind: object) -> str | None:
    """Why the JSON `value` is not of `kind` ("is '6' (a string), not a whole number"), or None. `kind` is int,
    float (an int is a number too, NaN and infinity are not), bool, str, `[kind]` (a list of them) or `{str: kind}`
    (an object of them); None accepts anything."""
    if kind is None:
        return None
    if isinstance(kind, list):
        if not isinstance(value, list):
            return _not(value, f"a list of {_plural(kind[0])}")
        return next((f"[{i}] {p}" for i, v in enumerate(value) if (p := kind_problem(v, kind[0]))), None)
    if isinstance(kind, dict):
        (inner,) = kind.values()
        if not isinstance(value, dict):
            return _not(value, f"an object of {_plural(inner)}")
        return next((f"[{k!r}] {p}" for k, v in value.items() if (p := kind_problem(v, inner))), None)
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    else:
        ok = isinstance(value, kind)
    if ok:
        return None
    finite = kind is float and isinstance(value, float)
    return _not(value, "a finite number" if finite else _KINDS.get(kind, getattr(kind, "__name__", str(kind))))


def _plural(kind: object) -> str:
    return {int: "whole numbers", float: "numbers", bool: "booleans", str: "strings"}.get(kind, "values")


def _not(value: object, wanted: str) -> str:
    kind = (
        "true or false"
        if isinstance(value, bool)
        else "null"
        if value is None
        else _KINDS.get(type(value), "a list" if isinstance(value, list) else "an object")
    )
    shown = json.dumps(value, ensure_ascii=False)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"is {shown} ({kind}), not {wanted}"


def hub_id(text: str) -> str | None:
    """The Hugging Face id in `text` when it is written `hf:name` or `hf:namespace/name`, else None."""
    return text[len(HUB_PREFIX) :] if text.startswith(HUB_PREFIX) else None


def hub_id_problem(repo_id: str) -> str | None:
    """Why `repo_id` (after `hf:`) is not a Hugging Face model id, or None."""
    try:
        from huggingface_hub.utils import validate_repo_id

        validate_repo_id(repo_id)
    except ImportError:  # pragma: no cover (a dependency)
        return None if repo_id and repo_id.count("/") <= 1 else "not of the form namespace/name"
    except ValueError:
        return "not of the form namespace/name"
    return None


def _offline() -> bool:
    return any(
        os.environ.get(v, "").strip().lower() in {"1", "on", "yes", "true"}
        for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def _from_hub(engine, repo_id: str) -> str:
    """A local snapshot folder of hub model `repo_id` for `engine` (a class): from the cache without any network
    access when it is there, else downloaded; one short request decides whether the hub can be reached."""
    try:
        import huggingface_hub as hub
    except ImportError:  # pragma: no cover (a dependency of transformers)
        raise ValueError(f"model hf:{repo_id}: huggingface_hub is not installed") from None
    try:
        cached = hub.snapshot_download(repo_id, local_files_only=True)
    except Exception:  # LocalEntryNotFoundError, or a broken cache entry
        cached = None
    if cached and not engine.model_problem(Path(cached)):
        return cached
    where = f"model hf:{repo_id}: "
    if cached:
        where += f"its cached copy {engine.model_problem(Path(cached))}"
    else:
        where += "not in the local cache"
    if _offline():
        raise ValueError(f"{where}, and HF_HUB_OFFLINE is set")
    try:
        info = hub.model_info(repo_id, timeout=HUB_TIMEOUT_S)
    except (hub.errors.RepositoryNotFoundError, hub.errors.GatedRepoError):
        raise ValueError(f"{where}, and the hub has no public model of that name") from None
    except Exception as err:  # connection refused, no DNS, timeout, proxy, HTTP 5xx
        raise ValueError(f"{where}, and the hub cannot be reached ({type(err).__name__}; offline?)") from None
    files = {s.rfilename for s in info.siblings or []}
    missing = [name for name in engine.model_files if name not in files]
    if missing:
        raise ValueError(
            f"model hf:{repo_id} on the hub lacks {' and '.join(missing)} ({engine.model_part}, "
            "written by `summarizer train`)"
        )
    try:
        folder = hub.snapshot_download(
            repo_id, allow_patterns=list(engine.hub_patterns or engine.model_files), etag_timeout=HUB_TIMEOUT_S
        )
    except Exception as err:
        raise ValueError(f"model hf:{repo_id}: download from the hub failed ({type(err).__name__})") from None
    problem = engine.model_problem(Path(folder))
    if problem:
        raise ValueError(f"model hf:{repo_id}: the downloaded copy {problem}")
    return folder


def locate(engine, model: str | os.PathLike | None = None) -> str | None:
    """The model location `engine` (a class) will load (None when it reads no model), checked up front.

    `model` is a folder (relative to the current directory), a Hugging Face id written `hf:namespace/name`, or
    None for the shipped model. Raises ValueError with a one-line reason when the folder is missing or
    incomplete (see the engine's `model_problem`), when a hub id is malformed, or when it is not cached and the
    hub cannot be reached (decided by one request with a short timeout, or at once under HF_HUB_OFFLINE=1). A
    hub id resolves to its local snapshot folder.
    """
    if not engine.needs_model():
        return None
    if model is None or str(model) == "":
        problem = engine.model_problem(DEFAULT_MODEL)
        if problem:
            raise ValueError(f"the shipped model {DEFAULT_MODEL} {problem}")
        return str(DEFAULT_MODEL)
    text = os.fspath(model)
    repo_id = hub_id(text)
    if repo_id is not None:
        problem = hub_id_problem(repo_id)
        if problem:
            raise ValueError(f"model {text!r}: {problem} (a Hugging Face id is written hf:namespace/name)")
        return _from_hub(engine, repo_id)
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/m": a traceback and exit 1 before
        raise ValueError(f"model {text!r}: no such user's home folder") from None
    if path.exists():
        if not path.is_dir():
            raise ValueError(f"model {text!r} is a file; give the model's folder")
        problem = engine.model_problem(path)
        if problem:
            raise ValueError(f"model folder {text!r} {problem}")
        return str(path)
    raise ValueError(f"model {text!r}: no such folder (a model on the Hugging Face hub is written hf:namespace/name)")
