"""The blind-reading kit: a sheet of posts, each with every engine's excerpt and the site's own, shuffled and
unlabelled, with the key sealed in a separate file; then a table of the ratings once they are in.

`write_sheet` writes three files into a folder:
- `sheet.md`: for each post its title, category and article text, then candidates A, B, C, … in random order;
- `ratings.csv`: one row per post and candidate for the rater to fill: `faithful`, `fluent`, `informative`,
  `style` (1-5 each) and `publishable` (yes/no: could it go on the site as it is?);
- `key.json`: which engine (or `site`, the post's own summary) each candidate is. Give the rater only the
  first two files.

`tabulate` joins a filled `ratings.csv` with `key.json`: mean scores and the publishable share per engine,
overall and per category.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from pathlib import Path

SCORES = ("faithful", "fluent", "informative", "style")
SITE = "site"
KEY_FILE, SHEET_FILE, RATINGS_FILE = "key.json", "sheet.md", "ratings.csv"
ARTICLE_CHARS = 1200


def write_sheet(posts: list[dict], folder: Path, count: int, seed: int = 0) -> int:
    """Write the kit for `count` of `posts` (chosen at random with `seed`) into `folder`; returns the count.

    Each post is a dict with `title`, `category`, `article` and `candidates` ({engine or 'site': text})."""
    rng = random.Random(seed)
    chosen = rng.sample(posts, min(count, len(posts)))
    folder.mkdir(parents=True, exist_ok=True)
    sheet, key, rows = ["# Blind reading\n", "Rate every candidate in ratings.csv: faithful, fluent, informative "
                        "and style from 1 (bad) to 5 (good), and publishable yes/no (could it go on the site as "
                        "it is?). Candidates are in random order; one may be the site's own.\n"], {}, []
    for n, post in enumerate(chosen, 1):
        pid = f"P{n:03d}"
        items = list(post["candidates"].items())
        rng.shuffle(items)
        labels = [chr(ord("A") + i) for i in range(len(items))]
        key[pid] = {"category": post.get("category", ""), "path": post.get("path", ""),
                    "candidates": {label: engine for label, (engine, _) in zip(labels, items)}}
        article = post["article"]
        article = article if len(article) <= ARTICLE_CHARS else article[:ARTICLE_CHARS] + " …"
        sheet.append(f"\n## {pid}: {post['title']}\n\ncategory: {post.get('category') or '-'}\n\n> {article}\n")
        for label, (_, text) in zip(labels, items):
            sheet.append(f"\n**{label}.** {text or '(empty)'}\n")
            rows.append({"post": pid, "candidate": label, **{s: "" for s in SCORES}, "publishable": "", "note": ""})
    (folder / SHEET_FILE).write_text("".join(sheet), encoding="utf-8")
    with (folder / RATINGS_FILE).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["post", "candidate", *SCORES, "publishable", "note"])
        writer.writeheader()
        writer.writerows(rows)
    (folder / KEY_FILE).write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(chosen)


def _yes(value: str) -> bool | None:
    value = value.strip().lower()
    if value in {"yes", "y", "1", "true", "예", "네", "o"}:
        return True
    if value in {"no", "n", "0", "false", "아니오", "아니요", "x"}:
        return False
    return None


def tabulate(ratings: Path, key: Path) -> list[dict]:
    """Rows of (engine, category, posts, mean scores, publishable %) from filled ratings and the key;
    category '' is every post. Raises ValueError naming the first row the key does not know."""
    sealed = json.loads(key.read_text(encoding="utf-8"))
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with ratings.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            entry = sealed.get(row.get("post", ""), {})
            engine = entry.get("candidates", {}).get(row.get("candidate", ""))
            if engine is None:
                raise ValueError(f"{ratings}: line {n}: post {row.get('post')!r} candidate "
                                 f"{row.get('candidate')!r} is not in {key}")
            if _yes(row.get("publishable", "")) is None and not any(row.get(s, "").strip() for s in SCORES):
                continue  # not rated yet
            for category in dict.fromkeys(("", entry.get("category") or "")):  # every post, then its category
                groups[(engine, category)].append(row)
    out = []
    for (engine, category), rows in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        result = {"engine": engine, "category": category, "posts": len(rows)}
        for score in SCORES:
            values = [_score(r, score, ratings) for r in rows if r.get(score, "").strip()]
            result[score] = round(sum(values) / len(values), 2) if values else None
        verdicts = [v for v in (_yes(r.get("publishable", "")) for r in rows) if v is not None]
        result["publishable"] = round(100 * sum(verdicts) / len(verdicts), 1) if verdicts else None
        out.append(result)
    return out


def _score(row: dict, name: str, ratings: Path) -> float:
    try:
        value = float(row[name])
    except ValueError:
        value = -1.0
    if not 1 <= value <= 5:
        raise ValueError(f"{ratings}: post {row.get('post')} candidate {row.get('candidate')}: {name} must be "
                         f"a number from 1 to 5, got {row[name]!r}")
    return value


def ratings_table(rows: list[dict]) -> str:
    head = ["category", "engine", "posts", *SCORES, "publishable%"]
    lines = [head] + [[r["category"] or "(all)", r["engine"], r["posts"],
                       *("-" if r[s] is None else f"{r[s]:.2f}" for s in SCORES),
                       "-" if r["publishable"] is None else f"{r['publishable']:.0f}"] for r in rows]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    return "\n".join("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in
                               enumerate(zip(line, widths))) for line in lines)
