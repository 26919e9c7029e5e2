"""The blind-reading kit: a sheet of posts, each with every engine's excerpt and the site's own, shuffled and
unlabelled, with the key sealed in a separate file; then a table of the ratings once they are in.

`write_sheet` writes three files into a folder:
- `sheet.md`: for each post its title, category and article text, then candidates A, B, C, … in random order;
- `ratings.csv`: one row per post and candidate for the rater to fill: `faithful`, `fluent`, `informative`,
  `style` (a whole number 1-5 each) and `publishable` (yes or no: could it go on the site as it is?); a value
  left blank is not counted;
- `key.json`: which engine (or `site`, the post's own summary) each candidate is. Give the rater only the
  first two files. It never writes over a kit already in the folder.

`tabulate` joins a filled `ratings.csv` with `key.json`: mean scores and the publishable share per engine,
overall and per category.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
from collections import defaultdict
from pathlib import Path

from summarizer.app.outputs import create_text
from summarizer.posts.unicode import json_text

SCORES = ("faithful", "fluent", "informative", "style")
SITE = "site"
KEY_FILE, SHEET_FILE, RATINGS_FILE = "key.json", "sheet.md", "ratings.csv"
KIT_FILES = (SHEET_FILE, RATINGS_FILE, KEY_FILE)
COLUMNS = ["post", "candidate", *SCORES, "publishable", "note"]  # of ratings.csv; a rater may drop `note`
ARTICLE_CHARS = 1200


def kit_files_in(folder: Path) -> list[Path]:
    """The files of a kit already in `folder` (writing a kit there would overwrite them), links to nothing
    included."""
    return [folder / name for name in KIT_FILES if os.path.lexists(folder / name)]


def write_sheet(posts: list[dict], folder: Path, count: int, seed: int = 0) -> int:
    """Write the kit for `count` of `posts` (chosen at random with `seed`) into `folder`; returns the count.

    Each post is a dict with `title`, `category`, `article` and `candidates` ({engine or 'site': text}).
    Raises FileExistsError, writing nothing, when `folder` holds a kit file already (a rater's filled sheet)."""
    existing = kit_files_in(folder)
    if existing:
        raise FileExistsError(f"{existing[0]} exists; give a new or empty folder")
    rng = random.Random(seed)
    chosen = rng.sample(posts, min(count, len(posts)))
    folder.mkdir(parents=True, exist_ok=True)
    sheet, key, rows = (
        [
            "# Blind reading\n",
            f"Rate every candidate in {RATINGS_FILE}: {', '.join(SCORES[:-1])} "
            f"and {SCORES[-1]} as a whole number from 1 (bad) to 5 (good), and publishable yes or no "
            "(could it go on the site as it is?). Leave a value blank if you cannot judge it: blanks are "
            "not counted. Candidates are in random order; one may be the site's own.\n",
        ],
        {},
        [],
    )
    for n, post in enumerate(chosen, 1):
        pid = f"P{n:03d}"
        items = list(post["candidates"].items())
        rng.shuffle(items)
        labels = [chr(ord("A") + i) for i in range(len(items))]
        key[pid] = {
            "category": post.get("category", ""),
            "path": post.get("path", ""),
            "candidates": {label: engine for label, (engine, _) in zip(labels, items)},
        }
        article = post["article"]
        article = article if len(article) <= ARTICLE_CHARS else article[:ARTICLE_CHARS] + " …"
        sheet.append(f"\n## {pid}: {post['title']}\n\ncategory: {post.get('category') or '-'}\n\n> {article}\n")
        for label, (_, text) in zip(labels, items):
            sheet.append(f"\n**{label}.** {text or '(empty)'}\n")
            rows.append({"post": pid, "candidate": label, **{s: "" for s in SCORES}, "publishable": "", "note": ""})
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    for name, text in (
        (SHEET_FILE, "".join(sheet)),
        (RATINGS_FILE, table.getvalue()),
        (KEY_FILE, json_text(key, indent=1) + "\n"),  # a post's file name that is not UTF-8 escaped
    ):
        create_text(folder / name, text)  # new files only: never over a file, never through a link
    return len(chosen)


def read_key(key: Path) -> dict[str, dict]:
    """The sealed key: {post: {'category': str, 'candidates': {label: engine}}}; ValueError naming `key` when it
    is not one."""
    try:
        sealed = json.loads(key.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{key}: not a {KEY_FILE} of a blind kit ({exc})") from None
    if not isinstance(sealed, dict):
        raise ValueError(f"{key}: not a {KEY_FILE} of a blind kit (an object of posts expected)")
    for pid, entry in sealed.items():
        candidates = entry.get("candidates") if isinstance(entry, dict) else None
        if not (
            isinstance(candidates, dict)
            and all(isinstance(e, str) for e in candidates.values())
            and isinstance(entry.get("category") or "", str)
        ):
            raise ValueError(
                f"{key}: post {pid!r} is not an entry of a blind kit's key (its candidates and their engines expected)"
            )
    return sealed


def read_ratings(ratings: Path, sealed: dict[str, dict], key: Path) -> list[tuple[str, str, dict, bool | None]]:
    """(engine, category, scores, publishable) of every rated row of a filled sheet; a value left blank is None,
    a row with none is left out. ValueError naming `ratings` and the line of the first row that breaks the
    sheet's rules."""
    raw = ratings.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # what spreadsheets save as "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(f"{ratings}: line {line}: not UTF-8 text; save the sheet as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _rows(reader, ratings, sealed, key)
    except csv.Error as exc:
        raise ValueError(f"{ratings}: line {reader.line_num}: {exc}") from None


def _rows(reader, ratings: Path, sealed: dict[str, dict], key: Path) -> list[tuple[str, str, dict, bool | None]]:
    """`read_ratings` on a csv.reader (whose line_num names the line)."""
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in COLUMNS[:-1] if c not in header]
    if missing:
        raise ValueError(
            f"{ratings}: line 1: the header lacks {', '.join(missing)}; it should read {','.join(COLUMNS)}"
        )
    out, seen = [], {}
    for fields in reader:
        where = f"{ratings}: line {reader.line_num}"
        if not any(f.strip() for f in fields):
            continue  # a blank line, or a spreadsheet's empty row
        if len(fields) != len(header):
            raise ValueError(f"{where}: {len(fields)} fields where the header has {len(header)}")
        row = dict(zip(header, fields))
        post, label = row["post"].strip(), row["candidate"].strip()
        engine = sealed.get(post, {}).get("candidates", {}).get(label)
        if engine is None:
            raise ValueError(f"{where}: post {post!r} candidate {label!r} is not in {key}")
        if (post, label) in seen:
            raise ValueError(
                f"{where}: post {post} candidate {label} is rated twice (first on line {seen[post, label]})"
            )
        seen[post, label] = reader.line_num
        given = {c: row[c].strip() for c in (*SCORES, "publishable")}
        if not any(given.values()):
            continue  # not rated yet
        for name in SCORES:  # what the sheet asks for, nothing looser: a typo is not a rating
            if given[name] not in {"", "1", "2", "3", "4", "5"}:
                raise ValueError(f"{where}: {name} must be a whole number from 1 to 5 (or blank), got {row[name]!r}")
        verdict = given["publishable"].lower()
        if verdict not in {"", "yes", "no"}:
            raise ValueError(f"{where}: publishable must be yes or no (or blank), got {row['publishable']!r}")
        scores = {name: int(given[name]) if given[name] else None for name in SCORES}
        out.append((engine, sealed[post].get("category") or "", scores, {"yes": True, "no": False}.get(verdict)))
    return out


def tabulate(ratings: Path, key: Path) -> list[dict]:
    """Rows of (engine, category, posts, mean scores, publishable %) from filled ratings and the key;
    category '' is every post. Raises ValueError naming the file (and line) of the first problem."""
    groups: dict[tuple[str, str], list[tuple[dict, bool | None]]] = defaultdict(list)
    for engine, category, scores, publishable in read_ratings(ratings, read_key(key), key):
        for group in dict.fromkeys(("", category)):  # every post, then its category
            groups[(engine, group)].append((scores, publishable))
    out = []
    for (engine, category), rated in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        result = {"engine": engine, "category": category, "posts": len(rated)}
        for score in SCORES:
            values = [s[score] for s, _ in rated if s[score] is not None]
            result[score] = round(sum(values) / len(values), 2) if values else None
        verdicts = [p for _, p in rated if p is not None]
        result["publishable"] = round(100 * sum(verdicts) / len(verdicts), 1) if verdicts else None
        out.append(result)
    return out


def ratings_table(rows: list[dict]) -> str:
    head = ["category", "engine", "posts", *SCORES, "publishable%"]
    lines = [head] + [
        [
            r["category"] or "(all)",
            r["engine"],
            r["posts"],
            *("-" if r[s] is None else f"{r[s]:.2f}" for s in SCORES),
            "-" if r["publishable"] is None else f"{r['publishable']:.0f}",
        ]
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
        for line in lines
    )
