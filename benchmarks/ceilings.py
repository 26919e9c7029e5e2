"""Study (not a test): how far any sentence-picking engine can go on a site, measured on its own posts.

    python benchmarks/ceilings.py POSTS_DIR --test-from 2024-08-09 [--test-to 2024-08-14] [--field excerpt]

Posts are split by the date in their file name: training posts are those before --test-from, test posts
those from --test-from to before --test-to. Prints two ceilings on the test posts:

1. Register: can anything in a post predict the register (plain or polite) of the site's own excerpt?
   A multinomial naive Bayes classifier on the Kiwi content morphemes of the title and article, trained on
   the training posts, against always answering the training posts' majority register; and how often two
   neighbouring posts (by date and file name) share a register.
2. Sentences: the greedy oracle (for each post, whole sentences added while they raise Kiwi-morpheme ROUGE-1
   F1 against the post's own excerpt, within --max-chars), against lead, on the same candidates.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summarizer.engines.base import candidates  # noqa: E402
from summarizer.posts.corpus import references  # noqa: E402
from summarizer.text.documents import source_of  # noqa: E402
from summarizer.text.endings import main_register, register_of
from summarizer.text.kiwi import split_documents  # noqa: E402

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.*)$")


def _key(path: Path) -> tuple[str, int, str]:
    date, rest = _DATE.match(path.stem).groups()
    number = re.search(r"\d+", rest)
    return date, int(number.group()) if number else 0, rest


def _f1(ref: Counter, hyp: Counter) -> float:
    hit = sum((ref & hyp).values())
    if not hit:
        return 0.0
    p, r = hit / sum(hyp.values()), hit / sum(ref.values())
    return 200 * p * r / (p + r)


def _bag(tokens) -> list[str]:
    return [f.lower() for f, t in tokens if not t.startswith(("S", "J", "E", "X"))]


def _tokens(tokens) -> Counter:
    return Counter(f.lower() for f, t in tokens if not t.startswith(("SF", "SP", "SS", "SE", "SO", "SW")))


def register_ceiling(train, test) -> None:
    prior = Counter(r for r, _ in train)
    majority = prior.most_common(1)[0][0]
    words = {r: Counter() for r in prior}
    for r, bag in train:
        words[r].update(set(bag))
    vocab = set().union(*words.values())
    total = {r: sum(c.values()) for r, c in words.items()}

    def predict(bag) -> str:
        def score(r):
            return math.log(prior[r]) + sum(
                math.log((words[r][w] + 1) / (total[r] + len(vocab))) for w in set(bag) if w in vocab
            )

        return max(prior, key=score)

    right = sum(predict(bag) == r for r, bag in test)
    print(f"register: {len(train)} training posts, {len(test)} test posts with a plain or polite excerpt")
    for constant in sorted(prior):
        note = " (the training posts' majority)" if constant == majority else ""
        print(f"  always {constant}{note}: {100 * sum(r == constant for r, _ in test) / len(test):.1f}%")
    print(f"  naive Bayes on title and article morphemes: {100 * right / len(test):.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("posts", type=Path)
    ap.add_argument("--test-from", required=True)
    ap.add_argument("--test-to", default="9999")
    ap.add_argument("--field", default="excerpt")
    ap.add_argument("--max-chars", type=int, default=150)
    ap.add_argument("--skip-category", action="append", default=[], help="leave posts of this category out")
    args = ap.parse_args()

    examples, _, _ = references([args.posts], args.field)
    examples = [
        e
        for e in examples
        if _DATE.match(e.path.stem) and not set(args.skip_category) & set(map(str, e.post.meta.get("categories") or []))
    ]
    examples.sort(key=lambda e: _key(e.path))
    docs = split_documents([(*source_of(e.post), ()) for e in examples])
    refs = split_documents([("", [e.reference]) for e in examples])
    rows = []
    for e, doc, ref in zip(examples, docs, refs):
        register = main_register([register_of(s.tokens) for s in ref.sentences])
        bag = _bag(doc.title_tokens) + [w for s in doc.sentences for w in _bag(s.tokens)]
        rows.append((e.path.stem[:10], register, bag, doc, ref))
    train = [(r, bag) for date, r, bag, _, _ in rows if date < args.test_from and r]
    test = [(r, bag) for date, r, bag, _, _ in rows if args.test_from <= date < args.test_to and r]
    register_ceiling(train, test)
    seq = [r for date, r, _, _, _ in rows if args.test_from <= date < args.test_to and r]
    shared = 100 * sum(a == b for a, b in zip(seq, seq[1:])) / (len(seq) - 1)
    print(f"  neighbouring test posts share a register: {shared:.1f}%")

    lead, oracle = [], []
    for date, _, _, doc, ref in rows:
        if not args.test_from <= date < args.test_to:
            continue
        gold = Counter()
        for s in ref.sentences:
            gold += _tokens(s.tokens)
        found = candidates(doc)
        length = {i: len(doc.sentences[i].text) for i in found}

        def score(chosen, doc=doc, gold=gold):
            bag = Counter()
            for i in chosen:
                bag += _tokens(doc.sentences[i].tokens)
            return _f1(gold, bag)

        chosen, used = [], -1
        for i in found:
            if used + 1 + length[i] <= args.max_chars:
                chosen.append(i)
                used += 1 + length[i]
        lead.append(score(chosen))
        chosen, used, best = [], -1, 0.0
        while True:
            options = [
                (score(chosen + [i]), i) for i in found if i not in chosen and used + 1 + length[i] <= args.max_chars
            ]
            gain = max(options, default=(0.0, None))
            if gain[1] is None or gain[0] <= best:
                break
            best = gain[0]
            chosen.append(gain[1])
            used += 1 + length[gain[1]]
        oracle.append(best)
    print(f"sentences: {len(lead)} test posts, ROUGE-1 F1 on Kiwi morphemes, at most {args.max_chars} characters")
    print(f"  lead {statistics.mean(lead):.2f}, greedy oracle {statistics.mean(oracle):.2f}")


if __name__ == "__main__":
    main()
