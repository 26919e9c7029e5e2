"""A small Hugo site end to end: TOML and JSON front matter, summary fields named by the site."""

import json
import shutil

import pytest
import tomllib
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.posts import postfile
from summarizer.posts.walk import find_posts

from .conftest import ROOT

HUGO = ROOT / "examples" / "hugo"
TOML_POST = "content/posts/2024-07-20-river-festival.md"
JSON_POST = "content/posts/night-market/index.md"
SECTION = "content/_index.md"


def front_matter(path):
    post = postfile.read(path)
    return post.format, dict(post.meta), post.body


@pytest.fixture
def site(tmp_path):
    dst = tmp_path / "site"
    shutil.copytree(HUGO, dst)
    return dst


def run(*args):
    return CliRunner().invoke(app, ["run", *map(str, args), "--engine", "lead"])


def check(site, before_text):
    toml_text = (site / TOML_POST).read_text(encoding="utf-8")
    old_fm, new_fm = before_text[TOML_POST].split("+++")[1], toml_text.split("+++")[1]
    old, new = tomllib.loads(old_fm), tomllib.loads(new_fm)
    assert new.pop("summary") and new == old
    added = [line for line in new_fm.splitlines() if line not in old_fm.splitlines()]
    assert len(added) == 1 and added[0].startswith("summary = ")
    assert [line for line in new_fm.splitlines() if line != added[0]] == old_fm.splitlines()
    old_json = json.loads(before_text[JSON_POST].split("\n}\n")[0] + "}")
    new_json = json.loads((site / JSON_POST).read_text(encoding="utf-8").split("\n}\n")[0] + "}")
    assert new_json.pop("summary") and new_json == old_json and list(new_json) == list(old_json)
    for rel in (TOML_POST, JSON_POST):
        assert front_matter(site / rel)[2] == postfile.parse(before_text[rel]).body  # body byte-identical
        assert "feature_text" not in front_matter(site / rel)[1]
    assert (site / SECTION).read_text(encoding="utf-8") == before_text[SECTION]


@pytest.mark.parametrize("flags", [["--excerpt-field", "summary", "--feature-field", ""], []])
def test_hugo_site_gets_summaries_and_nothing_else_changes(site, flags):
    if flags:
        (site / "summarizer.toml").unlink()  # the flags alone
    before = {rel: (site / rel).read_text(encoding="utf-8") for rel in (TOML_POST, JSON_POST, SECTION)}
    first = run(site / "content", *flags)
    assert first.exit_code == 0, first.output  # posts written, none failed
    assert "2 changed" in first.output
    check(site, before)
    after = {rel: (site / rel).read_bytes() for rel in (TOML_POST, JSON_POST)}
    second = run(site / "content", *flags)
    assert second.exit_code == 0, second.output
    assert {rel: (site / rel).read_bytes() for rel in (TOML_POST, JSON_POST)} == after


def test_formats_are_detected_from_the_first_line(site):
    assert front_matter(site / TOML_POST)[0] == "toml" and front_matter(site / JSON_POST)[0] == "json"


@pytest.mark.parametrize("how", ["contentDir", "link"])
def test_clean_never_removes_temp_files_outside_the_paths_through_a_content_folder(tmp_path, how):
    """`contentDir = "../outside"` or a `content` link out of the site: the folder is not walked (a note), its
    posts are not touched and its `.summarizer-XXXXXXXX.tmp` files are neither reported nor removed by --clean."""
    outside = tmp_path / "outside"
    outside.mkdir()
    post = (HUGO / TOML_POST).read_text(encoding="utf-8")
    (outside / "a.md").write_text(post, encoding="utf-8")
    temp = outside / ".summarizer-0123abcd.tmp"
    temp.write_text("someone else's", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    if how == "contentDir":
        (site / "hugo.toml").write_text('baseURL = "x"\ncontentDir = "../outside"\n', encoding="utf-8")
    else:
        (site / "hugo.toml").write_text('baseURL = "x"\n', encoding="utf-8")
        (site / "content").symlink_to(outside)
    result = run(site, "--clean")
    assert result.exit_code == 0, result.stderr
    assert temp.read_text(encoding="utf-8") == "someone else's" and "0123abcd" not in result.stderr
    assert "outside the PATHs given; not walked" in result.stderr
    assert (outside / "a.md").read_text(encoding="utf-8") == post


def test_content_dir_at_the_sites_root_never_walks_themes_layouts_or_public(tmp_path):
    """`contentDir = "."`: the site's root is its content folder, but never Hugo's own folders (a theme's
    exampleSite, layouts/, public/, static/, ...) nor the publishDir."""
    post = (HUGO / TOML_POST).read_text(encoding="utf-8")
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "x"\ncontentDir = "."\npublishDir = "docs"\n', encoding="utf-8")
    (site / "posts" / "mine.md").write_text(post, encoding="utf-8")
    for rel in (
        "themes/paper/exampleSite/content/post/demo.md",
        "layouts/snippet.md",
        "public/posts/x/index.html",
        "static/notes.md",
        "archetypes/default.md",
        "docs/posts/index.html",
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(post, encoding="utf-8")
    assert [p.relative_to(site).as_posix() for p in find_posts([site]).files] == ["posts/mine.md"]
    assert [p.name for p in find_posts([site / "posts"]).files] == ["mine.md"]
    result = run(site, "--check")
    assert result.exit_code == 1 and "1 would change" in result.stderr, result.stderr
    assert "not walked" in run(site / "layouts", "--check").stderr


def test_hugos_folders_moved_by_settings_vendored_modules_and_mounted_content_are_never_posts(tmp_path):
    """A hostile tester: with `contentDir = "."`, `themesDir = "mythemes"` and `layoutDir = "mylayouts"` sent the
    walk into the theme's exampleSite, the layouts and `_vendor/`; and outside a repository a config.toml with
    Hugo's keys and content mounted from another folder (no content/) was no site, so the whole folder, the theme
    included, was walked as plain posts."""
    post = (HUGO / TOML_POST).read_text(encoding="utf-8")
    site = tmp_path / "site"
    settings = 'baseURL = "x"\ncontentDir = "."\nthemesDir = "mythemes"\nlayoutDir = "mylayouts"\n'
    (site / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text(settings, encoding="utf-8")
    for rel in ("posts/mine.md", "mythemes/t/exampleSite/content/p.md", "mylayouts/p.md", "_vendor/x/theme/p.md"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(post, encoding="utf-8")
    assert [p.relative_to(site).as_posix() for p in find_posts([site]).files] == ["posts/mine.md"]
    mounted = tmp_path / "mounted"
    (mounted / "posts").mkdir(parents=True)
    (mounted / "themes" / "t" / "exampleSite" / "content").mkdir(parents=True)
    mounts = 'baseURL = "x"\ntheme = "t"\n[module]\n[[module.mounts]]\nsource = "posts"\ntarget = "content"\n'
    (mounted / "config.toml").write_text(mounts, encoding="utf-8")
    (mounted / "posts" / "a.md").write_text(post, encoding="utf-8")
    (mounted / "themes" / "t" / "exampleSite" / "content" / "demo.md").write_text(post, encoding="utf-8")
    assert (
        find_posts([mounted]).files == []
    )  # a Hugo site: its content folder is mounted (not followed), never its theme
