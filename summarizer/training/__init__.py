"""`summarizer train`: data and splits (`data`), the select stage (`select`), the condense stage's editor
(`condense`), settings chosen on the development parts (`choose`: held-out categories and the latest
training-period posts), a refit, validation by date and by category, the record (`summarizer.training.record`)
and the model card (`modelcard`); `run` runs them as a plan of steps."""

from summarizer.training.condense import CondenseOptions
from summarizer.training.data import FILTERS, target_of
from summarizer.training.run import run_training

__all__ = ["CondenseOptions", "FILTERS", "run_training", "target_of"]
