"""Shared test helpers: the instructors' solutions by lesson number, and a one-thread torch."""

import importlib.util
from pathlib import Path

import pytest
import torch

SOLUTIONS = Path(__file__).resolve().parents[1] / "instructors"


def load_solutions(lesson):
    """The module instructors/solutions_<lesson>.py. Example: load_solutions("01").perplexity_of"""
    path = SOLUTIONS / f"solutions_{lesson}.py"
    spec = importlib.util.spec_from_file_location(f"solutions_{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def solutions():
    """A function that loads a lesson's solutions: solutions("04").split_heads"""
    return load_solutions


@pytest.fixture
def one_thread():
    """Run torch on one thread: tiny tensors are fastest so, and tests stay quick on a
    busy machine."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
