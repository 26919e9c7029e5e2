"""The evaluation notebook runs top to bottom on a fresh kernel (on the bundled examples)."""

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_notebook_executes_and_shows_the_comparison(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_ENGINES", "lead,extractive,peer")
    nb = nbformat.read(ROOT / "notebooks" / "evaluate_summaries.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs)
    assert "posts with a reference" in text
    assert "R-1" in text and "extractive" in text and "peer" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # bar charts and histogram
    assert any("<table>" in o.get("data", {}).get("text/html", "") for o in outputs)
