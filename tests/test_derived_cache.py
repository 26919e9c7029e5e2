"""Values derived from analysed texts: computed once per owner, read back from disk by the next session (the
same values), a miss when the code that computes them changes, memory only for an owner without a key; a
second training run computes none of them again and writes the same model."""

import json
import shutil

import numpy as np
import pytest

from summarizer.engines.base import candidates
from summarizer.text import derived_cache, editing, features, kiwi
from summarizer.training import CondenseOptions, run_training

from .conftest import ROOT, needs

ITEMS = [
    (
        "서울시 새 도서관 개관",
        [
            "서울시는 3일 새 도서관을 열었다고 밝혔다. 도서관은 주말에도 문을 연다.",
            "시민들은 무료로 책을 빌릴 수 있으며 행사도 열린다. 또한 어린이 열람실을 새로 만들었다.",
        ],
    )
]


class Counting:
    """Wraps a function and counts its calls."""

    def __init__(self, function) -> None:
        self.function, self.calls = function, 0

    def __call__(self, *args, **kw):
        self.calls += 1
        return self.function(*args, **kw)


@pytest.fixture
def counting(monkeypatch):
    found = {"features": Counting(features._features), "units": Counting(editing._units)}
    monkeypatch.setattr(features, "_features", found["features"])
    monkeypatch.setattr(editing, "_units", found["units"])
    return found


def derive(docs):
    """Every sentence's units, and each document's features (asked twice: the second is the memo's)."""
    for _ in range(2):
        found = [([editing.units(s) for s in d.sentences], features.sentence_features(d, candidates(d))) for d in docs]
    return found


def test_a_second_session_reads_the_values_from_disk(tmp_path, counting):
    fresh = derive(kiwi.split_documents(ITEMS))  # no session: memory only
    sentences = sum(len(d.sentences) for d in kiwi.split_documents(ITEMS))
    assert counting["features"].calls == 1 and counting["units"].calls == sentences
    with kiwi.analysis_cache(tmp_path) as session:
        first = derive(kiwi.split_documents(ITEMS))
    assert session.computed == 1 + sentences and counting["features"].calls == 2
    with kiwi.analysis_cache(tmp_path) as session:
        again = derive(kiwi.split_documents(ITEMS))  # new Documents of the same texts
    assert session.computed == 0 and session.derived_from_disk == 1 + sentences
    assert counting["features"].calls == 2 and counting["units"].calls == 2 * sentences
    for (units_a, x_a), (units_b, x_b), (units_c, x_c) in zip(fresh, first, again):
        assert units_a == units_b == units_c and any(units_a)
        assert x_a.dtype == x_c.dtype == np.float64 and x_a.tobytes() == x_b.tobytes() == x_c.tobytes()
    assert not x_c.flags.writeable  # shared by every caller: read-only


def test_a_changed_module_or_text_is_a_miss(tmp_path, counting, monkeypatch):
    with kiwi.analysis_cache(tmp_path):
        derive(kiwi.split_documents(ITEMS))
    monkeypatch.setattr(derived_cache, "code_version", lambda *modules: "changed code")
    with kiwi.analysis_cache(tmp_path) as session:
        derive(kiwi.split_documents(ITEMS))
    assert (
        session.derived_from_disk == 0
        and session.computed == counting["features"].calls // 2 + counting["units"].calls // 2
    )
    monkeypatch.undo()
    changed = [(ITEMS[0][0], [ITEMS[0][1][0], "시민들은 무료로 책을 빌릴 수 있다."])]
    with kiwi.analysis_cache(tmp_path) as session:
        derive(kiwi.split_documents(changed))
    assert session.computed == 1 + 1  # the document's features, the changed paragraph's sentence
    assert session.derived_from_disk == 2  # the first paragraph's two sentences


def test_values_of_the_wrong_shape_on_disk_are_computed_again(tmp_path, counting):
    """Another build's entries, or planted ones: each is a miss, computed again and replaced (a units entry of
    the wrong shape failed every run that read it)."""
    import sqlite3

    from summarizer.text import cache_session, cache_values

    fresh = derive(kiwi.split_documents(ITEMS))
    sentences = sum(len(d.sentences) for d in kiwi.split_documents(ITEMS))
    with kiwi.analysis_cache(tmp_path):
        derive(kiwi.split_documents(ITEMS))
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (cache_values.encode([[1]]),))
    with kiwi.analysis_cache(tmp_path) as session:
        again = derive(kiwi.split_documents(ITEMS))
    assert session.corrupt == session.analysed + session.computed and session.computed == 1 + sentences
    for (units_a, x_a), (units_b, x_b) in zip(fresh, again):
        assert units_a == units_b and x_a.tobytes() == x_b.tobytes()
    with kiwi.analysis_cache(tmp_path) as session:  # replaced
        derive(kiwi.split_documents(ITEMS))
    assert session.corrupt == session.computed == 0 and session.derived_from_disk == 1 + sentences


@pytest.mark.parametrize("planted", ["AAAA", "AAAAAAAAAAA=", "not base64!", ""])
def test_features_that_are_not_their_rows_bytes_are_computed_again(tmp_path, counting, planted):
    """The features are kept as the base64 of their float64 bytes: text of another length, or not base64 at all,
    is a miss, computed again and replaced."""
    import sqlite3

    from summarizer.text import cache_session, cache_values

    fresh = derive(kiwi.split_documents(ITEMS))
    with kiwi.analysis_cache(tmp_path):
        derive(kiwi.split_documents(ITEMS))
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (cache_values.encode(planted),))
    with kiwi.analysis_cache(tmp_path) as session:
        again = derive(kiwi.split_documents(ITEMS))
    assert counting["features"].calls == 3 and session.corrupt >= 1
    for (_, x_a), (_, x_b) in zip(fresh, again):
        assert x_a.shape == x_b.shape == (len(candidates(kiwi.split_documents(ITEMS)[0])), len(features.FEATURES))
        assert x_a.tobytes() == x_b.tobytes() and not x_b.flags.writeable


def test_with_the_disk_cache_off_values_are_remembered_in_memory(tmp_path, counting, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE", "off")
    fresh = derive(kiwi.split_documents(ITEMS))
    with kiwi.analysis_cache() as session:
        docs = kiwi.split_documents(ITEMS)
        got = derive(docs) + derive(docs)
    sentences = sum(len(d.sentences) for d in docs)
    assert session.db is None and session.computed == 1 + sentences and counting["features"].calls == 2
    assert [units for units, _ in got] == [units for units, _ in fresh] * 2 and not list(tmp_path.iterdir())


def test_code_version_follows_the_source(tmp_path, monkeypatch):
    (tmp_path / "some_step.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = derived_cache.code_version("some_step")
    (tmp_path / "some_step.py").write_text("X = 2\n", encoding="utf-8")
    derived_cache.code_version.cache_clear()
    assert derived_cache.code_version("some_step") != before
    assert derived_cache.code_version("some_step", "summarizer.text.editing") != derived_cache.code_version("some_step")


def test_an_owner_without_a_key_is_remembered_in_memory_only(tmp_path):
    doc = kiwi.split_documents(ITEMS)[0]
    by_hand = kiwi.Document(doc.title, doc.sentences, doc.title_tokens)  # no content key
    compute = Counting(lambda: [1.5, 2])
    with kiwi.analysis_cache(tmp_path) as session:
        got = [derived_cache.remembered(by_hand, "value", (), (3,), compute, shape=[float]) for _ in range(2)]
    assert got == [[1.5, 2]] * 2 and compute.calls == 1 and session.computed == 0


TIMING = {"minutes", "seconds", "posts_per_s"}  # what training.json records of the run's speed


def timeless(record):
    if isinstance(record, dict):
        return {k: timeless(v) for k, v in record.items() if k not in TIMING}
    return [timeless(v) for v in record] if isinstance(record, list) else record


@pytest.mark.slow
@needs("torch")
def test_a_second_training_run_computes_nothing_again_and_writes_the_same_model(
    tmp_path, monkeypatch, counting, capsys
):
    site = tmp_path / "_posts"
    site.mkdir()
    posts = sorted([*(ROOT / "examples" / "posts").glob("*.md"), *(ROOT / "examples" / "reference").glob("*.md")])
    for n, post in enumerate(posts * 4):  # 4 dates, as test_train's site
        shutil.copy(post, site / f"2024-08-0{1 + n // len(posts)}-{n}.md")
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    opts = CondenseOptions(epochs=1, dim=8, hidden=8, vocab_size=500)
    run_training([site], tmp_path / "cold", opts)
    computed = {name: c.calls for name, c in counting.items()}
    assert "derived values: 0 computed" not in capsys.readouterr().err and all(computed.values())
    run_training([site], tmp_path / "warm", opts)
    assert "Kiwi: 0 texts analysed" in (err := capsys.readouterr().err) and "derived values: 0 computed" in err
    assert {name: c.calls for name, c in counting.items()} == computed  # neither computed again
    for path in sorted((tmp_path / "cold").iterdir()):
        if path.name == "training.json":
            assert timeless(json.loads(path.read_text(encoding="utf-8"))) == timeless(
                json.loads((tmp_path / "warm" / path.name).read_text(encoding="utf-8"))
            )
        elif path.name != "README.md":  # the card states the run's minutes
            assert path.read_bytes() == (tmp_path / "warm" / path.name).read_bytes(), path.name
