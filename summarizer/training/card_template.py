"""The model card's text (README.md of a trained model folder): a `string.Template` whose `${name}` fields
`summarizer.training.modelcard` fills from the training record. Edit the wording here; the values come from
the record, the config and the weights."""

from string import Template

CARD = Template("""---
language: ko
library_name: summarizer
pipeline_tag: summarization
tags: [summarization, korean, kiwi, text-editing]
---

# ${name}: Korean post summarizer (select + condense by editing)

Two stages, trained by `summarizer train`:

1. **Select** (`salience.json`): a linear model over sentence features (Kiwi-morpheme centrality, title
   overlap, position, length, announcement and style cues): a ridge fit of each sentence's content-word
   F1 with the post's excerpt, then coordinate ascent on the ROUGE-1 + ROUGE-2 of the excerpts it picks.
   At inference its scores are standardized per post and a position prior of
   ${position_prior} × 3/(1 + rank) is added (chosen on the development parts), so posts unlike
   the training posts fall back toward the lead. This stage alone is the `select` engine.
2. **Condense** (`model.safetensors`, `config.json`, `vocab.json`): a text-editing network over Kiwi
   morphemes (${params}M parameters: two morpheme embedding bags, a post layer with four heads and
   a sentence-ranking head). The ranking head scores each candidate sentence from its morphemes, the
   title's, the article's mean and the select features (fitted listwise to each sentence's content-morpheme
   F1 with the excerpt); the `condense` engine adds its scores, standardized per post, × ${rank_weight}
   (chosen on the development parts) to the select stage's.
   The editor reads the title and the top ${top_sentences} ranked sentences and decides the
   excerpt's ending style (plain …다, polite …니다, noun-final …발표./…함; trained on each excerpt's
   register first: a polite excerpt is `polite` even with noun-final exclamations; probabilities divided by
   the training mix to the power ${style_calibration}, chosen on the development parts),
   whether to close with a phrase from a vocabulary of ${phrase_count} learned
   from the site's excerpts (none names a number or proper noun; one is used only when the article holds its
   content morphemes, when it fits the excerpt's register and the room left: it never pushes a sentence
   out), and which discourse openers to delete. Coordinate clauses and parentheticals are not cut: read
   blind, 12 of 40 clause cuts and 6 of 40 parenthetical cuts broke the sentence; a cut never removes a number.
   Endings are re-realized with `Kiwi.join` from the predicate's stem only, so the article's spacing stays.
   Every content morpheme comes from the article.

   **Voice** (`--voice`, default `auto`): every excerpt is in one register (plain …다/…함 or polite
   …니다/…세요; noun-final sentences fit either). On a post of a category this model saw at least 20 times
   in training (${known}), `auto` is the voice learned for posts like it (the style head, kept to the
   register of a category whose excerpts agree on one at least 90% of the time: ${registers}; the
   closing phrase, and dropping announcements when the site's excerpts never announce: here
   ${announcements}); on any other post it is the
   article's own register, with no closing phrase, no announcement rule and no ranking head (its words are
   this site's). `plain`, `polite` and `noun` force one style; a sentence that cannot take it is skipped.
   Sentences that are never a summary are skipped on every site: questions, FAQ answers, a writing
   assistant's preamble, self-introductions, pointers to what follows, labelled list fragments.

   The edited excerpt's length follows the site's own (${target_chars} characters, chosen on the
   development parts) within `--max-chars` (a post given the lead's sentences instead, see "Decided on the latest
   posts", takes whole sentences up to `--max-chars`); a sentence whose content words mostly
   (> ${max_overlap}) repeat a chosen one is skipped. An output with an unsupported number
   or proper noun, a repeated word, two registers, or a sentence without a proper ending falls back to
   unedited whole sentences of one register in the same ranking order. Inference runs in NumPy on the
   safetensors weights (no torch import).

## Data
${source}
${train_posts} training posts (the older ones)${refit}; the latest ${date_posts} posts by date (${val_dates}) were
held out, and every choice was made on them: the settings (position prior, ranking weight, length, closing
threshold, overlap limit and style calibration; the mean of their objectives, ROUGE plus 0.2 × (register match %
− register clash %)), and what the site's posts get (see "Decided on the latest posts"); with ${dev_posts}
development posts of the categories ${dev_categories} for the settings, and ${held_out_posts} posts of categories
never trained on (${holdout}) for validation. Summaries read from `${field}`. Filters (posts
dropped):
${filters}

Trailing hashtags are removed from targets.

## Training
`${command}` (${minutes} minutes on 2 CPU cores, condense stage
${seconds} s over ${epochs} epochs).

Closing phrases: ${phrases}

${decisions}## Validation (Kiwi-morpheme ROUGE F1 against the posts' own excerpts)
Measured on the model fit before the final fit, on the latest posts (never fitted on; the choices above were
made on them, so its rows for `condense` are what those choices give) and the held-out categories.
`clash%`: excerpts mixing the plain and the polite register; `register%`: excerpts whose main register is
their reference's (posts whose reference has one); `facts%`: of the numbers that the reference and the
article share, the share the excerpt keeps; `absent%`: content morphemes (nouns, stems, numbers, foreign
words, adverbs) of the excerpts that their article lacks; `repeat%`: excerpts with a word repeated;
`style-dist`: total variation distance between the sentence-ending styles of the excerpts and of the
references (a whole-set figure; not optimized).

Latest posts by date:
```
${scores}
```

Held-out categories (${holdout}):
```
${scores_held_out}
```

${topics}## Outputs on the bundled example posts
${mark}${examples}${mark}

## Known limits
- The held-out categories are scored by a model that never saw them, so there `auto` means the article's
  voice; the model in this folder was fit on them too and uses its learned voice there.
- It edits, it does not paraphrase: sentences stay the article's own, with shorter openings and the
  site's endings. References are abstractive, so ROUGE is modest for every engine.
- The closing phrases are the site's own call-to-action lines ("자세한 내용을 확인하세요!"); a site that
  does not want them should use `--voice article` or retrain on its own excerpts.
- The guard checks numbers and proper nouns (Kiwi SN/NNP); other unfaithful wording is not detected.
- The article's own typos and awkward sentences are copied as they are, and an excerpt can quote the
  article's background instead of its news. The project README has the blind reading.
- Where the site's summaries put the title in a frame ("…을 소개합니다"), the statements mostly restate the
  title in it: they score well against such summaries, but in a blind reading of four trained blogs an editor
  rejected them on three (docs/validation.md in the project). Check the report's statement lines, and read a
  few outputs before you publish them.
""")
