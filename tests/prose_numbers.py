"""Numbers quoted in a lesson's prose, checked against the notebook's stored outputs.

Handles: reading a notebook's markdown and the text of its stored outputs (from the .ipynb
JSON, nothing is executed), finding the numbers prose quotes (decimals, percentages, numbers
in e-notation, "N points") and the durations it states ("about ten seconds", "a few minutes"),
and the two rules a quoted number must meet: a measurement agrees with its source at the
precision the prose states, a duration within a factor of two.
Leaves out: plain integers (counts, sizes and lesson numbers would drown the check), numbers
in code spans and link targets (code, not claims), a citation's locator ("section 4.1",
"Table 2.1"), and whether the stored outputs are current: nbval checks that.
"""

import re
from dataclasses import dataclass

# A decimal, an e-notation number or an integer followed by "%" or "points"; a range's
# first number ("94.8–97.2%") is a decimal or is caught by the unit of the second.
QUOTE = re.compile(
    r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?)"
    r"(?![\w.]?\d)(\s?%| points?\b)?"
)
LOCATOR = re.compile(r"(?:section|sections|table|figure|appendix|§)\s*$", re.IGNORECASE)
MASKED = re.compile(r"```.*?```|`[^`\n]*`|\]\([^)]*\)|https?://\S+", re.DOTALL)

WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "half a": 0.5, "a few": (2, 5),
    "several": (3, 9),
}  # fmt: skip
AMOUNT = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(WORDS, key=len, reverse=True)) + ")"
UNIT_SECONDS = {"second": 1, "s": 1, "minute": 60, "min": 60, "hour": 3600}
DURATION = re.compile(
    rf"(?<![\w.])({AMOUNT})(?:\s*(?:to|-|–)\s*({AMOUNT}))?\s+"
    r"(seconds|minutes?|hours?|min|s)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quote:
    """A number quoted in a markdown cell: where it stands and how it is written."""

    cell: int
    start: int
    end: int
    text: str  # "94.8%", "0.58", "3.14e23"
    number: str  # "94.8", "0.58", "3.14e23"
    unit: str  # "%", " points" or ""


GLOSSARY_LINK = re.compile(r"\[([^\]]+)\]\(glossary\.md#[^)]*\)")


def markdown_cells(nb):
    """(index, text) of each markdown cell, runs of white space made one space so that a
    phrase may cross a line break, and glossary links read as their words
    ("[nats](glossary.md#nats)" -> "nats").
    Example: markdown_cells(nb)[0] -> (0, "# 05 · A tiny ...")"""
    return [
        (i, re.sub(r"\s+", " ", GLOSSARY_LINK.sub(r"\1", "".join(cell["source"]))))
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown"
    ]


def output_texts(cell):
    """The text of a code cell's stored outputs: streams, text/plain, text/html, errors.
    Images are left out. Example: output_texts(cell) -> ["1200 steps in 51 s\\n"]"""
    texts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            texts.append("".join(output["text"]))
        for kind, data in output.get("data", {}).items():
            if kind.startswith("text/"):
                texts.append("".join(data) if isinstance(data, list) else data)
        if output.get("output_type") == "error":
            texts.append(output.get("evalue", ""))
    return texts


def all_outputs(nb):
    """Every stored output of the notebook, as one text."""
    return "\n".join(
        text
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for text in output_texts(cell)
    )


def output_of(nb, marker):
    """The stored output of the one code cell whose source contains `marker`.
    Example: output_of(nb, "tokenizer_costs(") -> "tokenizer  V  tokens ...\\n" """
    cells = [
        cell
        for cell in nb["cells"]
        if cell["cell_type"] == "code" and marker in "".join(cell["source"])
    ]
    if len(cells) != 1:
        raise LookupError(
            f"{len(cells)} code cells contain {marker!r}; name one cell by a line of its "
            "source that no other cell has"
        )
    text = "\n".join(output_texts(cells[0]))
    if not text:
        raise LookupError(
            f"the cell with {marker!r} has no stored output; run the notebook and save it"
        )
    return text


def grab(text, pattern, group=1):
    """The number that `pattern` finds in `text`, as a float (commas dropped).
    Example: grab("1200 steps in 51 s", r"in (\\d+) s") -> 51.0"""
    found = re.search(pattern, text)
    if not found:
        raise LookupError(
            f"{pattern!r} finds nothing in the stored output {text[:200]!r}; has the "
            "output's wording changed? Update the claim's pattern."
        )
    return float(found.group(group).replace(",", ""))


def _masked(text):
    return MASKED.sub(lambda m: " " * len(m.group(0)), text)


def quotes(cell, text):
    """The numbers quoted in one markdown cell.
    Example: [q.text for q in quotes(0, "scored 94.8%, about 0.7 bytes, 800 steps")]
    -> ["94.8%", "0.7"]"""
    found = []
    plain = _masked(text)
    for match in QUOTE.finditer(plain):
        number, unit = match.group(1), match.group(2) or ""
        measured = "." in number or "e" in number or unit
        if measured and not LOCATOR.search(plain[: match.start()]):
            found.append(
                Quote(cell, match.start(), match.end(), match.group(0), number, unit)
            )
    return found


def numbers_in(phrase):
    """Every number written in digits in a phrase, in order, as (text, float).
    Example: numbers_in("24%, then 20%") -> [("24", 24.0), ("20", 20.0)]"""
    return [
        (m.group(1), float(m.group(1).replace(",", "")))
        for m in QUOTE.finditer(_masked(phrase))
    ]


def agrees(quoted, value):
    """Whether `value` rounds to the number as quoted, at the precision it is written with.
    Example: agrees("0.7", 0.67) -> True; agrees("5.50", 5.495) -> True;
    agrees("0.58", 0.61) -> False"""
    mantissa = quoted.lower().split("e")[0].replace(",", "")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = 10 ** int(quoted.lower().split("e")[1]) if "e" in quoted.lower() else 1
    return abs(
        value - float(quoted.replace(",", ""))
    ) <= 0.5 * 10**-decimals * scale * (1 + 1e-9)


def printed(quote, outputs):
    """Whether the quoted number stands, as written, somewhere in the stored outputs: "94.8%"
    needs "94.8%", "0.73" needs "0.73" not inside "10.735".
    Example: printed(quotes(0, "0.73")[0], "accuracy 0.73") -> True"""
    unit = r"\s?%" if quote.unit.strip() == "%" else ""
    pattern = r"(?<![\d.])" + re.escape(quote.number) + r"(?![\d]|\.\d)" + unit
    plain = re.sub(r"(?<=\d)e\+?(-?)0*(\d)", r"e\1\2", outputs)  # 3.14e+23 -> 3.14e23
    return re.search(pattern, plain) is not None


def _amount(word):
    word = word.lower()
    return WORDS[word] if word in WORDS else float(word)


def durations(text):
    """The durations stated in a text, as (phrase, (low, high) seconds).
    Example: durations("about ten seconds, then a few minutes")
    -> [("ten seconds", (10, 10)), ("a few minutes", (120, 300))]"""
    found = []
    for match in DURATION.finditer(_masked(text)):
        first = _amount(match.group(1))
        last = _amount(match.group(2)) if match.group(2) else first
        low = first[0] if isinstance(first, tuple) else first
        high = last[1] if isinstance(last, tuple) else last
        unit = match.group(3).lower().rstrip("s") or "s"
        seconds = UNIT_SECONDS[unit]
        found.append((match.group(0), (low * seconds, high * seconds)))
    return found


def duration_agrees(phrase, seconds, factor=2):
    """Whether a measured time fits a stated duration, within `factor` either way: timings move
    with the CPU, but "ten seconds" for a minute's work is wrong anywhere.
    Example: duration_agrees("about ten seconds", 11.6) -> True;
    duration_agrees("fifteen seconds", 6) -> False"""
    stated = durations(phrase)
    if len(stated) != 1:
        raise ValueError(
            f"{phrase!r} should state exactly one duration, it states {stated}"
        )
    low, high = stated[0][1]
    return low / factor <= seconds <= high * factor


def spans(text, phrase):
    """Where `phrase` stands in `text`, ignoring case. Example: spans("A minute, a minute",
    "a minute") -> [(0, 8), (10, 18)]"""
    if not isinstance(phrase, re.Pattern):
        phrase = re.compile(re.escape(phrase), re.IGNORECASE)
    return [(m.start(), m.end()) for m in phrase.finditer(text)]


def unchecked(nb, phrases):
    """The numbers and durations quoted in a notebook's prose that nothing checks: a number
    neither printed in a stored output nor inside one of `phrases` (the registered claims and
    the allowlisted non-measurements), a duration not inside one of `phrases`.
    Example: unchecked(nb, ["about ten seconds"]) -> ["cell 4: '0.58' in '...'"]"""
    outputs = all_outputs(nb)
    found = []
    for cell, text in markdown_cells(nb):
        covered = [span for phrase in phrases for span in spans(text, phrase)]

        def inside(start, end):
            return any(a <= start and end <= b for a, b in covered)

        for quote in quotes(cell, text):
            if not printed(quote, outputs) and not inside(quote.start, quote.end):
                found.append((cell, quote.text, quote.start, quote.end))
        for match in DURATION.finditer(_masked(text)):
            if not inside(match.start(), match.end()):
                found.append((cell, match.group(0), match.start(), match.end()))
    return [
        f"cell {cell}: {what!r} in {text_of(nb, cell)[max(0, a - 60) : b + 40]!r}"
        for cell, what, a, b in found
    ]


def text_of(nb, cell):
    """A markdown cell's text as markdown_cells gives it."""
    return dict(markdown_cells(nb))[cell]


def phrase_cells(nb, phrase):
    """The markdown cells that hold `phrase`; a claim whose phrase is gone is an error."""
    cells = [cell for cell, text in markdown_cells(nb) if spans(text, phrase)]
    if not cells:
        raise LookupError(
            f"no markdown cell says {phrase!r} any more; update or remove its entry"
        )
    return cells


def claim_problems(nb, phrase, values, rule="equal"):
    """What is wrong with a claim: `phrase` quotes numbers, `values` are the same numbers
    from the stored outputs, in order and in the prose's units. Rules: "equal", each value
    rounds to its quoted number; "each", every value rounds to the one quoted number;
    "range", the phrase quotes a low and a high and every value lies between them; "under",
    every value is below the one quoted bound. A value None skips its number (the 2 of
    "ln 2 = 0.69"). [] when right.
    Example: claim_problems(nb, "scored 94.8%", [94.83]) -> []"""
    phrase_cells(nb, phrase)
    quoted = numbers_in(phrase)
    if rule == "equal":
        if len(quoted) != len(values):
            return [
                f"{phrase!r} quotes {len(quoted)} numbers, the source gives {values}"
            ]
        return [
            f"{phrase!r} says {text}, the stored output gives {value:g}"
            for (text, _), value in zip(quoted, values)
            if value is not None and not agrees(text, value)
        ]
    if rule == "each":
        ((text, _),) = quoted
        return [
            f"{phrase!r} says {text}, the stored output gives {value:g}"
            for value in values
            if not agrees(text, value)
        ]
    if rule == "range":
        (low_text, low), (high_text, high) = quoted
        return [
            f"{phrase!r}: the stored {value:g} lies outside {low_text}-{high_text}"
            for value in values
            if not (
                low <= value <= high
                or agrees(low_text, value)
                or agrees(high_text, value)
            )
        ]
    if rule == "under":
        ((bound_text, bound),) = quoted
        return [
            f"{phrase!r}: the stored {value:g} is not under {bound_text}"
            for value in values
            if not value < bound
        ]
    raise ValueError(f"rule must be 'equal', 'each', 'range' or 'under', got {rule!r}")


def duration_problems(nb, phrase, seconds, factor=2):
    """What is wrong with a stated duration: [] when the measured `seconds` fit `phrase`
    within `factor`. Example: duration_problems(nb, "about ten seconds", 45.0)
    -> ["'about ten seconds' ... measured 45 s"]"""
    phrase_cells(nb, phrase)
    if duration_agrees(phrase, seconds, factor):
        return []
    return [
        f"{phrase!r} is not within a factor of {factor} of the measured {seconds:.3g} s; "
        "say what the stored timing says"
    ]
