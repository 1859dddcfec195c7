"""The drawn diagrams (helpers.diagrams), their committed SVGs, and the glossary's links."""

import json
import re
from pathlib import Path

import pytest
from matplotlib.text import Text

from helpers import diagrams
from helpers.paths import lesson_paths

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "notebooks" / "figures"
GLOSSARY = ROOT / "notebooks" / "glossary.md"
LESSONS = lesson_paths()

# Words each diagram must show: the ideas it exists to draw.
EXPECTED_LABELS = {
    "lesson_map": [
        "00",
        "Start here",
        "04",
        "Attention",
        "09",
        "Cost",
        "10",
        "Trust",
        "14",
    ],
    "next_token_prediction": ["spilled", "language\nmodel", "milk"],
    "transformer_block": [
        "token + position embedding",
        "× n_layer",
        "LayerNorm",
        "causal self-attention",
        "MLP: C → 4C, GELU, → C",
        "+",
        "final LayerNorm",
        "head: one score per token",
        "tied: the same matrix",
    ],
    "attention_qkv": [
        "query q of “sat”",
        "key k",
        "q · k / √d",
        "−∞ (masked)",
        "× value v",
        "Σ",
        "output\nof “sat”",
    ],
    "pretrain_tune_prompt": [
        "unlabeled\ntext",
        "foundation\nmodel",
        "tuning",
        "prompting",
    ],
    "training_cost": [
        "forward\n2N",
        "backward, input\ngradients: 2N",
        "backward, weight\ngradients: 2N",
        "float32 copy\nof weights: 4",
        "Adam\nmomentum: 4",
        "Adam\nvariance: 4",
    ],
}


def texts(fig):
    return [t for t in fig.findobj(Text) if t.get_text()]


@pytest.mark.parametrize("name", list(diagrams.DIAGRAMS))
def test_each_diagram_shows_its_labels_readably(name):
    fig = diagrams.draw(name)
    shown = [t.get_text() for t in texts(fig)]
    missing = [label for label in EXPECTED_LABELS[name] if label not in shown]
    assert not missing, f"{name} lacks {missing}"
    assert min(t.get_fontsize() for t in texts(fig)) >= 11  # readable on a projector
    assert fig.get_figwidth() * 96 <= 850  # CSS pixels: 96 per inch


def test_lesson_map_greys_out_only_the_lessons_to_come(monkeypatch):
    fig = diagrams.draw("lesson_map")
    colours = {t.get_text(): t.get_color() for t in texts(fig)}
    assert all(colours[n] == diagrams.INK for n, *_ in diagrams.LESSONS)
    assert "dashed: still to come" not in colours  # no lesson is to come: no legend
    later = diagrams.LESSONS + [("15", "Next", "coming")]
    monkeypatch.setattr(diagrams, "LESSONS", later)
    colours = {t.get_text(): t.get_color() for t in texts(diagrams.draw("lesson_map"))}
    assert colours["15"] == diagrams.GREY and colours["14"] == diagrams.INK
    assert "dashed: still to come" in colours


def test_the_memory_bar_adds_up_to_16_bytes_and_the_compute_bar_to_6n():
    shown = [t.get_text() for t in texts(diagrams.draw("training_cost"))]
    memory = [int(m) for s in shown for m in re.findall(r": (\d+)$", s)]
    compute = [int(m) for s in shown for m in re.findall(r"\b(\d+)N$", s)]
    assert sum(memory) == 16 and len(memory) == 5
    assert sum(compute) == 6 and len(compute) == 3  # forward 2N, backward 2N + 2N


def test_an_unknown_diagram_is_named_with_the_choices():
    with pytest.raises(ValueError, match="choose one of lesson_map"):
        diagrams.draw("block")


def test_the_command_writes_the_same_bytes_twice(tmp_path):
    for run in ("a", "b"):
        diagrams.main(["--out", str(tmp_path / run)])
    for name in diagrams.DIAGRAMS:
        first = (tmp_path / "a" / f"{name}.svg").read_bytes()
        assert first == (tmp_path / "b" / f"{name}.svg").read_bytes(), name
        assert b"<dc:date>" not in first


def test_committed_figures_are_what_the_code_draws_now(tmp_path):
    diagrams.main(["--out", str(tmp_path)])
    fresh = {p.name: p.read_bytes() for p in tmp_path.glob("*.svg")}
    committed = {p.name: p.read_bytes() for p in FIGURES.glob("*.svg")}
    assert sorted(committed) == sorted(fresh)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, (
        f"notebooks/figures/{stale} differ from what helpers.diagrams draws; "
        f"run `python -m helpers.diagrams --out notebooks/figures` and commit them"
    )


def markdown_of(lesson):
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_every_lesson_image_and_glossary_link_points_at_something():
    anchors = set(
        re.findall(r'<a id="([^"]+)"></a>', GLOSSARY.read_text(encoding="utf-8"))
    )
    shown = set()
    for lesson in LESSONS:
        text = "\n".join(markdown_of(lesson))
        for target in re.findall(r"\]\(glossary\.md#([^)]+)\)", text):
            assert target in anchors, f"{lesson.name} links to a missing term #{target}"
        for image in re.findall(r"!\[[^\]]+\]\((figures/[^)]+)\)", text):
            assert (lesson.parent / image).is_file(), f"{lesson.name}: no {image}"
            shown.add(Path(image).stem)
    assert shown == set(diagrams.DIAGRAMS)  # every diagram appears in some lesson


def test_the_glossary_is_alphabetical_and_names_each_terms_lesson():
    paragraphs = GLOSSARY.read_text(encoding="utf-8").split("\n\n")
    entries = [p for p in paragraphs if re.match(r'<a id="[^"]+"></a>\*\*', p)]
    assert len(entries) >= 60
    terms = [
        re.match(r'<a id="[^"]+"></a>\*\*([^*]+)\*\*', e).group(1) for e in entries
    ]
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms)
    assert all(re.search(r"\*Lessons? \d\d[^*]*\.\*$", e) for e in entries)
