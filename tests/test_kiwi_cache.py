"""Kiwi's analyses cached by content: a hit, a miss on a changed text, a corrupt entry, the bound, the switch."""

import random
import sqlite3

import pytest

from summarizer.text import cache_session, cache_values, kiwi, kiwi_cache


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
    assert session.analysed == 2 and (tmp_path / cache_session.FILE_NAME).is_file()
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
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (b"not zlib",))
    got, analyse, session = run(tmp_path, ["가", "나"])
    assert got == [[["가", 1]], [["나", 1]]] and analyse.texts == ["가", "나"] and session.corrupt == 2
    _, analyse, _ = run(tmp_path, ["가", "나"])  # replaced by the fresh analyses
    assert analyse.calls == []


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    (tmp_path / cache_session.FILE_NAME).write_bytes(b"garbage " * 100)
    got, _, _ = run(tmp_path, ["가"])
    assert got == [[["가", 1]]]
    _, analyse, _ = run(tmp_path, ["가"])
    assert analyse.calls == []


def test_a_database_locked_by_another_run_is_left_alone(tmp_path, monkeypatch, capsys):
    run(tmp_path, ["가"])
    monkeypatch.setattr(cache_session, "TIMEOUT_S", 0.1)
    other = sqlite3.connect(tmp_path / cache_session.FILE_NAME, isolation_level=None)
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


def on_disk(folder) -> int:
    """Bytes of the cache file and its journals."""
    return sum(p.stat().st_size for p in folder.glob(cache_session.FILE_NAME + "*"))


def noise(n: int, chars: int = 1500) -> list[str]:
    """`n` texts that do not compress (random syllables): each entry takes its room on disk."""
    rng = random.Random(n)
    return ["".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(chars)) for _ in range(n)]


def test_the_least_recently_used_entries_go_above_the_bound(tmp_path):
    texts = noise(40)
    run(tmp_path, texts[:20], max_bytes=10**9)
    run(tmp_path, texts[20:], max_bytes=10**9)
    run(tmp_path, texts[:20], max_bytes=10**9)  # the first twenty are now the most recently used
    size = on_disk(tmp_path)
    run(tmp_path, [], max_bytes=size // 2)
    assert on_disk(tmp_path) <= size // 2
    _, analyse, _ = run(tmp_path, texts)
    kept = set(texts) - set(analyse.texts)
    assert kept and kept <= set(texts[:20])  # the least recently used went first


def test_the_cache_file_stays_within_its_bound_on_disk(tmp_path):
    """The bound counted only the values' bytes, and deleted entries left their pages in the file: it grew to
    21 MB under a 1 MB bound. Now the file's pages count, and the file is compacted."""
    bound = 200_000
    for n in range(6):
        run(tmp_path, noise(60 + n), max_bytes=bound)  # 6 × ~300 kB of new entries
        assert on_disk(tmp_path) <= bound
    _, analyse, _ = run(tmp_path, noise(65)[-5:], max_bytes=bound)
    assert analyse.calls == []  # the latest entries are kept


def test_an_entry_of_the_wrong_shape_is_a_miss_analysed_again_and_replaced(tmp_path):
    shape = [(str, int)]
    run(tmp_path, ["가", "나"])
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:  # another build's entries, or planted ones
        db.execute("UPDATE entries SET value = ?", (cache_values.encode([["가", 1, 2]]),))
    analyse = Counting()
    with kiwi_cache.session("kiwi 1", tmp_path) as session:
        got = kiwi_cache.lookup("split", ["가", "나"], analyse, shape=shape)
    assert got == [[["가", 1]], [["나", 1]]] and analyse.texts == ["가", "나"] and session.corrupt == 2
    with kiwi_cache.session("kiwi 1", tmp_path) as session:  # replaced by the fresh analyses
        assert kiwi_cache.lookup("split", ["가", "나"], Counting(), shape=shape) == got and session.from_disk == 2


def test_a_planted_analysis_does_not_fail_training_or_change_it(tmp_path):
    """A split entry of the wrong shape failed every training run with 'too many values to unpack (expected 3)'."""
    items = [("제목입니다", ["첫 문장이다. 둘째 문장은 2024년에 나왔다."])]
    fresh = kiwi.split_documents(items)
    with kiwi.analysis_cache(tmp_path):
        kiwi.split_documents(items)
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:
        db.execute("UPDATE entries SET value = ?", (cache_values.encode([["x", 0, [["x", "NNG", 0, 1]], "extra"]]),))
    with kiwi.analysis_cache(tmp_path) as session:
        assert kiwi.split_documents(items) == fresh
    assert session.corrupt == 2 and session.analysed == 2


def test_the_file_carries_its_schema_and_another_schema_is_left_alone(tmp_path, capsys):
    run(tmp_path, ["가"])
    with sqlite3.connect(tmp_path / cache_session.FILE_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == cache_session.SCHEMA
        db.execute("PRAGMA user_version = 99")  # a later version's file
    before = (tmp_path / cache_session.FILE_NAME).read_bytes()
    got, analyse, session = run(tmp_path, ["가"])
    assert got == [[["가", 1]]] and analyse.calls == [["가"]] and session.db is None
    assert "cache schema 99" in capsys.readouterr().err
    assert (tmp_path / cache_session.FILE_NAME).read_bytes() == before


@pytest.mark.parametrize("link", ["file", "folder", "wal"])
def test_a_cache_file_or_folder_that_is_a_symbolic_link_is_not_used(tmp_path, capsys, link):
    """SQLite followed a link to an empty file elsewhere and made a database of it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_bytes(b"")
    cache = tmp_path / "cache"
    if link == "folder":
        cache.symlink_to(elsewhere)
    else:
        cache.mkdir(mode=0o700)
        name = cache_session.FILE_NAME + ("-wal" if link == "wal" else "")
        (cache / name).symlink_to(elsewhere / "notes.txt")
    got, analyse, session = run(cache, ["가", "가"])
    assert got == [[["가", 1]], [["가", 1]]] and analyse.calls == [["가"]] and session.db is None
    err = capsys.readouterr().err
    assert err.count("Kiwi cache") == 1 and "is a symbolic link" in err
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.txt"]
    assert (elsewhere / "notes.txt").read_bytes() == b""


def test_a_cache_folder_other_users_can_write_is_not_used(tmp_path, capsys):
    """Whoever can write the cache can change what training learns."""
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    _, _, session = run(cache, ["가"])
    assert session.db is None and not (cache / cache_session.FILE_NAME).exists()
    assert "can be written by other users" in capsys.readouterr().err


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
