"""Temporary: the old module name of `summarizer.engines.condense`, for importers not yet moved (training/).

Remove once nothing imports `summarizer.engines.seq2seq`; the engine name `seq2seq` stays (an alias in the
registry, see `summarizer.engines.ALIASES`)."""

from .condense import CondenseEngine as Seq2SeqEngine  # noqa: F401
from .condense import *  # noqa: F401,F403
