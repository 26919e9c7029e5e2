"""Values derived from analysed texts, computed once: kept on the Document or Sentence they come from, and on
disk next to Kiwi's analyses (`summarizer.text.kiwi_cache`, same file and session).

A derived value is a pure, deterministic function of its owner (a Document or Sentence that
`summarizer.text.kiwi.split_documents` made, and so carries a content key) and a few arguments. `remembered`:

- in memory: the owner's `memo`, by name and arguments (a training run asks for the same value many times);
- on disk, inside an analysis session: by the owner's content key, the arguments, the value's name, the
  source of the modules that compute it (`code_version`: a changed module makes every entry it computed a
  miss; the old ones age out of the cache) and the analyser's salt (Kiwi's version and options);
- a value is stored as JSON (`dump`) and rebuilt from it (`load`); a fresh one is rebuilt from its JSON too,
  so a run that computes it and a run that reads it get the same value;
- an entry on disk that is not of the value's `shape` (another build's, or a planted one) is computed again and
  replaced, so `load` only ever sees what `dump` writes.

`cached` does the same for values that are a function of a text alone (ROUGE of a reference and a summary).

An owner without a content key (one built by hand) is remembered in memory only. Outside a session nothing
goes to disk (`SUMMARIZER_CACHE=off` keeps the session in memory).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from summarizer.text import kiwi_cache


@cache
def code_version(*modules: str) -> str:
    """A digest of the named modules' source files: a value computed by them is a miss once any of them changes."""
    digest = hashlib.sha256()
    for name in modules:
        spec = find_spec(name)
        source = Path(spec.origin).read_bytes() if spec and spec.origin and Path(spec.origin).is_file() else b"-"
        digest.update(name.encode() + b"\0" + source + b"\0")
    return digest.hexdigest()[:16]


def cached(
    name: str, modules: tuple[str, ...], texts: list[str], compute: Callable[[list[str]], list], shape: object
) -> list:
    """`compute(texts)` (a pure function of each text alone, computed by `modules`), each distinct text computed
    once per session, and kept on disk in a session with a disk cache. `shape`: what each value is, as JSON
    (`cache_values.matches`); an entry on disk that is not is computed again."""
    return kiwi_cache.lookup(f"{name}/{code_version(*modules)}", texts, compute, derived=True, shape=shape)


def remembered(
    owner,
    name: str,
    modules: tuple[str, ...],
    args: tuple,
    compute: Callable[[], object],
    dump: Callable[[object], object] = lambda v: v,
    load: Callable[[object], object] = lambda v: v,
    *,
    shape: object,
):
    """`compute()` for `owner` and `args` (computed by `modules`): once per owner in memory, and in a session
    once per content (the owner's key) on disk. The value is shared: read it, never change it. `shape`: what
    `dump(value)` is, as JSON (`cache_values.matches`); an entry on disk that is not is computed again."""
    at = (name, args)
    if at in owner.memo:
        return owner.memo[at]
    if owner.key and kiwi_cache.active() is not None:
        text = owner.key + "\0" + json.dumps(args, separators=(",", ":"))
        value = load(cached(name, modules, [text], lambda _: [dump(compute())], shape)[0])
    else:
        raw = dump(compute())  # rebuilt from its JSON: the same types as a value read back (None and text are)
        value = load(raw if raw is None or type(raw) is str else json.loads(json.dumps(raw)))
    owner.memo[at] = value
    return value
