"""What summarizer wrote (.summarizer.lock): eval and train leave its summaries out, --force names the hand-written
ones it replaces, --remove-field takes back a field it wrote; the lock file itself is written atomically, never
through a link, and a broken one means nothing is known."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.posts import lockfile, postfile

from .conftest import GOLDEN

runner = CliRunner()
GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")
HAND = GOOD.replace("---\n", "---\nexcerpt: 사람이 손으로 쓴 요약입니다.\n", 1)


def run(*args):
    return runner.invoke(app, ["run", *map(str, args), "--engine", "lead"])


@pytest.fixture
def site(tmp_path):
    """A plain folder of posts in a repository: two without a summary, one with the author's own."""
    (tmp_path / ".git").mkdir()
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "a.md").write_text(GOOD, encoding="utf-8")
    (posts / "b.md").write_text(GOOD.replace("동네", "우리 동네"), encoding="utf-8")
    (posts / "c.md").write_text(HAND, encoding="utf-8")
    return tmp_path


def test_run_records_what_it_wrote_by_path_and_hash(site):
    assert run(site / "_posts").exit_code == 0
    data = json.loads((site / ".summarizer.lock").read_text(encoding="utf-8"))
    assert data["summarizer"] == 1 and sorted(data["posts"]) == ["_posts/a.md", "_posts/b.md"]
    excerpt = postfile.read(site / "_posts" / "a.md").meta["excerpt"]
    assert data["posts"]["_posts/a.md"] == {"excerpt": lockfile.digest(excerpt)}
    assert excerpt not in (site / ".summarizer.lock").read_text(encoding="utf-8")  # hashes, no text
    assert not list(site.glob(".summarizer-*.tmp"))
    before = (site / ".summarizer.lock").read_bytes()
    assert run(site / "_posts", "--check").exit_code == 0 and run(site / "_posts", "--diff").exit_code == 0
    assert (site / ".summarizer.lock").read_bytes() == before  # dry runs write nothing


def test_eval_leaves_out_the_summaries_summarizer_wrote(site):
    run(site / "_posts")
    result = runner.invoke(app, ["eval", str(site / "_posts"), "--engines", "lead"])
    assert result.exit_code == 0, result.stderr
    assert "1 post has a reference in `excerpt`; 0 without one skipped; 2 written by summarizer left out" in (
        result.stderr
    )
    # Edited by hand since: the author's now.
    post = site / "_posts" / "a.md"
    post.write_text(post.read_text(encoding="utf-8").replace("excerpt: >\n  ", "excerpt: >\n  고친 요약. ", 1))
    again = runner.invoke(app, ["eval", str(site / "_posts"), "--engines", "lead"])
    assert "2 posts have a reference in `excerpt`; 0 without one skipped; 1 written by summarizer left out" in (
        again.stderr
    )


def test_train_refuses_to_learn_from_summarizers_own_summaries(site, tmp_path):
    (site / "_posts" / "c.md").unlink()
    run(site / "_posts")
    result = runner.invoke(app, ["train", str(site / "_posts"), "--output", str(tmp_path / "model")])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: no posts with an `excerpt` under {site / '_posts'}; 2 written by summarizer"
    )
    assert "a model learns from the authors' own summaries" in result.stderr


def test_force_names_the_hand_written_summaries_it_would_replace(site):
    run(site / "_posts")
    result = run(site / "_posts", "--force", "--diff")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "hand-written" in line]
    assert lines == [f"would replace hand-written excerpt of {site / '_posts' / 'c.md'}"]
    assert "c.md" in result.stdout and (site / "_posts" / "c.md").read_text(encoding="utf-8") == HAND
    done = run(site / "_posts", "--force")
    assert f"replaced hand-written excerpt of {site / '_posts' / 'c.md'}" in done.stderr
    assert "hand-written" not in run(site / "_posts", "--force").stderr  # all summarizer's now


def test_remove_field_takes_back_only_what_summarizer_wrote(site):
    run(site / "_posts", "--feature-field", "card")
    hand = site / "_posts" / "c.md"
    hand.write_text(HAND.replace("---\n", "---\ncard: 작가의 카드\n", 1), encoding="utf-8")
    check = run(site / "_posts", "--remove-field", "card", "--feature-field", "card", "--check")
    assert check.exit_code == 1 and "2 would change" in check.stderr
    assert f"would remove card of {site / '_posts' / 'a.md'}" in check.stderr
    assert f"warning: {hand}: kept card: summarizer did not write it (--force removes it)" in check.stderr
    result = run(site / "_posts", "--remove-field", "card", "--feature-field", "card")
    assert result.exit_code == 0, result.stderr
    for name in ("a.md", "b.md"):
        meta = postfile.read(site / "_posts" / name).meta
        assert "card" not in meta and "excerpt" in meta
    assert postfile.read(hand).meta["card"] == "작가의 카드"
    records = json.loads((site / ".summarizer.lock").read_text(encoding="utf-8"))["posts"]
    assert records["_posts/a.md"] == {
        "excerpt": lockfile.digest(postfile.read(site / "_posts" / "a.md").meta["excerpt"])
    }
    forced = run(site / "_posts", "--remove-field", "card", "--force")
    assert forced.exit_code == 0 and "card" not in postfile.read(hand).meta
    assert postfile.read(hand).meta["excerpt"] == "사람이 손으로 쓴 요약입니다."


def test_remove_field_takes_back_the_feature_text_older_versions_wrote(tmp_path):
    """Versions before 0.2 wrote feature_text, the excerpt under the template, into every post, with no lock
    file: a copy of the excerpt under the configured template is summarizer's; other text is kept."""
    old = GOOD.replace("---\n", "---\nexcerpt: >\n  요약입니다.\nfeature_text: >\n  요약입니다.\n", 1)
    (tmp_path / "a.md").write_text(old, encoding="utf-8")
    (tmp_path / "b.md").write_text(
        old.replace("feature_text: >\n  요약입니다.", "feature_text: 작가의 글"), encoding="utf-8"
    )
    result = run(tmp_path, "--remove-field", "feature_text")
    assert result.exit_code == 0 and "1 changed" in result.stderr
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == GOOD.replace(
        "---\n", "---\nexcerpt: >\n  요약입니다.\n", 1
    )
    assert "feature_text" in postfile.read(tmp_path / "b.md").meta


def test_a_broken_lock_file_means_nothing_known_and_is_left_as_it_is(site):
    lock = site / ".summarizer.lock"
    lock.write_text("<<<<<<< HEAD\n{}\n", encoding="utf-8")  # a merge conflict
    result = run(site / "_posts")
    warnings = [line for line in result.stderr.splitlines() if ".summarizer.lock" in line]
    why = "not a summarizer lock file (broken JSON or another shape); what summarizer wrote is not known"
    assert warnings == [f"warning: {lock}: {why} (left as it is)"]
    assert result.exit_code == 0 and lock.read_text(encoding="utf-8") == "<<<<<<< HEAD\n{}\n"
    evaluated = runner.invoke(app, ["eval", str(site / "_posts"), "--engines", "lead"])
    assert "3 posts have a reference" in evaluated.stderr and "0 written by summarizer" in evaluated.stderr


def test_the_lock_file_is_never_written_through_a_link(site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target"
    elsewhere.write_text("someone else's file\n", encoding="utf-8")
    (site / ".summarizer.lock").symlink_to(elsewhere)
    result = run(site / "_posts")
    assert result.exit_code == 0
    assert "a symbolic link" in result.stderr
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"
    assert os.path.islink(site / ".summarizer.lock")
    direct = lockfile.Lock(str(site))
    direct.record(site / "_posts" / "a.md", "excerpt", "x")
    with pytest.raises(OSError, match="not a regular file"):
        lockfile.save(direct)
    assert elsewhere.read_text(encoding="utf-8") == "someone else's file\n"


def test_lock_save_is_atomic_and_drops_posts_that_are_gone(tmp_path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    lock = lockfile.load(str(tmp_path))
    lock.record(tmp_path / "a.md", "excerpt", "요약  입니다.")
    lock.record(tmp_path / "gone.md", "excerpt", "x")
    lockfile.save(lock)
    again = lockfile.load(str(tmp_path))
    assert again.written(tmp_path / "a.md", "excerpt", "요약 입니다.\n") and list(again.posts) == ["a.md"]
    assert not again.written(tmp_path / "a.md", "excerpt", "다른 요약") and not again.problem
    assert sorted(p.name for p in tmp_path.iterdir()) == [".summarizer.lock", "a.md"]  # no temp file left


# --- issue 26, item 4: --clean and the user's own files ----------------------------------------------------


def test_clean_removes_only_the_tools_own_temp_files(tmp_path):
    """`.settings.json.backup01.tmp` beside `settings.json` is the user's backup, not an interrupted run's temp
    file: --check does not call it one and --clean leaves it (it removed it)."""
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "settings.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".settings.json.backup01.tmp").write_text("{}", encoding="utf-8")
    (tmp_path / ".summarizer-0123abcd.tmp").write_text("left by a kill -9", encoding="utf-8")
    check = run(tmp_path, "--check")
    assert "backup01" not in check.stderr and ".summarizer-0123abcd.tmp" in check.stderr
    clean = run(tmp_path, "--clean")
    assert clean.exit_code == 0 and f"removed {tmp_path / '.summarizer-0123abcd.tmp'}" in clean.stderr
    assert (tmp_path / ".settings.json.backup01.tmp").read_text(encoding="utf-8") == "{}"
    assert not (tmp_path / ".summarizer-0123abcd.tmp").exists()


# --- hostile-user probe: --remove-field and hand-written fields ------------------------------------------------


def test_remove_field_keeps_hand_written_fields_that_repeat_a_hand_written_excerpt(tmp_path):
    """Only the feature field (feature_text when none is configured) can be an old-style copy of the excerpt: a
    `description` or a `title` that merely holds the same text as the author's excerpt is the author's."""
    same = "내가 직접 쓴 요약입니다."
    post = tmp_path / "a.md"
    text = GOOD.replace("---\n", f"---\nexcerpt: {same}\ndescription: {same}\n", 1)
    post.write_text(text, encoding="utf-8")
    for name in ("description", "title"):
        result = run(tmp_path, "--remove-field", name)
        assert result.exit_code == 0 and "0 changed" in result.stderr, result.stderr
        assert f"kept {name}: not a summary field of the settings" in result.stderr
    titled = tmp_path / "b.md"
    titled.write_text(GOOD.replace("title: 동네 도서관 주말 야간 개관", "title: 제목\nexcerpt: 제목"), encoding="utf-8")
    assert run(tmp_path, "--remove-field", "title").exit_code == 0
    assert post.read_text(encoding="utf-8") == text and postfile.read(titled).meta["title"] == "제목"
    configured = run(tmp_path, "--remove-field", "description", "--feature-field", "description")
    assert configured.exit_code == 0 and "description" not in postfile.read(post).meta  # the configured copy


def _planted_lock(folder, post, fields: dict) -> None:
    """A lock file recording `fields` of `post` as summarizer's: the hashes are computable from public text."""
    key = os.path.relpath(post, folder)
    records = {key: {name: lockfile.digest(text) for name, text in fields.items()}}
    (folder / ".summarizer.lock").write_text(json.dumps({"summarizer": 1, "posts": records}), encoding="utf-8")


def test_remove_field_believes_the_lock_only_for_the_summary_fields(tmp_path):
    """summarizer writes only the settings' summary fields: a lock file recording `title` or `author` (crafted:
    the hashes are computable from the post) does not make --remove-field take them."""
    post = tmp_path / "a.md"
    post.write_text(GOOD.replace("---\n", "---\nauthor: 김기자\n", 1), encoding="utf-8")
    _planted_lock(tmp_path, post, {"title": "동네 도서관 주말 야간 개관", "author": "김기자"})
    result = run(tmp_path, "--remove-field", "title", "--remove-field", "author")
    assert result.exit_code == 0 and "0 changed" in result.stderr, result.stderr
    assert "kept title: not a summary field of the settings (excerpt_field, feature_field)" in result.stderr
    assert postfile.read(post).meta["author"] == "김기자" and postfile.read(post).meta["title"]


def test_a_lock_file_others_could_have_planted_is_not_believed_nor_written(tmp_path):
    """A lock file in a folder other users can write (a sticky /tmp-like folder), or owned by another user, is
    one warning, means nothing is known, and is never written over."""
    shared = tmp_path / "shared"
    shared.mkdir()
    post = shared / "a.md"
    post.write_text(GOOD.replace("---\n", "---\nexcerpt: 작가의 요약입니다.\n", 1), encoding="utf-8")
    _planted_lock(shared, post, {"excerpt": "작가의 요약입니다."})
    planted = (shared / ".summarizer.lock").read_bytes()
    shared.chmod(0o1777)
    try:
        result = run(shared, "--remove-field", "excerpt")
        assert result.exit_code == 0 and "0 changed" in result.stderr, result.stderr
        warnings = [line for line in result.stderr.splitlines() if ".summarizer.lock" in line]
        assert len(warnings) == 1 and "can be written by other users (mode 1777); not trusted" in warnings[0]
        assert postfile.read(post).meta["excerpt"] == "작가의 요약입니다."
        (shared / "b.md").write_text(GOOD, encoding="utf-8")
        assert run(shared).exit_code == 0 and "excerpt" in postfile.read(shared / "b.md").meta
        assert (shared / ".summarizer.lock").read_bytes() == planted  # never written
    finally:
        shared.chmod(0o755)
    if os.geteuid() != 0:
        return
    os.chown(shared / ".summarizer.lock", 12345, 12345)  # planted by another user
    result = run(shared, "--remove-field", "excerpt")
    assert "is owned by another user (uid 12345); not trusted" in result.stderr
    assert postfile.read(post).meta["excerpt"] == "작가의 요약입니다."
    (shared / "c.md").write_text(GOOD, encoding="utf-8")
    assert run(shared).exit_code == 0 and (shared / ".summarizer.lock").read_bytes() == planted


def test_a_post_named_with_invalid_utf8_is_recorded_and_reported_like_any_other(tmp_path):
    """A file name that is not UTF-8 (a byte Python reads as a lone surrogate) is written, reported, recorded in
    the lock file and read back from it; eval's rows and the blind kit's key hold it escaped, never empty."""
    posts = tmp_path / "posts"
    posts.mkdir()
    bad = posts / os.fsdecode(b"bad\xff.md")
    (posts / "a.md").write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD, encoding="utf-8")
    result = run(posts)
    assert result.exit_code == 0, result.stderr
    assert "summarized" in result.stderr and "bad\\udcff.md" in result.stderr and "2 changed" in result.stderr
    text = (posts / ".summarizer.lock").read_bytes().decode("utf-8")
    assert '"bad\\udcff.md"' in text
    assert lockfile.load(str(posts)).written(bad, "excerpt", postfile.read(bad).meta["excerpt"])
    hand = runner.invoke(app, ["eval", str(posts), "--engines", "lead"])
    assert "2 written by summarizer left out" in hand.stderr  # read back: the bad name is known as summarizer's
    bad.write_text(HAND, encoding="utf-8")
    for name in ("rows.csv", "rows.json"):
        evaluated = runner.invoke(app, ["eval", str(posts), "--engines", "lead", "--output", str(tmp_path / name)])
        assert evaluated.exit_code == 0, evaluated.stderr
        assert "bad\\udcff.md" in (tmp_path / name).read_bytes().decode("utf-8")
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))
    assert os.fsencode(rows[0]["post"]) == os.fsencode(str(bad))
    kit = runner.invoke(app, ["eval", str(posts), "--engines", "lead", "--blind-sheet", str(tmp_path / "kit")])
    assert kit.exit_code == 0, kit.stderr
    key = json.loads((tmp_path / "kit" / "key.json").read_bytes().decode("utf-8"))
    assert os.fsencode(key["P001"]["path"]) == os.fsencode(str(bad))


def test_the_lock_file_is_never_written_beside_a_config_given_with_config(tmp_path):
    """`--config /etc/summarizer.toml` (a shared config) must not get a lock file beside it: the lock goes at the
    site's root, else the repository's, else in the folder named."""
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "s.toml").write_text("[tool.summarizer]\nmax_chars = 120\n", encoding="utf-8")
    result = run(tmp_path / "posts", "--config", tmp_path / "cfg" / "s.toml")
    assert result.exit_code == 0 and "1 changed" in result.stderr, result.stderr
    assert sorted(p.name for p in (tmp_path / "cfg").iterdir()) == ["s.toml"]
    assert (tmp_path / "posts" / ".summarizer.lock").is_file()


def test_two_runs_saving_one_lock_file_keep_each_others_records(tmp_path):
    """Two runs at once (`run _posts & run _drafts`): each save reads the lock file again and applies only its own
    records and forgotten entries on top, so neither loses the other's."""
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    first = lockfile.load(str(tmp_path))
    first.record(tmp_path / "c.md", "excerpt", "셋째 요약")
    lockfile.save(first)
    one, two = lockfile.load(str(tmp_path)), lockfile.load(str(tmp_path))  # both runs start
    one.record(tmp_path / "a.md", "excerpt", "첫째 요약")
    two.record(tmp_path / "b.md", "excerpt", "둘째 요약")
    two.forget(tmp_path / "c.md", "excerpt")
    lockfile.save(one)
    lockfile.save(two)
    lockfile.save(one)  # a later save of the first run does not bring back what the second forgot
    records = lockfile.load(str(tmp_path)).posts
    assert records == {
        "a.md": {"excerpt": lockfile.digest("첫째 요약")},
        "b.md": {"excerpt": lockfile.digest("둘째 요약")},
    }


def test_two_cli_runs_at_once_record_every_post(tmp_path):
    (tmp_path / ".git").mkdir()
    for folder in ("_posts", "_drafts"):
        (tmp_path / folder).mkdir()
        for n in range(40):
            (tmp_path / folder / f"p{n:02d}.md").write_text(GOOD.replace("동네", f"동네 {n}번"), encoding="utf-8")
    command = [sys.executable, "-m", "summarizer", "run", "--engine", "lead", "--jobs", "1"]
    procs = [subprocess.Popen([*command, str(tmp_path / f)], stderr=subprocess.PIPE) for f in ("_posts", "_drafts")]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    records = json.loads((tmp_path / ".summarizer.lock").read_text(encoding="utf-8"))["posts"]
    assert len(records) == 80
