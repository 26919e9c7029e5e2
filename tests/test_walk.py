"""Finding posts (walk.py): a post name in a walked folder that is not a regular file is reported and counted
as when it is named on the command line, never opened; with typer's CliRunner."""

import json
import os
import socket

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.posts.site_find import site_at
from summarizer.posts.walk import discover, find_posts

from .conftest import GOLDEN

runner = CliRunner()
GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")


def run(*args):
    return runner.invoke(app, ["run", *map(str, args), "--engine", "lead"])


def make(kind: str, path) -> None:
    """A post name that is not a regular file: a FIFO, a socket, or a link to nothing, to itself or to a FIFO."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(os.path.relpath(path))  # relative: the absolute tmp path can pass the 108-byte limit
    elif kind == "dangling":
        path.symlink_to("nonexist.md")
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "link to fifo":
        os.mkfifo(path.parent / "pipe")
        path.symlink_to("pipe")


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path / "site"


# What each becomes when walked: the stderr line after `error: PATH: `, and the summary counts.
ODD = {
    "fifo": ("not a regular file", "0 failed, 1 invalid", 0),
    "socket": ("not a regular file", "0 failed, 1 invalid", 0),
    "link to fifo": ("not a regular file", "0 failed, 1 invalid", 0),
    "dangling": ("symbolic link to {target}, which does not exist", "1 failed, 0 invalid", 123),
    "loop": ("cannot read: Too many levels of symbolic links", "1 failed, 0 invalid", 123),
}


@pytest.mark.parametrize("kind", ODD)
def test_a_post_name_that_is_not_a_regular_file_is_reported_and_counted(site, kind):
    odd = site / "odd.md"
    make(kind, odd)
    why, counts, code = ODD[kind]
    why = why.format(target=site / "nonexist.md")
    result = run(site)
    assert result.exit_code == code, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {odd}: {why}"]
    assert f"1 changed, 0 unchanged, 0 skipped, {counts}" in result.stderr
    if code == 0:
        assert run(site, "--strict").exit_code == 123  # invalid, as other bad input is


@pytest.mark.parametrize("kind", ["fifo", "socket", "link to fifo"])
def test_walked_and_named_give_the_same_line(site, kind):
    make(kind, site / "odd.md")
    walked = [line for line in run(site).stderr.splitlines() if line.startswith("error: ")]
    named = run(site / "odd.md")
    assert named.exit_code == 0
    assert [line for line in named.stderr.splitlines() if line.startswith("error: ")] == walked
    assert "0 changed, 0 unchanged, 0 skipped, 0 failed, 1 invalid" in named.stderr


@pytest.mark.parametrize("name", ["fifo.txt", ".hidden.md", "_index.md", "README"])
def test_names_that_are_not_posts_stay_silent(site, name):
    os.mkfifo(site / name)
    result = run(site)
    assert result.exit_code == 0
    assert "error" not in result.stderr and "1 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr


def test_discover_lists_only_regular_files(site):
    """Its caller copies what it lists (corpus.strip_copy): a FIFO would block it, a device never end."""
    make("fifo", site / "odd.md")
    make("dangling", site / "gone.md")
    found = find_posts([site])
    assert found.files == [site / "good.md", site / "odd.md"]
    assert found.problems == [(site / "gone.md", f"symbolic link to {site / 'nonexist.md'}, which does not exist")]
    assert discover([site]) == [site / "good.md"]


def test_the_walk_never_enters_a_model_folder_train_wrote(tmp_path):
    """`summarizer train --output models/my-blog` writes a model card (README.md: YAML front matter, Korean text):
    a later run over a folder holding the model never summarizes it, nor (in a site) anything in models/."""
    card = "---\nlanguage: ko\nlibrary_name: summarizer\n---\n\n# 모델 카드\n\n이 모델은 블로그 글로 학습했습니다.\n"
    record = json.dumps({"command": "summarizer train _posts -o models/my-blog", "posts": {"train": 20}})
    for folder in (tmp_path / "models" / "my-blog", tmp_path / "stopped"):
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(card, encoding="utf-8")
    (tmp_path / "models" / "my-blog" / "training.json").write_text(record, encoding="utf-8")
    (tmp_path / "stopped" / ".summarizer-train").write_text("{}", encoding="utf-8")  # a stopped train
    (tmp_path / "models" / "notes.md").write_text(card, encoding="utf-8")
    (tmp_path / "a.md").write_text(card, encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_posts([tmp_path]).files] == ["a.md", "models/notes.md"]
    (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")  # in a site: never models/ either
    site_at.cache_clear()
    found = find_posts([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == ["a.md"]
