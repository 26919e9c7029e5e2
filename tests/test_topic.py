"""summarizer.topic: the title's key phrase, and particles as Korean reads the word before them aloud."""

import pytest

from summarizer.topic import attach, final_consonant, topic_phrase


@pytest.mark.parametrize("title, phrase", [
    ("Redis 캐시 전략 (1)", "Redis 캐시 전략"),
    ("Redis 캐시 전략 - 2", "Redis 캐시 전략"),
    ("Survival Analysis (2/3)", "Survival Analysis"),
    ("[Design Pattern] 커맨드 패턴이란", "커맨드 패턴"),
    ("[Java] OOP(객체지향 프로그래밍)의 특징", "OOP(객체지향 프로그래밍)의 특징"),
    ("[알고리즘] 삽입 정렬(insertion sort)이란", "삽입 정렬(insertion sort)"),
    ("Azar Mirror 서버 제작기 3편 - 개발자편", "Azar Mirror 서버 제작기"),
    ("초고성능 딥러닝 클러스터 구축하기 1편", "초고성능 딥러닝 클러스터 구축"),
    ("Tuist를 활용한 iOS 프로젝트 모듈화 적용하기", "Tuist를 활용한 iOS 프로젝트 모듈화 적용"),
    ("Kubernetes 환경에서 트러블슈팅하기 (Feat. Fluent Bit)", "Kubernetes 환경에서 트러블슈팅"),
    ("Jekyll을 이용한 블로그 만들기[1]", "Jekyll을 이용한 블로그 만들기"),
    ("[Network] REST란? REST API란? RESTful이란?", "REST, REST API, RESTful"),
    ("날짜 변환, 과연 그리 간단할까?", "날짜 변환"),
    ("클릭 한 번으로 실험 시작! 추천 실험 시스템 개발기", "추천 실험 시스템 개발기"),
    ("그룹콜 미디어 서버 인프라를 소개합니다", "그룹콜 미디어 서버 인프라"),
    ("진정으로 이해해라", ""),
    ("", ""),
    ("[공지]", ""),
])
def test_topic_phrase(title, phrase):
    assert topic_phrase(title) == phrase


@pytest.mark.parametrize("word, particle, joined", [
    ("패턴", "를", "패턴을"), ("캐시", "을", "캐시를"), ("서버", "을", "서버를"),  # Hangul: final consonant or not
    ("Spring", "를", "Spring을"), ("Istio", "을", "Istio를"), ("Redis", "을", "Redis를"),  # Latin, read aloud
    ("Vim", "를", "Vim을"), ("Jekyll", "를", "Jekyll을"), ("Bootstrap", "를", "Bootstrap을"),
    ("API", "을", "API를"), ("AWS", "을", "AWS를"), ("HTML", "를", "HTML을"), ("XML", "가", "XML이"),  # acronyms
    ("JUnit5", "을", "JUnit5를"), ("3", "를", "3을"), ("10", "를", "10을"),  # numbers: 오, 삼, 영
    ("삽입 정렬(insertion sort)", "를", "삽입 정렬(insertion sort)을"),  # the word before the parenthesis
    ("Vim", "로", "Vim으로"), ("Jekyll", "으로", "Jekyll로"), ("캐시", "으로", "캐시로"),  # ㄹ takes 로
    ("패턴", "와", "패턴과"), ("Istio", "은", "Istio는"), ("서버", "이", "서버가"),
    ("패턴", "에 대해", "패턴에 대해"),  # a particle that does not alternate
])
def test_attach(word, particle, joined):
    assert attach(word, particle) == joined


def test_unknown_final_sound_keeps_the_particle_given():
    assert final_consonant("@#") is None
    assert attach("C#", "를") == "C#를"
