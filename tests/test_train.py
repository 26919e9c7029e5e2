"""Trainer: reference filters, splits, the whole job on a small folder, resume without pickle, the card."""

import json
import shutil

import numpy as np
import pytest

from summarizer.text.kiwi import split_documents
from summarizer.training import CondenseOptions, run_training, target_of
from summarizer.training.condense import STATE_FILE, STATE_WEIGHTS
from summarizer.training.data import latest_count, load_split
from summarizer.training.labels import closing, closing_phrases, nearest

from .conftest import ROOT, needs

pytestmark = pytest.mark.slow
OPTS = CondenseOptions(epochs=1, dim=8, hidden=8, vocab_size=500)


@pytest.mark.parametrize(
    "excerpt, target, why",
    [
        ("본문의 처음 몇백 자를 그대로 잘라 붙인 발췌문입니다 그리고 ..", None, "cut"),
        ("짧은 요약.", None, "short"),
        ("가" * 301, None, "long"),
        (
            "기상청은 장마가 시작된다고 밝혔다. 남부지방에 많은 비가 온다. #날씨 #장마",
            "기상청은 장마가 시작된다고 밝혔다. 남부지방에 많은 비가 온다.",
            "kept",
        ),
    ],
)
def test_reference_filters(excerpt, target, why):
    assert target_of(excerpt) == (target, why)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """36 posts made from the bundled examples: 4 dates × 9 posts, half of them in a 'Travel' category."""
    root = tmp_path_factory.mktemp("site") / "_posts"
    root.mkdir()
    posts = sorted([*(ROOT / "examples" / "posts").glob("*.md"), *(ROOT / "examples" / "reference").glob("*.md")])
    n = 0
    for day in range(1, 5):
        for post in posts:
            text = post.read_text(encoding="utf-8")
            if n % 2:
                text = text.replace("  - News", "  - Travel", 1)
            (root / f"2024-08-0{day}-{n}.md").write_text(text, encoding="utf-8")
            n += 1
    return root


def test_splits_by_date_and_topic(site):
    split = load_split([site], holdout=("Travel",))
    assert split.val_held_out.examples and all(
        "Travel" in str(ex.post.meta["categories"]) for ex in split.val_held_out.examples
    )
    assert not any("Travel" in str(ex.post.meta["categories"]) for ex in split.train.examples + split.dev.examples)
    assert max(p.path.name for p in split.train.examples) < min(p.path.name for p in split.val_date.examples)
    assert not split.dev.examples  # no development topic given: choices use the latest posts alone
    names = lambda part: {ex.path.name for ex in part.examples}  # noqa: E731
    both = len(split.train.examples) + len(split.val_date.examples)
    assert len(split.val_date.examples) == latest_count(both) == min(12, both // 2)  # few posts: half of them
    assert not names(split.train) & names(split.val_date)


def test_a_development_topic_is_kept_out_of_training(site):
    split = load_split([site], dev_categories=("Travel",))
    assert split.dev.examples and all("Travel" in str(ex.post.meta["categories"]) for ex in split.dev.examples)
    assert not any("Travel" in str(ex.post.meta["categories"]) for ex in split.train.examples)


def test_a_development_category_without_posts_is_a_clear_error(site):
    with pytest.raises(ValueError, match="development category"):
        load_split([site], dev_categories=("Nowhere",))


def test_too_little_data_is_a_clear_error(tmp_path):
    from summarizer.app.config import MIN_TRAIN_POSTS

    shutil.copy(ROOT / "examples" / "posts" / "2024-07-02-library-night.md", tmp_path)
    with pytest.raises(ValueError, match=f"too little data: 0 usable posts.*needs at least {MIN_TRAIN_POSTS}"):
        load_split([tmp_path])


def test_every_post_held_out_is_too_little_data(site):
    with pytest.raises(ValueError, match="0 of them left to train on"):
        load_split([site], holdout=("News", "Travel"))


class CountingKiwi:
    """Kiwi, recording every text it is asked to analyse."""

    def __init__(self, kiwi) -> None:
        self.kiwi, self.split, self.tokenized = kiwi, [], []

    def split_into_sents(self, texts, **kw):
        self.split += texts
        return self.kiwi.split_into_sents(texts, **kw)

    def tokenize(self, texts, **kw):
        self.tokenized += texts
        return self.kiwi.tokenize(texts, **kw)

    def join(self, morphs, **kw):
        return self.kiwi.join(morphs, **kw)


@needs("torch")
def test_train_writes_a_model_directory_and_card(site, tmp_path, monkeypatch):
    from summarizer.text import kiwi
    from summarizer.training.record import TrainingRecord

    counting = CountingKiwi(kiwi.get_kiwi())
    monkeypatch.setattr(kiwi, "get_kiwi", lambda: counting)
    monkeypatch.setenv("SUMMARIZER_CACHE", "off")  # no analysis from an earlier test's disk cache
    out = tmp_path / "model"
    info = run_training(
        [site],
        out,
        OPTS,
        command="summarizer train site -o model",
        holdout=("Travel",),
        source="Source: posts written for this test.",
    )
    assert len(counting.split) == len(set(counting.split)) and len(counting.tokenized) == len(set(counting.tokenized))
    assert counting.split and counting.tokenized  # titles, paragraphs, targets and outputs: each analysed once
    assert TrainingRecord.load(out) == info
    for name in ["config.json", "model.safetensors", "vocab.json", "salience.json", "README.md", "training.json"]:
        assert (out / name).exists(), name
    assert not (out / STATE_FILE).exists() and not list(out.glob("*.pt"))
    assert not (out / ".summarizer-train").exists()  # the mark of a folder being written, gone once it is done
    assert (out / "model.safetensors").stat().st_mode & 0o044 == 0o044  # readable by others, like the other files
    assert (
        {s["engine"] for s in info.scores}
        == {s["engine"] for s in info.scores_held_out}
        == {"lead", "extractive", "select", "condense"}
    )
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "summarizer train site -o model" in card and "Held-out categories (Travel)" in card
    assert "Source: posts written for this test." in card
    saved = json.loads((out / "training.json").read_text(encoding="utf-8"))
    chosen = saved["settings"]["chosen"]
    assert saved["holdout"] == ["Travel"] and chosen["position_prior"] in (0.0, 0.5, 1.0, 2.0)
    assert saved["posts"]["final"] == sum(saved["posts"][k] for k in ("train", "dev", "date", "held_out"))
    assert saved["posts"]["date"] > 0 and "fit again on all" in card
    decided = saved["decisions"]  # made on the latest posts, written into the card as in the report
    assert decided["posts"] == saved["posts"]["date"] and "## Decided on the latest posts" in card
    assert all(f >= lead for f, lead in zip(decided["final"], decided["lead"]))  # never below the lead
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))  # the final fit has the chosen settings
    assert [config[k] for k in ("rank_weight", "target_chars", "style_calibration")] == [
        chosen["rank_weight"],
        chosen["target_chars"],
        chosen["style_calibration"],
    ]
    assert json.loads((out / "salience.json").read_text(encoding="utf-8"))["position_prior"] == chosen["position_prior"]
    registers = ", ".join(f"{c} {r}" for c, r in config["category_registers"].items())  # the card names what
    assert f"at least 90% of the time: {registers or 'none'}" in card  # the model keeps to (it once said "none")

    weights = (out / "model.safetensors").read_bytes()
    again = run_training([site], out, OPTS, command="again", select_only=True, holdout=("Travel",))
    assert (out / "model.safetensors").read_bytes() == weights
    assert again.command == "summarizer train site -o model" and again.select_command == "again"
    assert again.source == "Source: posts written for this test."  # kept by --select-only
    assert again.posts.final  # the select stage is fitted on all posts at the end, like the kept editor
    assert again.condense == info.condense  # the kept editor's record

    # --base: start from the trained editor (its checkpoint keys carry transformers' "editor." prefix)
    based = tmp_path / "based"
    run_training([site], based, OPTS, base=str(out), command="based", holdout=("Travel",))
    assert json.loads((based / "vocab.json").read_text(encoding="utf-8")) == json.loads(
        (out / "vocab.json").read_text(encoding="utf-8")
    )


@needs("torch")
def test_resume_from_safetensors_state(site, tmp_path):
    """A state left by an interrupted run (safetensors + JSON, no pickle) is where training resumes."""
    from safetensors.torch import save_file

    from summarizer.editor.configuration import EditorConfig
    from summarizer.editor.modeling_numpy import NumpyEditor
    from summarizer.editor.modeling_torch import EditorNetwork
    from summarizer.engines.base import candidates
    from summarizer.training.condense import train_condense_stage
    from summarizer.training.labels import build_vocab

    split = load_split([site])
    docs, targets = split.train.docs, split.train.targets
    vocab = build_vocab(docs, OPTS.vocab_size)
    phrases = closing_phrases(split_documents([("", [t]) for t in targets]))
    net = EditorNetwork(EditorConfig(vocab_size=len(vocab) + 1, dim=8, hidden=8, phrases=phrases))
    out = tmp_path / "model"
    out.mkdir()
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(out / STATE_WEIGHTS))
    (out / STATE_FILE).write_text(json.dumps({"epoch": 1, "posts": len(docs)}), encoding="utf-8")
    train_condense_stage(docs, [candidates(d) for d in docs], targets, out, OPTS)
    np.testing.assert_array_equal(NumpyEditor(out).w["embed"], net.embed.weight.detach().numpy())
    assert not (out / STATE_FILE).exists()

    # a state left by a run on other posts (the refit after choosing settings) is not resumed
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(out / STATE_WEIGHTS))
    (out / STATE_FILE).write_text(json.dumps({"epoch": 1, "posts": len(docs) + 5}), encoding="utf-8")
    train_condense_stage(docs, [candidates(d) for d in docs], targets, out, OPTS)
    assert not np.array_equal(NumpyEditor(out).w["embed"], net.embed.weight.detach().numpy())


def test_phrase_vocabulary_names_no_fact():
    docs = split_documents(
        [
            ("", [t])
            for t in ["행사가 열린다. 클릭해 확인하세요!"] * 3 + ["행사가 열린다. 서울시청에서 2024년 확인하세요!"] * 3
        ]
    )
    assert closing_phrases(docs) == ["확인하세요!"]  # the leading 클릭해 clause is dropped as a unit
    (kept,) = split_documents([("", ["행사가 열린다. 클릭해 보세요!"])])
    assert closing(kept) == "클릭해 보세요!"  # 보 is an auxiliary: the clause cannot be dropped
    assert nearest("클릭해서 확인하세요!", ["놓치지 마세요!", "클릭해 확인하세요!"]) == 1


@pytest.mark.parametrize(
    "date, name, expected",
    [
        ("yesterday", "2024-08-02-a.md", "2024-08-02"),  # not a date: the file name's
        ([2024, 1, 1], "2024-08-02-a.md", "2024-08-02"),
        ("2024-02-30", "post.md", ""),  # no such day, no date in the name
        (20240801, "post.md", ""),
        ("2024-08-01 09:00:00 +0900", "post.md", "2024-08-01"),
        ("2024.8.1", "post.md", "2024-08-01"),
        (None, "2024-08-03-a.md", "2024-08-03"),
    ],
)
def test_post_dates_are_parsed_never_compared_as_text(date, name, expected):
    import datetime
    from pathlib import Path

    from summarizer.posts import postfile
    from summarizer.posts.corpus import Example
    from summarizer.training.data import post_date

    meta = {} if date is None else {"date": date}
    post = postfile.Post("", "yaml", postfile.FrontMatter(meta, 0, 0, 0, "\n"))
    assert post_date(Example(Path(name), post, "")) == expected
    for value in (datetime.date(2024, 8, 1), datetime.datetime(2024, 8, 1, 23, 0)):
        assert (
            post_date(
                Example(Path(name), postfile.Post("", "yaml", postfile.FrontMatter({"date": value}, 0, 0, 0, "\n")), "")
            )
            == "2024-08-01"
        )


def test_posts_without_a_usable_date_are_never_the_latest(site, tmp_path):
    """`date: yesterday` and `date: [2024, 1, 1]` sorted as text above every real date: they were the latest
    posts, validated on. A post without a date sorts before the dated ones."""
    for path in site.iterdir():
        shutil.copy(path, tmp_path)
    text = (site / "2024-08-01-0.md").read_text(encoding="utf-8")
    for name, date in (("undated-1.md", "yesterday"), ("undated-2.md", "[2024, 1, 1]"), ("undated-3.md", "x")):
        (tmp_path / name).write_text(text.replace("---\n", f"---\ndate: {date}\n", 1), encoding="utf-8")
    split = load_split([tmp_path])
    latest = {ex.path.name for ex in split.val_date.examples}
    assert len(latest) == latest_count(len(split.train.examples) + len(latest)), latest
    assert min(latest) > max(ex.path.name for ex in split.train.examples if ex.path.name.startswith("2024"))
    assert split.val_date.dates()[1] == "2024-08-04"
    assert {ex.path.name for ex in split.train.examples[:3]} == {"undated-1.md", "undated-2.md", "undated-3.md"}


@needs("torch")
def test_twenty_posts_train_a_model_never_below_the_untrained_one(tmp_path, capsys):
    """20 hand-written summaries (a made-up site whose summaries restate each post's purpose): the model is
    trained, decided on the 10 latest, keeps only what won there, and says how rough that is."""
    from summarizer.training.latest_scores import MARGIN

    from .test_training_topics import write_site

    examples = write_site(tmp_path / "site", "{reason} {a} {b}를 새로 만든 과정을 공유합니다.")
    for ex in examples[20:]:
        ex.path.unlink()
    info = run_training([tmp_path / "site"], tmp_path / "model", OPTS, command="summarizer train site")
    decided = info.decisions
    assert info.posts.date == decided.posts == 10 and decided.few
    assert decided.final[0] > decided.lead[0] + 10  # each post's purpose sentence restated, by one part or another
    assert all(f >= lead for f, lead in zip(decided.final, decided.lead))
    assert not decided.untrained or decided.final[0] >= decided.untrained[0] - MARGIN
    said = capsys.readouterr().err
    card = (tmp_path / "model" / "README.md").read_text(encoding="utf-8")
    for text in (said, card):
        assert "only 10 latest posts" in text and "purpose statements: " in text and "learned voice: off" in text


def test_the_report_of_a_small_site_says_what_a_post_gets_and_how_to_keep_the_untrained_default():
    """21 hand-written summaries (a newcomer's blog): the untrained default scored 1.5 above the trained model, which
    falls back to the lead; the report said the rest "stays as the untrained engine writes it"."""
    from summarizer.training.decide import report
    from summarizer.training.record import Decisions

    said = report(
        Decisions(
            posts=5, lengths=[70], lead=[43.5], final=[43.5], untrained=[45.0], untrained_engine="condense", few=True
        )
    )
    assert "lead 43.5, the trained model 43.5, the untrained default (condense) 45.0" in said
    assert "the lead's whole sentences unless the untrained engine surely beats them" in said
    assert "scores 1.5 higher" in said and "leave `model` unset" in said
    assert "stays as the untrained engine writes it" not in said
