"""summarizer.text.frames: frames learned from a site's own summaries, filled only with the post's words."""

import random

import pytest

from summarizer.text.frame_learning import learn
from summarizer.text.frames import MIN_FRAME_SUMMARIES, Frame, FrameModel, title_kind
from summarizer.text.kiwi import get_kiwi, morphemes

CONTENT = ("NNG", "NNP", "SL", "SN", "SH", "XR", "VV", "VA")

# Synthetic site: three "…을 이해한다." summaries, three "… 과정을 공유합니다.", one digest, one one-off frame.
SITE = [
    ("[Java] 방문자 패턴이란", "방문자 패턴을 이해한다."),
    ("[DB] 트랜잭션 격리 수준이란", "트랜잭션 격리 수준을 이해한다."),
    ("[자료구조] 스킵 리스트란", "스킵 리스트를 이해한다."),
    ("쿠버네티스 클러스터 이전하기", "쿠버네티스 클러스터를 새 리전으로 옮긴 과정을 공유합니다."),
    ("모니터링 시스템 구축하기", "사내 모니터링 시스템을 처음부터 구축한 과정을 공유합니다."),
    ("배포 파이프라인 개선하기", "느린 배포 파이프라인을 개선한 과정을 공유합니다."),
    ("서버 비용 절감기", "서버 비용을 줄이려고 인스턴스를 바꿨다. 비용은 30% 줄었다."),
    ("로그 수집기 만들기", "로그 수집기를 직접 만들어 보며 배운 점을 기록해 둔다."),
]


def test_frames_seen_in_enough_summaries_are_learned():
    model = learn(SITE)
    kept = {f.text: n for f, n in model.kept()}
    assert kept == {"{topic}을 이해한다.": 3, "{topic} 과정을 공유합니다.": 3}
    assert model.framed == 6 and model.summaries == len(SITE)


def test_a_frame_seen_fewer_times_is_not_learned():
    model = learn(SITE[:2] + SITE[3:5])
    assert model.kept() == [] and model.statements(["[Java] 중재자 패턴이란"])[0] == ""


def test_frame_follows_the_title_kind():
    model = learn(SITE)
    assert title_kind("[Java] 중재자 패턴이란") == "question" and title_kind("로그 파이프라인 구축하기") == "howto"
    assert model.statements(["[Java] 중재자 패턴이란"])[0] == "중재자 패턴을 이해한다."
    assert model.statements(["검색 서버 이전하기"])[0] == "검색 서버 이전 과정을 공유합니다."


def test_a_question_frame_is_used_only_on_a_title_that_asks_one():
    site = [(f"{n}이란?", f"{n}은 무엇일까?") for n in ("빌더 패턴", "상태 패턴", "전략 패턴", "방문자 패턴")]
    site += [(f"{n} 구축기", f"{n} 과정을 정리한다.") for n in ("검색 서버", "로그 수집기", "배포 환경")]
    model = learn(site)
    assert model.statements(["중재자 패턴이란?"]) == ["중재자 패턴은 무엇일까?"]
    assert model.statements(["메시지 큐 소개와 아키텍처"]) == ["메시지 큐 소개와 아키텍처 과정을 정리한다."]
    only_questions = learn(site[:4])
    assert only_questions.statements(["메시지 큐 소개와 아키텍처"]) == [""]  # no frame fits: the digest


def test_a_frame_never_repeats_itself_or_a_title_s_furniture_in_its_slot():
    from summarizer.text.frames import frame_fits

    about = Frame("", "에 대해서 알아봅니다.")
    assert not frame_fits(about, "리액트 훅스 알아보기")  # "…알아보기에 대해서 알아봅니다"
    assert not frame_fits(Frame("을", " 이해한다."), "이해하기 쉬운 클로저")
    assert not frame_fits(about, "싯다르타 | 헤르만 헤세") and not frame_fits(about, "리액트 (훅")
    assert frame_fits(about, "리액트 훅스")
    assert not frame_fits(about, "사내 JVM 챕터 테크톡 후기")  # the post itself: "…후기에 대해서 알아봅니다"
    assert not frame_fits(about, "2023 회고") and frame_fits(Frame("를", " 공유합니다."), "사내 JVM 챕터 테크톡 후기")
    learn_it = Frame("을", " 알아보도록 하겠습니다.")  # a blind reader: "…텍스트 파일을 검색을 알아보도록" is broken
    assert not frame_fits(learn_it, "1초만에 2TB 텍스트 파일을 검색") and frame_fits(learn_it, "텍스트 파일 검색")
    assert not frame_fits(about, "1초만에 2TB 텍스트 파일을 검색")  # "…파일을 검색에 대해서" is no better
    assert frame_fits(learn_it, "Kafka를 이용한 로그 수집")  # the object has its verb
    site = [(f"{n} 정리", f"{n}에 대해서 알아봅니다.") for n in ("클로저", "호이스팅", "이벤트 루프")]
    model = learn(site)
    titles = ["[책] 데미안 | 헤르만 헤세", "리팩터링 4 - Refactoring 4", "리액트 훅스 알아보기 (2)"]
    assert model.statements(titles) == [
        "데미안에 대해서 알아봅니다.",
        "리팩터링에 대해서 알아봅니다.",
        "리액트 훅스에 대해서 알아봅니다.",
    ]


def test_a_post_gets_the_frame_its_category_uses():
    site = [(f"{n} 정리", f"{n}을 이해한다.") for n in ("호이스팅", "이벤트 핸들링", "가비지 컬렉션", "타입 추론")]
    site += [(f"{n}", f"{n}에서 배운 점을 기록한다.") for n in ("데미안", "싯다르타", "어린 왕자")]
    cats = [("개발",)] * 4 + [("독서",)] * 3
    model = learn(site, cats)
    title = "나의 라임 오렌지나무"
    assert model.statements([title], categories=[("독서",)]) == [f"{title}에서 배운 점을 기록한다."]
    assert model.statements([title], categories=[("여행",)]) == [f"{title}를 이해한다."]  # the site's
    assert FrameModel.from_json(model.to_json()) == model


def test_a_frame_with_a_noun_the_post_never_uses_is_skipped():
    model = learn(SITE)
    # "과정" says the post walks through a process: only where the post says so itself.
    assert model.statements(["검색 서버 이전하기"], [{"검색", "서버"}])[0] == "검색 서버 이전을 이해한다."


def test_frame_words_never_hold_title_words_names_or_numbers():
    site = [(f"{name} 패턴이란", f"{name} 패턴을 이해한다.") for name in ("방문자", "중재자", "상태", "빌더")]
    site += [(f"{name} 3편", f"{name} 2024 버전을 다룬다.") for name in ("스프링", "리액트", "장고")]
    kept = {f.text for f, _ in learn(site).kept()}
    assert "{topic} 패턴을 이해한다." not in kept and "{topic}을 이해한다." in kept
    assert not any("2024" in text for text in kept)


def test_a_bare_frame_is_never_used_it_would_copy_the_title():
    site = [(f"{n} 정리", f"{n}") for n in ("Redis 캐시", "검색 색인", "메시지 큐", "로그 수집")]
    site += [(f"{n}이란", f"{n}을 이해한다.") for n in ("빌더 패턴", "상태 패턴", "전략 패턴")]
    model = learn(site)
    assert Frame("", "") in dict(model.kept()) and model.best("noun").text == "{topic}을 이해한다."


@pytest.mark.parametrize(
    "topic, fits",
    [
        ("Building Resilient Clusters with Super Disk", False),  # a long English title in a Korean frame
        ("JPA", True),
        ("Redis 캐시", True),
        ("Docker를 익히는 법", False),
        ("배포 설치법", False),  # "… 법 방법": the noun twice
        ("색인 설계 방법 (Index Design)", False),
        ("배포 자동화", True),
    ],
)
def test_a_topic_fits_a_frame(topic, fits):
    from summarizer.text.frames import frame_fits

    assert frame_fits(Frame("", " 방법을 소개합니다.", ("방법",)), topic) is fits


def test_json_round_trip():
    model = learn(SITE)
    model.use = {"": "topic", "뉴스": "digest", "회고": "purpose"}
    again = FrameModel.from_json(model.to_json())
    assert again == model and again.kind(("뉴스",)) == "digest" and again.kind(("기술",)) != "digest"
    assert again.kind(("회고",)) == "purpose" and again.style == "plain"  # SITE's summaries end in …한다


def test_json_of_a_model_from_before_kinds_reads_as_topic_or_digest():
    data = learn(SITE).to_json()
    data["use"] = {"": True, "뉴스": False}
    del data["style"]
    again = FrameModel.from_json(data)
    assert again.use == {"": "topic", "뉴스": "digest"} and again.style is None


def test_learn_finds_the_style_the_site_summaries_end_in():
    polite = [(f"{n} 도입기", f"{n} 도입 과정을 공유합니다.") for n in ("Kafka", "Redis", "Flink")]
    assert learn(polite).style == "polite"
    assert learn([(t, s.replace("공유합니다.", "공유")) for t, s in polite]).style == "noun"


NOUNS = ["캐시", "전략", "서버", "Redis", "Spring", "배포", "패턴", "API", "로그", "검색", "모델", "테스트"]


@pytest.mark.parametrize("seed", range(5))
def test_every_content_morpheme_of_a_statement_is_the_titles_or_the_frames(seed):
    rng = random.Random(seed)
    model = learn(SITE)
    frame_words = {f.lower() for frame, _ in model.kept() for f in morphemes([frame.tail])[0]}
    tails = " ".join(frame.tail for frame, _ in model.kept())
    titles = []
    for _ in range(20):
        words = rng.sample(NOUNS, rng.randint(1, 3))
        titles.append(
            rng.choice(["[{}] ", "", ""]).format(rng.choice(NOUNS))
            + " ".join(words)
            + rng.choice(["이란", " 구축하기", " (2)", " 3편 - 정리", "", " 적용기"])
        )
    kiwi = get_kiwi()
    for title in titles:
        statement = model.statements([title])[0]
        if not statement:
            continue
        title_words = {t.form.lower() for t in kiwi.tokenize(title)}
        for token in kiwi.tokenize(statement):
            if token.tag.startswith(CONTENT):
                # by morpheme, or where Kiwi splits the title differently, as written in the title or a frame
                form = token.form.lower()
                assert form in title_words | frame_words or form in title.lower() or form in tails, (
                    title,
                    statement,
                    token,
                )


def test_frame_fill_uses_the_particle_the_topic_takes():
    frame = Frame("을", " 소개합니다.")
    assert frame.fill("Istio") == "Istio를 소개합니다." and frame.fill("Spring") == "Spring을 소개합니다."
    assert Frame("", " 방법").fill("Vim 설치") == "Vim 설치 방법"
    assert MIN_FRAME_SUMMARIES == 3


def test_condense_writes_the_statement_only_where_the_trained_site_does(tmp_path):
    import json
    import shutil

    from summarizer.editor.modelfiles import FRAMES_FILE
    from summarizer.engines import DEFAULT_MODEL
    from summarizer.engines.condense import CondenseEngine
    from summarizer.text.kiwi import split_documents

    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model_dir)  # the shipped model, wherever the tests run from
    model = learn(SITE)
    model.use = {"": "topic", "뉴스": "digest"}
    (model_dir / FRAMES_FILE).write_text(json.dumps(model.to_json(), ensure_ascii=False), encoding="utf-8")
    body = [
        "중재자 패턴은 여러 객체 사이의 통신을 한 객체에 모으는 디자인 패턴이다. "
        "각 객체는 중재자에게만 메시지를 보낸다."
    ]
    docs = split_documents([("[Java] 중재자 패턴이란", body, ()), ("[Java] 중재자 패턴이란", body, ("뉴스",))])
    learned = CondenseEngine.from_pretrained(str(model_dir), voice="learned")
    topic, news = learned.summarize(docs, 150)
    assert topic == "중재자 패턴을 이해한다." and news != topic and "fallback" in learned.stats_line()
    assert learned.summarize(docs[:1], 10) != [topic]  # longer than max_chars: the digest
    article = CondenseEngine.from_pretrained(str(model_dir), voice="article")
    assert article.summarize(docs[:1], 150) != [topic]  # the article's voice: no frame of the site


def test_a_category_first_seen_after_training_gets_the_sites_decision(tmp_path):
    """Decided on the latest posts (`rest` present): a category the model never saw takes the site's kind of
    summary, and a post with no statement gets what the site's posts get without one (here the lead's)."""
    import json
    import shutil

    from summarizer.editor.modelfiles import FRAMES_FILE
    from summarizer.engines import DEFAULT_MODEL
    from summarizer.engines.condense import CondenseEngine
    from summarizer.engines.lead import LeadEngine
    from summarizer.text.kiwi import split_documents

    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model_dir)
    model = learn(SITE)
    model.use, model.rest = {"": "topic"}, {"": "lead"}
    (model_dir / FRAMES_FILE).write_text(json.dumps(model.to_json(), ensure_ascii=False), encoding="utf-8")
    body = ["중재자 패턴은 여러 객체 사이의 통신을 한 객체에 모으는 디자인 패턴이다. 각 객체는 중재자에게만 보낸다."]
    docs = split_documents(
        [("[Java] 중재자 패턴이란", body, ("처음 보는 범주",)), ("진정으로 이해해라", body, ("새",))]
    )
    engine = CondenseEngine.from_pretrained(str(model_dir))  # voice auto
    statement, rest = engine.summarize(docs, 150)
    assert statement == "중재자 패턴을 이해한다." and rest == LeadEngine().summarize(docs[1:], 150)[0]
    assert "1 the lead's sentences" in engine.stats_line()
