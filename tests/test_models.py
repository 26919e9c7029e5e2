"""Model resolution: the shipped model is found as package data, and check_model rejects bad models fast."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest
import tomllib

from summarizer import engines
from summarizer.engines import check_model, default_engine, get_engine, names

from .conftest import ROOT

SHIPPED = ROOT / "models" / "koreanews-small"


def test_shipped_model_is_found_through_importlib_resources():
    folder = resources.files("summarizer_models") / "koreanews-small"
    assert Path(str(folder)).resolve() == SHIPPED.resolve() == engines.DEFAULT_MODEL.resolve()
    assert default_engine() in names()


def test_packaging_maps_the_models_folder():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["setuptools"]["package-dir"] == {"summarizer_models": "models"}
    assert (ROOT / "models" / "__init__.py").is_file()  # a regular package: importlib.resources finds its folder
    assert not any(d.startswith("torch") for d in pyproject["project"]["dependencies"])  # summarizing needs no torch
    # (tests/test_install.py checks that the wheel holds every module and every model file)


@pytest.mark.parametrize("name", ["lead", "extractive", "peer"])
def test_engines_without_a_model_need_none(name):
    assert check_model(name, None) is None
    assert check_model(name, "/does/not/matter") is None


def complete(folder: Path) -> Path:
    """A model folder with every file the select and seq2seq engines read (contents only well-formed)."""
    folder.mkdir(parents=True)
    (folder / "salience.json").write_text(json.dumps({"weights": {"position": 1.0}, "bias": 0.0}))
    (folder / "config.json").write_text(json.dumps({"model_type": "kiwi-unit-editor"}))
    (folder / "vocab.json").write_text(json.dumps({"phrases": []}))
    (folder / "model.safetensors").write_bytes(b"\0" * 8)
    return folder


@pytest.mark.parametrize("name", ["select", "seq2seq"])
def test_a_local_folder_resolves(name, tmp_path):
    folder = complete(tmp_path / "model")
    assert check_model(name, str(folder)) == str(folder)
    assert check_model(name, folder) == str(folder)  # a Path works too


@pytest.mark.parametrize("name", ["select", "seq2seq"])
def test_the_shipped_model_resolves(name):
    """Fails while models/koreanews-small lacks a file the engine reads (e.g. a new engine, an old model)."""
    assert Path(check_model(name, None)) == engines.DEFAULT_MODEL


def incomplete(tmp_path: Path, *drop: str, **replace: str) -> Path:
    folder = complete(tmp_path / "model")
    for name in drop:
        (folder / name).unlink()
    for name, text in replace.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name, drop, replace, reason",
    [
        ("select", ["salience.json"], {}, "has no salience.json"),
        ("select", [], {"salience_json": "{not json"}, "unreadable salience.json"),
        ("select", [], {"salience_json": json.dumps({"bias": 0})}, "without 'weights'"),
        ("seq2seq", ["config.json"], {}, "has no config.json"),
        ("seq2seq", ["model.safetensors"], {}, "has no model.safetensors"),
        ("seq2seq", ["vocab.json"], {}, "has no vocab.json"),
        ("seq2seq", [], {"vocab_json": "7"}, "vocab.json of the wrong shape"),
        ("seq2seq", [], {"config_json": ""}, "unreadable config.json"),
    ],
)
def test_incomplete_folders_are_rejected_in_one_line(tmp_path, name, drop, replace, reason):
    folder = incomplete(tmp_path, *drop, **replace)
    with pytest.raises(ValueError) as err:
        check_model(name, str(folder))
    assert reason in str(err.value) and str(folder) in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    "model, reason",
    [
        ("/no/such/model", "no such folder"),
        ("./relative-missing", "no such folder"),
        ("a/b/c", "no such folder"),
        ("has space/x", "no such folder"),
        ("models/koreanews-smal", "no such folder"),  # a typo of a local path, not looked up on the hub
        (str(ROOT / "README.md"), "is a file"),
    ],
)
def test_strings_that_are_neither_folders_nor_hub_ids(model, reason, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ValueError, match=reason):
        check_model("seq2seq", model)


@pytest.mark.parametrize("offline", ["1", pytest.param("", marks=pytest.mark.network)])
def test_an_uncached_hub_id_fails_fast_offline(monkeypatch, tmp_path, offline):
    """HF_HUB_OFFLINE=1: no request at all; otherwise one short request (`-m network`: it goes out)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf"))  # an empty cache
    monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    monkeypatch.setattr(importlib.import_module("summarizer.engines.locate"), "HUB_TIMEOUT_S", 3.0)  # the module
    start = time.monotonic()
    with pytest.raises(ValueError) as err:
        check_model("seq2seq", "someone/kobart-summary-xyz")
    assert time.monotonic() - start < 10
    text = str(err.value)
    assert "\n" not in text and "not in the local cache" in text
    assert ("HF_HUB_OFFLINE" in text) if offline else ("cannot be reached" in text or "no public model" in text)


def test_a_cached_hub_snapshot_resolves_without_network(monkeypatch, tmp_path):
    """A model in the Hugging Face cache is used offline; select needs its salience.json there too."""
    hub = tmp_path / "hf" / "hub"
    snapshot = hub / "models--someone--koreanews" / "snapshots" / ("0" * 40)
    snapshot.mkdir(parents=True)
    (hub / "models--someone--koreanews" / "refs").mkdir()
    (hub / "models--someone--koreanews" / "refs" / "main").write_text("0" * 40)
    source = complete(tmp_path / "source")
    for name in ("config.json", "model.safetensors", "vocab.json"):
        (snapshot / name).symlink_to(source / name)  # the hub cache's layout: links into blobs
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(hub))  # read at import; patch the live value
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert Path(check_model("seq2seq", "someone/koreanews")).resolve() == snapshot.resolve()
    with pytest.raises(ValueError, match="salience.json"):
        check_model("select", "someone/koreanews")


def test_get_engine_checks_the_model_first(tmp_path):
    with pytest.raises(ValueError, match="has no salience.json"):
        get_engine("select", str(tmp_path))
    with pytest.raises(ValueError, match="unknown engine"):
        get_engine("nope")
    with pytest.raises(ValueError, match="unknown engine"):
        check_model("nope", None)
    assert get_engine("select").name == "select"


def test_missing_hub_model_costs_no_torch_import(tmp_path):
    """The check comes before the engine module (and torch) is imported."""
    code = (
        "import sys, summarizer.engines as e\n"
        "try: e.get_engine('seq2seq', 'someone/missing-model')\n"
        "except ValueError as err: print(err)\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path)},
    )
    assert out.stdout.splitlines()[-1] == "False" and "HF_HUB_OFFLINE" in out.stdout
