"""Post file round-trip: golden files for every front-matter style, span edits, atomic writes."""

import os
import stat

import pytest

from summarizer import postfile
from summarizer.config import Settings
from summarizer.engines import get_engine
from summarizer.pipeline import process

from .conftest import GOLDEN, UPDATE, copy_in

CASES = sorted(p.name for p in GOLDEN.glob("*.in.md"))
TEMPLATE = "## koreaapp 실시간 뉴스 속보입니다.\n\n{excerpt}"


@pytest.mark.parametrize("name", CASES)
def test_golden_round_trip(tmp_path, name):
    (path,) = copy_in(tmp_path, name)
    settings = Settings(engine="lead", feature_template=TEMPLATE)
    outcomes = list(process([path], lambda: get_engine("lead"), settings))
    assert outcomes[0].status in {"changed", "skipped"}, outcomes[0].message
    golden = GOLDEN / name.replace(".in.md", ".out.md")
    result = path.read_bytes()
    if UPDATE:
        golden.write_bytes(result)
    assert result == golden.read_bytes()


@pytest.mark.parametrize("name", CASES)
def test_only_the_two_fields_change(tmp_path, name):
    before = (GOLDEN / name).read_bytes().decode()
    after = (GOLDEN / name.replace(".in.md", ".out.md")).read_bytes().decode()
    old, new = postfile.parse(before), postfile.parse(after)
    assert new.body == old.body
    assert {k: v for k, v in new.meta.items() if k not in ("excerpt", "feature_text")} == \
        {k: v for k, v in old.meta.items() if k not in ("excerpt", "feature_text")}
    assert postfile.remove_fields(new, ["excerpt", "feature_text"]) == postfile.remove_fields(old, ["excerpt", "feature_text"])
    assert ("\r\n" in after) == ("\r\n" in before)
    assert after.startswith("\ufeff") == before.startswith("\ufeff")
    assert after.endswith("\n") == before.endswith("\n")


def test_human_excerpt_is_kept_and_feature_text_derived_from_it():
    post = postfile.parse((GOLDEN / "existing_excerpt.out.md").read_text(encoding="utf-8"))
    assert post.meta["excerpt"] == "사람이 쓴 요약입니다. 그대로 둡니다."
    assert post.meta["feature_text"] == "## koreaapp 실시간 뉴스 속보입니다.\n사람이 쓴 요약입니다. 그대로 둡니다.\n"


def test_seed_style_folded_output():
    post = postfile.parse("---\ntitle: t\n---\nbody\n")
    text = postfile.set_fields(post, {"excerpt": "한 문장. 두 문장.", "feature_text": "## 머리\n\n한 문장. 두 문장."})
    assert text == ("---\ntitle: t\nexcerpt: >\n  한 문장. 두 문장.\nfeature_text: >\n  ## 머리\n\n  한 문장. 두 문장.\n"
                    "---\nbody\n")
    assert postfile.parse(text).meta["feature_text"] == "## 머리\n한 문장. 두 문장.\n"


def test_replaces_multi_line_value_and_keeps_following_comment():
    text = "---\nexcerpt: |\n  old\n  lines\n# keep me\nimage: x\n---\n"
    new = postfile.set_fields(postfile.parse(text), {"excerpt": "새 요약."})
    assert new == "---\nexcerpt: >\n  새 요약.\n# keep me\nimage: x\n---\n"


def test_empty_front_matter_gets_fields():
    new = postfile.set_fields(postfile.parse("---\n---\n본문\n"), {"excerpt": "요약."})
    assert new == "---\nexcerpt: >\n  요약.\n---\n본문\n"


@pytest.mark.parametrize("text, cause", [
    ("title: x\n---\nbody", "no front matter"),
    ("---\ntitle: x\nbody", "not closed"),
    ("---\ntitle: a: b\n---\nbody", "broken YAML front matter at line 2"),
    ("---\ntitle: \"x\n---\nbody", "broken YAML"),
    ("---\n- a\n- b\n---\nbody", "not a mapping"),
    ("---\n{title: x}\n---\nbody", "flow mapping"),
    ("---\ntitle: x\ntitle: y\n---\nbody", "duplicate"),
])
def test_parse_errors(text, cause):
    with pytest.raises(postfile.PostError, match=cause):
        postfile.parse(text)


def test_decode_errors():
    with pytest.raises(postfile.PostError, match="not UTF-8"):
        postfile.decode("---\ntitle: 한글\n---\n".encode("euc-kr"))
    with pytest.raises(postfile.PostError, match="binary"):
        postfile.decode(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_write_is_atomic_keeps_mode_and_leaves_no_temp(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o640)
    postfile.write(path, "새 내용")
    assert path.read_text(encoding="utf-8") == "새 내용"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_write_refuses_read_only_file(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o444)
    with pytest.raises(postfile.PostError, match="read-only"):
        postfile.write(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
