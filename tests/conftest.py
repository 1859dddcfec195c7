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


def pytest_configure(config):
    """Under HELPERS_THREADS=N (`make test` sets 1) every test's torch starts on N threads,
    as the lessons do. Without it, a test in one of `make test`'s two processes ran on both
    cores while the other process used one of them too: tiny operations then wait for a
    descheduled thread, and a 0.3 s test took 35 s."""
    from helpers.environment import forced_threads

    threads = forced_threads()
    if threads is not None:
        torch.set_num_threads(threads)


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
