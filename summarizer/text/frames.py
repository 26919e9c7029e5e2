"""Topic statements in the site's own frames: learned from the site's summaries, filled with the post's topic.

Many blog authors summarize a post by saying what it is about: "커맨드 패턴을 이해한다.", "…배포 과정을
공유합니다.". `learn` aligns each summary's last sentence with its post's title: the words after the last
title morpheme are the frame's tail ("을 이해한다.", " 과정을 공유합니다."), the title's key phrase
(summarizer.text.title_phrase) fills the slot. A frame is kept only when at least MIN_FRAME_SUMMARIES summaries use it,
and it holds no name or number, so a statement adds nothing the site did not write and the post did not
say. Which frame a post gets follows how its title reads (a how-to, a question, a noun phrase), as the
site's summaries did for titles like it.

Some sites restate instead the post's own sentence about what it does ("이번 글에서는 … 과정을 공유하려고
합니다." -> "… 과정을 공유합니다.", summarizer.text.purpose), in the style their summaries end in. Which kind of
summary a site writes — a digest, a topic statement, or a purpose statement (a topic statement where the post
has no such sentence) — is decided per category (`decide`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.text.endings import STYLES
from summarizer.text.particles import attach, canonical_particle
from summarizer.text.title_phrase import title_phrases

MIN_FRAME_SUMMARIES = 3  # a frame must be seen in at least this many of the site's summaries
MAX_TAIL_WORDS = 3  # a frame's words after the slot (eojeol); longer tails are content, not frames
_NAMES = ("SL", "SN", "NNP", "SH", "W_")
_CONTENT = ("NNG", "NNP", "SL", "SN", "SH", "XR", "VV", "VA")
KINDS = ("digest", "topic", "purpose")  # the kinds of summary a site writes for a kind of post


@dataclass(frozen=True)
class Frame:
    particle: str  # the particle joining the slot to the tail ("을"), "" for none
    tail: str  # the frame's words after the particle: " 이해한다.", " 과정을 공유합니다."
    nouns: tuple[str, ...] = ()  # the tail's nouns that say what kind of post it is ("과정"), not its verbs ("공유")

    def fill(self, topic: str) -> str:
        return (attach(topic, self.particle) if self.particle else topic) + self.tail

    @property
    def text(self) -> str:
        return "{topic}" + self.particle + self.tail

    @property
    def says_something(self) -> bool:
        """Whether the frame adds words to its topic: a bare "{topic}" would only copy the title."""
        return bool(self.particle or self.tail.strip(" ."))


def frame_fits(frame: Frame, topic: str) -> bool:
    """Whether `topic` can fill `frame`: a topic in Korean or a term (a long English title in a Korean frame
    reads as a pasted title), and no frame noun that ends as the topic does ("익히는 법" + " 방법", "설치법 방법")."""
    if not re.search(r"[가-힣]", topic) and len(topic.split()) >= 3:
        return False
    words = re.sub(r"\s*\([^()]*\)$", "", topic).split()  # "설계 방법 (Index Design)" ends in 방법
    last = re.sub(r"[^\w가-힣]+$", "", words[-1]) if words else ""
    return not any(last and noun and last[-1] == noun[-1] for noun in frame.nouns)  # 법/방법, 과정/컴파일 과정


def title_kind(title: str) -> str:
    """How a title reads: "question" (…란?, …할까?), "howto" (…하기, …방법) or "noun"."""
    text = re.sub(r"\s*([\[(][^\])]*[\])]|\d+\s*(편|탄|부|강))\s*$", "", title.strip())
    if re.search(r"(이란|란|까)\s*\??$|\?$", text):
        return "question"
    if re.search(r"(하기|기|방법|법)$", text):
        return "howto"
    return "noun"


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


@dataclass
class FrameModel:
    """The frames a site uses, how often, and for which titles."""

    frames: dict[str, Counter] = field(default_factory=dict)  # title kind -> Counter of Frame
    summaries: int = 0  # summaries read
    framed: int = 0  # of them, summaries in a kept frame
    use: dict[str, str] = field(default_factory=dict)  # category ("" for the rest) -> one of KINDS
    style: str | None = None  # the style the site's summaries end in (plain, polite, noun), for purpose statements

    def kind(self, categories=()) -> str:
        """The kind of summary the site writes for posts like this one (its category, else the site's)."""
        for category in categories:
            if category in self.use:
                return self.use[category]
        return self.use.get("", "digest")

    def best(self, kind: str, post_forms: set[str] | None = None) -> Frame | None:
        """The frame the site uses most for titles of this kind (else overall), or None. With the post's
        morphemes (`post_forms`), only frames whose nouns the post itself uses ("방법", "번역"): a frame
        says what kind of post it is, and that claim must come from the post."""
        pooled = sum(self.frames.values(), Counter())
        for counts in (self.frames.get(kind, Counter()), pooled):
            kept = [
                (n, f)
                for f, n in counts.items()
                if pooled[f] >= MIN_FRAME_SUMMARIES
                and f.says_something
                and (post_forms is None or set(f.nouns) <= post_forms)
            ]
            if kept and sum(n for n, _ in kept) >= MIN_FRAME_SUMMARIES:
                return max(kept, key=lambda nf: (nf[0], -len(nf[1].tail)))[1]
        return None

    def statements(self, titles: list[str], post_forms: list[set[str]] | None = None) -> list[str]:
        """Each title's topic in the site's frame, or "" where there is no frame or no topic (one Kiwi call)."""
        frames = [self.best(title_kind(t), post_forms[i] if post_forms else None) for i, t in enumerate(titles)]
        topics = iter(title_phrases([t for t, f in zip(titles, frames) if f]))
        out = []
        for frame in frames:
            topic = next(topics) if frame else ""
            out.append(frame.fill(topic) if topic and frame_fits(frame, topic) else "")
        return out

    def kept(self) -> list[tuple[Frame, int]]:
        pooled = sum(self.frames.values(), Counter())
        return [(f, n) for f, n in pooled.most_common() if n >= MIN_FRAME_SUMMARIES]

    def to_json(self) -> dict:
        return {
            "summaries": self.summaries,
            "framed": self.framed,
            "use": self.use,
            "style": self.style,
            "frames": {
                kind: [[f.particle, f.tail, list(f.nouns), n] for f, n in counts.most_common()]
                for kind, counts in self.frames.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> FrameModel:
        frames = {
            kind: Counter({Frame(p, t, tuple(ns)): int(n) for p, t, ns, n in rows})
            for kind, rows in data["frames"].items()
        }
        use = {str(k): v if v in KINDS else "topic" if v is True else "digest" for k, v in data.get("use", {}).items()}
        style = data.get("style")
        return cls(
            frames,
            int(data.get("summaries", 0)),
            int(data.get("framed", 0)),
            use,
            style if style in STYLES else None,
        )


def learn(pairs: list[tuple[str, str]]) -> FrameModel:
    """Frames from (title, summary) pairs: each summary counts once, for the longest of its frames that at
    least MIN_FRAME_SUMMARIES summaries share."""
    from summarizer.text.endings import style_of
    from summarizer.text.kiwi import tokens

    titles = tokens([t for t, _ in pairs])
    summaries = tokens([s for _, s in pairs])
    styles = Counter(style_of([(t.form, t.tag) for t in _last_sentence(st)]) for st in summaries if st)
    candidates = [set(frames_of(t, s, st)) for (_, s), t, st in zip(pairs, titles, summaries)]
    support = Counter(f for found in candidates for f in found)
    frames: dict[str, Counter] = {}
    framed = 0
    for (title, _), found in zip(pairs, candidates):
        kept = [f for f in found if support[f] >= MIN_FRAME_SUMMARIES]
        if kept:
            best = max(kept, key=lambda f: (len(f.tail.split()), len(f.tail)))
            frames.setdefault(title_kind(title), Counter())[best] += 1
            framed += 1
    known = [(n, style) for style, n in styles.items() if style in STYLES]
    return FrameModel(frames, len(pairs), framed, style=max(known)[1] if known else None)


def decide(
    scores: dict[str, list[float]],
    categories: list[tuple[str, ...]],
    min_posts: int,
    coverage: dict[str, list[float]] | None = None,
    margin: float = 1.0,
) -> dict[str, str]:
    """The kind of summary (one of KINDS, all in `scores`, "digest" included) that serves the site best: per
    category with at least `min_posts` posts, and for the rest ("") — on the training posts, where each post
    without a statement of a kind counts as what it gets instead. A statement must beat the digest's mean
    ROUGE-1 against the site's own summaries (`scores`) by `margin` points: a site whose summaries are digests
    keeps digests. Of the statements that do, the one that best matches what the site's summaries say beyond
    the title (`coverage`, else ROUGE-1), then the simpler one: every statement shares the title's words with
    the summaries, so what tells them apart is the rest."""
    groups: dict[str, list[int]] = {"": list(range(len(scores["digest"])))}
    for i, cats in enumerate(categories):
        for category in cats[:1]:
            groups.setdefault(category, []).append(i)
    use = {}
    for group, rows in groups.items():
        if group and len(rows) < min_posts or not rows:
            continue
        means = {kind: sum(got[i] for i in rows) / len(rows) for kind, got in scores.items()}
        covers = {kind: sum(got[i] for i in rows) / len(rows) for kind, got in (coverage or scores).items()}
        better = [
            kind for kind in KINDS if kind in means and kind != "digest" and means[kind] >= means["digest"] + margin
        ]
        use[group] = max(better, key=lambda kind: (round(covers[kind], 6), -KINDS.index(kind))) if better else "digest"
    return {k: v for k, v in use.items() if k == "" or v != use[""]}
