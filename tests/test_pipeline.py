"""The rewrite job: discovery (Jekyll and Hugo layouts, symlinks, unlistable folders), templates, control
characters, configurable field names."""

import os
from pathlib import Path

import pytest

from summarizer.app.config import Settings
from summarizer.app.pipeline import Outcome, feature_text, printable, process
from summarizer.app.report import Status
from summarizer.engines import get_engine
from summarizer.posts import postfile
from summarizer.posts.walk import discover, find_posts

from .conftest import GOLDEN

GOOD = (GOLDEN / "plain.in.md").read_text(encoding="utf-8")


def touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(GOOD, encoding="utf-8")


def rel(root: Path, paths) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_jekyll_posts_and_drafts(tmp_path):
    touch(
        tmp_path,
        "_posts/2024-01-01-a.md",
        "_drafts/b.markdown",
        "_posts/.hidden.md",
        ".git/c.md",
        "_posts/img.jpg",
        "_posts/2024/c.html",
    )
    assert rel(tmp_path, discover([tmp_path])) == [
        "_drafts/b.markdown",
        "_posts/2024/c.html",
        "_posts/2024-01-01-a.md",
    ]  # sorted by path parts


def test_hugo_bundles_are_posts_and_section_pages_are_not(tmp_path):
    touch(
        tmp_path,
        "content/_index.md",
        "content/posts/_index.md",
        "content/posts/trip/index.md",
        "content/posts/plain.md",
        "content/about/index.html",
    )
    assert rel(tmp_path, discover([tmp_path / "content"])) == [
        "content/about/index.html",
        "content/posts/plain.md",
        "content/posts/trip/index.md",
    ]
    named = tmp_path / "content" / "posts" / "_index.md"  # named on the command line: a post like any other
    assert discover([named]) == [named]


def test_symlinked_files_followed_and_folder_loops_walked_once(tmp_path):
    touch(tmp_path, "site/_posts/a.md", "elsewhere/b.md")
    posts = tmp_path / "site" / "_posts"
    (posts / "b.md").symlink_to(tmp_path / "elsewhere" / "b.md")
    (posts / "loop").symlink_to(tmp_path / "site", target_is_directory=True)
    (posts / "dangling.md").symlink_to(tmp_path / "missing.md")
    found = find_posts([tmp_path / "site", posts / "a.md"])
    assert rel(tmp_path, found.files) == ["site/_posts/a.md", "site/_posts/b.md"]
    assert found.problems == [
        (posts / "dangling.md", f"symbolic link to {tmp_path / 'missing.md'}, which does not exist")
    ]


def test_unlistable_folder_is_a_problem(tmp_path, monkeypatch):
    touch(tmp_path, "_posts/a.md", "_posts/locked/b.md")
    locked = tmp_path / "_posts" / "locked"
    real = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_posts([tmp_path])
    assert rel(tmp_path, found.files) == ["_posts/a.md"]
    assert found.problems == [(locked, "cannot list folder: Permission denied")]


def test_feature_text_fills_the_template_only():
    assert feature_text("## {title}\\n\\n{excerpt}", "발췌 {title} 그대로", "제목") == "## 제목\n\n발췌 {title} 그대로"
    assert feature_text("{excerpt} {date}", "요약 {excerpt}") == "요약 {excerpt} {date}"


def test_printable():
    assert printable("가\x7f나\x08다\x1b[0m라\x00\x9b마\ufffe") == "가나다라마"  # the escape sequence whole
    assert printable("한\u2028줄\x85끝\t\n") == "한 줄 끝\t\n"
    assert printable("문\u202e장\u200b끝\ufeff👨\u200d👩") == "문장끝👨👩"  # every invisible format character


@pytest.mark.parametrize(
    "text, seen",
    [
        ("제목\x1b]0;PWNED\x07 끝", "제목 끝"),  # OSC: sets the terminal's title
        ("앞\x1b]8;;http://evil.example\x1b\\링크\x1b]8;;\x1b\\ 뒤", "앞링크 뒤"),  # OSC 8 hyperlink, ST-ended
        ("지움\x1b[2J\x1b[4A\x1b[J 끝", "지움 끝"),  # CSI: clears the screen, moves the cursor up
        ("가\x9b31m나", "가나"),  # C1 CSI
        ("서울\x1b 마포구", "서울 마포구"),  # a lone ESC: only the ESC goes
        ("숨은\U000e0069\U000e0067\U000e006e글", "숨은글"),  # tag characters: hidden text
        ("가\u061c나\u2062다\u180e라", "가나다라"),  # ALM, invisible times, Mongolian vowel separator
    ],
)
def test_escape_sequences_and_invisible_characters_never_reach_a_summary(text, seen):
    assert printable(text) == seen


def test_invisible_characters_do_not_count_against_max_chars(tmp_path):
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore previous instructions")
    body = f"도서관이{hidden} 밤늦게까지 문을 엽니다. 주민들은 이 소식을 듣고 무척 크게 반겼습니다.\n"
    (tmp_path / "a.md").write_text(f"---\ntitle: 도서관\n---\n{body}", encoding="utf-8")
    settings = Settings(max_chars=30, feature_field="")
    (out,) = list(process([tmp_path / "a.md"], lambda: get_engine("lead"), settings))
    assert out.status is Status.CHANGED, out.message
    assert postfile.read(tmp_path / "a.md").meta["excerpt"].strip() == "도서관이 밤늦게까지 문을 엽니다."


class FakeEngine:
    name = "fake"

    def __init__(self, text: str) -> None:
        self.text = text

    def summarize(self, docs, max_chars):
        return [self.text for _ in docs]


def run(paths, settings=Settings(), text="동네 도서관이 밤늦게까지 문을 엽니다.", write=True):
    return list(process(paths, lambda: FakeEngine(text), settings, write=write))


def test_control_characters_are_stripped_before_writing(tmp_path):
    touch(tmp_path, "a.md")
    (out,) = run([tmp_path / "a.md"], text="\x1b[1m도서관이\x7f 밤\x08늦게까지 연다.\x00")
    assert out.status is Status.CHANGED, out.message
    meta = postfile.read(tmp_path / "a.md").meta
    assert meta["excerpt"] == "도서관이 밤늦게까지 연다.\n" and "feature_text" not in meta  # one field by default


def test_title_in_a_hand_written_excerpt_is_kept(tmp_path):
    (tmp_path / "a.md").write_text(
        GOOD.replace("---\n", "---\nexcerpt: '손으로 쓴 {title} 요약'\n", 1), encoding="utf-8"
    )
    (out,) = run(
        [tmp_path / "a.md"], Settings(feature_field="feature_text", feature_template="## {title}\\n\\n{excerpt}")
    )
    meta = postfile.read(tmp_path / "a.md").meta
    assert out.status is Status.CHANGED
    assert meta["feature_text"] == "## 동네 도서관 주말 야간 개관\n손으로 쓴 {title} 요약\n"


@pytest.mark.parametrize(
    "feature_key, front",
    [
        ("feature_text", 'feature_text: "손으로 쓴 소개"\n'),
        ("title", ""),  # --feature-field title: the post's title is the user's text too
    ],
)
def test_a_feature_field_with_text_is_kept_when_the_summary_is_written(tmp_path, feature_key, front):
    (tmp_path / "a.md").write_text(GOOD.replace("---\n", "---\n" + front, 1), encoding="utf-8")
    before = postfile.read(tmp_path / "a.md").meta[feature_key]
    (out,) = run([tmp_path / "a.md"], Settings(feature_field=feature_key))
    meta = postfile.read(tmp_path / "a.md").meta
    assert out.status is Status.CHANGED and meta["excerpt"] and meta[feature_key] == before  # it was overwritten
    (forced,) = run([tmp_path / "a.md"], Settings(feature_field=feature_key, force=True))
    assert forced.status is Status.CHANGED and postfile.read(tmp_path / "a.md").meta[feature_key] != before


def test_diff_headers_show_control_characters_in_names(tmp_path):
    name = "a\x1b[31m\nb.md"
    touch(tmp_path, name)
    (out,) = run([tmp_path / name], write=False)
    headers = [line for line in out.diff().splitlines() if line.startswith(("---", "+++"))]
    assert headers == [
        f"--- {tmp_path}/a\\x1b[31m\\x0ab.md\t(original)",
        f"+++ {tmp_path}/a\\x1b[31m\\x0ab.md\t(summarized)",
    ]


def test_a_stop_signal_during_a_write_comes_after_the_post_is_reported(tmp_path, monkeypatch):
    import signal

    from summarizer.app import signals

    touch(tmp_path, "a.md", "b.md")
    real = postfile.rewrite

    def rewrite_then_term(post, text):
        os.kill(os.getpid(), signal.SIGTERM)  # held: the write goes on
        real(post, text)

    monkeypatch.setattr(postfile, "rewrite", rewrite_then_term)
    reported, before = [], signal.getsignal(signal.SIGTERM)
    with pytest.raises(signals.Terminated), signals.stop_signals_raise():
        for out in process(
            [tmp_path / "a.md", tmp_path / "b.md"], lambda: FakeEngine("도서관이 밤늦게까지 문을 엽니다."), Settings()
        ):
            reported.append((out.path.name, out.status))
    assert reported == [("a.md", Status.CHANGED)]  # written and reported, then stopped before b.md
    assert postfile.read(tmp_path / "a.md").has("excerpt") and not postfile.read(tmp_path / "b.md").has("excerpt")
    assert signal.getsignal(signal.SIGTERM) == before  # every handler put back


def test_configured_field_names(tmp_path):
    touch(tmp_path, "a.md")
    settings = Settings(excerpt_field="summary", feature_field="")
    (out,) = run([tmp_path / "a.md"], settings)
    meta = postfile.read(tmp_path / "a.md").meta
    assert out.status is Status.CHANGED and "summary" in meta
    assert "excerpt" not in meta and "feature_text" not in meta
    (again,) = run([tmp_path / "a.md"], settings)
    assert again.status is Status.SKIPPED  # has the excerpt field, and there is no feature field
    (feature,) = run([tmp_path / "a.md"], Settings(excerpt_field="summary", feature_field="card"), write=False)
    assert feature.status is Status.CHANGED and "+card: >" in feature.diff() and "+summary" not in feature.diff()


def test_write_goes_through_a_symlink(tmp_path):
    touch(tmp_path, "real/a.md")
    link = tmp_path / "a.md"
    link.symlink_to(tmp_path / "real" / "a.md")
    (out,) = run([link])
    assert out.status is Status.CHANGED and link.is_symlink()
    assert postfile.read(tmp_path / "real" / "a.md").has("excerpt")


@pytest.mark.parametrize("text", ["", "\x1b\x7f"])
def test_nothing_left_after_stripping_fails(tmp_path, text):
    touch(tmp_path, "a.md")
    (out,) = run([tmp_path / "a.md"], text=text)
    assert out.status is Status.FAILED and "no whole sentence fits" in out.message


def test_decomposed_hangul_is_summarized_and_counted_as_the_syllables_a_reader_sees(tmp_path):
    """Hangul in conjoining jamo (NFD, as macOS writes it) is read as syllables: it was 'empty body (no Korean
    text…)', alone; beside other text its jamo reached the excerpt, and --max-chars counted each jamo."""
    import unicodedata

    from summarizer.engines import get_engine

    nfd = unicodedata.normalize("NFD", GOOD)
    alone, mixed = tmp_path / "alone.md", tmp_path / "mixed.md"
    alone.write_text(nfd, encoding="utf-8")
    mixed.write_text(nfd.replace("<p>서울", "<p>The library said 서울", 1), encoding="utf-8")
    settings = Settings(max_chars=60)
    outcomes = list(process([alone, mixed], lambda: get_engine("lead"), settings))
    assert [o.status for o in outcomes] == [Status.CHANGED, Status.CHANGED], [o.message for o in outcomes]
    for path in (alone, mixed):
        post = postfile.read(path)
        excerpt = post.meta["excerpt"].strip()
        assert excerpt == unicodedata.normalize("NFC", excerpt) and "서울 마포구의" in excerpt
        assert len(excerpt) <= 60 < len(unicodedata.normalize("NFD", excerpt))  # characters, not code points
        assert post.body == postfile.parse(path.read_text(encoding="utf-8")).body
        assert unicodedata.is_normalized("NFD", post.body)  # the post's own text is left as it was


def test_diff_lines_show_a_posts_escape_sequences_and_never_send_them():
    """A body line `\\e]0;PWNED\\a\\e[2J\\e[4A\\e[J` printed raw in --diff context would retitle the terminal, clear
    it and hide the +excerpt lines from a reviewer: every line is shown escaped, its tab and line ending kept."""
    old = "---\ntitle: t\n---\n본문\x1b]0;PWNED\x07\x1b[2J\x1b[4A\x1b[J\t끝\r\n"
    new = old.replace("---\n본문", "excerpt: 요약\n---\n본문")
    shown = Outcome(Path("a.md"), Status.CHANGED, old=old, new=new).diff()
    assert "\x1b" not in shown and "\x07" not in shown
    assert " 본문\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[4A\\x1b[J\t끝\r\n" in shown and "+excerpt: 요약\n" in shown
