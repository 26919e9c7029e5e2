"""A BART with a copy head (pointer-generator), registered with the transformers Auto classes.

The output distribution mixes the vocabulary softmax with the last decoder layer's
cross-attention (averaged over heads) scattered onto the source token ids, weighted by a
sigmoid gate on the decoder state and its attention context. Copying a source token is thus
one step, which a small model trained on 2 CPU cores learns quickly. `logits` are the log of
that mixture, so `generate` (greedy, beam, n-best) works unchanged.
"""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoConfig, AutoModelForSeq2SeqLM, BartConfig, BartForConditionalGeneration
from transformers.modeling_outputs import Seq2SeqLMOutput
from transformers.models.bart.modeling_bart import shift_tokens_right


class PointerBartConfig(BartConfig):
    model_type = "kiwi-pointer-bart"


class PointerBartForConditionalGeneration(BartForConditionalGeneration):
    config_class = PointerBartConfig

    def __init__(self, config: PointerBartConfig) -> None:
        config._attn_implementation = "eager"  # cross-attention weights are needed for copying
        super().__init__(config)
        self.copy_gate = nn.Linear(2 * config.d_model, 1)
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, decoder_input_ids=None, decoder_attention_mask=None,
                encoder_outputs=None, past_key_values=None, labels=None, use_cache=None, source_ids=None,
                cache_position=None, return_dict=None, **kwargs):
        source = source_ids if source_ids is not None else input_ids
        if source is None:
            raise ValueError("PointerBart needs input_ids or source_ids (the source token ids) to copy from")
        if labels is not None and decoder_input_ids is None:
            decoder_input_ids = shift_tokens_right(labels, self.config.pad_token_id,
                                                   self.config.decoder_start_token_id)
        out = self.model(input_ids, attention_mask=attention_mask, decoder_input_ids=decoder_input_ids,
                         decoder_attention_mask=decoder_attention_mask, encoder_outputs=encoder_outputs,
                         past_key_values=past_key_values, use_cache=use_cache, output_attentions=True,
                         cache_position=cache_position, return_dict=True)
        hidden = out.last_hidden_state
        attention = out.cross_attentions[-1].mean(dim=1)  # (batch, target, source)
        context = attention @ out.encoder_last_hidden_state
        gate = torch.sigmoid(self.copy_gate(torch.cat([hidden, context], dim=-1)))
        vocab = torch.softmax(self.lm_head(hidden) + self.final_logits_bias, dim=-1)
        index = source.unsqueeze(1).expand(-1, hidden.size(1), -1)
        copy = torch.zeros_like(vocab).scatter_add_(2, index, attention.to(vocab.dtype))
        log_probs = torch.log(gate * vocab + (1 - gate) * copy + 1e-9)
        loss = None
        if labels is not None:
            loss = nn.functional.nll_loss(log_probs.reshape(-1, log_probs.size(-1)), labels.reshape(-1),
                                          ignore_index=-100)
        return Seq2SeqLMOutput(loss=loss, logits=log_probs, past_key_values=out.past_key_values,
                               encoder_last_hidden_state=out.encoder_last_hidden_state)


AutoConfig.register(PointerBartConfig.model_type, PointerBartConfig)
AutoModelForSeq2SeqLM.register(PointerBartConfig, PointerBartForConditionalGeneration)


def small_config(vocab_size: int, pad: int, bos: int, eos: int, d_model: int = 256, layers: int = 3,
                 max_positions: int = 512) -> PointerBartConfig:
    return PointerBartConfig(
        vocab_size=vocab_size, d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=4 * d_model,
        decoder_ffn_dim=4 * d_model, max_position_embeddings=max_positions, pad_token_id=pad,
        bos_token_id=bos, eos_token_id=eos, decoder_start_token_id=bos,
        dropout=0.1, attention_dropout=0.0, scale_embedding=True,
    )
