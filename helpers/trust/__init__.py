"""Trust, measured (lesson 10): what a model absorbs from text nobody read in full.

Handles, one module per problem:
    memorisation   canary exposure, extraction by greedy decoding, deduplication
    membership     was a document in the training data? loss and zlib-calibrated attacks, AUC
    bias           a planted pronoun bias measured in and out of its frames, two fixes,
                   bias nobody planted (pronoun lean, a classifier that reacts to names)
    toxicity       word list vs bag of words vs tuned model on a hard test; filtering a corpus
                   and its collateral damage
    calibration    confident wrong answers: reliability, ECE, abstention
and the command that runs the fuller experiments (`python -m helpers.trust PART`).
Leaves out: differential privacy, red-teaming with people, and real toxicity or real
people's data: every secret, bias and insult here was planted by the project's generator.
"""


def rounded(value):
    """Floats rounded to 4 digits, tuples as lists, all the way down: a run's results as the
    JSON the lessons ship. Example: rounded({"auc": (0.123456, 1)}) -> {'auc': [0.1235, 1]}"""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value
