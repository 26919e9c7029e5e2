"""Where train and eval write besides the posts (`summarizer.app.outputs`): a new or empty folder, or one the tool
wrote; never through a symbolic link; checked before any post is read."""

import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.text import kiwi

from .conftest import ROOT

REFERENCE = ROOT / "examples" / "reference"  # 4 posts with an excerpt
RECORD = {"command": "summarizer train _posts -o model", "posts": {"train": 30}}


def one_error(result, *parts):
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and all(p in errors[0] for p in parts), result.stderr


@pytest.fixture
def no_analysis(monkeypatch):
    """Fails a test that reaches Kiwi: the check comes before any post is analysed."""
    monkeypatch.setattr(kiwi, "get_kiwi", lambda: pytest.fail("posts were analysed before the check"))


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def a_site(root):
    """A site: 40 posts with an excerpt under _posts, and the site's own README.md and config.json."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    for n in range(40):
        source = sorted(REFERENCE.glob("*.md"))[n % 4]
        shutil.copy(source, posts / f"2024-08-{1 + n % 28:02d}-{n}.md")
    (root / "README.md").write_text("# My site\n", encoding="utf-8")
    (root / "config.json").write_text('{"site":1}\n', encoding="utf-8")
    return root


@pytest.mark.parametrize("where", ["site", "."])
def test_train_never_writes_into_a_folder_of_other_files(tmp_path, monkeypatch, no_analysis, where):
    """`train site/_posts -o site` (or `-o .` at the site's root) replaced its README.md and config.json."""
    site = a_site(tmp_path / "site")
    before = snapshot(site)
    monkeypatch.chdir(site if where == "." else tmp_path)
    posts = "_posts" if where == "." else "site/_posts"
    result = CliRunner().invoke(app, ["train", posts, "-o", where])
    assert result.exit_code == 2 and result.stdout == ""
    one_error(result, f"--output: {where} is a folder that holds other files (README.md, _posts, config.json)")
    assert snapshot(site) == before


def test_train_output_that_is_a_file_is_refused_before_any_post_is_read(tmp_path, no_analysis):
    """It failed after minutes of analysis with a FileExistsError traceback."""
    site = a_site(tmp_path / "site")
    result = CliRunner().invoke(app, ["train", str(site / "_posts"), "-o", str(site / "README.md")])
    assert result.exit_code == 2
    one_error(result, f"--output: {site / 'README.md'} is a file; give a folder")


@pytest.mark.parametrize("target", ["outside/config.json", "outside/missing.json"])
def test_a_model_folder_holding_a_symbolic_link_is_refused(tmp_path, no_analysis, target):
    site = a_site(tmp_path / "site")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "config.json").write_text("theirs\n", encoding="utf-8")
    model = tmp_path / "model"
    model.mkdir()
    (model / "training.json").write_text(json.dumps(RECORD), encoding="utf-8")
    (model / "config.json").symlink_to(tmp_path / target)
    result = CliRunner().invoke(app, ["train", str(site / "_posts"), "-o", str(model)])
    assert result.exit_code == 2
    one_error(result, f"--output: {model} holds a symbolic link (config.json)")
    assert (tmp_path / "outside" / "config.json").read_text(encoding="utf-8") == "theirs\n"
    assert sorted(p.name for p in (tmp_path / "outside").iterdir()) == ["config.json"]


def test_which_model_folders_train_writes_into(tmp_path):
    from summarizer.app import outputs

    problem = outputs.model_folder_problem
    assert problem(tmp_path / "models" / "my-blog") is None  # missing parents are made
    (tmp_path / "empty").mkdir()
    assert problem(tmp_path / "empty") is None
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "training.json").write_text(json.dumps(RECORD), encoding="utf-8")
    (ours / "config.json").write_text("{}", encoding="utf-8")
    assert problem(ours) is None  # a model train wrote: trained again
    stopped = tmp_path / "stopped"
    outputs.start_model_folder(stopped, "summarizer train x -o stopped")  # a run stopped before its record
    (stopped / "salience.json").write_text("{}", encoding="utf-8")
    assert problem(stopped) is None
    outputs.finish_model_folder(stopped)
    assert problem(stopped) is not None and not (stopped / outputs.STARTED_FILE).exists()
    older = tmp_path / "older"  # a run of an earlier version stopped in the condense stage
    older.mkdir()
    (older / "trainer_state.json").write_text(json.dumps({"epoch": 2, "posts": 40}), encoding="utf-8")
    assert problem(older) is None
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "training.json").write_text('{"site": 1}', encoding="utf-8")  # not a training record
    assert "holds other files (training.json)" in problem(theirs)
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert problem(tmp_path / "file" / "model") == f"cannot be made: {tmp_path / 'file'} is not a folder"


def test_training_checks_the_folder_again_when_it_starts_writing(tmp_path):
    from summarizer.app import outputs

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")  # came while the posts were analysed
    with pytest.raises(ValueError, match="holds other files"):
        outputs.start_model_folder(folder, "summarizer train")
    assert sorted(os.listdir(folder)) == ["notes.txt"]


def test_eval_output_is_a_new_file_or_one_eval_wrote(tmp_path, no_analysis):
    """--output wrote over any file of that name, and through a link."""
    mine = tmp_path / "data.csv"
    mine.write_text("name,score\nkim,3\n", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "elsewhere.json")
    for out, message in ((mine, "exists and is not a table eval wrote"), (tmp_path / "link.json", "symbolic link")):
        result = CliRunner().invoke(app, ["eval", str(REFERENCE), "--engines", "lead", "--output", str(out)])
        assert result.exit_code == 2
        one_error(result, f"--output: {out}", message)
    assert mine.read_text(encoding="utf-8") == "name,score\nkim,3\n" and not (tmp_path / "elsewhere.json").exists()


def test_eval_output_written_by_eval_is_replaced(tmp_path):
    for name in ("rows.csv", "rows.json"):
        out = tmp_path / name
        for _ in range(2):
            result = CliRunner().invoke(app, ["eval", str(REFERENCE), "--engines", "lead", "--output", str(out)])
            assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path)) == ["rows.csv", "rows.json"]  # no temp file left
    assert len(json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))) == 4


def test_blind_sheet_takes_a_new_or_empty_folder_only(tmp_path, no_analysis):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "notes.md").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(REFERENCE), "--engines", "lead", "--blind-sheet", str(kit)])
    assert result.exit_code == 2
    one_error(result, f"--blind-sheet: {kit} is a folder that holds other files (notes.md)")
    assert sorted(os.listdir(kit)) == ["notes.md"]
