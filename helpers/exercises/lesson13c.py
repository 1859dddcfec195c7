"""Checks for lesson 13c (code completion)."""

import math

from helpers.exercises import call_safely, close_to, verdict

# ------------------------------------------------------------------ pass@k

_SHARE = (
    " That is c / n, the share of programs that pass: it is pass@1 only. With k tries "
    "the chance that at least one passes is higher."
)
_REPLACEMENT = (
    " That is 1 - (1 - c / n)**k, k draws with replacement, where the same failing "
    "program can come up again: it comes out too low (biased). Draw k different "
    "programs of the n: 1 - C(n - c, k) / C(n, k)."
)
_ALL_PASS = (
    " That is C(c, k) / C(n, k), the chance that all k programs drawn pass: pass@k "
    "asks for at least one. That is 1 minus the chance that none passes, "
    "C(n - c, k) / C(n, k)."
)
_NONE_PASS = (
    " That is C(n - c, k) / C(n, k), the chance that none of the k programs passes: "
    "pass@k is 1 minus it."
)
_ALWAYS_ONE = (
    " When n - c < k there are fewer than k failing programs, so any k drawn hold a "
    "passing one and pass@k is 1.0: return that before working out C(n - c, k)."
)

# what typical mistakes give for (n, c, k), with their hints
_PASS_MISTAKES = [
    (lambda n, c, k: c / n, _SHARE),
    (lambda n, c, k: 1 - (1 - c / n) ** k, _REPLACEMENT),
    (lambda n, c, k: math.comb(c, k) / math.comb(n, k), _ALL_PASS),
    (lambda n, c, k: math.comb(n - c, k) / math.comb(n, k), _NONE_PASS),
]

# (n, c, k): a few telling ones first, then every valid case with n up to 20
_PASS_CASES = [(20, 1, 10), (10, 3, 1), (10, 3, 5), (10, 0, 3), (5, 2, 4)] + [
    (n, c, k) for n in range(1, 21) for c in range(n + 1) for k in range(1, n + 1)
]


def _same(outputs, wanted):
    """Whether every output is a number close to the wanted one."""
    return all(
        not error and close_to(got, want) for (got, error), want in zip(outputs, wanted)
    )


def pass_at_k(function):
    """Check function(n, c, k) -> Chen et al. (2021)'s unbiased estimate of pass@k,
    1 - C(n - c, k) / C(n, k), 1.0 when n - c < k (helpers.code_completion.pass_at_k)."""
    from helpers.code_completion import pass_at_k as reference

    expected = [reference(*case) for case in _PASS_CASES]
    outputs = [call_safely(function, *case) for case in _PASS_CASES]
    if all(got is None and not error for got, error in outputs):
        return verdict(
            False,
            "not yet: your function returned None. Return 1 - C(n - c, k) / C(n, k), "
            "with math.comb(n, k) for C(n, k): one minus the chance that k programs "
            "drawn from the n all fail.",
        )
    for (n, c, k), want, (got, error) in zip(_PASS_CASES, expected, outputs):
        call = f"pass_at_k(n={n}, c={c}, k={k})"
        if error:
            hint = _ALWAYS_ONE if n - c < k else ""
            return verdict(False, f"{call} {error}.{hint}")
        if close_to(got, want):
            continue
        hint = next(
            (
                h
                for wrong, h in _PASS_MISTAKES
                if _same(outputs, [wrong(*case) for case in _PASS_CASES])
            ),
            "",
        )
        if not hint and n - c < k:  # wrong only where fewer than k programs fail?
            rest = [i for i, (m, p, j) in enumerate(_PASS_CASES) if m - p >= j]
            if _same([outputs[i] for i in rest], [expected[i] for i in rest]):
                hint = _ALWAYS_ONE
        return verdict(
            False, f"{call} should be {want:.4f}, your function gave {got!r}.{hint}"
        )
    return verdict(
        True,
        "pass_at_k is right: one minus the chance that k programs drawn without "
        "replacement all fail, and 1.0 when fewer than k fail",
    )


# ------------------------------------------------------------------ the body


def _lines(generated):
    """The text before the end of the file, as lines that keep their newlines."""
    return generated.split("\0")[0].splitlines(keepends=True)


def _until(lines, stop):
    """The lines before the first one where stop(line) is true, joined."""
    body = []
    for line in lines:
        if stop(line):
            break
        body.append(line)
    return "".join(body)


def _at_margin(line):
    """Whether a line's first character is there and not whitespace."""
    return line[:1].strip() != ""


_BLANK_STOP = (
    " That stops at the first blank line, but a body can hold blank lines between its "
    "parts: skip them, and stop only at a line whose first character is not "
    "whitespace."
)
_KEEPS_ALL = (
    " That keeps what comes after the body too: stop at the first line that starts "
    "at the left margin (its first character is not whitespace), such as the next def."
)
_ONLY_DEF = (
    " That stops only at a def or a class: any line at the left margin ends the body, "
    "such as if __name__ == ... or a comment."
)
_NUL = (
    ' That reads past "\\0", the end of the file: whatever follows it is another '
    'file. Cut the text there first: generated.split("\\0")[0].'
)
_NEWLINE = (
    " The body should end with exactly one newline: strip the trailing whitespace, "
    "then add '\\n' (text.rstrip() + '\\n')."
)
_STRIP = (
    " That keeps the blank lines after the body: strip the trailing whitespace before "
    "adding the one '\\n' (text.rstrip() + '\\n')."
)
_STRIPPED_LINE = (
    " That gives an empty body: line.strip() takes the indentation off, so every line "
    "seems to start at the margin. Look at the line's first character as it is: "
    "line[0].isspace()."
)

# what typical mistakes give for a generated text, with their hints
_BODY_MISTAKES = [
    (
        lambda g: (
            _until(_lines(g), lambda x: not x.strip() or _at_margin(x)).rstrip() + "\n"
        ),
        _BLANK_STOP,
    ),
    (lambda g: g.split("\0")[0].rstrip() + "\n", _KEEPS_ALL),
    (
        lambda g: (
            _until(_lines(g), lambda x: x.startswith(("def ", "class "))).rstrip()
            + "\n"
        ),
        _ONLY_DEF,
    ),
    (
        lambda g: _until(g.splitlines(keepends=True), _at_margin).rstrip() + "\n",
        _NUL,
    ),
    (lambda g: _until(_lines(g), _at_margin), _NEWLINE),
    (lambda g: _until(_lines(g), _at_margin).rstrip(), _NEWLINE),
    (lambda g: _until(_lines(g), _at_margin) + "\n", _STRIP),
    (
        lambda g: (
            _until(
                _lines(g), lambda x: x.strip() and not x.strip()[0].isspace()
            ).rstrip()
            + "\n"
        ),
        _STRIPPED_LINE,
    ),
]

# the text a code model wrote after a signature and docstring -> the function's body
_BODY_CASES = [
    (  # a blank line, then a new def
        "    total = 0\n    for x in xs:\n        total += x\n    return total\n"
        "\n\ndef mean(xs):\n    return total(xs) / len(xs)\n",
        "    total = 0\n    for x in xs:\n        total += x\n    return total\n",
    ),
    (  # a blank line inside the body, then more of it
        "    counts = {}\n    for word in text.split():\n"
        "        counts[word] = counts.get(word, 0) + 1\n\n    return counts\n"
        "\nclass Counter:\n    pass\n",
        "    counts = {}\n    for word in text.split():\n"
        "        counts[word] = counts.get(word, 0) + 1\n\n    return counts\n",
    ),
    (  # a line of spaces, then the script's main part at the margin
        '    return a * b\n    \n\nif __name__ == "__main__":\n'
        "    print(multiply(2, 3))\n",
        "    return a * b\n",
    ),
    (  # the end of the file in the middle of a line, then another file
        "    return sorted(set(items))\0#!/usr/bin/env python3\n"
        '"""Another module."""\n',
        "    return sorted(set(items))\n",
    ),
    (  # the end of the file at the end of a line, then another file's indented line
        "    if not items:\n        return None\n    return items[0]\0\n"
        "    import os\n",
        "    if not items:\n        return None\n    return items[0]\n",
    ),
    (  # one line, no newline at the end
        "    return n % 2 == 0",
        "    return n % 2 == 0\n",
    ),
    (  # a comment at the margin ends the body too
        "    return celsius * 9 / 5 + 32\n# The other way round\n"
        "def to_celsius(f):\n    return (f - 32) * 5 / 9\n",
        "    return celsius * 9 / 5 + 32\n",
    ),
    (  # no body at all: the text starts at the margin
        "def helper():\n    return 1\n",
        "\n",
    ),
]


def body_of(function):
    """Check function(generated) -> the function body in a code model's text: its lines
    up to the first one at the left margin and nothing after "\\0", trailing
    whitespace stripped, one newline added (helpers.code_completion.body_of)."""
    outputs = [call_safely(function, generated) for generated, _ in _BODY_CASES]
    if all(got is None and not error for got, error in outputs):
        return verdict(
            False,
            'not yet: your function returned None. Cut the text at "\\0", keep its '
            "lines up to the first one whose first character is not whitespace, and "
            "return them joined, with the trailing whitespace stripped and one '\\n' "
            "added.",
        )
    for (generated, expected), (got, error) in zip(_BODY_CASES, outputs):
        call = f"body_of({generated!r})"
        if error:
            return verdict(False, f"{call} {error}")
        if not isinstance(got, str):
            hint = (
                " Join the lines into one string: ''.join(lines)."
                if isinstance(got, (list, tuple))
                else ""
            )
            return verdict(
                False,
                f"{call} should return a string, your function gave {got!r}.{hint}",
            )
        if got == expected:
            continue
        hint = next(
            (
                h
                for wrong, h in _BODY_MISTAKES
                if [g for g, _ in outputs] == [wrong(t) for t, _ in _BODY_CASES]
            ),
            "",
        )
        return verdict(
            False, f"{call} should be {expected!r}, your function gave {got!r}.{hint}"
        )
    return verdict(
        True,
        "body_of is right: the lines up to the first one at the left margin or the end "
        "of the file, blank lines inside the body kept",
    )
