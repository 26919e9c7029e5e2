"""The project's pre-commit hook, driven by the real `pre-commit` tool in a temporary git repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import GOLDEN, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
NEW_POST = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")
DONE_POST = (GOLDEN / "existing_both.in.md").read_text(encoding="utf-8")
BROKEN_POST = "---\ntitle: 제목: 콜론\nexcerpt: \"닫히지 않음\n---\n본문입니다.\n"


def local_config(hook_id: str) -> dict:
    """The project's hook as a `repo: local` / `language: system` hook using the installed tool."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = dict(next(h for h in hooks if h["id"] == hook_id))
    exe = Path(sys.executable).parent / "summarizer"
    hook.update(language="system", entry=hook["entry"].replace("summarizer", str(exe), 1) + " --engine extractive")
    return {"repos": [{"repo": "local", "hooks": [hook]}]}


@pytest.fixture
def repo(tmp_path):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
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
    assert first.returncode == 1, first.stdout + first.stderr
    filled = post.read_text(encoding="utf-8")
    assert "excerpt: >" in filled and "feature_text: >" in filled
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
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local_config("summarize-posts-check")),
                                                  encoding="utf-8")
    post = site / "_posts" / "2024-07-02-new.md"
    post.write_text(NEW_POST, encoding="utf-8")
    sh("git", "add", "-A")
    result = pre_commit(sh)
    assert result.returncode == 1 and "would summarize" in result.stdout
    assert post.read_text(encoding="utf-8") == NEW_POST
