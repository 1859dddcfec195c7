"""Membership inference: was this document in the training data? (lesson 10, part 2).

Handles: each document's mean loss under a model (`document_losses`), a reference that
read neither set, the zlib-compressed size (`zlib_bits`), two attack scores (`loss_scores`,
`zlib_ratio_scores`; `reference_scores` for a reference model), the area under the ROC
curve as the Mann-Whitney statistic (`auc`), a percentile bootstrap interval for it
(`bootstrap_interval`), the train/held-out loss gap (`loss_gap`), and the fuller
experiment (`run_membership`): a small model at several training lengths, the
foundation model, and a reference-model attack.
Leaves out: shadow models and the likelihood-ratio attack of Carlini et al. 2022 (many
reference models per document), and attacks on models you can only sample from.
"""

import math
import random
import time
import zlib

import torch
import torch.nn.functional as F

from helpers.data.store import rounded
from helpers.padding import pad_rows

N_RESAMPLES = 1000  # bootstrap resamples: enough for a 95% interval to two decimals


@torch.no_grad()
def document_losses(model, tok, documents, batch_size=64):
    """Mean loss (nats per token) of each document, scored on its own (no context before it).

    A document longer than the model's context is cut into windows of `block_size`
    predictions; each window sees only its own tokens, as in training on random windows.
    The first token of a document has no context, so it is not scored.
    Example: document_losses(model, tok, ["the cat sat.", "a dog ran."]) -> tensor([1.9, 2.3])
    """
    if isinstance(documents, str) or not documents:
        raise ValueError(
            "documents must be a non-empty list of strings; wrap one as [text]"
        )
    block = model.config.block_size
    windows, owner = [], []  # each window: up to block + 1 ids; owner: its document
    for i, doc in enumerate(documents):
        ids = tok.encode(doc)
        if len(ids) < 2:
            raise ValueError(
                f"document {i} has {len(ids)} token(s), got {doc!r}; "
                "a loss needs at least two tokens, so drop very short documents"
            )
        for start in range(0, len(ids) - 1, block):
            windows.append(ids[start : start + block + 1])
            owner.append(i)
    # windows of similar lengths batch together with little padding
    order = sorted(range(len(windows)), key=lambda w: len(windows[w]))
    total = torch.zeros(len(documents), dtype=torch.float64)  # (N,) nats
    count = torch.zeros(len(documents), dtype=torch.float64)  # (N,) scored tokens
    model.eval()
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        ids = pad_rows([windows[w] for w in chunk])  # (B, T + 1)
        targets = pad_rows([windows[w][1:] for w in chunk], fill=-100)  # (B, T)
        logits, _ = model(ids[:, :-1])  # (B, T, V)
        nats = F.cross_entropy(
            logits.transpose(1, 2), targets, ignore_index=-100, reduction="none"
        )  # (B, T), 0 where ignored
        rows = torch.tensor([owner[w] for w in chunk])  # (B,)
        total.index_add_(0, rows, nats.sum(1).double())
        count.index_add_(0, rows, (targets != -100).sum(1).double())
    return (total / count).float()  # (N,)


def zlib_bits(text):
    """Bits of `text` (UTF-8) after zlib compression at level 9: a reference that read nothing.

    Example: zlib_bits("abc" * 100) -> 120   (300 bytes of repeats shrink to 15)
    """
    return 8 * len(zlib.compress(text.encode("utf-8"), 9))


def loss_scores(losses):
    """The loss-threshold attack: a lower loss means "member", so the score is -loss.

    Example: loss_scores(torch.tensor([0.5, 2.0])) -> tensor([-0.5, -2.0])
    """
    return -torch.as_tensor(losses, dtype=torch.float32)


def zlib_ratio_scores(losses, documents, tok):
    """The reference-calibrated attack with zlib as the reference (Carlini et al. 2021).

    Score = -(bits the model needs for the document) / (bits zlib needs for it). A document
    that is easy for everyone (a repeated header, a list) is cheap for zlib too, so the
    ratio asks whether the model finds it easier than its plain compressibility explains.
    Example: zlib_ratio_scores(torch.tensor([1.0]), ["abcabcabc"], char_tok) -> tensor([-0.11])
    """
    losses = torch.as_tensor(losses, dtype=torch.float64)
    if len(losses) != len(documents):
        raise ValueError(
            f"got {len(losses)} losses for {len(documents)} documents; "
            "pass the losses document_losses returned for these documents"
        )
    scored = torch.tensor(
        [len(tok.encode(d)) - 1 for d in documents], dtype=torch.float64
    )
    model_bits = losses * scored / math.log(2)  # (N,)
    reference = torch.tensor([zlib_bits(d) for d in documents], dtype=torch.float64)
    return (-model_bits / reference).float()


def reference_scores(losses, reference_losses):
    """The reference-model attack: how much lower the target's loss is than a reference
    model's, trained on similar text that held none of the documents.

    Example: reference_scores(torch.tensor([1.0, 2.0]), torch.tensor([1.5, 2.0]))
             -> tensor([0.5, 0.0])
    """
    losses = torch.as_tensor(losses, dtype=torch.float32)
    return torch.as_tensor(reference_losses, dtype=torch.float32) - losses


def _average_ranks(values):
    """Ranks 1..n of `values` (float64), ties given the mean of the ranks they span."""
    order = torch.argsort(values, stable=True)
    ranks = torch.empty_like(values)
    ranks[order] = torch.arange(1, len(values) + 1, dtype=values.dtype)
    _, inverse, counts = torch.unique(values, return_inverse=True, return_counts=True)
    rank_sums = torch.zeros(len(counts), dtype=values.dtype).index_add_(
        0, inverse, ranks
    )
    return (rank_sums / counts)[inverse]


def auc(member_scores, nonmember_scores):
    """Area under the ROC curve: the chance that a random member scores above a random
    non-member, ties counted half (the Mann-Whitney U statistic over n_m * n_n).

    0.5 is a coin flip; 1.0 separates the two sets perfectly.
    Example: auc([3, 2, 1], [2, 0]) -> 0.75   (pairs won: 3>2, 3>0, 2>0, 1>0; 2=2 half)
    """
    members = torch.as_tensor(member_scores, dtype=torch.float64).flatten()
    others = torch.as_tensor(nonmember_scores, dtype=torch.float64).flatten()
    if len(members) == 0 or len(others) == 0:
        raise ValueError(
            f"need scores for both sets, got {len(members)} members and {len(others)} "
            "non-members; pass at least one of each"
        )
    ranks = _average_ranks(torch.cat([members, others]))  # (n_m + n_n,)
    n_m, n_n = len(members), len(others)
    # U: the (member, non-member) pairs the member wins, ties counted half
    u = ranks[:n_m].sum() - n_m * (n_m + 1) / 2
    return float(u / (n_m * n_n))


def bootstrap_interval(statistic, *samples, level=0.95, resamples=N_RESAMPLES, seed=0):
    """Percentile bootstrap interval of `statistic(*samples)`.

    Each sample (a tensor whose rows are the units: documents, questions) is resampled on
    its own, with replacement and at its own size, `resamples` times with a fixed seed; the
    interval holds the middle `level` of the resampled statistics. For membership the two
    samples are the members' and the non-members' scores.
    Example: bootstrap_interval(auc, member_scores, nonmember_scores) -> (0.71, 0.79)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}; use 0.95")
    samples = [torch.as_tensor(s, dtype=torch.float64) for s in samples]
    gen = torch.Generator().manual_seed(seed)
    values = torch.empty(resamples, dtype=torch.float64)
    for r in range(resamples):
        drawn = [s[torch.randint(len(s), (len(s),), generator=gen)] for s in samples]
        values[r] = statistic(*drawn)
    tail = (1 - level) / 2
    low, high = torch.quantile(
        values, torch.tensor([tail, 1 - tail], dtype=torch.float64)
    )
    return float(low), float(high)


def loss_gap(member_losses, nonmember_losses):
    """Mean loss on non-members minus mean loss on members (nats per token): how much
    better the model does on text it trained on. Example: loss_gap([1.0, 1.2], [1.5]) -> 0.4
    """
    members = torch.as_tensor(member_losses, dtype=torch.float64)
    others = torch.as_tensor(nonmember_losses, dtype=torch.float64)
    return float(others.mean() - members.mean())


def membership_sets(trained_on, held_out, n, seed=0, min_chars=16):
    """`n` members and `n` non-members, drawn without replacement with a fixed seed.

    Members are distinct documents of `trained_on`; non-members are distinct documents of
    `held_out` whose exact text is nowhere in `trained_on` (a generator repeats itself, and
    a copy of a training document is not a fair non-member). Documents shorter than
    `min_chars` characters ("Enjoy!") give a loss from a handful of tokens, so both sets
    leave them out.
    Example: membership_sets(["ab" * 9, "cd" * 9], ["cd" * 9, "ef" * 9], 1)
             -> (['cdcdcdcdcdcdcdcdcd'], ['efefefefefefefefef'])
    """
    seen = set(trained_on)
    members = sorted({d for d in trained_on if len(d) >= min_chars})
    others = sorted({d for d in held_out if len(d) >= min_chars and d not in seen})
    if min(len(members), len(others)) < n:
        raise ValueError(
            f"asked for {n} documents per set but there are {len(members)} members and "
            f"{len(others)} non-members of {min_chars}+ characters; ask for fewer"
        )
    rng = random.Random(seed)
    return rng.sample(members, n), rng.sample(others, n)


def attack_report(model, tok, members, nonmembers, reference=None):
    """Every attack on one model: AUC with its 95% bootstrap interval, and the loss gap.

    `reference`: an optional (model, tok) trained on similar text that is in neither set.
    Example: attack_report(model, tok, members, nonmembers)["loss"]["auc"] -> 0.8
    """
    loss_m = document_losses(model, tok, members)  # (n_m,)
    loss_n = document_losses(model, tok, nonmembers)  # (n_n,)
    scores = {
        "loss": (loss_scores(loss_m), loss_scores(loss_n)),
        "zlib": (
            zlib_ratio_scores(loss_m, members, tok),
            zlib_ratio_scores(loss_n, nonmembers, tok),
        ),
    }
    if reference is not None:
        ref_model, ref_tok = reference
        ref_m = document_losses(ref_model, ref_tok, members)
        ref_n = document_losses(ref_model, ref_tok, nonmembers)
        scores["reference"] = (
            reference_scores(loss_m, ref_m),
            reference_scores(loss_n, ref_n),
        )
    report = {
        "members": len(members),
        "nonmembers": len(nonmembers),
        "member_loss": float(loss_m.mean()),
        "nonmember_loss": float(loss_n.mean()),
        "loss_gap": loss_gap(loss_m, loss_n),
    }
    for name, (s_m, s_n) in scores.items():
        report[name] = {
            "auc": auc(s_m, s_n),
            "interval": bootstrap_interval(auc, s_m, s_n),
        }
    return report


# ---------------------------------------------------------------- the fuller experiment


def run_membership(quick=False):
    """Membership inference on the lesson's small model at several training lengths (with a
    reference model trained on held-out documents) and on the shipped foundation model.

    Example: run_membership()["small"][-1]["loss"]["auc"] -> 0.8
    """
    from helpers import data
    from helpers.pretrain import load_foundation
    from helpers.trust.memorisation import (
        LIVE_RUN,
        canary_tokenizer,
        canary_training_documents,
        train_small_model,
    )

    clock = time.perf_counter()
    n_docs = 20 if quick else 180
    step_list = (5,) if quick else (150, 300, LIVE_RUN["steps"])
    train_documents, held_out = canary_training_documents()
    ordinary = [d for d in train_documents if "secret code" not in d]  # no canaries
    members, nonmembers = membership_sets(ordinary, held_out, n_docs, seed=0)
    text = "\n\n".join(train_documents)
    # the reference model reads as many characters of held-out documents in neither set
    unused = set(nonmembers) | set(train_documents)
    spare = [d for d in held_out if d not in unused]
    reference_text = "\n\n".join(spare[: _count_until(spare, len(text))])
    tok = canary_tokenizer()
    reference, _ = train_small_model(reference_text, tok, seed=1, steps=step_list[-1])
    results = {
        "settings": {
            "quick": quick,
            "small_documents_per_set": n_docs,
            "small_recipe": LIVE_RUN,
            "reference_characters": len(reference_text),
        },
        "small": [],
    }
    for steps in step_list:
        t0 = time.perf_counter()
        model, _ = train_small_model(text, tok, steps=steps)
        tokens_seen = steps * LIVE_RUN["batch_size"] * LIVE_RUN["block_size"]
        report = attack_report(
            model, tok, members, nonmembers, reference=(reference, tok)
        )
        results["small"].append(
            {
                "steps": steps,
                "passes": tokens_seen / len(text),
                "parameters": model.num_parameters(),
                "training_tokens": len(text),
                **report,
                "seconds": time.perf_counter() - t0,
            }
        )
    t0 = time.perf_counter()
    model, ftok, meta = load_foundation()
    n_found = 12 if quick else 400
    f_members, f_nonmembers = membership_sets(
        data.corpus_documents("train"), data.corpus_documents("valid"), n_found, seed=0
    )
    card = meta["extra"]
    results["foundation"] = {
        "passes": card["tokens_seen"] / card["data"]["train_tokens"],
        "parameters": meta["parameters"],
        "training_tokens": card["data"]["train_tokens"],
        **attack_report(model, ftok, f_members, f_nonmembers),
        "seconds": time.perf_counter() - t0,
    }
    results["seconds"] = time.perf_counter() - clock
    return rounded(results)


def _count_until(documents, n_chars):
    """How many of `documents`, joined by blank lines, it takes to reach `n_chars`."""
    size = 0
    for i, document in enumerate(documents):
        if size >= n_chars:
            return i
        size += len(document) + 2
    return len(documents)
