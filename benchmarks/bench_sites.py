"""Benchmark (not a test): engines over many site folders, one row per site, then the MEDIAN and the WORST site.

    python benchmarks/bench_sites.py SITES.json [--engines lead,select,condense] [--max-chars 70]
                                     [--latest 0.2] [--train] [--out DIR] [--split dev] [--only ID,ID] [--reuse]

SITES.json is a list of sites: {"id": ..., "path": folder, "field": summary field, "split": "dev"|"test"};
`path` defaults to `<folder of SITES.json>/sites/<id>`; an optional "sample": N scores N random posts of the site
(after --latest), for large sites. Other keys are ignored.

Untrained (default): every engine runs on each site's posts that have the summary field, as a new user would run
it (the shipped model, the field as the reference, --max-chars 70), in-process with one Kiwi for every site.
`--latest F` scores only the latest fraction F of each site's posts by date (front matter `date`, else the
YYYY-MM-DD file-name prefix).

`--train`: each site's posts with a summary are split by date, the older part copied to OUT/<id>/train and the
latest --latest (default 0.2) to OUT/<id>/test (relative paths kept); `summarizer train` (CPU, timed) writes
OUT/<id>/model, and the engines are scored on OUT/<id>/test with that model (lead needs none).

Columns per site and engine: ROUGE-1/2 on Kiwi morphemes, register clash and match (%), SHORT (% of excerpts
holding a sentence of at most 12 characters, spaces and end marks not counted), fallback (%, engines that have
one) and the engine's R-1 minus lead's on that site. The headline is the WORST row: the site with the lowest
delta of the default engine against lead. Written to --out: table.txt, sites.json and sites.csv (per-site numbers),
rows_<id>.csv (per post: reference and each engine's excerpt) and site_<id>.json (one site's result, read back
by --reuse). A site or engine that fails gives a row with its error; the bench goes on.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

SHORT_CHARS = 12  # a sentence of at most this many characters (spaces and end marks not counted) is SHORT
END_MARKS = set(".!?…。~")
_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?")
_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBER = re.compile(r"(\d+)")


def load_sites(path: Path) -> list[dict]:
    """The sites of SITES.json, each with a `path` (default `<folder of the json>/sites/<id>`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "sites" in data:
        data = data["sites"]
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a list of sites")
    sites = []
    for n, item in enumerate(data):
        if not isinstance(item, dict) or "field" not in item:
            raise SystemExit(f"{path}: site #{n + 1} has no `field`")
        site_id = str(item.get("id") or f"site{n + 1:02d}")
        folder = Path(item["path"]) if item.get("path") else path.parent / "sites" / site_id
        if not folder.is_absolute():
            folder = path.parent / folder
        sites.append({**item, "id": site_id, "path": folder, "split": item.get("split", "")})
    return sites


def post_date(path: Path, meta: dict) -> str:
    """A sortable date of a post: the front matter `date`, else the file name's YYYY-MM-DD prefix, else ''."""
    value = meta.get("date")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and (m := _DATE.match(value)):
        y, mo, d, hh, mm = m.groups()
        day = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
        return f"{day}T{int(hh):02d}:{mm}" if hh else day
    if m := _NAME_DATE.match(path.name):
        return "-".join(m.groups())
    return ""


def natural(text: str) -> list:
    """Sort key putting '2024-06-12-9' before '2024-06-12-10'."""
    return [int(p) if p.isdigit() else p for p in _NUMBER.split(text)]


def by_date(examples: list) -> list:
    """Examples oldest first (undated ones first), ties by natural path order."""
    return sorted(examples, key=lambda ex: (post_date(ex.path, ex.post.meta), natural(str(ex.path))))


def latest_count(n: int, fraction: float) -> int:
    return min(n, max(1, math.ceil(n * fraction))) if n else 0


def core_chars(sentence: str) -> int:
    return sum(1 for c in sentence if not c.isspace() and c not in END_MARKS)


def short_flags(texts: list[str]) -> list[bool]:
    """Whether each text holds a sentence of at most SHORT_CHARS characters (Kiwi sentences)."""
    from summarizer.text.kiwi import split_documents

    docs = split_documents([("", [t]) for t in texts]) if texts else []
    return [any(core_chars(s.text) <= SHORT_CHARS for s in doc.sentences) for doc in docs]


def first_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def score_engines(examples: list, names: list[str], max_chars: int, model: str | None) -> tuple[dict, dict]:
    """Per engine: its numbers (or an error); and per post path: each engine's excerpt and R-1."""
    from summarizer.evaluation.evaluate import evaluate

    results, per_post = {}, {}
    for name in names:
        start = time.perf_counter()
        try:
            (score,), rows = evaluate(examples, [name], max_chars, model if name != "lead" else None)
        except Exception as exc:  # one engine failing must not stop the bench
            results[name] = {"error": first_line(exc)}
            continue
        shorts = short_flags([r.summary for r in rows])
        with_register = sum(bool(r.ref_register) for r in rows)  # match means nothing without one
        results[name] = {
            "posts": score.posts,
            "rouge1": score.rouge1,
            "rouge2": score.rouge2,
            "rougeL": score.rougeL,
            "clash": score.register_clash,
            "match": score.register_match if with_register else None,
            "match_n": with_register,
            "short": round(100 * sum(shorts) / max(len(rows), 1), 2),
            "fallback": score.fallback_share,
            "statement": score.statement_share,
            "empty": score.empty,
            "median_chars": score.median_chars,
            "seconds": round(time.perf_counter() - start, 1),
        }
        for row in rows:
            per_post.setdefault(row.post, {})[name] = (row.summary, row.rouge1)
    lead = results.get("lead", {}).get("rouge1")
    for res in results.values():
        if lead is not None and "rouge1" in res:
            res["delta"] = round(res["rouge1"] - lead, 2)
    return results, per_post


def write_rows(path: Path, site_id: str, root: Path, examples: list, names: list[str], per_post: dict) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["site", "post", "date", "reference", *(c for n in names for c in (n, f"{n}_r1"))])
        for ex in examples:
            got = per_post.get(str(ex.path), {})
            try:
                rel = ex.path.relative_to(root)
            except ValueError:
                rel = ex.path
            cells = [c for n in names for c in (got.get(n, ("", ""))[0], got.get(n, ("", ""))[1])]
            writer.writerow([site_id, str(rel), post_date(ex.path, ex.post.meta), ex.reference, *cells])


def site_examples(site: dict) -> tuple[list, dict]:
    """The site's posts with a summary, oldest first, and its counts (posts, with summary, missing, broken)."""
    from summarizer.posts.corpus import references

    if not site["path"].is_dir():
        raise FileNotFoundError(f"no folder {site['path']}")
    examples, missing, broken = references([site["path"]], site["field"])
    counts = {"with_field": len(examples), "missing": missing, "broken": broken}
    if not examples:
        raise ValueError(f"no post with a `{site['field']}` ({missing} without, {broken} unreadable)")
    return by_date(examples), counts


def run_untrained(site: dict, args, out: Path) -> dict:
    result = {"id": site["id"], "split": site["split"], "field": site["field"]}
    try:
        examples, counts = site_examples(site)
    except Exception as exc:
        return {**result, "error": first_line(exc)}
    result.update(counts)
    if args.latest:
        examples = examples[-latest_count(len(examples), args.latest) :]
    if site.get("sample") and len(examples) > int(site["sample"]):
        picked = sorted(random.Random(args.seed).sample(range(len(examples)), int(site["sample"])))
        examples = [examples[i] for i in picked]
    result["n"] = len(examples)
    result["ref_short"] = round(100 * sum(short_flags([ex.reference for ex in examples])) / len(examples), 2)
    result["engines"], per_post = score_engines(examples, args.engine_names, args.max_chars, args.model)
    write_rows(out / f"rows_{site['id']}.csv", site["id"], site["path"], examples, args.engine_names, per_post)
    return result


def summarizer_exe() -> list[str]:
    exe = Path(sys.executable).parent / "summarizer"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("summarizer")
    return [found] if found else [sys.executable, "-m", "summarizer"]


def copy_posts(examples: list, root: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    for ex in examples:
        target = dst / ex.path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ex.path, target)


def run_trained(site: dict, args, out: Path) -> dict:
    result = {"id": site["id"], "split": site["split"], "field": site["field"]}
    try:
        examples, counts = site_examples(site)
    except Exception as exc:
        return {**result, "error": first_line(exc)}
    result.update(counts)
    fraction = args.latest or 0.2
    cut = len(examples) - latest_count(len(examples), fraction)
    folder = out / site["id"]
    train, test, model = folder / "train", folder / "test", folder / "model"
    result["n_train"], result["cut_date"] = cut, post_date(examples[cut].path, examples[cut].post.meta)
    if args.eval_only:
        return {**result, **rescore(site, args, out, folder)}
    try:
        copy_posts(examples[:cut], site["path"], train)
        copy_posts(examples[cut:], site["path"], test)
    except OSError as exc:
        return {**result, "error": f"copy: {first_line(exc)}"}
    if model.exists():
        shutil.rmtree(model)  # `summarizer train` resumes from a state in its output: start afresh
    cmd = [*summarizer_exe(), "train", str(train), "-o", str(model), "--excerpt-field", site["field"]]
    cmd += ["--epochs", str(args.epochs)] if args.epochs else []
    result["train_cmd"] = " ".join(cmd)
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.train_timeout)
        (folder / "train.log").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr, encoding="utf-8")
        if proc.returncode:
            tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
            result["train_error"] = f"exit {proc.returncode}: {tail[:200]}"
    except subprocess.TimeoutExpired:
        result["train_error"] = f"timed out after {args.train_timeout} s"
    except OSError as exc:
        result["train_error"] = first_line(exc)
    result["train_seconds"] = round(time.perf_counter() - start, 1)
    return {**result, **score_test(site, args, out, folder, "train_error" not in result)}


def rescore(site: dict, args, out: Path, folder: Path) -> dict:
    """--eval-only: score the split and model a previous --train run left in `folder` (its train time kept)."""
    before = out / f"site_{site['id']}.json"
    old = json.loads(before.read_text(encoding="utf-8")) if before.is_file() else {}
    kept = {k: old[k] for k in ("train_seconds", "train_error", "train_cmd") if k in old}
    if not (folder / "test").is_dir():
        return {**kept, "error": f"--eval-only: no {folder / 'test'} (run --train first)"}
    trained = (folder / "model").is_dir() and "train_error" not in kept
    return {**kept, **score_test(site, args, out, folder, trained)}


def score_test(site: dict, args, out: Path, folder: Path, trained: bool) -> dict:
    """The engines on `folder`/test with `folder`/model (lead only when the model is missing)."""
    from summarizer.posts.corpus import references

    test, model = folder / "test", folder / "model"
    result = {}
    tested, _, _ = references([test], site["field"])
    tested = by_date(tested)
    result["n"] = len(tested)
    if not tested:
        return {**result, "error": "no test post read back"}
    result["ref_short"] = round(100 * sum(short_flags([ex.reference for ex in tested])) / len(tested), 2)
    names = args.engine_names if trained else [n for n in args.engine_names if n == "lead"]
    result["engines"], per_post = score_engines(tested, names, args.max_chars, str(model))
    for name in args.engine_names:
        if name not in names:
            result["engines"][name] = {"error": "not trained"}
    write_rows(out / f"rows_{site['id']}.csv", site["id"], test, tested, args.engine_names, per_post)
    return result


COLUMNS = [  # (key, header, format, engines: None = all, "other" = all but lead, "opt" = those that report it)
    ("rouge1", "R-1", "{:.1f}", None),
    ("rouge2", "R-2", "{:.1f}", None),
    ("delta", "dR1", "{:+.1f}", "other"),
    ("clash", "clash", "{:.0f}", None),
    ("match", "match", "{:.0f}", None),
    ("short", "short", "{:.0f}", None),
    ("fallback", "fb", "{:.0f}", "opt"),
    ("statement", "stmt", "{:.0f}", "opt"),
]


def engine_columns(name: str, results: list[dict]) -> list[tuple]:
    def reported(key: str) -> bool:
        return any(r.get("engines", {}).get(name, {}).get(key) is not None for r in results)

    return [
        c
        for c in COLUMNS
        if c[3] is None or (c[3] == "other" and name != "lead") or (c[3] == "opt" and name != "lead" and reported(c[0]))
    ]


def worst_site(results: list[dict], default: str) -> dict | None:
    scored = [r for r in results if isinstance(r.get("engines", {}).get(default, {}).get("delta"), (int, float))]
    return min(scored, key=lambda r: r["engines"][default]["delta"]) if scored else None


def render(results: list[dict], names: list[str], default: str, title: str, trained: bool) -> str:
    head1, head2 = ["site", "split", "n"], ["", "", ""]
    if trained:
        head1.append("train s")
        head2.append("")
    head1.append("ref short")
    head2.append("")
    cols = {n: engine_columns(n, results) for n in names}
    for n in names:
        for i, (_, h, _, _) in enumerate(cols[n]):
            head1.append(n if i == 0 else "")
            head2.append(h)

    def cells(r: dict) -> list[str]:
        row = [r["id"], r.get("split", ""), str(r.get("n", "ERR" if "error" in r else "-"))]
        if trained:
            row.append(f"{r['train_seconds']:.0f}" if "train_seconds" in r else "-")
        row.append(f"{r['ref_short']:.0f}" if "ref_short" in r else "-")
        for n in names:
            res = r.get("engines", {}).get(n, {})
            for key, _, fmt, _ in cols[n]:
                value = res.get(key)
                row.append(fmt.format(value) if isinstance(value, (int, float)) else ("ERR" if "error" in res else "-"))
        return row

    def median_row() -> list[str]:
        row = ["MEDIAN", "", ""]
        ns = [r["n"] for r in results if "n" in r]
        row[2] = f"{statistics.median(ns):g}" if ns else "-"
        if trained:
            ts = [r["train_seconds"] for r in results if "train_seconds" in r]
            row.append(f"{statistics.median(ts):.0f}" if ts else "-")
        rs = [r["ref_short"] for r in results if "ref_short" in r]
        row.append(f"{statistics.median(rs):.0f}" if rs else "-")
        for n in names:
            for key, _, fmt, _ in cols[n]:
                vals = [r["engines"][n][key] for r in results if _number(r.get("engines", {}).get(n, {}).get(key))]
                row.append(fmt.format(statistics.median(vals)) if vals else "-")
        return row

    lines = [head1, head2]
    notes = []
    for r in results:
        lines.append(cells(r))
        errors = [f"site: {r['error']}"] if "error" in r else []
        errors += [f"train: {r['train_error']}"] if "train_error" in r else []
        errors += [f"{n}: {e['error']}" for n, e in r.get("engines", {}).items() if "error" in e and n in names]
        notes += [f"  {r['id']} {e}" for e in errors]
    lines.append(median_row())
    worst = worst_site(results, default)
    if worst:
        lines.append([f"WORST {worst['id']}", *cells(worst)[1:]])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head1))]
    text = [title]
    for k, line in enumerate(lines):
        text.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if k == 1 or k == len(lines) - (3 if worst else 2):
            text.append("-" * len(text[-1]))
    if worst:
        d = worst["engines"][default]["delta"]
        text.append(f"WORST = lowest R-1 delta of {default} vs lead: {worst['id']} ({d:+.2f})")
    if notes:
        text.append("errors:")
        text += notes
    return "\n".join(text) + "\n"


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def write_outputs(out: Path, results: list[dict], names: list[str], default: str, text: str, meta: dict) -> None:
    worst = worst_site(results, default)
    payload = {**meta, "default_engine": default, "worst": worst["id"] if worst else None, "sites": results}
    (out / "sites.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    (out / "table.txt").write_text(text, encoding="utf-8")
    keys = ["posts", "rouge1", "rouge2", "rougeL", "delta", "clash", "match", "match_n", "short", "fallback"]
    keys += ["statement", "empty"]
    with (out / "sites.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["site", "split", "n", "ref_short", "train_seconds", "engine", *keys, "error"])
        for r in results:
            base = [r["id"], r.get("split", ""), r.get("n", ""), r.get("ref_short", ""), r.get("train_seconds", "")]
            if "error" in r or not r.get("engines"):
                writer.writerow([*base, "", *[""] * len(keys), r.get("error", "")])
                continue
            for n in names:
                res = r["engines"].get(n, {})
                error = res.get("error", "") or r.get("train_error", "") if n != "lead" else res.get("error", "")
                writer.writerow([*base, n, *(res.get(k, "") for k in keys), error])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=Path, help="JSON list of sites (id, path, field, split)")
    parser.add_argument("--engines", default="lead,select,condense", help="comma-separated engines (lead first)")
    parser.add_argument("--max-chars", type=int, default=70)
    parser.add_argument("--latest", type=float, default=0.0, help="score only the latest fraction of posts by date")
    parser.add_argument("--train", action="store_true", help="train per site on the older posts, score the latest")
    parser.add_argument("--out", type=Path, default=Path("bench-sites-out"))
    parser.add_argument("--model", default=None, help="model for the untrained run [default: the shipped one]")
    parser.add_argument("--default-engine", default=None, help="engine whose delta vs lead picks WORST")
    parser.add_argument("--split", default="", help="only sites of this split (dev, test)")
    parser.add_argument("--only", default="", help="only these site ids, comma-separated")
    parser.add_argument("--reuse", action="store_true", help="read back sites already done in --out")
    parser.add_argument("--eval-only", action="store_true", help="--train: score the models already in --out")
    parser.add_argument("--epochs", type=int, default=0, help="--epochs for summarizer train [default: its own]")
    parser.add_argument("--train-timeout", type=int, default=3600, help="seconds before a site's training is stopped")
    parser.add_argument("--seed", type=int, default=0, help="seed of a site's `sample`")
    args = parser.parse_args()
    if not 0 <= args.latest < 1:
        parser.error("--latest: a fraction in [0, 1)")
    args.engine_names = list(dict.fromkeys(n.strip() for n in args.engines.split(",") if n.strip()))
    if "lead" not in args.engine_names:
        args.engine_names.insert(0, "lead")  # every delta is against lead
    from summarizer import engines as registry

    default = args.default_engine or registry.default_engine()
    if default not in args.engine_names:
        default = args.engine_names[-1]
    sites = load_sites(args.sites)
    if args.split:
        sites = [s for s in sites if s["split"] == args.split]
    if args.only:
        wanted = {s.strip() for s in args.only.split(",")}
        sites = [s for s in sites if s["id"] in wanted]
    args.out.mkdir(parents=True, exist_ok=True)
    mode = "trained" if args.train else "untrained"
    results = []
    for site in sites:
        saved = args.out / f"site_{site['id']}.json"
        if args.reuse and saved.is_file():
            results.append(json.loads(saved.read_text(encoding="utf-8")))
            print(f"{site['id']}: read back from {saved}", file=sys.stderr)
            continue
        start = time.perf_counter()
        try:
            result = (run_trained if args.train else run_untrained)(site, args, args.out)
        except Exception as exc:  # anything unforeseen: a row with the error
            result = {"id": site["id"], "split": site["split"], "field": site["field"], "error": first_line(exc)}
        result["seconds"] = round(time.perf_counter() - start, 1)
        saved.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        results.append(result)
        brief = ", ".join(
            f"{n} {e['rouge1']:.1f}" if "rouge1" in e else f"{n} ERR" for n, e in result.get("engines", {}).items()
        )
        print(
            f"{site['id']}: {result.get('n', 0)} posts, {result['seconds']:.0f} s; {brief or result.get('error')}",
            file=sys.stderr,
            flush=True,
        )
    span = f"latest {args.latest:.0%} by date" if args.latest and not args.train else "all posts with a summary"
    if args.train:
        span = f"trained on the older {1 - (args.latest or 0.2):.0%}, scored on the latest {args.latest or 0.2:.0%}"
    title = f"{mode}: {len(results)} sites, {span}, --max-chars {args.max_chars}; R-1/R-2 on Kiwi morphemes; %"
    text = render(results, args.engine_names, default, title, args.train)
    print(text)
    meta = {"mode": mode, "engines": args.engine_names, "max_chars": args.max_chars, "latest": args.latest}
    write_outputs(args.out, results, args.engine_names, default, text, meta)


if __name__ == "__main__":
    main()
