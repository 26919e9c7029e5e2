"""Korean post summarizer: fills `excerpt` and `feature_text` in Markdown front matter."""

__version__ = "0.1.0"
