"""A progress line for training loops that a saved notebook keeps in its final state.

Handles: in a notebook, one plain-text output that is rewritten in place (an IPython
display handle), so the saved notebook reads "|██████████| 800/800 steps, 16 s" where a
tqdm bar would be stored at 0% (or as a widget that needs a trusted notebook to draw);
in a terminal, tqdm on stderr, cleared when done.
Leaves out: nested bars, rates, and smoothing the estimate of the time left.
"""

import time

BAR_WIDTH = 20  # characters of the bar itself
MIN_INTERVAL = 0.2  # seconds between rewrites of a notebook line; the last always shows


def progress_line(done, total, unit, seconds, note="", final=False):
    """One line of progress text; while running it adds an estimate of the time left.

    Example: progress_line(400, 800, "steps", 8.0)
             -> '|██████████          | 400/800 steps, 8 s, ~8 s left'
             progress_line(800, 800, "steps", 16.2, final=True)
             -> '|████████████████████| 800/800 steps, 16 s'
    """
    fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 1.0
    filled = round(fraction * BAR_WIDTH)
    parts = [
        f"|{'█' * filled}{' ' * (BAR_WIDTH - filled)}| {done:.0f}/{total:.0f} {unit}"
    ]
    if unit != "s":
        parts.append(f"{seconds:.0f} s")
    if note:
        parts.append(note)
    if not final and 0 < fraction < 1:
        parts.append(f"~{seconds * (1 - fraction) / fraction:.0f} s left")
    return ", ".join(parts)


def in_notebook():
    """True inside a Jupyter kernel (JupyterLab, nbclient, nbval), False in a terminal or
    a plain script."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class Progress:
    """Progress towards `total` `unit`s: a line rewritten in place in a notebook, tqdm in a
    terminal.

    Example:
        bar = Progress(800, "steps")
        bar.update(400, seconds=8.0)     # notebook: |██████████          | 400/800 steps, ...
        bar.close(800, seconds=16.2)     # notebook keeps: |████...| 800/800 steps, 16 s
    It only reads the numbers it is given: no random numbers, no tensors.
    """

    def __init__(self, total, unit, notebook=None):
        self.total, self.unit = total, unit
        self.notebook = in_notebook() if notebook is None else notebook
        self.shown_at = None  # time.monotonic() of the last rewrite
        if self.notebook:
            from IPython.display import display

            self.handle = display(
                {"text/plain": progress_line(0, total, unit, 0.0)},
                raw=True,
                display_id=True,
            )
        else:
            from tqdm import tqdm

            self.tqdm = tqdm(
                total=total,
                unit=unit,
                leave=False,
                bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} {unit} "
                "[{elapsed}<{remaining}]{postfix}",
            )

    def update(self, done, seconds, note=""):
        """Show `done` of the total after `seconds`; a notebook line is rewritten at most
        every MIN_INTERVAL seconds."""
        if not self.notebook:
            self.tqdm.n = done
            self.tqdm.refresh()
            return
        now = time.monotonic()
        if self.shown_at is None or now - self.shown_at >= MIN_INTERVAL:
            self._show(progress_line(done, self.total, self.unit, seconds, note))
            self.shown_at = now

    def close(self, done, seconds, note=""):
        """The final state: a notebook keeps it as the cell's output; tqdm clears its bar."""
        if self.notebook:
            line = progress_line(done, self.total, self.unit, seconds, note, final=True)
            self._show(line)
        else:
            self.tqdm.close()

    def _show(self, line):
        self.handle.update({"text/plain": line}, raw=True)
