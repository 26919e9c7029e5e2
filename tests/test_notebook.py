"""The evaluation notebook runs top to bottom on a fresh kernel from a neutral folder (on the bundled
examples, every engine), and neither its saved nor its fresh outputs show machine paths or warnings; the
kernel itself prints nothing on stderr."""

import re
import runpy

import pytest

from summarizer.evaluation.evaluate import available_engines

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat", reason="the notebook extra (pip install -e '.[test]')")
pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "notebooks" / "evaluate_summaries.ipynb"
MACHINE_PATH = re.compile(r"(?<![\w.])(?:/work|/tmp|/root|/home|/Users|/var/folders|[A-Za-z]:\\Users)[/\\]")


def without_images(nb) -> str:
    """The notebook as JSON text minus base64 image data (which may contain `/tmp/` by chance)."""
    nb = nbformat.from_dict(nb)
    for o in outputs(nb):
        for key in [k for k in o.get("data", {}) if k.startswith("image/") and k != "image/svg+xml"]:
            o["data"][key] = ""
    return nbformat.writes(nb)


def outputs(nb) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def check(nb) -> str:
    """The notebook's outputs as text, after the checks that hold for saved and fresh outputs alike."""
    found = outputs(nb)
    assert not [o for o in found if o.get("name") == "stderr"], "a warning or error on stderr"
    assert not [o for o in found if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in found)
    assert "posts with a reference" in text and "R-1" in text
    assert sum("image/png" in o.get("data", {}) for o in found) == 2  # bar charts and histogram
    assert any("<table>" in o.get("data", {}).get("text/html", "") for o in found)
    return text


def test_saved_notebook_shows_no_machine_paths_and_no_warnings():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    raw = without_images(nb)
    assert not MACHINE_PATH.findall(raw), MACHINE_PATH.findall(raw)[:3]
    text = check(nb)
    for engine in ("lead", "extractive", "peer", "select", "condense"):  # saved with every engine
        assert re.search(rf"^{engine}\s+\d", text, re.M), engine
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # executed top to bottom on a fresh kernel


def test_notebook_executes_and_shows_the_comparison(tmp_path, monkeypatch, capfd):
    monkeypatch.delenv("SUMMARIZER_ENGINES", raising=False)
    monkeypatch.delenv("SUMMARIZER_POSTS", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    execute = runpy.run_path(str(ROOT / "notebooks" / "execute.py"))["execute"]  # as notebooks/execute.py runs it
    capfd.readouterr()
    execute(nb, tmp_path)  # a neutral working folder
    kernel_stderr = capfd.readouterr().err  # the kernel process writes to this process's stderr
    assert not kernel_stderr.strip(), kernel_stderr
    text = check(nb)
    for engine in available_engines():  # every engine that can run here, condense included
        assert re.search(rf"^{engine}\s+\d", text, re.M), engine
    fresh = without_images(nb)
    assert not MACHINE_PATH.findall(fresh), MACHINE_PATH.findall(fresh)[:3]
