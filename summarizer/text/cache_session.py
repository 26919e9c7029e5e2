"""One cache session (`Session`): its analyses in memory, in front of the disk cache, one SQLite file
(`FILE_NAME`) in the cache folder (see `kiwi_cache`).

- Keyed by content: SHA-256 of the analysis kind, a salt naming the analyser (Kiwi's version, its model's
  version and its options: see `summarizer.text.kiwi`) and the text. A changed text, Kiwi or option is a miss.
- Values: zlib-compressed JSON (never pickle; see `cache_values`). An entry that does not decode, or is not of
  the shape its caller expects (`shape`: another build's entry, or a planted one), is a miss: analysed again and
  replaced.
- Versioned: the file's schema is SQLite's `user_version` (SCHEMA); a file of another schema is left alone and
  the disk cache is off for the run.
- Atomic: each batch of new entries is written in one transaction; a run stopped mid-write leaves the file
  as it was before that batch.
- Bounded on disk: when a session ends with the file over `max_bytes` (its pages, not only the values), the least
  recently used entries are deleted down to 3/4 of it and the file is compacted (VACUUM).
- Yours only: a cache folder, file or journal that is a symbolic link, a folder another user owns or can write
  to, a file another user owns: the disk cache is off for the run (whoever can write the cache can change what
  training learns).
- Never fails a run: a folder that cannot be written or a file that is not a database (it is replaced once)
  turns the disk cache off for the session, with one warning on stderr.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from summarizer.text.cache_values import FORMAT, decode, encode, matches

FILE_NAME = "kiwi-analyses.sqlite3"
SCHEMA = 1  # of the file (its table), in SQLite's user_version; 0: a new file, or one written before it was set
MAX_BYTES = 1 << 30  # 1 GiB on disk
TIMEOUT_S = 30.0  # how long to wait for another run's write to the cache
_CHUNK = 500  # keys per SELECT (SQLite's limit on host parameters is 999 in old builds)


class Session:
    """Analyses of this session in memory (decoded), in front of the disk cache (when there is one)."""

    def __init__(self, salt: str, folder: Path | None, max_bytes: int = MAX_BYTES) -> None:
        self.salt, self.folder, self.max_bytes = salt, folder, max_bytes
        self.memo: dict[bytes, object] = {}  # decoded values (shared: callers read them, never change them)
        self.used: set[bytes] = set()  # keys read from disk or written this session
        self.analysed = self.from_disk = self.from_memory = self.corrupt = 0  # Kiwi's analyses
        self.computed = self.derived_from_disk = 0  # derived values (`summarizer.text.derived_cache`)
        self.db = self._open() if folder is not None else None

    def _open(self) -> sqlite3.Connection | None:
        path = self.folder / FILE_NAME
        for attempt in (1, 2):
            try:
                problem = self._not_yours()
                if problem:
                    self._off(problem)
                    return None
                db = sqlite3.connect(path, timeout=TIMEOUT_S, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last batch
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA):
                    db.close()
                    self._off(f"{path} has cache schema {version}, another version's (this one's is {SCHEMA})")
                    return None
                db.execute(
                    "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, used REAL NOT NULL)"
                )
                if version == 0:
                    db.execute(f"PRAGMA user_version = {SCHEMA}")
                return db
            except sqlite3.OperationalError as exc:  # locked by another run, read-only, cannot be opened: keep it
                self._off(exc)
                break
            except sqlite3.DatabaseError as exc:  # not a database, or damaged: replace it once
                if attempt == 1 and path.is_file():
                    for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
                        (self.folder / name).unlink(missing_ok=True)
                    continue
                self._off(exc)
            except OSError as exc:
                self._off(exc)
                break
        return None

    def _not_yours(self) -> str | None:
        """Why the cache folder (made when missing, mode 700) or its files must not be used, or None: a symbolic
        link (SQLite would follow it and make a database of whatever it points to), a folder another user owns or
        can write to, a file another user owns or that is not a regular file."""
        if self.folder.is_symlink():
            return f"{self.folder} is a symbolic link"
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.lstat(self.folder)
        if not stat.S_ISDIR(st.st_mode):
            return f"{self.folder} is not a folder"
        if st.st_uid != os.geteuid() or st.st_mode & 0o022:
            mode = stat.S_IMODE(st.st_mode)
            return (
                f"{self.folder} can be written by other users (owner uid {st.st_uid}, mode {mode:o}); "
                "make it yours alone (chmod 700) or set SUMMARIZER_CACHE"
            )
        for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
            try:
                st = os.lstat(self.folder / name)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(st.st_mode):
                return f"{self.folder / name} is a symbolic link"
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
                return f"{self.folder / name} is not a file of yours"
        return None

    def _off(self, exc: Exception | str) -> None:
        why = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        print(f"summarizer: Kiwi cache in {self.folder} off for this run ({why})", file=sys.stderr, flush=True)
        self.db = None

    def key(self, kind: str, text: str) -> bytes:
        return hashlib.sha256(
            f"{FORMAT}\0{self.salt}\0{kind}\0".encode() + text.encode("utf-8", "surrogatepass")
        ).digest()

    def _read(self, keys: list[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        if self.db is None:
            return found
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                rows = self.db.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
                found.update(rows)
        except sqlite3.Error as exc:
            self._off(exc)
        return found

    def _write(self, entries: dict[bytes, bytes]) -> None:
        if self.db is None or not entries:
            return
        now = time.time()
        try:
            with self.db:  # one transaction: all of the batch or none of it
                self.db.execute("BEGIN")
                self.db.executemany(
                    "INSERT OR REPLACE INTO entries (key, value, used) VALUES (?, ?, ?)",
                    [(k, v, now) for k, v in entries.items()],
                )
        except sqlite3.Error as exc:
            self._off(exc)

    def lookup(
        self,
        kind: str,
        texts: list[str],
        analyse: Callable[[list[str]], list],
        derived: bool = False,
        shape: object = None,
    ) -> list:
        """`analyse(texts)`, each distinct text analysed at most once: from memory, from disk, or fresh. The values
        returned are shared with later hits: read them, never change them. `derived`: values derived from
        analyses, counted apart from them. `shape`: what every value is (`matches`); an entry on disk that is not
        is a miss, analysed again and replaced (None: not checked)."""
        keys = [self.key(kind, t) for t in texts]
        values: dict[bytes, object] = {}
        wanted = list(dict.fromkeys(keys))
        for k in wanted:
            if k in self.memo:
                values[k] = self.memo[k]
                self.from_memory += 1
        for k, blob in self._read([k for k in wanted if k not in values]).items():
            try:
                values[k] = decode(blob)
            except (zlib.error, UnicodeDecodeError, ValueError, RecursionError):
                self.corrupt += 1  # analysed again below, and replaced
                continue
            if shape is not None and not matches(values[k], shape):
                del values[k]
                self.corrupt += 1  # another build's entry, or a planted one: analysed again below, and replaced
                continue
            self.memo[k] = values[k]
            self.used.add(k)
            if derived:
                self.derived_from_disk += 1
            else:
                self.from_disk += 1
        todo = {k: t for k, t in zip(keys, texts) if k not in values}
        if todo:
            fresh = {}
            for k, value in zip(todo, analyse(list(todo.values()))):
                fresh[k] = blob = encode(value)
                values[k] = self.memo[k] = decode(blob)  # what a later hit returns: the same types (JSON lists)
            if derived:
                self.computed += len(todo)
            else:
                self.analysed += len(todo)
            self._write(fresh)
        return [values[k] for k in keys]

    def close(self) -> None:
        """Mark the entries this session used, and keep the file within `max_bytes` (`_bound`)."""
        if self.db is None:
            return
        try:
            now = time.time()
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("UPDATE entries SET used = ? WHERE key = ?", [(now, k) for k in self.used])
            self._bound()
        except sqlite3.Error as exc:
            self._off(exc)
        finally:
            if self.db is not None:
                self.db.close()
                self.db = None

    def _size(self) -> tuple[int, int]:
        """(bytes of the file's pages, bytes of its pages in use), the WAL checkpointed into it first."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        page, pages, free = (
            self.db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "page_count", "freelist_count")
        )
        return page * pages, page * (pages - free)

    def _bound(self) -> None:
        """When the file is over `max_bytes`, delete the least recently used entries until what is left takes 3/4
        of it (each entry's share of the pages in use is its key and value bytes' share), then compact the file.
        A file that cannot shrink below `max_bytes` (a bound smaller than an empty cache) ends empty."""
        for _ in range(2):  # the second pass corrects an estimate that left too much
            size, in_use = self._size()
            if size <= self.max_bytes:
                return
            stored = self.db.execute("SELECT COALESCE(SUM(LENGTH(key) + LENGTH(value) + 8), 0) FROM entries")
            stored = stored.fetchone()[0]
            keep = (self.max_bytes * 3 // 4) * stored // max(in_use, 1)  # stored bytes that fit in 3/4 of the bound
            doomed, left = [], stored
            for rowid, length in self.db.execute(
                "SELECT rowid, LENGTH(key) + LENGTH(value) + 8 FROM entries ORDER BY used, rowid"
            ):
                if left <= keep:
                    break
                doomed.append((rowid,))
                left -= length
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany("DELETE FROM entries WHERE rowid = ?", doomed)
            self.db.execute("VACUUM")
        self._size()
