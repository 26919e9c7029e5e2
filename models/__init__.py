"""Shipped models, installed as the package `summarizer_models` (package data; see pyproject.toml).

Each subfolder is one model directory, e.g. `koreanews-small/`; `summarizer.engines` finds them with
`importlib.resources.files("summarizer_models")`.
"""
