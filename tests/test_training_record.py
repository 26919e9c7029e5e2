"""The training record (training.json): typed, loaded and saved without losing or reordering a key."""

import json

import pytest

from summarizer.editor.configuration import EditorConfig
from summarizer.text.packing import PACKING
from summarizer.training.condense import CondenseOptions
from summarizer.training.record import TrainingRecord, Trial

from .conftest import ROOT

SHIPPED = ROOT / "models" / "koreanews-small"


def test_the_shipped_record_round_trips_byte_for_byte(tmp_path):
    record = TrainingRecord.load(SHIPPED)
    assert record.posts.final > record.posts.train > 0 and record.settings.chosen.target_chars > 0
    assert {r["engine"] for r in record.scores} >= {"lead", "select"}
    assert record.extra == {"scored_with": json.loads((SHIPPED / "training.json").read_text())["scored_with"]}
    record.save(tmp_path)
    assert (tmp_path / "training.json").read_bytes() == (SHIPPED / "training.json").read_bytes()


def test_a_record_from_before_0_3_1_reads_its_held_out_categories_under_their_new_names(tmp_path):
    old = {"dev_topic": ["스포츠"], "posts": {"train": 9, "topic": 4}, "scores_topic": [{"engine": "lead"}]}
    (tmp_path / "training.json").write_text(json.dumps(old), encoding="utf-8")
    record = TrainingRecord.load(tmp_path)
    assert (record.dev_categories, record.posts.held_out, record.scores_held_out) == (
        ["스포츠"],
        4,
        [{"engine": "lead"}],
    )
    assert record.extra == {} and record.posts.extra == {}
    record.save(tmp_path)
    saved = json.loads((tmp_path / "training.json").read_text(encoding="utf-8"))
    assert saved["dev_categories"] == ["스포츠"] and saved["posts"]["held_out"] == 4 and "dev_topic" not in saved


def test_an_older_record_gets_defaults_and_keeps_unknown_keys(tmp_path):
    (tmp_path / "training.json").write_text(
        json.dumps({"command": "summarizer train x", "note": "by hand", "settings": {"chosen": {"target_chars": 130}}})
    )
    record = TrainingRecord.load(tmp_path)
    assert record.command == "summarizer train x" and record.extra == {"note": "by hand"}
    assert (
        record.settings.chosen == Trial(target_chars=130) and record.settings.chosen.max_overlap == PACKING.max_overlap
    )
    assert record.scores == [] and record.posts.final == 0 and record.select_command is None
    record.save(tmp_path)
    assert list(json.loads((tmp_path / "training.json").read_text()))[-1] == "note"


@pytest.mark.parametrize("text", ["[]", "{not json", '{"posts": 3}'])
def test_a_file_that_is_no_record_is_a_value_error(tmp_path, text):
    (tmp_path / "training.json").write_text(text)
    with pytest.raises(ValueError):
        TrainingRecord.load(tmp_path)


def test_the_trainer_starts_from_the_configuration_defaults():
    """One source: the trainer's editor sizes are EditorConfig's defaults."""
    opts, config = CondenseOptions(), EditorConfig()
    assert (opts.vocab_size, opts.dim, opts.hidden, opts.top_sentences) == (
        config.vocab_size,
        config.dim,
        config.hidden,
        config.top_sentences,
    )
    assert config.max_overlap == PACKING.max_overlap


def test_a_record_of_a_folder_named_with_bytes_that_are_not_utf8_is_saved_and_read_back(tmp_path):
    """`summarizer train` on such a folder raised UnicodeEncodeError when saving the record, after the whole
    training, and left a temp file (review finding)."""
    name = "/tmp/\udcffposts"  # os.fsdecode(b"/tmp/\xffposts")
    record = TrainingRecord(paths=[name], command=f"summarizer train {name}")
    record.save(tmp_path)
    assert TrainingRecord.load(tmp_path).paths == [name] and [p.name for p in tmp_path.iterdir()] == ["training.json"]
