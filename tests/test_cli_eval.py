"""`summarizer eval`'s flags: each is checked, and named, before any engine runs."""

import pytest
from typer.testing import CliRunner

from summarizer.cli import app

from .conftest import ROOT

REFERENCE = ROOT / "examples" / "reference"  # 4 posts with an excerpt


def one_error(result, *parts):
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and all(p in errors[0] for p in parts), result.stderr


def evaluate(*args):
    return CliRunner().invoke(app, ["eval", str(REFERENCE), *args])


@pytest.mark.parametrize("reference", ["bad key", "", "요약", "a.b"])
def test_a_bad_reference_names_reference(reference):
    result = evaluate("--engines", "lead", "--reference", reference)
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, "--reference: must be a front matter key", repr(reference))
    assert "--excerpt-field" not in result.stderr


def test_the_reference_may_be_the_field_run_would_write_second():
    """eval reads --reference and writes nothing: the config's feature field (feature_text) does not bind it."""
    result = evaluate("--engines", "lead", "--reference", "feature_text")
    assert result.exit_code == 0, result.output
    assert "4 posts have a reference in `feature_text`; 0 without one skipped" in result.stderr
    assert result.stdout.splitlines()[1].split()[:2] == ["lead", "4"]


@pytest.mark.parametrize(
    "engines, rows",
    [
        ("lead,,lead", ["lead"]),
        (" lead , lead,", ["lead"]),
        ("lead,extractive,lead", ["lead", "extractive"]),
        ("extractive,lead,extractive", ["extractive", "lead"]),
    ],
)
def test_engines_are_run_once_each_in_the_order_given(engines, rows):
    result = evaluate("--engines", engines)
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == rows


@pytest.mark.parametrize("engines", ["", ",", " , ,"])
def test_engines_naming_none_is_a_usage_error(engines):
    result = evaluate("--engines", engines)
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, "--engines: name at least one engine")


@pytest.mark.parametrize("name", ["rows.txt", "rows", "rows.csv.bak", "rows.jsonl"])
def test_output_must_be_csv_or_json(tmp_path, name):
    result = evaluate("--engines", "lead", "--output", str(tmp_path / name))
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, "--output", str(tmp_path / name), ".csv or .json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["rows.CSV", "rows.Json"])
def test_output_suffix_case_does_not_matter(tmp_path, name):
    result = evaluate("--engines", "lead", "--output", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).stat().st_size > 0


def test_the_default_engines_include_the_default_engine():
    """Without --engines, eval compares lead and extractive with the engine `run` uses (it left that one out)."""
    from summarizer import engines

    result = evaluate("--limit", "1")
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert rows[:3] == ["lead", "extractive", engines.default_engine()]
