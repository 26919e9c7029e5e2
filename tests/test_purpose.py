"""Purpose statements (summarizer.text.purpose): the post's own sentence about what it does, restated. All text here is
made up."""

import pytest

from summarizer.text.kiwi import is_content, split_documents
from summarizer.text.purpose import purpose_statement, restate, shortened

from .conftest import sentence


@pytest.mark.parametrize(
    "text, style, expected",
    [
        (
            "이번 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다.",
            "polite",
            "캐시 서버를 도입한 과정을 공유합니다.",
        ),
        ("이 글에서는 검색 색인을 나누는 방법을 소개하고자 합니다.", "polite", "검색 색인을 나누는 방법을 소개합니다."),
        ("본 문서에서는 로그 수집 구조를 설명해보고자 합니다.", "polite", "로그 수집 구조를 설명합니다."),
        ("이번 포스트에서는 배포 자동화에 대해 다뤄보겠습니다.", "polite", "배포 자동화에 대해 다룹니다."),
        ("이번 글에서는 메시지 큐의 동작을 살펴보겠습니다.", "polite", "메시지 큐의 동작을 살펴봅니다."),
        ("오늘은 빌드 시간을 줄인 경험을 소개해 드리겠습니다.", "polite", "빌드 시간을 줄인 경험을 소개합니다."),
        ("이 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다.", "plain", "캐시 서버를 도입한 과정을 공유한다."),
        ("이 글에서는 검색 색인을 나누는 방법을 다뤄보겠습니다.", "plain", "검색 색인을 나누는 방법을 다룬다."),
        ("이 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다.", "noun", "캐시 서버를 도입한 과정을 공유."),
        (
            "이번 글에서는 이러한 Kafka 클러스터를 옮긴 경험을 공유하고자 합니다.",
            "polite",
            "Kafka 클러스터를 옮긴 경험을 공유합니다.",
        ),  # "이러한" before a name: left out, the name says what it is
        ("이 글에서는 그 중 색인 구조를 설명하려 합니다.", "polite", ""),  # "그 중 …" alone points at what is gone
        ("이번 포스트에서는 추천 엔진에 대해 소개드리고자 합니다.", "polite", "추천 엔진에 대해 소개합니다."),
        ("이번 글에서는 장애를 극복한 방법을 공유 드리고자 합니다.", "polite", "장애를 극복한 방법을 공유합니다."),
        (
            "이 포스트에서는 테스터의 기능을 간단히 소개해 드릴까 합니다!",
            "polite",
            "테스터의 기능을 간단히 소개합니다.",
        ),
        (
            "그리고 이 글에서는 색인을 암호화하는 방법에 대해 설명합니다.",
            "polite",
            "색인을 암호화하는 방법에 대해 설명합니다.",
        ),
        (
            "이번 포스팅(2/2)에서는 캐시를 나누는 과정에 대해 설명합니다.",
            "polite",
            "캐시를 나누는 과정에 대해 설명합니다.",
        ),
        ("이번 글을 통해 색인을 개선한 방법을 공유드리려고 합니다.", "polite", "색인을 개선한 방법을 공유합니다."),
        (
            "이 글에서는 어떤 제약이 있는지, 새 도구로 이러한 제약들을 어떻게 풀었는지 소개합니다.",
            "polite",
            "어떤 제약이 있는지, 새 도구로 이러한 제약들을 어떻게 풀었는지 소개합니다.",
        ),  # points inside: kept
        (
            "이번 글에서는 장애를 어떻게 해결했고, 그 과정에서 얻은 교훈을 공유하려고 합니다.",
            "polite",
            "장애를 어떻게 해결했고, 그 과정에서 얻은 교훈을 공유합니다.",
        ),
        (
            "저희 팀은 이러한 한계를 넘기 위해 새 큐를 도입한 경험을 공유하고자 합니다.",
            "polite",
            "저희 팀은 새 큐를 도입한 경험을 공유합니다.",
        ),  # the purpose clause holding the pointer goes
        (
            "이를 위해 응답 속도를 높이기 위하여 번들 크기를 줄인 경험을 본 포스팅에서 공유하려고 합니다.",
            "polite",
            "응답 속도를 높이기 위하여 번들 크기를 줄인 경험을 공유합니다.",
        ),
        (
            "이번 글에서는 “좋은 색인이란 무엇인가?”를 정의한 과정을 소개합니다.",
            "polite",
            "“좋은 색인이란 무엇인가?”를 정의한 과정을 소개합니다.",
        ),  # a quoted question
        (
            "물론 단위 테스트도 할 말이 많지만, 이번 포스트에서는 화면 단위의 통합 테스트를 소개합니다.",
            "polite",
            "화면 단위의 통합 테스트를 소개합니다.",
        ),  # the clause that names the text
    ],
)
def test_restates_the_posts_own_sentence_in_the_sites_style(text, style, expected):
    assert restate(sentence(text), style) == expected


@pytest.mark.parametrize(
    "text",
    [
        "캐시 서버를 소개합니다.",  # about anything: neither the text nor an intention is named
        "먼저 캐시 서버의 구조를 살펴보겠습니다.",  # a section's announcement, not the post's purpose
        "지금부터 각 단계에 대해 상세히 다뤄보겠습니다.",
        "이 글에서는 다음과 같은 내용을 다루려고 합니다.",  # a pointer to what follows
        "이 글에서는 캐시를 도입하려고 합니다.",  # no act of the text: the post's plan, not what it does
        "이 글에서는 무엇을 공유할까요?",
        "이를 바탕으로 새 구조를 소개하려고 합니다.",  # points back at the sentence before it
        "이 글에서는 설명하려 합니다.",  # says nothing
        "저희 팀은 이러한 문제를 겪은 새 큐를 도입한 경험을 공유하고자 합니다.",  # "이러한 문제": names nothing
        "이번 글에서는 그 방식을 배포 도구로 바꾸는 방법을 다룹니다.",
    ],
)
def test_leaves_other_sentences(text):
    assert restate(sentence(text), "polite") == ""


def test_an_opening_sentence_may_state_the_act_plainly():
    text = "큐를 이벤트 버스로 쓰며 새 플랫폼을 개발한 경험을 공유합니다."
    assert restate(sentence(text), "polite", opening=True) == text
    assert restate(sentence(text), "polite") == ""  # later in the post: about anything
    assert (
        restate(sentence("새 플랫폼을 개발한 경험을 공유했습니다."), "polite", opening=True) == ""
    )  # past: done before


def test_no_style_no_statement():
    assert restate(sentence("이번 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다."), None) == ""


def test_shortened_drops_parentheses_only_when_needed():
    text = "모바일 로컬(write-ahead) 색인 구조를 소개합니다."
    assert shortened(text, 100) == text
    assert shortened(text, 20) == "모바일 로컬 색인 구조를 소개합니다."
    assert shortened(text, 10) == ""


def test_purpose_statement_prefers_the_sentence_about_the_text_then_the_title():
    body = [
        "서비스가 커지면서 캐시가 필요해졌습니다.",
        "먼저 캐시의 종류를 살펴보겠습니다.",
        "저희는 여러 방법을 정리해 보려고 합니다.",
        "이번 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다.",
        "Redis는 메모리에 데이터를 둡니다.",
    ]
    doc = split_documents([("캐시 서버 도입기", body, ())])[0]
    assert purpose_statement(doc, "polite", 150) == "캐시 서버를 도입한 과정을 공유합니다."
    assert purpose_statement(doc, "polite", 15) == ""  # the best one does not fit: no shorter, other one


def test_a_post_without_such_a_sentence_gets_none():
    doc = split_documents([("캐시 서버 도입기", ["캐시 서버를 도입했다.", "응답 시간이 절반으로 줄었다."], ())])[0]
    assert purpose_statement(doc, "plain", 150) == ""


def test_every_content_morpheme_of_a_purpose_statement_is_the_posts():
    from summarizer.text.kiwi import get_kiwi

    body = [
        "이번 글에서는 이러한 Solr 검색 서버의 색인을 2단계로 나눈 경험을 공유하려고 합니다.",
        "색인은 매일 바뀝니다.",
    ]
    doc = split_documents([("검색 색인 나누기", body, ())])[0]
    for style in ("plain", "polite", "noun"):
        statement = purpose_statement(doc, style, 150)
        assert statement
        post = {t.form for text in body for t in get_kiwi().tokenize(text)}
        said = {t.form for t in get_kiwi().tokenize(statement) if is_content(t.tag)}
        assert said <= post, (style, said - post)


def test_condense_writes_the_posts_purpose_where_the_trained_site_does(tmp_path):
    import json
    import shutil

    from summarizer.editor.modelfiles import FRAMES_FILE
    from summarizer.engines import DEFAULT_MODEL
    from summarizer.engines.condense import CondenseEngine
    from summarizer.text.frame_learning import learn

    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model_dir)  # the shipped model, wherever the tests run from
    frames = learn([(f"{n} 도입기", f"{n} 도입 과정을 공유합니다.") for n in ("Kafka", "Redis", "Flink")])
    frames.use = {"": "purpose", "뉴스": "digest"}
    (model_dir / FRAMES_FILE).write_text(json.dumps(frames.to_json(), ensure_ascii=False), encoding="utf-8")
    body = [
        "서비스가 커지면서 캐시가 필요해졌습니다.",
        "이번 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다.",
        "Redis는 메모리에 데이터를 둡니다.",
    ]
    plain = ["캐시 서버를 도입하는 과정은 짧았다.", "응답 시간이 절반으로 줄었다."]
    docs = split_documents(  # the third title holds no word of the frame (not "…도입기 도입 과정을")
        [("캐시 서버 도입기", body, ()), ("캐시 서버 도입기", body, ("뉴스",)), ("캐시 서버", plain, ())]
    )
    engine = CondenseEngine.from_pretrained(str(model_dir), voice="learned")
    purpose, news, topic = engine.summarize(docs, 150)
    assert purpose == "캐시 서버를 도입한 과정을 공유합니다."
    assert news != purpose  # the site's news get digests
    assert topic.startswith("캐시 서버") and topic.endswith(" 과정을 공유합니다.")  # no purpose sentence: the frame
    assert "2 topic statements (1 of them the post's own, restated)" in engine.stats_line()
    article = CondenseEngine.from_pretrained(str(model_dir), voice="article")
    own, digest = article.summarize([docs[0], docs[2]], 150)  # the article's voice: nothing of the site's
    assert own == purpose  # the post's own purpose, in the article's register (polite, as the site's)
    assert not digest.endswith(" 과정을 공유합니다.") and digest in plain  # no frame: the best sentence


def test_eval_counts_the_statements(tmp_path):
    import json
    import shutil

    from summarizer.editor.modelfiles import FRAMES_FILE
    from summarizer.engines import DEFAULT_MODEL
    from summarizer.evaluation.evaluate import evaluate
    from summarizer.evaluation.scores import table
    from summarizer.posts.corpus import references
    from summarizer.text.frame_learning import learn

    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model_dir)
    frames = learn([(f"{n} 도입기", f"{n} 도입 과정을 공유합니다.") for n in ("Kafka", "Redis", "Flink")])
    frames.use = {"": "purpose"}
    (model_dir / FRAMES_FILE).write_text(json.dumps(frames.to_json(), ensure_ascii=False), encoding="utf-8")
    posts = tmp_path / "posts"
    posts.mkdir()
    bodies = [
        "이번 글에서는 캐시 서버를 도입한 과정을 공유하려고 합니다. Redis는 메모리에 데이터를 둡니다.",
        "캐시 서버를 도입했습니다. 응답 시간이 절반으로 줄었습니다. 비용도 조금 줄었습니다.",
    ]
    for n, body in enumerate(bodies):
        (posts / f"2024-01-0{n + 1}-post.md").write_text(
            f"---\ntitle: 캐시 서버 이야기 {n}\nexcerpt: 캐시 서버를 도입한 과정을 공유합니다.\n---\n\n{body}\n",
            encoding="utf-8",
        )
    examples = references([posts])[0]
    scores, _ = evaluate(examples, ["lead", "condense"], 150, str(model_dir), voice="learned")
    assert [s.statement_share for s in scores] == [None, 50.0]  # one of two posts has a purpose sentence
    assert table(scores).splitlines()[0].split()[-1] == "statement%"
