"""Frames learned from a site's summaries (`learn`): each summary's last sentence aligned with its post's title.

The words after the last title morpheme are the frame's tail ("을 이해한다.", " 과정을 공유합니다."), the title's
key phrase (summarizer.text.title_phrase) fills the slot. A frame is kept only when at least MIN_FRAME_SUMMARIES
summaries use it, and it holds no name or number, so a statement adds nothing the site did not write and the post
did not say.
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.text.endings import STYLES
from summarizer.text.frames import MIN_FRAME_SUMMARIES, Frame, FrameModel, title_kind
from summarizer.text.particles import canonical_particle

MAX_TAIL_WORDS = 3  # a frame's words after the slot (eojeol); longer tails are content, not frames
_NAMES = ("SL", "SN", "NNP", "SH", "W_")
_CONTENT = ("NNG", "NNP", "SL", "SN", "SH", "XR", "VV", "VA")


def _last_sentence(tokens) -> list:
    """The tokens of the text's last sentence."""
    start = ([0] + [t.start + t.len for t in tokens[:-1] if t.tag == "SF"])[-1]
    return [t for t in tokens if t.start >= start]


def _token_words(sentence, text: str) -> list[list]:
    """The sentence's tokens grouped by word (eojeol)."""
    words: list[list] = []
    for token in sentence:
        if words and text[words[-1][-1].start + words[-1][-1].len : token.start] == "":  # no gap: the same word
            words[-1].append(token)
        else:
            words.append([token])
    return words


def frames_of(title_tokens, summary: str, summary_tokens) -> list[Frame]:
    """Every frame one summary could be in: its last sentence's last 0-4 words, where the words before
    them still say something of the title (alignment) and the tail holds no name or number."""
    title_forms = {t.form.lower() for t in title_tokens if t.tag.startswith(_CONTENT)}
    sentence = _last_sentence(summary_tokens)
    words = _token_words(sentence, summary)
    found = []
    for k in range(0, min(MAX_TAIL_WORDS, len(words) - 1) + 1):
        head, tail = words[: len(words) - k], [t for w in words[len(words) - k :] for t in w]
        if not any(t.form.lower() in title_forms and t.tag.startswith(_CONTENT) for w in head for t in w):
            break
        if any(t.tag.startswith(_NAMES) or t.form.lower() in title_forms for t in tail):
            break  # a frame's words are the site's own, never the title's or a name
        last = head[-1]
        end = last[-1].start + last[-1].len
        rest = summary[end:].rstrip()
        if re.search(r"[\d\"'“”‘’()\[\]]", rest):
            break
        if k == 0:
            if (
                last[-1].tag.startswith(("NN", "SL", "SH", "XR", "ETN"))
                or last[-1].tag == "SF"
                and len(last) > 1
                and last[-2].tag.startswith(("NN", "SL", "ETN"))
            ):
                found.append(Frame("", rest if rest in ("", ".") else ""))
            continue
        particles = []
        while len(last) > len(particles) + 1 and last[-1 - len(particles)].tag.startswith("J"):
            particles.insert(0, last[-1 - len(particles)])
        if particles:
            form = "".join(t.form for t in particles)
            particle = canonical_particle(form)
            if summary[particles[0].start : end] == form:
                found.append(Frame(particle, rest, _nouns(tail)))
        elif last[-1].tag.startswith(("NN", "ETM", "SL", "XSN")) and tail[0].tag == "NNG":
            found.append(Frame("", rest, _nouns(tail)))  # "… 배포한 | 과정을 공유합니다.", "… 참관기 | 요약"
    return found


def _nouns(tail) -> tuple[str, ...]:
    """Common nouns of a tail that are not the stem of a verb ("공유" in "공유합니다")."""
    return tuple(
        t.form
        for i, t in enumerate(tail)
        if t.tag == "NNG" and not (i + 1 < len(tail) and tail[i + 1].tag.startswith(("XSV", "XSA")))
    )


def learn(pairs: list[tuple[str, str]], categories: list | None = None) -> FrameModel:
    """Frames from (title, summary) pairs: each summary counts once, for the longest of its frames that at
    least MIN_FRAME_SUMMARIES summaries share; also per post's first category (`categories`, one tuple per
    pair), with the title's kind."""
    return learn_without(pairs, categories, [[]])[0]


def learn_without(pairs: list[tuple[str, str]], categories: list | None, left_out: list[list[int]]) -> list[FrameModel]:
    """`learn` once per list of `left_out` pairs (indices), as if those pairs were not there: the frames each
    summary could be in are found once for all."""
    from summarizer.text.endings import style_of
    from summarizer.text.kiwi import tokens

    titles = tokens([t for t, _ in pairs])
    summaries = tokens([s for _, s in pairs])
    ends = [style_of([(t.form, t.tag) for t in _last_sentence(st)]) if st else None for st in summaries]
    candidates = [set(frames_of(t, s, st)) for (_, s), t, st in zip(pairs, titles, summaries)]
    kinds = [title_kind(title) for title, _ in pairs]
    everyone = Counter(f for found in candidates for f in found)
    models = []
    for out in left_out:
        gone = set(out)
        support = everyone - Counter(f for i in gone for f in candidates[i])
        frames: dict[str, Counter] = {}
        by_category: dict[str, Counter] = {}
        framed = 0
        for i, found in enumerate(candidates):
            kept = [f for f in found if support[f] >= MIN_FRAME_SUMMARIES] if i not in gone else []
            if kept:
                best = max(kept, key=lambda f: (len(f.tail.split()), len(f.tail)))
                frames.setdefault(kinds[i], Counter())[best] += 1
                framed += 1
                if categories and categories[i]:
                    by_category.setdefault(str(categories[i][0]), Counter())[(kinds[i], best)] += 1
        styles = Counter(style for i, style in enumerate(ends) if i not in gone and style in STYLES)
        known = [(n, style) for style, n in styles.items()]
        model = FrameModel(frames, len(pairs) - len(gone), framed, style=max(known)[1] if known else None)
        model.by_category = by_category
        models.append(model)
    return models
