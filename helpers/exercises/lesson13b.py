"""Checks for lesson 13b (from a request to a playbook)."""

from helpers.exercises import call_safely, close_to, verdict

_NO_HOSTS = (
    " The hosts are missing: add ('hosts', hosts), since a playbook run on the wrong "
    "servers is wrong however right its task is."
)
_NO_MODULE = (
    " The module is missing: add ('module', module), since 'name: kalo' means "
    "something else to package than to user."
)
_ONLY_ARGUMENTS = (
    " Those are the arguments only: add the play's hosts and its module too, "
    "('hosts', hosts) and ('module', module)."
)
_KEYS_ONLY = (
    " Those are the argument names only (the dict's keys): each pair is (name, value), "
    "such as ('state', 'present'); set(arguments.items()) gives them."
)
_SWAPPED = (
    " Each pair is (name, value), name first: ('hosts', 'web'), not ('web', 'hosts')."
)
_LIST = (
    " That is a list: put the pairs in a set (set(...) or {...}). A set keeps each "
    "pair once and has no order, so two plays with the same pairs written in another "
    "order come out equal; the order must not matter."
)

# (module, {argument: value}, hosts) as helpers.automation.parse_play returns it -> its
# set of (name, value) pairs
_PAIR_CASES = [
    (  # install kalo on web
        ("package", {"name": "kalo", "state": "present"}, "web"),
        {
            ("hosts", "web"),
            ("module", "package"),
            ("name", "kalo"),
            ("state", "present"),
        },
    ),
    (  # copy a file: two arguments that are not name and state
        ("copy", {"src": "telmi.conf", "dest": "/etc/noxka/telmi.conf"}, "edge"),
        {
            ("hosts", "edge"),
            ("module", "copy"),
            ("src", "telmi.conf"),
            ("dest", "/etc/noxka/telmi.conf"),
        },
    ),
    (  # enable at boot: parse_play turns YAML's true into the string "True"
        ("service", {"name": "sutdan", "enabled": "True"}, "mail"),
        {
            ("hosts", "mail"),
            ("module", "service"),
            ("name", "sutdan"),
            ("enabled", "True"),
        },
    ),
    (  # remove a user on the db servers
        ("user", {"name": "ramket", "state": "absent"}, "db"),
        {("hosts", "db"), ("module", "user"), ("name", "ramket"), ("state", "absent")},
    ),
    (  # make a directory: its argument is path, not name
        ("file", {"path": "/srv/lixo", "state": "directory"}, "backup"),
        {
            ("hosts", "backup"),
            ("module", "file"),
            ("path", "/srv/lixo"),
            ("state", "directory"),
        },
    ),
]

# what typical mistakes give for a play (module, arguments, hosts), with their hints
_PAIR_MISTAKES = [
    (lambda m, a, h: {("module", m)} | set(a.items()), _NO_HOSTS),
    (lambda m, a, h: {("hosts", h)} | set(a.items()), _NO_MODULE),
    (lambda m, a, h: set(a.items()), _ONLY_ARGUMENTS),
    (lambda m, a, h: set(a), _KEYS_ONLY),
    (lambda m, a, h: {("hosts", h), ("module", m)} | set(a), _KEYS_ONLY),
    (
        lambda m, a, h: {(h, "hosts"), (m, "module")} | {(v, k) for k, v in a.items()},
        _SWAPPED,
    ),
]

_PRECISION = (
    " That is precision, the share of written pairs that are right: F1 weighs recall, "
    "the share of gold pairs written, in too. F1 = 2 * right / (len(written) + "
    "len(gold))."
)
_RECALL = (
    " That is recall, the share of gold pairs that were written: F1 weighs precision, "
    "the share of written pairs that are right, in too. F1 = 2 * right / "
    "(len(written) + len(gold))."
)
_JACCARD = (
    " That is the Jaccard index, right / len(written | gold): F1 divides 2 * right by "
    "len(written) + len(gold), so each shared pair counts twice."
)
_HALF = (
    " That is half the F1: a shared pair is in both sets, so it counts twice, "
    "2 * right."
)
_ABOVE_ONE = (
    " An F1 is never above 1: divide by len(written) + len(gold), where a shared pair "
    "counts twice, not by the number of different pairs."
)
_ZERO = (
    " Guard against dividing by zero: when written is empty, or nothing is right, the "
    "F1 is 0.0. 2 * right / (len(written) + len(gold)) only fails when both are empty; "
    "return 0.0 then."
)

_GOLD = {
    ("hosts", "web"),
    ("module", "package"),
    ("name", "kalo"),
    ("state", "present"),
}
_COPY = {
    ("hosts", "edge"),
    ("module", "copy"),
    ("src", "telmi.conf"),
    ("dest", "/etc/noxka/telmi.conf"),
}
_ENABLE = {
    ("hosts", "mail"),
    ("module", "service"),
    ("name", "sutdan"),
    ("enabled", "True"),
}

# (written pairs, gold pairs) -> F1, with what typical mistakes give
_F1_CASES = [
    ((_GOLD, _GOLD), 1.0, {}),  # the same pairs
    (  # one name wrong out of 4 pairs each
        ((_GOLD - {("name", "kalo")}) | {("name", "kalox")}, _GOLD),
        0.75,
        {0.6: _JACCARD, 0.375: _HALF},
    ),
    (  # a wrong name and an extra argument: 3 right of 5 written, of 4 gold
        (
            (_GOLD - {("name", "kalo")})
            | {("name", "kalox"), ("update_cache", "True")},
            _GOLD,
        ),
        2 * 3 / 9,
        {0.6: _PRECISION, 0.75: _RECALL, 0.5: _JACCARD, 1 / 3: _HALF},
    ),
    ((_COPY | {("mode", "0644")}, _COPY), 2 * 4 / 9, {1.0: _RECALL}),  # an extra pair
    ((_ENABLE - {("enabled", "True")}, _ENABLE), 2 * 3 / 7, {1.0: _PRECISION}),
    ((_ENABLE, _GOLD), 0.0, {}),  # nothing in common
    ((set(), _GOLD), 0.0, {}),  # nothing written
    ((set(), set()), 0.0, {}),  # both empty: by convention 0.0
]


def _show(pairs):
    """A set of pairs in a fixed order. Example: _show({("b", 1), ("a", 2)}) ->
    "{('a', 2), ('b', 1)}" """
    return "{" + ", ".join(repr(p) for p in sorted(pairs, key=repr)) + "}"


def argument_pairs(function):
    """Check function(play) -> the set of (name, value) pairs of a parsed play: its
    hosts, its module and its arguments (what helpers.automation.argument_f1
    compares)."""
    for (module, arguments, hosts), expected in _PAIR_CASES:
        call = f"argument_pairs({(module, arguments, hosts)!r})"
        got, error = call_safely(function, (module, dict(arguments), hosts))
        if error:
            return verdict(False, f"{call} {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Unpack the play with "
                "module, arguments, hosts = play and return the set "
                "{('hosts', hosts), ('module', module)} | set(arguments.items()).",
            )
        if not isinstance(got, (set, frozenset)):
            hint = _LIST if isinstance(got, (list, tuple)) else ""
            return verdict(
                False,
                f"{call} should return a set of (name, value) pairs, your function "
                f"gave {got!r}.{hint}",
            )
        if got != expected:
            hint = next(
                (
                    h
                    for wrong, h in _PAIR_MISTAKES
                    if got == wrong(module, arguments, hosts)
                ),
                "",
            )
            return verdict(
                False,
                f"{call} should be {_show(expected)}, your function gave "
                f"{_show(got)}.{hint}",
            )
    return verdict(
        True,
        "argument_pairs is right: a play is its hosts, its module and each argument's "
        "(name, value), in no order",
    )


def playbook_f1(function):
    """Check function(written, gold) -> the F1 of two sets of pairs,
    2 * |written & gold| / (|written| + |gold|), 0.0 when both are empty
    (helpers.automation.argument_f1 on parsed plays)."""
    for (written, gold), expected, mistakes in _F1_CASES:
        shown = f"written {_show(written)}, gold {_show(gold)}"
        got, error = call_safely(function, set(written), set(gold))
        if error:
            hint = _ZERO if error.startswith("raised ZeroDivisionError") else ""
            return verdict(False, f"playbook_f1 with {shown} {error}.{hint}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Count the pairs both sets hold, "
                "right = len(written & gold), and return 2 * right / (len(written) + "
                "len(gold)), or 0.0 when both sets are empty.",
            )
        if not close_to(got, expected):
            hint = next((h for v, h in mistakes.items() if close_to(got, v)), "")
            if not hint and close_to(got, expected / 2) and expected > 0:
                hint = _HALF
            if not hint and isinstance(got, (int, float)) and got > 1:
                hint = _ABOVE_ONE
            return verdict(
                False,
                f"playbook_f1 with {shown}: expected {expected:.4f}, your function "
                f"gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "playbook_f1 is right: 2 * the shared pairs over all pairs written and gold, "
        "so a wrong name costs precision and recall alike",
    )
