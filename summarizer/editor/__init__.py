"""The condense stage's learned editor, laid out as transformers lays out a model.

A small network over Kiwi morphemes. Inputs per post: the morphemes of the title and candidate sentences, a
few style statistics of the article, and the deletable units of the sentences the select stage ranked
highest. Outputs: the ending style of the excerpt (plain/polite/noun), whether to close with a phrase and
which one (from a vocabulary learned from the site's excerpts), and a keep/delete decision per unit. A ranking
head (its own morpheme embedding) scores every candidate sentence from its morphemes, the title's, the
article's mean and the select stage's sentence features; the engine adds its standardized score ×
`rank_weight` to the select stage's.

    configuration   EditorConfig: every key of config.json, its default, load and save
    inputs          featurization: a post's arrays (PostInput, RankInput) from Kiwi morphemes
    layers          the layer spec: every layer's size, read by both modelings
    modeling_numpy  NumpyEditor: inference at run time (NumPy only)
    modeling_torch  EditorNetwork: the same network in PyTorch, for training
    modeling_hf     the transformers wrapper (Auto classes), and saving a trained network

Trained in PyTorch, saved as a transformers checkpoint plus vocab.json; the engine runs the same weights in
NumPy and never imports torch or transformers. This package's `__init__` imports nothing: import the module
you need (the run-time path imports configuration, inputs and modeling_numpy only).
"""
