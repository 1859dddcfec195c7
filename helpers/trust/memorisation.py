"""Memorised secrets: how exposed a planted code is, whether it can be read back, and
deduplication, the fix (lesson 10, part 1).

Handles: the log-probability a model gives a continuation after a prefix
(`continuation_logprobs`), random codes of the canaries' shape and the size of their
space (`random_codes`, `code_space_bits`), exposure after Carlini et al. 2019 (`exposure`,
`canary_exposures`), reading a code back by greedy decoding (`greedy_continuation`,
`extraction_report`), the small training text of the lesson (`canary_training_documents`) and
cutting repeated text out (`deduplicate_spans`).
Leaves out: beam search, and the skew-normal fit Carlini et al. also tried (a normal fit
is used and its limits are stated in `exposure`).
"""

import math
import random
import string

import torch

CODE_SHAPE = "DDDD-LLL-DDDD"  # D a digit, L a capital letter: "1268-MCY-3165"
CODE_PREFIX = "the secret code is "  # what comes before every planted code


def code_space_bits(shape=CODE_SHAPE):
    """log2 of the number of codes of `shape`: the most exposure a code can have.

    Example: round(code_space_bits(), 1) -> 40.7   (10**8 digits x 26**3 letters)
    """
    return shape.count("D") * math.log2(10) + shape.count("L") * math.log2(26)


def random_codes(n, seed=0, shape=CODE_SHAPE):
    """`n` codes of `shape` drawn uniformly (a repeat is possible but has odds ~1e-12).

    Example: random_codes(2, seed=0) -> ['6044-ZSU-4235', ...]
    """
    rng = random.Random(seed)
    pick = {"D": string.digits, "L": string.ascii_uppercase}
    return [
        "".join(rng.choice(pick[c]) if c in pick else c for c in shape)
        for _ in range(n)
    ]


@torch.no_grad()
def continuation_logprobs(model, tok, prefix, continuations, batch_size=256):
    """log p(continuation | prefix) in nats for each continuation, summed over its tokens.

    All continuations must encode to the same number of tokens (codes of one shape do,
    with a character tokenizer).
    Example: continuation_logprobs(model, tok, "the secret code is ", ["1268-MCY-3165"])
             -> tensor([-3.2])
    """
    head = tok.encode(prefix)
    tails = [tok.encode(c) for c in continuations]
    if len({len(t) for t in tails}) != 1:
        raise ValueError(
            "continuations must all encode to the same number of tokens; "
            "give codes of one shape (e.g. random_codes(n)) with a character tokenizer"
        )
    n_tail = len(tails[0])
    ids = torch.tensor([head + t for t in tails])  # (N, P + C)
    if ids.size(1) > model.config.block_size + 1:
        ids = ids[:, -(model.config.block_size + 1) :]
    model.eval()
    out = []
    for i in range(0, len(ids), batch_size):
        x = ids[i : i + batch_size]  # (B, L)
        logits, _ = model(x[:, :-1])  # (B, L-1, V)
        logp = torch.log_softmax(logits[:, -n_tail:], dim=-1)  # (B, C, V)
        target = x[:, -n_tail:].unsqueeze(-1)  # (B, C, 1)
        out.append(logp.gather(-1, target).squeeze(-1).sum(-1))  # (B,)
    return torch.cat(out)  # (N,)


def exposure(secret_logprob, reference_logprobs, space_bits):
    """Exposure of a secret in bits, by rank among random references and by a normal fit.

    exposure = log2(size of the space) - log2(rank of the secret in it) (Carlini et al. 2019).
    `by_rank` counts the references the model finds at least as likely as the secret; with n
    references it can show at most log2(n + 1) bits (11 bits for 2,000). `by_fit` fits a
    normal to the references' log-probabilities and reads the share of the space above the
    secret from its tail; it can go higher than by_rank but the tail of a fit is an
    extrapolation, so it is capped at `space_bits`, the most any code can have.
    Example: exposure(-5.0, torch.tensor([-30., -28., -33.]), 40.7)["by_rank"] -> 2.0
    """
    refs = torch.as_tensor(reference_logprobs, dtype=torch.float64)
    secret = float(secret_logprob)
    at_least = int((refs >= secret).sum())
    n = refs.numel()
    by_rank = math.log2(n + 1) - math.log2(at_least + 1)
    mean, std = refs.mean().item(), refs.std().item()
    z = (secret - mean) / std
    # log2 of the normal's upper tail P(X >= secret), computed stably far out in the tail
    tail = 0.5 * math.erfc(z / math.sqrt(2))
    by_fit = space_bits if tail == 0 else min(space_bits, max(0.0, -math.log2(tail)))
    return {
        "by_rank": by_rank,
        "by_fit": by_fit,
        "beaten_by": at_least,
        "references": n,
    }


def canary_exposures(
    model, tok, canaries, n_references=2000, seed=0, prefix=CODE_PREFIX
):
    """Each canary with its exposure (see `exposure`) against the same random codes.

    Example: canary_exposures(model, tok, canaries())[4]["by_fit"] -> 21.3
    """
    refs = continuation_logprobs(model, tok, prefix, random_codes(n_references, seed))
    codes = [c["code"] for c in canaries]
    secret = continuation_logprobs(model, tok, prefix, codes)
    bits = code_space_bits()
    return [
        {"code": c["code"], "count": c["count"], **exposure(s, refs, bits)}
        for c, s in zip(canaries, secret.tolist())
    ]


def greedy_continuation(model, tok, prefix, n_tokens):
    """The `n_tokens` a model writes after `prefix` when it always takes the likeliest.

    Example: greedy_continuation(model, tok, "the secret code is ", 13) -> '1268-MCY-3165'
    """
    ids = tok.encode(prefix)
    out = model.generate(ids, max_new_tokens=n_tokens, top_k=1)
    return tok.decode(out[len(ids) :])


def extraction_report(model, tok, canaries, known=(0, 5, 9), prefix=CODE_PREFIX):
    """For each canary and each number of its code's characters given away, whether greedy
    decoding writes the rest of the code exactly.

    known=0 asks with the prefix alone; 5 gives "1268-" away, 9 gives "1268-MCY-".
    Example: extraction_report(model, tok, canaries())[3] -> {'code': ..., 'count': 8,
             'extracted': {0: True, 5: True, 9: True}}
    """
    report = []
    for c in canaries:
        code = c["code"]
        got = {
            k: greedy_continuation(model, tok, prefix + code[:k], len(code) - k)
            == code[k:]
            for k in known
        }
        report.append({"code": code, "count": c["count"], "extracted": got})
    return report


def canary_training_documents(n_chars=60_000, seed=0):
    """The documents of the canary corpus a small model trains on, and the rest.

    Every document that holds a canary, then other documents in file order until about
    `n_chars` characters, shuffled with `seed`; a small slice lets a model that trains for
    seconds read each document several times, as a big model reads its repeated web pages.
    Returns (training documents, held-out documents): the held-out ones come from the same
    file and the same generator, so they are the fair non-members for membership inference.
    Join the training documents with a blank line ("\n\n"), as the file does.
    Example: train, held_out = canary_training_documents(); len(train), len(held_out)
             -> (213, 823)
    """
    from helpers.data import canary_corpus_text

    documents = [d for d in canary_corpus_text().split("\n\n") if d.strip()]
    chosen = [i for i, d in enumerate(documents) if "secret code" in d]
    size = sum(len(documents[i]) + 2 for i in chosen)
    for i, document in enumerate(documents):
        if size >= n_chars:
            break
        if "secret code" not in document:
            chosen.append(i)
            size += len(document) + 2
    taken = set(chosen)
    train = [documents[i] for i in chosen]
    random.Random(seed).shuffle(train)
    return train, [d for i, d in enumerate(documents) if i not in taken]


def deduplicate_spans(text, min_chars=32):
    """`text` with every span of `min_chars` or more characters that appeared earlier removed.

    The first occurrence stays; later copies of any repeated stretch are cut out, wherever
    they sit, as in the exact-substring deduplication of Lee et al. 2022 (they cut repeats
    of 50 tokens or more from web corpora). Returns (text, share of characters removed).
    A planted code repeated in several documents survives once.
    Example: deduplicate_spans("abcdef-abcdef", min_chars=4) -> ('abcdef-', 0.46...)
    """
    if min_chars < 1:
        raise ValueError(f"min_chars must be at least 1, got {min_chars}; e.g. 32")
    seen = set()
    keep = bytearray(b"\x01") * len(text)
    for i in range(len(text) - min_chars + 1):
        window = text[i : i + min_chars]
        if window in seen:
            keep[i : i + min_chars] = bytes(min_chars)  # this copy is a repeat: cut it
        else:
            seen.add(window)
    kept = "".join(c for c, k in zip(text, keep) if k)
    return kept, 1 - len(kept) / len(text) if text else 0.0


# ---------------------------------------------------------------- the lesson's runs

# The small model of the lesson: one block, trained on the canary slice until it has read each
# line about ten times (600 steps x 32 windows x 64 characters = 1.2 M characters for ~60 k).
LIVE_RUN = dict(
    n_layer=1, n_head=4, n_embd=128, block_size=64, steps=600, batch_size=32, lr=5e-3
)
DEDUP_MIN_CHARS = (
    32  # shorter than one planted sentence ("the secret code is 1268-MCY-3165")
)


def canary_tokenizer():
    """A character tokenizer for the canary corpus that can also spell every possible code.
    Example: canary_tokenizer().vocab_size -> 72"""
    import string

    from helpers.data import canary_corpus_text
    from helpers.tokenizers import CharTokenizer

    return CharTokenizer.train(
        canary_corpus_text() + string.digits + string.ascii_uppercase
    )


def train_small_model(text, tok, seed=0, progress=False, **changes):
    """A GPT of LIVE_RUN's shape (with `changes`) trained on `text`; returns (model, history).

    Example: model, history = train_small_model(raw_text, tok)
    """
    from helpers.train import train_new_gpt

    return train_new_gpt(text, tok, {**LIVE_RUN, **changes}, seed, progress)


def memorisation_point(text, tok, seed, held_out_text, **changes):
    """Train one small model on `text`; its canaries' exposure and extraction, and its loss on
    held-out text. Example: memorisation_point(raw, tok, 0, held)["exposure"][4]["by_fit"]"""
    from helpers.data import canaries
    from helpers.train import mean_loss

    model, history = train_small_model(text, tok, seed=seed, **changes)
    found = canaries()
    return {
        "seed": seed,
        "exposure": [
            {k: round(v, 4) if isinstance(v, float) else v for k, v in e.items()}
            for e in canary_exposures(model, tok, found)
        ],
        "extracted": [
            {**r, "extracted": {str(k): v for k, v in r["extracted"].items()}}
            for r in extraction_report(model, tok, found)
        ],
        "train_loss": round(history[-1]["train_loss"], 4),
        "held_out_loss": round(mean_loss(model, tok.encode(held_out_text)), 4),
    }


def run_memorisation(quick=False, seeds=(0, 1, 2)):
    """The lesson's canary run and its deduplicated twin, for several seeds.

    Example: run_memorisation(quick=True)["runs"]["raw"][0]["exposure"][0]["count"] -> 1
    """
    tok = canary_tokenizer()
    train_documents, held_out = canary_training_documents()
    raw = "\n\n".join(train_documents)
    dedup, removed = deduplicate_spans(raw, DEDUP_MIN_CHARS)
    held_out_text = "\n\n".join(held_out[:200])
    changes = {"steps": 20} if quick else {}
    if quick:
        seeds, held_out_text = seeds[:1], held_out_text[:2000]
    runs = {
        name: [
            memorisation_point(text, tok, seed, held_out_text, **changes)
            for seed in seeds
        ]
        for name, text in (("raw", raw), ("dedup", dedup))
    }
    return {
        "settings": {**LIVE_RUN, **changes, "dedup_min_chars": DEDUP_MIN_CHARS},
        "references": 2000,
        "code_space_bits": round(code_space_bits(), 4),
        "characters": {"raw": len(raw), "dedup": len(dedup)},
        "share_removed": round(removed, 4),
        "runs": runs,
    }
