"""Helpers of the tests that run the tool as a site would get it: from a copy of the working tree (a wheel, a
pre-commit hook repository), in an environment without this venv's activation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import ROOT

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def tree_copy(dst: Path) -> Path:
    """The working tree as a clone would hold it, plus uncommitted edits and new files git does not ignore."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():  # a tracked file deleted in the working tree is left out, as a commit would
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    return dst


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the venv activation, offline for the Hugging Face hub."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}}
    return {**env, "HF_HUB_OFFLINE": "1", "PYTHONNOUSERSITE": "1", "NO_COLOR": "1", **extra}
