"""Solutions to lesson 12's exercises."""


def balanced(smiles):
    depth, rings, in_bracket = 0, {}, False
    for ch in smiles:
        if ch == "[":
            in_bracket = True
        elif ch == "]":
            in_bracket = False
        elif in_bracket:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return False
        elif ch.isdigit():
            rings[ch] = rings.get(ch, 0) + 1
    return depth == 0 and all(n % 2 == 0 for n in rings.values())


def unique_and_novel(valid, training):
    distinct = set(valid)
    return len(distinct) / len(valid), len(distinct - set(training)) / len(distinct)
