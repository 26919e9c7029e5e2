"""The editing model: the NumPy inference path equals the PyTorch module it was trained as."""

import json

import numpy as np
import pytest

pytest.importorskip("torch", reason="training needs torch (pip install torch==2.13.0, then the test extra)")

from summarizer.editor.configuration import EditorConfig
from summarizer.editor.inputs import make_input, make_rank_input
from summarizer.editor.layers import SENTENCE_FEATURES, weight_shapes
from summarizer.editor.modelfiles import CONFIG_FILE
from summarizer.editor.modeling_numpy import NumpyEditor
from summarizer.engines.base import candidates
from summarizer.text.features import FEATURES, sentence_features
from summarizer.text.kiwi import split_documents
from summarizer.training.labels import build_vocab


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, example_docs):
    import torch

    from summarizer.editor.modeling_hf import save_editor
    from summarizer.editor.modeling_torch import EditorNetwork

    torch.manual_seed(1)
    vocab = build_vocab(example_docs, 300)
    config = EditorConfig(vocab_size=len(vocab) + 1, dim=8, hidden=8, phrases=["클릭해 확인하세요!", "놓치지 마세요!"])
    net = EditorNetwork(config)
    out = tmp_path_factory.mktemp("editor")
    save_editor(net, config, vocab, out)
    return net, out, vocab


def test_numpy_matches_torch(tiny, example_docs):
    import torch

    net, out, vocab = tiny
    items = [make_input(d, candidates(d), vocab, 6) for d in example_docs]
    assert sum(len(it.unit_ids) for it in items) > 0
    with torch.no_grad():
        style, close, phrase, keep = net(items)
    got = NumpyEditor(out)(items)
    np.testing.assert_allclose(np.stack([g.style for g in got]), torch.softmax(style, -1).numpy(), atol=1e-5)
    np.testing.assert_allclose([g.close for g in got], torch.sigmoid(close).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.stack([g.phrase for g in got]), torch.softmax(phrase, -1).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.concatenate([g.keep for g in got]), torch.sigmoid(keep).numpy(), atol=1e-5)


def rank_items(docs, vocab):
    return [make_rank_input(d, candidates(d), sentence_features(d, candidates(d)), vocab) for d in docs]


def test_ranking_head_numpy_matches_torch(tiny, example_docs):
    import torch

    net, out, vocab = tiny
    assert SENTENCE_FEATURES == len(FEATURES)
    items = rank_items(example_docs, vocab)
    with torch.no_grad():
        want = net.rank(items)
    got = NumpyEditor(out).rank(items)
    assert [len(g) for g in got] == [len(candidates(d)) for d in example_docs]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w.numpy(), atol=1e-5)


def test_transformers_from_pretrained_matches_numpy(tiny, example_docs):
    import torch
    from transformers import AutoModel

    import summarizer.editor.modeling_hf  # noqa: F401  (registers the model type)

    _, out, vocab = tiny
    model = AutoModel.from_pretrained(str(out)).eval()
    assert type(model).__name__ == "KiwiEditorModel" and model.config.phrases == [
        "클릭해 확인하세요!",
        "놓치지 마세요!",
    ]
    items = [make_input(d, candidates(d), vocab, 6) for d in example_docs]
    with torch.no_grad():
        _, close, _, keep = model(items)
    got = NumpyEditor(out)(items)
    np.testing.assert_allclose([g.close for g in got], torch.sigmoid(close).numpy(), atol=1e-5)
    np.testing.assert_allclose(np.concatenate([g.keep for g in got]), torch.sigmoid(keep).numpy(), atol=1e-5)
    with torch.no_grad():
        want = model.editor.rank(rank_items(example_docs, vocab))
    for g, w in zip(NumpyEditor(out).rank(rank_items(example_docs, vocab)), want):
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


def test_both_modelings_have_the_shapes_of_the_one_spec(tiny):
    """The torch parameters, the saved weights and the NumPy check all follow summarizer.editor.layers."""
    from summarizer.editor.modeling_numpy import plain_key

    net, out, _ = tiny
    config = EditorConfig.load(out)
    want = weight_shapes(config)
    assert {plain_key(k): tuple(v.shape) for k, v in net.state_dict().items()} == want
    assert {k: tuple(v.shape) for k, v in NumpyEditor(out).w.items()} == want


def test_weights_of_another_shape_are_refused(tiny, tmp_path):
    import shutil

    _, out, _ = tiny
    shutil.copytree(out, tmp_path / "m")
    config = json.loads((tmp_path / "m" / CONFIG_FILE).read_text(encoding="utf-8"))
    (tmp_path / "m" / CONFIG_FILE).write_text(json.dumps({**config, "hidden": 9}), encoding="utf-8")
    with pytest.raises(ValueError, match="does not match its config.json .*post.weight"):
        NumpyEditor(tmp_path / "m")


def test_one_config_class_reads_what_transformers_writes(tiny):
    """config.json round-trips through EditorConfig; transformers' view of it has no field of its own."""
    from summarizer.editor.modeling_hf import KiwiEditorConfig

    _, out, _ = tiny
    config = EditorConfig.load(out)
    assert config.phrases == ["클릭해 확인하세요!", "놓치지 마세요!"] and config.dim == 8
    hf = KiwiEditorConfig.from_pretrained(str(out))
    assert hf.editor_config() == config
    assert KiwiEditorConfig().editor_config() == EditorConfig()  # the same defaults
