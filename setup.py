"""Only the package list, which pyproject.toml cannot express: every `summarizer` package found at build
time (a new subpackage needs no edit here, with or without an __init__.py) plus `summarizer_models`, the
top-level `models/` folder (see [tool.setuptools] package-dir and package-data in pyproject.toml)."""

from setuptools import find_namespace_packages, setup

setup(
    packages=find_namespace_packages(include=["summarizer", "summarizer.*"], exclude=["*.__pycache__"])
    + ["summarizer_models"]
)
