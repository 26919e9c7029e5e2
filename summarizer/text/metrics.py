"""The ROUGE scores by name: what `summarizer.evaluation.evaluate` computes, the training record keeps per
engine, and the registry compares to choose the default engine. Defined here once (a light module: no
rouge-score import)."""

METRICS = ("rouge1", "rouge2", "rougeL")
