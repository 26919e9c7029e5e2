"""Voice: one register per excerpt, the article's voice on posts unlike the training site, forced voices."""

import pytest

from summarizer import engines
from summarizer.engines.condense import CondenseEngine
from summarizer.posts import postfile
from summarizer.posts.walk import discover
from summarizer.text.documents import source_of
from summarizer.text.endings import clashes, main_register, register_of
from summarizer.text.kiwi import split_documents
from summarizer.text.voice import VOICES, categories_of, known_category, resolve

from .conftest import ROOT

EXAMPLES = [postfile.read(p) for p in discover([ROOT / "examples"])]
BLOG = [  # a polite tech-blog post: a site and a category the shipped model never saw
    (
        "Redis 캐시 전략 (1)",
        [
            "안녕하세요, 데이터 플랫폼 팀의 김하나입니다. 이번 글에서는 자주 읽는 데이터를 메모리에 두는 Redis 캐시 "
            "전략을 소개합니다.",
            "캐시는 데이터베이스의 부하를 줄여 줍니다. 저희 팀은 조회 API의 응답 시간을 "
            "절반으로 줄였습니다. 캐시 무효화는 쓰기 시점에 처리합니다. 만료 시간은 데이터의 성격에 따라 다르게 "
            "정했습니다.",
        ],
        ("Tech",),
    ),
    (
        "사내 배포 도구를 바꾼 이야기",
        [
            "저희는 지난해 배포 도구를 새로 만들었습니다. 예전 도구는 배포 한 번에 30분이 걸렸습니다. "
            "새 도구는 변경된 서비스만 골라 배포합니다. 덕분에 배포 시간이 5분으로 줄었습니다. 다음 글에서는 "
            "롤백 과정을 다루겠습니다."
        ],
        ("Engineering",),
    ),
]
PLAIN_BLOG = [
    (
        "회고",
        [
            "올해 나는 세 가지 프로젝트를 끝냈다. 가장 어려운 일은 일정 관리였다. 매주 계획을 다시 세웠다. 그래도 "
            "마감은 모두 지켰다. 내년에는 글을 더 자주 쓸 생각이다."
        ],
        ("diary",),
    )
]


def sentences(text):
    (doc,) = split_documents([("", [text])])
    return doc.sentences


@pytest.fixture(scope="module")
def engine():
    return CondenseEngine(engines.DEFAULT_MODEL)


def docs():
    news = split_documents([(*source_of(p), categories_of(p.meta)) for p in EXAMPLES])
    return news + split_documents(BLOG + PLAIN_BLOG)


@pytest.mark.parametrize(
    "text, register",
    [
        ("정부가 공동성명을 발표했다.", "plain"),
        ("정부가 공동성명을 발표했습니다.", "polite"),
        ("정부, 공동성명 발표.", None),
        ("공동성명을 발표함.", "plain"),
        ("큰 관심을 받고 있음.", "plain"),
        ("지금 확인하세요!", "polite"),
        ("같이 가 봐요.", "polite"),
        ("무엇일까?", None),
        ("그는 곧 떠난답니다.", "polite"),
        ("성능이 뛰어나답니다.", "polite"),  # one Kiwi ending, polite (found in review)
    ],
)
def test_register_of(text, register):
    (s,) = sentences(text)
    assert register_of(s.tokens) == register


def test_main_register_and_clashes():
    assert main_register(["plain", "polite", "polite", None]) == "polite"
    assert main_register([None, None]) is None
    assert clashes(["plain", None, "polite"]) and not clashes(["plain", None, "plain"])


def test_auto_follows_the_site_only_on_categories_it_knows():
    table = {"News": 4000, "IT": 3}
    assert resolve("auto", ("News",), table) == "learned"
    assert resolve("auto", ("IT",), table) == "article"  # too few training posts to know its habits
    assert resolve("auto", (), table) == "article"
    assert resolve("polite", ("News",), table) == "polite"
    assert known_category(["Tech", "News"], table)


def test_categories_of_front_matter():
    assert categories_of({"categories": ["News", "정치"]}) == ("News", "정치")
    assert categories_of({"category": "Hotel"}) == ("Hotel",)
    assert categories_of({"categories": {"a": 1}}) == () and categories_of({}) == ()


@pytest.mark.parametrize("voice", VOICES)
def test_every_excerpt_has_one_register(engine, voice):
    engine.set_voice(voice)
    for doc, text in zip(docs(), engine.summarize(docs(), 150)):
        registers = [register_of(s.tokens) for s in sentences(text)]
        assert text and not clashes(registers), (voice, text)
        if voice in ("plain", "noun"):
            assert "polite" not in registers or all(register_of(s.tokens) == "polite" for s in doc.sentences), text
        if voice == "polite":
            assert "plain" not in registers or all(register_of(s.tokens) == "plain" for s in doc.sentences), text
    engine.set_voice("auto")


def test_a_post_unlike_the_training_site_keeps_its_voice_and_gets_no_closing_phrase(engine):
    engine.set_voice("auto")
    blog = split_documents(BLOG + PLAIN_BLOG)
    for doc, text in zip(blog, engine.summarize(blog, 150)):
        article = main_register([register_of(s.tokens) for s in doc.sentences])
        assert main_register([register_of(s.tokens) for s in sentences(text)]) == article, text
        assert not any(text.endswith(p) for p in engine.config.phrases), text
        assert "김하나입니다" not in text  # a self-introduction is never a summary


def test_an_unknown_voice_is_refused(engine):
    with pytest.raises(ValueError, match="unknown voice"):
        engine.set_voice("shouty")


def test_a_category_the_site_writes_in_one_register_gets_it(engine):
    """Learned: where >= 90% of a category's excerpts share a register (the site's promotions are polite), the
    style head's choice is overruled when it would give the other register."""
    news = [d for d in split_documents([(*source_of(p), categories_of(p.meta)) for p in EXAMPLES]) if d.categories]
    assert news
    saved = dict(engine.config.category_registers)
    try:
        for site in ("polite", "plain"):
            engine.config.category_registers = {c: site for d in news for c in d.categories}
            engine.set_voice("learned")
            for text in engine.summarize(news, 150):
                registers = {register_of(s.tokens) for s in sentences(text)} - {None}
                assert registers <= {site}, (site, text)
    finally:
        engine.config.category_registers = saved
        engine.set_voice("auto")


def test_category_registers_are_learned_only_where_the_site_agrees():
    from summarizer.training.condense import category_registers

    docs = split_documents([("", ["본문이다."], ("Hotel",))] * 20 + [("", ["본문이다."], ("News",))] * 20)
    targets = split_documents(
        [("", ["편안한 숙소입니다."])] * 20 + [("", ["발표했다."])] * 12 + [("", ["발표했습니다."])] * 8
    )
    assert category_registers(docs, targets) == {"Hotel": "polite"}  # News is mixed: no rule
