"""CLI: exit codes, bad inputs, --check/--diff/--force, config files, with typer's CliRunner."""

import os
import shutil
import stat

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

from .conftest import EXAMPLES, GOLDEN

runner = CliRunner()
GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")


def run(*args):
    return runner.invoke(app, ["run", *map(str, args), "--engine", "extractive"])


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "_posts" / "b.markdown").write_text(GOOD.replace("동네", "우리 동네"), encoding="utf-8")
    return tmp_path


def test_run_changes_then_nothing_to_do(site):
    first = run(site)
    assert first.exit_code == 1, first.output
    assert "2 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in first.stderr
    second = run(site)
    assert second.exit_code == 0
    assert "0 changed, 0 unchanged, 2 skipped, 0 failed, 0 invalid" in second.stderr


def test_force_rewrites_same_summary_as_unchanged(site):
    run(site)
    again = run(site, "--force")
    assert again.exit_code == 0
    assert "0 changed, 2 unchanged" in again.stderr


def test_check_writes_nothing_and_exits_1(site):
    before = (site / "_posts" / "a.md").read_bytes()
    result = run(site, "--check")
    assert result.exit_code == 1
    assert "2 would change" in result.stderr
    assert (site / "_posts" / "a.md").read_bytes() == before


def test_diff_prints_change_and_writes_nothing(site):
    before = (site / "_posts" / "a.md").read_bytes()
    result = run(site / "_posts" / "a.md", "--diff")
    assert result.exit_code == 1
    assert "+excerpt: >" in result.stdout and "+feature_text: >" in result.stdout
    assert (site / "_posts" / "a.md").read_bytes() == before


def test_hidden_and_other_files_are_ignored(site):
    (site / "_posts" / ".DS_Store").write_bytes(b"\x00\x01binary")
    (site / ".git").mkdir()
    (site / ".git" / "x.md").write_text("not a post", encoding="utf-8")
    (site / "_posts" / "image.jpg").write_bytes(b"\xff\xd8")
    result = run(site)
    assert "2 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr


BAD = {
    "broken_yaml.md": ("---\ntitle: 제목: 콜론이 문제\nexcerpt: \"닫히지 않은 따옴표\n---\n본문입니다.\n", "broken YAML"),
    "no_front_matter.md": ("그냥 본문만 있는 글입니다. 앞부분 설정이 없습니다.\n", "no front matter"),
    "empty_body.md": ("---\ntitle: 빈 글\n---\n", "empty body"),
    "short_body.md": ("---\ntitle: 짧은 글\n---\n<p>짧은 글입니다.</p>\n", "too short"),
    "euc_kr.md": (None, "not UTF-8"),
    "binary.md": (b"\x00\x01\x02PNG", "binary"),
    "huge.md": (b"---\ntitle: x\n---\n" + b"a" * 2_100_000, "too large"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_reported_untouched_and_batch_goes_on(site, name):
    content, cause = BAD[name]
    if content is None:
        content = GOOD.replace("👈", "").encode("euc-kr")
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    bad = site / "_posts" / name
    bad.write_bytes(data)
    result = run(site)
    assert result.exit_code == 1  # reported, but the other posts changed and nothing failed to process
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and cause in errors[0], result.stderr
    assert bad.read_bytes() == data
    assert "2 changed, 0 unchanged, 0 skipped, 0 failed, 1 invalid" in result.stderr
    strict = run(site, "--strict")
    assert strict.exit_code == 123 and "0 changed, 0 unchanged, 2 skipped, 0 failed, 1 invalid" in strict.stderr
    assert bad.read_bytes() == data


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_post_is_reported_and_untouched(site):
    post = site / "_posts" / "a.md"
    os.chmod(post, stat.S_IRUSR | stat.S_IRGRP)
    result = run(site)
    assert result.exit_code == 123
    assert f"error: {post}: read-only file" in result.stderr
    assert "1 changed, 0 unchanged, 0 skipped, 1 failed, 0 invalid" in result.stderr
    assert post.read_text(encoding="utf-8") == GOOD


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_post(site):
    post = site / "_posts" / "a.md"
    os.chmod(post, 0)
    result = run(site)
    assert result.exit_code == 123 and "cannot read" in result.stderr


def test_config_file_and_flag_override(site):
    (site / "summarizer.toml").write_text('feature_template = "## 머리말\\n\\n{excerpt}"\nmax_chars = 90\n',
                                          encoding="utf-8")
    result = run(site / "_posts", "--max-chars", "120")
    assert result.exit_code == 1
    from summarizer import postfile

    meta = postfile.read(site / "_posts" / "a.md").meta
    assert meta["feature_text"].startswith("## 머리말\n")
    assert len(meta["excerpt"].strip()) <= 120


def test_pyproject_tool_table_and_unknown_key(site):
    (site / "pyproject.toml").write_text("[tool.summarizer]\nmax_chars = 80\ncolour = 'red'\n", encoding="utf-8")
    result = run(site)
    assert result.exit_code == 2 and "unknown setting(s) colour" in result.stderr


def test_unknown_engine_exits_2(site):
    result = runner.invoke(app, ["run", str(site), "--engine", "gpt"])
    assert result.exit_code == 2 and "unknown engine" in result.stderr


def test_examples_run(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "posts")
    result = run(tmp_path / "posts")
    assert result.exit_code == 1
    assert "3 changed, 0 unchanged, 1 skipped, 0 failed, 0 invalid" in result.stderr


def test_light_engines_do_not_import_torch(site):
    import subprocess
    import sys

    code = ("import sys\nfrom summarizer.cli import app\n"
            f"try:\n    app(['run', {str(site)!r}, '--engine', 'extractive', '-q'])\nexcept SystemExit:\n    pass\n"
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import'\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "2 changed" in proc.stderr


def test_post_without_a_sentence_that_fits_fails_with_123(tmp_path):
    post = tmp_path / "long.md"
    text = "---\ntitle: 긴 문장\n---\n<p>이 글에는 서른 글자를 훨씬 넘는 아주 긴 문장 하나만 들어 있어서 발췌문으로 쓸 수 있는 문장이 없다.</p>\n"
    post.write_text(text, encoding="utf-8")
    result = run(post, "--max-chars", "30")
    assert result.exit_code == 123
    assert f"error: {post}: no whole sentence fits in 30 characters" in result.stderr
    assert post.read_text(encoding="utf-8") == text
