"""Lesson 13b's checks accept the instructors' solutions and reject typical mistakes."""

import math

import pytest

from helpers import automation
from helpers.exercises import lesson13b

# (chore, values) whose playbook parses to each of lesson13b._PAIR_CASES' plays
_PLAYBOOKS = [
    ("install", {"hosts": "web", "package": "kalo"}),
    ("copy", {"hosts": "edge", "file": "telmi.conf", "path": "/etc/noxka"}),
    ("enable", {"hosts": "mail", "service": "sutdan"}),
    ("remove_user", {"hosts": "db", "user": "ramket"}),
    ("make_dir", {"hosts": "backup", "path": "/srv/lixo"}),
]


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("13b")
    assert lesson13b.argument_pairs(found.argument_pairs)
    assert lesson13b.playbook_f1(found.playbook_f1)
    assert capsys.readouterr().out.count("✓") == 2


def test_pair_cases_are_plays_the_helper_parses():
    assert len(_PLAYBOOKS) == len(lesson13b._PAIR_CASES)
    for (chore, values), (play, _) in zip(_PLAYBOOKS, lesson13b._PAIR_CASES):
        assert automation.parse_play(automation.playbook(chore, values)) == play


def test_argument_f1_agrees_with_the_solutions(solutions):
    """argument_f1 on texts is playbook_f1 of argument_pairs of the parsed plays."""
    found = solutions("13b")

    def f1(written, gold):
        w, g = automation.parse_play(written), automation.parse_play(gold)
        return found.playbook_f1(found.argument_pairs(w), found.argument_pairs(g))

    pairs = []
    for chore, values in _PLAYBOOKS:  # one name changed
        gold = automation.playbook(chore, values)
        for key in values:
            changed = dict(values, **{key: values[key] + "x"})
            pairs.append((automation.playbook(chore, changed), gold))
    golds = [p for _, p, _ in automation.requests("train", 1)]
    pairs += [(w, g) for w in golds for g in golds]  # other chores and hosts
    scores = set()
    for written, gold in pairs:
        expected = automation.argument_f1(written, gold)
        assert math.isclose(f1(written, gold), expected, abs_tol=1e-12)
        scores.add(round(expected, 4))
    assert {1.0, 0.75, 0.0} <= scores  # right, one pair wrong, nothing in common


def without_hosts(play):
    module, arguments, hosts = play
    return {("module", module)} | set(arguments.items())


def without_module(play):
    module, arguments, hosts = play
    return {("hosts", hosts)} | set(arguments.items())


def as_a_list(play):
    module, arguments, hosts = play
    return [("hosts", hosts), ("module", module)] + list(arguments.items())


def keys_only(play):
    return set(play[1])


def keys_with_hosts_and_module(play):
    module, arguments, hosts = play
    return {("hosts", hosts), ("module", module)} | set(arguments.keys())


def swapped(play):
    module, arguments, hosts = play
    return {(hosts, "hosts"), (module, "module")} | {
        (v, k) for k, v in arguments.items()
    }


def misnamed_hosts(play):  # "host" for "hosts"
    module, arguments, hosts = play
    return {("host", hosts), ("module", module)} | set(arguments.items())


def reads_a_dict(play):  # takes the play for a dict
    return {("hosts", play["hosts"])}


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p: None, "not yet"),
        (without_hosts, "The hosts are missing"),
        (without_module, "The module is missing"),
        (lambda p: set(p[1].items()), "Those are the arguments only"),
        (as_a_list, "That is a list"),
        (lambda p: tuple(as_a_list(p)), "the order must not matter"),
        (keys_only, "the argument names only"),
        (keys_with_hosts_and_module, "the argument names only"),
        (swapped, "name first"),
        (lambda p: set(), "should be {('hosts', 'web'), ('module', 'package')"),
        (misnamed_hosts, "should be {('hosts', 'web')"),
        (lambda p: dict(p[1]), "should return a set of (name, value) pairs"),
        (reads_a_dict, "raised TypeError"),
    ],
)
def test_argument_pairs_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13b.argument_pairs(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def precision(written, gold):
    return len(written & gold) / len(written) if written else 0.0


def recall(written, gold):
    return len(written & gold) / len(gold) if gold else 0.0


def jaccard(written, gold):
    union = written | gold
    return len(written & gold) / len(union) if union else 0.0


def over_the_union(written, gold):  # counts a shared pair once in the denominator
    union = written | gold
    return 2 * len(written & gold) / len(union) if union else 0.0


def without_the_two(written, gold):
    total = len(written) + len(gold)
    return len(written & gold) / total if total else 0.0


def unguarded(written, gold):
    return 2 * len(written & gold) / (len(written) + len(gold))


def harmonic_mean(written, gold):  # right, but divides by zero when nothing is right
    p = len(written & gold) / len(written)
    r = len(written & gold) / len(gold)
    return 2 * p * r / (p + r)


def over_lists(written, gold):  # pairs as lists: order counts, and pairs may repeat
    w, g = sorted(written), sorted(gold)
    right = sum(a == b for a, b in zip(w, g))
    total = len(w) + len(g)
    return 2 * right / total if total else 0.0


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w, g: None, "not yet"),
        (precision, "That is precision"),
        (recall, "That is recall"),
        (jaccard, "Jaccard index"),
        (over_the_union, "never above 1"),
        (without_the_two, "half the F1"),
        (unguarded, "return 0.0 then"),
        (harmonic_mean, "raised ZeroDivisionError"),
        (over_lists, "expected 0.8889"),
        (lambda w, g: 100 * unguarded(w, g), "expected 1.0000, your function gave 100"),
        (lambda w, g: "1.0", "expected 0.7500"),
    ],
)
def test_playbook_f1_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson13b.playbook_f1(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
