"""Documents from posts: the title and the cleaned paragraphs a summarizer reads, split into sentences by Kiwi.

The one place a post becomes a `Document`: the run job, evaluation and training all call `documents_of`."""

from __future__ import annotations

from summarizer.posts.postfile import Post
from summarizer.posts.unicode import visible
from summarizer.text.clean import clean_body
from summarizer.text.digest import list_items
from summarizer.text.kiwi import Document, split_documents
from summarizer.text.voice import categories_of

MAX_SOURCE_CHARS = 20_000  # the body text a summarizer reads: a huge post costs no more than this


def source_of(post: Post) -> tuple[str, list[str]]:
    """The (title, cleaned paragraphs) a summarizer reads, as a reader sees them (`posts.unicode.visible`: Hangul
    in jamo read, and counted, as syllables; no escape sequence, control or invisible format character). Cleaned
    once per post (kept in its memo: evaluation reads each post once per engine, training once to fit and again
    to validate)."""
    if "source" not in post.memo:
        post.memo["source"] = _cleaned_source(post)
    title, paragraphs = post.memo["source"]
    return (title, list(paragraphs))


def _cleaned_source(post: Post) -> tuple[str, list[str]]:
    title = post.meta.get("title")
    paragraphs, total = [], 0
    for paragraph in clean_body(visible(post.body)):
        if total >= MAX_SOURCE_CHARS:
            break
        paragraphs.append(paragraph[: MAX_SOURCE_CHARS - total])
        total += len(paragraphs[-1])
    return (visible(str(title)) if title is not None else "", paragraphs)


def documents_of(posts: list[Post]) -> list[Document]:
    """One document per post: its title, its cleaned body split into sentences, its categories, and the headlines
    of a list post (`text.digest`)."""
    return split_documents(
        [(*source_of(post), categories_of(post.meta), list_items(visible(post.body))) for post in posts]
    )
