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
    """A model folder with every file the select and seq2seq engines read: a tiny model of the right kinds and
    shapes (its weights zeros)."""
    import numpy as np
    from safetensors.numpy import save_file

    from summarizer.editor.configuration import EditorConfig
    from summarizer.editor.layers import weight_shapes

    folder.mkdir(parents=True)
    config = EditorConfig(vocab_size=3, dim=2, hidden=2, phrases=["확인하세요!"])
    (folder / "salience.json").write_text(json.dumps({"weights": {"position": 1.0}, "bias": 0.0}))
    (folder / "config.json").write_text(json.dumps(config.to_dict()))
    (folder / "vocab.json").write_text(json.dumps({"기상청/NNG": 1, "밝히/VV": 2}, ensure_ascii=False))
    shapes = weight_shapes(config)
    save_file({k: np.zeros(shape, dtype=np.float32) for k, shape in shapes.items()}, str(folder / "model.safetensors"))
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


def _edited(folder: Path, name: str, change) -> Path:
    path = folder / name
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name, file, change, reason",
    [
        ("seq2seq", "config.json", lambda c: {**c, "top_sentences": "6"}, "config.json whose 'top_sentences' is \"6\""),
        (
            "seq2seq",
            "config.json",
            lambda c: {**c, "phrases": "확인하세요!"},
            "'phrases' is \"확인하세요!\" (a string)",
        ),
        ("seq2seq", "config.json", lambda c: {**c, "close_threshold": None}, "'close_threshold' is null"),
        ("seq2seq", "config.json", lambda c: {**c, "drop_announcements": 1}, "'drop_announcements' is 1"),
        ("seq2seq", "config.json", lambda c: {**c, "style_prior": [0.5, 0.5]}, "'style_prior' has 2 values, not 3"),
        ("seq2seq", "config.json", lambda c: {**c, "dim": 4}, "model.safetensors that does not match"),
        ("seq2seq", "config.json", lambda c: {**c, "model_type": "bert"}, "'model_type' is 'bert'"),
        ("seq2seq", "vocab.json", lambda v: list(v), 'vocab.json of the wrong shape: it is ["기상청/NNG"'),
        ("seq2seq", "vocab.json", lambda v: {**v, "x/NNG": "3"}, "vocab.json whose 'x/NNG' is \"3\""),
        ("seq2seq", "vocab.json", lambda v: {**v, "x/NNG": 3}, "'x/NNG' is 3, not an id below"),
        ("seq2seq", "salience.json", lambda s: {**s, "weights": {"position": "1.0"}}, "salience.json whose 'weights'"),
        ("select", "salience.json", lambda s: {**s, "weights": {"position": "1.0"}}, "['position'] is \"1.0\""),
        ("select", "salience.json", lambda s: {**s, "bias": "0"}, "salience.json whose 'bias' is \"0\""),
        ("select", "salience.json", lambda s: {**s, "position_prior": [1]}, "'position_prior' is [1] (a list)"),
    ],
)
def test_model_values_of_the_wrong_kind_are_refused_before_any_post_is_read(tmp_path, name, file, change, reason):
    """A model whose values have the wrong type passed the check and then failed the batch mid-run ('internal
    error: TypeError', exit 123); now the check names the file and key, in one line."""
    folder = _edited(complete(tmp_path / "model"), file, change)
    with pytest.raises(ValueError) as err:
        check_model(name, str(folder))
    assert reason in str(err.value) and str(folder) in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_a_model_with_a_wrong_value_is_exit_2_at_the_cli_before_any_post(tmp_path):
    from typer.testing import CliRunner

    from summarizer.cli import app

    from .conftest import GOLDEN

    folder = _edited(complete(tmp_path / "model"), "config.json", lambda c: {**c, "top_sentences": "6"})
    post = tmp_path / "p.md"
    post.write_bytes((GOLDEN / "plain.in.md").read_bytes())
    result = CliRunner().invoke(app, ["run", str(post), "--engine", "condense", "--model", str(folder)])
    assert result.exit_code == 2, result.output
    assert "config.json whose 'top_sentences' is \"6\" (a string), not a whole number" in result.output
    assert post.read_bytes() == (GOLDEN / "plain.in.md").read_bytes()


def test_frames_of_the_wrong_shape_are_refused(tmp_path):
    folder = complete(tmp_path / "model")
    (folder / "frames.json").write_text(json.dumps({"frames": {"how": [["을", 3, [], 5]]}}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"frames.json whose frame \[\"을\", 3, \[\], 5\] of 'how'"):
        check_model("condense", str(folder))


@pytest.mark.parametrize(
    "model, reason",
    [
        ("/no/such/model", "no such folder"),
        ("./relative-missing", "no such folder"),
        ("a/b/c", "no such folder"),
        ("has space/x", "no such folder"),
        ("models/koreanews-smal", "no such folder"),  # a typo of a local path, not looked up on the hub
        ("someone/kobart-summary-xyz", "no such folder"),  # shaped like a hub id: still a folder (issue 26, 8)
        ("hf:a/b/c", "not of the form namespace/name"),
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
        check_model("seq2seq", "hf:someone/kobart-summary-xyz")
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
    assert Path(check_model("seq2seq", "hf:someone/koreanews")).resolve() == snapshot.resolve()
    with pytest.raises(ValueError, match="salience.json"):
        check_model("select", "hf:someone/koreanews")


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
        "try: e.get_engine('seq2seq', 'hf:someone/missing-model')\n"
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


def test_a_missing_model_folder_in_the_config_is_an_error_not_a_download(tmp_path, monkeypatch):
    """`model = "mymodels/blog"` with the folder absent tried the Hugging Face hub (issue 26, item 8): a path is
    a folder, and one that does not exist is exit 2 naming the file and key; only hf:namespace/name is the hub."""
    from typer.testing import CliRunner

    from summarizer.cli import app

    locate = importlib.import_module("summarizer.engines.locate")  # the package re-exports a function `locate`

    def no_hub(*args, **kwargs):
        raise AssertionError("the hub was asked")

    monkeypatch.setattr(locate, "_from_hub", no_hub)
    (tmp_path / "summarizer.toml").write_text('model = "mymodels/blog"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: t\n---\n본문입니다.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--engine", "select"])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"error: config {tmp_path / 'summarizer.toml'}: model: model ")
    assert "no such folder" in result.stderr and "hf:namespace/name" in result.stderr
