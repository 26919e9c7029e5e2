"""The installed wheel behaves like the checkout.

A wheel is built from a copy of the working tree (what a clone would hold: tracked files and untracked ones
that git does not ignore) and installed, without dependencies, into a fresh virtual environment in a temp
folder. That environment sees this one's already-installed dependencies through a `.pth` line, so nothing is
downloaded; the editable install of `summarizer` does not leak in (its finder lives in a `.pth` file, and
`.pth` files are only processed in site-packages itself, not in folders a `.pth` line adds). The installed
`summarizer` then runs from another folder, and must write exactly what `python -m summarizer` from the
checkout writes, for the default engine, `select` and `condense` on the examples, and for the default engine
on corpus posts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from summarizer import __version__
from summarizer.posts.corpus import strip_copy

from .conftest import EXAMPLES, ROOT
from .helpers import clean_env, tree_copy

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

ENGINES = [None, "select", "condense"]  # None: the default engine (the shipped model's best)
CORPUS_POSTS = 40


def build_wheel(tmp: Path) -> Path:
    source = tree_copy(tmp / "source")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        env=clean_env(),
    )
    (wheel,) = (tmp / "dist").glob("korean_post_summarizer-*.whl")
    return wheel


def venv_with_wheel(tmp: Path, wheel: Path) -> Path:
    """A fresh venv with the wheel installed in it and this venv's site-packages visible after its own."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # pip from here installs into the new interpreter; it cannot see (or uninstall) the editable install yet.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--no-compile",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        env=clean_env(),
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("install")
    return venv_with_wheel(tmp, build_wheel(tmp))


def run_both(venv: Path, posts: Path, tmp: Path, engines=ENGINES) -> None:
    """Each engine once from the checkout and once from the installed wheel, on copies of `posts`."""
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    for engine in engines:
        label = engine or "default"
        flags = ["--engine", engine] if engine else []
        mine, theirs = tmp / f"checkout-{label}", tmp / f"installed-{label}"
        shutil.copytree(posts, mine)
        shutil.copytree(posts, theirs)
        a = subprocess.run(
            [sys.executable, "-m", "summarizer", "run", str(mine), *flags],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=clean_env(),
        )
        b = subprocess.run(
            [str(venv / "bin" / "summarizer"), "run", str(theirs), *flags],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            env=clean_env(),
        )
        assert a.returncode == 0, f"checkout, {label}: {a.stdout}{a.stderr}"  # posts written, none failed
        assert b.returncode == 0, f"installed, {label}: {b.stdout}{b.stderr}"
        summary = a.stderr.splitlines()[-1]  # "N changed, ..." (the summary line goes to stderr)
        assert re.match(r"\d+ changed, ", summary) and summary == b.stderr.splitlines()[-1]
        files = sorted(p.relative_to(mine) for p in mine.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file())
        filled = 0
        for name in files:
            expected = (mine / name).read_bytes()
            assert (theirs / name).read_bytes() == expected, f"{label}: {name} differs"
            filled += b"\nexcerpt: " in expected
        assert filled >= 3, f"{label}: only {filled} posts got an excerpt"


def test_installed_package_is_the_wheel_with_its_model(installed):
    code = (
        "import summarizer, summarizer_models, summarizer.engines as e; "
        "print(summarizer.__file__); print(summarizer_models.__file__); print(e.DEFAULT_MODEL); "
        "print(e.default_engine()); print(e.check_model('select', None)); print(e.check_model('condense', None))"
    )
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        cwd=installed.parent,
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
    ).stdout.split("\n")
    venv = str(installed.resolve())
    assert all(line.startswith(venv) for line in out[:3] + out[4:6]), out  # not the checkout's files
    assert Path(out[2]).name == "koreanews-small" and (Path(out[2]) / "model.safetensors").is_file()
    from summarizer import engines

    assert out[3] == engines.default_engine()
    # Every module of the tree and every file of every shipped model is in the wheel.
    source, site = installed.parent / "source", Path(out[1]).parent.parent
    modules = {p.relative_to(source) for p in (source / "summarizer").rglob("*.py")}
    assert modules and all((site / m).is_file() for m in modules), modules - {
        m for m in modules if (site / m).is_file()
    }
    models = {p.relative_to(source / "models") for p in (source / "models").rglob("*") if p.is_file()}
    assert all((site / "summarizer_models" / m).is_file() for m in models)  # the same shipped training.json decides


def test_installed_cli_prints_the_package_version(installed, tmp_path):
    exe, python = str(installed / "bin" / "summarizer"), str(installed / "bin" / "python")
    result = subprocess.run([exe, "--version"], cwd=tmp_path, capture_output=True, text=True, env=clean_env())
    installed_version = subprocess.run(
        [python, "-c", "import importlib.metadata as m; print(m.version('korean-post-summarizer'))"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
    ).stdout.strip()
    assert installed_version == __version__  # the wheel was built from this tree
    assert (result.returncode, result.stdout, result.stderr) == (0, f"summarizer {__version__}\n", "")


def test_installed_writes_what_the_checkout_writes_on_the_examples(installed, tmp_path):
    posts = tmp_path / "posts"
    strip_copy(EXAMPLES, posts)  # the posts only (not the folder's summarizer.toml), summaries removed
    run_both(installed, posts, tmp_path)


def test_installed_writes_what_the_checkout_writes_on_corpus_posts(installed, corpus_posts, tmp_path):
    posts = tmp_path / "posts"
    assert len(strip_copy(corpus_posts, posts, limit=CORPUS_POSTS)) == CORPUS_POSTS
    run_both(installed, posts, tmp_path, engines=[None])  # the default engine; every engine on the examples
