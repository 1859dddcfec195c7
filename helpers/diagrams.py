"""The series' drawn diagrams: boxes and arrows, made with matplotlib patches.

Handles: one function per diagram, each returning a matplotlib Figure (the lesson map,
next-token prediction, the transformer block, attention for one token, pretrain -> tune
or prompt, where training cost goes), and a command that writes them all as SVG:

    python -m helpers.diagrams --out notebooks/figures

The SVG bytes are the same on every run (a fixed id salt, no date), so the committed
files can be compared with what this code draws now (tests/test_diagrams.py).
Leaves out: measured numbers. The diagrams show structure and the exact counts of the
formulas (2N, 6N, 16 bytes); bar lengths that stand for probabilities or attention
weights are illustrative, and the lessons measure the real ones.
"""

import argparse
import io
import sys
from pathlib import Path

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

from helpers.safe_output import write_text_atomically

# Drawing and saving happen under matplotlib's defaults plus these, whatever the user's
# matplotlibrc or a lesson's setup() says, so every machine writes the same bytes.
STYLE = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "svg.fonttype": "path",  # text drawn as outlines: looks the same in every browser
    "svg.hashsalt": "helpers.diagrams",  # fixed ids instead of random ones
}
SVG_METADATA = {"Date": None, "Creator": None}  # no timestamp, no version stamp
TEXT = 12  # points; the smallest text is SMALL, readable on a projector
SMALL = 11
MAX_WIDTH_IN = 8.5  # 8.5 in x 96 px/in = 816 px, inside a projector's 850 px budget

INK = "#222222"
GREY = "#8a8a8a"
FILLS = {
    "start": "#eeeeee",
    "pieces": "#d6e6f5",  # lessons 01-05: from counting to a transformer
    "foundation": "#d9efd5",  # lessons 06-08: one pretrained model, many tasks
    "cost": "#fde2c4",  # lesson 09
    "domains": "#e6dcf2",  # lessons 11-13: the same recipe beyond text
    "coming": "#f6f6f6",
    "attention": "#fbe3e8",
    "mlp": "#e4e0f3",
    "norm": "#fff4c9",
}


def _canvas(width, height):
    """A figure `width` x `height` inches whose data coordinates are inches, axes hidden."""
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def _box(ax, x, y, w, h, text, fill, size=TEXT, dashed=False, color=INK, bold=False):
    """A rounded box centred on (x, y), `w` x `h` inches, with centred text."""
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.08",
            facecolor=fill,
            edgecolor=GREY if dashed else INK,
            linestyle=(0, (4, 3)) if dashed else "-",
            linewidth=1.2,
        )
    )
    weight = "bold" if bold else "normal"
    ax.text(x, y, text, ha="center", va="center", size=size, color=color, weight=weight)


def _arrow(ax, start, end, color=INK, bend=0.0, width=1.3, dashed=False):
    """An arrow from `start` to `end` (x, y in inches); `bend` curves it (0 is straight)."""
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            connectionstyle=f"arc3,rad={bend}",
            color=color,
            linewidth=width,
            linestyle=(0, (4, 3)) if dashed else "-",
            shrinkA=0,
            shrinkB=0,
        )
    )


def _note(ax, x, y, text, ha="left", color=GREY, size=SMALL, style="italic"):
    """Small explanatory text at (x, y)."""
    ax.text(x, y, text, ha=ha, va="center", size=size, color=color, style=style)


LESSONS = [  # (number, title on the map, part of the series)
    ("00", "Start here", "start"),
    ("01", "Next word\nby counting", "pieces"),
    ("02", "From counts to\na neural net", "pieces"),
    ("03", "Tokens", "pieces"),
    ("04", "Attention", "pieces"),
    ("05", "A tiny\ntransformer", "pieces"),
    ("06", "A foundation\nmodel", "foundation"),
    ("06b", "A scaling\nstudy", "foundation"),
    ("07", "Tuning", "foundation"),
    ("08", "Prompting", "foundation"),
    ("08b", "Prompt\nor tune?", "foundation"),
    ("09", "Cost", "cost"),
    ("09b", "Big models", "cost"),
    ("10", "Trust", "cost"),
    ("10b", "Bias and\ntoxicity", "cost"),
    ("11", "Pictures", "domains"),
    ("11b", "Spotting\ndefects", "domains"),
    ("12", "Molecules", "domains"),
    ("12b", "Climate", "domains"),
    ("13", "An\nassistant", "domains"),
    ("13b", "Playbooks", "domains"),
    ("13c", "Code\ncompletion", "domains"),
    ("13d", "Search that\nanswers", "domains"),
    ("14", "What we\nbuilt", "start"),
]
PARTS = [
    ("pieces", "01–05: from counting to a transformer"),
    ("foundation", "06–08b: one pretrained model, many tasks"),
    ("cost", "09–10b: what it costs, what to trust"),
    ("domains", "11–13d: beyond text"),
    ("coming", "dashed: still to come"),
]


def lesson_map():
    """The lessons as a path of boxes, five to a row, coloured by part; those still to
    come grey and dashed.

    Example: lesson_map().savefig("map.svg")
    """
    n_rows = -(-len(LESSONS) // 5)
    height = 1.35 * n_rows + 0.75
    fig, ax = _canvas(MAX_WIDTH_IN, height)
    w, h, step = 1.42, 0.95, 1.66
    rows = [
        height - 1.45 - 1.35 * r for r in range(n_rows)
    ]  # box centres, top row first
    for i, (number, title, part) in enumerate(LESSONS):
        row, col = divmod(i, 5)
        col = col if row % 2 == 0 else 4 - col  # the path snakes back on the middle row
        x, y = 0.93 + col * step, rows[row]
        coming = part == "coming"
        colour = GREY if coming else INK
        _box(ax, x, y, w, h, "", FILLS[part], dashed=coming)
        ax.text(x, y + 0.25, number, ha="center", va="center", size=TEXT, color=colour)
        ax.text(x, y - 0.1, title, ha="center", va="center", size=SMALL, color=colour)
        if i == len(LESSONS) - 1:
            continue
        arrow_colour = GREY if LESSONS[i + 1][2] == "coming" else INK
        if i % 5 == 4:  # end of a row: down to the next
            _arrow(ax, (x, y - h / 2), (x, rows[row + 1] + h / 2), arrow_colour)
        else:
            direction = 1 if row % 2 == 0 else -1
            start = (x + direction * w / 2, y)
            _arrow(ax, start, (x + direction * (step - w / 2), y), arrow_colour)
    drawn = {part for *_, part in LESSONS}
    shown = [(part, label) for part, label in PARTS if part in drawn]
    for k, (part, label) in enumerate(shown):  # the legend, two by two
        x, y = 0.25 + (k % 2) * 4.2, height - 0.2 - (k // 2) * 0.3
        ax.add_patch(
            Rectangle((x, y - 0.09), 0.22, 0.18, facecolor=FILLS[part], edgecolor=GREY)
        )
        ax.text(x + 0.3, y, label, va="center", size=SMALL, color=INK)
    return fig


def _width(word):
    """Inches of box for a word at TEXT points (about 0.1 in a character, plus padding)."""
    return 0.3 + 0.1 * len(word)


def _word_row(ax, words, x, y, highlight=None):
    """Boxes for `words` left to right from x; the word at index `highlight` is coloured.
    Returns the x of the right edge."""
    for i, word in enumerate(words):
        w = _width(word)
        fill = FILLS["foundation"] if i == highlight else "white"
        _box(ax, x + w / 2, y, w, 0.42, word, fill)
        x += w + 0.08
    return x - 0.08


def next_token_prediction():
    """A prefix goes into the model, out comes a probability for every possible next
    word; one is picked, appended, and the model predicts again.

    Example: next_token_prediction().savefig("next.svg")
    """
    fig, ax = _canvas(MAX_WIDTH_IN, 3.2)
    words = ["no", "use", "crying", "over", "spilled"]
    right = _word_row(ax, words, 0.2, 2.5)
    _arrow(ax, (right + 0.06, 2.5), (4.45, 2.5))
    _box(ax, 5.1, 2.5, 1.3, 0.72, "language\nmodel", FILLS["pieces"], bold=True)
    _arrow(ax, (5.75, 2.5), (6.1, 2.5))
    candidates = [("milk", 1.45), ("water", 0.45), ("tea", 0.3), ("the", 0.18)]
    for i, (word, length) in enumerate(candidates):  # illustrative lengths
        y = 2.95 - i * 0.3
        ax.text(6.7, y, word, ha="right", va="center", size=SMALL, color=INK)
        fill = FILLS["foundation"] if i == 0 else FILLS["pieces"]
        ax.add_patch(
            Rectangle((6.77, y - 0.1), length, 0.2, facecolor=fill, edgecolor=INK)
        )
    _note(ax, 7.4, 1.6, "a probability for every\npossible next word", ha="center")
    right = _word_row(ax, words + ["milk"], 0.2, 0.75, highlight=5)
    _arrow(ax, (6.4, 1.95), (right - 0.2, 0.98), bend=-0.25)
    pick = "pick one (the likeliest,\nor sample), append it,\npredict again"
    _note(ax, right + 0.3, 0.75, pick)
    _note(
        ax, 0.2, 0.2, "one word at a time: each output becomes part of the next input"
    )
    return fig


def transformer_block():
    """The GPT of lesson 05: embeddings, n_layer pre-LayerNorm blocks (attention and MLP,
    each added back on the residual path), a final LayerNorm, a head tied to the token
    embedding.

    Example: transformer_block().savefig("block.svg")
    """
    fig, ax = _canvas(MAX_WIDTH_IN, 6.6)
    stream, branch, tie = (
        2.25,
        4.2,
        0.4,
    )  # x of the residual path, the sublayers, the tie
    ax.text(stream, 6.35, "token ids", ha="center", va="center", size=TEXT, color=INK)
    _arrow(ax, (stream, 6.15), (stream, 5.92))
    _box(ax, stream, 5.65, 3.0, 0.5, "token + position embedding", "white")
    _note(ax, 3.9, 5.65, "wte: a vector per token, wpe: one per position")
    ax.add_patch(  # the repeated block
        FancyBboxPatch(
            (0.6, 1.45),
            5.6,
            3.75,
            boxstyle="round,pad=0,rounding_size=0.12",
            facecolor="none",
            edgecolor=GREY,
            linestyle=(0, (5, 3)),
            linewidth=1.4,
        )
    )
    ax.text(0.75, 4.98, "× n_layer", ha="left", va="center", size=TEXT, color=INK)
    ax.text(0.75, 4.7, "blocks", ha="left", va="center", size=SMALL, color=GREY)
    ax.plot([stream, stream], [5.4, 1.3], color=INK, linewidth=1.3)
    sublayers = [  # (y of the LayerNorm, label, fill, note)
        (
            4.8,
            "causal self-attention",
            FILLS["attention"],
            "tokens exchange\ninformation",
        ),
        (3.05, "MLP: C → 4C, GELU, → C", FILLS["mlp"], "each token\non its own"),
    ]
    for y, label, fill, note in sublayers:
        _arrow(ax, (stream, y + 0.2), (branch - 1.0, y))
        _box(ax, branch, y, 2.0, 0.4, "LayerNorm", FILLS["norm"])
        _arrow(ax, (branch, y - 0.2), (branch, y - 0.45))
        _box(ax, branch, y - 0.7, 2.5, 0.5, label, fill)
        _note(ax, branch + 1.4, y - 0.7, note)
        plus_y = y - 1.35
        _arrow(ax, (branch, y - 0.95), (stream + 0.17, plus_y), bend=-0.3)
        ax.add_patch(
            Circle((stream, plus_y), 0.16, facecolor="white", edgecolor=INK, zorder=3)
        )
        ax.text(stream, plus_y, "+", ha="center", va="center", size=TEXT, zorder=4)
    _note(ax, 0.75, 3.4, "residual\npath:\nx + f(LN(x))", color=INK, style="normal")
    _arrow(ax, (stream, 1.3), (stream, 1.16))
    _box(ax, stream, 0.95, 2.2, 0.42, "final LayerNorm", FILLS["norm"])
    _arrow(ax, (stream, 0.74), (stream, 0.6))
    _box(ax, stream, 0.37, 3.0, 0.46, "head: one score per token", "white")
    _arrow(ax, (stream + 1.5, 0.37), (stream + 2.0, 0.37))
    _note(ax, stream + 2.1, 0.37, "softmax → next-token probabilities", color=INK)
    left = stream - 1.5  # the boxes' left edge: the tie runs from the head to wte
    ax.plot([left, tie, tie], [0.37, 0.37, 5.65], color=GREY, linestyle=(0, (4, 3)))
    _arrow(ax, (tie, 5.65), (left, 5.65), color=GREY)
    ax.text(
        tie - 0.17,
        3.1,
        "tied: the same matrix",
        rotation=90,
        ha="center",
        va="center",
        size=SMALL,
        color=GREY,
        style="italic",
    )
    return fig


def attention_qkv():
    """Self-attention for the token "sat" in "the cat sat down": its query scores every
    earlier token's key, a softmax turns scores into weights, the output is the weighted
    sum of the values. "down" comes later and is masked.

    Example: attention_qkv().savefig("attention.svg")
    """
    fig, ax = _canvas(MAX_WIDTH_IN, 4.9)
    cols = {"token": 0.55, "key": 1.65, "score": 3.0, "weight": 4.45, "value": 5.75}
    rows = [("the", 0.35), ("cat", 1.0), ("sat", 0.3), ("down", 0.0)]  # illustrative
    maps = "every token makes a key k and a value v, and a query q for its own output"
    _note(ax, 0.15, 4.65, maps + " (three learned linear maps)")
    query_y = 4.1
    _box(ax, cols["score"], query_y, 1.5, 0.45, "query q of “sat”", FILLS["attention"])
    _note(ax, cols["score"] + 0.85, query_y, "what “sat” is looking for")
    _arrow(ax, (cols["score"], query_y - 0.23), (cols["score"], 3.52))
    for i, (token, weight) in enumerate(rows):
        y = 3.2 - i * 0.7
        masked = token == "down"
        ink = dict(dashed=masked, color=GREY if masked else INK)
        fill = "white" if masked else FILLS["pieces"]
        _box(ax, cols["token"], y, 0.8, 0.42, token, fill, **ink)
        _arrow(ax, (cols["token"] + 0.42, y), (cols["key"] - 0.42, y), ink["color"])
        _box(ax, cols["key"], y, 0.8, 0.42, "key k", "white", **ink)
        _arrow(ax, (cols["key"] + 0.42, y), (cols["score"] - 0.72, y), ink["color"])
        score = "−∞ (masked)" if masked else "q · k / √d"
        _box(ax, cols["score"], y, 1.4, 0.42, score, "white", **ink)
        _arrow(ax, (cols["score"] + 0.72, y), (cols["weight"] - 0.6, y), ink["color"])
        bar = Rectangle(
            (cols["weight"] - 0.55, y - 0.12),
            weight,
            0.24,
            facecolor=FILLS["attention"],
            edgecolor=INK,
        )
        if masked:
            ax.text(cols["weight"] - 0.5, y, "0", va="center", size=TEXT, color=GREY)
        else:
            ax.add_patch(bar)
        _arrow(ax, (cols["weight"] + 0.5, y), (cols["value"] - 0.62, y), ink["color"])
        _box(ax, cols["value"], y, 1.2, 0.42, "× value v", "white", **ink)
        if not masked:  # thicker for a larger weight
            start = (cols["value"] + 0.62, y)
            _arrow(ax, start, (6.77, 2.15), width=0.6 + 2.5 * weight)
    ax.add_patch(Circle((6.95, 2.15), 0.18, facecolor="white", edgecolor=INK))
    ax.text(6.95, 2.15, "Σ", ha="center", va="center", size=TEXT, color=INK)
    _arrow(ax, (7.13, 2.15), (7.4, 2.15))
    _box(ax, 7.88, 2.15, 0.9, 0.7, "output\nof “sat”", FILLS["attention"])
    captions = {
        "token": "token",
        "key": "key",
        "score": "score",
        "weight": "softmax\n→ weight w",
        "value": "w × value",
    }
    for name, x in cols.items():
        ax.text(
            x, 0.4, captions[name], ha="center", va="center", size=SMALL, color=GREY
        )
    ax.text(6.95, 0.4, "sum", ha="center", va="center", size=SMALL, color=GREY)
    return fig


def pretrain_tune_prompt():
    """Pretrain once on unlabeled text, then use the one model two ways: tune it with a
    few labels (new head, weights updated) or prompt it (task as text, no weights change).

    Example: pretrain_tune_prompt().savefig("pretrain.svg")
    """
    fig, ax = _canvas(MAX_WIDTH_IN, 3.8)
    _box(ax, 0.85, 1.9, 1.4, 0.8, "unlabeled\ntext", "white")
    _arrow(ax, (1.55, 1.9), (2.45, 1.9))
    ax.text(2.0, 2.35, "pretraining:\nnext token", ha="center", va="center", size=SMALL)
    _note(ax, 2.0, 1.4, "lesson 06:\nonce, costly", ha="center")
    _box(ax, 3.3, 1.9, 1.7, 0.9, "foundation\nmodel", FILLS["foundation"], bold=True)
    branches = [  # (y, how, what it needs, what comes out, when it is paid)
        (
            3.05,
            "tuning",
            "a few labels, a new head,\nweights updated",
            "classifier,\ntagger",
            "lesson 07: paid once per task",
        ),
        (
            0.75,
            "prompting",
            "the task written as text,\nno weights change",
            "answer: the\nlikeliest word",
            "lesson 08b: paid on every query",
        ),
    ]
    for y, how, needs, result, paid in branches:
        above = y > 1.9
        _arrow(ax, (4.15, 1.9 + (0.25 if above else -0.25)), (5.03, y))
        _box(ax, 5.75, y, 1.45, 0.45, how, FILLS["foundation"])
        _note(ax, 5.95, y - 0.5 if above else y + 0.5, needs, ha="center")
        _arrow(ax, (6.48, y), (6.95, y))
        _box(ax, 7.7, y, 1.4, 0.7, result, "white")
        _note(ax, 5.03, y + 0.5 if above else y - 0.55, paid)
    return fig


def training_cost():
    """Where training goes: about 6N FLOPs per token (forward 2N, backward 4N) and, with
    Adam in mixed precision, 16 bytes of memory per parameter.

    Example: training_cost().savefig("cost.svg")
    """
    fig, ax = _canvas(MAX_WIDTH_IN, 3.9)
    left, width = 0.35, 7.8
    bars = [
        (
            2.75,
            "compute per training token ≈ 6N FLOPs (N parameters)",
            [
                (2, "forward\n2N", FILLS["pieces"]),
                (2, "backward, input\ngradients: 2N", FILLS["cost"]),
                (2, "backward, weight\ngradients: 2N", FILLS["cost"]),
            ],
        ),
        (
            0.9,
            "memory per parameter, Adam in mixed precision = 16 bytes",
            [
                (2, "weights\nbf16: 2", FILLS["pieces"]),
                (2, "gradients\nbf16: 2", FILLS["cost"]),
                (4, "float32 copy\nof weights: 4", FILLS["mlp"]),
                (4, "Adam\nmomentum: 4", FILLS["mlp"]),
                (4, "Adam\nvariance: 4", FILLS["mlp"]),
            ],
        ),
    ]
    for y, title, parts in bars:
        ax.text(left, y + 0.6, title, va="center", size=TEXT, color=INK, weight="bold")
        total = sum(size for size, _, _ in parts)
        x = left
        for size, label, fill in parts:
            w = width * size / total
            ax.add_patch(
                Rectangle((x, y - 0.35), w, 0.7, facecolor=fill, edgecolor=INK)
            )
            ax.text(
                x + w / 2, y, label, ha="center", va="center", size=SMALL, color=INK
            )
            x += w
    _note(ax, left, 2.17, "plus attention, 12·L·C·T per token: small for large models")
    _note(
        ax,
        left,
        0.2,
        "plus activations (they grow with batch × context) and, to generate, the KV cache",
    )
    return fig


DIAGRAMS = {  # file name (without .svg) -> the function that draws it
    "lesson_map": lesson_map,
    "next_token_prediction": next_token_prediction,
    "transformer_block": transformer_block,
    "attention_qkv": attention_qkv,
    "pretrain_tune_prompt": pretrain_tune_prompt,
    "training_cost": training_cost,
}


def _styled():
    """matplotlib's defaults plus STYLE, for the duration of a `with` block."""
    return matplotlib.style.context(["default", STYLE])


def draw(name):
    """The figure of diagram `name` (a key of DIAGRAMS), drawn under STYLE.

    Example: draw("transformer_block").get_figwidth() -> 8.5
    """
    if name not in DIAGRAMS:
        raise ValueError(
            f"no diagram named {name!r}; choose one of {', '.join(DIAGRAMS)}"
        )
    with _styled():
        return DIAGRAMS[name]()


def svg_text(name):
    """Diagram `name` as SVG text, the same bytes on every run.

    Example: svg_text("lesson_map").startswith("<?xml") -> True
    """
    fig = draw(name)
    out = io.StringIO()
    with _styled():
        fig.savefig(out, format="svg", metadata=SVG_METADATA)
    return out.getvalue()


def write_all(out):
    """Write every diagram as `out`/NAME.svg; return the paths written.

    Example: write_all("runs/figures") -> [PosixPath('runs/figures/lesson_map.svg'), ...]
    """
    out = Path(out)
    return [
        write_text_atomically(out / f"{name}.svg", svg_text(name)) for name in DIAGRAMS
    ]


def main(argv=None):
    """The command line: write every diagram into --out (other files there are left alone)."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.diagrams",
        description="Write the series' diagrams as SVG files, one per diagram.",
    )
    parser.add_argument(
        "--out",
        default="runs/figures",
        help="folder to write NAME.svg into (default runs/figures); the lessons show "
        "notebooks/figures",
    )
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)


if __name__ == "__main__":
    sys.exit(main())
