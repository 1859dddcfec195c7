"""Lesson 13b's playbook writer: the data, the decoding loop, the grades, the baselines
and the shipped writers (helpers.automation)."""

import re

import pytest
import torch

from helpers import automation
from helpers.gpt import GPT, GPTConfig


def tiny_writer(seed=0):
    """A one-layer writer with the real context, small enough to run in a blink."""
    torch.manual_seed(seed)
    config = GPTConfig(
        vocab_size=automation.writer_tokenizer().vocab_size,
        block_size=automation.BLOCK,
        n_layer=1,
        n_head=2,
        n_embd=32,
    )
    return GPT(config).eval()


def words(text):
    return set(re.findall(r"[a-z]+", text))


def test_test_names_are_kept_out_of_every_training_text():
    test = set(automation.names("test"))
    assert len(test) == automation.TEST_NAMES
    assert not test & set(automation.names("train"))
    read = "".join(automation.playbook_corpus(300))
    read += "".join(r + p for r, p, _ in automation.requests("train", 20))
    assert not test & words(read)
    # and a test request does use them
    request, play, chore = automation.requests("test", 1)[0]
    assert words(request) & test


def test_each_split_uses_only_its_own_frames():
    for split, (low, high) in automation.SPLITS.items():
        frames = {
            (chore, i)
            for chore, fs in automation.FRAMES.items()
            for i in range(low, high)
        }
        for request, _, chore in automation.requests(split, 6):
            assert any(
                _fits(automation.FRAMES[chore][i], request)
                for c, i in frames
                if c == chore
            ), request


def _fits(frame, request):
    pattern = re.escape(frame)
    pattern = re.sub(r"\\\{[a-z]+\\\}", r".+", pattern)
    return re.fullmatch(pattern, request) is not None


def test_requests_are_balanced_repeatable_and_checked():
    first = automation.requests("train", 3, seed=4)
    assert first == automation.requests("train", 3, seed=4)
    assert first != automation.requests("train", 3, seed=5)
    assert sorted(c for _, _, c in first) == sorted(automation.CHORE_NAMES * 3)
    with pytest.raises(ValueError, match="split"):
        automation.requests("dev", 3)
    with pytest.raises(ValueError, match="per_chore"):
        automation.requests("train", 0)


def test_every_chore_writes_a_playbook_that_parses_to_its_module():
    for request, play, chore in automation.requests("train", 2):
        module, arguments, hosts = automation.parse_play(play)
        assert module == automation.CHORES[chore][0]
        assert hosts in automation.HOSTS and hosts in request
    play = automation.playbook("copy", {"hosts": "db", "file": "a.conf", "path": "/x"})
    assert automation.parse_play(play) == (
        "copy",
        {"src": "a.conf", "dest": "/x/a.conf"},
        "db",
    )


def test_the_pretraining_text_holds_no_request_and_fits_the_context():
    plays = automation.playbook_corpus(500)
    assert all(len(automation.document(p)) <= automation.BLOCK + 1 for p in plays)
    assert not any("#" in p for p in plays)  # no request as a comment
    assert {len(automation.parse_play(p) or ()) for p in plays} == {3}


def test_grades_of_right_wrong_and_broken_playbooks():
    example = automation.requests("test", 1)[0]
    request, gold, chore = example
    assert automation.score_playbooks([gold], [example]) == {
        "parses": 1.0,
        "module": 1.0,
        "exact": 1.0,
        "argument_f1": 1.0,
    }
    name = automation.parse_play(gold)[1].get("name")
    if name is None:  # a path chore: change the path instead
        name = automation.parse_play(gold)[1].get("path") or "src"
    wrong = gold.replace(name, "kalomi")
    scores = automation.score_playbooks([wrong], [example])
    assert scores["exact"] == 0.0 and scores["module"] == 1.0
    assert 0.5 < scores["argument_f1"] < 1.0
    assert automation.score_playbooks(["hosts: [unclosed"], [example]) == {
        "parses": 0.0,
        "module": 0.0,
        "exact": 0.0,
        "argument_f1": 0.0,
    }
    with pytest.raises(ValueError, match="one written playbook per example"):
        automation.score_playbooks([], [example])


def test_argument_f1_counts_pairs():
    gold = automation.playbook("install", {"hosts": "web", "package": "kalo"})
    wrong = automation.playbook("install", {"hosts": "web", "package": "vuter"})
    # pairs: hosts, module, name, state; one of four wrong on each side
    assert automation.argument_f1(wrong, gold) == pytest.approx(0.75)
    assert automation.argument_f1("not: [yaml", gold) == 0.0


def test_slot_rules_invert_the_training_frames_but_not_new_ones():
    train = automation.requests("train", 20)
    rules = automation.SlotRules(train)
    new_names = automation.requests("train", 5, seed=9, names_from="test")
    written = rules.write([r for r, _, _ in new_names])
    assert automation.score_playbooks(written, new_names)["exact"] == 1.0
    test = automation.requests("test", 5)
    assert (
        automation.score_playbooks(rules.write([r for r, _, _ in test]), test)["exact"]
        < 0.9
    )


def test_nearest_copy_writes_a_training_playbook():
    train = automation.requests("train", 5)
    near = automation.NearestCopy(train)
    request, play, chore = train[3]
    assert near.write([request]) == [play]
    new = automation.requests("train", 2, seed=3, names_from="test")
    golds = {p for _, p, _ in train}
    assert all(w in golds for w in near.write([r for r, _, _ in new]))


def test_batched_greedy_decoding_matches_generate_row_by_row():
    model, tok = tiny_writer(), automation.writer_tokenizer()
    texts = ["Install kalo on web", "Please restart the vuter service on db now"]
    prompts = [automation.encode(tok, automation.document("", t)[:-4]) for t in texts]
    end = automation.encode(tok, automation.END)
    together = automation._greedy_after(model, prompts, end)
    for prompt, row in zip(prompts, together):
        alone = model.generate(prompt, len(row) - len(prompt), top_k=1)
        assert row == alone
    assert automation._greedy_after(model, prompts[:1], end)[0] == together[0]


def test_tuning_scores_the_playbook_not_the_request():
    tok = automation.writer_tokenizer()
    request, play, _ = automation.requests("train", 1)[0]
    doc = automation.document(play, request)
    prompt = automation.document("", request)[: -len(automation.END)]
    rows = automation.document_rows([doc], tok)
    assert rows.shape == (1, automation.BLOCK + 1)
    targets = automation.scored_targets(rows, [prompt])[0]
    assert automation.decode(tok, targets[targets >= 0].tolist()) == (
        play + automation.END
    )
    everything = automation.scored_targets(rows)[0]
    assert automation.decode(tok, everything[everything >= 0].tolist()) == doc[1:]
    # each line's indentation is one token, and comes back as it was
    ids = automation.encode(tok, play)
    assert len(ids) == len(play) - sum(
        len(line) - len(line.lstrip(" ")) - 1
        for line in play.splitlines()
        if line[0] == " "
    )
    assert automation.decode(tok, ids) == play


def test_a_request_with_a_character_the_writer_cannot_read_is_refused():
    with pytest.raises(ValueError):
        automation.write_playbooks(
            tiny_writer(), automation.writer_tokenizer(), ["Install kalo ✓"]
        )


def test_the_command_refuses_bad_options_before_any_work(tmp_path):
    with pytest.raises(SystemExit) as e:
        automation.main(["measure", "--seeds", "0", "--out", str(tmp_path / "r.json")])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        automation.main(["pretrain", "--out", "data/automation"])
    assert e.value.code == 2


def test_the_shipped_writers_and_their_results_match():
    results = automation.shipped_results()  # refused if measured on other weights
    assert results["pretrained_sha256"] == automation.weights_sha256()
    writer, tok, _ = automation.load_writer()
    tuned, _, _ = automation.load_writer(tuned=True)
    assert writer.config.block_size == automation.BLOCK
    assert not torch.equal(writer.transformer.wte.weight, tuned.transformer.wte.weight)
    seen = results["sets"]["new_names"]
    assert set(seen) == set(automation.WAYS)
    assert set(seen["tuned"]) == {str(k) for k in results["recipe"]["labels"]}
