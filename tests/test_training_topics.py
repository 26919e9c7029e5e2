"""The training step of topic and purpose statements (summarizer.training.topics) on made-up sites."""

import json

import pytest

from summarizer.editor.modelfiles import FRAMES_FILE
from summarizer.posts.corpus import references
from summarizer.text.frames import FrameModel
from summarizer.training.topics import beyond_title, card_section, learn_frames

TOPICS = [
    ("캐시", "서버"),
    ("검색", "색인"),
    ("로그", "수집"),
    ("배포", "파이프라인"),
    ("결제", "모듈"),
    ("알림", "큐"),
    ("모델", "서빙"),
    ("채팅", "서버"),
    ("이미지", "저장소"),
    ("권한", "관리"),
    ("빌드", "캐시"),
    ("지표", "대시보드"),
]
REASONS = ["응답이 느려져서", "비용이 늘어서", "장애가 잦아서", "팀이 커져서"]


def write_site(folder, summary, purpose=True):
    """A made-up blog: one post per topic, its body opening with a fact, why, and (optionally) what the post does."""
    folder.mkdir()
    for n, (a, b) in enumerate(TOPICS * 2):
        reason = REASONS[n % len(REASONS)]
        body = [f"{a} {b}는 하루에 {n + 2}번 바뀝니다.", f"{reason} {a} {b}를 새로 만들었습니다."]
        if purpose:
            body.append(f"이번 글에서는 {reason} {a} {b}를 새로 만든 과정을 공유하려고 합니다.")
        body += [f"처음에는 기존 {b}를 그대로 썼습니다.", f"결과적으로 {a} 처리 시간이 줄었습니다."]
        text = summary.format(a=a, b=b, reason=reason, n=n + 2)
        (folder / f"2024-01-{n + 1:02d}-post.md").write_text(
            f'---\ntitle: "{a} {b} 도입기"\nexcerpt: "{text}"\n---\n\n' + "\n\n".join(body) + "\n", encoding="utf-8"
        )
    return references([folder])[0]


def learned(tmp_path, summary, purpose=True):
    examples = write_site(tmp_path / "site", summary, purpose)
    out = tmp_path / "model"
    out.mkdir()
    model = learn_frames(examples, out, log=lambda *_: None)
    return model, FrameModel.from_json(json.loads((out / FRAMES_FILE).read_text(encoding="utf-8"))), out


def test_a_site_that_restates_the_posts_purpose_gets_purpose_statements(tmp_path):
    model, saved, out = learned(tmp_path, "{reason} {a} {b}를 새로 만든 과정을 공유합니다.")
    assert model.use == {"": "purpose"} and saved == model and model.style == "polite"
    assert "restated" in card_section(out)


def test_a_site_that_frames_its_titles_gets_topic_statements(tmp_path):
    model, _, out = learned(tmp_path, "{a} {b} 도입기를 공유합니다.")
    assert model.use == {"": "topic"}
    assert "`{topic}를 공유합니다.`" in card_section(out) or "`{topic}을 공유합니다.`" in card_section(out)


def test_a_site_of_digests_keeps_digests(tmp_path):
    model, _, out = learned(tmp_path, "{a} {b}는 하루에 {n}번 바뀝니다.", purpose=False)
    assert model.use == {"": "digest"}
    assert "no posts" in card_section(out)


@pytest.mark.parametrize(
    "reference, text, expected",
    [
        (
            "캐시 서버를 새로 만든 과정을 공유합니다.",
            "캐시 서버 도입기를 공유합니다.",
            40.0,
        ),  # 공유 of 새로 만들 과정 공유
        ("캐시 서버를 공유합니다.", "아무 말", 0.0),
        ("캐시 서버", "캐시 서버", 0.0),  # nothing beyond the title
    ],
)
def test_beyond_title(reference, text, expected):
    got = beyond_title([reference], ["캐시 서버 도입기"], {"kind": [text]})["kind"][0]
    assert got == pytest.approx(expected, abs=26)  # morpheme analyses vary slightly across Kiwi versions
