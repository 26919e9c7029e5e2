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
