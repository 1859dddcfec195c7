"""Code completion: a GPT that read Python's own standard library finishes a line of code
and writes the body of a function, measured against a byte n-gram (lesson 13c).

Handles: the code (`code_files`: the pure-Python files of the running Python's standard
library, split by file into training, validation and held-out sets; the held-out and
validation files are ones that are byte-identical on Python 3.10-3.13, checked by sha256),
a byte-pair tokenizer trained on code (`code_tokenizer`, whose chunks keep identifiers
whole and a newline with the next line's indentation together), the series' GPT
(`code_gpt`), a byte n-gram with Witten-Bell smoothing (`ByteNgram`), three measures on
held-out code (`bits_per_byte`, `rest_of_line_cases` + `complete_lines` + the n-gram's
`complete_line`), and function tasks written for the project (`load_tasks`,
`write_bodies`, `passes`, `pass_at_k`): signature and docstring in, body out, run against
the task's asserts in a separate Python process.

    python -m helpers.code_completion pretrain --out runs/coder   # tokenizer + GPT
    python -m helpers.code_completion measure    # bits per byte, lines, pass@k

Leaves out: fill-in-the-middle, more than one file of context, and a real sandbox: the
guard in `passes` stops a program from deleting or writing files or starting processes
by the usual calls, which is enough for a model this small, not for untrusted code.
"""

import hashlib
import json
import math
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path

import numpy as np
import torch

from helpers.gpt import GPT, GPTConfig
from helpers.sampling import check_temperature
from helpers.tokenizers import BPETokenizer

BLOCK = 256  # tokens of context, about 800 characters of code
CONTEXT = 192  # tokens before the cut in a rest-of-line case
FILE_END = "\0"  # between files; never inside a source file
# Chunks for BPE on code: a newline run with the next line's indentation; an identifier
# (letters, digits, underscores) with an optional space before it; a number; a run of
# punctuation; spaces or tabs; anything else. Merges never cross a chunk.
CODE_PATTERN = r"\n+[ \t]*| ?[^\W\d]\w*| ?\d+| ?[^\s\w]+|[ \t]+|."

# Folders of the standard library left out: tests, GUI code, generated codec tables,
# pydoc's help texts, the bundled pip, and modules removed in later Pythons.
SKIPPED = ("test", "tests", "idlelib", "tkinter", "turtledemo", "encodings",
           "pydoc_data", "ensurepip", "site-packages", "lib2to3", "distutils")  # fmt: skip

# Files byte-identical in Python 3.10.13, 3.11.7, 3.12.1 and 3.13.0 (sha256 below), so
# every supported Python measures the same held-out and validation code.
HELD_OUT = {  # 16 files, 299 KB
    "_markupbase.py": "cb14dd6f2e2439eb70b806cd49d19911363d424c2b6b9f4b73c9c08022d47030",
    "_py_abc.py": "f9c6fe3dd9b51bd7d93f867356e9d362600c924febfd903ee1c6e298860dca92",
    "_threading_local.py": "e1bf3dae66d0bfa63c8bb8a1d10c611203c35c636f7f5191fd56105788ef29cb",
    "difflib.py": "0c6afc23568d55b3e9ac914f9c5361e3033e778aa5b58d3cc82835fc5c638679",
    "json/__init__.py": "d5d41e2c29049515d295d81a6d40b4890fbec8d8482cfb401630f8ef2f77e4d5",
    "multiprocessing/heap.py": "f6bb79bb99b9ae484935f0d68822e9603a1622dd0b6c4966c79db232a93ba614",
    "multiprocessing/reduction.py": (
        "4999f8b9ae7b3e8a7f5de302612b4131498dc2e238a2c47f894905c1c63294fe"
    ),
    "optparse.py": "07d224301cba312fa0697bff9cd5a4bb4f778a90629632091b3f4ae874d89af5",
    "py_compile.py": "3464f04938b57a7aafbc5c394ccd4c46823ee607f7fe36b48b91ecbc30ff4e48",
    "pyclbr.py": "e8ca09333701ba41244e20b8c2c37b7ed0499b88c4b2ca82cac51ef89ca9e647",
    "tracemalloc.py": "c2cc84a05b824df79840c98729a0e94ef8909b11c528a1b2c5a00aa436b97b25",
    "unittest/suite.py": "ed2da92bc9f97c53403ee2d3d12cc53b16a96e85d596ebc887b5a93458f3f6bc",
    "urllib/robotparser.py": "389b811835f9a3ba72b192c3487b0266fa31f6e571b7a83ceb2a34792dc0d9fc",
    "wsgiref/headers.py": "0fbf95a47d8e4c0d831fd52312ec43076cbf503c190269876f170a5cf5585fb9",
    "xml/dom/xmlbuilder.py": "d4f33a8f018755626b64557953a91c6bba21ff613da46f7558a2874aa5d08ebf",
    "xml/sax/saxutils.py": "3fe2cdb6386e0c4d42d37c657bbecb78b69c57aedb1610dbd8bf4043944130ab",
}
VALID = {  # 11 files, 61 KB: for choosing settings (the n-gram's order)
    "_compression.py": "3ad5d60627477a60939ee44fc1bb3a05dbe8fb52f0f75039b8f5d8f1a278b981",
    "email/_encoded_words.py": "4178321600c0a19ca04cfe8542ce44487f339d15d89a473b58cea63c0b230217",
    "html/__init__.py": "923d82d821e75e8d235392c10c145ab8587927b3faf9c952bbd48081eebd8522",
    "multiprocessing/sharedctypes.py": (
        "77ef522912474652490b7df523112858e51721e63dcf109b8567a35ce9b31b0d"
    ),
    "nturl2path.py": "980982ba66cc403d17874369d2770e09845b3d49f1d4514e1c52e01518114332",
    "unittest/signals.py": "f8286e818ca56e10e03745bc056cdfd31147678f9a1dc8cb6b0fe96ef9a4362a",
    "unittest/util.py": "fdcc640c3505d16deab9c32eae7c3f5f67c3b5e81c563dc6698fa7fcf403854d",
    "urllib/error.py": "d12b3cc66af3f42a8ebe63e1c91d24f92c6237b6a93a3702938dffabd812d77b",
    "xml/dom/domreg.py": "826b02a803930834b96b1086cbee7db1d21c684f65dd3073706dc7bb5ba1a3e8",
    "xml/dom/minicompat.py": "42974c4c67803dfe80b016ff8aeea0d1e5c751703ab3aec5be765f4e534367be",
    "xml/sax/handler.py": "64c7aae49f1dd382a7b9012610307bfa1d43a14a5dc09a5c8da30903f6805c3d",
}


def stdlib_root():
    """The folder of the running Python's standard library.
    Example: stdlib_root() -> PosixPath('/usr/lib/python3.11')"""
    return Path(sysconfig.get_paths()["stdlib"])


def _is_skipped(relative):
    parts = relative.parts
    return any(part in SKIPPED for part in parts) or parts[0].startswith("config-")


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def code_files(split, root=None):
    """[(path relative to the standard library, text)] of one split, sorted by path.
    "train": every .py file outside SKIPPED, HELD_OUT and VALID; "valid" and "held_out":
    the files listed there, each checked against its sha256 (a file that differs on this
    Python is left out with a warning, so the figures stay those of the shipped files).
    Example: [p for p, _ in code_files("held_out")][:2] -> ['_markupbase.py', ...]"""
    root = Path(root) if root else stdlib_root()
    if split == "train":
        listed = set(HELD_OUT) | set(VALID)
        paths = sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*.py")
            if not _is_skipped(p.relative_to(root))
        )
        return [(p, (root / p).read_text("utf-8")) for p in paths if p not in listed]
    if split not in ("valid", "held_out"):
        raise ValueError(f"split must be 'train', 'valid' or 'held_out', got {split!r}")
    found, differ = [], []
    for path, sha in sorted((HELD_OUT if split == "held_out" else VALID).items()):
        data = (root / path).read_bytes() if (root / path).exists() else b""
        if _sha256(data) == sha:
            found.append((path, data.decode("utf-8")))
        else:
            differ.append(path)
    if differ:
        warnings.warn(
            f"{', '.join(differ)} in {root}: not the files the results were measured on, "
            "so left out (Python 3.10 to 3.13 give the same figures)",
            stacklevel=2,
        )
    return found


def code_text(files):
    """The files' texts joined, each followed by FILE_END.
    Example: code_text([("a.py", "x = 1\\n")]) -> 'x = 1\\n\\x00'"""
    return "".join(text + FILE_END for _, text in files)


def code_tokenizer(text, vocab_size=2048):
    """Byte-level BPE trained on code with CODE_PATTERN's chunks.
    Example: code_tokenizer(code_text(code_files("train")), 2048).vocab_size -> 2048"""
    return BPETokenizer.train(text, vocab_size, pattern=CODE_PATTERN)


def encode_files(tok, files):
    """Token ids of the files, each followed by FILE_END's id, as one list.
    Example: len(encode_files(tok, code_files("held_out")))"""
    end = tok.encode(FILE_END)
    ids = []
    for _, text in files:
        ids += tok.encode(text) + end
    return ids


def code_gpt(vocab_size, n_layer=4, n_embd=128, seed=0):
    """A fresh GPT for code, context BLOCK tokens.
    Example: code_gpt(2048).num_parameters() -> 1,... (about 1.1 M)"""
    torch.manual_seed(seed)
    return GPT(
        GPTConfig(
            vocab_size=vocab_size,
            block_size=BLOCK,
            n_layer=n_layer,
            n_head=4,
            n_embd=n_embd,
        )
    )


# ------------------------------------------------------------------ the byte n-gram


class ByteNgram:
    """The next byte after the last n - 1 bytes, counted on the training code, with
    Witten-Bell smoothing: each context's counts are mixed with the next shorter
    context's probabilities, more so when the context was followed by many different
    bytes; the shortest mixes with 1/256. So every byte gets a probability, and bits
    per byte compare fairly with the GPT's.

    Each order's (context, byte) grams are packed into one uint64 and kept sorted, so
    a lookup is a binary search (np.searchsorted).

    Example:
        >>> ngram = ByteNgram.train(b"abcabcabd", n=3)
        >>> round(ngram.probabilities(b"ab")[ord("c")], 3)   # 'c' after 'ab': 2 of 3
        0.585
    """

    def __init__(self, n, grams, counts):
        self.n, self.grams, self.counts = n, grams, counts
        self.contexts, self.context_totals, self.followers, self.starts = [], [], [], []
        for g, c in zip(grams, counts):
            ctx, first = np.unique(g >> np.uint64(8), return_index=True)
            self.contexts.append(ctx)
            self.context_totals.append(np.add.reduceat(c, first) if len(c) else c)
            self.followers.append(np.diff(np.append(first, len(g))))
            self.starts.append(first)

    @classmethod
    def train(cls, data, n=6):
        """Count every gram of 1 to n bytes in `data` (bytes)."""
        if not isinstance(n, int) or not 1 <= n <= 8:
            raise ValueError(f"n must be an integer from 1 to 8, got {n!r}")
        b = np.frombuffer(bytes(data), dtype=np.uint8).astype(np.uint64)  # (L,)
        grams, counts = [], []
        for k in range(n):  # k bytes of context
            packed = np.zeros(len(b) - k, dtype=np.uint64)
            for j in range(k + 1):
                packed = (packed << np.uint64(8)) | b[j : len(b) - k + j]
            g, c = np.unique(packed, return_counts=True)
            grams.append(g)
            counts.append(c.astype(np.float64))
        return cls(n, grams, counts)

    def probabilities(self, context):
        """(256,) probabilities of the next byte after `context` (bytes)."""
        p = np.full(256, 1 / 256)
        for k in range(min(self.n - 1, len(context)) + 1):
            key = (
                np.uint64(int.from_bytes(context[len(context) - k :], "big"))
                if k
                else np.uint64(0)
            )
            i = np.searchsorted(self.contexts[k], key)
            if i == len(self.contexts[k]) or self.contexts[k][i] != key:
                break  # a longer context was never seen either
            start, count = self.starts[k][i], self.followers[k][i]
            total = self.context_totals[k][i]
            seen = np.zeros(256)
            nxt = (self.grams[k][start : start + count] & np.uint64(255)).astype(int)
            seen[nxt] = self.counts[k][start : start + count]
            p = (seen + count * p) / (total + count)
        return p

    def bits_per_byte(self, data):
        """Mean -log2 P(byte | the n - 1 bytes before it) over `data`, every byte
        scored (the first ones with the context they have)."""
        b = np.frombuffer(bytes(data), dtype=np.uint8).astype(np.uint64)  # (L,)
        p = np.full(len(b), 1 / 256)  # (L,)
        alive = np.ones(len(b), dtype=bool)  # every shorter context was seen
        for k in range(self.n):
            ctx = np.zeros(len(b), dtype=np.uint64)  # (L,) the k bytes before each
            for j in range(k, 0, -1):
                shifted = np.zeros(len(b), dtype=np.uint64)
                shifted[j:] = b[:-j]
                ctx = (ctx << np.uint64(8)) | shifted
            alive &= np.arange(len(b)) >= k
            i = np.searchsorted(self.contexts[k], ctx).clip(
                max=len(self.contexts[k]) - 1
            )
            alive &= self.contexts[k][i] == ctx
            gram = (ctx << np.uint64(8)) | b
            j = np.searchsorted(self.grams[k], gram).clip(max=len(self.grams[k]) - 1)
            seen = np.where(self.grams[k][j] == gram, self.counts[k][j], 0.0)
            total, count = self.context_totals[k][i], self.followers[k][i]
            p = np.where(alive, (seen + count * p) / (total + count), p)
        return float(-np.log2(p).mean())

    def complete_line(self, context, max_bytes=120):
        """Greedy: the most likely next byte, again and again, up to a newline (left
        out). Example: ngram.complete_line(b"    def __init__(se") -> 'lf):'"""
        out = bytearray()
        text = bytearray(context[-(self.n - 1) :] if self.n > 1 else b"")
        while len(out) < max_bytes:
            nxt = int(np.argmax(self.probabilities(bytes(text))))
            if nxt == 10:
                break
            out.append(nxt)
            text = (text + bytes([nxt]))[-(self.n - 1) :] if self.n > 1 else text
        return out.decode("utf-8", errors="replace")

    def sample(self, context, stop, max_bytes=400, temperature=1.0, rng=None):
        """Bytes drawn one at a time after `context` until `stop(text so far)` is true,
        as text. Example: ngram.sample(prompt, body_is_done, temperature=0.8)"""
        check_temperature(temperature, "use 0.8 for code")
        rng = rng or np.random.default_rng(0)
        out = bytearray()
        text = bytes(context)
        while len(out) < max_bytes:
            p = self.probabilities(text[-(self.n - 1) :] if self.n > 1 else b"")
            p = p ** (1 / temperature)
            nxt = int(rng.choice(256, p=p / p.sum()))
            out.append(nxt)
            text += bytes([nxt])
            if stop(out.decode("utf-8", errors="replace")):
                break
        return out.decode("utf-8", errors="replace")


# ------------------------------------------------------------------ measures on held-out code


@torch.inference_mode()
def bits_per_byte(model, tok, files, stride=None):
    """Bits per byte of the model on the files' text: windows of the model's context
    moved on by `stride` tokens (half a context by default), each token scored once,
    with at least half a context before it except at the start of the text.
    Example: bits_per_byte(model, tok, code_files("held_out")) -> 1.5"""
    block = model.config.block_size
    stride = stride or block // 2
    text = code_text(files) if not isinstance(files, str) else files
    ids = torch.tensor(tok.encode(text))  # (N,)
    total, scored = 0.0, 0
    for start in range(0, max(len(ids) - 1, 1), stride):
        window = ids[start : start + block + 1]  # (≤ block + 1,)
        if len(window) < 2:
            break
        logits, _ = model(window[None, :-1])  # (1, t, vocab)
        losses = torch.nn.functional.cross_entropy(
            logits[0], window[1:], reduction="none"
        )  # (t,)
        first = 0 if start == 0 else block - stride  # tokens already scored
        total += losses[first:].sum().item()
        scored += len(losses) - first
        if start + block + 1 >= len(ids):
            break
    assert scored == len(ids) - 1, (scored, len(ids))
    # the first token is not predicted: its bytes are left out of the count too
    first_bytes = len(tok.decode(ids[:1].tolist()).encode())
    return total / math.log(2) / (len(text.encode()) - first_bytes)


def rest_of_line_cases(tok, files, count=1000, seed=0):
    """[(context ids, text before the cut, rest of the line)]: cuts at `count` random
    token boundaries after a line's indentation, each with CONTEXT tokens of the same
    file before it and 1 to 80 bytes left on its line.
    Example: ids, before, rest = rest_of_line_cases(tok, code_files("held_out"))[0]"""
    encoded, candidates = [], []  # candidates: (file, token index, cut, end of line)
    for f, (_, text) in enumerate(files):
        data, ids = text.encode(), tok.encode(text)
        pieces = [tok.vocab[i] for i in ids]  # the bytes of each token
        offsets = np.cumsum([0] + [len(p) for p in pieces])  # (len(ids) + 1,) in bytes
        encoded.append((data, ids))
        for t in range(CONTEXT, len(ids)):
            if b"\n" in pieces[t] or pieces[t - 1].endswith(b"\n"):
                continue  # the cut would be at the end of a line or before its indent
            end = data.find(b"\n", offsets[t])
            if 0 < end - offsets[t] <= 80:
                candidates.append((f, t, int(offsets[t]), end))
    rng = np.random.default_rng(seed)
    cases = []
    for i in sorted(rng.choice(len(candidates), size=count, replace=False)):
        f, t, cut, end = candidates[i]
        data, ids = encoded[f]
        text = lambda b: b.decode("utf-8", errors="replace")  # noqa: E731
        cases.append((ids[t - CONTEXT : t], text(data[:cut]), text(data[cut:end])))
    return cases


@torch.inference_mode()
def complete_lines(model, tok, contexts, max_tokens=40, batch_size=100):
    """The model's greedy rest of each line, for contexts of CONTEXT token ids each.
    Example: complete_lines(model, tok, [ids]) -> ['self._sock = None']"""
    out = []
    for i in range(0, len(contexts), batch_size):
        x = torch.tensor(contexts[i : i + batch_size])  # (b, CONTEXT)
        y = model.generate(x, max_tokens, top_k=1)[:, x.size(1) :]  # (b, max_tokens)
        out += [tok.decode(row).split("\n")[0] for row in y.tolist()]
    return out


def exact_share(written, wanted):
    """The share of written lines equal to the wanted ones.
    Example: exact_share(["a", "b"], ["a", "c"]) -> 0.5"""
    if len(written) != len(wanted) or not wanted:
        raise ValueError("give as many written lines as wanted ones, at least one")
    return sum(w == g for w, g in zip(written, wanted)) / len(wanted)


# ------------------------------------------------------------------ function tasks


def load_tasks(split="test"):
    """The function tasks written for the series, checked by sha256: dicts of name,
    level, prompt (signature + docstring), solution and tests. "test": the 40 tasks
    the lesson measures (data/code_tasks/tasks.json); "valid": 8 short ones for choosing
    the sampling temperature (validation.json).
    Example: [t["name"] for t in load_tasks()][:3] -> ['length', 'is_even', 'first']"""
    from helpers.data import store

    files = {"test": "tasks.json", "valid": "validation.json"}
    if split not in files:
        raise ValueError(f"split must be 'test' or 'valid', got {split!r}")
    return json.loads(store.data_path(f"code_tasks/{files[split]}").read_text("utf-8"))


def body_of(generated):
    """The function body in generated text: its lines up to the first one that starts
    at the left margin (or the end of the file).
    Example: body_of("    return a + b\\n\\ndef other():") -> '    return a + b\\n'"""
    lines = []
    for line in generated.split(FILE_END)[0].splitlines(keepends=True):
        if line.strip() and not line[0].isspace():
            break
        lines.append(line)
    return "".join(lines).rstrip() + "\n"


def _body_is_done(text):
    """True once generated text holds a line that starts at the left margin."""
    return FILE_END in text or any(line[:1].strip() for line in text.split("\n")[1:])


@torch.inference_mode()
def write_bodies(
    model, tok, prompt, samples=1, temperature=None, max_tokens=128, seed=0
):
    """`samples` bodies the model writes after `prompt`: greedy when temperature is
    None, else drawn at that temperature.

    The prompt's last newline is left for the model to write. In the code it read, a
    newline travels with the next line's indentation as one token ("\\n    "); a prompt
    ending in a bare "\\n" token would put it where it never was, and it would end the
    function at once.
    Example: write_bodies(model, tok, task["prompt"]) -> ['    return a + b\\n']"""
    x = torch.tensor([tok.encode(FILE_END + prompt.rstrip("\n"))] * samples)  # (s, T)
    if temperature is None:
        y = model.generate(x, max_tokens, top_k=1)
    else:
        gen = torch.Generator().manual_seed(seed)
        y = model.generate(x, max_tokens, temperature=temperature, generator=gen)
    texts = [tok.decode(row[x.size(1) :]) for row in y.tolist()]  # after the prompt
    return [body_of(t[1:] if t.startswith("\n") else t) for t in texts]


def ngram_bodies(ngram, prompt, samples=1, temperature=None, seed=0):
    """The n-gram's bodies after `prompt`: greedy when temperature is None (one line at
    a time), else drawn byte by byte. Example: ngram_bodies(ngram, prompt, 10, 0.8)"""
    context = (FILE_END + prompt).encode()
    if temperature is None:
        lines, text = [], context
        while len(lines) < 12:
            line = ngram.complete_line(text)
            if line.strip() and not line[0].isspace():
                break
            lines.append(line + "\n")
            text += (line + "\n").encode()
        return [body_of("".join(lines))] * samples
    rng = np.random.default_rng(seed)
    return [
        body_of(ngram.sample(context, _body_is_done, temperature=temperature, rng=rng))
        for _ in range(samples)
    ]


GUARD = """
import builtins, os, shutil, socket, subprocess, sys, json
def _refuse(*args, **kwargs):
    raise PermissionError("the test guard refuses this call")
for _module, _names in [
    (os, "remove unlink rmdir removedirs rename renames replace system kill killpg "
         "fork forkpty execv execve execvp spawnv putenv chmod chown truncate link "
         "symlink mkdir makedirs"),
    (shutil, "rmtree move copy copy2 copyfile copytree chown"),
    (subprocess, "Popen run call check_call check_output"),
    (socket, "socket create_connection"),
]:
    for _name in _names.split():
        if hasattr(_module, _name):
            setattr(_module, _name, _refuse)
_open = builtins.open
def _read_only_open(file, mode="r", *args, **kwargs):
    if any(c in mode for c in "wax+"):
        _refuse()
    return _open(file, mode, *args, **kwargs)
builtins.open = _read_only_open
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
except (ImportError, ValueError, OSError):
    pass
_job = json.loads(sys.stdin.read())
exec(compile(_job["program"], "<candidate>", "exec"), {"__name__": "candidate"})
"""


def passes(prompt, body, tests, timeout=5):
    """True when prompt + body, followed by the task's asserts, runs without an error
    in a fresh Python process (isolated mode, a guard against deleting or writing files
    and starting processes, 2 GiB of memory, `timeout` seconds).
    Example: passes("def add(a, b):\\n", "    return a + b\\n", "assert add(1, 2) == 3")
             -> True"""
    import tempfile

    program = prompt + body + "\n" + tests + "\n"
    with tempfile.TemporaryDirectory() as folder:
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", GUARD],
                input=json.dumps({"program": program}),
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=folder,
            )
        except subprocess.TimeoutExpired:
            return False
    return done.returncode == 0


def pass_at_k(n, c, k):
    """Chen et al. (2021)'s unbiased estimate of pass@k from n programs of which c pass:
    1 - C(n - c, k) / C(n, k). Example: pass_at_k(20, 1, 10) -> 0.5"""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"need 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


# ------------------------------------------------------------------ the commands

RECIPE = {  # the settings of `code_data`, `train_coder` and `measure`
    "vocab_size": 2048,
    "n_layer": 4,
    "n_embd": 128,
    "steps": 2500,
    "batch_size": 16,
    "lr": 2e-3,
    "ngram_orders": [3, 4, 5, 6, 7, 8],  # the n-gram's n is chosen on VALID
    "line_cases": 1000,
    "samples": 20,  # programs drawn per task for pass@10
    # pass@10's temperature, chosen for each writer on the validation tasks (Chen et
    # al. (2021) found 0.2 best for Codex's pass@1 and 0.8 for its pass@100)
    "temperatures": [0.2, 0.4, 0.6, 0.8],
}

SHIPPED = "coder"  # the shipped code model's folder under data/
CHECKPOINT_FILES = (
    "model.safetensors",
    "config.json",
    "tokenizer.json",
    "MODEL_CARD.md",
)


def code_data(recipe=RECIPE, log=print):
    """The training files, a tokenizer trained on them and their token ids: (files, tok,
    ids). Example: files, tok, ids = code_data()  # about 20 s"""
    files = code_files("train")
    text = code_text(files)
    log(f"{len(files)} files of Python {sys.version.split()[0]}, "
        f"{len(text.encode()) / 1e6:.2f} MB")  # fmt: skip
    tok = code_tokenizer(text, recipe["vocab_size"])
    ids = encode_files(tok, files)
    log(
        f"{len(ids) / 1e6:.2f} M tokens, {len(text.encode()) / len(ids):.2f} bytes each"
    )
    return files, tok, ids


def train_coder(
    model, tok, ids, recipe=RECIPE, steps=None, progress=False, callback=None
):
    """Train `model` on random windows of `ids` for recipe["steps"] (or `steps`) steps,
    the validation files' loss every 250 steps; returns the history (helpers.train).
    Example: history = train_coder(code_gpt(tok.vocab_size), tok, ids, steps=100)"""
    from helpers.train import train

    return train(
        model,
        ids,
        encode_files(tok, code_files("valid")),
        steps=steps or recipe["steps"],
        batch_size=recipe["batch_size"],
        lr=recipe["lr"],
        warmup_steps=100,
        eval_every=250,
        callback=callback,
        progress=progress,
    )


def model_card(extra, parameters):
    """MODEL_CARD.md for a saved code model, from the figures in its config's extra."""
    e, r = extra, extra["recipe"]
    threads = f"{e['threads']} CPU thread" + ("s" if e["threads"] != 1 else "")
    return f"""# Model card: the series' code model

**What it is.** A {parameters / 1e6:.2f} M-parameter GPT (helpers.gpt: {r["n_layer"]} layers, 4
heads, width {r["n_embd"]}, context {BLOCK} tokens) that writes Python. Its tokenizer is
byte-level BPE with {r["vocab_size"]:,} tokens, trained on the same code; a token never crosses
from an identifier into punctuation, and a newline carries the next line's indentation with it.
Lesson 13c uses it to finish lines and write function bodies.

**Data.** The pure-Python files of the standard library of Python {e["python"]}, as
installed (`helpers.code_completion.code_files("train")`: {e["files"]} files,
{e["megabytes"]:.2f} MB, sha256 of the joined text {e["text_sha256"][:16]}...): everything
outside tests, GUI code, codec tables, pydoc's help texts and bundled packages, less the 27
held-out and validation files. The standard library is under the Python Software Foundation
License; this model is trained on it, and can repeat pieces of it, as code models repeat
their training code.

**Training.** {r["steps"]:,} steps of {r["batch_size"]} windows of {BLOCK} tokens, AdamW at lr
{r["lr"]} (cosine), seed 0; final training loss {e["loss"]:.3f} nats per token,
{e["val_loss"]:.3f} on the first 32,768 tokens of the validation files. Wall time
{e["seconds"] / 60:.1f} min on {threads}, torch {e["torch"]}.

**Command.** `python -m helpers.code_completion pretrain --out data/coder --force --threads \
{e["threads"]}` (another Python's standard library gives another model; the shipped results
are this one's).

**Limits.** About a million parameters and eight megabytes of code: it continues common
patterns and writes plausible but often wrong code. Run what it writes only the way
`passes` does, never on files you care about.
"""


def load_coder(directory=None):
    """A saved code model: (GPT in eval mode, tokenizer, meta); without a directory the
    shipped data/coder, each file checked by sha256 first.
    Example: model, tok, meta = load_coder()"""
    from helpers.checkpoints import load_checkpoint
    from helpers.data import store

    if directory is None:
        directory = store.shipped_folder(SHIPPED, CHECKPOINT_FILES)
    return load_checkpoint(directory)


def weights_sha256(directory=None):
    """sha256 of a code model's weights (default: the shipped ones), which results record."""
    from helpers.data import store

    return store.weights_sha256(SHIPPED, directory)


def shipped_results():
    """data/results/code.json, refused when measured on other weights than the shipped
    code model. Example: shipped_results()["tasks"]["model"]["pass@10"]"""
    from helpers.data import store

    rerun = "python -m helpers.code_completion measure"
    return store.results_for_model("code.json", weights_sha256(), rerun)


def choose_ngram(train_bytes, orders=RECIPE["ngram_orders"], log=print):
    """The n-gram whose n gives the lowest bits per byte on the VALID files, and
    {n: bits per byte}. Example: ngram, by_order = choose_ngram(text.encode())"""
    valid = code_text(code_files("valid")).encode()
    found = {}
    for n in orders:
        found[n] = round(ByteNgram.train(train_bytes, n).bits_per_byte(valid), 4)
        log(f"n-gram n={n}: {found[n]} bits per byte on validation")
    best = min(found, key=found.get)
    return ByteNgram.train(train_bytes, best), found


def task_scores(passed, k=10):
    """{"pass@1 greedy", "pass@k" (sampled), "tasks"} from {task: (greedy passed,
    [each sample passed])}. Example: task_scores({"add": (True, [True, False])}, k=1)
    -> {'pass@1 greedy': 1.0, 'pass@1': 0.5, 'tasks': 1}"""
    greedy = [g for g, _ in passed.values()]
    sampled = [pass_at_k(len(s), sum(s), k) for _, s in passed.values()]
    return {
        "pass@1 greedy": round(sum(greedy) / len(greedy), 4),
        f"pass@{k}": round(sum(sampled) / len(sampled), 4),
        "tasks": len(greedy),
    }


def run_tasks(write, tasks, temperature, recipe=RECIPE, log=print):
    """{task name: (greedy passed, [each sample passed])} for a writer:
    write(prompt, samples, temperature, seed) -> bodies (temperature None: greedy)."""
    found = {}
    for i, task in enumerate(tasks):
        greedy = write(task["prompt"], 1, None, i)[0]
        drawn = write(task["prompt"], recipe["samples"], temperature, i)
        found[task["name"]] = (
            passes(task["prompt"], greedy, task["tests"]),
            [passes(task["prompt"], b, task["tests"]) for b in drawn],
        )
    solved = sum(any(s) for _, s in found.values())
    log(f"{sum(g for g, _ in found.values())} of {len(tasks)} tasks pass greedy, "
        f"{solved} in {recipe['samples']} draws at {temperature}")  # fmt: skip
    return found


def choose_temperature(write, recipe=RECIPE, log=print):
    """The temperature of recipe["temperatures"] whose draws pass the most validation
    tasks (then the most programs), and {temperature: [tasks, programs passed]}.
    Example: choose_temperature(lambda p, n, t, s: write_bodies(model, tok, p, n, t,
             seed=s)) -> (0.2, {'0.2': [3, 30], ...})"""
    tasks, found = load_tasks("valid"), {}
    for t in recipe["temperatures"]:
        passed = run_tasks(write, tasks, t, recipe, log)
        found[str(t)] = [sum(any(s) for _, s in passed.values()),
                         sum(sum(s) for _, s in passed.values())]  # fmt: skip
    best = max(recipe["temperatures"], key=lambda t: found[str(t)])
    return best, found


def measure(model, tok, recipe=RECIPE, log=print):
    """Every figure of lesson 13c: bits per byte on held-out code (the code model, the
    n-gram, the English foundation model), rest of line exact match (code model,
    n-gram) and the function tasks' pass@1 and pass@10 (code model, n-gram)."""
    from helpers.pretrain import load_foundation

    held_out = code_files("held_out")
    train_bytes = code_text(code_files("train")).encode()
    ngram, by_order = choose_ngram(train_bytes, recipe["ngram_orders"], log)
    english, english_tok, _ = load_foundation()
    bpb = {
        "model": round(bits_per_byte(model, tok, held_out), 4),
        "ngram": round(ngram.bits_per_byte(code_text(held_out).encode()), 4),
        "english": round(bits_per_byte(english, english_tok, held_out), 4),
    }
    log(f"bits per byte on held-out code: {bpb}")
    cases = rest_of_line_cases(tok, held_out, recipe["line_cases"])
    wanted = [rest for _, _, rest in cases]
    lines = {
        "model": complete_lines(model, tok, [ids for ids, _, _ in cases]),
        "ngram": [ngram.complete_line(before.encode()) for _, before, _ in cases],
    }
    exact = {way: round(exact_share(w, wanted), 4) for way, w in lines.items()}
    log(f"rest of line, exact: {exact}")
    writers = {
        "model": lambda p, n, t, s: write_bodies(model, tok, p, n, t, seed=s),
        "ngram": lambda p, n, t, s: ngram_bodies(ngram, p, n, t, seed=s),
    }
    chosen = {way: choose_temperature(w, recipe, log) for way, w in writers.items()}
    passed = {
        way: run_tasks(w, load_tasks(), chosen[way][0], recipe, log)
        for way, w in writers.items()
    }
    return {
        "ngram_n": ngram.n,
        "ngram_valid_bits_per_byte": by_order,
        "bits_per_byte": bpb,
        "rest_of_line_exact": exact,
        "line_cases": len(cases),
        "temperature": {way: t for way, (t, _) in chosen.items()},
        "valid_tasks_solved": {way: by_t for way, (_, by_t) in chosen.items()},
        "tasks": {way: task_scores(p) for way, p in passed.items()},
        "task_passes": {
            way: {name: [g, sum(s)] for name, (g, s) in p.items()}
            for way, p in passed.items()
        },  # fmt: skip
    }


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.code_completion",
        "coder",
        "code.json",
        "Lesson 13c's code model and its measurements.",
        "train a BPE tokenizer and a GPT on the standard library's code (about 20 min on "
        "2 threads)",
        "bits per byte, rest of line and function tasks on held-out code, against a byte "
        "n-gram (about 5 min on 2 cores)",
    )
    return p


def main(argv=None):
    import time

    from helpers.checkpoints import save_interrupted
    from helpers.domain_cli import (
        parse_domain_args,
        run_record,
        save_pretrained,
        say,
        write_study,
    )

    args = parse_domain_args(build_parser(), argv)
    start = time.perf_counter()
    if args.command == "pretrain":
        files, tok, ids = code_data(log=say)
        text = code_text(files)
        model = code_gpt(tok.vocab_size, RECIPE["n_layer"], RECIPE["n_embd"])
        extra = {
            "python": sys.version.split()[0],
            "files": len(files),
            "megabytes": round(len(text.encode()) / 1e6, 2),
            "text_sha256": _sha256(text.encode()),
        }
        done = {"step": 0}
        try:
            history = train_coder(
                model, tok, ids, progress=True, callback=lambda e: done.update(e)
            )
        except KeyboardInterrupt:
            print(save_interrupted(args.out, model, tok, done["step"], extra,
                                   args.force), file=sys.stderr)  # fmt: skip
            sys.exit(130)
        extra |= run_record(
            args, RECIPE, history[-1]["train_loss"], time.perf_counter() - start
        )
        extra["val_loss"] = round(history[-1]["val_loss"], 4)
        card = model_card(extra, model.num_parameters())
        save_pretrained(args, model, tok, extra, card, SHIPPED, CHECKPOINT_FILES)
        return
    model, tok, _ = load_coder(args.pretrained)
    results = {
        "recipe": RECIPE,
        "python": sys.version.split()[0],
        "pretrained_sha256": weights_sha256(args.pretrained),
        **measure(model, tok, log=say),
    }
    write_study(args, results, start)


if __name__ == "__main__":
    main()
