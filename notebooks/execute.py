"""Re-execute evaluate_summaries.ipynb top to bottom on a fresh kernel from a neutral temp folder and save
it with its outputs, after checking that no output is a warning or error and none shows a machine path.

    python notebooks/execute.py            # every engine that can run here, on the bundled examples
    python notebooks/execute.py --check    # execute and check only; the saved file is left as it is

Needs `pip install -e ".[notebook]"`. Run it after an engine or the shipped model changes.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

NOTEBOOK = Path(__file__).resolve().parent / "evaluate_summaries.ipynb"
MACHINE_PATH = re.compile(r"(?<![\w.])(?:/work|/tmp|/root|/home|/Users|/var/folders|[A-Za-z]:\\Users)[/\\]")


def problems(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("name") == "stderr" or out.output_type == "error":
                found.append(f"cell {cell.execution_count}: {out.get('text') or out.get('ename')}"[:300])
            texts = [out.get("text", "")] + [v for k, v in out.get("data", {}).items() if not k.startswith("image/")]
            found += [
                f"cell {cell.execution_count}: machine path {m!r}" for t in texts for m in MACHINE_PATH.findall(str(t))
            ]
    return found


def execute(nb, folder) -> None:
    """Run `nb` in place on a fresh python3 kernel whose working folder is `folder`. The kernel talks over
    local (IPC) sockets where it can: over TCP, ipykernel 7 prints a warning about unencrypted traffic."""
    ipc = {"transport": "ipc", "ip": str(Path(folder, "kernel"))}  # sockets kernel-1, kernel-2, ... there
    config = Config({"KernelManager": ipc if os.name == "posix" else {}})
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        config=config,
        resources={"metadata": {"path": str(folder)}},
    ).execute()


def main() -> int:
    for var in ("SUMMARIZER_POSTS", "SUMMARIZER_ENGINES", "SUMMARIZER_LIMIT"):
        os.environ.pop(var, None)  # the saved notebook shows the defaults
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with tempfile.TemporaryDirectory() as neutral:
        execute(nb, neutral)
    found = problems(nb)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    if "--check" not in sys.argv:
        nbformat.write(nb, NOTEBOOK)
        print(f"saved {NOTEBOOK.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
