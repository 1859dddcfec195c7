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
