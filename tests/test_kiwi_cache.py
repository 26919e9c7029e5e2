"""Kiwi's analyses cached by content: a hit, a miss on a changed text, a corrupt entry, the bound, the switch."""

import sqlite3

import pytest

from summarizer.text import kiwi, kiwi_cache


class Counting:
    """A stand-in analyser that records what it was asked to analyse."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> list:
        self.calls.append(list(texts))
        return [[[t, len(t)]] for t in texts]

    @property
    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


def run(folder, texts, salt="kiwi 1", **kw):
    analyse = Counting()
    with kiwi_cache.session(salt, folder, **kw) as session:
        got = kiwi_cache.lookup("split", texts, analyse)
    return got, analyse, session


def test_a_second_session_reads_every_analysis_from_disk(tmp_path):
    got, first, session = run(tmp_path, ["가", "나", "가"])
    assert got == [[["가", 1]], [["나", 1]], [["가", 1]]] and first.calls == [["가", "나"]]  # each text once
    assert session.analysed == 2 and (tmp_path / kiwi_cache.FILE_NAME).is_file()
    again, second, session = run(tmp_path, ["가", "나", "가"])
    assert again == got and second.calls == [] and session.from_disk == 2


def test_a_changed_text_or_analyser_is_a_miss(tmp_path):
    run(tmp_path, ["첫 문단", "둘째 문단"])
    _, analyse, _ = run(tmp_path, ["첫 문단", "둘째 문단을 고쳤다"])
    assert analyse.texts == ["둘째 문단을 고쳤다"]
    _, analyse, _ = run(tmp_path, ["첫 문단"], salt="kiwi 2")  # another Kiwi version or option
    assert analyse.texts == ["첫 문단"]


def test_a_corrupt_entry_is_ignored_and_analysed_again(tmp_path):
    run(tmp_path, ["가", "나"])
    with sqlite3.connect(tmp_path / kiwi_cache.FILE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (b"not zlib",))
    got, analyse, session = run(tmp_path, ["가", "나"])
    assert got == [[["가", 1]], [["나", 1]]] and analyse.texts == ["가", "나"] and session.corrupt == 2
    _, analyse, _ = run(tmp_path, ["가", "나"])  # replaced by the fresh analyses
    assert analyse.calls == []


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    (tmp_path / kiwi_cache.FILE_NAME).write_bytes(b"garbage " * 100)
    got, _, _ = run(tmp_path, ["가"])
    assert got == [[["가", 1]]]
    _, analyse, _ = run(tmp_path, ["가"])
    assert analyse.calls == []


def test_a_database_locked_by_another_run_is_left_alone(tmp_path, monkeypatch, capsys):
    run(tmp_path, ["가"])
    monkeypatch.setattr(kiwi_cache, "TIMEOUT_S", 0.1)
    other = sqlite3.connect(tmp_path / kiwi_cache.FILE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        got, analyse, _ = run(tmp_path, ["가", "나"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert got == [[["가", 1]], [["나", 1]]] and "Kiwi cache" in capsys.readouterr().err
    _, analyse, _ = run(tmp_path, ["가"])  # the cache was not replaced
    assert analyse.calls == []


def test_a_folder_that_cannot_be_written_turns_the_disk_cache_off(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    got, analyse, session = run(tmp_path / "file" / "cache", ["가", "가"])
    assert got == [[["가", 1]], [["가", 1]]] and analyse.calls == [["가"]] and session.db is None
    assert "Kiwi cache" in capsys.readouterr().err


def test_the_least_recently_used_entries_go_above_the_bound(tmp_path):
    texts = [f"문장 {i} " * 200 for i in range(40)]
    run(tmp_path, texts[:20], max_bytes=10**9)
    run(tmp_path, texts[20:], max_bytes=10**9)
    run(tmp_path, texts[:20], max_bytes=10**9)  # the first twenty are now the most recently used
    with sqlite3.connect(tmp_path / kiwi_cache.FILE_NAME) as db:
        size = db.execute("SELECT SUM(LENGTH(value)) FROM entries").fetchone()[0]
    run(tmp_path, [], max_bytes=size // 2)
    with sqlite3.connect(tmp_path / kiwi_cache.FILE_NAME) as db:
        assert db.execute("SELECT SUM(LENGTH(value)) FROM entries").fetchone()[0] <= size * 3 // 8
    _, analyse, _ = run(tmp_path, texts)
    kept = set(texts) - set(analyse.texts)
    assert kept and kept <= set(texts[:20])  # the least recently used went first


@pytest.mark.parametrize("value, where", [("off", None), ("", "xdg/summarizer"), ("~/elsewhere", "home/elsewhere")])
def test_where_the_environment_puts_the_cache(monkeypatch, tmp_path, value, where):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(kiwi_cache.ENV, value)
    assert kiwi_cache.default_folder() == (tmp_path / where if where else None)


def test_no_session_no_cache():
    analyse = Counting()
    kiwi_cache.lookup("split", ["가"], analyse)
    kiwi_cache.lookup("split", ["가"], analyse)
    assert analyse.calls == [["가"], ["가"]]


def test_documents_from_the_cache_equal_fresh_ones(tmp_path, monkeypatch):
    items = [("제목입니다", ["첫 문장이다. 둘째 문장은 2024년에 나왔다.", "셋째 문단이다."], ["News"]), ("", ["짧다."])]
    fresh = kiwi.split_documents(items)
    texts = ["서울시는 3일 발표했다.", "행사가 열린다!"]
    words = kiwi.morphemes(texts), kiwi.content_of(texts), kiwi.facts(texts)
    with kiwi.analysis_cache(tmp_path):
        assert kiwi.split_documents(items) == fresh
    monkeypatch.setattr(kiwi, "get_kiwi", lambda: pytest.fail("analysed again"))
    with kiwi.analysis_cache(tmp_path) as session:
        assert kiwi.split_documents(items) == fresh
        with kiwi.analysis_cache(tmp_path):  # a session already open is reused
            kiwi.split_documents(items)
    assert session.analysed == 0 and session.from_disk == session.from_memory == 5  # 5 texts: 2 titles, 3 paragraphs
    monkeypatch.undo()
    with kiwi.analysis_cache(tmp_path):
        assert (kiwi.morphemes(texts), kiwi.content_of(texts), kiwi.facts(texts)) == words
    monkeypatch.setattr(kiwi, "get_kiwi", lambda: pytest.fail("analysed again"))
    with kiwi.analysis_cache(tmp_path):
        assert (kiwi.morphemes(texts), kiwi.content_of(texts), kiwi.facts(texts)) == words
