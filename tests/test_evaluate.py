"""Evaluation: Kiwi-morpheme ROUGE against hand-computed cases, faithfulness, the eval CLI."""

import csv
import json

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.evaluation.evaluate import rouge
from summarizer.text.kiwi import facts, morphemes, unsupported_facts

from .conftest import ROOT


def test_tokenization_is_kiwi_morphemes():
    assert morphemes(["시내버스 요금이 200원 오른다."]) == [["시내버스", "요금", "이", "200", "원", "오르", "ᆫ다"]]


@pytest.mark.parametrize(
    "reference, summary, expected",
    [
        # unigrams 사과 포도 shared of 3 each: P = R = 2/3; no shared bigram; LCS 사과 포도 = 2
        ("사과 배 포도", "사과 포도 감", {"rouge1": 66.67, "rouge2": 0.0, "rougeL": 66.67}),
        # ref 서울 시내 버스 요금 이 오르 ᆫ다 / hyp 시내버스 요금 이 200 원 오르 ᆫ다 (7 tokens each):
        # 4 shared unigrams (4/7), 2 shared bigrams of 6 (요금 이, 오르 ᆫ다), LCS 요금 이 오르 ᆫ다 = 4
        (
            "서울 시내버스 요금이 오른다.",
            "시내버스 요금이 200원 오른다.",
            {"rouge1": 57.14, "rouge2": 33.33, "rougeL": 57.14},
        ),
        ("같은 문장입니다.", "같은 문장입니다.", {"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0}),
        ("전혀 다른 말", "완벽히 새로운 이야기", {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}),
    ],
)
def test_rouge_hand_computed(reference, summary, expected):
    (score,) = rouge([(reference, summary)])
    assert {k: round(v, 2) for k, v in score.items()} == expected


def test_default_rouge_tokenizer_would_score_korean_zero():
    from rouge_score import rouge_scorer

    plain = rouge_scorer.RougeScorer(["rouge1"]).score("사과 배 포도", "사과 배 포도")["rouge1"].fmeasure
    assert plain == 0.0 and rouge([("사과 배 포도", "사과 배 포도")])[0]["rouge1"] == 100.0


def test_unsupported_facts():
    article = "시는 다음 달 1일부터 버스 요금을 1,500원에서 1,700원으로 올린다고 밝혔다."
    (known,) = facts([article])
    (claimed,) = facts(["서울시는 요금을 2,000원으로 올린다."])
    assert unsupported_facts(claimed, article, known) == {"서울시", "2,000"}
    (fine,) = facts(["요금이 1,700원이 된다."])
    assert unsupported_facts(fine, article, known) == set()


def test_eval_cli_table_and_rows(tmp_path):
    out = tmp_path / "rows.csv"
    result = CliRunner().invoke(
        app, ["eval", str(ROOT / "examples"), "--engines", "lead,extractive", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    # 3 posts without one, and 2 Hugo posts (TOML and JSON front matter: their field is `summary`)
    assert "5 posts have a reference in `summary` or `excerpt`; 5 without one skipped" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["engine", "posts", "R-1", "R-2", "R-L"]
    assert [line.split()[0] for line in lines[1:]] == ["lead", "extractive"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 10 and {r["engine"] for r in rows} == {"lead", "extractive"}
    assert all(float(r["rouge1"]) > 0 for r in rows)


def test_eval_json_output_and_unknown_engine(tmp_path):
    out = tmp_path / "rows.json"
    ok = CliRunner().invoke(app, ["eval", str(ROOT / "examples"), "--engines", "lead", "--output", str(out)])
    assert ok.exit_code == 0 and len(json.loads(out.read_text(encoding="utf-8"))) == 5
    bad = CliRunner().invoke(app, ["eval", str(ROOT / "examples"), "--engines", "lead,gpt"])
    assert bad.exit_code == 2 and "unknown engine" in bad.stderr


def _independent_rouge(ref: list[str], hyp: list[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 written out from the definitions, to check rouge-score's numbers."""
    from collections import Counter

    def f1(overlap, a, b):
        return 100 * 2 * overlap / (a + b) if a and b and overlap else 0.0

    def grams(t, n):
        return Counter(zip(*(t[i:] for i in range(n))))

    r1 = f1(sum((grams(ref, 1) & grams(hyp, 1)).values()), len(ref), len(hyp))
    r2 = f1(sum((grams(ref, 2) & grams(hyp, 2)).values()), max(len(ref) - 1, 0), max(len(hyp) - 1, 0))
    table = [[0] * (len(hyp) + 1) for _ in range(len(ref) + 1)]
    for i, a in enumerate(ref):
        for j, b in enumerate(hyp):
            table[i + 1][j + 1] = table[i][j] + 1 if a == b else max(table[i][j + 1], table[i + 1][j])
    return {"rouge1": r1, "rouge2": r2, "rougeL": f1(table[-1][-1], len(ref), len(hyp))}


def test_rouge_matches_independent_computation_on_example_posts():
    from summarizer.evaluation.evaluate import run_engine
    from summarizer.posts.corpus import references

    examples, _, _ = references([ROOT / "examples"])
    rows, _, _ = run_engine("lead", examples)
    refs, hyps = morphemes([r.reference for r in rows]), morphemes([r.summary for r in rows])
    for row, ref, hyp in zip(rows, refs, hyps):
        expected = _independent_rouge(ref, hyp)
        assert {m: getattr(row, m) for m in expected} == pytest.approx(expected, abs=0.01)


def test_a_category_holding_escape_sequences_is_shown_escaped_in_the_table():
    from summarizer.evaluation.scores import ScoreRow, table

    row = ScoreRow("lead", 3, 40.0, 20.0, 30.0, 0.0, 90, 10.0, 5.0, 0, category="뉴스\x1b]0;PWNED\x07\x1b[2J")
    shown = table([row])
    assert "\x1b" not in shown and "\x07" not in shown and "뉴스\\x1b]0;PWNED\\x07\\x1b[2J" in shown
