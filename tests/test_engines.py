"""Engines: whole-sentence excerpts within the limit, in document order, for every extractive engine."""

import pytest

from summarizer import engines
from summarizer.engines.base import candidates, is_candidate, pack
from summarizer.posts import postfile
from summarizer.posts.walk import discover
from summarizer.text.documents import source_of
from summarizer.text.kiwi import Sentence, split_documents

from .conftest import ROOT, needs

DOCS = split_documents([source_of(postfile.read(p)) for p in discover([ROOT / "examples"])])


@pytest.mark.parametrize("name", ["lead", "extractive", pytest.param("peer", marks=needs("sumy"))])
@pytest.mark.parametrize("max_chars", [60, 150, 300])
def test_whole_sentences_in_order_within_limit(name, max_chars):
    for doc, summary in zip(DOCS, engines.get_engine(name).summarize(DOCS, max_chars)):
        assert len(summary) <= max_chars
        if not summary:
            assert all(len(doc.sentences[i].text) > max_chars for i in candidates(doc))
            continue
        assert not summary.endswith("..")
        positions = []
        text = summary
        for s in doc.sentences:
            if text.startswith(s.text):
                positions.append(s.text)
                text = text[len(s.text) :].lstrip()
        assert text == "", f"{summary!r} is not whole article sentences in order"


def test_lead_takes_the_first_sentences():
    doc = DOCS[0]
    summary = engines.get_engine("lead").summarize([doc], 150)[0]
    assert summary.startswith(doc.sentences[candidates(doc)[0]].text)


def test_registry():
    assert {"lead", "extractive", "select", "condense", "seq2seq", "peer"} <= set(engines.names())
    assert engines.canonical("seq2seq") == "condense" and engines.canonical("lead") == "lead"
    with pytest.raises(ValueError, match="unknown engine"):
        engines.get_engine("nope")


@pytest.mark.parametrize(
    "text, tokens, ok",
    [
        (
            "시는 요금을 올린다고 밝혔다.",
            [("시", "NNG"), ("밝히", "VV"), ("었", "EP"), ("다", "EF"), (".", "SF")],
            True,
        ),
        ("요금은 얼마인가요?", [("요금", "NNG"), ("이", "VCP"), ("ᆫ가요", "EF"), ("?", "SF")], False),
        ("를 클릭하여 예약을 진행합니다.", [("를", "JKO"), ("클릭", "NNG"), ("합니다", "EF"), (".", "SF")], False),
        ("본문의 처음 부분을 잘라 ..", [("본문", "NNG"), ("..", "SF")], False),
        ("서비스 속도 개선 필요성 제기", [("서비스", "NNG"), ("제기", "NNG")], False),
        # inline code removed from "…저장하고 `.` 키를 누른다" leaves a connective ending before a lone full stop
        (
            "설정 파일을 저장하고 .",
            [
                ("설정", "NNG"),
                ("파일", "NNG"),
                ("을", "JKO"),
                ("저장", "NNG"),
                ("하", "XSV"),
                ("고", "EC"),
                (".", "SF"),
            ],
            False,
        ),
        (
            "관심이 커지고 있는데요.",
            [
                ("관심", "NNG"),
                ("이", "JKS"),
                ("커지", "VV"),
                ("고", "EC"),
                ("있", "VX"),
                ("는데", "EC"),
                ("요", "JX"),
                (".", "SF"),
            ],
            False,
        ),  # a lead-in to the next sentence
        (
            "國會는 豫算案을 審議할 豫定이다.",
            [
                ("國會", "SH"),
                ("는", "JX"),
                ("豫算案", "SH"),
                ("을", "JKO"),
                ("審議", "SH"),
                ("하", "XSV"),
                ("ᆯ", "ETM"),
                ("豫定", "SH"),
                ("이", "VCP"),
                ("다", "EF"),
                (".", "SF"),
            ],
            True,
        ),
        (
            "올해부터 새 서비스를 시작하려고요.",
            [
                ("올해", "NNG"),
                ("서비스", "NNG"),
                ("를", "JKO"),
                ("시작", "NNG"),
                ("하", "XSV"),
                ("려고요", "EF"),
                (".", "SF"),
            ],
            True,
        ),
    ],
)
def test_candidate_sentences(text, tokens, ok):
    assert is_candidate(Sentence(text, tokens)) is ok


def test_pack_skips_repeats_and_keeps_order():
    (doc,) = split_documents([("", ["버스 요금이 오른다. 다른 소식이 있다. 버스 요금이 오른다고 한다."])])
    assert pack(doc, [2, 0, 1], 100, max_overlap=0.6) == "다른 소식이 있다. 버스 요금이 오른다고 한다."


def test_default_engine_is_best_on_validation(tmp_path):
    import json

    assert engines.default_engine(tmp_path) == "extractive"  # no model shipped there
    scores = [
        {"engine": "lead", "rouge1": 40, "rouge2": 20, "rougeL": 30},
        {"engine": "select", "rouge1": 42, "rouge2": 21, "rougeL": 31},
        {"engine": "condense", "rouge1": 41, "rouge2": 22, "rougeL": 30},
    ]
    (tmp_path / "training.json").write_text(json.dumps({"scores": scores}), encoding="utf-8")
    assert engines.default_engine(tmp_path) == "select"


def test_default_engine_is_never_below_lead_on_either_split(tmp_path):
    import json

    date = [
        {"engine": "lead", "rouge1": 40, "rouge2": 15, "rougeL": 26},
        {"engine": "select", "rouge1": 42, "rouge2": 17, "rougeL": 28},
        {"engine": "seq2seq", "rouge1": 41, "rouge2": 16, "rougeL": 27},
    ]
    topic = [
        {"engine": "lead", "rouge1": 38, "rouge2": 13, "rougeL": 24},
        {"engine": "select", "rouge1": 37, "rouge2": 13, "rougeL": 24},  # below lead on the new topic
        {"engine": "seq2seq", "rouge1": 39, "rouge2": 14, "rougeL": 25},
    ]
    (tmp_path / "training.json").write_text(json.dumps({"scores": date, "scores_held_out": topic}), encoding="utf-8")
    assert engines.default_engine(tmp_path) == "condense"  # a record that names it seq2seq (the alias)


def test_every_engine_declares_its_contract():
    from summarizer.editor import modelfiles
    from summarizer.engines.base import Engine

    known = {value for key, value in vars(modelfiles).items() if key.endswith("_FILE")}
    for name in engines.names(aliases=False):
        cls = engines.engine_class(name)
        assert issubclass(cls, Engine) and cls.name == name
        assert set(cls.model_files) <= known and bool(cls.model_part) == cls.needs_model(), name
        assert engines.check_model(name, None) == (str(engines.DEFAULT_MODEL) if cls.needs_model() else None)
    assert engines.engine_class("seq2seq") is engines.engine_class("condense")
    assert {n for n in engines.names(aliases=False) if engines.engine_class(n).needs_model()} == {"select", "condense"}


def test_an_engine_is_one_module_and_one_registry_line(monkeypatch, tmp_path):
    (tmp_path / "echo_engine.py").write_text(
        "from summarizer.engines.base import Engine, candidates, pack\n\n\n"
        "class EchoEngine(Engine):\n"
        "    name = 'echo'\n\n"
        "    def summarize(self, docs, max_chars):\n"
        "        return [pack(doc, candidates(doc)[:1], max_chars) for doc in docs]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(engines._REGISTRY, "echo", "echo_engine:EchoEngine")
    assert "echo" in engines.names() and engines.check_model("echo", "/not/read") is None
    engine = engines.LazyEngine("echo")
    assert engine().summarize(DOCS[:1], 150) == [DOCS[0].sentences[candidates(DOCS[0])[0]].text]
    assert engine.stats_line() == ""


@pytest.mark.parametrize(
    "text, hub",
    [
        ("hf:someone/model", "someone/model"),
        ("hf:model", "model"),
        ("someone/model", None),  # a folder, even shaped like a hub id: a typo never becomes a download
        ("model", None),
        ("./model", None),
        ("~/m", None),
    ],
)
def test_one_hub_id_rule_for_flags_and_config(text, hub, tmp_path):
    from summarizer.app.config import resolve_model
    from summarizer.engines.locate import hub_id

    assert hub_id(text) == hub
    assert (resolve_model(text, tmp_path) == text) is (hub is not None)  # a config's model: an id, else a path
