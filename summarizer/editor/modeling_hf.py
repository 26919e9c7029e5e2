"""The editor as a Hugging Face `transformers` model: `save_pretrained` / `from_pretrained`.

Training saves through this wrapper, so a model folder is a regular transformers checkpoint (config.json with
`model_type: kiwi-unit-editor`, model.safetensors) plus vocab.json:

    import summarizer.editor.modeling_hf  # registers the classes with the Auto classes
    from transformers import AutoModel
    model = AutoModel.from_pretrained("models/koreanews-small")

`KiwiEditorConfig` is transformers' view of `EditorConfig` (transformers needs a `PretrainedConfig`): it has
no field of its own; names and defaults come from `EditorConfig`. The engine reads the same files with
NumPy (`summarizer.editor.modeling_numpy`) and never imports this module.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel

from summarizer.editor.configuration import MODEL_TYPE, EditorConfig
from summarizer.editor.modelfiles import VOCAB_FILE, WEIGHTS_FILE
from summarizer.editor.modeling_torch import EditorNetwork


class KiwiEditorConfig(PretrainedConfig):
    model_type = MODEL_TYPE

    def __init__(self, **kwargs) -> None:
        own = {name: kwargs.pop(name) for name in EditorConfig.names() if name in kwargs and name != "model_type"}
        super().__init__(**kwargs)
        for key, value in EditorConfig(**own).to_dict().items():
            if key != "model_type":
                setattr(self, key, value)

    def editor_config(self) -> EditorConfig:
        return EditorConfig(**{name: getattr(self, name) for name in EditorConfig.names() if name != "model_type"})


class KiwiEditorModel(PreTrainedModel):
    config_class = KiwiEditorConfig
    base_model_prefix = "editor"

    def __init__(self, config: KiwiEditorConfig) -> None:
        super().__init__(config)
        self.editor = EditorNetwork(config.editor_config())
        self.post_init()

    def _init_weights(self, module) -> None:  # keep PyTorch's default initialization
        pass

    def forward(self, items):
        """(style logits, closing logits, phrase logits, unit keep logits) for a list of `PostInput`."""
        return self.editor(items)


AutoConfig.register(MODEL_TYPE, KiwiEditorConfig)
AutoModel.register(KiwiEditorConfig, KiwiEditorModel)


def save_editor(network: EditorNetwork, config: EditorConfig, vocab: dict[str, int], folder: Path) -> None:
    """Save as a transformers checkpoint (config.json, model.safetensors) plus vocab.json."""
    folder.mkdir(parents=True, exist_ok=True)
    fields_ = {k: v for k, v in config.to_dict().items() if k != "model_type"}
    model = KiwiEditorModel(KiwiEditorConfig(**fields_))
    model.editor.load_state_dict(network.state_dict())
    model.save_pretrained(str(folder), safe_serialization=True)
    (folder / VOCAB_FILE).write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder / WEIGHTS_FILE, 0o666 & ~umask)  # safetensors writes 0600; a model is shared like any file
