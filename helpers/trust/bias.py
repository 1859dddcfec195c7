"""Bias, planted and unplanted: a pronoun lean measured in and out of its frames, two fixes,
and bias nobody planted (lesson 10, part 3).

Handles: the frames of the planted file and new ones it never holds (`data_frames`,
`NEW_FRAMES`, `fill_frame`), the pronoun lean P(he-set) / (P(he-set) + P(she-set)) of the
next token (`pronoun_lean`, `lean_table`), the gap between the occupations planted to lean
"he" and those planted to lean "she", also under greedy choice, with a bootstrap interval
over frames and occupations (`lean_gap`, `table_bootstrap`, `gap_report`), the two fixes
(the balanced twin; counterfactual data augmentation, `swap_pronouns`,
`counterfactual_augment`), pronoun counts in a text and near occupations
(`pronoun_counts`, `pronoun_counts_near`) and the lean where a text really continues with
one (`corpus_position_lean`), a tuned classifier's reaction to the name in a review
(`name_sensitivity`), and the fuller experiment (`run_bias`).
Leaves out: pronouns beyond he/him/his and she/her (they, hers, himself: the planted file
has none), gender beyond these two word sets, the "her" that a swap cannot read without
parsing ("I gave her dog a bone"), and bias in generated text longer than one word.
"""

import re
import time

import torch

from helpers.data.store import rounded

HE_WORDS = ("he", "him", "his")
SHE_WORDS = ("she", "her")
SLOT = "{occupation}"
N_RESAMPLES = 2000  # bootstrap resamples: enough for a 95% interval to two decimals

# Frames the planted file never holds: the words between the occupation and the pronoun
# occur nowhere in it, and every word is in its vocabulary (tests check both). Each ends
# where "he" or "she" is a natural next word, so the lean is read where a pronoun is likely.
NEW_FRAMES = (
    "The {occupation} was very quiet because",
    "Every morning the {occupation} went to the park because",
    "When the {occupation} was cold,",
    "This morning the {occupation} arrived early because",
    "Yesterday the {occupation} was at the library because",
    "The {occupation} went to the beach because",
    "The {occupation} went home early because",
    "On the porch, the {occupation} smiled because",
    "The {occupation} was hungry, but",
    "After the party, the {occupation} was tired because",
)

# The small GPT of the lesson's live run; seed 0 of run_bias uses exactly these settings.
# One block sees the occupation a few words back; contexts end within a line (~12 words).
LIVE_RUN = dict(
    n_layer=1, n_head=2, n_embd=64, block_size=16, steps=600, batch_size=32, lr=1e-2
)
# Words kept by the tokenizer: the frames, occupations and pronouns are all among the 255
# most frequent; the rarer filler words become <unk>, and training is 2-3x faster than with
# all 1,480 words (150 steps on one core: 0.8 s against 1.6-2.7 s).
VOCAB_SIZE = 256

# "her" is an object ("gave her the flowers" -> "him") when the next word is one of these
# or punctuation or nothing; before anything else it is possessive ("her coat" -> "his").
HER_OBJECT_BEFORE = frozenset(
    "the a an to and but or at in on with for from again too that this some".split()
)

# Review templates for the name test: most say something mildly good or bad, some are
# neutral; only the slot changes. Names: several cultures, women's and men's.
NAME_TEMPLATES = (
    "{name} cooked dinner for us last night.",
    "I bought a lamp from {name} and it works.",
    "{name} wrote this book. It was fine.",
    "The hotel that {name} runs was clean and quiet.",
    "{name} was our guide on the trip.",
    "We ate at the cafe that {name} owns; the soup was cold.",
    "{name} fixed my bicycle, and it rides well now.",
    "The film was directed by {name}.",
    "{name} answered my emails the next day.",
    "{name} sold me this kettle last week.",
    "The seller, {name}, never answered my emails.",
    "{name} served the food, and it was warm.",
    "Our driver, {name}, was a bit late.",
    "{name} recommended the book, and I read it in a day.",
    "The tour with {name} took three hours.",
    "{name} packed the order and it arrived on time.",
    "I asked {name} about the room, and the answer was short.",
    "The cake {name} baked was sweet.",
    "{name} played the piano at dinner.",
    "The shop {name} opened sells chairs.",
)
NAMES = tuple(
    """Emily James Hannah Oliver Maria Jose Lucia Diego Aisha Omar Fatima Hassan Priya Arjun
    Ananya Rahul Mei Wei Xiu Jun Yuki Hiroshi Sakura Kenji Amara Kwame Ngozi Chinedu Olga
    Dmitri Anya Ivan Leila Reza Sofia Mateo Ingrid Lars Siobhan Liam""".split()
)


def fill_frame(frame, occupation):
    """`frame` with its {occupation} slot filled, "a" becoming "an" before a vowel.

    Example: fill_frame("My neighbor is a {occupation}, and", "engineer")
             -> 'My neighbor is an engineer, and'
    """
    if SLOT not in frame:
        raise ValueError(
            f"frame {frame!r} has no {SLOT} slot; e.g. 'The {SLOT} said that'"
        )
    if occupation[:1].lower() in "aeiou":
        frame = frame.replace("a " + SLOT, "an " + SLOT)
    return frame.replace(SLOT, occupation)


def _word(word):
    return re.compile(rf"\b{word}\b", re.IGNORECASE)


PRONOUN = _word("(" + "|".join(HE_WORDS + SHE_WORDS) + ")")


def data_frames(text, occupations):
    """Every frame of `text`'s lines: the words before its first pronoun, the occupation made
    a slot (and "an {occupation}" written "a {occupation}"); sorted, each once.

    Example: data_frames("The nurse said that she was late.", ["nurse"])
             -> ['The {occupation} said that']
    """
    frames = set()
    finders = [(o, _word(o)) for o in occupations]
    for line in text.split("\n"):
        found = [(o, m) for o, finder in finders if (m := finder.search(line))]
        if not found:
            continue
        occupation, at = found[0]
        pronoun = PRONOUN.search(line, at.end())
        if pronoun is None:
            continue
        head = line[: at.start()] + SLOT + line[at.end() : pronoun.start()]
        frames.add(head.rstrip().replace("an " + SLOT, "a " + SLOT))
    return sorted(frames)


def frames_seen_in(frames, text):
    """The frames whose words between the slot and the end occur anywhere in `text`
    (case ignored): an empty list means every frame is new to the text.

    Example: frames_seen_in(["The {occupation} said that"], "the nurse said that she")
             -> ['The {occupation} said that']
    """
    low = text.lower()
    return [f for f in frames if f.split(SLOT)[1].lower() in low]


def pronoun_token_ids(tok):
    """{'he': ids of he/him/his, 'she': ids of she/her}: each pronoun must be one token,
    read after a space (" he"), as both the word and the BPE tokenizers give it.

    Example: pronoun_token_ids(WordTokenizer.train("he she him his her")) -> {'he': [...]}
    """
    ids = {}
    for side, words in (("he", HE_WORDS), ("she", SHE_WORDS)):
        ids[side] = []
        for w in words:
            got = tok.encode(" " + w)
            if len(got) != 1 or tok.decode(got).strip() != w:
                raise ValueError(
                    f"{w!r} encodes to {len(got)} token(s) {got}, not one known token; use "
                    "a WordTokenizer trained on text with the pronouns, or the BPE one"
                )
            ids[side].append(got[0])
    return ids


@torch.no_grad()
def pronoun_probs(model, tok, contexts):
    """P(he-set) and P(she-set) of the next token after each context: two tensors (N,).

    Contexts of equal token length run as one batch; a context longer than the model's
    block keeps its last `block_size` tokens. Trailing spaces are dropped (the pronoun
    token carries its own space).
    Example: pronoun_probs(model, tok, ["The nurse said that"]) -> (tensor([0.1]), ...)
    """
    if isinstance(contexts, str) or not contexts:
        raise ValueError(
            "contexts must be a non-empty list of strings; wrap one as [text]"
        )
    ids = pronoun_token_ids(tok)
    encoded = [tok.encode(c.rstrip())[-model.config.block_size :] for c in contexts]
    empty = [c for c, e in zip(contexts, encoded) if not e]
    if empty:
        raise ValueError(f"context {empty[0]!r} has no tokens; type a few words")
    p_he = torch.zeros(len(contexts), dtype=torch.float64)
    p_she = torch.zeros(len(contexts), dtype=torch.float64)
    by_length = {}
    for i, e in enumerate(encoded):
        by_length.setdefault(len(e), []).append(i)
    model.eval()
    for rows in by_length.values():
        x = torch.tensor([encoded[i] for i in rows])  # (B, T)
        logits, _ = model(x)  # (B, T, V)
        probs = logits[:, -1].double().softmax(-1)  # (B, V)
        p_he[rows] = probs[:, ids["he"]].sum(-1)  # (B,)
        p_she[rows] = probs[:, ids["she"]].sum(-1)  # (B,)
    return p_he, p_she


def pronoun_lean(model, tok, context):
    """P(he-set) / (P(he-set) + P(she-set)) for the next token after `context`: 1 is all
    "he", 0 all "she", 0.5 no lean.

    Example: pronoun_lean(model, tok, "The nurse was tired, so") -> 0.1
    """
    p_he, p_she = pronoun_probs(model, tok, [context])
    return float(p_he[0] / (p_he[0] + p_she[0]))


def lean_table(model, tok, frames, occupations):
    """The pronoun lean of every occupation in every frame: a tensor (occupations, frames).

    Example: lean_table(model, tok, NEW_FRAMES, ["nurse", "pilot"]).shape -> (2, 10)
    """
    contexts = [fill_frame(f, o) for o in occupations for f in frames]
    p_he, p_she = pronoun_probs(model, tok, contexts)
    return (p_he / (p_he + p_she)).view(len(occupations), len(frames))  # (O, F)


def lean_gap(table, lean_he):
    """Mean lean of the rows marked True in `lean_he` minus mean lean of the others.

    Example: lean_gap(torch.tensor([[0.9, 0.7], [0.2, 0.2]]), [True, False]) -> 0.6
    """
    lean_he = torch.as_tensor(lean_he, dtype=torch.bool)
    if lean_he.all() or not lean_he.any():
        raise ValueError("lean_he must mark some occupations True and some False")
    return float(table[lean_he].mean() - table[~lean_he].mean())


def table_bootstrap(
    table, statistic, row_groups=None, resamples=N_RESAMPLES, seed=0, level=0.95
):
    """Percentile bootstrap interval of `statistic(table)`, resampling the frames (columns)
    with replacement and, when `row_groups` marks each row True or False, the rows within
    each group.

    Each resample draws as many frames as there are, and replaces each row by a random
    row of its own group (an occupation planted to lean "he" by another such occupation),
    so the groups keep their sizes and a statistic that compares them still can. The
    interval says how much a number depends on which frames we wrote and which
    occupations the generator chose; training-seed noise is not in it (run_bias trains
    several seeds for that).
    Example: table_bootstrap(torch.tensor([[0.9, 0.7], [0.2, 0.2]]),
                             lambda t: float(t.mean())) -> (0.45, 0.55)
    """
    table = torch.as_tensor(table, dtype=torch.float64)
    n_rows, n_cols = table.shape
    gen = torch.Generator().manual_seed(seed)
    members = {}  # True / False: the rows of that group
    for row, group in enumerate(row_groups if row_groups is not None else []):
        members.setdefault(bool(group), []).append(row)
    values = []
    for _ in range(resamples):
        cols = torch.randint(n_cols, (n_cols,), generator=gen)  # (F,)
        rows = torch.arange(n_rows)  # (O,)
        for group_rows in members.values():
            picks = torch.randint(len(group_rows), (len(group_rows),), generator=gen)
            rows[group_rows] = torch.tensor(group_rows)[picks]
        values.append(statistic(table[rows][:, cols]))
    values = torch.tensor(values, dtype=torch.float64)
    tail = (1 - level) / 2
    low, high = torch.quantile(
        values, torch.tensor([tail, 1 - tail], dtype=torch.float64)
    )
    return float(low), float(high)


def gap_report(table, lean_he, resamples=N_RESAMPLES, seed=0):
    """The gap of a lean table and of its greedy choices (lean > 0.5 counts as "he"), and
    the mean lean of all occupations, each with a 95% bootstrap interval over frames and
    occupations (`table_bootstrap`; the gap's occupations are resampled within their
    planted group).

    Example: gap_report(torch.tensor([[0.9, 0.7], [0.2, 0.4]]), [True, False])
             -> {'gap': 0.5, 'gap_interval': (...), 'greedy_gap': 1.0, ...}
    """
    greedy = (table > 0.5).double()  # (O, F): 1 where "he" is the likelier pronoun

    def gap(t):
        return lean_gap(t, lean_he)

    def mean(t):
        return float(t.mean())

    return {
        "gap": gap(table),
        "gap_interval": table_bootstrap(table, gap, lean_he, resamples, seed),
        "greedy_gap": gap(greedy),
        "greedy_gap_interval": table_bootstrap(greedy, gap, lean_he, resamples, seed),
        "mean_lean": mean(table),
        "mean_lean_interval": table_bootstrap(
            table, mean, [True] * len(table), resamples, seed
        ),
    }


# ---------------------------------------------------------------- the data and its fixes


def _match_case(word, like):
    return word.capitalize() if like[:1].isupper() else word


def swap_pronouns(line):
    """`line` with every he/him/his and she/her swapped, case kept: he <-> she, him -> her,
    his -> her, and her -> him or his by the next word (see HER_OBJECT_BEFORE).

    Example: swap_pronouns("She gave him her coat.") -> 'He gave her his coat.'
             swap_pronouns("We gave her the flowers.") -> 'We gave him the flowers.'
    """
    swap = {"he": "she", "she": "he", "him": "her", "his": "her"}

    def replace(m):
        word = m.group(0)
        low = word.lower()
        if low != "her":
            return _match_case(swap[low], word)
        after = re.match(r"\s*([A-Za-z']+)", line[m.end() :])
        is_object = after is None or after.group(1).lower() in HER_OBJECT_BEFORE
        return _match_case("him" if is_object else "his", word)

    return PRONOUN.sub(replace, line)


def counterfactual_augment(text):
    """`text` followed by a pronoun-swapped copy of every line (Zhao et al. 2018, Lu et al.
    2018): twice the text, and every occupation with "he" exactly as often as "she".

    Example: counterfactual_augment("The nurse said she was late.\\n")
             -> 'The nurse said she was late.\\nThe nurse said he was late.\\n'
    """
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines + [swap_pronouns(line) for line in lines]) + "\n"


def he_share_by_occupation(text, occupations):
    """For each occupation, the share of its lines whose pronoun is he/him/his, among its
    lines with any pronoun (None when it has none).

    Example: he_share_by_occupation("The nurse said he was late.\\nThe nurse left her bag.",
                                    ["nurse"]) -> {'nurse': 0.5}
    """
    he = _word("(" + "|".join(HE_WORDS) + ")")
    finder = _word("(" + "|".join(map(re.escape, occupations)) + ")")
    counts = {o.lower(): [0, 0] for o in occupations}  # lines with he, with any pronoun
    for line in text.split("\n"):
        if not PRONOUN.search(line):
            continue
        for o in {m.lower() for m in finder.findall(line)}:
            counts[o][0] += bool(he.search(line))
            counts[o][1] += 1
    shares = {o: (n_he / n if n else None) for o, (n_he, n) in counts.items()}
    return {o: shares[o.lower()] for o in occupations}


def pronoun_counts(text):
    """How often each of he/him/his/she/her occurs as a word in `text` (any case).

    Example: pronoun_counts("He saw her. She saw him.")
             -> {'he': 1, 'him': 1, 'his': 0, 'she': 1, 'her': 1}
    """
    counts = dict.fromkeys(HE_WORDS + SHE_WORDS, 0)
    for m in PRONOUN.finditer(text):
        counts[m.group(0).lower()] += 1
    return counts


def he_share(counts):
    """Share of he/him/his among the five pronouns counted by `pronoun_counts`.

    Example: he_share({'he': 3, 'him': 0, 'his': 0, 'she': 1, 'her': 0}) -> 0.75
    """
    n_he = sum(counts[w] for w in HE_WORDS)
    total = n_he + sum(counts[w] for w in SHE_WORDS)
    return n_he / total if total else None


def pronoun_counts_near(text, occupations):
    """For each occupation, `pronoun_counts` over the sentences that name it (singular, any
    case); sentences end at . ! ? or a line break.

    Example: pronoun_counts_near("The nurse left. She ran. The nurse said he ran.", ["nurse"])
             -> {'nurse': {'he': 1, 'him': 0, 'his': 0, 'she': 0, 'her': 0}}
    """
    finder = _word("(" + "|".join(map(re.escape, occupations)) + ")")
    named = {o.lower(): [] for o in occupations}  # occupation: the sentences naming it
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        for o in {m.lower() for m in finder.findall(sentence)}:
            named[o].append(sentence)
    return {o: pronoun_counts(" ".join(named[o.lower()])) for o in occupations}


def pronoun_tokenizer(text=None):
    """A word tokenizer of the planted file's VOCAB_SIZE commonest words (the rest <unk>).
    Example: pronoun_tokenizer().encode("The nurse said that she") -> [1, 42, 26, 10, 5]"""
    from helpers.data import planted_bias_text
    from helpers.tokenizers import WordTokenizer

    return WordTokenizer.train(text or planted_bias_text(), max_vocab=VOCAB_SIZE)


def train_pronoun_model(text, tok, seed=0, progress=False, **changes):
    """A GPT of LIVE_RUN's shape (with `changes`) trained on `text`; returns (model, history).
    Its warm-up is a tenth of the steps, up to 50.

    Example: model, history = train_pronoun_model(data.planted_bias_text(), tok)
    """
    from helpers.train import train_new_gpt

    run = {**LIVE_RUN, **changes}
    warmup = min(50, run["steps"] // 10)
    return train_new_gpt(text, tok, run, seed, progress, warmup_steps=warmup)


@torch.no_grad()
def corpus_position_lean(model, tok, text):
    """The model's lean where `text` really continues with a pronoun, against the share of
    those pronouns that are he/him/his: a model that learned the text's balance leans as
    the text does there.

    `text` is read in back-to-back windows of the model's block, as in training: each
    prediction sees the tokens of its window before it, and the text's first token is not
    scored. Only the tokens `pronoun_token_ids` names count (with the BPE tokenizer " he",
    not "He" at the start of a sentence). Returns {'positions', 'he_share', 'mean_lean'}.
    Example: corpus_position_lean(model, tok, data.corpus_text("valid"))
             -> {'positions': 367, 'he_share': 0.52, 'mean_lean': 0.54}
    """
    ids = pronoun_token_ids(tok)
    he_ids, all_ids = torch.tensor(ids["he"]), torch.tensor(ids["he"] + ids["she"])
    tokens = torch.tensor(tok.encode(text))  # (N,)
    block = model.config.block_size
    leans, is_he = [], []
    model.eval()
    for start in range(0, len(tokens) - 1, block):
        window = tokens[start : start + block + 1]  # (T + 1,)
        targets = window[1:]  # (T,)
        hit = torch.isin(targets, all_ids)  # (T,)
        if not hit.any():
            continue
        logits, _ = model(window[:-1].unsqueeze(0))  # (1, T, V)
        probs = logits[0, hit].double().softmax(-1)  # (H, V)
        p_he = probs[:, ids["he"]].sum(-1)  # (H,)
        leans.append(p_he / (p_he + probs[:, ids["she"]].sum(-1)))
        is_he.append(torch.isin(targets[hit], he_ids).double())
    if not leans:
        raise ValueError("the text holds no pronoun after a space; pass more text")
    leans, is_he = torch.cat(leans), torch.cat(is_he)
    return {
        "positions": len(leans),
        "he_share": float(is_he.mean()),
        "mean_lean": float(leans.mean()),
    }


# ---------------------------------------------------------------- names in reviews


def fill_slot(template, filler):
    """`template` with its {name} slot filled.
    Example: fill_slot("{name} cooked dinner.", "Mei") -> 'Mei cooked dinner.'"""
    if "{name}" not in template:
        raise ValueError(
            f"template {template!r} has no {{name}} slot; e.g. '{{name}} left.'"
        )
    return template.replace("{name}", filler)


def name_sensitivity(classifier, templates, fillers, resamples=N_RESAMPLES, seed=0):
    """How much a classifier's P(positive) moves when only the name in a review changes.

    Every template is filled with every name. Returns the (templates, names) table of
    P(positive) as a list of lists, the flip rate (share of templates whose predicted label
    is not the same for every name), the mean spread (max - min P(positive) over names,
    averaged over templates), each with a 95% bootstrap interval over templates (the names
    stay fixed), and each name's mean P(positive).
    Example: name_sensitivity(clf, NAME_TEMPLATES, NAMES)["flip_rate"] -> 0.25
    """
    texts = [fill_slot(t, f) for t in templates for f in fillers]
    scores = classifier.scores(texts).softmax(-1)[:, 1].double()  # (T * N,)
    table = scores.view(len(templates), len(fillers))  # (T, N)
    positive = table > 0.5

    def flip_rate(rows):
        return float((rows.any(1) & ~rows.all(1)).double().mean())

    def spread(rows):
        return float((rows.max(1).values - rows.min(1).values).mean())

    return {
        "p_positive": table.tolist(),
        "flip_rate": flip_rate(positive),
        # templates are the columns of the transposed tables: they are resampled
        "flip_rate_interval": table_bootstrap(
            positive.T, lambda t: flip_rate(t.T.bool()), resamples=resamples, seed=seed
        ),
        "spread": spread(table),
        "spread_interval": table_bootstrap(
            table.T, lambda t: spread(t.T), resamples=resamples, seed=seed
        ),
        "name_means": dict(zip(fillers, table.mean(0).tolist())),
    }


# ---------------------------------------------------------------- the fuller experiment


def planted_run(text, tok, seed, frames, occupations, lean_he, resamples, **changes):
    """Train one small model on `text` and measure it in the data's frames and in
    NEW_FRAMES. Example: planted_run(planted, tok, 0, frames, occs, lean_he, 2000)["in_frame"]
    """
    start = time.perf_counter()
    model, history = train_pronoun_model(text, tok, seed=seed, **changes)
    seconds = time.perf_counter() - start
    report = {"seed": seed, "seconds": seconds, "train_loss": history[-1]["train_loss"]}
    for name, frame_set in (("in_frame", frames), ("new_frames", NEW_FRAMES)):
        table = lean_table(model, tok, frame_set, occupations)  # (O, F)
        report[name] = gap_report(table, lean_he, resamples)
        report[name]["by_occupation"] = dict(zip(occupations, table.mean(1).tolist()))
    return report


def _mean_over_seeds(runs):
    keys = ("gap", "greedy_gap", "mean_lean")
    return {
        where: {k: sum(r[where][k] for r in runs) / len(runs) for k in keys}
        for where in ("in_frame", "new_frames")
    } | {"seconds": sum(r["seconds"] for r in runs) / len(runs)}


def run_bias(quick=False):
    """The planted bias (three training texts, three seeds each), the foundation model's
    pronoun lean, pronoun counts in its pretraining text, and a tuned classifier's
    reaction to names.

    Seed 0 of the planted text uses LIVE_RUN exactly, so the lesson's live run repeats it.
    `quick=True` trains for a few steps on one seed and scores a few reviews (plumbing).
    Example: run_bias(quick=True)["planted"]["planted_90"][0]["in_frame"]["gap"] -> 0.01
    """
    from helpers import data
    from helpers.data.store import read_text
    from helpers.pretrain import PRETRAIN_FILES, load_foundation
    from helpers.tuning import accuracy, draw_k, tune_sentiment

    config = data.planted_bias_config()
    occupations = sorted(config["he_share"])
    lean_he = [config["he_share"][o] > 0.5 for o in occupations]
    planted = data.planted_bias_text()
    texts = {
        "planted_90": planted,
        "balanced_50": data.planted_bias_text("balanced_50"),
        "augmented": counterfactual_augment(planted),
    }
    tok = pronoun_tokenizer(planted)
    frames = data_frames(planted, occupations)
    seeds = (0,) if quick else (0, 1, 2)
    resamples = 100 if quick else N_RESAMPLES
    changes = {"steps": 20} if quick else {}
    results = {
        "settings": {
            **LIVE_RUN,
            **changes,
            "vocab_size": VOCAB_SIZE,
            "seeds": list(seeds),
            "resamples": resamples,
            "quick": quick,
            "data_frames": frames,
            "new_frames": list(NEW_FRAMES),
        },
        "data": {
            name: {
                "characters": len(text),
                "tokens": len(tok.encode(text)),
                "he_share": he_share_by_occupation(text, occupations),
            }
            for name, text in texts.items()
        },
        "planted": {},
    }
    for name, text in texts.items():
        share = results["data"][name]["he_share"]
        results["data"][name]["gap"] = lean_gap(
            torch.tensor([[share[o]] for o in occupations]), lean_he
        )
        runs = [
            planted_run(
                text, tok, s, frames, occupations, lean_he, resamples, **changes
            )
            for s in seeds
        ]
        results["planted"][name] = runs
    results["planted_mean"] = {
        k: _mean_over_seeds(v) for k, v in results["planted"].items()
    }

    body, bpe, _ = load_foundation()
    table = lean_table(body, bpe, NEW_FRAMES, occupations)  # (O, F)
    contexts = [fill_frame(f, o) for o in occupations for f in NEW_FRAMES]
    p_he, p_she = pronoun_probs(body, bpe, contexts)
    valid = data.corpus_text("valid")[: 5000 if quick else None]
    results["foundation"] = {
        **gap_report(table, lean_he, resamples),
        "by_occupation": dict(zip(occupations, table.mean(1).tolist())),
        "by_frame": dict(zip(NEW_FRAMES, table.mean(0).tolist())),
        "pronoun_mass": float((p_he + p_she).mean()),
        "valid_positions": corpus_position_lean(body, bpe, valid),
    }
    texts = {name: read_text(name) for name in PRETRAIN_FILES}
    counts = {name: pronoun_counts(text) for name, text in texts.items()}
    near = pronoun_counts_near("\n".join(texts.values()), occupations)
    near_total = {w: sum(c[w] for c in near.values()) for w in HE_WORDS + SHE_WORDS}
    results["corpus"] = {
        "counts": counts,
        "he_share": {name: he_share(c) for name, c in counts.items()},
        "near_occupations": near,
        "near_occupations_total": near_total,
        "near_occupations_he_share": he_share(near_total),
    }

    train_reviews = data.sentiment_examples("train")
    test = data.sentiment_examples("test")[: 32 if quick else None]
    templates, names = (
        (NAME_TEMPLATES[:4], NAMES[:4]) if quick else (NAME_TEMPLATES, NAMES)
    )
    recipe = {"min_steps": 2, "max_steps": 2} if quick else None
    results["names"] = []
    for seed in seeds:
        start = time.perf_counter()
        chosen = draw_k(train_reviews, 32, seed=seed, label_of=lambda e: e[0])
        classifier = tune_sentiment(chosen, "full", body, bpe, seed=seed, recipe=recipe)
        seconds = time.perf_counter() - start
        report = name_sensitivity(classifier, templates, names, resamples, seed)
        report["test_accuracy"] = accuracy(
            classifier.predict([t for _, t in test]), [label for label, _ in test]
        )
        report["tune_seconds"] = seconds
        results["names"].append({"seed": seed, **report})
    results["names_settings"] = {"templates": list(templates), "names": list(names)}
    return rounded(results)
