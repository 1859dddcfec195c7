"""Bad input gets one clear line, never a silent wrong answer.

A command exits with status 2 and ONE `error:` line that names the option or file and says the fix;
a helper raises ValueError or TypeError saying what to do; a widget prints a short message; a run
whose loss turns NaN stops with the step and what to change, and saves nothing. Every case runs on
tiny inputs, and commands that would load the foundation model refuse before loading it.
"""

import importlib.util
import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from helpers import cost, evaluate, ngram, pretrain, prompting, sampling, train
from helpers.cost.__main__ import main as cost_main
from helpers.gpt import GPT, GPTConfig, GPTForSequenceClassification
from helpers.tokenizers import BPETokenizer, CharTokenizer, WordTokenizer
from helpers.train import __main__ as train_cli

ROOT = Path(__file__).resolve().parents[1]
NAN, INF = float("nan"), float("inf")
TEXT = "no use crying over spilled milk. " * 60
pytestmark = pytest.mark.usefixtures("one_thread")


def benchmark_main(name):
    """The main() of benchmarks/<name>.py (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


@pytest.fixture
def files(tmp_path):
    """Paths of small input files, by the placeholder the CLI cases use."""
    paths = {
        name: tmp_path / name
        for name in (
            "tiny.txt",
            "empty.txt",
            "ok.tsv",
            "empty_review.tsv",
            "no_tab.tsv",
            "long.tsv",
        )
    }
    paths["tiny.txt"].write_text(TEXT, encoding="utf-8")
    paths["empty.txt"].write_text("", encoding="utf-8")
    paths["ok.tsv"].write_text(
        "positive\tGood food.\nnegative\tBad food.\n", encoding="utf-8"
    )
    paths["empty_review.tsv"].write_text(
        "positive\tGood food.\nnegative\t\n", encoding="utf-8"
    )
    paths["no_tab.tsv"].write_text(
        "positive\tGood food.\nnegative Bad food.\n", encoding="utf-8"
    )
    paths["long.tsv"].write_text(
        "positive\tGood.\nnegative\t" + "The soup was cold and bland. " * 4 + "\n",
        encoding="utf-8",
    )
    ann = '{"text": "Ann flew to Oslo.", "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}'
    for name, second in ENTITY_FILES.items():
        paths[name] = tmp_path / name
        paths[name].write_text(ann + "\n" + second + "\n", encoding="utf-8")
    return {name: str(path) for name, path in paths.items()}


# Entity files for helpers.evaluate: a good first line, then the line named here.
ENTITY_FILES = {
    "ok.jsonl": '{"text": "Bo met Ann.", "spans": []}',
    "not_json.jsonl": "text: Ann ran.",
    "no_spans.jsonl": '{"text": "Ann ran."}',
    "no_text.jsonl": '{"spans": []}',
    "bad_label.jsonl": '{"text": "Ann ran.", "spans": [{"start": 0, "end": 3, '
    '"label": "LOC"}]}',
    "overlap.jsonl": '{"text": "Ann Lee ran.", "spans": [{"start": 0, "end": 7, '
    '"label": "PERSON"}, {"start": 4, "end": 7, "label": "PERSON"}]}',
    "mid_word.jsonl": '{"text": "Ann Leeds ran.", "spans": [{"start": 4, "end": 7, '
    '"label": "PLACE"}]}',
    "long.jsonl": '{"text": "' + "Ann ran and ran. " * 40 + '", "spans": []}',
}


TRAIN = [
    "--text",
    "{tiny.txt}",
    "--tokenizer",
    "char",
    "--n-layer",
    "1",
    "--n-embd",
    "32",
    "--n-head",
    "2",
    "--block-size",
    "16",
    "--no-peak",
    "--threads",
    "1",
    "--steps",
    "3",
]

# (command, argv, the fragment its one error line must hold); {name} is a file from `files`.
CLI_CASES = [
    # 1. every float and int option of helpers.train and helpers.pretrain
    (
        "train",
        TRAIN + ["--max-seconds", "nan"],
        "argument --max-seconds: must be a finite number > 0, got nan",
    ),
    (
        "train",
        TRAIN + ["--max-seconds", "inf"],
        "argument --max-seconds: must be a finite number > 0, got inf",
    ),
    (
        "train",
        TRAIN + ["--max-seconds", "-1"],
        "argument --max-seconds: must be a finite number > 0, got -1.0",
    ),
    (
        "train",
        TRAIN + ["--lr", "nan"],
        "argument --lr: must be a finite number > 0, got nan",
    ),
    (
        "train",
        TRAIN + ["--lr", "inf"],
        "argument --lr: must be a finite number > 0, got inf",
    ),
    (
        "train",
        TRAIN + ["--lr", "-1"],
        "argument --lr: must be a finite number > 0, got -1.0",
    ),
    (
        "train",
        TRAIN + ["--min-lr", "nan"],
        "argument --min-lr: must be a finite number >= 0, got nan",
    ),
    (
        "train",
        TRAIN + ["--min-lr", "-1"],
        "argument --min-lr: must be a finite number >= 0, got -1.0",
    ),
    (
        "train",
        TRAIN + ["--grad-clip", "nan"],
        "argument --grad-clip: must be a finite number >= 0, got nan",
    ),
    (
        "train",
        TRAIN + ["--grad-clip", "-1"],
        "argument --grad-clip: must be a finite number >= 0, got -1.0",
    ),
    (
        "train",
        TRAIN + ["--weight-decay", "nan"],
        "argument --weight-decay: must be a finite number >= 0, got nan",
    ),
    (
        "train",
        TRAIN + ["--weight-decay", "-1"],
        "argument --weight-decay: must be a finite number >= 0, got -1.0",
    ),
    ("train", TRAIN + ["--dropout", "nan"], "--dropout must be in [0, 1), got nan"),
    ("train", TRAIN + ["--dropout", "-0.5"], "--dropout must be in [0, 1), got -0.5"),
    (
        "train",
        TRAIN + ["--eval-tokens", "0"],
        "argument --eval-tokens: must be a whole number >= 1, got 0",
    ),
    (
        "train",
        TRAIN + ["--eval-every", "0"],
        "argument --eval-every: must be a whole number >= 1, got 0",
    ),
    (
        "train",
        TRAIN + ["--steps", "0"],
        "argument --steps: must be a whole number >= 1, got 0",
    ),
    (
        "train",
        TRAIN + ["--steps", "2.5"],
        "argument --steps: '2.5' is not a whole number",
    ),
    (
        "train",
        TRAIN + ["--batch-size", "0"],
        "argument --batch-size: must be a whole number >= 1, got 0",
    ),
    (
        "train",
        TRAIN + ["--warmup-steps", "-1"],
        "argument --warmup-steps: must be a whole number >= 0, got -1",
    ),
    ("train", TRAIN + ["--block-size", "0"], "--block-size must be at least 1, got 0"),
    ("train", TRAIN + ["--n-head", "3"], "--n-embd 32 is not divisible by --n-head 3"),
    (
        "train",
        TRAIN + ["--threads", "0"],
        "argument --threads: must be a whole number >= 1, got 0",
    ),
    ("train", TRAIN + ["--n-layer", "0"], "--n-layer must be at least 1, got 0"),
    (
        "train",
        TRAIN + ["--seed", "-1"],
        "argument --seed: must be a whole number >= 0, got -1",
    ),
    ("train", TRAIN + ["--text", "{empty.txt}"], "has 0 characters"),
    (
        "pretrain",
        ["--lr", "nan"],
        "argument --lr: must be a finite number > 0, got nan",
    ),
    (
        "pretrain",
        ["--steps", "0"],
        "argument --steps: must be a whole number >= 1, got 0",
    ),
    (
        "pretrain",
        ["--batch-size", "0"],
        "argument --batch-size: must be a whole number >= 1, got 0",
    ),
    (
        "pretrain",
        ["--threads", "0"],
        "argument --threads: must be a whole number >= 1, got 0",
    ),
    (
        "pretrain",
        ["--seed", "-1"],
        "argument --seed: must be a whole number >= 0, got -1",
    ),
    # 3. helpers.evaluate: the file and the method, before the model loads
    (
        "evaluate",
        ["sentiment", "{empty_review.tsv}"],
        "empty_review.tsv: line 2 has a label but no text",
    ),
    ("evaluate", ["sentiment", "{no_tab.tsv}"], "no_tab.tsv: line 2 has no tab"),
    (
        "evaluate",
        ["sentiment", "{ok.tsv}", "--method", "magic"],
        "unknown method 'magic'; use one of",
    ),
    (
        "evaluate",
        ["sentiment", "{long.tsv}", "--method", "few-shot-999"],
        "the largest that fits is few-shot-",
    ),
    (
        "evaluate",
        ["sentiment", "{ok.tsv}", "--method", "tuned-100000"],
        "tuned-100000: K must be between 2",
    ),
    (
        "evaluate",
        ["sentiment", "{ok.tsv}", "--method", "bow-1"],
        "bow-1: K must be between 2",
    ),
    (
        "evaluate",
        ["sentiment", "{ok.tsv}", "--method", "tuned-0"],
        "tuned-0: K must be at least 2",
    ),
    (
        "evaluate",
        ["sentiment", "{ok.tsv}", "--threads", "0"],
        "--threads must be at least 1, got 0",
    ),
    (
        "evaluate",
        ["entities", "/no/such/dir/mine.jsonl"],
        "cannot read /no/such/dir/mine.jsonl: No such file or directory",
    ),
    (
        "evaluate",
        ["entities", "{not_json.jsonl}"],
        "not_json.jsonl: line 2 is not JSON",
    ),
    ("evaluate", ["entities", "{no_spans.jsonl}"], 'line 2 has no "spans"'),
    ("evaluate", ["entities", "{no_text.jsonl}"], 'line 2 has no "text"'),
    (
        "evaluate",
        ["entities", "{bad_label.jsonl}"],
        "line 2: span 1 has label 'LOC'; use PERSON, PLACE or ORGANIZATION",
    ),
    (
        "evaluate",
        ["entities", "{overlap.jsonl}"],
        "line 2: spans 'Ann Lee' (0-7) and 'Lee' (4-7) overlap",
    ),
    (
        "evaluate",
        ["entities", "{mid_word.jsonl}"],
        "mid_word.jsonl: line 2: span 1 (4-7, 'Lee') does not start and end on word "
        'boundaries; spans must cover whole words: use "start": 4, "end": 9 (\'Leeds\')',
    ),
    (
        "evaluate",
        ["entities", "{long.jsonl}", "--method", "tuned-8"],
        "long.jsonl: line 2 is ",
    ),
    (
        "evaluate",
        ["entities", "{ok.jsonl}", "--method", "tuned-701"],
        "tuned-701: K must be between 1 and 700, the sentences in the training pool",
    ),
    (
        "evaluate",
        ["entities", "{ok.jsonl}", "--method", "scratch-0"],
        "scratch-0: K must be at least 1",
    ),
    (
        "evaluate",
        ["entities", "{ok.jsonl}", "--method", "zero-shot"],
        "'zero-shot' is a sentiment method; the entity task takes: rule, tuned-K, "
        "tuned-all, probe-K, scratch-K",
    ),
    (
        "evaluate",
        ["entities", "{ok.jsonl}", "--method", "bow-8"],
        "'bow-8' is a sentiment method; the entity task takes: rule",
    ),
    (
        "evaluate",
        ["entities", "{ok.jsonl}", "--method", "magic"],
        "unknown method 'magic' for entities; the entity task takes: rule",
    ),
    # 4. helpers.ngram
    ("ngram", [""], "the prefix '' holds no words"),
    ("ngram", ["🙂"], "the prefix '🙂' holds no words"),
    ("ngram", ["the", "--text", "{empty.txt}"], "empty.txt holds no words to count"),
    ("ngram", ["the", "--n", "0"], "--n must be between 1 and 6, got 0"),
    ("ngram", ["the", "--top", "0"], "--top must be at least 1, got 0"),
    (
        "ngram",
        ["the", "--temperature", "nan"],
        "--temperature must be > 0 and finite, got nan",
    ),
    (
        "ngram",
        ["the", "--temperature", "-1"],
        "--temperature must be > 0 and finite, got -1.0",
    ),
    (
        "ngram",
        ["the", "--temperature", "inf"],
        "--temperature must be > 0 and finite, got inf",
    ),
    # 5. helpers.cost
    (
        "cost",
        ["gpus-to-host", "--params", "70e9", "--overhead", "0.5"],
        "argument --overhead: 0.5 must be at least 1",
    ),
    (
        "cost",
        ["gpus-to-train", "--params", "70e9", "--overhead", "0.5"],
        "argument --overhead: 0.5 must be at least 1",
    ),
    (
        "cost",
        ["gpus-to-host", "--params", "nan"],
        "argument --params: nan must be a positive number",
    ),
    (
        "cost",
        ["gpus-to-host", "--params", "70e9", "--gpu-mem-gb", "-80"],
        "argument --gpu-mem-gb: -80 must be a positive",
    ),
    (
        "cost",
        ["train-flops", "--params", "1e9", "--tokens", "inf"],
        "argument --tokens: inf must be a positive number",
    ),
    (
        "cost",
        ["train-flops", "--params", "1e9", "--tokens", "1e12", "--mfu", "1.5"],
        "argument --mfu: 1.5 must be a fraction",
    ),
    (
        "cost",
        [
            "kv-cache",
            "--layers",
            "2",
            "--width",
            "10",
            "--context",
            "5",
            "--heads",
            "3",
        ],
        "--width 10 must be a multiple of --heads 3",
    ),
    (
        "cost",
        [
            "kv-cache",
            "--layers",
            "2",
            "--width",
            "64",
            "--context",
            "5",
            "--kv-heads",
            "2",
        ],
        "--kv-heads needs --heads too",
    ),
    # 6. benchmarks
    (
        "bench_inference",
        ["--threads", "0"],
        "argument --threads: must be a whole number >= 1, got 0",
    ),
    (
        "bench_train",
        ["--seconds", "nan"],
        "argument --seconds: must be a finite number > 0, got nan",
    ),
    (
        "bench_train",
        ["--threads", "0"],
        "argument --threads: must be a whole number >= 1, got 0",
    ),
    (
        "bench_train",
        ["--steps", "100", "--turn", "200"],
        "--turn (200) is more than --steps (100); e.g. --turn 50",
    ),
    (
        "compare_foundation",
        ["runs/no-such-model"],
        "runs/no-such-model: no config.json there; give a helpers.pretrain folder",
    ),
    (
        "compare_foundation",
        ["data/foundation", "--dev", "no-such-file.tsv"],
        "--dev no-such-file.tsv: no such file",
    ),
]


def fill(argv, files):
    """Replace each {name} placeholder by that file's path."""
    for name, path in files.items():
        argv = [arg.replace("{" + name + "}", path) for arg in argv]
    return argv


def command_main(name):
    mains = {
        "train": train_cli.main,
        "pretrain": pretrain.main,
        "evaluate": evaluate.main,
        "ngram": ngram._main,
        "cost": cost_main,
    }
    return mains[name] if name in mains else benchmark_main(name)


@pytest.mark.parametrize(
    "command, argv, fragment",
    CLI_CASES,
    ids=[f"{c}:{' '.join(a[-2:])}" for c, a, _ in CLI_CASES],
)
def test_cli_rejects(files, capsys, command, argv, fragment):
    with pytest.raises(SystemExit) as exit_info:
        command_main(command)(fill(argv, files))
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert exit_info.value.code == 2 and "Traceback" not in err
    assert len(errors) == 1 and fragment in errors[0], err


def test_ngram_keeps_a_word_it_does_not_know(files, capsys):
    # "café" used to become "caf"; now it stays itself and is reported as unknown to the corpus.
    assert ngram._main(["Café naïve 🙂", "--text", files["tiny.txt"], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["unknown_words"] == ["café", "naïve"] and result["skipped"] == ["🙂"]
    assert (
        result["context"] == [] and result["order_used"] == 1
    )  # two unknown words: no context was seen


@pytest.fixture(scope="module")
def tiny():
    """A tiny GPT and the tokenizers and n-gram model the helper cases call."""
    tok = BPETokenizer.train(
        "Review: The soup was lovely. Sentiment: positive negative great terrible " * 3,
        300,
    )
    torch.manual_seed(0)
    model = GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32
        )
    )
    small = GPT(
        GPTConfig(
            vocab_size=tok.vocab_size - 10,
            block_size=64,
            n_layer=1,
            n_head=2,
            n_embd=32,
        )
    )
    return SimpleNamespace(
        tok=tok,
        model=model,
        small=small,
        char=CharTokenizer.train("hello"),
        word=WordTokenizer.train("the cat sat"),
        counts=ngram.NgramModel(ngram.word_tokens("the cat sat . the dog ran ."), n=2),
        ids=torch.randint(
            0, tok.vocab_size, (500,), generator=torch.Generator().manual_seed(0)
        ),
    )


def run_train(t, **settings):
    return train.train(t.model, t.ids, **{"steps": 2, "progress": False, **settings})


# (a call on the `tiny` fixture, the exception, a fragment of its message)
HELPER_CASES = [
    # 2 and 6. train(): settings, NaN included
    (
        lambda t: run_train(t, lr=NAN),
        ValueError,
        "lr must be a finite number > 0, got nan",
    ),
    (
        lambda t: run_train(t, min_lr=-1.0),
        ValueError,
        "min_lr must be a finite number >= 0, got -1.0",
    ),
    (
        lambda t: run_train(t, grad_clip=NAN),
        ValueError,
        "grad_clip must be a finite number >= 0, got nan",
    ),
    (
        lambda t: run_train(t, steps=None, max_seconds=NAN),
        ValueError,
        "max_seconds must be a finite number > 0",
    ),
    (
        lambda t: run_train(t, steps=0),
        ValueError,
        "steps must be a whole number >= 1, got 0",
    ),
    (
        lambda t: run_train(t, batch_size=0),
        ValueError,
        "batch_size must be a whole number >= 1, got 0",
    ),
    (
        lambda t: run_train(t, eval_every=0),
        ValueError,
        "eval_every must be a whole number >= 1, got 0",
    ),
    (
        lambda t: train.train(
            t.model, t.ids, t.ids, steps=2, eval_tokens=0, progress=False
        ),
        ValueError,
        "eval_tokens must be a whole number >= 1, got 0",
    ),
    (
        lambda t: train.train(t.model, t.ids * 0 - 1, steps=2, progress=False),
        ValueError,
        "train_ids contain id -1",
    ),
    # 6 and 7. the GPT sampler and the model
    (
        lambda t: t.model.generate([1], 3, temperature=NAN),
        ValueError,
        "temperature must be > 0 and finite, got nan",
    ),
    (
        lambda t: t.model.generate([1], 3, temperature=-1.0),
        ValueError,
        "temperature must be > 0 and finite",
    ),
    (
        lambda t: t.model.generate([1], -1),
        ValueError,
        "max_new_tokens must be a whole number >= 0, got -1",
    ),
    (lambda t: t.model.generate([], 3), ValueError, "the prompt is empty"),
    (
        lambda t: t.model.generate([t.tok.vocab_size], 3),
        ValueError,
        "this model reads ids 0..",
    ),
    (
        lambda t: t.model(torch.tensor([[t.tok.vocab_size]])),
        ValueError,
        "token ids must be in 0..",
    ),
    # 7. tokenizers
    (
        lambda t: t.tok.decode([t.tok.vocab_size]),
        ValueError,
        "is outside this tokenizer's vocabulary",
    ),
    (
        lambda t: t.char.decode([9]),
        ValueError,
        "token id 9 is outside this tokenizer's vocabulary (0..3)",
    ),
    (
        lambda t: t.word.decode([9]),
        ValueError,
        "token id 9 is outside this tokenizer's vocabulary (0..3)",
    ),
    (
        lambda t: t.tok.decode(torch.tensor([[1, 2]])),
        TypeError,
        "of shape (1, 2); decode one row at a time",
    ),
    (lambda t: t.tok.decode([65.7]), TypeError, "token ids must be whole numbers"),
    (lambda t: t.char.encode(["h"]), TypeError, "encode() takes one string, got list"),
    # 6, 7 and 9. prompting
    (
        lambda t: prompting.predict(t.model, t.tok, []),
        ValueError,
        "the list of reviews is empty",
    ),
    (
        lambda t: prompting.predict(t.model, t.tok, [""]),
        ValueError,
        "review 0 is empty",
    ),
    (
        lambda t: prompting.predict(t.model, t.tok, "Lovely."),
        TypeError,
        "reviews must be a list of strings",
    ),
    (
        lambda t: prompting.predict(t.model, t.tok, ["Lovely."], template="nope"),
        ValueError,
        "unknown template 'nope'",
    ),
    (
        lambda t: prompting.content_free_bias(t.model, t.tok, "nope"),
        ValueError,
        "unknown template 'nope'",
    ),
    (
        lambda t: prompting._check_model_inputs(
            GPTForSequenceClassification(t.model, 2), t.tok, ["a"]
        ),
        TypeError,
        "model must be a GPT language model",
    ),
    (
        lambda t: prompting._check_model_inputs(t.small, t.tok, ["a"]),
        ValueError,
        "tok must be the model's own tokenizer",
    ),
    (
        lambda t: prompting.label_log_probs(t.model, t.tok, [" "], [" a"]),
        ValueError,
        "prompt 0 is empty",
    ),
    # 4 and 6. n-grams
    (
        lambda t: t.counts.sample("the", max_words=-1),
        ValueError,
        "max_words must be a whole number >= 0, got -1",
    ),
    (
        lambda t: t.counts.sample("the", temperature=NAN),
        ValueError,
        "temperature must be > 0 and finite, got nan",
    ),
    (
        lambda t: t.counts.next_word_probs("the", top=0),
        ValueError,
        "top must be a whole number >= 1, got 0",
    ),
    (
        lambda t: sampling.apply_temperature({"a": 1.0}, INF),
        ValueError,
        "temperature must be > 0 and finite, got inf",
    ),
    # 5. costs
    (
        lambda t: cost.gpus_to_host(70e9, "bf16", 80, overhead=0.5),
        ValueError,
        "overhead must be at least 1",
    ),
    (
        lambda t: cost.gpus_to_train(70e9, 80, overhead=0.5),
        ValueError,
        "overhead must be at least 1",
    ),
    (
        lambda t: cost.kv_cache_bytes(2, 10, 5, n_head=3),
        ValueError,
        "n_embd (10) must be a multiple of n_head (3)",
    ),
    (
        lambda t: cost.activation_bytes(GPTConfig(), 1, context=0),
        ValueError,
        "context must be a positive number",
    ),
    (
        lambda t: cost.training_flops(NAN, 1e9),
        ValueError,
        "params must be a positive number, got nan",
    ),
    # 3. the evaluate helpers
    (
        lambda t: evaluate.check_method("tuned-1", [], "x.tsv"),
        ValueError,
        "tuned-1: K must be between 2",
    ),
    (
        lambda t: evaluate.check_method("probe-9999", [], "x.jsonl", task="entities"),
        ValueError,
        "probe-9999: K must be between 1 and 700",
    ),
]


@pytest.mark.parametrize(
    "call, exc, fragment", HELPER_CASES, ids=[c[2][:40] for c in HELPER_CASES]
)
def test_helper_rejects(tiny, call, exc, fragment):
    with pytest.raises(exc) as info:
        call(tiny)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "make, values, fragment",
    [
        (
            lambda w, t: w.generation_widget(t.model, t.tok),
            dict(prompt="", temperature=1.0, top_k=0, seed=0),
            "cannot generate: the prompt is empty",
        ),
        (
            lambda w, t: w.prompt_widget(t.model, t.tok),
            dict(review=" ", template="review-sentiment", calibrate=False),
            "cannot score this: the review is empty",
        ),
        (
            lambda w, t: w.next_word_widget(t.counts),
            dict(prefix="", n=2, temperature=1.0),
            "type a few words",
        ),
        (lambda w, t: w.token_widget({"bpe": t.tok}), dict(text=""), "type some text"),
    ],
    ids=["generation", "prompt", "next word", "tokens"],
)
def test_widget_says_what_to_type(tiny, capsys, make, values, fragment):
    import matplotlib

    matplotlib.use("Agg")
    from helpers import widgets

    widget = make(widgets, tiny)
    capsys.readouterr()
    widget.f(**values)
    assert fragment in capsys.readouterr().out


@pytest.mark.parametrize(
    "name, restore, command",
    [
        (
            "foundation/model.safetensors",
            "data/foundation",
            "python -m helpers.pretrain --out data/foundation --force",
        ),
        (
            "results/scaling.json",
            "data/results/scaling.json",
            "python -m helpers.scaling --out data/results/scaling.json --force",
        ),
        (
            "results/label_efficiency.json",
            "data/results/label_efficiency.json",
            "python -m helpers.sweeps label-efficiency --out "
            "data/results/label_efficiency.json --force",
        ),
        (
            "results/prompt_tuning.json",
            "data/results/prompt_tuning.json",
            "python -m helpers.sweeps prompting --out data/results/prompt_tuning.json --force",
        ),
        (
            "results/trust_membership.json",
            "data/results/trust_membership.json",
            "python -m helpers.trust membership --out data/results/trust_membership.json "
            "--force",
        ),
        (
            "results/verdict_ablation.json",
            "data/results/verdict_ablation.json",
            "python -m helpers.sweeps verdicts --checkpoints runs/ablation_pairs "
            "runs/ablation_all --out data/results/verdict_ablation.json --force",
        ),
        ("corpus/train.txt", "data/", "python -m datagen build --force"),
    ],
)
def test_a_failed_checksum_names_the_command_that_remakes_the_file(
    monkeypatch, name, restore, command
):
    from helpers.data import store

    monkeypatch.setattr(store, "sha256_of", lambda path: "not the recorded one")
    with pytest.raises(store.DataFileError) as info:
        store.data_path(name)
    assert f"`git checkout -- {restore}` or" in str(
        info.value
    ) and f"`{command}`" in str(info.value)


class NaNLossGPT(GPT):
    """A GPT whose training loss is NaN: what a far too high learning rate ends in."""

    def forward(self, idx, targets=None):
        logits, loss = super().forward(idx, targets)
        return logits, None if loss is None else loss * math.nan


def test_a_diverging_run_stops_and_saves_nothing(files, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(train_cli, "GPT", NaNLossGPT)
    out = tmp_path / "ck"
    with pytest.raises(SystemExit) as exit_info:
        train_cli.main(
            fill(TRAIN[:-2], files)
            + ["--steps", "30", "--eval-every", "10", "--out", str(out)]
        )
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert exit_info.value.code == 2 and not out.exists()
    assert (
        len(errors) == 1
        and "training diverged between step 0 and step 10: train_loss nan" in errors[0]
    )
    assert "lower the learning rate" in errors[0] and "--grad-clip" in errors[0]


def test_weights_broken_by_the_last_update_are_caught(tiny, monkeypatch):
    class Poisoning(
        torch.optim.SGD
    ):  # an update that leaves NaN weights, after the last loss was read
        def step(self, closure=None):
            for group in self.param_groups:
                for p in group["params"]:
                    p.data.fill_(math.nan)

    monkeypatch.setattr(
        train,
        "make_optimizer",
        lambda model, lr, wd, betas: Poisoning(model.parameters(), lr=lr),
    )
    torch.manual_seed(0)
    model = GPT(
        GPTConfig(
            vocab_size=tiny.tok.vocab_size,
            block_size=16,
            n_layer=1,
            n_head=2,
            n_embd=32,
        )
    )
    with pytest.raises(
        FloatingPointError, match="between step 0 and step 1: weights not finite"
    ):
        train.train(model, tiny.ids, steps=1, progress=False)
