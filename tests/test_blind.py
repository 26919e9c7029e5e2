"""The blind-reading kit: an unlabelled sheet with a sealed key, and the ratings table."""

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.blind import tabulate, write_sheet

from .conftest import ROOT

HEADER = "post,candidate,faithful,fluent,informative,style,publishable,note\n"

POSTS = [
    {
        "title": f"제목 {n}",
        "category": "News" if n % 2 else "Hotel",
        "article": "본문 " * 10,
        "path": f"p{n}.md",
        "candidates": {"site": f"사이트 요약 {n}.", "lead": f"리드 요약 {n}.", "condense": f"편집 요약 {n}."},
    }
    for n in range(6)
]


def test_the_sheet_names_no_engine_and_the_key_maps_every_candidate(tmp_path):
    assert write_sheet(POSTS, tmp_path, 4, seed=1) == 4
    sheet = (tmp_path / "sheet.md").read_text(encoding="utf-8")
    assert not any(name in sheet for name in ("condense", "lead", "site 요약"))
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    assert len(key) == 4 and all(sorted(v["candidates"].values()) == ["condense", "lead", "site"] for v in key.values())
    orders = {tuple(v["candidates"].values()) for v in key.values()}
    assert len(orders) > 1  # shuffled per post
    rows = list(csv.DictReader((tmp_path / "ratings.csv").open(encoding="utf-8")))
    assert len(rows) == 12 and set(rows[0]) >= {"faithful", "fluent", "informative", "style", "publishable"}


def test_ratings_are_tabulated_per_engine_and_category(tmp_path):
    write_sheet(POSTS, tmp_path, 6, seed=2)
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((tmp_path / "ratings.csv").open(encoding="utf-8")))
    for row in rows:
        engine = key[row["post"]]["candidates"][row["candidate"]]
        good = engine == "site"
        row.update(
            faithful="5", fluent="5" if good else "3", informative="4", style="4", publishable="yes" if good else "no"
        )
    with (tmp_path / "ratings.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    table = {(r["engine"], r["category"]): r for r in tabulate(tmp_path / "ratings.csv", tmp_path / "key.json")}
    assert table[("site", "")]["publishable"] == 100.0 and table[("lead", "")]["publishable"] == 0.0
    assert table[("condense", "Hotel")]["fluent"] == 3.0 and table[("site", "News")]["posts"] == 3
    assert table[("site", "")]["posts"] == 6


def test_posts_without_a_category_are_counted_once(tmp_path):
    write_sheet([{**p, "category": ""} for p in POSTS], tmp_path, 3)
    rows = list(csv.DictReader((tmp_path / "ratings.csv").open(encoding="utf-8")))
    for row in rows:
        row.update(faithful="4", publishable="yes")
    with (tmp_path / "ratings.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    table = tabulate(tmp_path / "ratings.csv", tmp_path / "key.json")
    assert [(r["engine"], r["category"], r["posts"]) for r in table] == [
        ("condense", "", 3),
        ("lead", "", 3),
        ("site", "", 3),
    ]
    result = CliRunner().invoke(app, ["eval", "--ratings", str(tmp_path / "ratings.csv")])
    assert result.exit_code == 0 and "publishable%" in result.stdout


def test_a_rating_the_key_does_not_know_is_a_usage_error(tmp_path):
    write_sheet(POSTS, tmp_path, 2)
    (tmp_path / "ratings.csv").write_text(
        "post,candidate,faithful,fluent,informative,style,publishable,note\nP999,A,5,5,5,5,yes,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="P999"):
        tabulate(tmp_path / "ratings.csv", tmp_path / "key.json")
    result = CliRunner().invoke(app, ["eval", "--ratings", str(tmp_path / "ratings.csv")])
    assert result.exit_code == 2 and "P999" in result.stderr


def test_eval_writes_a_blind_sheet_with_the_sites_own_excerpt(tmp_path):
    out = tmp_path / "kit"
    result = CliRunner().invoke(
        app,
        ["eval", str(ROOT / "examples"), "--engines", "lead,condense", "--blind-sheet", str(out), "--blind-posts", "2"],
    )
    assert result.exit_code == 0, result.output
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert len(key) == 2 and all(set(v["candidates"].values()) == {"lead", "condense", "site"} for v in key.values())
    assert "clash%" in result.stdout and "register%" in result.stdout and "facts%" in result.stdout


def test_eval_without_paths_or_ratings_is_a_usage_error():
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code == 2 and "--ratings" in result.stderr


def one_error(result, *parts):
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and all(p in errors[0] for p in parts), result.stderr


@pytest.mark.parametrize("existing", ["ratings.csv", "key.json", "sheet.md"])
def test_a_kit_is_never_written_over(tmp_path, existing):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / existing).write_text("P001,A,5,5,5,5,yes,평가자가 적은 메모\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", str(ROOT / "examples" / "reference"), "--engines", "lead", "--blind-sheet", str(kit)]
    )
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, "--blind-sheet", str(kit / existing), "exists")  # before any post is read
    assert [p.name for p in kit.iterdir()] == [existing]
    assert (kit / existing).read_text(encoding="utf-8") == "P001,A,5,5,5,5,yes,평가자가 적은 메모\n"
    with pytest.raises(FileExistsError, match=existing):
        write_sheet(POSTS, kit, 2)
    assert [p.name for p in kit.iterdir()] == [existing]


@pytest.mark.parametrize("name", ["key.json", "ratings.csv", "sheet.md"])
def test_a_kit_is_never_written_through_a_dangling_link(tmp_path, name):
    """kit/key.json -> ../outside/k: the 'kit already here' check used exists(), false for a link to nothing, and
    the key was written through it, outside the kit."""
    kit, outside = tmp_path / "kit", tmp_path / "outside"
    kit.mkdir()
    outside.mkdir()
    (kit / name).symlink_to(Path("..") / "outside" / "k")
    result = CliRunner().invoke(
        app, ["eval", str(ROOT / "examples" / "reference"), "--engines", "lead", "--blind-sheet", str(kit)]
    )
    assert result.exit_code == 2
    one_error(result, "--blind-sheet", str(kit / name), "exists")
    with pytest.raises(FileExistsError):
        write_sheet(POSTS, kit, 2)
    assert list(outside.iterdir()) == [] and [p.name for p in kit.iterdir()] == [name]


def test_an_empty_folder_takes_a_kit(tmp_path):
    (tmp_path / "kit").mkdir()
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(ROOT / "examples" / "reference"),
            "--engines",
            "lead",
            "--blind-sheet",
            str(tmp_path / "kit"),
            "--blind-posts",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "kit").iterdir()) == ["key.json", "ratings.csv", "sheet.md"]


def _kit(tmp_path, body: bytes | str) -> tuple:
    """A kit of 2 posts (candidates A-C each) whose ratings.csv holds `body`; returns the two paths."""
    write_sheet(POSTS, tmp_path, 2)
    ratings = tmp_path / "ratings.csv"
    ratings.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return ratings, tmp_path / "key.json"


@pytest.mark.parametrize(
    "body, message",
    [
        (HEADER + "P001,A,5\n", "line 2: 3 fields where the header has 8"),
        (HEADER + "P001,A,5,5,5,5,yes,좋음,덤\n", "line 2: 9 fields where the header has 8"),
        (HEADER + "P001,A,5,5,5,5,maybe,\n", "line 2: publishable must be yes or no (or blank), got 'maybe'"),
        (HEADER + "P001,A,5,5,5,5,예,\n", "line 2: publishable must be yes or no (or blank), got '예'"),
        (
            HEADER + "P001,A,5,5,5,5,yes,\nP001,B,0,5,5,5,no,\n",
            "line 3: faithful must be a whole number from 1 to 5 (or blank), got '0'",
        ),
        (HEADER + "P001,A,5,6,5,5,yes,\n", "line 2: fluent must be a whole number from 1 to 5 (or blank), got '6'"),
        (
            HEADER + "P001,A,5,5,4.5,5,yes,\n",
            "line 2: informative must be a whole number from 1 to 5 (or blank), got '4.5'",
        ),
        (
            HEADER + "P001,A,5,5,5,다섯,yes,\n",
            "line 2: style must be a whole number from 1 to 5 (or blank), got '다섯'",
        ),
        (
            HEADER + "P001,A,5,5,5,5,yes,\nP002,B,4,4,4,4,no,\nP001,A,1,1,1,1,no,\n",
            "line 4: post P001 candidate A is rated twice (first on line 2)",
        ),
        (HEADER + "P001,A,,,,,,\nP001,A,5,5,5,5,yes,\n", "line 3: post P001 candidate A is rated twice"),
        (HEADER + "P999,A,5,5,5,5,yes,\n", "line 2: post 'P999' candidate 'A' is not in"),
        (HEADER + "P001,Z,5,5,5,5,yes,\n", "line 2: post 'P001' candidate 'Z' is not in"),
        (
            "post,candidate,faithful,fluent,informative,style,note\nP001,A,5,5,5,5,\n",
            "line 1: the header lacks publishable",
        ),
        ("", "line 1: the header lacks post, candidate"),
        (
            (HEADER + "P001,A,5,5,5,5,yes,\nP001,B,5,5,5,5,yes,").encode() + "좋음\n".encode("cp949"),
            "line 3: not UTF-8 text",
        ),
    ],
    ids=[
        "short",
        "long",
        "maybe",
        "korean-yes",
        "zero",
        "six",
        "fraction",
        "word",
        "duplicate",
        "duplicate-blank",
        "unknown-post",
        "unknown-candidate",
        "no-column",
        "empty",
        "cp949",
    ],
)
def test_a_bad_ratings_row_is_one_error_naming_file_and_line(tmp_path, body, message):
    ratings, key = _kit(tmp_path, body)
    before = ratings.read_bytes(), key.read_bytes()
    with pytest.raises(ValueError, match="^" + str(ratings)):
        tabulate(ratings, key)
    result = CliRunner().invoke(app, ["eval", "--ratings", str(ratings)])
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, f"{ratings}: {message}")
    assert (ratings.read_bytes(), key.read_bytes()) == before


@pytest.mark.parametrize(
    "body",
    [
        "\ufeff" + HEADER + "P001,A,5,4,3,2,yes,\n",  # Excel's "CSV UTF-8"
        (HEADER + "P001,A, 5 ,4,3,2,YES,\n").replace("\n", "\r\n"),
        HEADER + 'P001,A,5,4,3,2,Yes,"두 줄,\n메모"\n\n,,,,,,,\nP001,B,,,,,,\n',  # blank rows: not rated yet
        "post,candidate,faithful,fluent,informative,style,publishable\nP001,A,5,4,3,2,yes\n",  # no note column
    ],
    ids=["bom", "crlf-spaces-case", "blank-rows", "no-note"],
)
def test_ratings_a_spreadsheet_may_save_are_read(tmp_path, body):
    ratings, key = _kit(tmp_path, body)
    engine = json.loads(key.read_text(encoding="utf-8"))["P001"]["candidates"]["A"]
    table = tabulate(ratings, key)
    assert [(r["engine"], r["category"]) for r in table][0] == (engine, "")
    assert {k: table[0][k] for k in ("posts", "faithful", "fluent", "informative", "style", "publishable")} == {
        "posts": 1,
        "faithful": 5,
        "fluent": 4,
        "informative": 3,
        "style": 2,
        "publishable": 100.0,
    }
    result = CliRunner().invoke(app, ["eval", "--ratings", str(ratings)])
    assert result.exit_code == 0 and result.stderr == "" and "publishable%" in result.stdout


def test_a_blank_value_is_not_counted(tmp_path):
    ratings, key = _kit(tmp_path, HEADER + "P001,A,5,,3,,,\nP002,B,3,2,,,no,\nP002,C,,,,,,메모만\n")
    assert {p: e["candidates"] for p, e in json.loads(key.read_text(encoding="utf-8")).items()} == {
        "P001": {"A": "condense", "B": "lead", "C": "site"},
        "P002": {"A": "site", "B": "lead", "C": "condense"},
    }
    table = {r["engine"]: r for r in tabulate(ratings, key) if r["category"] == ""}
    assert {
        e: (r["posts"], r["faithful"], r["fluent"], r["informative"], r["style"], r["publishable"])
        for e, r in table.items()
    } == {"condense": (1, 5.0, None, 3.0, None, None), "lead": (1, 3.0, 2.0, None, None, 0.0)}
    result = CliRunner().invoke(app, ["eval", "--ratings", str(ratings)])
    assert result.exit_code == 0 and result.stderr == "" and " - " in result.stdout


def test_the_sheet_says_what_the_table_accepts(tmp_path):
    write_sheet(POSTS, tmp_path, 1)
    sheet = (tmp_path / "sheet.md").read_text(encoding="utf-8")
    assert "whole number from 1 (bad) to 5 (good)" in sheet and "publishable yes or no" in sheet
    assert "blanks are not counted" in sheet


@pytest.mark.parametrize(
    "key_text",
    [
        b"[1]",
        b'{"P001": 5}',
        b'{"P001": {"candidates": ["site"]}}',
        b'{"P001": {"candidates": {"A": 1}}}',
        b'{"P001": {"category": 3, "candidates": {"A": "site"}}}',
        b"{not json",
        '{"P001": "\ud0a4"}'.encode("cp949"),
    ],
    ids=["list", "number", "candidate-list", "engine-number", "category-number", "not-json", "cp949"],
)
def test_a_key_that_is_not_a_kits_is_one_error_naming_it(tmp_path, key_text):
    ratings, key = _kit(tmp_path, HEADER + "P001,A,5,5,5,5,yes,\n")
    key.write_bytes(key_text)
    with pytest.raises(ValueError, match="^" + str(key)):
        tabulate(ratings, key)
    result = CliRunner().invoke(app, ["eval", "--ratings", str(ratings), "--key", str(key)])
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, str(key), "blind kit")
