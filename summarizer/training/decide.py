"""What the site's posts get, decided on the site's latest posts (held out by date, never fitted on), so that
training never makes a site worse than the lead: `run_decisions` scores every kind of output on them
(summarizer.training.latest_scores), decides which learned parts stay on for the site and for each category
(summarizer.training.part_choice), and reports what was decided (`report`).
"""

from __future__ import annotations

import re
import statistics

from summarizer.text.packing import PACKING
from summarizer.training.latest_scores import collect, site_lengths
from summarizer.training.part_choice import MIN_GROUP, SHORT, decide, final_scores
from summarizer.training.record import Decisions, GroupResult

LIST_SHARE = 0.5  # summaries that list items, from which a group's summaries are lists


_NUMBERED = re.compile(r"(?:^|[\s/|,])\(?[1-9][.)]\s*\S")
_SEPARATORS = re.compile(r"\s[/|·]\s|,\s|\.\s(?=\S)")


def lists_items(summary: str) -> bool:
    """Whether a summary lists items ("1.… / 2.…", "A, B, C, D", "A. B. C.") rather than saying one thing: two
    numbered items, or three parts or more, short (a median of at most 20 characters), of which at most one ends
    as a sentence does ("…했다", "…입니다")."""
    if len(_NUMBERED.findall(summary)) >= 2:
        return True
    parts = [p.strip() for p in _SEPARATORS.split(re.sub(r"\([^()]*\)", "", summary)) if p.strip()]  # "(a, b)"
    sentences = sum(bool(re.search(r"(다|요|죠)[.!]?$", p)) for p in parts)
    return len(parts) >= 3 and statistics.median(len(p) for p in parts) <= 20 and sentences <= 1


def run_decisions(output, part, summarized: list, log=print) -> Decisions:
    """Decide on the latest posts (`part`: their docs and summaries) with the model in `output` (fitted on the
    older posts, settings chosen); the decisions are returned, not yet written."""
    docs, references = part.docs, part.targets
    lengths = site_lengths(references)
    scores, name = collect(output, part, summarized, lengths)
    categories = [d.categories for d in docs]
    choices, groups = decide(scores, categories)
    final = final_scores(scores, choices, groups)
    everyone = list(range(len(docs)))
    listing = [lists_items(r) for r in references]
    result = Decisions(
        posts=len(docs),
        dates=part.dates(),
        lengths=lengths,
        lead=[round(x, 2) for x in scores.means(scores.r1["lead"], everyone)],
        final=[round(x, 2) for x in scores.means(final, everyone)],
        untrained=[round(x, 2) for x in scores.means(scores.r1["untrained"], everyone)] if name else [],
        untrained_engine=name,
        few=len(docs) < 20,
    )
    for group, choice in choices.items():
        rows = [i for i, g in enumerate(groups) if g == group] if group else everyone
        result.use[group], result.rest[group], result.voices[group] = choice.use, choice.rest, choice.voice
        result.checks += choice.checks
        result.groups.append(
            GroupResult(
                group,
                len(rows),
                round(scores.means(scores.r1["lead"], rows)[0], 2),
                round(scores.means(final, rows)[0], 2),
                choice.voice,
                choice.rest,
                choice.use,
                bool(group),
                round(sum(listing[i] for i in rows) / max(len(rows), 1), 2),
            )
        )
    firsts = [str(c[0]) if c else "" for c in categories]
    for category in sorted({c for c in firsts if c} - set(choices), key=firsts.index):
        rows = [i for i, c in enumerate(firsts) if c == category]
        result.groups.append(
            GroupResult(
                category,
                len(rows),
                round(scores.means(scores.r1["lead"], rows)[0], 2),
                round(scores.means(final, rows)[0], 2),
                choices[""].voice,
                choices[""].rest,
                choices[""].use,
                False,
                round(sum(listing[i] for i in rows) / max(len(rows), 1), 2),
            )
        )
    for line in report(result).splitlines():
        log(line)
    return result


def report(d: Decisions) -> str:
    """The end-of-training report: in words and a table, what was learned, what was switched off and why, and
    the figures against the lead on the latest posts."""
    m = d.lengths[0] if d.lengths else PACKING.max_chars
    lines = [
        f"Decided on your {d.posts} latest posts ({' to '.join(d.dates)}), never trained on until the final fit; "
        f"ROUGE-1 against your own summaries at --max-chars {m}"
        + (f" (checked at {', '.join(map(str, d.lengths[1:]))} too)" if len(d.lengths) > 1 else "")
        + ":"
    ]
    if d.lead and d.final:
        lines.append(
            f"  lead {d.lead[0]:.1f}, the trained model {d.final[0]:.1f}"
            + (f", the untrained default ({d.untrained_engine}) {d.untrained[0]:.1f}" if d.untrained else "")
        )
    for c in d.checks:
        where = f" for {c.group}" if c.group else ""
        name = SHORT.get(c.part, c.part)
        if not c.covered and not c.on:
            lines.append(f"  {name}: off{where}: {c.why}")
        elif c.on:
            lines.append(f"  {name}: on{where} ({c.learned:.1f} against {c.without:.1f} without; lead {c.lead:.1f})")
        else:
            lines.append(
                f"  {name}: off{where}: {c.why} ({c.learned:.1f} against {c.without:.1f} without; lead {c.lead:.1f})"
            )
    listed = [g for g in d.groups if g.lists >= LIST_SHARE and g.posts >= MIN_GROUP]
    for g in listed:
        if g.use == "items":
            what = "item lists are on"
        elif g.rest == "untrained" or g.rest == "digest" and g.voice == "article":
            what = "a list post gets its headlines listed, as the untrained engine writes them"
        else:
            what = "no item list is written here (" + ("lead's sentences" if g.rest == "lead" else "the digest") + ")"
        lines.append(
            f"  {g.group or 'your posts'}: {g.lists:.0%} of the latest summaries list the post's items; {what}"
        )
    if d.few:
        lines.append(
            f"  only {d.posts} latest posts: every figure above is rough; with few summaries a learned part is "
            "kept only where it surely won; a post without a statement gets the lead's whole sentences unless the "
            "untrained engine surely beats them"
        )
    if d.untrained and d.final and d.final[0] < d.untrained[0]:
        lines.append(
            f"  the untrained default ({d.untrained_engine}) scores {d.untrained[0] - d.final[0]:.1f} higher on these "
            f"posts at --max-chars {m}, but not surely a point above the lead at every length, so it is off; to keep "
            "the untrained default instead, leave `model` unset"
        )
    lines.append("")
    lines.append(table(d))
    return "\n".join(lines)


def table(d: Decisions) -> str:
    """One row per group: posts, lead, the trained model, and what it writes."""
    head = ["posts of", "n", "lead", "trained", "voice", "without a statement", "statement"]
    rows = [head]
    for g in d.groups:
        rows.append(
            [
                g.group or "all posts (the site's decision: any category not below)",
                str(g.posts),
                f"{g.lead:.1f}",
                f"{g.final:.1f}",
                g.voice if g.rest == "digest" else "-",
                {"lead": "lead", "untrained": "untrained engine's"}.get(g.rest, "digest"),
                "none" if g.use == "digest" else SHORT[g.use],
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
