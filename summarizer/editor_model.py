"""Temporary: the old module of the editor, now the package `summarizer.editor`, for importers not yet moved
(tests/test_condense.py). Remove once nothing imports `summarizer.editor_model`."""

from .editor.configuration import EditorConfig  # noqa: F401
from .editor.inputs import PostInput, RankInput, make_input, make_rank_input, token_key  # noqa: F401
from .editor.modeling_numpy import NumpyEditor  # noqa: F401
