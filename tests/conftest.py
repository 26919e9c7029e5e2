"""Shared paths, helpers and fixtures of the tests.

Fixtures: `corpus_posts` (the shared corpus, unpacked once per session; a test that uses it is marked `corpus`
automatically and skips when the corpus is absent) and `example_docs` (every post under examples/ analysed by
Kiwi once per session); every test runs with `SUMMARIZER_CACHE` in a folder of the test session."""

import functools
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

if sys.version_info < (3, 11):  # test modules use the stdlib's tomllib (3.11+); on 3.10 it is tomli, a dependency
    import tomli

    sys.modules.setdefault("tomllib", tomli)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ROOT / "examples" / "posts"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
README = ROOT / "README.md"


def needs(module: str):
    """Skip a test when `module`, from the test extra (pip install -e '.[test]'), is not installed."""
    return pytest.mark.skipif(importlib.util.find_spec(module) is None, reason=f"needs {module} (the test extra)")


_NOISE = (".venv/", ".pytest_cache/", ".ruff_cache/", "build/")  # what running tests or tools leaves on purpose


def _checkout_state() -> set[str]:
    """Every entry of `git status` in the checkout, ignored files included, as (status, path) lines (empty
    outside a git checkout): a file a test leaves, edits or deletes changes it, even one .gitignore names."""
    import subprocess

    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--ignored", "--untracked-files=all", "-z"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    entries = listed.decode("utf-8", "surrogateescape").split("\0")
    return {
        e for e in entries if e and not e[3:].startswith(_NOISE) and "__pycache__/" not in e and ".egg-info/" not in e
    }


def pytest_sessionstart(session):
    session.config._checkout_before = _checkout_state()


def pytest_sessionfinish(session, exitstatus):
    """No test leaves, edits or removes a file in the checkout (a run given the example settings with --config
    once wrote its lock file into examples/posts): the suite fails, naming the entries."""
    new = sorted(_checkout_state() ^ getattr(session.config, "_checkout_before", set()))
    if new:
        session.config.get_terminal_writer().line(f"tests changed the checkout: {', '.join(new)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def analysis_cache_in_tmp(monkeypatch, tmp_path_factory):
    """Training (and any command it runs) keeps analyses on disk: in every test, a folder of the test session,
    never the user's own cache (subprocesses inherit it)."""
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path_factory.getbasetemp() / "analysis-cache"))


def pytest_collection_modifyitems(config, items):
    """The `corpus` marker follows the `corpus_posts` fixture: a test that uses the corpus gets the marker (so
    `-m "not corpus"` leaves it out), and a marked test that does not use it is an error (it would be skipped or
    deselected for no reason)."""
    for item in items:
        uses = "corpus_posts" in getattr(item, "fixturenames", ())
        if uses:
            item.add_marker(pytest.mark.corpus)
        elif item.get_closest_marker("corpus"):
            raise pytest.UsageError(f"{item.nodeid} is marked corpus but does not use the corpus_posts fixture")


@pytest.fixture(scope="session")
def corpus_posts(tmp_path_factory) -> Path:
    """The shared corpus unpacked once per session (skips when ../shared/corpus is absent). The only way a
    test reaches the corpus: /tmp/corpus (where the README unpacks it) may hold posts a run has edited."""
    archive = CORPUS / "koreanews-posts.tar.gz"
    if not archive.exists():
        pytest.skip("../shared/corpus is absent")
    target = tmp_path_factory.mktemp("corpus")
    shutil.unpack_archive(archive, target)
    return target / "_posts"


def copy_in(tmp_path: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        dst = tmp_path / name.replace(".in.md", ".md")
        shutil.copyfile(GOLDEN / name, dst)
        out.append(dst)
    return out


def readme_blocks(lang: str, containing: str = "") -> list[str]:
    """The README's fenced code blocks of one language (```sh, ```yaml) that contain `containing`, in order."""
    blocks = re.findall(rf"^```{lang}\n(.*?)^```$", README.read_text(encoding="utf-8"), re.M | re.S)
    return [b for b in blocks if containing in b]


@functools.cache
def example_paths() -> tuple[Path, ...]:
    """Every post under examples/ (Jekyll, Hugo and reference posts), in discovery order. No Kiwi: cheap enough
    for collection time (`@pytest.mark.parametrize("k", range(len(example_paths())))`)."""
    from summarizer.posts.walk import discover

    return tuple(discover([ROOT / "examples"]))


@pytest.fixture(scope="session")
def example_docs() -> list:
    """`example_paths()` as Documents (title and cleaned body, as a summarizer reads them), analysed by Kiwi once
    per session and shared by every test that asks: read them, do not change them."""
    from summarizer.posts import postfile
    from summarizer.text.documents import source_of
    from summarizer.text.kiwi import split_documents

    return split_documents([source_of(postfile.read(p)) for p in example_paths()])


def sentence(text: str):
    """`text`, which must be one sentence, as Kiwi splits it (a Sentence of a Document without title)."""
    from summarizer.text.kiwi import split_documents

    (doc,) = split_documents([("", [text])])
    assert len(doc.sentences) == 1, [s.text for s in doc.sentences]
    return doc.sentences[0]
