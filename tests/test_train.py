"""Trainer: reference filters, the select stage, a few condense steps, resuming, the model card."""

import json

import pytest

from summarizer.train import run_training, target_of
from summarizer.train_seq2seq import STATE_FILE, Seq2SeqOptions

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("excerpt, target, why", [
    ("본문의 처음 몇백 자를 그대로 잘라 붙인 발췌문입니다 그리고 ..", None, "cut"),
    ("짧은 요약.", None, "short"),
    ("가" * 301, None, "long"),
    ("기상청은 장마가 시작된다고 밝혔다. 남부지방에 많은 비가 온다. #날씨 #장마", "기상청은 장마가 시작된다고 밝혔다. 남부지방에 많은 비가 온다.", "kept"),
])
def test_reference_filters(excerpt, target, why):
    assert target_of(excerpt) == (target, why)


def test_train_few_steps_then_resume(tmp_path):
    out = tmp_path / "model"
    opts = Seq2SeqOptions(minutes=2, max_steps=3, batch_size=2, d_model=32, layers=1, vocab_size=700,
                          eval_every=2, eval_posts=2, copy_steps=1, max_target_tokens=24)
    info = run_training([ROOT / "examples"], out, opts, command="summarizer train examples -o model")
    assert info["state"]["step"] == 3 and [h["step"] for h in info["state"]["history"]] == [2, 3]
    for name in ["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "salience.json",
                 "README.md", "training.json", STATE_FILE]:
        assert (out / name).exists(), name
    assert {s["engine"] for s in info["scores"]} == {"lead", "extractive", "select", "seq2seq"}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "summarizer train examples -o model" in card and "Validation scores" in card
    opts.max_steps = 5
    resumed = run_training([ROOT / "examples"], out, opts)
    assert resumed["state"]["step"] == 5
    assert [h["step"] for h in resumed["state"]["history"]] == [2, 3, 4, 5]
    assert json.loads((out / "training.json").read_text(encoding="utf-8"))["state"]["step"] == 5


def test_select_only_keeps_condense_stage(tmp_path):
    out = tmp_path / "model"
    opts = Seq2SeqOptions(minutes=2, max_steps=2, batch_size=2, d_model=32, layers=1, vocab_size=700,
                          eval_every=2, eval_posts=2, copy_steps=1, max_target_tokens=24)
    run_training([ROOT / "examples"], out, opts, command="first")
    weights = (out / "model.safetensors").read_bytes()
    info = run_training([ROOT / "examples"], out, opts, command="second", select_only=True)
    assert info["command"] == "first" and info["select_command"] == "second" and info["state"]["step"] == 2
    assert (out / "model.safetensors").read_bytes() == weights
    assert "retrained with `second`" in (out / "README.md").read_text(encoding="utf-8")
