"""Fit the general ranker (models/general/ranker.json): ridge weights over text.features.GENERAL_FEATURES that
predict each candidate sentence's ROUGE-1 with the post's own summary, one weight per site (every site counts
the same, however many posts it has); checked leave-one-site-out.

    python benchmarks/fit_ranker.py SITES.json [--extra ID=FOLDER:FIELD ...] [--out models/general/ranker.json]

SITES.json: a list of {"id", "path" (or <its folder>/sites/<id>), "field", "split"}; only "dev" sites are fitted
on and reported leave-one-site-out, "test" sites are only scored, with the weights fitted on every dev site.
The file written holds feature names and weights only: no text of any site.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.engines.base import candidates  # noqa: E402
from summarizer.engines.ranker import GeneralRanker  # noqa: E402
from summarizer.posts.corpus import references  # noqa: E402
from summarizer.text.documents import documents_of  # noqa: E402
from summarizer.text.features import general_features  # noqa: E402
from summarizer.text.kiwi import PUNCT_TAGS, morphemes  # noqa: E402
from summarizer.text.sentence_kinds import never_summary  # noqa: E402

MAX_CHARS = 70


def _bag(tokens) -> Counter:
    return Counter(form.lower() for form, tag in tokens if not tag.startswith(PUNCT_TAGS))


def _f1(a: Counter, b: Counter) -> float:
    overlap, n = sum((a & b).values()), sum(a.values()) + sum(b.values())
    return 200 * overlap / n if n else 0.0


def site_rows(folder: Path, field: str, limit: int | None = None) -> list[dict]:
    """Per post with a summary: candidate features, each candidate's bag of morphemes, the summary's bag."""
    examples, _, _ = references([folder], field)
    examples = sorted((e for e in examples if len(e.reference) >= 5), key=lambda e: e.path.name)[-(limit or 0) :]
    docs = documents_of([e.post for e in examples])
    rows = []
    for doc, ref in zip(docs, morphemes([e.reference for e in examples])):
        found = [i for i in candidates(doc) if not never_summary(doc.sentences[i])]
        if not found:
            continue
        lead = []
        used = -1
        for i in candidates(doc):
            if used + 1 + len(doc.sentences[i].text) <= MAX_CHARS:
                lead.append(i)
                used += 1 + len(doc.sentences[i].text)
        rows.append(
            {
                "x": np.asarray(general_features(doc, found, MAX_CHARS)),
                "bags": [_bag(doc.sentences[i].tokens) for i in found],
                "lens": [len(doc.sentences[i].text) for i in found],
                "ref": Counter(ref),
                "lead": sum((_bag(doc.sentences[i].tokens) for i in lead), Counter()),
            }
        )
    return rows


def fit(sites: dict[str, list[dict]], ridge: float) -> np.ndarray:
    xs, ys, ws = [], [], []
    for rows in sites.values():
        for row in rows:
            y = np.array([_f1(b, row["ref"]) for b in row["bags"]])
            xs.append(row["x"])
            ys.append(y - y.mean())  # within a post: which sentence, not how easy the post is
            ws.append(np.full(len(y), 1.0 / len(rows)))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    a = x.T @ (x * w[:, None]) + ridge * w.mean() * np.eye(x.shape[1])
    return np.linalg.solve(a, x.T @ (y * w))


def score(rows: list[dict], ranker: GeneralRanker) -> tuple[float, float]:
    """Mean ROUGE-1 (on the sentences' own morphemes) of the ranker's picks and of lead."""
    got = []
    for row in rows:
        chosen = ranker.pick(row["x"] @ ranker.weights, row["lens"], MAX_CHARS)
        got.append(_f1(sum((row["bags"][k] for k in chosen), Counter()), row["ref"]))
    return statistics.mean(got), statistics.mean(_f1(r["lead"], r["ref"]) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sites")
    parser.add_argument("--extra", action="append", default=[], help="ID=FOLDER:FIELD, a dev site given by hand")
    parser.add_argument("--limit", type=int, default=800, help="the latest N posts of a site at most")
    parser.add_argument("--ridge", type=float, default=10.0)
    parser.add_argument("--fill", type=float, default=0.6)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    listed = json.loads(Path(args.sites).read_text(encoding="utf-8"))
    for extra in args.extra:
        sid, _, rest = extra.partition("=")
        folder, _, field = rest.rpartition(":")
        listed.append({"id": sid, "path": folder, "field": field, "split": "dev"})
    data, split = {}, {}
    for site in listed:
        folder = Path(site.get("path") or Path(args.sites).parent / "sites" / site["id"])
        data[site["id"]] = site_rows(folder, site["field"], args.limit)
        split[site["id"]] = site["split"]
        print(f"{site['id']}: {len(data[site['id']])} posts", file=sys.stderr, flush=True)
    dev = [s for s in data if split[s] == "dev"]
    deltas = {}
    for sid in data:
        train = {s: data[s] for s in dev if s != sid}
        ranker = GeneralRanker(fit(train, args.ridge), args.fill)
        mine, lead = score(data[sid], ranker)
        deltas[sid] = mine - lead
        kind = "left out" if sid in dev else "test"
        print(f"{sid:>6} {split[sid]:>4} ({kind}): lead {lead:5.1f}  ranker {mine:5.1f}  {mine - lead:+5.1f}")
    for label, ids in (("dev", dev), ("test", [s for s in data if s not in dev])):
        if ids:
            values = [deltas[s] for s in ids]
            worst = min(ids, key=deltas.get)
            print(f"{label}: median {statistics.median(values):+.2f}, worst {worst} {deltas[worst]:+.2f}")
    weights = fit({s: data[s] for s in dev}, args.ridge)
    if args.out:
        GeneralRanker(weights, args.fill).save(
            args.out, sites=len(dev), posts=sum(len(data[s]) for s in dev), ridge=args.ridge
        )
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
