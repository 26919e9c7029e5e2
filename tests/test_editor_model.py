"""The editing model: the NumPy inference path equals the PyTorch module it was trained as."""

import json

import numpy as np
import pytest

from summarizer import postfile
from summarizer.editor_model import (CONFIG_FILE, SENTENCE_FEATURES, EditorConfig, NumpyEditor, make_input,
                                     make_rank_input, save_module, torch_module)
from summarizer.engines.base import candidates
from summarizer.engines.features import FEATURES, sentence_features
from summarizer.kiwi import split_documents
from summarizer.pipeline import discover, source_of
from summarizer.training.condense import build_vocab

from .conftest import ROOT

DOCS = split_documents([source_of(postfile.read(p)) for p in discover([ROOT / "examples"])])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    import torch

    torch.manual_seed(1)
    vocab = build_vocab(DOCS, 300)
    config = EditorConfig(vocab_size=len(vocab) + 1, dim=8, hidden=8, phrases=["클릭해 확인하세요!", "놓치지 마세요!"])
    net = torch_module(config)
    out = tmp_path_factory.mktemp("editor")
    save_module(net, config, vocab, out)
    return net, out, vocab


def test_numpy_matches_torch(tiny):
    import torch

    net, out, vocab = tiny
    items = [make_input(d, candidates(d), vocab, 6) for d in DOCS]
    assert sum(len(it.unit_ids) for it in items) > 0
    with torch.no_grad():
        style, close, phrase, keep = net(items)
    got = NumpyEditor(out)(items)
    np.testing.assert_allclose(np.stack([g["style"] for g in got]), torch.softmax(style, -1).numpy(), atol=1e-5)
    np.testing.assert_allclose([g["close"] for g in got], torch.sigmoid(close).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.stack([g["phrase"] for g in got]), torch.softmax(phrase, -1).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.concatenate([g["keep"] for g in got]), torch.sigmoid(keep).numpy(), atol=1e-5)


def rank_items(vocab):
    return [make_rank_input(d, candidates(d), sentence_features(d, candidates(d)), vocab) for d in DOCS]


def test_ranking_head_numpy_matches_torch(tiny):
    import torch

    net, out, vocab = tiny
    assert SENTENCE_FEATURES == len(FEATURES)
    items = rank_items(vocab)
    with torch.no_grad():
        want = net.rank(items)
    got = NumpyEditor(out).rank(items)
    assert [len(g) for g in got] == [len(candidates(d)) for d in DOCS]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w.numpy(), atol=1e-5)


def test_transformers_from_pretrained_matches_numpy(tiny):
    import torch
    from transformers import AutoModel

    import summarizer.editor_hf  # noqa: F401  (registers the model type)

    _, out, vocab = tiny
    model = AutoModel.from_pretrained(str(out)).eval()
    assert type(model).__name__ == "KiwiEditorModel" and model.config.phrases == ["클릭해 확인하세요!", "놓치지 마세요!"]
    items = [make_input(d, candidates(d), vocab, 6) for d in DOCS]
    with torch.no_grad():
        _, close, _, keep = model(items)
    got = NumpyEditor(out)(items)
    np.testing.assert_allclose([g["close"] for g in got], torch.sigmoid(close).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.concatenate([g["keep"] for g in got]), torch.sigmoid(keep).numpy(), atol=1e-5)
    with torch.no_grad():
        want = model.editor.rank(rank_items(vocab))
    for g, w in zip(NumpyEditor(out).rank(rank_items(vocab)), want):
        np.testing.assert_allclose(g, w.numpy(), atol=1e-5)


def test_model_directory(tiny):
    _, out, vocab = tiny
    assert {p.name for p in out.iterdir()} == {"config.json", "model.safetensors", "vocab.json"}
    config = json.loads((out / CONFIG_FILE).read_text(encoding="utf-8"))
    assert config["model_type"] == "kiwi-unit-editor" and config["vocab_size"] == len(vocab) + 1


def test_unknown_morphemes_map_to_zero():
    (doc,) = split_documents([("", ["처음 보는 낱말이 가득한 문장이다. 두 번째 문장이다. 세 번째 문장이다."])])
    item = make_input(doc, candidates(doc), {}, 6)
    assert set(item.post_ids) == {0}
