"""CLI: exit codes (black's: 0 written or nothing to do, 1 only when --check/--diff would change), bad inputs,
--check/--diff/--force, config files, with typer's CliRunner."""

import os
import shutil
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.engines.base import Engine
from summarizer.posts import postfile

from .conftest import EXAMPLES, GOLDEN, ROOT, needs

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
    assert first.exit_code == 0, first.output
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
    assert "+excerpt: >" in result.stdout and "feature_text" not in result.stdout  # one field by default
    assert (site / "_posts" / "a.md").read_bytes() == before


def test_hidden_and_other_files_are_ignored(site):
    (site / "_posts" / ".DS_Store").write_bytes(b"\x00\x01binary")
    (site / ".git").mkdir()
    (site / ".git" / "x.md").write_text("not a post", encoding="utf-8")
    (site / "_posts" / "image.jpg").write_bytes(b"\xff\xd8")
    result = run(site)
    assert "2 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr


BAD = {
    "broken_yaml.md": (
        '---\ntitle: 제목: 콜론이 문제\nexcerpt: "닫히지 않은 따옴표\n---\n본문입니다.\n',
        "broken YAML",
    ),
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
    assert result.exit_code == 0  # reported, but the other posts were written and nothing failed
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
    (site / "summarizer.toml").write_text(
        'feature_field = "feature_text"\nfeature_template = "## 머리말\\n\\n{excerpt}"\nmax_chars = 90\n',
        encoding="utf-8",
    )
    result = run(site / "_posts", "--max-chars", "120")
    assert result.exit_code == 0
    from summarizer.posts import postfile

    meta = postfile.read(site / "_posts" / "a.md").meta
    assert meta["feature_text"].startswith("## 머리말\n")
    assert len(meta["excerpt"].strip()) <= 120


def test_pyproject_tool_table_applies(site):
    (site / "pyproject.toml").write_text("[tool.summarizer]\nmax_chars = 20\n", encoding="utf-8")
    result = run(site)
    assert result.exit_code == 123 and "no whole sentence fits in 20 characters" in result.stderr


def test_pyproject_tool_table_unknown_key(site):
    (site / "pyproject.toml").write_text("[tool.summarizer]\nmax_chars = 80\ncolour = 'red'\n", encoding="utf-8")
    result = run(site)
    assert result.exit_code == 2 and "unknown setting(s) colour" in result.stderr


def test_unknown_engine_exits_2(site):
    result = runner.invoke(app, ["run", str(site), "--engine", "gpt"])
    assert result.exit_code == 2 and "unknown engine" in result.stderr


def test_examples_run(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "posts")
    result = run(tmp_path / "posts")
    assert result.exit_code == 0
    assert "3 changed, 0 unchanged, 1 skipped, 0 failed, 0 invalid" in result.stderr


def test_light_engines_do_not_import_torch(site):
    import subprocess
    import sys

    code = (
        "import sys\nfrom summarizer.cli import app\n"
        f"try:\n    app(['run', {str(site)!r}, '--engine', 'extractive', '-q'])\nexcept SystemExit:\n    pass\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'heavy import'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "2 changed" in proc.stderr


def test_post_without_a_sentence_that_fits_fails_with_123(tmp_path):
    post = tmp_path / "long.md"
    text = (
        "---\ntitle: 긴 문장\n---\n"
        "<p>이 글에는 서른 글자를 훨씬 넘는 아주 긴 문장 하나만 들어 있어서 발췌문으로 쓸 수 있는 문장이 없다.</p>\n"
    )
    post.write_text(text, encoding="utf-8")
    result = run(post, "--max-chars", "30")
    assert result.exit_code == 123
    assert f"error: {post}: no whole sentence fits in 30 characters" in result.stderr
    assert post.read_text(encoding="utf-8") == text


# --- checks before the first write ---


def one_error(result, *parts):
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and all(p in errors[0] for p in parts), result.stderr


def snapshot(site):
    return {p: p.read_bytes() for p in site.rglob("*.md*")}


def test_unknown_engine_exits_2_even_with_nothing_to_do(site):
    assert run(site).exit_code == 0
    result = runner.invoke(app, ["run", str(site), "--engine", "gpt"])
    assert result.exit_code == 2
    one_error(result, "--engine", "unknown engine 'gpt'")
    (site / "summarizer.toml").write_text('engine = "gpt"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(site)])
    assert result.exit_code == 2
    one_error(result, str(site / "summarizer.toml"), "engine", "unknown engine 'gpt'")


def test_the_seq2seq_alias_writes_the_same_files_as_condense(tmp_path):
    """`seq2seq` (the design's name for the condense stage) is an alias: byte-identical posts."""
    written = {}
    for name in ("condense", "seq2seq"):
        folder = tmp_path / name
        shutil.copytree(EXAMPLES, folder)
        result = runner.invoke(app, ["run", str(folder), "--engine", name, "--force", "-q"])
        assert result.exit_code == 0, result.stderr
        assert "invalid; condense: " in result.stderr.splitlines()[-1]
        written[name] = {
            p.relative_to(folder): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix == ".md"
        }
    assert written["condense"] == written["seq2seq"]
    assert any(written["condense"][p] != (EXAMPLES / p).read_bytes() for p in written["condense"])  # it wrote


@pytest.mark.parametrize("engine", ["select", "condense", "seq2seq"])
def test_missing_model_exits_2_before_any_write(site, engine):
    before = snapshot(site)
    result = runner.invoke(app, ["run", str(site), "--engine", engine, "--model", "/nonexistent"])
    assert result.exit_code == 2
    one_error(result, "--model", "/nonexistent")
    assert snapshot(site) == before


def test_missing_model_in_config_names_file(site):
    (site / "models").mkdir()
    (site / "summarizer.toml").write_text('engine = "select"\nmodel = "models/gone"\n', encoding="utf-8")
    before = snapshot(site)
    result = runner.invoke(app, ["run", str(site)])
    assert result.exit_code == 2
    one_error(result, f"config {site / 'summarizer.toml'}: model", str(site / "models" / "gone"))
    assert snapshot(site) == before


@pytest.mark.parametrize(
    "toml, key",
    [
        ('force = "no"', "force"),
        ('max_chars = "150"', "max_chars"),
        ("max_chars = 0", "max_chars"),
        ('feature_template = "x"', "feature_template"),
        ('excerpt_field = ""', "excerpt_field"),
        ("max_chars = = 1", "not valid TOML"),
    ],
)
def test_bad_config_value_exits_2_naming_file_and_key(site, toml, key):
    (site / "summarizer.toml").write_text(toml + "\n", encoding="utf-8")
    before = snapshot(site)
    result = run(site)
    assert result.exit_code == 2
    one_error(result, str(site / "summarizer.toml"), key)
    assert snapshot(site) == before


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--feature-template", "## 속보"], "--feature-template"),
        (["--excerpt-field", "a b"], "--excerpt-field"),
        (["--config", "missing.toml"], "missing.toml"),
    ],
)
def test_bad_flag_exits_2(site, args, flag):
    result = run(site, *args)
    assert result.exit_code == 2
    one_error(result, flag)


def test_no_force_flag_overrides_config(site):
    run(site)
    (site / "summarizer.toml").write_text("force = true\nmax_chars = 60\n", encoding="utf-8")
    assert "2 changed" in run(site).stderr
    assert "2 skipped" in run(site, "--no-force", "--max-chars", "150").stderr


def test_posts_are_discovered_once(site, monkeypatch):
    from summarizer.posts import walk

    calls = []
    real = walk.find_posts
    monkeypatch.setattr(walk, "find_posts", lambda paths: calls.append(paths) or real(paths))
    monkeypatch.setattr(walk, "discover", lambda paths: pytest.fail("discover called"))
    assert run(site).exit_code == 0 and len(calls) == 1


# --- files ---


def test_unlistable_folder_fails_the_run_and_the_check(site, monkeypatch):
    (site / "_posts" / "locked").mkdir()
    locked = site / "_posts" / "locked"
    real = os.scandir

    def scandir(path):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(site, "--check")
    assert result.exit_code == 123
    assert f"error: {locked}: cannot list folder: Permission denied" in result.stderr
    assert "2 would change, 0 unchanged, 0 skipped, 1 failed, 0 invalid" in result.stderr


def test_unreadable_file_fails(site, monkeypatch):  # also as root, where chmod 0 does not stop reading
    from summarizer.posts import postfile

    post = site / "_posts" / "a.md"
    real = postfile.read

    def read(path):
        if path == post:
            raise postfile.PostError("cannot read: Permission denied")
        return real(path)

    monkeypatch.setattr(postfile, "read", read)
    result = run(site)
    assert result.exit_code == 123
    assert f"error: {post}: cannot read: Permission denied" in result.stderr
    assert "1 changed, 0 unchanged, 0 skipped, 1 failed, 0 invalid" in result.stderr


def test_control_character_in_a_sentence_is_stripped(tmp_path):
    post = tmp_path / "a.md"
    post.write_text(GOOD.replace("서울 마포구의", "서울\x1b 마포구의\x7f"), encoding="utf-8")
    result = runner.invoke(app, ["run", str(post), "--engine", "lead"])
    assert result.exit_code == 0, result.stderr
    from summarizer.posts import postfile

    excerpt = postfile.read(post).meta["excerpt"]
    assert excerpt.startswith("서울 마포구의") and "\x1b" not in excerpt and "\x7f" not in excerpt


def test_drafts_and_hugo_section_pages(tmp_path):
    for name in ["_drafts/a.md", "content/posts/trip/index.md", "content/posts/_index.md", "content/_index.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    result = run(tmp_path)
    assert "2 changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid" in result.stderr
    assert (tmp_path / "content" / "_index.md").read_text(encoding="utf-8") == GOOD
    assert "1 changed" in run(tmp_path / "content" / "_index.md").stderr  # named explicitly


# --- field names ---


def test_field_names_from_flags_and_config(site):
    from summarizer.posts import postfile

    result = run(site, "--excerpt-field", "summary", "--feature-field", "")
    assert result.exit_code == 0
    meta = postfile.read(site / "_posts" / "a.md").meta
    assert "summary" in meta and "excerpt" not in meta and "feature_text" not in meta
    assert "2 skipped" in run(site, "--excerpt-field", "summary", "--feature-field", "", "--check").stderr
    (site / "summarizer.toml").write_text('excerpt_field = "summary"\nfeature_field = "card"\n', encoding="utf-8")
    check = run(site, "--check")
    assert check.exit_code == 1 and "2 would change" in check.stderr
    diff = run(site / "_posts" / "a.md", "--diff")
    assert "+card: >" in diff.stdout and "+summary" not in diff.stdout and "excerpt" not in diff.stdout
    evaluated = runner.invoke(app, ["eval", str(site), "--engines", "lead"])  # summarizer wrote them: left out
    assert "0 posts have a reference in `summary`; 0 without one skipped; 2 written by summarizer" in evaluated.stderr
    (site / ".summarizer.lock").unlink()  # nothing known: they count as the site's own
    evaluated = runner.invoke(app, ["eval", str(site), "--engines", "lead"])
    assert "2 posts have a reference in `summary`" in evaluated.stderr, evaluated.stderr
    one = runner.invoke(app, ["eval", str(site / "_posts" / "a.md"), "--engines", "lead"])
    assert "1 post has a reference in `summary`; 0 without one skipped" in one.stderr, one.stderr


# --- --version and help ---


def test_version():
    from summarizer import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"summarizer {__version__}\n"


def test_help_shows_brackets():
    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "[default: 150]" in text and "[tool.summarizer]" in text and "{excerpt}" in text
    assert "--excerpt-field" in text and "--feature-field" in text and "143" in text


# --- train and eval errors ---


@pytest.mark.parametrize(
    "posts, message",
    [
        ({}, "no posts with an `excerpt` under"),
        ({"bad.md": "---\ntitle: [\n---\n본문\n"}, "no posts with an `excerpt` under"),
        (
            {f"p{i}.md": GOOD.replace("---\n", "---\nexcerpt: 요약입니다.\n", 1) for i in range(4)},
            "too little data: 4 posts with an `excerpt`",
        ),
    ],
)
def test_train_without_enough_data_exits_2(tmp_path, posts, message):
    (tmp_path / "posts").mkdir()
    for name, text in posts.items():
        (tmp_path / "posts" / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["train", str(tmp_path / "posts"), "--output", str(tmp_path / "model")])
    assert result.exit_code == 2
    one_error(result, message)
    assert not (tmp_path / "model").exists()


def test_eval_output_folder_must_exist_and_train_makes_missing_parents(tmp_path):
    out = tmp_path / "missing" / "dir"
    result = runner.invoke(app, ["train", str(EXAMPLES), "--output", str(out / "model")])
    assert result.exit_code == 2
    one_error(result, "too little data")  # past the --output check: train makes the missing folders
    assert not (tmp_path / "missing").exists()  # (once training starts)
    result = runner.invoke(app, ["eval", str(EXAMPLES), "--engines", "lead", "--output", str(out / "rows.csv")])
    assert result.exit_code == 2
    one_error(result, "--output", str(out))


@needs("torch")
def test_train_reports_a_value_error_in_one_line(tmp_path, monkeypatch):
    import summarizer.training

    for i in range(20):
        (tmp_path / f"p{i}.md").write_text(GOOD.replace("---\n", "---\nexcerpt: 요약입니다.\n", 1), encoding="utf-8")
    seen = {}

    def fake(paths, output, opts, base=None, command="", select_only=False, field="excerpt", **splits):
        seen["field"] = field
        raise ValueError("every excerpt was filtered out:\nnothing to train on")

    monkeypatch.setattr(summarizer.training, "run_training", fake)
    result = runner.invoke(app, ["train", str(tmp_path), "-o", str(tmp_path / "m"), "--excerpt-field", "excerpt"])
    assert result.exit_code == 2 and seen["field"] == "excerpt"
    one_error(result, "every excerpt was filtered out: nothing to train on")


# --- SIGTERM ---


@pytest.mark.parametrize("signame, code", [("SIGTERM", 143), ("SIGINT", 130), ("SIGHUP", 129)])
def test_sigterm_mid_batch_prints_summary_exits_143_and_leaves_no_temp_file(tmp_path, signame, code):
    import signal
    import subprocess
    import sys
    import time

    posts = tmp_path / "_posts"
    posts.mkdir()
    for i in range(1500):
        (posts / f"{i:04d}.md").write_text(GOOD, encoding="utf-8")
    fifth = posts / "0005.md"
    # A shell that starts a job in the background hands it SIGINT ignored (POSIX), and Python keeps it so;
    # give the child the default disposition, as an interactive terminal would.
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "run", str(posts), "--engine", "lead", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_stop_signals,
    )
    deadline = time.monotonic() + 120
    while fifth.read_text(encoding="utf-8") == GOOD and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    import re

    match = re.search(
        r"^(\d+) changed, 0 unchanged, 0 skipped, 0 failed, 0 invalid; interrupted by " + signame + "$", err, re.M
    )
    assert match and 0 < int(match.group(1)) < 1500, err
    assert not list(posts.glob(".*.tmp"))
    changed = sum(1 for p in posts.glob("*.md") if p.read_text(encoding="utf-8") != GOOD)
    assert changed == int(match.group(1))  # a post written just before the signal is counted (it once was not)


def test_a_second_stop_signal_while_stopping_keeps_the_summary_and_the_code(tmp_path):
    """Two SIGTERMs 2 ms apart: the second arrives while the run reports and prints its summary."""
    import re
    import signal
    import subprocess
    import sys
    import time

    for delay in (0.0, 0.002, 0.01):
        posts = tmp_path / f"posts{delay}"
        posts.mkdir()
        for i in range(400):
            (posts / f"{i:04d}.md").write_text(GOOD, encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "run", str(posts), "--engine", "lead", "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_default_stop_signals,
        )
        first, deadline = posts / "0001.md", time.monotonic() + 120
        while first.read_text(encoding="utf-8") == GOOD and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 143, err
        assert re.search(r"^\d+ changed, .*; interrupted by SIGTERM$", err, re.M), err
        assert "Traceback" not in err and not list(posts.glob(".*.tmp"))


# --- found by probing as a hostile user ---


def one_problem(result, *parts):
    """A run over one post: one error line, naming `parts`, and a summary that counts that post as invalid."""
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error")]
    assert len(errors) == 1 and all(p in errors[0] for p in parts), result.stderr
    assert lines[-1] == "0 changed, 0 unchanged, 0 skipped, 0 failed, 1 invalid", result.stderr


def test_config_that_is_not_utf8_exits_2_naming_it(site):
    (site / "summarizer.toml").write_bytes(b"\xff\xfe bad")
    result = run(site / "_posts")
    assert result.exit_code == 2
    one_error(result, "summarizer.toml", "not UTF-8")


def test_paths_with_different_configs_each_get_their_own(tmp_path):
    """PATHs of several configs (as a hook passes them) are summarized in one run, each with its own config; it was
    'the PATHs have different config files ...; run once per site', exit 2 (issue 26, item 17)."""
    from summarizer.posts import postfile

    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.md").write_text(GOOD, encoding="utf-8")
        if name != "three":
            (tmp_path / name / "summarizer.toml").write_text(f'excerpt_field = "{name}"\n', encoding="utf-8")
    result = run(tmp_path / "one", tmp_path / "two", tmp_path / "three")
    assert result.exit_code == 0 and "3 changed" in result.stderr, result.stderr
    assert [
        next(k for k in ("one", "two", "excerpt") if k in postfile.read(tmp_path / n / "a.md").meta)
        for n in ("one", "two", "three")
    ] == ["one", "two", "excerpt"]
    assert "different config files" not in result.stderr


@pytest.mark.parametrize(
    "target, why",
    [("folder", "a folder, not a file"), ("missing.toml", "no such file"), ("/dev/null", "not a regular file")],
)
def test_a_config_that_is_not_a_file_says_what_it_is(tmp_path, target, why):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    result = run(tmp_path / "a.md", "--config", target if target.startswith("/") else str(tmp_path / target))
    assert result.exit_code == 2
    one_error(result, why)


@pytest.mark.parametrize("name", ["desc.toml", "site-settings", "pyproject.toml"])
def test_config_applies_the_file_it_names_whatever_its_name(tmp_path, name):
    """--config FILE is the settings file (its top-level keys, or [tool.summarizer]); 0.3.0 read a file not named
    summarizer.toml as a pyproject.toml and silently applied nothing (a newcomer's walkthrough)."""
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    settings = 'excerpt_field = "description"\n'
    given = tmp_path / "cfgs" / name
    given.parent.mkdir()
    given.write_text(f"[tool.summarizer]\n{settings}" if name == "pyproject.toml" else settings, encoding="utf-8")
    result = run(tmp_path / "a.md", "--config", str(given))
    assert result.exit_code == 0, result.stderr
    assert (
        "description" in postfile.read(tmp_path / "a.md").meta
        and "excerpt" not in postfile.read(tmp_path / "a.md").meta
    )
    given.write_text(given.read_text(encoding="utf-8") + "max_char = 40\n", encoding="utf-8")
    result = run(tmp_path / "a.md", "--config", str(given), "--force")
    assert result.exit_code == 2
    one_error(result, "unknown setting(s) max_char")
    if name == "pyproject.toml":  # one without the table is an error too, not the defaults
        given.write_text('[project]\nname = "x"\n', encoding="utf-8")
        result = run(tmp_path / "a.md", "--config", str(given), "--force")
        assert result.exit_code == 2
        one_error(result, "no [tool.summarizer] table")


@pytest.mark.parametrize("value", ["[가, 나]", "123", "\n  k: v"])
def test_an_excerpt_that_is_not_text_is_kept_without_force(site, value):
    post = site / "_posts" / "a.md"
    post.write_text(GOOD.replace("---\n", f"---\nexcerpt: {value}\n", 1), encoding="utf-8")
    before = post.read_bytes()
    result = run(post)
    assert result.exit_code == 0 and post.read_bytes() == before
    one_problem(result, "`excerpt` is not text", "--force")
    assert run(post, "--force").exit_code == 0


def test_control_characters_in_a_file_name_stay_on_one_line(site):
    odd = site / "_posts" / "new\nline\x1b[31m.md"
    odd.write_text("no front matter here\n", encoding="utf-8")
    result = run(odd)
    one_problem(result, "new\\x0aline\\x1b[31m.md")


def test_build_folders_are_not_walked(site):
    for folder in ("_site", "node_modules"):
        (site / folder).mkdir()
        (site / folder / "copy.md").write_text(GOOD, encoding="utf-8")
    result = run(site)
    assert "2 changed" in result.stderr and (site / "_site" / "copy.md").read_text(encoding="utf-8") == GOOD


def test_a_broken_model_is_one_line_not_a_traceback(site, tmp_path):
    from summarizer import engines

    broken = tmp_path / "model"
    shutil.copytree(engines.DEFAULT_MODEL, broken)
    (broken / "model.safetensors").write_bytes((broken / "model.safetensors").read_bytes()[:1000])
    before = snapshot(site)
    result = runner.invoke(app, ["run", str(site / "_posts"), "--engine", "condense", "--model", str(broken)])
    assert result.exit_code == 2 and snapshot(site) == before
    one_error(result, "model.safetensors")


def test_eval_output_that_is_a_folder_and_a_bad_limit_exit_2_up_front(tmp_path):
    result = runner.invoke(app, ["eval", str(EXAMPLES), "--engines", "lead", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr and "posts with" not in result.stderr
    assert runner.invoke(app, ["eval", str(EXAMPLES), "--limit", "0"]).exit_code == 2


# --- exit codes, train categories, help, messages ---


def test_exit_codes_are_blacks(site):
    assert run(site).exit_code == 0  # posts written: success
    (site / "_posts" / "c.md").write_text(GOOD, encoding="utf-8")
    assert run(site, "--check").exit_code == 1 and run(site, "--diff").exit_code == 1
    assert run(site).exit_code == 0 and run(site, "--check").exit_code == 0
    assert runner.invoke(app, ["run", str(site), "--max-chars", "5"]).exit_code == 2


def test_feature_text_from_a_hand_written_excerpt_is_not_called_a_summary(site):
    post = site / "_posts" / "a.md"
    post.write_text(GOOD.replace("---\n", "---\nexcerpt: 손으로 쓴 요약입니다.\n", 1), encoding="utf-8")
    check = run(post, "--check", "--feature-field", "feature_text")
    assert f"would fill feature_text of {post}" in check.stderr and "would summarize" not in check.stderr
    done = run(post, "--feature-field", "feature_text")
    assert f"filled feature_text of {post}" in done.stderr and done.exit_code == 0


@pytest.mark.parametrize("flag", ["--holdout-category", "--dev-category"])
def test_train_refuses_a_category_no_post_has(tmp_path, monkeypatch, flag):
    import summarizer.training

    monkeypatch.setattr(summarizer.training, "run_training", lambda *a, **k: pytest.fail("training ran"))
    for i in range(20):
        category = "categories: [여행, Hotel]" if i % 2 else "category: 스포츠"
        text = GOOD.replace("categories:\n  - News\n", f"excerpt: 요약입니다.\n{category}\n")
        (tmp_path / f"p{i}.md").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["train", str(tmp_path), "-o", str(tmp_path / "m"), flag, "Hotel", flag, "NoSuchCat"])
    assert result.exit_code == 2
    one_error(result, flag, "no post has the category 'NoSuchCat'", "the posts' categories: Hotel, 스포츠, 여행")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("command", ["run", "eval", "train"])
def test_help_is_readable_and_h_works(command):
    result = runner.invoke(app, [command, "-h"], env={"COLUMNS": "200"})
    assert (
        result.exit_code == 0
        and result.stdout == runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    )
    text = result.stdout
    assert f" {command} [OPTIONS] PATH...\n" in text and "{PATH}" not in text
    assert "<" not in text.replace("<=", "") and "list[" not in text and "range" not in text, text
    assert "-h, --help" in text
    if command == "run":
        from summarizer import engines

        assert "--engine NAME" in text and f"[default: {engines.default_engine()}]" in text
        assert "--max-chars INTEGER" in text and "--clean" in text and "129" in text
    assert runner.invoke(app, ["-h"]).exit_code == 0


def test_clean_removes_stale_temp_files_only(site):
    stale = site / "_posts" / ".summarizer-0123abcd.tmp"
    stale.write_text("partial", encoding="utf-8")
    keep = site / "_posts" / ".summarizer-notmine.tmp"
    keep.write_text("someone else's", encoding="utf-8")
    result = run(site)
    assert f"warning: {stale}: a temp file left by an interrupted run; --clean removes it" in result.stderr
    assert result.exit_code == 0 and stale.exists()
    result = run(site, "--clean", "--quiet")
    assert result.exit_code == 0 and not stale.exists() and keep.exists() and "removed" not in result.stderr


def test_voice_is_a_checked_setting_of_the_flag_and_the_config(tmp_path):
    post = tmp_path / "post.md"
    shutil.copyfile(ROOT / "examples" / "posts" / "2024-07-02-library-night.md", post)
    before = post.read_bytes()
    result = CliRunner().invoke(app, ["run", str(post), "--voice", "shouty"])
    assert result.exit_code == 2 and "--voice: must be one of auto, article" in result.stderr
    (tmp_path / "summarizer.toml").write_text('voice = "loud"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(post)])
    assert result.exit_code == 2 and "summarizer.toml: voice: must be one of" in result.stderr
    assert post.read_bytes() == before
    (tmp_path / "summarizer.toml").write_text('voice = "plain"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(post)])
    assert result.exit_code == 0, result.output
    from summarizer.text.endings import register_of
    from summarizer.text.kiwi import split_documents

    excerpt = postfile.read(post).meta["excerpt"]
    assert "polite" not in [register_of(s.tokens) for s in split_documents([("", [excerpt])])[0].sentences], excerpt


def _default_stop_signals() -> None:
    """In the child: SIGINT and SIGHUP at their defaults, as in a terminal. A job started in the background, or
    under nohup (as CI may be), inherits them ignored, and the tool rightly keeps an ignored signal ignored."""
    import signal

    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def test_start_up_reads_no_training_record():
    """The help names the default engine (read from the shipped model's training record) only when it is shown:
    importing the CLI, as every run does, does not read the record."""
    code = (
        "import summarizer.engines as e\n"
        "def refuse(*args):\n    raise SystemExit('the training record was read at start-up')\n"
        "e.default_engine = refuse\n"
        "import summarizer.cli\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    from summarizer import engines

    shown = runner.invoke(app, ["run", "--help"]).output
    assert f"[default: {engines.default_engine()}]" in shown and "{default engine}" not in shown
    assert "[OPTIONS] PATH..." in shown and "{PATH}" not in shown and "<list[Path]>" not in shown


class FallbackEngine(Engine):
    """An engine whose every second excerpt fell back, as condense's does when an edit fails a check."""

    name = "fallback"

    @classmethod
    def from_pretrained(cls, model=None, voice="auto"):
        return cls()

    def summarize(self, docs, max_chars):
        self.last_fallbacks = [None if i % 2 else "a word came twice in a row" for i in range(len(docs))]
        self.stats.summarized += len(docs)
        self.stats.fallbacks = (self.stats.fallbacks or 0) + sum(1 for why in self.last_fallbacks if why)
        return [doc.sentences[0].text for doc in docs]

    @classmethod
    def describe(cls, stats):
        return f"{cls.name}: {stats.fallbacks} fell back (-v names the posts)"


def test_verbose_names_the_posts_that_fell_back_and_says_what_a_fallback_is(site, monkeypatch):
    from summarizer import engines

    monkeypatch.setitem(engines._REGISTRY, "fallback", "tests.test_cli:FallbackEngine")
    quiet = runner.invoke(app, ["run", str(site), "--engine", "fallback"])
    assert quiet.exit_code == 0 and "note:" not in quiet.stderr
    assert quiet.stderr.splitlines()[-1].endswith("; fallback: 1 fell back (-v names the posts)")
    verbose = runner.invoke(app, ["run", str(site), "--engine", "fallback", "--force", "-v"])
    notes = [line for line in verbose.stderr.splitlines() if line.startswith("note: ")]
    assert notes == [
        f"note: {site / '_posts' / 'a.md'}: the article's sentences unedited (fallback: a word came twice in a row)"
    ]


def test_a_model_under_a_home_folder_that_does_not_exist_is_one_error(tmp_path):
    """`model = "~nosuchuser/x"` (config) or `--model ~nosuchuser/m` printed a traceback and exited 1 (hostile
    probe); now one error naming the key or flag, exit 2."""
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "s.toml").write_text('model = "~nosuchuser/x"\n', encoding="utf-8")
    for args, where in (
        (["--config", str(tmp_path / "s.toml")], "s.toml: model:"),
        (["--model", "~nosuchuser/m"], "--model"),
    ):
        result = runner.invoke(app, ["run", str(tmp_path / "a.md"), "--check", "--engine", "condense", *args])
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        one_error(result, where)
