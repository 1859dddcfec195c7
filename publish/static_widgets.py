"""Stored widgets as still HTML: what a reader without a kernel can see of a live widget.

Handles: an nbconvert preprocessor that replaces each widget view in a cell's outputs by a
picture of its controls (each control's description and stored value, drawn disabled) and
then the outputs its Output widgets held when the lesson was recorded, and drops the
notebook's widget state so the exported page asks no CDN for a widget manager.
Leaves out: interaction (that needs a kernel: run the lesson in JupyterLab).
"""

import html

from nbconvert.preprocessors import Preprocessor
from nbformat import from_dict

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
BOXES = {
    "VBoxModel",
    "HBoxModel",
    "BoxModel",
    "GridBoxModel",
    "AccordionModel",
    "TabModel",
}
SLIDERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"}


def model_id(reference):
    """The model id in a child reference. Example: model_id("IPY_MODEL_ab12") -> "ab12" """
    return reference.removeprefix("IPY_MODEL_")


def control_html(model):
    """One control drawn disabled, with its description and stored value; None for a model
    that is not a control (boxes, outputs, styles).
    Example: control_html({"model_name": "IntSliderModel", "state": {"description": "n",
    "value": 3, "min": 1, "max": 5, "step": 1}}) -> '<label ...>n <input type="range" ...'"""
    name, state = model["model_name"], model["state"]
    label = html.escape(str(state.get("description", "")))
    value = state.get("value")
    if name == "HTMLModel":
        return f'<div class="static-widget-html">{value}</div>'
    if name == "LabelModel":
        return f'<div class="static-widget-html">{html.escape(str(value))}</div>'
    if name in SLIDERS:
        bounds = " ".join(
            f'{k}="{state[k]}"' for k in ("min", "max", "step") if k in state
        )
        control = (
            f'<input type="range" disabled {bounds} value="{value}"> '
            f'<span class="static-widget-value">{html.escape(str(value))}</span>'
        )
    elif name in {"TextModel", "TextareaModel", "IntTextModel", "FloatTextModel"}:
        control = f'<input type="text" disabled value="{html.escape(str(value))}">'
    elif name in {
        "DropdownModel",
        "ToggleButtonsModel",
        "RadioButtonsModel",
        "SelectModel",
    }:
        labels = state.get("_options_labels", [])
        index = state.get("index")
        chosen = labels[index] if isinstance(index, int) and index < len(labels) else ""
        control = (
            f"<select disabled><option>{html.escape(str(chosen))}</option></select>"
        )
    elif name in {"CheckboxModel", "ToggleButtonModel"}:
        control = f'<input type="checkbox" disabled{" checked" if value else ""}>'
    elif name == "ButtonModel":
        return f"<button disabled>{html.escape(str(state.get('description', '')))}</button>"
    else:
        return None
    return f'<label class="static-widget-control">{label} {control}</label>'


def still_outputs(state, root):
    """The HTML of a widget tree's controls and the stored outputs of its Output widgets,
    in the order the widget shows them.
    Example: still_outputs(state, "ab12") -> ('<div ...>', [{"output_type": ...}, ...])"""
    controls, outputs = [], []

    def walk(identifier):
        model = state.get(model_id(identifier))
        if model is None:
            return
        name = model["model_name"]
        if name in BOXES:
            for child in model["state"].get("children", []):
                walk(child)
        elif name == "OutputModel":
            outputs.extend(model["state"].get("outputs", []))
        else:
            drawn = control_html(model)
            if drawn:
                controls.append(drawn)

    walk(root)
    note = (
        '<div class="static-widget-note">A still picture of a live widget, as stored '
        "when the lesson was recorded: run the lesson in JupyterLab to play with it.</div>"
    )
    return f'<div class="static-widget">{note}{"".join(controls)}</div>', outputs


class StillWidgets(Preprocessor):
    """Replace widget views by their still picture and stored outputs (see module doc)."""

    def preprocess(self, nb, resources):
        widgets = nb.metadata.pop("widgets", {})
        self.state = widgets.get(WIDGET_STATE, {}).get("state", {})
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        replaced = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                replaced.append(output)
                continue
            controls, stored = still_outputs(self.state, view["model_id"])
            picture = {"output_type": "display_data", "metadata": {}}
            picture["data"] = {"text/html": controls}
            replaced.append(from_dict(picture))
            replaced.extend(from_dict(o) for o in stored)
        cell.outputs = replaced
        return cell, resources
