"""`summarizer train`: data and splits (`data`), the select stage (`select`), the condense stage's editor
(`condense`), settings chosen on the development parts (`choose`: a held-out topic and the latest
training-period posts), a refit, validation by date and by topic, the record (`summarizer.training_record`)
and the model card (`modelcard`); `run` runs them as a plan of steps."""

from .condense import CondenseOptions
from .data import FILTERS, target_of
from .run import run_training

__all__ = ["CondenseOptions", "FILTERS", "run_training", "target_of"]
