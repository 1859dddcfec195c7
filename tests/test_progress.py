"""What a reader sees without a kernel: the progress line of `helpers.train.train` (its
text, its throttling, that a notebook executed by nbclient stores its final state, that it
leaves the run's numbers alone) and the caption that a live widget stores as its text."""

import re
from pathlib import Path

import pytest
import torch

from helpers import progress
from helpers.gpt import GPT, GPTConfig
from helpers.progress import Progress, progress_line
from helpers.train import train

ROOT = Path(__file__).resolve().parents[1]


def test_progress_line_while_running_and_at_the_end():
    assert progress_line(400, 800, "steps", 8.0) == (
        "|██████████          | 400/800 steps, 8 s, ~8 s left"
    )
    assert progress_line(800, 800, "steps", 16.2, final=True) == (
        "|████████████████████| 800/800 steps, 16 s"
    )
    # a time budget: counted in seconds, the steps as a note
    assert progress_line(25, 100, "s", 25.0, note="300 steps") == (
        "|█████               | 25/100 s, 300 steps, ~75 s left"
    )
    assert progress_line(0, 800, "steps", 0.0) == f"|{' ' * 20}| 0/800 steps, 0 s"


class FakeHandle:
    """Stands in for IPython's DisplayHandle: records each rewrite of the line."""

    def __init__(self):
        self.lines = []

    def update(self, data, raw):
        assert raw
        self.lines.append(data["text/plain"])


@pytest.fixture
def fake_display(monkeypatch):
    handle = FakeHandle()

    def display(data, raw, display_id):
        assert raw and display_id is True
        handle.lines.append(data["text/plain"])
        return handle

    monkeypatch.setattr("IPython.display.display", display)
    return handle


def test_notebook_line_is_throttled_and_ends_in_its_final_state(fake_display):
    bar = Progress(100, "steps", notebook=True)
    for done in range(1, 100):  # far faster than MIN_INTERVAL: one rewrite shows
        bar.update(done, seconds=done / 100)
    bar.close(100, seconds=1.0)
    assert fake_display.lines == [
        progress_line(0, 100, "steps", 0.0),
        progress_line(1, 100, "steps", 0.01),
        "|████████████████████| 100/100 steps, 1 s",
    ]


def test_terminal_falls_back_to_tqdm_on_stderr(capsys):
    bar = Progress(800, "steps", notebook=False)
    bar.update(400, seconds=8.0)
    bar.close(800, seconds=16.0)
    err = capsys.readouterr().err
    assert "400/800 steps" in err and "50%" in err
    assert not progress.in_notebook()  # pytest is no Jupyter kernel


def tiny_run(progress_on):
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16))
    ids = torch.arange(200) % 11
    history = train(
        model, ids, ids, steps=20, eval_every=10, progress=progress_on, seed=0
    )
    return [(h["step"], h["train_loss"], h["val_loss"]) for h in history], model


def test_progress_changes_no_number_of_the_run(fake_display, monkeypatch, one_thread):
    monkeypatch.setattr(progress, "in_notebook", lambda: True)
    with_bar, model_a = tiny_run(True)
    without, model_b = tiny_run(False)
    assert with_bar == without
    assert all(
        torch.equal(a, b) for a, b in zip(model_a.parameters(), model_b.parameters())
    )
    assert re.fullmatch(r"\|█{20}\| 20/20 steps, \d+ s", fake_display.lines[-1])


NOTEBOOK_CODE = """\
import torch
from helpers.gpt import GPT, GPTConfig
from helpers.train import train

torch.manual_seed(0)
model = GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16))
ids = torch.arange(200) % 11
history = train(model, ids, ids, steps=20, eval_every=10, progress=True, seed=0)
print(f"trained {history[-1]['step']} steps in {history[-1]['seconds']:.0f} s")
"""


def test_a_notebook_stores_the_final_progress_line(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    )
    client.execute()
    path = tmp_path / "tiny_training.ipynb"
    nbformat.write(nb, path)

    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data", "stream"]
    line = outputs[0].data["text/plain"]
    assert list(outputs[0].data) == ["text/plain"]  # no widget, so no trust needed
    assert re.fullmatch(r"\|█{20}\| 20/20 steps, \d+ s", line)
    seconds = re.search(r"(\d+) s$", line).group(1)
    assert outputs[1].text == f"trained 20 steps in {seconds} s\n"


def test_a_live_widget_says_so_where_it_cannot_be_drawn():
    from helpers.widgets import LIVE, hosting_widget

    widget = hosting_widget()
    caption = "set size, precision, GPU, users, context; see the GPUs needed."
    shown = widget._repr_mimebundle_()
    # a notebook that is not trusted shows the text form: the caption, not the controls
    assert shown["text/plain"] == LIVE + caption
    assert "application/vnd.jupyter.widget-view+json" in shown
    label, *controls, out = widget.children
    assert label.value == f"<b>Live widget</b> (needs a running kernel): {caption}"
    assert [c.description for c in controls] == [
        "parameters",
        "weights",
        "GPU GB",
        "users",
        "context",
    ]
    assert out is widget.out  # the function's output still lands below the controls
