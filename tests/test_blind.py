"""The blind-reading kit: an unlabelled sheet with a sealed key, and the ratings table."""

import csv
import json

import pytest
from typer.testing import CliRunner

from summarizer.blind import tabulate, write_sheet
from summarizer.cli import app

from .conftest import ROOT

POSTS = [{"title": f"제목 {n}", "category": "News" if n % 2 else "Hotel", "article": "본문 " * 10, "path": f"p{n}.md",
          "candidates": {"site": f"사이트 요약 {n}.", "lead": f"리드 요약 {n}.", "condense": f"편집 요약 {n}."}}
         for n in range(6)]


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
        row.update(faithful="5", fluent="5" if good else "3", informative="4", style="4",
                   publishable="yes" if good else "no")
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
    assert [(r["engine"], r["category"], r["posts"]) for r in table] == [("condense", "", 3), ("lead", "", 3), ("site", "", 3)]
    result = CliRunner().invoke(app, ["eval", "--ratings", str(tmp_path / "ratings.csv")])
    assert result.exit_code == 0 and "publishable%" in result.stdout


def test_a_rating_the_key_does_not_know_is_a_usage_error(tmp_path):
    write_sheet(POSTS, tmp_path, 2)
    (tmp_path / "ratings.csv").write_text("post,candidate,faithful,fluent,informative,style,publishable,note\n"
                                          "P999,A,5,5,5,5,yes,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="P999"):
        tabulate(tmp_path / "ratings.csv", tmp_path / "key.json")
    result = CliRunner().invoke(app, ["eval", "--ratings", str(tmp_path / "ratings.csv")])
    assert result.exit_code == 2 and "P999" in result.stderr


def test_eval_writes_a_blind_sheet_with_the_sites_own_excerpt(tmp_path):
    out = tmp_path / "kit"
    result = CliRunner().invoke(app, ["eval", str(ROOT / "examples"), "--engines", "lead,condense",
                                      "--blind-sheet", str(out), "--blind-posts", "2"])
    assert result.exit_code == 0, result.output
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert len(key) == 2 and all(set(v["candidates"].values()) == {"lead", "condense", "site"} for v in key.values())
    assert "clash%" in result.stdout and "register%" in result.stdout and "facts%" in result.stdout


def test_eval_without_paths_or_ratings_is_a_usage_error():
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code == 2 and "--ratings" in result.stderr
