"""How honest a model's confidence is: the expected calibration error and the reliability
table behind a reliability diagram, shared by lesson 08 (two answers) and lesson 10 (four).

Handles: binning answers by confidence into equal-width bins (`confidence_bins`), the
expected calibration error (`expected_calibration_error`), the per-bin table
(`reliability_table`), and the confidence and correctness of two-answer predictions read
from P(positive) (`two_way_confidence`).
Leaves out: bins of equal counts, and fixing the calibration (lesson 08 divides by a
prompt's lean, lesson 10 abstains below a threshold).
"""

import torch

N_BINS = 10  # equal-width confidence bins, as in Guo et al. 2017


def confidence_bins(confidence, n_bins):
    """Bin of each confidence: [0, 1/n), [1/n, 2/n), ..., the last bin also holds 1.0.

    Example: confidence_bins([0.05, 0.5, 1.0], 10) -> tensor([0, 5, 9])
    """
    confidence = torch.as_tensor(confidence, dtype=torch.float64)
    return (confidence * n_bins).floor().clamp(0, n_bins - 1).long()


def expected_calibration_error(confidence, correct, n_bins=N_BINS):
    """How far confidence is from accuracy, on average over answers (0 = calibrated).

    Answers go into `n_bins` equal-width bins of confidence ([0, 0.1), [0.1, 0.2), ...,
    [0.9, 1.0] for 10); each bin adds |its accuracy - its mean confidence| times its
    share of the answers (Naeini et al. 2015; Guo et al. 2017).
    Example: expected_calibration_error([0.9, 0.9, 0.6, 0.6, 0.6], [1, 0, 1, 1, 0]) -> 0.2
             (bin [0.9, 1]: |1/2 - 0.9| x 2/5 = 0.16; bin [0.6, 0.7): |2/3 - 0.6| x 3/5 = 0.04)
    """
    confidence = torch.as_tensor(confidence, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.float64)
    if confidence.shape != correct.shape or confidence.numel() == 0:
        raise ValueError(
            f"need one confidence per answer, got {tuple(confidence.shape)} confidences "
            f"and {tuple(correct.shape)} correct flags; pass two lists of the same length"
        )
    if bool(((confidence < 0) | (confidence > 1)).any()):
        raise ValueError(
            "confidences must be probabilities in [0, 1]; pass the top probability"
        )
    bins = confidence_bins(confidence, n_bins)  # (N,)
    # share x |accuracy - confidence| = |sum of (correct - confidence) in the bin| / N
    gaps = torch.zeros(n_bins, dtype=torch.float64).index_add_(
        0, bins, correct - confidence
    )
    return float(gaps.abs().sum() / len(confidence))


def reliability_table(confidence, correct, n_bins=N_BINS):
    """Per non-empty confidence bin: its range, how many answers, their accuracy and
    mean confidence (the points of a reliability diagram).

    Example: reliability_table([0.92, 0.95, 0.3], [1, 0, 0], n_bins=10)
             -> [{'low': 0.3, 'high': 0.4, 'count': 1, 'accuracy': 0.0, 'confidence': 0.3},
                 {'low': 0.9, 'high': 1.0, 'count': 2, 'accuracy': 0.5, 'confidence': 0.935}]
    """
    confidence = torch.as_tensor(confidence, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.float64)
    bins = confidence_bins(confidence, n_bins)
    return [
        {
            "low": b / n_bins,
            "high": (b + 1) / n_bins,
            "count": int((bins == b).sum()),
            "accuracy": float(correct[bins == b].mean()),
            "confidence": float(confidence[bins == b].mean()),
        }
        for b in bins.unique().tolist()
    ]


def two_way_confidence(p_positive, gold):
    """Confidence and correctness of two-answer predictions: the answer is "positive" when
    P(positive) > 0.5, and its confidence is max(p, 1 - p), so at least 0.5.

    Example: two_way_confidence([0.9, 0.2], ["positive", "positive"])
             -> (tensor([0.9, 0.8]), tensor([True, False]))
    """
    p = torch.as_tensor(p_positive, dtype=torch.float64)  # (N,)
    if p.dim() != 1 or len(p) != len(gold):
        raise ValueError(
            f"need one P(positive) per gold label, got {tuple(p.shape)} and {len(gold)}"
        )
    truth = torch.tensor([g == "positive" for g in gold])  # (N,)
    return torch.maximum(p, 1 - p), (p > 0.5) == truth
