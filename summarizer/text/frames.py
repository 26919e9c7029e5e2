"""Topic statements in the site's own frames (`Frame`, `FrameModel`), filled with the post's topic.

Many blog authors summarize a post by saying what it is about: "커맨드 패턴을 이해한다.", "…배포 과정을
공유합니다.". The frames are learned from the site's summaries (summarizer.text.frame_learning); the title's key
phrase (summarizer.text.title_phrase) fills the slot. Which frame a post gets follows how its title reads (a
how-to, a question, a noun phrase), as the site's summaries did for titles like it.

Some sites restate instead the post's own sentence about what it does ("이번 글에서는 … 과정을 공유하려고
합니다." -> "… 과정을 공유합니다.", summarizer.text.purpose), in the style their summaries end in. Which kind of
summary a site writes — a digest, a topic statement, or a purpose statement (a topic statement where the post
has no such sentence) — is decided per category (`use`), and so is what a post without a statement gets
(`rest`: the edited digest, or the lead's whole sentences); `summarizer train` decides both on the site's
latest posts (summarizer.training.decide).

A post gets the frame its author uses for posts like it: of its category and title shape, else of its
category, else of its title shape, else the site's; a question frame ("…은 무엇일까?") only on a title that
asks one, and never a frame whose words the slot already says ("Docker 알아보기에 대해서 알아봅니다").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.text.endings import STYLES
from summarizer.text.particles import attach
from summarizer.text.title_phrase import title_phrases

MIN_FRAME_SUMMARIES = 3  # a frame must be seen in at least this many of the site's summaries
KINDS = ("digest", "topic", "purpose", "items")  # the kinds of summary a site writes for a kind of post
# What a post without a statement gets: the edited digest, the lead's sentences, or the untrained default engine's
RESTS = ("digest", "lead", "untrained")
MIN_CATEGORY_FRAMES = 2  # a category's own frame: one its summaries use at least this often


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
    def asks(self) -> bool:
        """Whether the frame asks a question ("{topic}은 무엇일까?"): only a title that asks one can fill it."""
        return self.tail.rstrip().endswith(("?", "？"))

    @property
    def says_something(self) -> bool:
        """Whether the frame adds words to its topic: a bare "{topic}" would only copy the title."""
        return bool(self.particle or self.tail.strip(" ."))


# Nouns that name a kind of text: a title ending in one names the post itself ("… 테크톡 후기", "… 회고"), which a
# frame about a subject ("에 대해서 알아봅니다") cannot take.
_GENRES = ("후기", "회고", "정리", "리뷰", "요약", "번역", "메모", "노트", "기록", "일기", "독후감", "서평")


def frame_fits(frame: Frame, topic: str) -> bool:
    """Whether `topic` can fill `frame`: a topic in Korean or a term (a long English title in a Korean frame
    reads as a pasted title), no frame noun that ends as the topic does ("익히는 법" + " 방법", "설치법 방법"),
    no word of the frame already in the topic ("Docker 알아보기" + "에 대해서 알아봅니다", "이해하기 쉬운 X" +
    "을 이해한다"), nothing pasted from the title's furniture (a pipe, brackets left open), and no topic that names
    the post itself (a review, notes, a retrospective) in a frame about a subject, nor one ending in an object and
    a bare noun ("…파일을 검색", of the title "…파일을 검색하기"): no frame makes that a phrase."""
    if not re.search(r"[가-힣]", topic) and len(topic.split()) >= 3:
        return False
    if re.search(r"[|｜]", topic) or topic.count("(") != topic.count(")") or topic.count("[") != topic.count("]"):
        return False
    if any(stem in topic for stem in _stems(frame.tail)):
        return False
    words = re.sub(r"\s*\([^()]*\)$", "", topic).split()  # "설계 방법 (Index Design)" ends in 방법
    last = re.sub(r"[^\w가-힣]+$", "", words[-1]) if words else ""
    if last.endswith(_GENRES) and re.search(r"대해|대한|알아", frame.tail):
        return False  # the topic names the post itself: "테크톡 후기에 대해서 알아봅니다"
    if re.search(r"[가-힣A-Za-z0-9)](을|를)\s+\S+$", topic) and not re.search(r"(다|기|는|한|할|된|던)$", last):
        return False  # "…파일을 검색하기" -> "…파일을 검색": an object whose verb became a bare noun
    return not any(last and noun and last[-1] == noun[-1] for noun in frame.nouns)  # 법/방법, 과정/컴파일 과정


def _stems(tail: str) -> list[str]:
    """The first two letters of each Korean word of a frame's tail ("대해서 알아봅니다" -> 대해, 알아): a topic
    holding one says the frame's words again."""
    return [w[:2] for w in re.findall(r"[가-힣]{2,}", tail)]


def title_kind(title: str) -> str:
    """How a title reads: "question" (what something is: …란?, …이란 무엇일까?, …는 무엇일까?), "howto" (…하기,
    …방법) or "noun" (a title that asks something else, "…정말 빠를까?", says what it is about too)."""
    text = re.sub(r"\s*([\[(][^\])]*[\])]|\d+\s*(편|탄|부|강))\s*$", "", title.strip())
    if re.search(r"(이란|란)\s*([?？]|$)|(이란|란|은|는)\s*(무엇|뭘까|뭐지)\S*\s*\??$", text):
        return "question"
    if re.search(r"(하기|기|방법|법)$", text):
        return "howto"
    return "noun"


@dataclass
class FrameModel:
    """The frames a site uses, how often, and for which titles."""

    frames: dict[str, Counter] = field(default_factory=dict)  # title kind -> Counter of Frame
    summaries: int = 0  # summaries read
    framed: int = 0  # of them, summaries in a kept frame
    use: dict[str, str] = field(default_factory=dict)  # category ("" for the rest) -> one of KINDS
    style: str | None = None  # the style the site's summaries end in (plain, polite, noun), for purpose statements
    by_category: dict[str, Counter] = field(default_factory=dict)  # category -> Counter of (title kind, Frame)
    rest: dict[str, str] | None = None  # category ("" for the rest) -> one of RESTS; None: decided before `rest`

    def kind(self, categories=()) -> str:
        """The kind of summary the site writes for posts like this one (its category, else the site's)."""
        for category in categories:
            if category in self.use:
                return self.use[category]
        return self.use.get("", "digest")

    def rest_kind(self, categories=()) -> str:
        """What a post like this one gets without a statement, one of RESTS (its category's, else the site's)."""
        for category in categories:
            if category in (self.rest or {}):
                return self.rest[category]
        return (self.rest or {}).get("", "digest")

    @property
    def decided_on_latest(self) -> bool:
        """Whether `summarizer train` decided the kinds on the site's latest posts (and for posts of every
        category: one it saw rarely or never takes the site's decision)."""
        return self.rest is not None

    def best(self, kind: str, post_forms: set[str] | None = None, categories=()) -> Frame | None:
        """The frame the author uses for posts like this one: of its first category and this title kind, else
        of its category, else of titles of this kind, else the site's most used (never a question frame on a
        title that asks none); or None. With the post's morphemes (`post_forms`), only frames whose nouns the
        post itself uses ("방법", "번역"): a frame says what kind of post it is, and that claim must come from the
        post."""
        pooled = sum(self.frames.values(), Counter())
        own = self.by_category.get(str(categories[0]), Counter()) if categories else Counter()
        pools = [
            (Counter({f: n for (k, f), n in own.items() if k == kind}), MIN_CATEGORY_FRAMES),
            (Counter({f: n for (_, f), n in own.items()}) if own else Counter(), MIN_CATEGORY_FRAMES),
            (self.frames.get(kind, Counter()), MIN_FRAME_SUMMARIES),
            (pooled, MIN_FRAME_SUMMARIES),
        ]
        for counts, enough in pools:
            kept = [
                (n, f)
                for f, n in counts.items()
                if pooled[f] >= MIN_FRAME_SUMMARIES
                and f.says_something
                and (kind == "question" or not f.asks)
                and (post_forms is None or set(f.nouns) <= post_forms)
            ]
            if kept and sum(n for n, _ in kept) >= enough:
                return max(kept, key=lambda nf: (nf[0], -len(nf[1].tail)))[1]
        return None

    def statements(
        self, titles: list[str], post_forms: list[set[str]] | None = None, categories: list | None = None
    ) -> list[str]:
        """Each title's topic in the site's frame, or "" where there is no frame or no topic (one Kiwi call)."""
        frames = [
            self.best(title_kind(t), post_forms[i] if post_forms else None, categories[i] if categories else ())
            for i, t in enumerate(titles)
        ]
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
        data = {
            "summaries": self.summaries,
            "framed": self.framed,
            "use": self.use,
            "style": self.style,
            "frames": {
                kind: [[f.particle, f.tail, list(f.nouns), n] for f, n in counts.most_common()]
                for kind, counts in self.frames.items()
            },
            "categories": {
                category: [[k, f.particle, f.tail, list(f.nouns), n] for (k, f), n in counts.most_common()]
                for category, counts in self.by_category.items()
            },
        }
        if self.rest is not None:
            data["rest"] = self.rest
        return data

    @classmethod
    def from_json(cls, data: dict) -> FrameModel:
        frames = {
            kind: Counter({Frame(p, t, tuple(ns)): int(n) for p, t, ns, n in rows})
            for kind, rows in data["frames"].items()
        }
        use = {str(k): v if v in KINDS else "topic" if v is True else "digest" for k, v in data.get("use", {}).items()}
        style = data.get("style")
        by_category = {}
        for category, rows in (data.get("categories") or {}).items():
            if isinstance(rows, list):
                by_category[str(category)] = Counter(
                    {(str(k), Frame(str(p), str(t), tuple(map(str, ns)))): int(n) for k, p, t, ns, n in rows}
                )
        rest = data.get("rest")
        return cls(
            frames,
            int(data.get("summaries", 0)),
            int(data.get("framed", 0)),
            use,
            style if style in STYLES else None,
            by_category,
            {str(k): v if v in RESTS else "digest" for k, v in rest.items()} if isinstance(rest, dict) else None,
        )
