"""Seq2seq engine: plumbing on a tiny model built here, the guard, and the shipped model."""

from pathlib import Path

import pytest

from summarizer import engines, postfile
from summarizer.engines.seq2seq import Seq2SeqEngine, encode
from summarizer.kiwi import facts, split_documents
from summarizer.pipeline import discover, source_of

from .conftest import EXAMPLES, ROOT

SOURCES = [source_of(postfile.read(p)) for p in discover([ROOT / "examples"])]
DOCS = split_documents(SOURCES)
SHIPPED = engines.DEFAULT_MODEL


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A 2-layer pointer BART with a Kiwi tokenizer trained on the example posts (untrained weights)."""
    from summarizer.pointer_bart import PointerBartForConditionalGeneration, small_config
    from summarizer.train import train_tokenizer

    out = tmp_path_factory.mktemp("tiny")
    texts = [t for title, paragraphs in SOURCES for t in [title, *paragraphs]] * 3
    tokenizer = train_tokenizer(texts, out, vocab_size=700)
    config = small_config(len(tokenizer), tokenizer.pad_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id,
                          d_model=32, layers=1)
    PointerBartForConditionalGeneration(config).save_pretrained(str(out))
    return out


def test_tokenizer_round_trip_and_eos(tiny_model):
    from summarizer.engines.seq2seq import load

    tokenizer, model = load(str(tiny_model))
    ids, mask = encode(tokenizer, ["버스 요금이 오른다.", "도서관이 밤 10시까지 문을 연다."], 32)
    assert ids.shape[0] == 2 and mask[0].sum() < mask[1].sum()
    assert (ids == tokenizer.eos_token_id).sum() == 2
    assert tokenizer.decode(ids[1], skip_special_tokens=True).replace(" ", "") == "도서관이밤10시까지문을연다."


def test_untrained_model_falls_back_to_select_and_counts_it(tiny_model):
    engine = Seq2SeqEngine(str(tiny_model), batch_size=3, max_new_tokens=12)
    summaries = engine.summarize(DOCS, 150)
    assert len(summaries) == len(DOCS) and engine.generated == len(DOCS)
    select = engine.select.summarize(DOCS, 150)
    # whatever the random weights wrote is either whole Korean sentences or the select excerpt
    assert engine.fallbacks == sum(s == b for s, b in zip(summaries, select))
    assert all(len(s) <= 150 for s in summaries)


def test_guard_rejects_invented_number(tiny_model, monkeypatch):
    engine = Seq2SeqEngine(str(tiny_model), batch_size=8, max_new_tokens=12)
    doc = DOCS[0]
    article_numbers = {f for f in doc.facts if f.isdigit()}
    invented = str(max(int(n) for n in article_numbers or {"1"}) * 7 + 3)
    monkeypatch.setattr(engine, "generate", lambda sources: [[f"관련 예산은 {invented}억 원이다.",
                                                              f"{doc.sentences[0].text}"]] * len(sources))
    (summary,) = engine.summarize([doc], 150)
    assert invented not in summary and summary == doc.sentences[0].text
    monkeypatch.setattr(engine, "generate", lambda sources: [[f"관련 예산은 {invented}억 원이다."]] * len(sources))
    (fallback,) = engine.summarize([doc], 150)
    assert fallback == engine.select.summarize([doc], 150)[0] and engine.fallbacks == 1


@pytest.mark.skipif(not (SHIPPED / "model.safetensors").exists(), reason="no shipped model")
def test_shipped_model_summarizes_seed_post():
    from transformers import AutoModelForSeq2SeqLM

    import summarizer.pointer_bart  # noqa: F401

    assert AutoModelForSeq2SeqLM.from_pretrained(str(SHIPPED)).config.model_type == "kiwi-pointer-bart"
    seed = postfile.read(EXAMPLES / "2024-06-24-russia-north-korea.md")
    (doc,) = split_documents([source_of(seed)])
    (summary,) = engines.get_engine("seq2seq").summarize([doc], 150)
    assert 20 <= len(summary) <= 150 and summary.endswith(".")
    assert any("가" <= ch <= "힣" for ch in summary)
    (stated,) = facts([summary])
    assert {f for f in stated if any(c.isdigit() for c in f)} <= doc.facts | set(seed.body.split())


@pytest.mark.parametrize("n", [2, 3, 4])
def test_vectorized_no_repeat_ngrams_matches_transformers(n):
    import torch
    from transformers import NoRepeatNGramLogitsProcessor

    from summarizer.engines.seq2seq import no_repeat_ngrams

    torch.manual_seed(n)
    ids = torch.randint(0, 6, (8, 15))  # a small vocabulary makes repeats common
    scores = torch.randn(8, 6)
    ours = no_repeat_ngrams(n)(ids, scores.clone())
    theirs = NoRepeatNGramLogitsProcessor(n)(ids, scores.clone())
    assert torch.equal(torch.isinf(ours), torch.isinf(theirs))
