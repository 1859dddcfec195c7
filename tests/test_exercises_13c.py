"""Lesson 13c's checks accept the instructors' solutions and reject typical mistakes."""

import math

import pytest

from helpers import code_completion
from helpers.exercises import lesson13c


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("13c")
    assert lesson13c.pass_at_k(found.pass_at_k)
    assert lesson13c.body_of(found.body_of)
    assert capsys.readouterr().out.count("✓") == 2


def test_solutions_agree_with_the_helpers_on_the_cases(solutions):
    found = solutions("13c")
    for case in lesson13c._PASS_CASES:
        assert math.isclose(
            found.pass_at_k(*case), code_completion.pass_at_k(*case), abs_tol=1e-12
        )
    for generated, expected in lesson13c._BODY_CASES:
        assert code_completion.body_of(generated) == expected
        assert found.body_of(generated) == expected


def test_pass_cases_are_every_valid_case_up_to_20():
    cases = set(lesson13c._PASS_CASES)
    assert all(1 <= k <= n and 0 <= c <= n for n, c, k in cases)
    assert len(cases) == sum(n * (n + 1) for n in range(1, 21))
    assert any(n - c < k for n, c, k in cases) and any(c == 0 for _, c, _ in cases)


def test_each_mistake_differs_from_the_answer_and_from_the_others():
    """A hint can fire: its mistake is wrong somewhere, and no other hint's mistake
    gives the same outputs."""
    pass_cases = lesson13c._PASS_CASES
    expected = [code_completion.pass_at_k(*case) for case in pass_cases]
    outputs = [
        [wrong(*case) for case in pass_cases] for wrong, _ in lesson13c._PASS_MISTAKES
    ]
    for got in outputs:
        assert not all(math.isclose(g, e, abs_tol=1e-9) for g, e in zip(got, expected))
    assert len({tuple(round(g, 9) for g in got) for got in outputs}) == len(outputs)

    expected = [e for _, e in lesson13c._BODY_CASES]
    by_hint = {}
    for wrong, hint in lesson13c._BODY_MISTAKES:
        got = tuple(wrong(g) for g, _ in lesson13c._BODY_CASES)
        assert list(got) != expected
        assert by_hint.setdefault(got, hint) == hint


# -------------------------------------------------------------------- pass@k mistakes


def share(n, c, k):
    return c / n


def with_replacement(n, c, k):
    p = c / n
    return 1 - (1 - p) ** k


def all_of_them_pass(n, c, k):
    return math.comb(c, k) / math.comb(n, k)


def none_passes(n, c, k):
    return math.comb(n - c, k) / math.comb(n, k)


def with_factorials(n, c, k):  # factorial(n - c - k) fails when n - c < k
    def choose(a, b):
        return math.factorial(a) / (math.factorial(b) * math.factorial(a - b))

    return 1 - choose(n - c, k) / choose(n, k)


def zero_when_few_fail(n, c, k):
    if n - c < k:
        return 0.0
    return 1 - math.comb(n - c, k) / math.comb(n, k)


def not_written(n, c, k):
    raise NotImplementedError


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, c, k: None, "not yet"),
        (not_written, "not written yet"),
        (share, "That is c / n"),
        (with_replacement, "with replacement"),
        (all_of_them_pass, "the chance that all k programs drawn pass"),
        (none_passes, "pass@k is 1 minus it"),
        (with_factorials, "return that before working out C(n - c, k)"),
        (zero_when_few_fail, "there are fewer than k failing programs"),
        (lambda n, c, k: c / n / 2, "pass_at_k(n=20, c=1, k=10) should be 0.5000"),
        (lambda n, c, k: "0.5", "should be 0.3000, your function gave '0.5'"),
    ],
)
def test_pass_at_k_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13c.pass_at_k(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_pass_at_k_check_gives_no_hint_for_a_mixed_mistake(capsys):
    """With replacement for n >= 10, the share below: neither mistake's outputs on
    every case, so neither hint."""
    assert not lesson13c.pass_at_k(
        lambda n, c, k: 1 - (1 - c / n) ** k if n >= 10 else c / n
    )
    out = capsys.readouterr().out
    assert "should be" in out and "with replacement" not in out and "c / n" not in out


def without_the_guard(n, c, k):  # math.comb(n - c, k) is 0 when n - c < k
    return 1 - math.comb(n - c, k) / math.comb(n, k)


def as_a_product(n, c, k):  # Chen et al.'s numerically stable form
    return 1 - math.prod(1 - k / i for i in range(n - c + 1, n + 1))


@pytest.mark.parametrize("right", [without_the_guard, as_a_product])
def test_pass_at_k_check_accepts_other_right_ways(right, capsys):
    assert lesson13c.pass_at_k(right)
    assert "✓" in capsys.readouterr().out


# -------------------------------------------------------------------- body mistakes


def stops_at_a_blank_line(generated):
    body = []
    for line in generated.split("\0")[0].split("\n"):
        if line.strip() == "" or not line[0].isspace():
            break
        body.append(line)
    return "\n".join(body).rstrip() + "\n"


def keeps_everything(generated):
    return generated.split("\0")[0].rstrip() + "\n"


def stops_at_def_only(generated):
    body = []
    for line in generated.split("\0")[0].split("\n"):
        if line.startswith("def ") or line.startswith("class "):
            break
        body.append(line)
    return "\n".join(body).rstrip() + "\n"


def reads_past_the_end_of_file(generated):
    body = []
    for line in generated.split("\n"):
        if line and not line[0].isspace():
            break
        body.append(line)
    return "\n".join(body).rstrip() + "\n"


def lines_up_to_the_margin(generated):
    body = []
    for line in generated.split("\0")[0].splitlines(keepends=True):
        if line[0] not in " \t\n":
            break
        body.append(line)
    return body


def no_strip_no_newline(generated):
    return "".join(lines_up_to_the_margin(generated))


def no_final_newline(generated):
    return "".join(lines_up_to_the_margin(generated)).rstrip()


def no_strip(generated):
    return "".join(lines_up_to_the_margin(generated)) + "\n"


def strips_before_looking(generated):
    body = []
    for line in generated.split("\0")[0].split("\n"):
        if line.strip() and line.strip()[0] != " ":
            break
        body.append(line)
    return "\n".join(body).rstrip() + "\n"


def not_written_body(generated):
    raise NotImplementedError


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda g: None, "not yet"),
        (not_written_body, "not written yet"),
        (stops_at_a_blank_line, "stops at the first blank line"),
        (keeps_everything, "keeps what comes after the body too"),
        (stops_at_def_only, "stops only at a def"),
        (reads_past_the_end_of_file, 'reads past "\\0"'),
        (no_strip_no_newline, "exactly one newline"),
        (no_final_newline, "exactly one newline"),
        (no_strip, "keeps the blank lines after the body"),
        (strips_before_looking, "line.strip() takes the indentation off"),
        (lines_up_to_the_margin, "Join the lines into one string"),
        (lambda g: g, "should be '    total = 0\\n"),
        (lambda g: int(g), "raised ValueError"),
    ],
)
def test_body_of_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13c.body_of(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def test_body_of_check_gives_no_hint_for_two_mistakes_at_once(capsys):
    """Stopping at a blank line and no final newline: neither mistake's hint fits."""
    assert not lesson13c.body_of(lambda g: stops_at_a_blank_line(g).rstrip())
    out = capsys.readouterr().out
    assert "should be" in out and "blank line" not in out and "newline:" not in out
