"""Set the stage for a lesson: seeds, threads, device, plot style, versions.

Handles: making a notebook print the same numbers every run, on any laptop, and the
device and thread count the training commands use (`pick_device`, `thread_budget`).
Leaves out: installing anything (the README's `make` commands do that).
"""

import os
import platform
import random

import numpy as np
import torch

DEFAULT_THREADS = 2  # the series' budgets are measured on a 2-core CPU
# Set HELPERS_THREADS=N to run every lesson on exactly N threads, even more than the
# cores: a thread count splits sums differently, so `make test-portable` uses it to
# check that compared outputs do not depend on it.
THREADS_VARIABLE = "HELPERS_THREADS"

_versions_printed = False


def pick_device(name="cpu"):
    """The torch device `name`: 'cpu', 'cuda', or 'auto' (CUDA when present, else CPU).

    Lessons run on the CPU unless you opt in; the training commands pass their --device.
    Example: pick_device() -> device(type='cpu'); pick_device('auto') -> the same on a
    laptop without a GPU
    """
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            "device 'cuda' was asked for but torch sees no CUDA device; "
            "use 'cpu' (--device cpu)"
        )
    return torch.device(name)


def thread_budget(asked=None):
    """The torch threads (or one-thread worker processes) a command uses: `asked` when
    given, else DEFAULT_THREADS, or fewer on a machine with fewer cores.

    Example: thread_budget() -> 2 on a 4-core laptop, 1 on a 1-core one;
             thread_budget(8) -> 8
    """
    return asked or min(DEFAULT_THREADS, os.cpu_count() or DEFAULT_THREADS)


def seed_everything(seed):
    """Seed Python, NumPy and torch so that a run repeats. Example: seed_everything(0)"""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(
            f"seed must be a non-negative integer, got {seed!r}; use 0 if unsure"
        )
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def forced_threads():
    """The thread count HELPERS_THREADS asks for, or None. Example: HELPERS_THREADS=4 -> 4"""
    value = os.environ.get(THREADS_VARIABLE, "")
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValueError(
            f"{THREADS_VARIABLE}={value!r} is not a positive whole number; "
            f"unset it or use e.g. {THREADS_VARIABLE}=1"
        )
    return int(value)


def versions():
    """Versions that matter for reproducing a lesson, as a dict of strings."""
    import matplotlib

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
    }


def setup(seed=0, threads=DEFAULT_THREADS, use_cuda=False, quiet=False):
    """Seed, fix the thread count, pick the device, set the plot style; print versions once.

    Example: device = setup(seed=0)
    # prints: python 3.11.7, torch 2.13.0, numpy 2.4.0, 2 CPU threads, device cpu
    The environment variable HELPERS_USE_CUDA=1 opts in to the GPU as well, and
    HELPERS_THREADS=N forces N threads (see THREADS_VARIABLE).
    Returns the torch.device to use.
    """
    global _versions_printed
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(
            f"threads must be a positive integer, got {threads!r}; use 2 on a laptop"
        )
    seed_everything(seed)
    threads = forced_threads() or min(threads, os.cpu_count() or threads)
    torch.set_num_threads(threads)
    use_cuda = use_cuda or os.environ.get("HELPERS_USE_CUDA") == "1"
    device = pick_device("auto" if use_cuda else "cpu")
    _set_plot_style()
    if not quiet and not _versions_printed:
        found = ", ".join(f"{name} {version}" for name, version in versions().items())
        print(f"{found}, {threads} CPU threads, device {device}")
        _versions_printed = True
    return device


def _set_plot_style():
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "figure.figsize": (7, 3.5),
            "figure.dpi": 90,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
