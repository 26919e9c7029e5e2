"""Korean text: cleaning a body, Kiwi and its caches, sentences, endings and registers, kinds of sentences,
title phrases, frames, purpose statements, sentence features and length packing. Pure functions of text;
imports only `summarizer.posts` (for the posts it builds documents from)."""
