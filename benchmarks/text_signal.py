"""How much sentiment the "unlabeled" pretraining text carries in its hidden labels: a
bag-of-words classifier (helpers.tuning's "bow") trained on the text's own rated
reviews (helpers.data.stats.rated_reviews: a review line with its closing "Rating: N out
of 5.", "Two stars." or "Overall, it was great.", the verdict cut off), scored on the
shipped sentiment test set, on data/wild's hand-written reviews and on a dev file.

A reference for the foundation model, not a model the lessons use: if words alone,
learned from the text's own ratings, reach a figure on the wild set that the pretrained
model does not, the signal is in the text and the model has not absorbed it.

Usage: python benchmarks/text_signal.py [--dev benchmarks/dev/everyday_sentiment.tsv]
           [--json-out FILE]
Prints one line per text (each pretraining file alone, the first foundation models' three
files, and those with corpus/broad.txt, the recipe's text), then one JSON line.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpers.data import (  # noqa: E402
    read_text,
    sentiment_examples,
    wild_sentiment_examples,
)
from helpers.data.stats import rated_reviews  # noqa: E402
from helpers.evaluate import read_labeled_tsv  # noqa: E402
from helpers.pretrain import BROAD_FILE, PRETRAIN_FILES  # noqa: E402
from helpers.tuning import tune_sentiment  # noqa: E402

FIRST_THREE = [name for name in PRETRAIN_FILES if name != BROAD_FILE]
TEXTS = {
    **{name: [name] for name in PRETRAIN_FILES},
    "the first models' three files": FIRST_THREE,
    "three files + broad (the recipe)": list(PRETRAIN_FILES),
}


def accuracy(classifier, rows):
    predicted = classifier.predict([text for _, text in rows])
    return round(sum(p == g for p, (g, _) in zip(predicted, rows)) / len(rows), 4)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dev", help="also score this label<TAB>text file")
    p.add_argument("--json-out", help="also write the JSON here")
    args = p.parse_args(argv)
    sets = {"test": sentiment_examples("test"), "wild": wild_sentiment_examples()}
    if args.dev:
        sets["dev"] = read_labeled_tsv(args.dev)
    results = []
    for name, files in TEXTS.items():
        rows = [row for f in files for row in rated_reviews(read_text(f))]
        if len({label for label, _ in rows}) < 2:
            results.append({"text": name, "rated_reviews": len(rows)})
            continue
        classifier = tune_sentiment(rows, "bow", seed=0)
        scores = {key: accuracy(classifier, examples) for key, examples in sets.items()}
        results.append({"text": name, "rated_reviews": len(rows)} | scores)
        print(
            f"{name}: {len(rows):,} rated reviews; bag of words on them: "
            + ", ".join(f"{key} {value:.3f}" for key, value in scores.items())
        )
    line = json.dumps({"results": results})
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
