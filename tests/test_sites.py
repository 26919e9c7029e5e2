"""A Jekyll or Hugo site out of the box (issue 29): `summarizer run .` at a site's root with no config takes what
the site publishes and writes the one field its themes read; the config search stops at the site's or the
repository's root; one run serves posts of several sites, each with its own config."""

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from summarizer.app.config import find_config
from summarizer.app.sites import lock_root
from summarizer.cli import app
from summarizer.posts import postfile
from summarizer.posts.site_find import find_site, site_at
from summarizer.posts.walk import find_posts

from .conftest import GOLDEN, ROOT
from .helpers import clean_env

runner = CliRunner()
POST = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")  # YAML front matter, no summary
TOML_POST = (
    '+++\ntitle = "동네 도서관 주말 야간 개관"\n+++\n\n'
    "서울 마포구의 한 구립 도서관이 이번 달부터 토요일과 일요일에도 밤 10시까지 문을 연다. "
    "직장인과 학생들의 요청이 꾸준히 이어진 데 따른 조치다.\n"
)

LAYOUT = "---\nlayout: default\n---\n{{ content }}\n"


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def jekyll_site(root):
    """A Jekyll site as `jekyll new` and `bundle install --path vendor/bundle` leave it, with a collection."""
    write(
        root,
        {
            "_config.yml": "title: 블로그\ntheme: minima\nexclude:\n  - notes/\ncollections:\n"
            "  recipes:\n    output: true\n  staff:\n    output: false\n",
            ".gitignore": "_site/\n.jekyll-cache/\nvendor/\n*.bak.md\n",
            "Gemfile": "source 'https://rubygems.org'\n",
            "_posts/2024-07-02-library.md": POST,
            "_posts/2024-07-03-old.bak.md": POST,  # gitignored
            "_drafts/idea.md": POST,
            "_recipes/kimchi.md": POST,  # a collection with output: true
            "_staff/kim.md": POST,  # a collection without output
            "_layouts/post.html": LAYOUT,
            "_includes/head.html": "<head></head>\n",
            "vendor/bundle/ruby/3.2.0/gems/minima-2.5.1/_layouts/post.html": LAYOUT,
            "vendor/bundle/ruby/3.2.0/gems/minima-2.5.1/README.md": POST,
            "_site/2024/07/02/library.html": POST,
            "notes/todo.md": POST,  # excluded in _config.yml
            "index.html": "---\nlayout: home\n---\n",
            "about.markdown": "---\nlayout: page\ntitle: About\n---\n\n블로그 소개입니다.\n",
        },
    )
    return ["_drafts/idea.md", "_posts/2024-07-02-library.md", "_recipes/kimchi.md"]


def hugo_site(root):
    write(
        root,
        {
            "hugo.toml": 'baseURL = "https://example.org/"\nlanguageCode = "ko-kr"\ntheme = "x"\n',
            "content/posts/2024-07-02-library.md": POST,
            "content/posts/market/index.md": TOML_POST,
            "content/_index.md": "---\ntitle: 홈\n---\n",
            "themes/x/exampleSite/content/post/sample.md": POST,
            "themes/x/exampleSite/config.toml": 'baseURL = "https://example.com/"\n',
            "themes/x/layouts/_default/single.html": "{{ .Content }}\n",
            "archetypes/default.md": "---\ntitle: '{{ .Name }}'\n---\n",
            "layouts/partials/x.html": POST,
            "static/notes.md": POST,
            "public/posts/library/index.html": POST,
        },
    )
    return ["content/posts/2024-07-02-library.md", "content/posts/market/index.md"]


def snapshot(root) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def run_at(root, *args):
    """`summarizer run ARGS` as a user types it in `root` (a real process: the cwd is the site)."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "run", *args, "--engine", "lead"],
        cwd=root,
        env=clean_env(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("kind", ["jekyll", "hugo"])
def test_run_at_a_sites_root_changes_only_its_posts_with_the_one_field_it_reads(tmp_path, kind):
    site = tmp_path / "site"
    posts = (jekyll_site if kind == "jekyll" else hugo_site)(site)
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    before = snapshot(site)
    result = run_at(site, ".")
    assert result.returncode == 0, result.stderr
    after = snapshot(site)
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert changed == sorted([*posts, ".summarizer.lock"]), result.stderr
    field = "excerpt" if kind == "jekyll" else "summary"
    for rel in posts:
        meta = postfile.parse(after[rel].decode()).meta
        old = postfile.parse(before[rel].decode()).meta
        assert set(meta) - set(old) == {field}, rel
    assert "feature_text" not in result.stderr and "invalid" in result.stderr.splitlines()[-1]
    assert f"{len(posts)} changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr


def test_jekyll_pages_only_when_asked(tmp_path):
    site = tmp_path / "site"
    jekyll_site(site)
    (site / "about.markdown").write_text(POST, encoding="utf-8")
    found = find_posts([site])
    assert found.pages == {site / "about.markdown", site / "index.html"}
    result = run_at(site, ".", "--pages")
    assert "excerpt" in postfile.parse((site / "about.markdown").read_text(encoding="utf-8")).meta
    assert "index.html" in result.stderr  # a page without a body to summarize: reported, untouched
    (site / "summarizer.toml").write_text("pages = false\n", encoding="utf-8")
    assert "about.markdown" not in run_at(site, ".", "--force", "-v").stderr


def test_a_folder_the_site_does_not_publish_is_not_walked_but_a_file_named_is_taken(tmp_path):
    site = tmp_path / "site"
    jekyll_site(site)
    result = run_at(site, "_layouts", "vendor/bundle")
    assert result.returncode == 0
    assert "warning: _layouts: not walked: the Jekyll site" in result.stderr
    assert "leaves vendor/bundle out" in result.stderr
    assert "0 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr
    named = run_at(site, "notes/todo.md")  # excluded from the site, named: summarized
    assert named.returncode == 0 and "1 changed" in named.stderr


def test_hugo_theme_example_site_is_its_own_site_when_named(tmp_path):
    site = tmp_path / "site"
    hugo_site(site)
    assert "publishes posts from content/ only" in run_at(site, "themes").stderr
    example = site / "themes" / "x" / "exampleSite"
    assert find_site(example / "content").root == str(example)
    assert "1 changed" in run_at(site, "themes/x/exampleSite").stderr


def test_hugo_content_dir_and_languages(tmp_path):
    write(
        tmp_path,
        {
            "config.toml": 'baseURL = "x"\ncontentDir = "posts-ko"\n[languages.en]\ncontentDir = "posts-en"\n',
            "posts-ko/a.md": POST,
            "posts-en/b.md": POST,
            "content/c.md": POST,
        },
    )
    assert [p.name for p in find_posts([tmp_path]).files] == ["a.md", "b.md"]


def test_a_config_toml_without_hugo_keys_is_no_site(tmp_path):
    write(tmp_path, {"config.toml": "[tool]\nx = 1\n", "a.md": POST, "vendor/b.md": POST})
    assert find_site(tmp_path) is None
    assert [p.name for p in find_posts([tmp_path]).files] == ["a.md", "b.md"]  # a plain folder: as before


def test_a_stray_config_above_the_paths_outside_a_repository_makes_no_site_and_gets_no_lock(tmp_path, monkeypatch):
    """Outside a repository: a parent's `config.toml` with only `theme = "dark"` (no content folder) is no Hugo
    site; the search never climbs above the user's home nor past a folder holding a config that is no site's;
    and a lock file goes above the PATH only at the root of a site found on strong evidence."""
    write(tmp_path, {"home/config.toml": 'theme = "dark"\n', "home/notes/a.md": POST})
    notes = tmp_path / "home" / "notes"
    assert find_site(notes / "a.md") is None
    result = runner.invoke(app, ["run", str(notes / "a.md"), "--engine", "lead"])
    assert result.exit_code == 0 and "excerpt" in postfile.read(notes / "a.md").meta, result.stderr
    assert (notes / ".summarizer.lock").is_file() and not (tmp_path / "home" / ".summarizer.lock").exists()
    # A real Hugo site above: not past the stray config, not above the home folder.
    write(tmp_path, {"hugo.toml": 'baseURL = "x"\n', "content/x.md": POST, "me/notes/b.md": POST})
    site_at.cache_clear()  # read once per folder in a run
    assert find_site(notes) is None and find_site(tmp_path / "content").root == str(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert find_site(tmp_path / "me" / "notes") is None
    # A Jekyll `_config.yml` alone (no posts, layouts or Gemfile at its root) is a site, but gets no lock file.
    write(tmp_path, {"j/_config.yml": "title: x\n", "j/notes/_posts/c.md": POST})
    assert find_site(tmp_path / "j" / "notes").kind == "Jekyll"
    assert runner.invoke(app, ["run", str(tmp_path / "j" / "notes"), "--engine", "lead"]).exit_code == 0
    assert (tmp_path / "j" / "notes" / ".summarizer.lock").is_file() and not (
        tmp_path / "j" / ".summarizer.lock"
    ).exists()


def test_inside_a_repository_a_sites_config_alone_makes_the_site_and_its_lock_lies_at_its_root(tmp_path):
    """The strong-evidence rules are for folders outside a repository (review finding): inside one, a Hugo config
    with Hugo's keys is a site without a content/ folder (its content mounted), so its theme's exampleSite and
    archetypes are never walked as posts; and a Jekyll site of only a `_config.yml` (GitHub Pages' docs/ with a
    remote theme) keeps one lock file at its root whichever folder is named."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    mounts = 'baseURL = "https://example.org/"\n[[module.mounts]]\nsource = "posts"\ntarget = "content"\n'
    write(
        tmp_path,
        {
            "hugo/config.toml": mounts,
            "hugo/themes/t/exampleSite/content/post/a.md": POST,
            "hugo/archetypes/default.md": POST,
            "docs/_config.yml": "remote_theme: pages-themes/cayman\n",
            "docs/guides/a.md": POST,
        },
    )
    site_at.cache_clear()
    assert find_site(tmp_path / "hugo").kind == "Hugo"
    assert find_posts([tmp_path / "hugo"]).files == []
    site = find_site(tmp_path / "docs" / "guides")
    assert site.kind == "Jekyll" and not site.strong
    docs = os.path.realpath(tmp_path / "docs")
    assert lock_root(site, None, tmp_path / "docs") == lock_root(site, None, tmp_path / "docs" / "guides") == docs


def test_gitignore_of_the_repository_applies_below_a_path_named(tmp_path):
    write(
        tmp_path,
        {
            ".gitignore": "build/\n/top.md\n*.tmp.md\n!keep.tmp.md\n",
            "posts/.gitignore": "secret/\n",
            "posts/a.md": POST,
            "posts/b.tmp.md": POST,
            "posts/keep.tmp.md": POST,
            "posts/top.md": POST,  # /top.md is anchored at the root: this one stays
            "posts/build/c.md": POST,
            "posts/secret/d.md": POST,
            "top.md": POST,
        },
    )
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "info").mkdir()
    (tmp_path / ".git" / "info" / "exclude").write_text("keep.tmp.md\n", encoding="utf-8")
    names = [str(p.relative_to(tmp_path)) for p in find_posts([tmp_path / "posts"]).files]
    assert names == ["posts/a.md", "posts/keep.tmp.md", "posts/top.md"]  # .gitignore's ! comes after info/exclude
    assert [p.name for p in find_posts([tmp_path]).files] == ["a.md", "keep.tmp.md", "top.md"]
    assert find_posts([tmp_path / "posts" / "build"]).files == [tmp_path / "posts" / "build" / "c.md"]  # named


def test_a_path_that_is_a_link_into_a_repository_is_read_as_its_target(tmp_path):
    """A PATH that is a symbolic link into a repository (or lies under one) lost the repository: its .gitignore
    was not applied and the lock file went into the folder named (hostile tester). The repository, its rules and
    the lock file are those of the target's real location; the posts keep the paths as named."""
    repo = tmp_path / "G1"
    write(repo, {".gitignore": "posts/private/\n", "posts/a.md": POST, "posts/private/secret.md": POST})
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    link, above = tmp_path / "plink", tmp_path / "glink"
    link.symlink_to(repo / "posts", target_is_directory=True)
    above.symlink_to(repo, target_is_directory=True)
    site_at.cache_clear()
    assert find_posts([link]).files == [link / "a.md"]
    assert find_posts([above / "posts"]).files == [above / "posts" / "a.md"]
    result = runner.invoke(app, ["run", str(link), "--engine", "lead"])
    assert result.exit_code == 0, result.stderr
    assert "1 changed" in result.stderr and "secret" not in result.stderr
    assert (repo / ".summarizer.lock").is_file() and not (repo / "posts" / ".summarizer.lock").exists()
    assert "excerpt" not in postfile.read(repo / "posts" / "private" / "secret.md").meta


def test_toml_front_matter_outside_a_site_gets_summary(tmp_path):
    write(tmp_path, {"a.md": TOML_POST, "b.md": POST})
    result = runner.invoke(app, ["run", str(tmp_path), "--engine", "lead"])
    assert result.exit_code == 0, result.stderr
    assert "summary" in postfile.read(tmp_path / "a.md").meta and "excerpt" in postfile.read(tmp_path / "b.md").meta


# --- issue 26, item 2: a config above the site --------------------------------------------------------------


def test_a_config_above_the_repository_or_the_site_is_never_applied(tmp_path):
    """A summarizer.toml in a parent folder that names the title and the layout, with force, once replaced every
    post's title and layout; a broken pyproject.toml there stopped every run (exit 2)."""
    (tmp_path / "summarizer.toml").write_text(
        'excerpt_field = "title"\nfeature_field = "layout"\nforce = true\n', encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text("[project\nbroken = \n", encoding="utf-8")
    for name, marker in (("repo", ".git"), ("site", "_config.yml")):
        root = tmp_path / name
        write(root, {"_posts/a.md": POST, marker + ("/HEAD" if marker == ".git" else ""): "title: x\n"})
        assert find_config(root / "_posts") is None
        before = (root / "_posts" / "a.md").read_text(encoding="utf-8")
        result = runner.invoke(app, ["run", str(root / "_posts"), "--engine", "lead", "-v"])
        assert result.exit_code == 0, result.stderr
        meta = postfile.read(root / "_posts" / "a.md").meta
        assert meta["title"] == postfile.parse(before).meta["title"] and "layout" not in meta
        assert "no config file (defaults)" in result.stderr


def test_the_config_used_is_named_with_verbose_and_check(tmp_path):
    write(
        tmp_path,
        {"site/_config.yml": "title: x\n", "site/_posts/a.md": POST, "site/summarizer.toml": "max_chars = 90\n"},
    )
    config = tmp_path / "site" / "summarizer.toml"
    for flag in ("-v", "--check"):
        result = runner.invoke(app, ["run", str(tmp_path / "site"), "--engine", "lead", flag])
        line = f"1 post: config {config}; Jekyll site {tmp_path / 'site'}; writes excerpt"
        assert line in result.stderr.splitlines(), result.stderr
    assert f"config {config}" not in runner.invoke(app, ["run", str(tmp_path / "site"), "--engine", "lead"]).stderr


def test_a_broken_pyproject_of_another_tool_is_not_ours(tmp_path):
    write(tmp_path, {"pyproject.toml": "[tool.black\n", "a.md": POST})
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("[tool.summarizer\nmax_chars = 90\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(tmp_path), "--engine", "lead"]).exit_code == 2


# --- issue 26, item 17: the hook across two sites ----------------------------------------------------------


def test_files_of_two_sites_are_summarized_each_with_its_sites_config_in_one_run(tmp_path):
    """What pre-commit passes for one commit touching posts of two sites: each post gets its own site's config
    (it was 'the PATHs have different config files ...; run once per site', exit 2)."""
    write(
        tmp_path,
        {
            "a/_config.yml": "title: a\n",
            "a/summarizer.toml": 'excerpt_field = "description"\n',
            "a/_posts/x.md": POST,
            "b/hugo.toml": 'baseURL = "x"\n',
            "b/summarizer.toml": "max_chars = 60\n",
            "b/content/posts/y.md": POST,
        },
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run_at(tmp_path, "a/_posts/x.md", "b/content/posts/y.md")
    assert result.returncode == 0, result.stderr
    a = postfile.read(tmp_path / "a/_posts/x.md").meta
    b = postfile.read(tmp_path / "b/content/posts/y.md").meta
    assert "description" in a and "excerpt" not in a and "summary" not in a
    assert "summary" in b and len(b["summary"]) <= 60 and "excerpt" not in b
    assert "2 changed" in result.stderr
    assert (tmp_path / "a" / ".summarizer.lock").is_file() and (tmp_path / "b" / ".summarizer.lock").is_file()
    # --config given: it applies to every PATH (each site still writes the field its themes read)
    (tmp_path / "one.toml").write_text("max_chars = 60\nforce = true\n", encoding="utf-8")
    again = run_at(tmp_path, "a/_posts/x.md", "b/content/posts/y.md", "--config", "one.toml")
    assert again.returncode == 0, again.stderr
    assert "excerpt" in postfile.read(tmp_path / "a/_posts/x.md").meta


# --- issue 26, item 14: a deep tree ------------------------------------------------------------------------


def remove_deep(top) -> None:
    """Remove a tree of nested "d" folders bottom-up (shutil.rmtree, as pytest's clean-up uses it, recurses)."""
    if not top.exists():
        return
    folders = [top]
    while (folders[-1] / "d").is_dir():
        folders.append(folders[-1] / "d")
    for folder in reversed(folders):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


@pytest.fixture
def deep_tree(tmp_path):
    deep = tmp_path
    for _ in range(1100):  # Path.mkdir(parents=True) itself recurses
        deep = deep / "d"
        deep.mkdir()
    yield deep
    remove_deep(tmp_path / "d")


def test_a_tree_a_thousand_folders_deep_is_walked_and_evaluated(tmp_path, deep_tree, monkeypatch):
    """It ended in 'internal error: RecursionError' with 0 posts processed, and eval printed a traceback."""
    deep = deep_tree
    (deep / "a.md").write_text(POST.replace("---\n\n", "excerpt: 사람이 쓴 요약입니다.\n---\n\n", 1), encoding="utf-8")
    (deep / "b.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", "d", "--engine", "lead"])
    assert result.exit_code == 0, result.stderr
    assert "1 changed, 0 unchanged, 1 skipped, 0 failed, 0 invalid" in result.stderr
    evaluated = runner.invoke(app, ["eval", "d", "--engines", "lead"])
    assert evaluated.exit_code == 0 and "Traceback" not in evaluated.stderr + evaluated.stdout
    assert "1 post has a reference" in evaluated.stderr


def test_a_broken_site_config_is_one_warning_and_the_sites_defaults(tmp_path):
    write(tmp_path, {"_config.yml": "title: [broken\n", "_posts/a.md": POST, "_layouts/x.html": POST})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = run_at(tmp_path, ".")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "_config.yml: cannot read it (" in warnings[0]
    assert "1 changed" in result.stderr and "excerpt" in postfile.read(tmp_path / "_posts" / "a.md").meta
