"""Solutions to lesson 10b's exercises."""


def toxic_f1(predicted, gold):
    true_pos = sum(p == g == "toxic" for p, g in zip(predicted, gold))
    flagged, toxic = predicted.count("toxic"), gold.count("toxic")
    precision = true_pos / flagged if flagged else 0.0
    recall = true_pos / toxic if toxic else 0.0
    f1 = 2 * precision * recall / (precision + recall) if true_pos else 0.0
    return precision, recall, f1
