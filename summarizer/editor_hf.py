"""The editing model as a Hugging Face `transformers` model: `save_pretrained` / `from_pretrained`.

Training saves through this wrapper, so a model directory is a regular transformers checkpoint
(config.json with `model_type: kiwi-unit-editor`, model.safetensors) plus `vocab.json`:

    import summarizer.editor_hf  # registers the classes with the Auto classes
    from transformers import AutoModel
    model = AutoModel.from_pretrained("models/koreanews-small")

The engine itself reads the same files with NumPy (`summarizer.editor_model.NumpyEditor`) and never
imports torch or transformers; a test checks that both give the same outputs.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel

from .editor_model import EditorConfig, torch_module

MODEL_TYPE = EditorConfig.model_type


class KiwiEditorConfig(PretrainedConfig):
    model_type = MODEL_TYPE

    def __init__(self, **kwargs) -> None:
        own = {f.name: kwargs.pop(f.name) for f in fields(EditorConfig) if f.name in kwargs and f.name != "model_type"}
        super().__init__(**kwargs)
        for key, value in asdict(EditorConfig(**own)).items():
            if key != "model_type":
                setattr(self, key, value)

    def editor_config(self) -> EditorConfig:
        return EditorConfig(**{f.name: getattr(self, f.name) for f in fields(EditorConfig) if f.name != "model_type"})


class KiwiEditorModel(PreTrainedModel):
    config_class = KiwiEditorConfig
    base_model_prefix = "editor"

    def __init__(self, config: KiwiEditorConfig) -> None:
        super().__init__(config)
        self.editor = torch_module(config.editor_config())
        self.post_init()

    def _init_weights(self, module) -> None:  # keep PyTorch's default initialization
        pass

    def forward(self, items):
        """(style logits, closing logits, phrase logits, unit keep logits) for a list of `PostInput`."""
        return self.editor(items)


AutoConfig.register(MODEL_TYPE, KiwiEditorConfig)
AutoModel.register(KiwiEditorConfig, KiwiEditorModel)
