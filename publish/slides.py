"""Lessons as slides: where each slide starts, and the slide deck of a lesson.

Handles: planning each cell's slideshow type (`plan_slides`: a slide at the title and at
every section heading, and a new one wherever the cells so far would no longer fit a
1280 x 720 projector, by an estimate of each cell's height), writing that plan into the
notebooks' metadata (what JupyterLab's RISE and nbconvert read too), and the preprocessor
that marks where the site's slide sections start and end (`SlideBreaks`).
Leaves out: measuring real heights (the browser test does that on the built slides).
"""

import base64
import re
import struct

from nbconvert.preprocessors import Preprocessor

PROJECTOR_PX = 720  # the height of a 1280 x 720 projector
BUDGET_PX = (
    560  # what the cells of one slide may fill: the rest is margins and the nav bar
)
LINE_PX = {"markdown": 29, "code": 21, "text": 20}  # at the slides' 18 px font
CHARS_PER_LINE = {"markdown": 115, "code": 110}
TEXT_BOX_PX = 288  # long text outputs scroll inside a box of 40% of the height
IMAGE_MAX_PX = 396  # images are drawn at most 55% of the height
CELL_GAP_PX = 16


def png_height(data, width_px=1100):
    """The height a base64 PNG is drawn at in a slide, never above IMAGE_MAX_PX.
    Example: png_height(a 800 x 400 PNG) -> 400"""
    raw = base64.b64decode(data[:64])
    width, height = struct.unpack(">II", raw[16:24])
    shown = height * min(1.0, width_px / width)
    return min(IMAGE_MAX_PX, shown)


def lines_of(text, chars):
    """Screen lines a text takes when long lines wrap at `chars` characters.
    Example: lines_of("a" * 250 + "\\nb", 100) -> 4"""
    return sum(max(1, -(-len(line) // chars)) for line in text.splitlines() or [""])


def output_height(output):
    """The estimated height of one stored output in a slide, in pixels."""
    data = output.get("data", {})
    if "image/png" in data:
        return png_height(data["image/png"])
    if "image/svg+xml" in data or "application/vnd.jupyter.widget-view+json" in data:
        return IMAGE_MAX_PX
    text = output.get("text") or data.get("text/plain") or ""
    if "text/html" in data:
        text = re.sub(r"<[^>]+>", "", "".join(data["text/html"]))
    text = "".join(text)
    return min(TEXT_BOX_PX, LINE_PX["text"] * lines_of(text, 120) + 10)


def cell_height(cell):
    """The estimated height of a cell (its source and its outputs) in a slide, in pixels.
    Example: cell_height({"cell_type": "code", "source": "x = 1", "outputs": []}) -> 47"""
    kind = cell["cell_type"]
    source = "".join(cell["source"])
    if kind == "markdown":
        height = LINE_PX["markdown"] * lines_of(source, CHARS_PER_LINE["markdown"])
        height += 20 * source.count("\n#") + IMAGE_MAX_PX * source.count("](figures/")
        return height + CELL_GAP_PX
    height = LINE_PX["code"] * lines_of(source, CHARS_PER_LINE["code"]) + 10
    height += sum(output_height(o) for o in cell.get("outputs", []))
    return height + CELL_GAP_PX


def plan_slides(nb):
    """Each cell's slideshow type: "slide" at the title and at each "## " heading,
    "subslide" where the cells since the last break would overflow BUDGET_PX, else "-".
    Example: plan_slides(nb)[:3] -> ["slide", "-", "slide"]"""
    plan, filled = [], 0
    for index, cell in enumerate(nb["cells"]):
        height = cell_height(cell)
        heading = cell["cell_type"] == "markdown" and re.match(
            r"#{1,2} ", "".join(cell["source"])
        )
        if index == 0 or heading:
            plan.append("slide")
            filled = height
        elif filled + height > BUDGET_PX:
            plan.append("subslide")
            filled = height
        else:
            plan.append("-")
            filled += height
    return plan


def mark_slides(nb):
    """Write plan_slides into each cell's metadata; True when anything changed."""
    changed = False
    for cell, kind in zip(nb["cells"], plan_slides(nb)):
        if cell["metadata"].get("slideshow") != {"slide_type": kind}:
            cell["metadata"]["slideshow"] = {"slide_type": kind}
            changed = True
    return changed


class SlideBreaks(Preprocessor):
    """Mark slide_start on the first shown cell of each slide and slide_end on the last,
    from the cells' slideshow metadata (a "subslide" starts a slide of its own)."""

    def preprocess(self, nb, resources):
        shown = []
        for cell in nb.cells:
            kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
            cell.metadata["slide_type"] = kind
            if kind not in {"skip", "notes"}:
                shown.append(cell)
        for position, cell in enumerate(shown):
            starts = position == 0 or cell.metadata["slide_type"] in {
                "slide",
                "subslide",
            }
            cell.metadata["slide_start"] = starts
            if starts and position > 0:
                shown[position - 1].metadata["slide_end"] = True
        if shown:
            shown[-1].metadata["slide_end"] = True
        return nb, resources
