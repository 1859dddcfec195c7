"""Solutions to lesson 11's exercises."""

import torch


def guided_logits(with_caption, without, guidance):
    return with_caption + guidance * (with_caption - without)


def nearest_distance(pictures, reference):
    return torch.cdist(pictures.double(), reference.double()).min(dim=1).values
