"""The project's pre-commit hooks, driven by the real `pre-commit` tool in a temporary git repository.

Most tests run the hook as a `repo: local` / `language: system` hook on the installed tool (fast); the README's
two snippets are read from README.md itself and checked, the local one in a real `git commit`. The
`language: python` repository hook is also built for real, as a site would use it: pre-commit clones a
repository of this working tree and pip-installs it (not editable) into its own environment, from this
machine's configured indexes, with torch held to the CPU build by a pip constraint.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from summarizer import __version__
from summarizer.app.config import KEY_VERSIONS, version_key

from .conftest import GOLDEN, README, ROOT, needs, readme_blocks
from .helpers import GIT_IDENTITY, clean_env, tree_copy

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="needs git"), needs("pre_commit")]
NEW_POST = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")
DONE_POST = (GOLDEN / "existing_both.in.md").read_text(encoding="utf-8")
BROKEN_POST = '---\ntitle: 제목: 콜론\nexcerpt: "닫히지 않음\n---\n본문입니다.\n'


def local_config(hook_id: str) -> dict:
    """The project's hook as a `repo: local` / `language: system` hook using the installed tool."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = dict(next(h for h in hooks if h["id"] == hook_id))
    exe = Path(sys.executable).parent / "summarizer"
    hook.update(language="system", entry=hook["entry"].replace("summarizer", str(exe), 1) + " --engine extractive")
    return {"repos": [{"repo": "local", "hooks": [hook]}]}


@pytest.fixture
def repo(tmp_path):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), **GIT_IDENTITY}
    site = tmp_path / "site"
    site.mkdir()

    def sh(*args, check=True):
        return subprocess.run(args, cwd=site, env=env, capture_output=True, text=True, check=check)

    sh("git", "init", "-q")
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local_config("summarize-posts")), encoding="utf-8")
    (site / "_posts").mkdir()
    sh("git", "add", ".pre-commit-config.yaml")
    return site, sh


def pre_commit(sh):
    return sh(sys.executable, "-m", "pre_commit", "run", "--color", "never", check=False)


def test_new_post_is_filled_then_passes(repo):
    site, sh = repo
    post = site / "_posts" / "2024-07-02-new.md"
    post.write_text(NEW_POST, encoding="utf-8")
    sh("git", "add", "-A")
    first = pre_commit(sh)
    # The hook itself succeeds (it wrote the post, nothing failed); pre-commit fails because a file changed.
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout, first.stdout + first.stderr
    assert "- exit code:" not in first.stdout, first.stdout
    filled = post.read_text(encoding="utf-8")
    assert "excerpt: >" in filled and "feature_text" not in filled  # one field: the one Jekyll themes read
    sh("git", "add", "-A")
    second = pre_commit(sh)
    assert second.returncode == 0, second.stdout
    assert post.read_text(encoding="utf-8") == filled


def test_post_with_summaries_is_untouched(repo):
    site, sh = repo
    post = site / "_posts" / "2024-07-02-done.md"
    post.write_text(DONE_POST, encoding="utf-8")
    sh("git", "add", "-A")
    result = pre_commit(sh)
    assert result.returncode == 0, result.stdout
    assert post.read_text(encoding="utf-8") == DONE_POST


def test_broken_post_is_reported_and_untouched(repo):
    site, sh = repo
    post = site / "_posts" / "2024-07-02-broken.md"
    post.write_text(BROKEN_POST, encoding="utf-8")
    sh("git", "add", "-A")
    result = pre_commit(sh)
    assert result.returncode != 0
    assert "broken YAML" in result.stdout and "2024-07-02-broken.md" in result.stdout
    assert post.read_text(encoding="utf-8") == BROKEN_POST


def test_files_outside_posts_are_not_touched(repo):
    site, sh = repo
    (site / "README.md").write_text("# 사이트\n", encoding="utf-8")
    sh("git", "add", "-A")
    result = pre_commit(sh)
    assert result.returncode == 0 and "no files to check" in result.stdout.lower()


def test_check_variant_reports_missing_summaries(repo):
    site, sh = repo
    (site / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(local_config("summarize-posts-check")), encoding="utf-8"
    )
    post = site / "_posts" / "2024-07-02-new.md"
    post.write_text(NEW_POST, encoding="utf-8")
    sh("git", "add", "-A")
    result = pre_commit(sh)
    assert result.returncode == 1 and "would summarize" in result.stdout
    assert post.read_text(encoding="utf-8") == NEW_POST


# --- the repository hook (`language: python`), built by pre-commit itself ---------------------------------

CPU_TORCH = "torch==2.13.0"  # the CPU build on this machine's disk; a bare `torch` would pull the CUDA one
OLD_VERSION = "0.1.0"  # a release before the `pages` setting (config.KEY_VERSIONS)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A git repository of this working tree (a clone holds only commits) and a shared PRE_COMMIT_HOME, so
    the hook environment is built once for this module. pre-commit's store and virtualenv's app data live
    under the temp folder, so the environment is built afresh; pip keeps its own cache, as it does for a site
    that installs the hook (downloads, and the wheel it builds from kiwipiepy_model's 88 MB sdist, are reused:
    about 60 s on a cold cache here, half that on a warm one)."""
    tmp = tmp_path_factory.mktemp("hookrepo")
    source = tree_copy(tmp / "summarizer-repo")
    (tmp / "constraints.txt").write_text(CPU_TORCH + "\n", encoding="utf-8")
    env = clean_env(
        PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
        PIP_CONSTRAINT=str(tmp / "constraints.txt"),
        PIP_NO_INPUT="1",
        VIRTUALENV_OVERRIDE_APP_DATA=str(tmp / "virtualenv-data"),
        **GIT_IDENTITY,
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "working tree"], ["tag", f"v{__version__}"]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True, capture_output=True)
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    # An older release, for a site whose hook fell behind its config: this tree labelled 0.1.0 (tag v0.1.0).
    init = source / "summarizer" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(__version__, OLD_VERSION), encoding="utf-8")
    for args in (["commit", "-q", "-am", "an older release"], ["tag", f"v{OLD_VERSION}"], ["checkout", "-q", rev]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True, capture_output=True)
    return source, f"v{__version__}", env  # the tag, as the README pins it: one hook environment for the module


def stage_new_post(site, sh) -> Path:
    post = site / "_posts" / "2024-07-02-new.md"
    post.write_text(NEW_POST, encoding="utf-8")
    sh("git", "add", "-A")
    return post


def repository_site(tmp_path, hook_repo, hook_id: str):
    source, rev, env = hook_repo
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    config = {"repos": [{"repo": str(source), "rev": rev, "hooks": [{"id": hook_id}]}]}
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    def sh(*args, check=True):
        return subprocess.run(args, cwd=site, env=env, capture_output=True, text=True, check=check)

    sh("git", "init", "-q")
    return site, sh


@pytest.mark.slow
def test_repository_hook_fills_a_new_post_like_the_checkout(tmp_path, hook_repo):
    site, sh = repository_site(tmp_path, hook_repo, "summarize-posts")
    post = stage_new_post(site, sh)
    first = pre_commit(sh)  # builds the hook environment: pip install of the clone (no torch needed)
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout, first.stdout + first.stderr
    assert "- exit code:" not in first.stdout, first.stdout  # the hook succeeded; the modified file fails it
    filled = post.read_text(encoding="utf-8")
    assert "excerpt: >" in filled and "feature_text" not in filled

    # The same bytes as the checkout's default engine: the hook environment found the shipped model.
    expected = tmp_path / "checkout" / "_posts" / post.name
    expected.parent.mkdir(parents=True)
    expected.write_text(NEW_POST, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "summarizer", "run", "--strict", "--quiet", str(expected)],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
    )
    assert filled == expected.read_text(encoding="utf-8")

    # The environment is a real install (not this checkout), and light: summarizing needs no torch, so
    # neither a CPU nor a multi-GB CUDA build of it is installed there.
    home = Path(hook_repo[2]["PRE_COMMIT_HOME"])
    (python,) = home.glob("repo*/py_env-*/bin/python")
    probe = (
        "import importlib.util, summarizer, summarizer.engines as e; "
        "print(summarizer.__file__, importlib.util.find_spec('torch') is None, e.default_engine())"
    )
    where, no_torch, engine = subprocess.run(
        [str(python), "-c", probe], check=True, capture_output=True, text=True, env=clean_env(), cwd=tmp_path
    ).stdout.split()
    from summarizer import engines

    assert where.startswith(str(home)) and engine == engines.default_engine(), (where, engine)
    assert no_torch == "True"

    sh("git", "add", "-A")
    second = pre_commit(sh)
    assert second.returncode == 0, second.stdout + second.stderr
    assert post.read_text(encoding="utf-8") == filled


@pytest.mark.slow
def test_repository_check_hook_reports_missing_summaries(tmp_path, hook_repo):
    site, sh = repository_site(tmp_path, hook_repo, "summarize-posts-check")
    post = stage_new_post(site, sh)
    result = pre_commit(sh)  # same repository and dependencies: the environment built above is reused
    assert result.returncode == 1 and "would summarize" in result.stdout, result.stdout + result.stderr
    assert post.read_text(encoding="utf-8") == NEW_POST


@pytest.mark.parametrize(
    "path, matched",
    [
        ("_posts/2024-07-02-a.md", True),
        ("_drafts/idea.md", True),
        ("site/content/posts/market/index.md", True),
        ("content/_index.md", False),
        ("content/posts/_index.md", False),  # Hugo section pages
        ("README.md", False),
        ("_site/2024/07/02/a.html", False),
        ("docs/guide.md", False),
    ],
)
def test_hook_files_pattern_covers_jekyll_and_hugo_posts(path, matched):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all((bool(re.search(h["files"], path)) and not re.search(h["exclude"], path)) is matched for h in hooks)


# --- the README's snippets, as a site would paste them ----------------------------------------------------


def manifest() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_readme_local_snippet_is_the_manifests_hook():
    (snippet,) = readme_blocks("yaml", "repo: local")
    (hook,) = yaml.safe_load(snippet)["repos"][0]["hooks"]
    listed = manifest()[hook["id"]]
    for key in ("entry", "files", "exclude", "require_serial"):
        assert hook[key] == listed[key], key


def test_readme_local_snippet_in_a_real_commit_leaves_hugo_section_pages_alone(tmp_path):
    """The README's local snippet pasted as it is into a small Hugo site, installed as the git hook: `git commit`
    fills the new posts' `summary` and fails because the hook modified them; `content/_index.md` (a section
    page) stays as it was. After `git add`, the same commit goes through."""
    (snippet,) = readme_blocks("yaml", "repo: local")
    site = tmp_path / "site"
    shutil.copytree(ROOT / "examples" / "hugo", site)
    (site / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        **GIT_IDENTITY,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }  # `summarizer`

    def run(*args):
        result = subprocess.run(args, cwd=site, env=env, capture_output=True, text=True)
        return result.returncode, result.stdout + result.stderr

    run("git", "init", "-q")
    assert run(sys.executable, "-m", "pre_commit", "install")[0] == 0
    section, posts = (
        "content/_index.md",
        ["content/posts/2024-07-20-river-festival.md", "content/posts/night-market/index.md"],
    )
    before = {rel: (site / rel).read_bytes() for rel in [section, *posts]}
    run("git", "add", "-A")
    code, out = run("git", "commit", "-q", "-m", "new posts")
    assert code == 1 and "files were modified by this hook" in out and "- exit code:" not in out, out
    assert (site / section).read_bytes() == before[section]
    for rel in posts:
        assert b"summary" in (site / rel).read_bytes() and b"summary" not in before[rel], rel
    run("git", "add", "-A")
    code, out = run("git", "commit", "-q", "-m", "new posts")
    assert code == 0, out
    assert run("git", "status", "--porcelain") == (0, "")
    assert run("git", "show", f"HEAD:{section}")[1].encode() == before[section]


def test_readme_repository_snippet_pins_the_current_version(tmp_path):
    """As pasted, with only `REPO_URL` replaced as the README says: `rev:` is the tag of this version
    (`v` + summarizer.__version__, which moves with every user-visible change), so the hook a reader pins is the
    one the README describes; its hooks are the manifest's, and pre-commit accepts the config."""
    (snippet,) = readme_blocks("yaml", "rev:")
    (repo,) = yaml.safe_load(snippet)["repos"]
    assert repo["repo"] == "REPO_URL" and "Replace `REPO_URL` with" in README.read_text(encoding="utf-8")
    assert str(repo["rev"]) == f"v{__version__}"
    assert {h["id"] for h in repo["hooks"]} <= set(manifest())
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet.replace("REPO_URL", str(ROOT)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_config_block_holds_only_settings_of_this_version(tmp_path):
    """The config block pasted as a site's summarizer.toml loads, every key in it is a setting of this version,
    and any model it names is one that exists wherever the tool is installed (none: a comment)."""
    from summarizer.app.config import load_settings

    (block,) = readme_blocks("toml", "pages =")
    path = tmp_path / "summarizer.toml"
    path.write_text(block, encoding="utf-8")
    settings = load_settings(path)
    keys = {line.split("=")[0].strip() for line in block.splitlines() if re.match(r"[a-z_]+ *=", line)}
    assert keys and keys <= set(KEY_VERSIONS), keys - set(KEY_VERSIONS)
    assert settings.model is None  # "models/koreanews-small" existed only in a checkout


def test_every_setting_has_a_version_and_none_is_newer_than_this_one():
    from dataclasses import fields

    from summarizer.app.config import Settings

    assert {f.name for f in fields(Settings)} - {"origins"} == set(KEY_VERSIONS)
    assert max(map(version_key, KEY_VERSIONS.values())) <= version_key(__version__)


def test_hook_names_say_which_field_they_fill():
    hooks = manifest()
    assert hooks["summarize-posts"]["name"] == "summarize posts (fill the summary field)"
    assert "feature_text" not in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


JEKYLL_POST = NEW_POST


@pytest.mark.slow
def test_readme_snippet_and_config_pasted_into_a_site_commit_a_post_and_a_newer_key_asks_for_an_update(
    tmp_path, hook_repo
):
    """A made-up Jekyll site with the README's hook snippet (REPO_URL replaced, rev as printed) and config block:
    committing a post fills its excerpt (the commit fails once, as a formatter's does, then goes through). A site
    whose hook is older than a key of its config is told to update the hook, not that the key is unknown."""
    source, _, env = hook_repo
    (snippet,) = readme_blocks("yaml", "rev:")
    (block,) = readme_blocks("toml", "pages =")
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: 블로그\n", encoding="utf-8")
    (site / ".pre-commit-config.yaml").write_text(snippet.replace("REPO_URL", str(source)), encoding="utf-8")
    (site / "summarizer.toml").write_text(block, encoding="utf-8")

    def sh(*args):
        result = subprocess.run(args, cwd=site, env=env, capture_output=True, text=True)
        return result.returncode, result.stdout + result.stderr

    sh("git", "init", "-q")
    assert sh(sys.executable, "-m", "pre_commit", "install")[0] == 0
    post = site / "_posts" / "2024-07-02-new.md"
    post.write_text(JEKYLL_POST, encoding="utf-8")
    sh("git", "add", "-A")
    code, out = sh("git", "commit", "-q", "-m", "a post")
    assert code == 1 and "files were modified by this hook" in out and "- exit code:" not in out, out
    assert "summarize posts (fill the summary field)" in out
    filled = post.read_text(encoding="utf-8")
    assert "excerpt: >" in filled and "feature_text" not in filled
    assert (site / ".summarizer.lock").is_file()
    sh("git", "add", "-A")
    code, out = sh("git", "commit", "-q", "-m", "a post")
    assert code == 0, out

    # The same site pinned to an older release: the config's `pages` is newer than that hook.
    older = snippet.replace("REPO_URL", str(source)).replace(f"v{__version__}", f"v{OLD_VERSION}")
    (site / ".pre-commit-config.yaml").write_text(older, encoding="utf-8")
    (site / "_posts" / "2024-07-03-next.md").write_text(JEKYLL_POST, encoding="utf-8")
    sh("git", "add", "-A")
    code, out = sh("git", "commit", "-q", "-m", "next post")
    assert code == 1 and "unknown setting" not in out, out
    needs = KEY_VERSIONS["pages"]
    assert f"pages needs summarizer {needs} or newer (this is {OLD_VERSION}): update the pre-commit hook" in out
