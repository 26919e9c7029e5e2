"""Front-matter formats: detection, TOML and JSON span edits checked with tomllib/json, comments, limits."""

import json
import re

import pytest
import tomllib

from summarizer.posts import postfile
from summarizer.posts.formats import toml_fm

from .conftest import GOLDEN

SUMMARY = ("excerpt", "feature_text")
TOML_CASES = sorted(p.name for p in GOLDEN.glob("toml_*.in.md"))
JSON_CASES = sorted(p.name for p in GOLDEN.glob("json_*.in.md"))
TRICKY = [
    '따옴표 "안" 과 역슬래시 \\ 끝\\',
    "탭\t과 제어문자 \x01 \x7f 그리고 \u2028",
    "## 머리\n\n본문 한 줄. 두 줄.",
    "세 따옴표 \"\"\" 와 ''' 가 든\n줄",
    "\n앞 줄바꿈과 뒤 줄바꿈\n",
    '끝이 따옴표"',
    "여러\r\n줄 CRLF\r\n",
    "",
]


def _golden(name: str) -> tuple[str, str]:
    out = name.replace(".in.md", ".out.md")
    return (GOLDEN / name).read_bytes().decode("utf-8"), (GOLDEN / out).read_bytes().decode("utf-8")


def _toml_front_matter(text: str) -> str:
    return re.match(r"\ufeff?\+\+\+\r?\n(.*?)^\+\+\+", text, re.S | re.M).group(1)


def _summary_lines(lines: list[str]) -> set[int]:
    """Indices of the lines of top-level `excerpt = ...` / `feature_text = ...` statements."""
    found, i = set(), 0
    while i < len(lines) and not lines[i].startswith("["):  # keys under a [table] are not summary fields
        if re.match(r"(excerpt|feature_text)\s*=", lines[i]):
            found.add(i)
            if lines[i].count('"""') == 1:  # a multi-line string: up to the line that closes it
                i += 1
                while '"""' not in lines[i]:
                    found.add(i)
                    i += 1
                found.add(i)
        i += 1
    return found


@pytest.mark.parametrize(
    "text, name",
    [
        ("---\na: 1\n---\n", "yaml"),
        ("\ufeff---\r\na: 1\r\n---\r\n", "yaml"),
        ("+++\na = 1\n+++\n", "toml"),
        ("\ufeff+++\r\na = 1\r\n+++\r\n", "toml"),
        ('{"a": 1}\n', "json"),
        ('\ufeff{\r\n"a": 1\r\n}\r\nbody', "json"),
    ],
)
def test_format_is_detected_from_the_first_line(text, name):
    post = postfile.parse(text)
    assert post.format == name and post.meta == {"a": 1}


@pytest.mark.parametrize("text", ["title: x\n", "++\na = 1\n++\n", "[a]\nb = 1\n", ' {"a": 1}\n', "", "\ufeff"])
def test_no_front_matter(text):
    with pytest.raises(postfile.InvalidPost, match="no front matter"):
        postfile.parse(text)


@pytest.mark.parametrize("name", TOML_CASES)
def test_toml_golden_changes_only_the_summary_lines(name):
    before, after = _golden(name)
    old, new = tomllib.loads(_toml_front_matter(before)), tomllib.loads(_toml_front_matter(after))
    assert {k: v for k, v in new.items() if k not in SUMMARY} == {k: v for k, v in old.items() if k not in SUMMARY}
    assert new.get("params") == old.get("params")  # including params.excerpt, which is not a summary field
    assert all(isinstance(new[k], str) and new[k].strip() for k in SUMMARY)
    if isinstance(old.get("excerpt"), str) and old["excerpt"].strip():
        assert new["excerpt"] == old["excerpt"]  # a hand-written excerpt is kept
    assert postfile.parse(after).body == postfile.parse(before).body
    assert after[after.index("\n+++") :].split("\n", 2)[2] == before[before.index("\n+++") :].split("\n", 2)[2]
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    old_rest = [line for i, line in enumerate(old_lines) if i not in _summary_lines(old_lines)]
    new_rest = [line for i, line in enumerate(new_lines) if i not in _summary_lines(new_lines)]
    assert new_rest == old_rest  # every other line is byte-identical, in the same order
    comments = [line for line in old_lines if "#" in line and line.lstrip().startswith(("excerpt", "feature_text"))]
    for line in comments:  # a comment after a replaced value stays on its line
        assert any(line[line.index("#") :] in new for new in new_lines)


@pytest.mark.parametrize("name", JSON_CASES)
def test_json_golden_changes_only_the_summary_members(name):
    before, after = _golden(name)
    old_post, new_post = postfile.parse(before), postfile.parse(after)
    old = json.loads(before[old_post.fm.start : old_post.fm.end])
    new = json.loads(after[new_post.fm.start : new_post.fm.end])
    assert {k: v for k, v in new.items() if k not in SUMMARY} == {k: v for k, v in old.items() if k not in SUMMARY}
    assert [k for k in new if k in old] == list(old)  # key order kept
    assert all(isinstance(new[k], str) and new[k].strip() for k in SUMMARY)
    assert new_post.body == old_post.body
    assert after[new_post.fm.end :] == before[old_post.fm.end :]  # the rest of the file, byte for byte
    old_fm, new_fm = before[old_post.fm.start : old_post.fm.end], after[new_post.fm.start : new_post.fm.end]
    summary = re.compile(r'\s*"(excerpt|feature_text)": "')
    if "\n" in old_fm:  # one member per line: every other line is byte-identical
        old_rest = [line.rstrip(",\r\n") for line in old_fm.splitlines() if not summary.match(line)]
        new_rest = [line.rstrip(",\r\n") for line in new_fm.splitlines() if not summary.match(line)]
        assert new_rest == old_rest
    else:  # one line: the old text with one member added
        assert new_fm.replace(f', "feature_text": {json.dumps(new["feature_text"], ensure_ascii=False)}', "") == old_fm
    for key in SUMMARY:
        assert f'"{key}": {json.dumps(new[key], ensure_ascii=False)}' in after


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_toml_values_round_trip_through_tomllib(value, newline):
    text = f"+++{newline}title = 'x'{newline}excerpt = 'old' # keep{newline}+++{newline}body"
    new = postfile.set_fields(postfile.parse(text), {"excerpt": value, "feature_text": value})
    meta = tomllib.loads(_toml_front_matter(new))
    assert meta == {"title": "x", "excerpt": value, "feature_text": value}
    assert new.endswith(f"+++{newline}body") and "# keep" in new
    assert postfile.parse(new).meta == meta


@pytest.mark.parametrize("value", TRICKY)
def test_json_values_round_trip_through_json(value):
    text = '{\n  "title": "x",\n  "excerpt": null\n}\nbody'
    new = postfile.set_fields(postfile.parse(text), {"excerpt": value, "feature_text": value})
    assert json.loads(new[: new.index("}\n") + 1]) == {"title": "x", "excerpt": value, "feature_text": value}
    assert new.startswith('{\n  "title": "x",\n  "excerpt": ') and new.endswith("\n}\nbody")


def test_toml_new_keys_go_before_the_first_table_and_its_comments():
    text = "+++\ntitle = 'x'\ntags = [\n  'a',\n]\n\n# theme\n[params]\nexcerpt = 'not this one'\n+++\nbody\n"
    new = postfile.set_fields(postfile.parse(text), {"excerpt": "요약.", "feature_text": "## 머리\n\n요약."})
    assert new == (
        "+++\ntitle = 'x'\ntags = [\n  'a',\n]\n"
        'excerpt = "요약."\nfeature_text = """\n## 머리\n\n요약."""\n'
        "\n# theme\n[params]\nexcerpt = 'not this one'\n+++\nbody\n"
    )


def test_toml_new_key_goes_after_the_existing_summary_field():
    text = '+++\n"excerpt" = """\n사람이 쓴 요약."""  # 손으로\ndate = 2024-01-01\n+++\nbody\n'
    post = postfile.parse(text)
    new = postfile.set_fields(post, {"feature_text": "사람이 쓴 요약."})
    assert new == (
        '+++\n"excerpt" = """\n사람이 쓴 요약."""  # 손으로\nfeature_text = "사람이 쓴 요약."\n'
        "date = 2024-01-01\n+++\nbody\n"
    )
    replaced = postfile.set_fields(post, {"excerpt": "새 요약."}, after=())
    assert replaced == '+++\n"excerpt" = "새 요약."  # 손으로\ndate = 2024-01-01\n+++\nbody\n'
    assert postfile.set_fields(post, {"x": "1"}, after=("date",)).endswith('date = 2024-01-01\nx = "1"\n+++\nbody\n')


def test_toml_comments_inside_a_replaced_value_are_kept_and_removal_keeps_them():
    text = "+++\nexcerpt = [ # old list\n  'a', # first\n]  # tail\ntitle = 'x'\n+++\nbody"
    post = postfile.parse(text)
    new = postfile.set_fields(post, {"excerpt": "요약."})
    assert new == "+++\nexcerpt = \"요약.\"  # tail\n# old list\n# first\ntitle = 'x'\n+++\nbody"
    assert postfile.remove_fields(postfile.parse(new), ["excerpt"]) == postfile.remove_fields(post, ["excerpt"])
    assert postfile.remove_fields(post, ["excerpt"]) == "+++\n# tail\n# old list\n# first\ntitle = 'x'\n+++\nbody"


def test_toml_statement_scanner_is_not_fooled_by_strings():
    fm = "a = \"\"\"\n[not a table]\nb = 1 # no\n\"\"\"\"\nc = '''x''' # c\n'd.e' = '#'\n[t]\nx = 1\n"
    stmts = toml_fm.statements(fm)
    assert [(s.first, s.end, s.header, s.key) for s in stmts] == [
        (0, 4, False, "a"),
        (4, 5, False, "c"),
        (5, 6, False, "d.e"),
        (6, 7, True, ""),
        (7, 8, False, "x"),
    ]
    assert stmts[1].tail == " # c" and tomllib.loads(fm)["a"] == '[not a table]\nb = 1 # no\n"'


@pytest.mark.parametrize("text", ["+++\nexcerpt.x = 1\n+++\n", "+++\n[excerpt]\nx = 1\n+++\n"])
def test_toml_table_or_dotted_summary_key_is_refused(text):
    with pytest.raises(postfile.InvalidPost, match="not a plain top-level field"):
        postfile.set_fields(postfile.parse(text), {"excerpt": "요약."})


def test_json_member_after_given_key_and_empty_object():
    post = postfile.parse('{\n\t"title": "x",\n\t"date": "2024"\n}\nbody')
    new = postfile.set_fields(post, {"feature_text": "f"}, after=("title",))
    assert new == '{\n\t"title": "x",\n\t"feature_text": "f",\n\t"date": "2024"\n}\nbody'
    assert postfile.remove_fields(postfile.parse(new), ["feature_text"]) == post.text
    assert postfile.set_fields(postfile.parse("{}\nb"), {"excerpt": "요약"}) == '{\n  "excerpt": "요약"\n}\nb'
    assert postfile.set_fields(postfile.parse('{"a":1}\nb'), {"excerpt": "요약"}) == '{"a":1,"excerpt":"요약"}\nb'


@pytest.mark.parametrize(
    "text, cause",
    [
        ('+++\ntitle = "x\n+++\nbody', r"broken TOML front matter: .*line 2"),
        ("+++\na = 1\na = 2\n+++\nbody", "broken TOML"),
        ("+++\na = 1\nbody", "TOML front matter is not closed"),
        ("+++\na = " + "[" * 3000 + "]" * 3000 + "\n+++\nbody", "nested too deeply"),
        ('{\n"a": 1,\n}\nbody', "broken JSON front matter at line 3"),
        ('{"a": 1, "a": 2}\nbody', "duplicate front matter key 'a'"),
        ('{"a": 1} trailing\nbody', "text after the JSON front matter"),
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\nbody", "nested too deeply"),
        ('{"a": 1\nbody', "broken JSON"),
    ],
)
def test_toml_and_json_errors(text, cause):
    with pytest.raises(postfile.InvalidPost, match=cause):
        postfile.parse(text)


def test_yaml_comment_on_the_key_line_moves_above_and_indented_comments_stay_below():
    text = (
        '---\ntitle: "# not a comment"\nexcerpt: "a # b" # note\n  # indented\n'
        "feature_text: |  # header\n  # content, not a comment\n # less indented\nimage: x # keep\n---\nbody\n"
    )
    post = postfile.parse(text)
    new = postfile.set_fields(post, {"excerpt": "요약.", "feature_text": "요약."})
    assert new == (
        '---\ntitle: "# not a comment"\n# note\nexcerpt: >\n  요약.\n# indented\n# header\n'
        "feature_text: >\n  요약.\n# less indented\nimage: x # keep\n---\nbody\n"
    )
    assert postfile.remove_fields(postfile.parse(new), SUMMARY) == postfile.remove_fields(post, SUMMARY)
    assert postfile.set_fields(postfile.parse(new), {"excerpt": "요약.", "feature_text": "요약."}) == new


def test_toml_lines_break_only_at_newline():
    text = '+++\ntitle = "a\u2028b\u0085c" # x\u2028y\nexcerpt = "x"\ndate = 1\n+++\nbody\n'
    new = postfile.set_fields(postfile.parse(text), {"excerpt": "새"})
    assert new == '+++\ntitle = "a\u2028b\u0085c" # x\u2028y\nexcerpt = "새"\ndate = 1\n+++\nbody\n'


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: t\nfeature_text: |+\n  손으로 쓴 글\n\n---\nbody\n",  # hand-written: kept, excerpt added after
        "---\ntitle: t\nexcerpt: |+\n  old\n\n\n# note\n\ntags: x\n---\nbody\n",  # blank lines, then a comment
        "---\ntitle: t\nexcerpt: >+\n  old\n\n\ntags: x\n---\nbody\n",  # folded, before another key
    ],
)
def test_yaml_keep_chomped_block_scalar_keeps_its_trailing_blank_lines(text):
    post = postfile.parse(text)
    missing = [key for key in SUMMARY if key not in post.meta]  # the field already there is kept (no --force)
    new = postfile.set_fields(post, dict.fromkeys(missing, "요약."))
    assert postfile.parse(new).meta == {**post.meta, **dict.fromkeys(missing, "요약.\n")}  # |+ blank lines too
    replaced = postfile.set_fields(post, dict.fromkeys(SUMMARY, "요약."))  # --force replaces the kept field too
    assert postfile.parse(replaced).meta == {**post.meta, **dict.fromkeys(SUMMARY, "요약.\n")}


@pytest.mark.parametrize("name", ["on", "off", "yes", "No", "TRUE", "false", "null", "Null"])
def test_yaml_field_names_yaml_reads_as_booleans_or_null_are_written_quoted(name):
    post = postfile.parse("---\ntitle: t\non: 3\n---\nbody\n")  # `on:` is the key True; the field is the string
    new = postfile.set_fields(post, {name: "요약."})
    assert f"\n'{name}': >\n  요약.\n" in new
    meta = postfile.parse(new).meta
    assert meta[name] == "요약.\n" and meta[True] == 3
    assert postfile.set_fields(postfile.parse(new), {name: "새 요약."}).count(f"'{name}':") == 1  # found again


def test_toml_nan_is_the_same_value_after_an_edit():
    post = postfile.parse('+++\ntitle = "t"\nrating = nan\nscores = [1.0, -nan]\n+++\nbody\n')
    new = postfile.set_fields(post, {"excerpt": "요약."})
    assert new == '+++\ntitle = "t"\nrating = nan\nscores = [1.0, -nan]\nexcerpt = "요약."\n+++\nbody\n'
