"""Two heads for the entity tagger, compared on every entity set: the lessons' reading
("next": each word's last token and the token after it, helpers.entity_tagging) against a
small bidirectional GRU that reads the whole sentence's token vectors both ways before
tagging (an option issue 13 asked to try).

Both tune the shipped foundation model fully on the same 64 training sentences per seed
(the "entities" recipe); the GRU and its linear layer learn at the head's rate. Validation
chooses, as in lesson 07; the other sets only report.

Usage: python benchmarks/entity_heads.py [--seeds 0 1 2] [--json-out FILE]
Prints one line per seed and head (span F1 on validation, unseen names, the stress test and
data/wild), then one JSON line with the means. About a minute on 2 cores.
"""

import argparse
import json
import sys
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.data import entity_examples, wild_entity_examples  # noqa: E402
from helpers.entity_tagging import (  # noqa: E402
    ENTITY_TAGS,
    encode_entities,
    entity_f1,
    predict_tags,
    tune_entities,
)
from helpers.evaluate import load_model  # noqa: E402
from helpers.gpt import GPTForTokenClassification  # noqa: E402
from helpers.padding import PAD_ID, trim  # noqa: E402
from helpers.tuning import (  # noqa: E402
    body_to_tune,
    draw_k,
    fit,
    recipe_for,
    tuning_steps,
)


class BidirectionalTagger(GPTForTokenClassification):
    """The causal body, then a GRU run left-to-right and right-to-left over its token
    vectors, then a linear layer on each token's vector and the GRU's two states.

    Example: BidirectionalTagger(body, 7)(ids)[0].shape -> (B, T, 7)
    """

    def __init__(self, body, n_classes, hidden=64):
        super().__init__(body, n_classes)
        width = body.config.n_embd
        self.gru = nn.GRU(width, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Linear(width + 2 * hidden, n_classes)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def features(self, idx):
        """idx (B, T) -> each token's vector and the GRU's two states there (B, T, C + 2H);
        padding never reaches the right-to-left pass. The inherited forward adds the head
        and the loss."""
        h = self.body.hidden_states(idx)  # (B, T, C)
        lengths = (idx != PAD_ID).sum(1).clamp(min=1).cpu()  # (B,)
        packed = pack_padded_sequence(
            h, lengths, batch_first=True, enforce_sorted=False
        )
        both, _ = pad_packed_sequence(
            self.gru(packed)[0], batch_first=True, total_length=idx.size(1)
        )  # (B, T, 2H)
        return torch.cat([h, both], dim=-1)


def tune_bidirectional(train, body, tok, seed):
    """A BidirectionalTagger tuned like tune_entities(train, "full", ...)."""
    recipe = recipe_for("entities")
    ids, labels = encode_entities(tok, train, "once")  # (n, T), (n, T)
    torch.manual_seed(seed)
    tuned = body_to_tune("full", body, recipe["dropout"])
    model = BidirectionalTagger(tuned, len(ENTITY_TAGS))
    head = [*model.gru.parameters(), *model.head.parameters()]
    groups = [
        {"params": model.body.parameters(), "lr": recipe["lr"]},
        {"params": head, "lr": recipe["head_lr"]},
    ]
    fit(
        model,
        lambda idx: model(*trim(ids[idx], labels[idx]))[1],
        len(ids),
        tuning_steps(len(ids), recipe),
        recipe["batch_size"],
        groups,
        seed=seed,
    )
    model.reading, model.tags = "once", ENTITY_TAGS
    return model.eval()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--json-out", help="also write the JSON line to this file")
    args = parser.parse_args(argv)
    body, tok = load_model()
    sets = {
        "validation": entity_examples("valid"),
        "unseen": entity_examples("unseen"),
        "stress": entity_examples("test"),
        "wild": wild_entity_examples(),
    }
    heads = {
        "next": lambda chosen, seed: tune_entities(
            chosen, "full", body, tok, seed=seed
        ),
        "bidirectional": lambda chosen, seed: tune_bidirectional(
            chosen, body, tok, seed
        ),
    }
    scores = {head: {name: [] for name in sets} for head in heads}
    for seed in args.seeds:
        chosen = draw_k(entity_examples("train"), 64, seed)
        for head, tune in heads.items():
            tagger = tune(chosen, seed)
            for name, rows in sets.items():
                gold = [e["tags"] for e in rows]
                scores[head][name].append(
                    entity_f1(gold, predict_tags(tagger, tok, rows))
                )
            shown = ", ".join(f"{n} {v[-1]:.3f}" for n, v in scores[head].items())
            print(f"seed {seed} {head:>13}: {shown}", flush=True)
    means = {
        head: {name: round(sum(v) / len(v), 3) for name, v in by_set.items()}
        for head, by_set in scores.items()
    }
    line = json.dumps({"seeds": args.seeds, "mean_f1": means})
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
