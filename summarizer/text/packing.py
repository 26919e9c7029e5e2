"""How an excerpt is fitted into its length: the settings every engine, the CLI and the trainer share.

Defined once here. `Settings.max_chars` (the CLI's `--max-chars` and the config file's key) defaults to
`PACKING.max_chars`; the engines skip repeats with `PACKING.max_overlap`, and the condense stage's own
overlap limit (chosen by `summarizer train`) starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Packing:
    max_chars: int = 150  # the longest excerpt, in characters
    max_overlap: float = 0.6  # a sentence whose content words mostly (> this share) repeat a chosen one is skipped
    min_sentence_chars: int = 12  # a shorter sentence is never quoted


PACKING = Packing()
DEFAULT_MAX_CHARS = PACKING.max_chars  # the one default excerpt length: CLI, engines, trainer, benchmarks and card
MAX_CHARS_RANGE = (20, 2000)  # what --max-chars and the config file's max_chars accept
