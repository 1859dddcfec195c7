"""The GPT model family: one transformer body, three heads.

Handles: the configuration (`GPTConfig`), the decoder-only transformer (`GPT`: token +
learned position embeddings, pre-LayerNorm blocks, a language -model head tied to the
token embedding), its exact parameter count as a formula (`parameter_count`), generation
with a key/value cache (choosing each token with `helpers.sampling`: temperature, top-k,
top-p), and heads for tuning (`GPTForSequenceClassification`,
`GPTForTokenClassification`) that wrap the same body so pretrained weights load straight
in. Leaves out: training (`helpers.train`), checkpoints on disk (`helpers.checkpoints`),
and anything that changes the standard arithmetic (no fused custom kernels; bfloat16
matrix products are `helpers.train`'s opt-in): this is GPT-2's architecture.
"""

import math
import numbers
import warnings
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from helpers.attention import CausalSelfAttention, KVCache
from helpers.sampling import check_temperature, sample_next


@dataclass
class GPTConfig:
    vocab_size: int = (
        256  # ids the model reads and predicts; take it from the tokenizer
    )
    block_size: int = 64  # tokens of context the model can see at once
    n_layer: int = 4  # transformer blocks stacked
    n_head: int = 4  # attention heads per block; must divide n_embd
    n_embd: int = (
        128  # width of every token's vector; multiples of 64 keep CPU matmuls fast
    )
    # 0 for pretraining small models on lots of data; ~0.1 when tuning on little
    dropout: float = 0.0
    bias: bool = True  # biases in Linear and LayerNorm, as in GPT-2

    def __post_init__(self):
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.n_embd % self.n_head != 0:
            raise ValueError(
                f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head}); "
                f"e.g. n_embd=128 with n_head=4"
            )
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(
                f"dropout must be in [0, 1), got {self.dropout}; use 0.0 to switch it off"
            )

    def to_dict(self):
        return asdict(self)


# Generation steps that run the body on at most this many token rows (batch x new tokens) use one
# CPU thread. A cached step of the foundation model for one sequence is ~6 M multiply-adds, and
# forking and joining threads for its small parallel ops (attention over 4 heads, GELU) costs
# more than splitting them saves: 8 ms instead of ~2 ms per token on 2 cores.
SERIAL_STEP_MAX_ROWS = 4


def parameter_count(config, include_position=True):
    """Parameters of `GPT(config)`, by formula. It equals `GPT(config).num_parameters()` exactly.

    Per block: two LayerNorms (2C each with bias), q/k/v (C x 3C + 3C),
    output projection (C x C + C), MLP (C x 4C + 4C and 4C x C + C): about 12 C^2.
    The language-model head shares the token embedding, so it adds nothing.

    Example: parameter_count(GPTConfig(vocab_size=65)) -> 809856   # 4 layers, width 128
    """
    V, T, L, C, b = (
        config.vocab_size,
        config.block_size,
        config.n_layer,
        config.n_embd,
        int(config.bias),
    )
    layer_norm = C + b * C
    block = (
        2 * layer_norm
        + (C * 3 * C + b * 3 * C)
        + (C * C + b * C)
        + (C * 4 * C + b * 4 * C)
        + (4 * C * C + b * C)
    )
    return V * C + include_position * T * C + L * block + layer_norm


class MLP(nn.Module):
    """Position-wise feed-forward: widen to 4C, GELU, back to C."""

    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = config.dropout

    def forward(self, x):
        x = self.c_fc(x)  # (B, T, 4C)
        x = self.gelu(x)  # (B, T, 4C)
        x = self.c_proj(x)  # (B, T, C)
        if self.training and self.dropout > 0:
            x = F.dropout(x, self.dropout)
        return x


class Block(nn.Module):
    """One transformer block, pre-LayerNorm: x + attn(ln(x)), then x + mlp(ln(x))."""

    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(
            config.n_embd, config.n_head, config.dropout, config.bias
        )
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x, return_weights=False, cache=None):
        a = self.attn(
            self.ln_1(x), return_weights=return_weights, cache=cache
        )  # (B, T, C)
        if return_weights:
            a, weights = a
        x = x + a  # (B, T, C)
        x = x + self.mlp(self.ln_2(x))  # (B, T, C)
        return (x, weights) if return_weights else x


class GPT(nn.Module):
    """A decoder-only transformer language model (GPT-2's architecture, any size).

    Example:
        >>> model = GPT(GPTConfig(vocab_size=65))
        >>> idx = torch.randint(0, 65, (4, 64))                 # (B, T) token ids
        >>> logits, loss = model(idx, targets=torch.randint(0, 65, (4, 64)))
        >>> logits.shape, round(loss.item(), 1)                 # loss at init ~ ln(65) = 4.17
        (torch.Size([4, 64, 65]), 4.2)
    """

    def __init__(self, config):
        super().__init__()
        if not isinstance(config, GPTConfig):
            raise TypeError(
                f"GPT expects a GPTConfig, got {type(config).__name__}; "
                f"build one with GPTConfig(vocab_size=tok.vocab_size, ...)"
            )
        self.config = config
        self.transformer = nn.ModuleDict(
            dict(
                wte=nn.Embedding(
                    config.vocab_size, config.n_embd
                ),  # token id -> vector
                wpe=nn.Embedding(
                    config.block_size, config.n_embd
                ),  # position -> vector
                h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
                ln_f=nn.LayerNorm(config.n_embd, bias=config.bias),
            )
        )
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.lm_head.weight = (
            self.transformer.wte.weight
        )  # weight tying: one matrix reads and writes tokens
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                # GPT-2: scale the projections that feed the residual stream by 1/sqrt(2 * n_layer).
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_parameters(self, include_position=True):
        """Parameters in the model (the tied head counted once). MFU formulas leave out
        positions."""
        n = sum(p.numel() for p in self.parameters())
        return n if include_position else n - self.transformer.wpe.weight.numel()

    def hidden_states(self, idx, return_weights=False, caches=None, start=0):
        """The body: token ids (B, T) -> final-LayerNorm vectors (B, T, C).

        With `return_weights`, also a list with one attention map (B, nh, T, T) per layer.
        `caches` (one KVCache per layer) and `start` (position of idx[:, 0]) are for generation.
        """
        B, T = idx.shape
        if start + T > self.config.block_size:
            raise ValueError(
                f"sequence of {start + T} tokens is longer than block_size "
                f"{self.config.block_size}; crop it to the last {self.config.block_size} tokens"
            )
        pos = torch.arange(start, start + T, device=idx.device)  # (T,)
        try:
            tokens = self.transformer.wte(idx)  # (B, T, C)
        # raised on the CPU for an id outside 0..vocab_size - 1; checking first would
        # cost a sync
        except IndexError:
            raise ValueError(
                f"token ids must be in 0..{self.config.vocab_size - 1} (the model's "
                "vocab_size), got "
                f"ids from {int(idx.min())} to {int(idx.max())}; encode with the "
                "model's own tokenizer"
            ) from None
        x = tokens + self.transformer.wpe(pos)  # (B, T, C)
        if self.training and self.config.dropout > 0:
            x = F.dropout(x, self.config.dropout)
        maps = []
        for i, block in enumerate(self.transformer.h):
            x = block(
                x,
                return_weights=return_weights,
                cache=None if caches is None else caches[i],
            )
            if return_weights:
                x, w = x
                maps.append(w)
        x = self.transformer.ln_f(x)  # (B, T, C)
        return (x, maps) if return_weights else x

    def forward(self, idx, targets=None):
        """idx (B, T) -> (logits (B, T, vocab_size), loss or None).

        Loss is the mean cross-entropy (nats per token) of predicting `targets`
        (B, T); target -100 is ignored.
        """
        x = self.hidden_states(idx)  # (B, T, C)
        logits = self.lm_head(x)  # (B, T, V)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(
                logits.view(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-100
            )
        return logits, loss

    def attention_maps(self, idx):
        """One attention map per layer, each (B, n_head, T, T): row i shows where token i looked."""
        return self.hidden_states(idx, return_weights=True)[1]

    def generate(
        self,
        idx,
        max_new_tokens,
        temperature=1.0,
        top_k=None,
        top_p=None,
        use_kv_cache=True,
        generator=None,
    ):
        """Continue token ids by sampling one token at a time.

        idx: a list of ids, or a (T,) or (B, T) LongTensor; returns the same
        kind, prompt included. `top_k=1` is greedy decoding. `top_p` keeps the
        smallest set of tokens whose probabilities add up to top_p.
        With `use_kv_cache` the keys/values of earlier tokens are reused until the
        context is full (block_size tokens); after that each step recomputes
        the window, because learned positions shift with it. Both ways give
        the same tokens.

        Example:
            >>> out = model.generate([0], max_new_tokens=5, top_k=1)   # greedy: 6 ids
        """
        as_list = not torch.is_tensor(idx)
        x = torch.tensor(idx, dtype=torch.long) if as_list else idx
        squeeze = x.dim() == 1
        if squeeze:
            x = x.unsqueeze(0)
        if x.dim() != 2:
            raise ValueError(
                f"idx must be a list of ids or a (T,) / (B, T) tensor, got shape {tuple(x.shape)}"
            )
        if x.size(1) == 0:
            raise ValueError(
                "the prompt is empty; give at least one token id (e.g. tok.encode('\\n'))"
            )
        check_temperature(
            temperature, "use 1.0 for plain sampling or top_k=1 for greedy decoding"
        )
        if not isinstance(max_new_tokens, numbers.Integral) or max_new_tokens < 0:
            raise ValueError(
                f"max_new_tokens must be a whole number >= 0, got {max_new_tokens!r}; e.g. 40"
            )
        low, high = int(x.min()), int(x.max())
        if low < 0 or high >= self.config.vocab_size:
            raise ValueError(
                f"the prompt holds token id {low if low < 0 else high}, but this model reads ids "
                f"0..{self.config.vocab_size - 1}; encode with the model's own tokenizer"
            )
        if top_k is not None and top_k < 1:
            raise ValueError(
                f"top_k must be at least 1, got {top_k}; use None to keep every token"
            )
        if top_p is not None and not 0 < top_p <= 1:
            raise ValueError(
                f"top_p must be in (0, 1], got {top_p}; use None or 1.0 to keep every token"
            )
        bs = self.config.block_size
        if x.size(1) > bs:
            warnings.warn(
                f"prompt has {x.size(1)} tokens but the model sees at most block_size={bs}; "
                f"keeping the last {bs}",
                stacklevel=2,
            )
            x = x[:, -bs:]
        was_training = self.training
        self.eval()
        try:
            # inference_mode: no autograd bookkeeping at all (cheaper per op than no_grad).
            with torch.inference_mode():
                x = self._decode(
                    x.to(self.transformer.wte.weight.device),
                    max_new_tokens,
                    temperature,
                    top_k,
                    top_p,
                    use_kv_cache,
                    generator,
                )  # (B, T + max_new_tokens)
        finally:
            self.train(was_training)
        if as_list:
            return (x[0] if squeeze else x).tolist()
        # a normal tensor again: inference-mode tensors cannot be used by autograd later
        x = x.clone()
        return x[0] if squeeze else x

    def _decode(
        self, prompt, max_new_tokens, temperature, top_k, top_p, use_kv_cache, generator
    ):
        """The sampling loop of `generate`: prompt (B, T0) -> (B, T0 + max_new_tokens).

        Every step runs the body on the tokens it has not seen yet: the whole prompt
        first, then only the newest token while the KV caches have room (block_size
        positions); without the cache, or once the context is full, the whole window.
        New ids are written into one preallocated tensor instead of concatenated.
        """
        B, T0 = prompt.shape
        bs = self.config.block_size
        out = torch.empty(
            B, T0 + max_new_tokens, dtype=torch.long, device=prompt.device
        )  # (B, T0 + new)
        out[:, :T0] = prompt
        caches = None
        if use_kv_cache:
            hs = self.config.n_embd // self.config.n_head
            caches = [
                KVCache(
                    B,
                    self.config.n_head,
                    bs,
                    hs,
                    self.transformer.wte.weight.dtype,
                    prompt.device,
                )
                for _ in range(self.config.n_layer)
            ]
        threads = current = torch.get_num_threads()
        try:
            for T in range(T0, T0 + max_new_tokens):  # T: tokens so far
                if caches is not None and T <= bs:
                    start = caches[
                        0
                    ].length  # 0 on the first step: the whole prompt goes in, filling the caches
                else:
                    start = max(
                        0, T - bs
                    )  # no cache, or the context is full: recompute the window
                # A step over a few token rows is too small to split across threads: forking
                # and joining them costs more than it saves (the sums agree to float rounding).
                wanted = 1 if B * (T - start) <= SERIAL_STEP_MAX_ROWS else threads
                if wanted != current:
                    torch.set_num_threads(wanted)
                    current = wanted
                if caches is not None and T <= bs:
                    h = self.hidden_states(
                        out[:, start:T], caches=caches, start=start
                    )  # (B, T - start, C)
                else:
                    h = self.hidden_states(out[:, start:T])  # (B, <=bs, C)
                logits = self.lm_head(h[:, -1, :]) / temperature  # (B, V)
                out[:, T : T + 1] = sample_next(
                    logits, top_k, top_p, generator
                )  # (B, 1)
        finally:
            if current != threads:
                torch.set_num_threads(threads)
        return out


class GPTForSequenceClassification(nn.Module):
    """A GPT body plus a linear layer from one pooled vector to `n_classes` scores.

    pooling="last": the vector of the last non-pad token (right padding with
    `pad_id`, or the last position if pad_id is None); "mean": the average
    over non-pad tokens.

    Example:
        >>> clf = GPTForSequenceClassification(GPT(GPTConfig(vocab_size=65)), n_classes=2)
        >>> logits, loss = clf(torch.zeros(3, 8, dtype=torch.long), labels=torch.tensor([0, 1, 1]))
        >>> logits.shape
        torch.Size([3, 2])
    """

    def __init__(self, body, n_classes, pooling="last", pad_id=None):
        super().__init__()
        if not isinstance(body, GPT):
            raise TypeError(
                f"body must be a GPT (e.g. from load_checkpoint), got {type(body).__name__}"
            )
        if pooling not in ("last", "mean"):
            raise ValueError(f"pooling must be 'last' or 'mean', got {pooling!r}")
        self.body, self.pooling, self.pad_id = body, pooling, pad_id
        self.head = nn.Linear(body.config.n_embd, n_classes)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def pooled(self, idx):
        """idx (B, T) -> the one vector per row that the head reads (B, C).

        A linear probe trains the head on these vectors alone, computed once.
        """
        h = self.body.hidden_states(idx)  # (B, T, C)
        if self.pad_id is None:
            keep = torch.ones_like(idx, dtype=h.dtype)  # (B, T)
        else:
            keep = (idx != self.pad_id).to(h.dtype)  # (B, T)
        if self.pooling == "mean":
            total = (h * keep.unsqueeze(-1)).sum(1)  # (B, C)
            return total / keep.sum(1, keepdim=True).clamp(min=1)  # (B, C)
        last = (keep.sum(1).long() - 1).clamp(min=0)  # (B,) the last real token
        return h[torch.arange(idx.size(0), device=idx.device), last]  # (B, C)

    def forward(self, idx, labels=None):
        """idx (B, T) -> (logits (B, n_classes), loss or None)."""
        logits = self.head(self.pooled(idx))  # (B, n_classes)
        loss = None if labels is None else F.cross_entropy(logits, labels)
        return logits, loss


class GPTForTokenClassification(nn.Module):
    """A GPT body plus a linear layer giving `n_classes` scores for every token (e.g. entity tags).

    Labels of -100 (padding, or tokens not to score) are ignored by the loss.
    Note the body is causal: each token's tag is decided from it and the tokens before it.
    With next_token=True the head also reads the vector of the token after it, which has
    seen one token more (the last token pairs with itself): a little right-hand context
    for a left-to-right model.
    """

    def __init__(self, body, n_classes, next_token=False):
        super().__init__()
        if not isinstance(body, GPT):
            raise TypeError(
                f"body must be a GPT (e.g. from load_checkpoint), got {type(body).__name__}"
            )
        self.body, self.next_token = body, next_token
        self.head = nn.Linear(body.config.n_embd * (2 if next_token else 1), n_classes)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def features(self, idx):
        """idx (B, T) -> what the head reads at every token: (B, T, C), or (B, T, 2C) with
        the next token's vector after each token's own."""
        h = self.body.hidden_states(idx)  # (B, T, C)
        if not self.next_token:
            return h
        after = torch.cat([h[:, 1:], h[:, -1:]], dim=1)  # (B, T, C): one token on
        return torch.cat([h, after], dim=-1)  # (B, T, 2C)

    def forward(self, idx, labels=None):
        """idx (B, T) -> (logits (B, T, n_classes), loss or None)."""
        logits = self.head(self.features(idx))  # (B, T, n_classes)
        loss = None
        if labels is not None:
            loss = F.cross_entropy(
                logits.view(-1, logits.size(-1)), labels.reshape(-1), ignore_index=-100
            )
        return logits, loss
