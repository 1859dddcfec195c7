"""Checks for lesson 13 (an assistant: intents and slots)."""

from helpers.exercises import call_safely, verdict

_ONLY_FIRST = (
    " That keeps only a span's first word: the words tagged I- after it belong to the "
    "span too."
)
_NO_SPACES = " Join a span's words with single spaces: ' '.join(span_words)."
_LAST_WINS = (
    " That is the last span: when a slot has several spans, the first one wins. Keep a "
    "slot's value once you have it (found.setdefault(slot, value))."
)
_B_AFTER_B = (
    " A B- tag starts a new span, even right after a span of the same slot: that is two "
    "spans, and the first one wins."
)
_LENIENT = (
    " An I- tag with no open span of its slot starts one (the lenient reading): its "
    "words are not dropped."
)

# (words, tags) -> {slot: the words of its first span, joined}, with what typical
# mistakes give
_SLOT_CASES = [
    (
        (["Which", "bus", "goes", "to", "Lakeview", "?"], ["O"] * 4 + ["B-PLACE", "O"]),
        {"PLACE": "Lakeview"},
        [],
    ),
    (
        (
            ["Is", "the", "ferry", "to", "Ashby", "Cove", "late", "?"],
            ["O"] * 4 + ["B-PLACE", "I-PLACE", "O", "O"],
        ),
        {"PLACE": "Ashby Cove"},
        [({"PLACE": "Ashby"}, _ONLY_FIRST), ({"PLACE": "AshbyCove"}, _NO_SPACES)],
    ),
    (  # two different slots
        (
            ["Can", "I", "order", "a", "fruit", "cake", "for", "Friday", "?"],
            ["O", "O", "O", "B-ITEM", "I-ITEM", "I-ITEM", "O", "B-DAY", "O"],
        ),
        {"ITEM": "a fruit cake", "DAY": "Friday"},
        [
            ({"ITEM": "a", "DAY": "Friday"}, _ONLY_FIRST),
            ({"ITEM": "afruitcake", "DAY": "Friday"}, _NO_SPACES),
        ],
    ),
    (  # two spans of one slot: the first wins
        (
            ["From", "Lakeview", "to", "Ashby", "Cove", "?"],
            ["O", "B-PLACE", "O", "B-PLACE", "I-PLACE", "O"],
        ),
        {"PLACE": "Lakeview"},
        [({"PLACE": "Ashby Cove"}, _LAST_WINS), ({"PLACE": "Ashby"}, _LAST_WINS)],
    ),
    (  # a B- right after a B- of the same slot: two spans
        (
            ["Ferry", "Lakeview", "Ashby", "Cove", "?"],
            ["O", "B-PLACE", "B-PLACE", "I-PLACE", "O"],
        ),
        {"PLACE": "Lakeview"},
        [
            ({"PLACE": "Lakeview Ashby Cove"}, _B_AFTER_B),
            ({"PLACE": "Ashby Cove"}, _LAST_WINS),
            ({"PLACE": "Ashby"}, _LAST_WINS),
        ],
    ),
    (  # an I- with no B- before it starts a span
        (["Renew", "Night", "Ferry", "."], ["O", "I-TITLE", "I-TITLE", "O"]),
        {"TITLE": "Night Ferry"},
        [({}, _LENIENT), ({"TITLE": "Ferry"}, _LENIENT)],
    ),
    (  # no slots at all
        (["Hello", "there", "!"], ["O", "O", "O"]),
        {},
        [],
    ),
]

_SHORTEST = (
    " At 'Ashby' both 'Ashby' and 'Ashby Cove' match: tag the longest known value that "
    "matches there."
)
_ALL_B = " Only a value's first word is tagged B-; its other words are tagged I-."
_UNSPLIT = (
    " 'Night Ferry' is two words: split each value with value.split() and compare it "
    "with the words starting at each position."
)
_RESCAN = (
    " After a match, go on scanning after its last word: the words inside a match are "
    "not looked up again."
)

# (words, known) -> one BIO tag per word, with what typical mistakes give
_GAZETTEER_CASES = [
    (  # a multi-word value; words in no value get O
        (
            ["Is", "Night", "Ferry", "in", "?"],
            {"TITLE": ["Winter Birds", "Night Ferry"]},
        ),
        ["O", "B-TITLE", "I-TITLE", "O", "O"],
        [
            (["O", "B-TITLE", "B-TITLE", "O", "O"], _ALL_B),
            (["O", "O", "O", "O", "O"], _UNSPLIT),
        ],
    ),
    (  # a shorter value is a prefix of a longer one: the longest wins
        (
            ["Which", "bus", "goes", "to", "Ashby", "Cove", "?"],
            {"PLACE": ["Lakeview", "Ashby", "Ashby Cove"]},
        ),
        ["O", "O", "O", "O", "B-PLACE", "I-PLACE", "O"],
        [
            (["O", "O", "O", "O", "B-PLACE", "O", "O"], _SHORTEST),
            (["O", "O", "O", "O", "B-PLACE", "B-PLACE", "O"], _ALL_B),
        ],
    ),
    (  # two slots; "Ashby" alone is a value too
        (
            ["When", "does", "the", "ferry", "to", "Ashby", "Cove", "leave", "on"]
            + ["Christmas", "Eve", "?"],
            {
                "DAY": ["Friday", "Christmas Eve"],
                "PLACE": ["Ashby", "Ashby Cove", "Lakeview"],
            },
        ),
        ["O"] * 5 + ["B-PLACE", "I-PLACE", "O", "O", "B-DAY", "I-DAY", "O"],
        [
            (["O"] * 5 + ["B-PLACE", "O", "O", "O", "B-DAY", "I-DAY", "O"], _SHORTEST),
            (
                ["O"] * 5 + ["B-PLACE", "B-PLACE", "O", "O", "B-DAY", "B-DAY", "O"],
                _ALL_B,
            ),
        ],
    ),
    (  # a value's last word starts another value: the scan goes on after the match
        (
            ["Is", "Night", "Ferry", "Road", "in", "?"],
            {"TITLE": ["Night Ferry"], "PLACE": ["Ferry Road"]},
        ),
        ["O", "B-TITLE", "I-TITLE", "O", "O", "O"],
        [
            (["O", "B-TITLE", "B-PLACE", "I-PLACE", "O", "O"], _RESCAN),
            (["O", "B-TITLE", "I-PLACE", "I-PLACE", "O", "O"], _RESCAN),
        ],
    ),
    (  # no word is in any value
        (["Hello", "there", "!"], {"PLACE": ["Lakeview"], "DAY": ["Friday"]}),
        ["O", "O", "O"],
        [],
    ),
    (  # no known values at all
        (["Is", "Night", "Ferry", "in", "?"], {}),
        ["O", "O", "O", "O", "O"],
        [],
    ),
]


def slot_values(function):
    """Check function(words, tags) -> {slot: the words of its first span, joined by
    spaces} (helpers.assistant.slot_values)."""
    for (words, tags), expected, mistakes in _SLOT_CASES:
        call = f"slot_values({words!r}, {tags!r})"
        got, error = call_safely(function, list(words), list(tags))
        if error:
            return verdict(False, f"{call} {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Walk along the tags: B-X starts "
                "a span of slot X, I-X adds its word to it, O ends it; return "
                "{slot: the span's words joined by spaces}, keeping each slot's first "
                "span.",
            )
        if not isinstance(got, dict):
            return verdict(
                False,
                f"{call} should return a dict {{slot: value}}, your function gave "
                f"{got!r}.",
            )
        if got != expected:
            hint = next((h for value, h in mistakes if got == value), "")
            if any(str(key)[:2] in ("B-", "I-") for key in got):
                hint = (
                    " The keys are slot names without B- or I-: 'PLACE', not 'B-PLACE'."
                )
            return verdict(
                False,
                f"{call} should be {expected!r}, your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "slot_values is right: B- starts a span, I- continues it (or starts one), and a "
        "slot's first span wins",
    )


def gazetteer_tags(function):
    """Check function(words, known) -> one BIO tag per word: the longest known value at
    each position, else O (helpers.assistant.gazetteer_tags, for one sentence)."""
    for (words, known), expected, mistakes in _GAZETTEER_CASES:
        call = f"gazetteer_tags({words!r}, {known!r})"
        fresh = {slot: list(values) for slot, values in known.items()}
        got, error = call_safely(function, list(words), fresh)
        if error:
            return verdict(False, f"{call} {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. At each position find the "
                "longest known value (split into words with value.split()) that the "
                "words starting there match: tag it B- then I-, and go on after it; "
                "a word in no value gets O.",
            )
        if isinstance(got, (str, dict)) or not hasattr(got, "__len__"):
            return verdict(
                False,
                f"{call} should return a list of {len(words)} tags, your function gave "
                f"{got!r}.",
            )
        tags = list(got)
        if len(tags) != len(words):
            return verdict(
                False,
                f"{call} should return one tag per word ({len(words)} tags), your "
                f"function gave {len(tags)}: {tags!r}.",
            )
        if tags != expected:
            hint = next((h for value, h in mistakes if tags == value), "")
            return verdict(
                False,
                f"{call} should be {expected!r}, your function gave {tags!r}.{hint}",
            )
    return verdict(
        True,
        "gazetteer_tags is right: the longest known value at each word, tagged B- then "
        "I-, and O for words in no list",
    )
