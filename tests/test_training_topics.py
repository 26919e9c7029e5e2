"""What a trained site's posts get, decided on its latest posts (summarizer.training.decide, .topics), on
made-up sites."""

import json
import shutil

import pytest

from summarizer.editor.modelfiles import FRAMES_FILE
from summarizer.posts.corpus import references
from summarizer.text.documents import documents_of
from summarizer.text.frames import FrameModel
from summarizer.training.data import Part
from summarizer.training.decide import lists_items, report, run_decisions
from summarizer.training.latest_scores import site_lengths
from summarizer.training.topics import card_section, learn_frames

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
LIST = "1. {a} {b}는 하루에 {n}번 바뀝니다 / 2. 처음에는 기존 {b}를 그대로 썼습니다"


def write_site(folder, summary, purpose=True, later=None, category=None):
    """A made-up blog: one post per topic, its body opening with a fact, why, and (optionally) what the post does;
    the last third of the posts summarized as `later` says, when given."""
    folder.mkdir()
    posts = TOPICS * 2
    for n, (a, b) in enumerate(posts):
        reason = REASONS[n % len(REASONS)]
        body = [f"{a} {b}는 하루에 {n + 2}번 바뀝니다.", f"{reason} {a} {b}를 새로 만들었습니다."]
        if purpose:
            body.append(f"이번 글에서는 {reason} {a} {b}를 새로 만든 과정을 공유하려고 합니다.")
        body += [f"처음에는 기존 {b}를 그대로 썼습니다.", f"결과적으로 {a} 처리 시간이 줄었습니다."]
        form = later if later and n >= len(posts) * 2 // 3 else summary
        text = form.format(a=a, b=b, reason=reason, n=n + 2)
        cats = f"categories: [{category(n)}]\n" if category else ""
        (folder / f"2024-01-{n + 1:02d}-post.md").write_text(
            f'---\ntitle: "{a} {b} 도입기"\n{cats}excerpt: "{text}"\n---\n\n' + "\n\n".join(body) + "\n",
            encoding="utf-8",
        )
    return sorted(references([folder])[0], key=lambda ex: ex.path.name)


def decided(tmp_path, examples, latest=8):
    """The decisions made on the site's `latest` posts (the shipped model standing in for one fit on the older
    posts), and the report's lines."""
    from summarizer.engines import DEFAULT_MODEL

    out = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, out)
    part = Part(examples[-latest:], documents_of([ex.post for ex in examples[-latest:]]))
    lines = []
    return run_decisions(out, part, examples, log=lines.append), "\n".join(lines)


def test_a_site_that_restates_the_posts_purpose_gets_purpose_statements(tmp_path):
    examples = write_site(tmp_path / "site", "{reason} {a} {b}를 새로 만든 과정을 공유합니다.")
    decisions, said = decided(tmp_path, examples)
    assert decisions.final[0] > decisions.lead[0] + 10  # the post's own purpose sentence, restated
    assert decisions.use == {"": "purpose"} and "purpose statements: on" in said or decisions.voices == {"": "article"}


def test_a_site_that_frames_its_titles_gets_topic_statements(tmp_path):
    examples = write_site(tmp_path / "site", "{a} {b} 도입기를 여기에 정리해 공유합니다.", purpose=False)
    decisions, said = decided(tmp_path, examples)
    assert decisions.use == {"": "topic"} and "topic statements: on" in said


def test_a_site_of_digests_keeps_digests(tmp_path):
    examples = write_site(tmp_path / "site", "{a} {b}는 하루에 {n}번 바뀝니다.", purpose=False)
    decisions, said = decided(tmp_path, examples)
    assert decisions.use == {"": "digest"} and decisions.final[0] >= decisions.lead[0]


def test_summaries_that_drift_from_titles_to_lists_switch_the_statement_off(tmp_path):
    """The older summaries say the title in a frame, the latest list the post's first lines: the frame is
    learned (from the older summaries) but loses to the lead on the latest posts, so it is off, and the report
    says so, with the figures."""
    examples = write_site(tmp_path / "site", "{a} {b} 도입기를 공유합니다.", purpose=False, later=LIST)
    decisions, said = decided(tmp_path, examples)
    topic = next(c for c in decisions.checks if c.part == "topic" and c.group == "")
    assert topic.covered and not topic.on and topic.learned < topic.without
    assert decisions.use == {"": "digest"}
    assert all(f >= lead for f, lead in zip(decisions.final, decisions.lead))  # never below the lead
    assert "topic statements: off" in said and f"lead {topic.lead:.1f}" in said
    assert "list the post's items" in said  # the latest summaries are lists: noted, for the item lists' hook
    assert said == report(decisions)


def test_a_category_decides_for_itself_only_with_enough_latest_posts(tmp_path):
    """A category whose latest posts the site's choice serves worse than the lead decides for itself; a
    category seen once takes the site's decision."""
    frame = "{a} {b} 도입기를 공유합니다."
    examples = write_site(
        tmp_path / "site",
        frame,
        purpose=False,
        later="{a} {b}는 하루에 {n}번 바뀝니다.",
        category=lambda n: "단발" if n == 23 else "소식" if n >= 16 and n % 2 else "개발",
    )
    decisions, _ = decided(tmp_path, examples, latest=12)
    groups = {g.group: g for g in decisions.groups}
    assert groups["소식"].posts == 3 and groups["단발"].posts == 1 and not groups["단발"].own
    assert all(g.final >= g.lead for g in decisions.groups if g.posts >= 3)


def test_learned_frames_are_written_with_the_decisions(tmp_path):
    examples = write_site(tmp_path / "site", "{a} {b} 도입기를 공유합니다.", purpose=False)
    out = tmp_path / "model"
    out.mkdir()
    model = learn_frames(examples, out, use={"": "topic"}, rest={"": "lead"}, log=lambda *_: None)
    saved = FrameModel.from_json(json.loads((out / FRAMES_FILE).read_text(encoding="utf-8")))
    assert saved == model and saved.kind(("아무",)) == "topic" and saved.rest_kind(("아무",)) == "lead"
    assert "`{topic}를 공유합니다.`" in card_section(out) or "`{topic}을 공유합니다.`" in card_section(out)


@pytest.mark.parametrize(
    "summary, listed",
    [
        ("1.고기 없는 햄버거 출시, 2.세계 최초 5G 상용화", True),
        ("컴퓨터 시스템 구조, 인터럽트, 동기식 입출력, 시스템콜, 저장장치 계층 구조", True),
        ("사용 방법. 잘 쓰는 방법. 써본 후기. 대체할까?", True),
        ("캐시 서버를 새로 만든 과정을 공유합니다.", False),
        ("검색 서버를 옮겼다. 응답 시간이 줄었다.", False),
    ],
)
def test_summaries_that_list_items(summary, listed):
    assert lists_items(summary) is listed


def test_the_site_length_comes_from_its_summaries():
    assert site_lengths(["가" * 30] * 10) == [40, 70, 150]  # at least 40; a post list's line and the default
    assert site_lengths(["가" * 61] * 10) == [70, 150]
    assert site_lengths(["가" * 95] * 10) == [100, 70, 150]
    assert site_lengths(["가" * 400] * 10) == [150, 70]


def test_a_part_that_writes_more_short_sentences_than_lead_stays_off(tmp_path):
    """Statements of 12 characters or fewer ("알림 큐 도입기를 공유합니다.") win ROUGE here, but lead's excerpts
    hold fewer such sentences: the part is off, and the report says why."""
    examples = write_site(tmp_path / "site", "{a} {b} 도입기를 공유합니다.", purpose=False)
    decisions, said = decided(tmp_path, examples)
    topic = next(c for c in decisions.checks if c.part == "topic" and c.group == "")
    assert topic.learned > topic.without + 10 and not topic.on and decisions.use == {"": "digest"}
    assert "topic statements: off: more excerpts with a sentence of 12 characters or fewer" in said
