"""From a request in plain words to an automation playbook: a small GPT that writes
Ansible-style YAML (lesson 13b).

Handles: ten server chores (install a package, restart a service, create a user, copy a
file...), each with a playbook template and request frames in plain English
(`requests`); names of packages, services, users and files built from syllables, so
that test requests name things no training text ever held (`names`); unlabeled
playbooks to pretrain on (`playbook_corpus`); a character GPT pretrained on them, then
tuned on (request, playbook) pairs (`tune_writer`), against the same GPT from scratch,
the nearest training request's playbook copied as it is (`NearestCopy`), and a rule
that picks the chore by its words and fills in the names it finds (`SlotRules`);
parse rate, right module, exact match and argument F1 (`score_playbooks`); and
`measure`, the study data/results/automation.json ships.
Leaves out: real inventories, variables, loops, handlers, and running what is written.
A playbook is checked as text and as parsed YAML, never executed.

    python -m helpers.automation pretrain --out runs/automation   # about 12 min
    python -m helpers.automation measure --seeds 2                # about 32 min
"""

import functools
import numbers
import random
import re

import numpy as np
import torch

from helpers.attention import KVCache
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import CharTokenizer
from helpers.tuning import fit

# ------------------------------------------------------------------ the chores

HOSTS = ("web", "db", "mail", "cache", "backup", "build", "edge", "staging")

# chore -> (the module it uses, its playbook task: name line and arguments)
CHORES = {
    "install": ("package", "Install {package}", "name: {package}\nstate: present"),
    "remove": ("package", "Remove {package}", "name: {package}\nstate: absent"),
    "start": ("service", "Start {service}", "name: {service}\nstate: started"),
    "stop": ("service", "Stop {service}", "name: {service}\nstate: stopped"),
    "restart": ("service", "Restart {service}", "name: {service}\nstate: restarted"),
    "enable": ("service", "Enable {service} at boot", "name: {service}\nenabled: true"),
    "add_user": ("user", "Create user {user}", "name: {user}\nstate: present"),
    "remove_user": ("user", "Remove user {user}", "name: {user}\nstate: absent"),
    "make_dir": ("file", "Create {path}", "path: {path}\nstate: directory"),
    "copy": ("copy", "Copy {file} to {path}", "src: {file}\ndest: {path}/{file}"),
}
CHORE_NAMES = tuple(CHORES)

# Request frames per chore: the first five for training, the sixth for validation
# (choosing recipes), the last three for test. Written for this lesson.
FRAMES = {
    "install": [
        "Install {package} on the {hosts} servers",
        "Please put {package} on {hosts}",
        "I need {package} installed on the {hosts} machines",
        "Make sure {package} is installed on {hosts}",
        "Could you add the {package} package to {hosts}?",
        "Get {package} onto the {hosts} hosts",
        "The {hosts} boxes need {package}, please set it up",
        "Set up the {package} package for the {hosts} group",
        "We want {package} available on every {hosts} server",
    ],
    "remove": [
        "Uninstall {package} from the {hosts} servers",
        "Please remove {package} from {hosts}",
        "Take {package} off the {hosts} machines",
        "Make sure {package} is not installed on {hosts}",
        "Could you delete the {package} package on {hosts}?",
        "Get rid of {package} on the {hosts} hosts",
        "The {hosts} boxes should no longer have {package}",
        "Purge the {package} package from the {hosts} group",
        "We do not want {package} on any {hosts} server",
    ],
    "start": [
        "Start the {service} service on the {hosts} servers",
        "Please start {service} on {hosts}",
        "Bring {service} up on the {hosts} machines",
        "Make sure {service} is running on {hosts}",
        "Could you launch the {service} service on {hosts}?",
        "Get {service} going on the {hosts} hosts",
        "{service} is down on {hosts}, turn it on",
        "Switch on the {service} daemon for the {hosts} group",
        "We need {service} running on every {hosts} server",
    ],
    "stop": [
        "Stop the {service} service on the {hosts} servers",
        "Please stop {service} on {hosts}",
        "Bring {service} down on the {hosts} machines",
        "Make sure {service} is not running on {hosts}",
        "Could you shut down the {service} service on {hosts}?",
        "Halt {service} on the {hosts} hosts",
        "{service} should be off on {hosts}, turn it off",
        "Switch off the {service} daemon for the {hosts} group",
        "We want {service} stopped on every {hosts} server",
    ],
    "restart": [
        "Restart the {service} service on the {hosts} servers",
        "Please restart {service} on {hosts}",
        "Bounce {service} on the {hosts} machines",
        "Make sure {service} is restarted on {hosts}",
        "Could you reboot the {service} service on {hosts}?",
        "Give {service} a restart on the {hosts} hosts",
        "{service} is stuck on {hosts}, stop it and start it again",
        "Cycle the {service} daemon for the {hosts} group",
        "We need a fresh restart of {service} on every {hosts} server",
    ],
    "enable": [
        "Enable the {service} service at boot on the {hosts} servers",
        "Please enable {service} on {hosts}",
        "Have {service} start at boot on the {hosts} machines",
        "Make sure {service} is enabled on {hosts}",
        "Could you turn on autostart for {service} on {hosts}?",
        "Let {service} come up by itself on the {hosts} hosts",
        "When the {hosts} boxes reboot, {service} should start",
        "Switch on the {service} daemon at startup for the {hosts} group",
        "We want {service} launched on boot on every {hosts} server",
    ],
    "add_user": [
        "Create the user {user} on the {hosts} servers",
        "Please add a user {user} on {hosts}",
        "Make an account for {user} on the {hosts} machines",
        "Make sure the user {user} exists on {hosts}",
        "Could you set up a login for {user} on {hosts}?",
        "Give {user} an account on the {hosts} hosts",
        "{user} is joining the team and needs access to {hosts}",
        "Register the account {user} for the {hosts} group",
        "We want a user called {user} on every {hosts} server",
    ],
    "remove_user": [
        "Delete the user {user} on the {hosts} servers",
        "Please remove the user {user} from {hosts}",
        "Close the account of {user} on the {hosts} machines",
        "Make sure the user {user} does not exist on {hosts}",
        "Could you take away the login of {user} on {hosts}?",
        "Drop the account {user} on the {hosts} hosts",
        "{user} has left the team, revoke their access to {hosts}",
        "Deregister the account {user} for the {hosts} group",
        "We want no user called {user} on any {hosts} server",
    ],
    "make_dir": [
        "Create the directory {path} on the {hosts} servers",
        "Please make a folder {path} on {hosts}",
        "Make the directory {path} on the {hosts} machines",
        "Make sure the folder {path} exists on {hosts}",
        "Could you create a directory at {path} on {hosts}?",
        "Add the folder {path} on the {hosts} hosts",
        "The {hosts} boxes need an empty {path} directory",
        "Set up the directory {path} for the {hosts} group",
        "We want a folder {path} on every {hosts} server",
    ],
    "copy": [
        "Copy {file} to {path} on the {hosts} servers",
        "Please put the file {file} in {path} on {hosts}",
        "Upload {file} into {path} on the {hosts} machines",
        "Make sure {file} is in {path} on {hosts}",
        "Could you copy the file {file} to {path} on {hosts}?",
        "Send {file} to {path} on the {hosts} hosts",
        "The {hosts} boxes need {file} placed under {path}",
        "Deploy the file {file} into {path} for the {hosts} group",
        "We want a copy of {file} in {path} on every {hosts} server",
    ],
}
SPLITS = {"train": (0, 5), "valid": (5, 6), "test": (6, 9)}  # frames of each split

# ------------------------------------------------------------------ names from syllables

SYLLABLES = (
    "ka lo mi vu ter dan so ri pel nox qua zin bor tel fa gri mon sut ve lix "
    "ram ob du ket wen pra sil ho cur ny"
).split()
TEST_NAMES = 400  # names only test requests use; never in pretraining or tuning text


def names(split):
    """The names of a split: "test" the first TEST_NAMES of all 2- and 3-syllable words
    in a fixed shuffled order, "train" the rest (also those the pretraining text uses).
    Example: len(names("test")), names("test")[:2] -> (400, ['milixn', 'pelho'])"""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    words = [a + b for a in SYLLABLES for b in SYLLABLES if a != b]
    words += [a + b + c for a in SYLLABLES[:12] for b in SYLLABLES for c in "xnlr"]
    words = sorted(set(words))
    random.Random(13).shuffle(words)
    return words[:TEST_NAMES] if split == "test" else words[TEST_NAMES:]


FILE_ENDINGS = (".conf", ".yml", ".ini", ".env", ".json")
PATH_ROOTS = ("/etc", "/opt", "/srv", "/var/lib", "/usr/local")


def _slot_values(chore, hosts, pool, rng):
    """Values for one request: the host group and each name the chore needs, drawn from
    `pool` (a list of names)."""
    values = {"hosts": hosts}
    pick = lambda: pool[rng.randrange(len(pool))]  # noqa: E731
    module = CHORES[chore][0]
    if module in ("package", "service", "user"):
        values[module] = pick()
    if chore in ("make_dir", "copy"):
        values["path"] = rng.choice(PATH_ROOTS) + "/" + pick()
        if rng.random() < 0.4:
            values["path"] += "/" + pick()
    if chore == "copy":
        values["file"] = pick() + rng.choice(FILE_ENDINGS)
    return values


def playbook(chore, values):
    """The playbook text for one chore with its values filled in, ending in a newline.

    Example: playbook("install", {"hosts": "web", "package": "kalo"}) ->
        '- hosts: web\\n  become: true\\n  tasks:\\n    - name: Install kalo\\n'
        '      ansible.builtin.package:\\n        name: kalo\\n        state: present\\n'
    """
    return _play(values["hosts"], [_task(chore, values)])


def _task(chore, values):
    module, title, arguments = CHORES[chore]
    lines = [
        f"    - name: {title.format(**values)}",
        f"      ansible.builtin.{module}:",
    ]
    lines += ["        " + line for line in arguments.format(**values).split("\n")]
    return "\n".join(lines) + "\n"


def _play(hosts, tasks):
    return f"- hosts: {hosts}\n  become: true\n  tasks:\n" + "".join(tasks)


def requests(split, per_chore, seed=0, names_from=None):
    """(request, playbook, chore) triples, per_chore of each chore, from the split's
    frames; names from `names_from` ("train" or "test"; default: the split's own,
    validation using training names). Shuffled with `seed`.

    Example: requests("test", 1)[0] -> ('peltell has left the team, revoke their
        access to cache', '- hosts: cache\\n...', 'remove_user')
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {sorted(SPLITS)}, got {split!r}")
    if not isinstance(per_chore, numbers.Integral) or per_chore < 1:
        raise ValueError(f"per_chore must be a whole number >= 1, got {per_chore!r}")
    pool = names(names_from or ("test" if split == "test" else "train"))
    rng = random.Random(f"{split}-{seed}")
    low, high = SPLITS[split]
    out = []
    for chore in CHORE_NAMES:
        for i in range(per_chore):
            frame = FRAMES[chore][low + i % (high - low)]
            values = _slot_values(chore, rng.choice(HOSTS), pool, rng)
            out.append((frame.format(**values), playbook(chore, values), chore))
    rng.shuffle(out)
    return out


def playbook_corpus(n_plays, seed=0):
    """Unlabeled playbooks to pretrain on: n_plays plays of one to three tasks each, every
    chore and host group, names from the training pool. No request is in it, but each
    task's `name:` line says in words what the task does, as real playbooks do.
    Example: playbook_corpus(2)[0].startswith("- hosts: ") -> True"""
    rng = random.Random(f"corpus-{seed}")
    pool = names("train")
    plays = []
    for _ in range(n_plays):
        hosts = rng.choice(HOSTS)
        tasks = [
            _task(chore, _slot_values(chore, hosts, pool, rng))
            for chore in rng.sample(CHORE_NAMES, rng.choice((1, 1, 2, 3)))
        ]
        while len(document(_play(hosts, tasks))) > BLOCK + 1:
            tasks.pop()  # a play must fit the writer's context
        plays.append(_play(hosts, tasks))
    return plays


# ------------------------------------------------------------------ the writer GPT

START, END = "---\n", "...\n"  # a YAML document's start and end markers
BLOCK = 384  # tokens of context: a request and its playbook, or a 3-task play
# A line's indentation (2, 4, 6 or 8 spaces) is read as one token, as code models'
# tokenizers give runs of spaces their own tokens (Codex did, Chen et al. 2021).
INDENTS = {"①": 2, "②": 4, "③": 6, "④": 8}


def document(playbook_text, request=None):
    """What the GPT reads: the playbook between YAML's document markers, after the request
    as a YAML comment when there is one.
    Example: document("- hosts: web\\n", "Hi") -> '# Hi\\n---\\n- hosts: web\\n...\\n'"""
    if request is not None and "\n" in request:
        raise ValueError("a request is one line; take out the line breaks")
    head = f"# {request}\n" if request is not None else ""
    return head + START + playbook_text + END


def encode(tok, text):
    """Token ids of text: one per character, except a line's indentation, one in all.
    Example: len(encode(tok, "a:\\n    b")) -> 5   ('a', ':', newline, 4 spaces, 'b')"""
    for mark, width in sorted(INDENTS.items(), key=lambda m: -m[1]):
        text = text.replace("\n" + " " * width, "\n" + mark)
    return tok.encode(text)


def decode(tok, ids):
    """The text of token ids, indentation written out again: decode(tok, encode(tok, t))
    == t. Example: decode(tok, encode(tok, "a:\\n    b")) -> 'a:\\n    b'"""
    text = tok.decode(ids)
    for mark, width in INDENTS.items():
        text = text.replace(mark, " " * width)
    return text


def writer_tokenizer():
    """One token per character a request or playbook can hold, and one per indentation.
    Example: writer_tokenizer().vocab_size -> 77"""
    letters = "".join(chr(c) for c in range(ord("a"), ord("z") + 1))
    text = letters + letters.upper() + "0123456789 \n#-.:/_,?'" + "".join(INDENTS)
    return CharTokenizer.train(text)


def writer_gpt(vocab_size, seed=0):
    """A fresh character GPT for playbooks: 4 layers, 4 heads, width 128, context BLOCK.
    Example: writer_gpt(77).num_parameters() -> 852352 (about 0.85 M)"""
    torch.manual_seed(seed)
    return GPT(
        GPTConfig(
            vocab_size=vocab_size, block_size=BLOCK, n_layer=4, n_head=4, n_embd=128
        )
    )


def document_rows(docs, tok):
    """Documents as (N, BLOCK + 1) ids, each padded with -100 (not scored).
    Example: document_rows(["---\\nx\\n...\\n"], tok).shape -> torch.Size([1, 385])"""
    rows = torch.full((len(docs), BLOCK + 1), -100, dtype=torch.long)
    for i, doc in enumerate(docs):
        ids = encode(tok, doc)
        if len(ids) > BLOCK + 1:
            raise ValueError(f"a document of {len(ids)} tokens is over {BLOCK + 1}")
        rows[i, : len(ids)] = torch.tensor(ids)
    return rows


def scored_targets(rows, prompts=None):
    """Next-token targets (N, BLOCK) for document rows, -100 (not scored) on the padding
    and, with `prompts` (one string per row: a one-line request and the start marker, a
    token per character), on each prompt's tokens: the request is given, not written.
    Example: for "# Hi\\n---\\nx\\n...\\n" and its prompt "# Hi\\n---\\n", only
    "x\\n...\\n" is scored."""
    targets = rows[:, 1:].clone()  # (N, BLOCK)
    for i, prompt in enumerate(prompts or []):
        targets[i, : len(prompt) - 1] = -100
    return targets


def train_writer(model, docs, tok, steps, lr, batch_size=16, prompts=None, seed=0):
    """Next-character training on documents (helpers.tuning.fit, AdamW, constant lr); with
    `prompts` (one per document, or None) the loss skips each prompt's characters.
    Returns the mean loss of the last 10 steps.
    Example: train_writer(model, docs, tok, 300, 1e-3) -> 0.21"""
    rows = document_rows(docs, tok)
    targets = scored_targets(rows, prompts)  # (N, BLOCK)
    used = int((rows >= 0).sum(1).max())  # the longest document: no longer batches

    def batch_loss(idx):
        x = rows[idx, : used - 1].clamp(min=0)  # (b, used - 1)
        return model(x, targets[idx, : used - 1])[1]

    params = [{"params": model.parameters(), "lr": lr}]
    return fit(model, batch_loss, len(docs), steps, batch_size, params, seed=seed)


def write_playbooks(model, tok, texts, batch_size=100):
    """Greedy playbooks for requests: the request as a comment, then the model writes
    until YAML's end marker; what it wrote before the marker (all of it when it never
    ended). Example: write_playbooks(model, tok, ["Install kalo on web"])[0][:9]
    -> '- hosts: '"""
    out = []
    for start in range(0, len(texts), batch_size):
        prompts = [
            document("", t)[: -len(END)] for t in texts[start : start + batch_size]
        ]
        ids = [encode(tok, p) for p in prompts]
        for prompt, row in zip(ids, _greedy_after(model, ids, encode(tok, END))):
            text = decode(tok, row[len(prompt) :])
            out.append(text.split(END)[0] if END in text else text)
    return out


@torch.inference_mode()
def _greedy_after(model, prompts, end):
    """Greedy continuations of prompts of different lengths in one batch, each read from
    position 0 (the writer's positions are learned, so no padding goes in front): while a
    row is still inside its prompt, its next token is the prompt's. Rows stop at `end`.
    Returns one list of ids per prompt, prompt included."""
    B, cfg = len(prompts), model.config
    lengths = torch.tensor([len(p) for p in prompts])  # (B,)
    if int(lengths.max()) >= BLOCK:
        raise ValueError(f"a request of {int(lengths.max())} characters leaves no room")
    out = torch.zeros(B, BLOCK, dtype=torch.long)  # (B, BLOCK)
    for i, p in enumerate(prompts):
        out[i, : len(p)] = torch.tensor(p)
    given = torch.arange(BLOCK)[None, :] < lengths[:, None]  # (B, BLOCK)
    end = torch.tensor(end)  # (E,)
    caches = [
        KVCache(B, cfg.n_head, BLOCK, cfg.n_embd // cfg.n_head)
        for _ in range(cfg.n_layer)
    ]
    first = int(lengths.min())
    h = model.hidden_states(out[:, :first], caches=caches)  # (B, first, C)
    done = torch.zeros(B, dtype=torch.bool)  # (B,)
    T = first
    for T in range(first, BLOCK):
        guess = model.lm_head(h[:, -1]).argmax(-1)  # (B,)
        out[:, T] = torch.where(given[:, T], out[:, T], guess)
        if T + 1 >= len(end):
            ended = (out[:, T + 1 - len(end) : T + 1] == end).all(1)  # (B,)
            done |= ended & ~given[:, T]
        if bool(done.all()) or T + 1 == BLOCK:
            break
        h = model.hidden_states(out[:, T : T + 1], caches=caches, start=T)  # (B, 1, C)
    return [row[: T + 1] for row in out.tolist()]


def tune_writer(examples, body=None, tok=None, steps=800, lr=1e-3, seed=0):
    """A writer tuned on (request, playbook, chore) examples, from the pretrained `body`
    (copied, never changed) or from a fresh GPT (body=None), the loss on the playbook.
    Example: writer = tune_writer(requests("train", 10), body, tok, steps=100)"""
    import copy

    tok = tok or writer_tokenizer()
    model = (
        copy.deepcopy(body) if body is not None else writer_gpt(tok.vocab_size, seed)
    )
    docs = [document(p, r) for r, p, _ in examples]
    prompts = [document("", r)[: -len(END)] for r, _, _ in examples]
    torch.manual_seed(seed)
    train_writer(model, docs, tok, steps, lr, prompts=prompts, seed=seed)
    return model.eval()


# ------------------------------------------------------------------ the baselines


def _words(text):
    """Example: _words("Copy kalo.conf to /etc/mi?") -> ['copy', 'kalo.conf', 'to', '/etc/mi']"""
    return re.findall(r"[a-z0-9_-]+\.[a-z]+|/[^\s?,]+|[a-z']+", text.lower())


class NearestCopy:
    """The playbook of the training request that shares the most words with the new one,
    copied as it is: right chore often, the new request's names never.
    Example: NearestCopy(train).write(["Install kalo on web"])"""

    def __init__(self, examples):
        self.examples = list(examples)
        self.bags = [set(_words(r)) for r, _, _ in self.examples]

    def nearest(self, text):
        words = set(_words(text))
        overlap = [len(words & bag) / len(words | bag) for bag in self.bags]
        return self.examples[int(np.argmax(overlap))]

    def write(self, texts):
        return [self.nearest(t)[1] for t in texts]


class SlotRules:
    """The practitioner's rule: the chore of the training request with the same wording
    once names are left out (or else the nearest by those words), then the names filled
    in from the new request: a host group from the list, a path by its leading slash, a
    file by its ending, and as the package, service or user the first other word that no
    training frame uses (one that no English text holds, when there is one).
    Example: SlotRules(train).write(["Install kalo on the web servers"])"""

    def __init__(self, examples):
        self.frame_words = set()
        for r, _, _ in examples:
            self.frame_words |= set(_words(_frame_of(r)))
        frames = [(_frame_of(r), None, c) for r, _, c in examples]
        self.chore_of_frame = {frame: c for frame, _, c in frames}
        self.chooser = NearestCopy(frames)

    def values(self, text):
        words = _words(text)
        values = {"hosts": next((w for w in words if w in HOSTS), HOSTS[0])}
        values["path"] = next((w for w in words if w.startswith("/")), "/tmp")
        values["file"] = next((w for w in words if w.endswith(FILE_ENDINGS)), "x.conf")
        unknown = [w for w in words if _is_frame_word(w, set())]
        unknown = [w for w in unknown if w not in self.frame_words] or ["unknown"]
        # A word no English text uses is more likely a name than a new word of a frame.
        values["name"] = next((w for w in unknown if w not in _english()), unknown[0])
        for slot in ("package", "service", "user"):
            values[slot] = values["name"]
        return values

    def write(self, texts):
        out = []
        for t in texts:
            frame = _frame_of_unknown(t, self.frame_words)
            chore = self.chore_of_frame.get(frame) or self.chooser.nearest(frame)[2]
            out.append(playbook(chore, self.values(t)))
        return out


def _frame_of(text):
    """A training request with its names taken out (what its frame said)."""
    return " ".join(w for w in _words(text) if _is_frame_word(w))


def _is_frame_word(word, known_names=None):
    """A word of a request's wording: not a path, a file, a host group or (for training
    requests, whose names are known) a name."""
    known_names = _NAME_SET if known_names is None else known_names
    return (
        not word.startswith("/")
        and not word.endswith(FILE_ENDINGS)
        and word not in HOSTS
        and word not in known_names
    )


_NAME_SET = set(names("train")) | set(names("test"))


@functools.cache
def _english():
    """The words of the foundation model's English corpus: the rule's dictionary."""
    from helpers.data import corpus_text
    from helpers.data.stats import words_of

    return frozenset(words_of(corpus_text("train")))


def _frame_of_unknown(text, frame_words):
    return " ".join(w for w in _words(text) if w in frame_words)


# ------------------------------------------------------------------ scoring


def parse_play(text):
    """The one task of a written playbook as (module, {argument: value}, hosts), or None
    when the text is not YAML of that shape (PyYAML's safe loader; nothing is run).
    Example: parse_play(playbook("install", {"hosts": "web", "package": "kalo"}))
        -> ('package', {'name': 'kalo', 'state': 'present'}, 'web')"""
    import yaml

    try:
        plays = yaml.safe_load(text)
        play = plays[0]
        task = play["tasks"][0]
        (key,) = [k for k in task if k.startswith("ansible.builtin.")]
        return (
            key.split(".")[-1],
            {k: str(v) for k, v in task[key].items()},
            play["hosts"],
        )
    except Exception:  # any shape but the expected one counts as not parsed
        return None


def argument_f1(written, gold):
    """F1 of the (key, value) pairs of the task's arguments and its hosts, written against
    gold (0 when the written text does not parse).
    Example: argument_f1(playbook("install", {"hosts": "web", "package": "vuter"}),
        playbook("install", {"hosts": "web", "package": "kalo"})) -> 0.75 (3 of 4 right)"""
    w, g = parse_play(written), parse_play(gold)
    if w is None:
        return 0.0
    pairs = lambda p: {("hosts", p[2]), ("module", p[0])} | set(p[1].items())  # noqa: E731
    right = len(pairs(w) & pairs(g))
    return 2 * right / (len(pairs(w)) + len(pairs(g)))


def score_playbooks(written, examples):
    """The four measures over examples: parses (share that load as a one-task play), module
    (share with the right module), exact (share equal to the gold text) and argument_f1
    (mean). Example: score_playbooks(written, test)["exact"] -> 0.85"""
    if len(written) != len(examples) or not examples:
        raise ValueError("give one written playbook per example, and at least one")
    golds = [p for _, p, _ in examples]
    parsed = [parse_play(w) for w in written]
    module = [
        p is not None and p[0] == CHORES[c][0] for p, (_, _, c) in zip(parsed, examples)
    ]
    return {
        "parses": round(float(np.mean([p is not None for p in parsed])), 4),
        "module": round(float(np.mean(module)), 4),
        "exact": round(float(np.mean([w == g for w, g in zip(written, golds)])), 4),
        "argument_f1": round(
            float(np.mean([argument_f1(w, g) for w, g in zip(written, golds)])), 4
        ),
    }


# ------------------------------------------------------------------ the commands

RECIPE = {  # the settings of `pretrain_writer` and `measure`
    "plays": 6000,  # unlabeled playbooks, about 1.4 MB
    "steps": 2500,
    "lr": 1e-3,
    "batch_size": 16,
    "labels": [8, 64, 512],  # (request, playbook) pairs per chore
    "tune_steps": 800,  # for every writer, tuned or from scratch
    # Chosen on the validation requests (64 pairs per chore): exact 0.16 against 0.03
    # for 1e-3, module 0.52 against 0.21. (A first look at test requests had picked 1e-3.)
    "tune_lr": 3e-4,
    "shipped_labels": 512,  # the tuned writer that ships (seed 0)
    "test_per_chore": 10,
}

SHIPPED = (
    "automation"  # the shipped writers' folder under data/; the tuned one in tuned/
)
CHECKPOINT_FILES = ("model.safetensors", "config.json", "tokenizer.json")
WRITER_FILES = (
    CHECKPOINT_FILES
    + ("MODEL_CARD.md",)
    + tuple(f"tuned/{name}" for name in CHECKPOINT_FILES)
)
WAYS = ("tuned", "scratch", "nearest", "rules")


def pretrain_writer(recipe=RECIPE, log=print):
    """The playbook writer: a character GPT that read recipe["plays"] unlabeled
    playbooks for recipe["steps"] steps; no request was read. Returns (model, tok, loss).
    Example: model, tok, loss = pretrain_writer()"""
    tok = writer_tokenizer()
    docs = [document(p) for p in playbook_corpus(recipe["plays"])]
    log(f"{len(docs):,} playbooks, {sum(map(len, docs)) / 1e6:.2f} M characters")
    model = writer_gpt(tok.vocab_size)
    loss = train_writer(
        model, docs, tok, recipe["steps"], recipe["lr"], recipe["batch_size"]
    )
    return model.eval(), tok, loss


def model_card(extra, parameters):
    """MODEL_CARD.md for a saved playbook writer, from the figures in its config's extra."""
    e, r = extra, extra["recipe"]
    threads = f"{e['threads']} CPU thread" + ("s" if e["threads"] != 1 else "")
    return f"""# Model card: the series' playbook writer

**What it is.** A {parameters / 1e6:.2f} M-parameter GPT (helpers.gpt: 4 layers, 4 heads, width
128, context {BLOCK} tokens) that writes Ansible-style playbooks one character at a time (a
line's indentation is one token).
Lesson 13b tunes it to write the playbook a request in plain English asks for.

**Data.** {r["plays"]:,} playbooks from `helpers.automation.playbook_corpus`, each between YAML's
`---` and `...` markers: one to three tasks from ten chores (packages, services, users,
directories, copied files) on eight host groups, with names built from syllables (the training
pool; the {TEST_NAMES} test names never appear). No request was read, but every task has a
`name:` line that says in words what it does ("Restart kalomi"), as real playbooks do.

**Training.** {r["steps"]:,} steps of {r["batch_size"]} playbooks, AdamW at lr {r["lr"]}, seed 0;
final training loss {e["loss"]:.3f} nats per token. Wall time {e["seconds"] / 60:.1f} min on
{threads}, torch {e["torch"]}.

**Tuned copy.** `tuned/` holds a copy tuned on {e["tuned_on"]}: {r["shipped_labels"] * 10:,}
(request, playbook) pairs from the training frames, {r["tune_steps"]} steps at lr {r["tune_lr"]},
the loss on the playbook only. It is lesson 13b's writer.

**Command.** `python -m helpers.automation pretrain --out data/automation --force --threads \
{e["threads"]}`

**Limits.** Ten chores in one fixed layout, made-up names: it writes nothing else, and what it
writes has never been run. Do not use it on real machines.
"""


def load_writer(directory=None, tuned=False):
    """A saved playbook writer: (GPT in eval mode, tokenizer, meta), the pretrained one or
    with tuned=True the one tuned on recipe["shipped_labels"] pairs per chore. Without a
    directory, the shipped data/automation, each file checked by sha256 first.
    Example: model, tok, meta = load_writer(tuned=True)"""
    from pathlib import Path

    from helpers.checkpoints import load_checkpoint
    from helpers.data import store

    if directory is None:
        directory = store.shipped_folder(SHIPPED, WRITER_FILES)
    return load_checkpoint(Path(directory) / "tuned" if tuned else directory)


def weights_sha256(directory=None):
    """sha256 of a writer's weights (default: the shipped ones), which results record."""
    from helpers.data import store

    return store.weights_sha256(SHIPPED, directory)


def shipped_results():
    """data/results/automation.json, refused when measured on other weights than the
    shipped writer. Example: shipped_results()["sets"]["new_names"]["tuned"]["512"]"""
    from helpers.data import store

    rerun = "python -m helpers.automation measure"
    return store.results_for_model("automation.json", weights_sha256(), rerun)


def test_sets(per_chore=RECIPE["test_per_chore"]):
    """The two test sets: "new_names" (training wording, names no training text held)
    and "new_wording" (test frames and test names).
    Example: {k: len(v) for k, v in test_sets().items()} -> {'new_names': 100, ...}"""
    return {
        "new_names": requests("train", per_chore, seed=1000, names_from="test"),
        "new_wording": requests("test", per_chore),
    }


def measure(model, tok, seeds=(0, 1, 2), recipe=RECIPE, log=print):
    """{test set: {way: {pairs per chore: [scores per seed]}}} for the four ways: the
    pretrained writer tuned, the same GPT from scratch, the nearest request's playbook
    and the slot rules, each given the same k training pairs per chore."""
    sets = test_sets()
    found = {name: {way: {} for way in WAYS} for name in sets}
    for k in recipe["labels"]:
        for seed in seeds:
            examples = requests("train", k, seed=seed)
            writers = {
                way: tune_writer(
                    examples, body, tok, recipe["tune_steps"], recipe["tune_lr"], seed
                )
                for way, body in [("tuned", model), ("scratch", None)]
            }
            for name, test in sets.items():
                texts = [r for r, _, _ in test]
                written = {
                    "tuned": write_playbooks(writers["tuned"], tok, texts),
                    "scratch": write_playbooks(writers["scratch"], tok, texts),
                    "nearest": NearestCopy(examples).write(texts),
                    "rules": SlotRules(examples).write(texts),
                }
                for way in WAYS:
                    score = score_playbooks(written[way], test)
                    found[name][way].setdefault(str(k), []).append(score)
                log(f"{name}, {k} pairs per chore, seed {seed}: " + ", ".join(
                    f"{w} {found[name][w][str(k)][-1]['exact']:.2f}" for w in WAYS
                ))  # fmt: skip
    return found


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.automation",
        "automation",
        "automation.json",
        "Lesson 13b's playbook writer and its measurements.",
        "pretrain the playbook writer on unlabeled playbooks, then tune a copy on 512 "
        "requests per chore into its tuned/ (about 12 min on 2 threads)",
        "the writer tuned on 8 to 512 requests per chore against scratch, the nearest "
        "request's playbook and slot rules, on new names and on new wording (about 16 min "
        "a seed)",
    )
    return p


def main(argv=None):
    import json
    import time

    from helpers.checkpoints import save_checkpoint
    from helpers.data import store
    from helpers.domain_cli import parse_domain_args, run_record, say, write_study

    args = parse_domain_args(build_parser(), argv)
    start = time.perf_counter()
    if args.command == "pretrain":
        model, tok, loss = pretrain_writer(log=say)
        extra = run_record(args, RECIPE, loss, time.perf_counter() - start)
        k = RECIPE["shipped_labels"]
        say(f"tuning a copy on {k} requests per chore")
        tuned = tune_writer(
            requests("train", k), model, tok, RECIPE["tune_steps"], RECIPE["tune_lr"]
        )
        extra["tuned_on"] = f"requests('train', {k}), seed 0"
        card = {"MODEL_CARD.md": model_card(extra, model.num_parameters())}
        out = save_checkpoint(args.out, model, tok, extra, card, args.force)
        save_checkpoint(out / "tuned", tuned, tok, extra, force=args.force)
        store.record_if_shipped(out, SHIPPED, WRITER_FILES)
        print(json.dumps({"out": str(out), "loss": extra["loss"]}))
        return
    model, tok, _ = load_writer(args.pretrained)
    results = {
        "recipe": RECIPE,
        "seeds": list(range(args.seeds)),
        "pretrained_sha256": weights_sha256(args.pretrained),
        "sets": measure(model, tok, range(args.seeds), log=say),
    }
    write_study(args, results, start)


if __name__ == "__main__":
    main()
