"""How the cache stores a value: zlib-compressed JSON (never pickle; `FORMAT` is part of every key), and the
shape a value read back must have (`matches`, `Maybe`): an entry that is not of it is a miss."""

from __future__ import annotations

import json
import zlib

FORMAT = 1  # of the stored values; part of every key


def encode(value) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode("utf-8"), 3)


def decode(blob: bytes):
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def matches(value: object, shape: object) -> bool:
    """Whether the JSON `value` has `shape`: a type (int, float, str, bool; a float may be an int), `[shape]` (a
    list of them), a tuple of shapes (a list of exactly those, in order), `Maybe(shape)` (null or that), or a
    predicate (a function of the value)."""
    if isinstance(shape, type):
        if shape is float:
            return isinstance(value, int | float) and not isinstance(value, bool)
        if shape is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, shape)
    if isinstance(shape, list):
        return isinstance(value, list) and all(matches(v, shape[0]) for v in value)
    if isinstance(shape, tuple):
        return isinstance(value, list) and len(value) == len(shape) and all(map(matches, value, shape))
    if isinstance(shape, Maybe):
        return value is None or matches(value, shape.shape)
    return bool(shape(value))


class Maybe:
    """A `matches` shape: null, or `shape`."""

    def __init__(self, shape: object) -> None:
        self.shape = shape
