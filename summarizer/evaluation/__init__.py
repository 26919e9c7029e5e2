"""Evaluation: scores of engines against a site's own summaries, and blind-reading kits."""
