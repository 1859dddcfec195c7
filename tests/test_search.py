"""helpers.search (lesson 13d): the notice board and its questions, BM25, ranks and their
fusion, the contrastive loss and hard negatives, the encoder and the reader on a tiny GPT,
the shipped tuned parts and their study, and the command's refusals."""

import copy
import itertools
import json
import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from safetensors.torch import load_file

from helpers import search as S
from helpers.data.store import data_path
from helpers.gpt import GPT, GPTConfig
from helpers.paths import DATA_DIR
from helpers.safe_output import OutputRefused
from helpers.sweeps import checkpoint_sha256
from helpers.tokenizers import load_tokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

SMALL_RECIPE = {
    "tuned_blocks": 1,
    "encoder": {"steps": 3, "batch_size": 4, "lr": 1e-3, "temperature": 0.05},
    "reader": {"steps": 3, "batch_size": 4, "lr": 1e-3},
}
RECORD = {  # what `tune` records, for the model card
    "recipe": S.RECIPE, "pairs": 40, "threads": 1, "torch": "2.0", "seconds": 1.0,
    "validation": {"recall@1 fused": 0.5, "exact match, gold page": 0.25},
}  # fmt: skip


@pytest.fixture(scope="module")
def all_pages():
    return S.pages()


@pytest.fixture(scope="module")
def texts(all_pages):
    return [p["text"] for p in all_pages]


@pytest.fixture(scope="module")
def train(all_pages):
    return S.questions("train")


@pytest.fixture(scope="module")
def tok():
    """The foundation model's tokenizer, without the model."""
    return load_tokenizer(data_path("foundation/tokenizer.json"))


@pytest.fixture
def tiny(tok):
    """A three-layer GPT over the foundation vocabulary, long enough for a question and
    its page (at most about 100 tokens)."""
    torch.manual_seed(0)
    config = GPTConfig(
        vocab_size=tok.vocab_size, block_size=128, n_layer=3, n_head=2, n_embd=32
    )
    return GPT(config).eval()


@pytest.fixture(scope="module")
def foundation():
    """The shipped foundation model, loaded once for the module."""
    from helpers.pretrain import load_foundation

    return load_foundation()


@pytest.fixture
def one_load(foundation, monkeypatch):
    """load_models reuses the module's foundation model instead of loading it again."""
    from helpers import pretrain

    for module in (pretrain, S):  # wherever helpers.search takes it from
        monkeypatch.setattr(module, "load_foundation", lambda *a, **k: foundation,
                            raising=False)  # fmt: skip
    return foundation


def whole_words_of(answer, text):
    """True when `answer` is in `text` with no letter or digit right before or after."""
    pattern = r"(?<![A-Za-z0-9])" + re.escape(answer) + r"(?![A-Za-z0-9])"
    return re.search(pattern, text) is not None


def equal_states(a, b):
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


# ------------------------------------------------------------------ the notice board


def test_pages_are_480_in_order_forty_per_town_every_fact_a_span(all_pages):
    assert len(all_pages) == 480
    assert [p["id"] for p in all_pages] == list(range(480))
    names = S.towns()
    for t, town in enumerate(names):
        block = all_pages[40 * t : 40 * (t + 1)]
        assert {p["town"] for p in block} == {town}
        assert [p["topic"] for p in block] == list(S.TOPICS)
    for p in all_pages:
        assert set(p) == {"id", "town", "topic", "text", *S.FACTS}
        assert p["town"] in p["text"]
        for fact in S.FACTS:
            assert p[fact] and p[fact] in p["text"], (p["id"], fact)
        assert p["day"] in S.DAYS and p["place"] in S.PLACES and p["fee"] in S.FEES
    assert S.pages() == all_pages
    # facts are drawn, not fixed: the leaders of a topic differ between towns
    assert len({p["leader"] for p in all_pages if p["topic"] == "choir"}) == 12


def test_towns_are_twelve_distinct_names_split_eight_two_two():
    names = S.towns()
    assert len(names) == 12 and len(set(names)) == 12
    assert names == S.towns()
    splits = [set(r) for r in S.TOWN_SPLITS.values()]
    for a, b in itertools.combinations(splits, 2):
        assert not a & b
    assert sorted(i for r in S.TOWN_SPLITS.values() for i in r) == list(range(12))
    assert [len(r) for r in S.TOWN_SPLITS.values()] == [8, 2, 2]


def rendered(fact, split, asks, town):
    """Every text the frames of `split` give for a fact with these ways of asking."""
    return {
        f.format(q=a, town=town) for f in S.QUESTION_FRAMES[fact][split] for a in asks
    }


@pytest.mark.parametrize("split", ["train", "valid", "test"])
def test_questions_count_towns_answers_and_frames(split, all_pages, train):
    wordings = ["tuning"] if split == "train" else ["tuning", "new"]
    towns = {S.towns()[i] for i in S.TOWN_SPLITS[split]}
    for wording in wordings:
        made = train if split == "train" else S.questions(split, wording)
        assert len(made) == (16_000 if split == "train" else 400)
        used_asks = set()
        for q in made:
            page = all_pages[q["page"]]
            assert page["town"] in towns
            assert q["answer"] == page[q["fact"]]
            asks = S.TOPICS[page["topic"]]
            own = rendered(q["fact"], split, asks[2:] if wording == "new" else asks[:2],
                           page["town"])  # fmt: skip
            assert q["text"] in own, q
            # never a text of another split's frames, nor the held-out way of asking
            for other in set(S.TOWN_SPLITS) - {split}:
                assert q["text"] not in rendered(q["fact"], other, asks, page["town"])
            if wording == "tuning":
                assert q["text"] not in rendered(
                    q["fact"], split, asks[2:], page["town"]
                )
            used_asks |= {a for a in asks if a in q["text"]}
        pages_asked = {q["page"] for q in made}
        assert len(pages_asked) == 40 * len(towns)
        if wording == "tuning":  # both tuning ways are used, the third never
            assert not used_asks & {a[2] for a in S.TOPICS.values()}
            assert {a[0] for a in S.TOPICS.values()} <= used_asks
    if split != "train":
        assert S.questions(split) == S.questions(split)


def test_validation_and_test_frames_are_not_training_frames():
    for fact, frames in S.QUESTION_FRAMES.items():
        assert len(frames["train"]) == 5
        assert not set(frames["train"]) & (set(frames["valid"]) | set(frames["test"]))
        assert not set(frames["valid"]) & set(frames["test"]), fact


def test_questions_refuse_bad_splits_and_wordings():
    with pytest.raises(ValueError, match="split must be one of"):
        S.questions("dev")
    with pytest.raises(ValueError, match="wording must be one of"):
        S.questions("test", "odd")
    with pytest.raises(ValueError, match="held out"):
        S.questions("train", "new")


def test_wild_questions_are_about_the_test_pages_and_answer_with_their_facts(all_pages):
    wild = S.wild_questions()
    assert len(wild) == 120
    assert sum(q["names_topic"] for q in wild) == 60
    test_towns = {S.towns()[i] for i in S.TOWN_SPLITS["test"]}
    for q in wild:
        assert set(q) == {"text", "page", "fact", "answer", "names_topic"}
        page = all_pages[q["page"]]
        assert 400 <= q["page"] <= 479 and page["town"] in test_towns
        assert q["answer"] == page[q["fact"]] and q["answer"] in page["text"]
        shared = set(S.words(page["topic"])) & set(S.words(q["text"]))
        assert bool(shared) == q["names_topic"], q["text"]
    # the data card's counts
    assert {f: sum(q["fact"] == f for q in wild) for f in S.FACTS} == dict.fromkeys(
        S.FACTS, 24
    )
    assert {q["page"] for q in wild} == set(range(400, 480))


# ------------------------------------------------------------------ keywords and ranks


def test_words_and_word_overlap():
    assert S.words("Who runs the Choir?") == ["who", "runs", "the", "choir"]
    assert S.words("Kalo's 5-a-side, at 10.") == [
        "kalo",
        "s",
        "5",
        "a",
        "side",
        "at",
        "10",
    ]
    assert S.word_overlap("Who runs the choir?", "The choir meets.") == 0.5
    assert S.word_overlap("choir choir band", "The CHOIR") == 0.5  # distinct words
    assert S.word_overlap("", "anything") == 0.0
    assert S.word_overlap("Chess club?", "chess, club!") == 1.0


def test_bm25_scores_match_a_hand_computation():
    docs = ["the choir sings the choir", "the chess club", "the end"]  # 5, 3, 2 words
    index = S.BM25(docs)
    k1, b, avgdl = 1.2, 0.75, 10 / 3

    def saturation(tf, length):
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))

    idf_rare = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))  # a word in one document of 3
    choir = idf_rare * saturation(2, 5)
    chess = idf_rare * saturation(1, 3)
    np.testing.assert_allclose(index.scores(["choir"]), [[choir, 0, 0]])
    np.testing.assert_allclose(index.scores(["Choir? Chess!"]), [[choir, chess, 0]])
    # a word no document holds adds nothing
    np.testing.assert_allclose(index.scores(["choir xyzzy"]), index.scores(["choir"]))
    np.testing.assert_allclose(index.scores(["xyzzy"]), [[0, 0, 0]])
    # a word in every document still counts a little, more in shorter documents
    idf_all = math.log(1 + (3 - 3 + 0.5) / (3 + 0.5))
    assert idf_all > 0
    the = index.scores(["the"])[0]
    np.testing.assert_allclose(
        the,
        [
            idf_all * saturation(2, 5),
            idf_all * saturation(1, 3),
            idf_all * saturation(1, 2),
        ],  # fmt: skip
    )
    assert the[2] > the[1] > 0
    assert index.ranks(["chess", "choir"]).tolist() == [[1, 0, 2], [0, 1, 2]]


def test_best_first_breaks_ties_to_the_lower_id():
    assert S.best_first(np.array([[0.1, 0.9, 0.5]])).tolist() == [[1, 2, 0]]
    scores = np.array([[0.5, 0.9, 0.5, 0.9], [0.0, 0.0, 0.0, 1.0]])
    assert S.best_first(scores).tolist() == [[1, 3, 0, 2], [3, 0, 1, 2]]


def test_gold_ranks_recall_and_mean_reciprocal_rank():
    assert S.gold_ranks([[4, 2]], [2]) == [2]
    ranked = [[2, 0, 1], [0, 1, 2], [1, 2, 0]]
    assert S.gold_ranks(ranked, [0, 0, 0]) == [2, 1, 3]
    assert S.recall_at([1, 3], 1) == 0.5
    assert S.recall_at([2, 1, 3], 2) == pytest.approx(2 / 3)
    assert S.mean_reciprocal_rank([1, 4]) == 0.625
    assert S.mean_reciprocal_rank([2, 1, 3]) == pytest.approx((1 / 2 + 1 + 1 / 3) / 3)
    assert S.retrieval_scores([[2, 0, 1]], [0]) == {
        "recall@1": 0.0, "recall@5": 1.0, "mrr": 0.5,
    }  # fmt: skip


def test_fuse_ranks():
    assert S.fuse_ranks([[0, 1, 2]], [[2, 0, 1]]).tolist() == [[0, 2, 1]]
    # by hand: page 1 is 2nd and 1st, page 0 1st and 3rd -> 1/62+1/61 > 1/61+1/63
    assert S.fuse_ranks([[0, 1, 2]], [[1, 2, 0]]).tolist() == [[1, 0, 2]]
    # one ranking gives itself back; a page both put first stays first
    rng = np.random.default_rng(0)
    a = np.stack([rng.permutation(30) for _ in range(5)])
    assert S.fuse_ranks(a).tolist() == a.tolist()
    b = a.copy()
    for row in b:
        rng.shuffle(row[1:])
    fused = S.fuse_ranks(a, b)
    assert fused[:, 0].tolist() == a[:, 0].tolist()
    assert all(sorted(row) == list(range(30)) for row in fused.tolist())


# ------------------------------------------------------------------ the contrastive loss


def test_contrastive_loss_is_cross_entropy_when_no_page_repeats():
    torch.manual_seed(0)
    q, p = (
        F.normalize(torch.randn(3, 8), dim=-1),
        F.normalize(torch.randn(5, 8), dim=-1),
    )
    loss = S.contrastive_loss(q, p, torch.tensor([10, 11, 12, 13, 14]), 0.1)
    assert loss.item() == pytest.approx(
        F.cross_entropy(q @ p.T / 0.1, torch.arange(3)).item(), rel=1e-6
    )


def test_contrastive_loss_does_not_count_a_copy_of_the_own_page_as_wrong():
    torch.manual_seed(1)
    q, p = (
        F.normalize(torch.randn(1, 8), dim=-1),
        F.normalize(torch.randn(2, 8), dim=-1),
    )
    without = S.contrastive_loss(q, p, torch.tensor([10, 11]), 0.1)
    with_copy = S.contrastive_loss(
        q, torch.cat([p, p[:1]]), torch.tensor([10, 11, 10]), 0.1
    )
    assert with_copy.item() == pytest.approx(without.item(), rel=1e-6)
    # a page that is not a copy is a negative: the loss grows
    other = S.contrastive_loss(
        q, torch.cat([p, p[:1]]), torch.tensor([10, 11, 12]), 0.1
    )
    assert other.item() > without.item() + 1e-3
    # two questions: the copy of page 10 is masked for question 0 only; for question 1
    # it is one more wrong page
    q2 = F.normalize(torch.randn(2, 8), dim=-1)
    p2 = torch.cat([p, p[:1]])
    logits = q2 @ p2.T / 0.1
    by_hand = (
        -logits[0, 0] + torch.logsumexp(logits[0, :2], 0)
        - logits[1, 1] + torch.logsumexp(logits[1], 0)
    ) / 2  # fmt: skip
    got = S.contrastive_loss(q2, p2, torch.tensor([10, 11, 10]), 0.1)
    assert got.item() == pytest.approx(by_hand.item(), rel=1e-5)


def test_contrastive_loss_is_near_zero_when_questions_are_their_pages():
    q = torch.eye(4, 8)
    assert S.contrastive_loss(q, q.clone(), torch.arange(4), 0.01).item() < 1e-6
    torch.manual_seed(2)
    far = F.normalize(torch.randn(4, 8), dim=-1)
    assert S.contrastive_loss(far, q, torch.arange(4), 0.01).item() > 0.1


def test_hard_negatives_are_another_page_of_the_same_town(train, texts, all_pages):
    sample = train[:200]
    hard = S.hard_negatives(sample, texts)
    assert len(hard) == 200
    ranked = S.BM25(texts).ranks([q["text"] for q in sample])
    for q, h, row in zip(sample, hard, ranked):
        assert h != q["page"]
        assert all_pages[h]["town"] == all_pages[q["page"]]["town"], q["text"]
        assert h == next(int(i) for i in row if i != q["page"])  # BM25's best other


# ------------------------------------------------------------------ answers and spans


def test_normalise_and_exact_match():
    assert S.normalise("The Old Mill.") == "old mill"
    assert S.normalise("  A choir,  an  EVENING!") == "choir evening"
    assert S.normalise("Theatre the end") == "theatre end"  # whole words only
    assert S.exact_match(["old mill"], ["Old Mill"]) == 1.0
    assert S.exact_match(["old mill", "Kalo"], ["The old mill.", "Kalo Bade"]) == 0.5
    assert S.exact_match(["five pounds"], ["six pounds"]) == 0.0


def test_answer_tokens_and_allowed_spans_examples():
    assert S.answer_tokens([(0, 3), (3, 6), (6, 7)], "Ask Ka.", "Ka") == (1, 1)
    spans = [(0, 3), (3, 6), (6, 8), (8, 9)]  # "Ask", " Ka", "lo", "."
    ok = S.allowed_spans("Ask Kalo.", spans)
    assert ok[1, 2] and ok[0, 2] and ok[0, 0]
    assert not ok[1, 1]  # " Ka" cuts the word Kalo
    assert not ok[2, 2]  # "lo" starts inside it
    assert not ok[2, 1]  # ends before it starts
    with pytest.raises(ValueError, match="is not in the page"):
        S.answer_tokens(spans, "Ask Kalo.", "Bade")
    long = [(i, i + 1) for i in range(20)]
    wide = S.allowed_spans("a" * 20, long)  # no word boundary inside: only the whole
    assert not wide.any()
    spaced = " ".join("a" * 20)  # tokens "a", " a", " a", ...
    pieces = [(0, 1)] + [(i, i + 2) for i in range(1, 39, 2)]
    many = S.allowed_spans(spaced, pieces)
    assert many[0, S.MAX_ANSWER_TOKENS - 1] and not many[0, S.MAX_ANSWER_TOKENS]
    assert many[3, 3 + S.MAX_ANSWER_TOKENS - 1] and not many[3, 3 + S.MAX_ANSWER_TOKENS]


def gold_spans(tok, pages, facts=S.FACTS):
    """(page, fact, first, last, spans) of each fact's first place in each page."""
    for page in pages:
        _, _, spans = S.reading(tok, "Who runs it?", page["text"])
        for fact in facts:
            yield (page, fact, *S.answer_tokens(spans, page["text"], page[fact]), spans)


def test_reading_spans_cover_the_page_and_gold_spans_decode_to_the_answer(
    tok, all_pages
):
    for page in all_pages[:100]:
        ids, first, spans = S.reading(tok, "Who runs the choir?", page["text"])
        head = tok.encode(S.READ.format(question="Who runs the choir?"))
        assert ids[:first] == head and ids[first:] == tok.encode(page["text"])
        assert len(spans) == len(ids) - first
        assert spans[0][0] == 0 and spans[-1][1] == len(page["text"])
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    for page, fact, s, t, spans in gold_spans(tok, all_pages[:100]):
        text = page["text"]
        assert text[spans[s][0] : spans[t][1]].lstrip(" ") == page[fact], (
            page["id"],
            fact,
        )


def test_every_gold_span_is_allowed(tok, all_pages):
    refused = [(page["id"], fact) for page, fact, s, t, spans in
               gold_spans(tok, all_pages)
               if not S.allowed_spans(page["text"], spans)[s, t]]  # fmt: skip
    assert refused == []


def test_gold_spans_of_short_answers_are_allowed_and_cut_words_are_not(tok, all_pages):
    for page, fact, s, t, spans in gold_spans(tok, all_pages[:100]):
        ok = S.allowed_spans(page["text"], spans)
        if t - s < S.MAX_ANSWER_TOKENS:
            assert ok[s, t], (page["id"], fact)
        # a span that ends one token early or starts one token late cuts the answer
        # when that token is inside a word
        text = page["text"]
        if t > s and text[spans[t][0]].isalnum() and text[spans[t][0] - 1].isalnum():
            assert not ok[s, t - 1]
        if (
            t > s
            and text[spans[s + 1][0]].isalnum()
            and text[spans[s + 1][0] - 1] != " "
        ):
            assert not ok[s + 1, t]


def test_read_copies_the_best_allowed_span(tok, all_pages, tiny, monkeypatch):
    """With scores that point at the gold start and end, read gives the answer back."""
    reader = S.Reader(tiny, tok)
    pages = all_pages[:6]
    cases = [
        (f"Who runs the {p['topic']}?", p, f) for p in pages for f in ("day", "place")
    ]
    asked = [c[0] for c in cases]
    page_texts = [c[1]["text"] for c in cases]

    def pointing(rows):
        out = torch.zeros(len(rows), max(map(len, rows)), 2)
        for i, (question, page, fact) in enumerate(cases[: len(rows)]):
            ids, first, spans = S.reading(tok, question, page["text"])
            assert rows[i] == ids
            s, t = S.answer_tokens(spans, page["text"], page[fact])
            out[i, first + s, 0] = out[i, first + t, 1] = 10.0
            if t > s:  # a later start, a wrong span, scores less
                out[i, first + t, 0] = 5.0
        return out

    monkeypatch.setattr(reader, "logits", pointing)
    assert reader.read(asked, page_texts) == [p[f] for _, p, f in cases]


# ------------------------------------------------------------------ encoder and reader


def test_encoder_embeds_unit_vectors_and_ranks_every_page(tok, tiny, texts):
    encoder = S.Encoder(tiny, tok)
    vectors = encoder.embed(texts[:5], batch_size=2)
    assert vectors.shape == (5, 32) and vectors.dtype == torch.float32
    torch.testing.assert_close(vectors.norm(dim=-1), torch.ones(5))
    # padding does not move a text's vector: alone or beside a longer one, the same
    short = "Page: The choir."
    torch.testing.assert_close(
        encoder.embed([short])[0], encoder.embed([short, texts[0]])[0]
    )
    ranked = encoder.ranks(
        ["Who runs the choir?", "Where is the chess club?"], texts[:7]
    )
    assert ranked.shape == (2, 7)
    assert all(sorted(row) == list(range(7)) for row in ranked.tolist())


def test_reader_answers_are_whole_words_of_their_pages(tok, tiny, all_pages):
    reader = S.Reader(tiny, tok)
    pages = all_pages[:8]
    asked = [f"Who leads the {p['topic']} in {p['town']}?" for p in pages]
    answers = reader.read(asked, [p["text"] for p in pages], batch_size=3)
    assert len(answers) == len(pages)
    for answer, page in zip(answers, pages):
        assert answer and whole_words_of(answer, page["text"]), (answer, page["text"])
        assert len(tok.encode(" " + answer)) <= S.MAX_ANSWER_TOKENS + 1
    assert reader.read(asked, [p["text"] for p in pages]) == answers


def test_freeze_below_leaves_only_the_top_blocks_and_final_layernorm(tiny):
    body = copy.deepcopy(tiny)
    names = S.freeze_below(body, 2)
    trained = {n for n, p in body.named_parameters() if p.requires_grad}
    assert set(names) == trained
    assert trained == {n for n, _ in body.named_parameters()
                       if n.startswith(("transformer.h.1.", "transformer.h.2.",
                                        "transformer.ln_f."))}  # fmt: skip
    assert any(n.startswith("transformer.h.1.") for n in trained)
    assert "transformer.ln_f.weight" in trained
    assert not any(
        n.startswith(("transformer.h.0.", "transformer.wte")) for n in trained
    )


def test_tune_encoder_tunes_a_copy_and_records_its_losses(tok, tiny, train, texts):
    before = copy.deepcopy(tiny)
    examples = train[::400]  # 40 questions
    encoder = S.tune_encoder(tiny, tok, examples, texts, SMALL_RECIPE, steps=3, seed=0)
    assert equal_states(tiny, before)  # the body passed in is untouched
    assert encoder.body is not tiny
    assert len(encoder.losses) == 3 and all(math.isfinite(x) for x in encoder.losses)
    tuned, base = encoder.body.state_dict(), before.state_dict()
    top = [n for n in tuned if n.startswith("transformer.h.2.")]
    assert any(not torch.equal(tuned[n], base[n]) for n in top)
    for n in tuned:
        if n.startswith(("transformer.h.0.", "transformer.h.1.", "transformer.wte")):
            assert torch.equal(tuned[n], base[n]), n


def test_tune_reader_tunes_a_copy_and_records_its_losses(tok, tiny, train, texts):
    before = copy.deepcopy(tiny)
    reader = S.tune_reader(
        tiny, tok, train[::400], texts, SMALL_RECIPE, steps=3, seed=0
    )
    assert equal_states(tiny, before)
    assert reader.model.body is not tiny
    assert len(reader.losses) == 3 and all(math.isfinite(x) for x in reader.losses)
    assert reader.losses[0] < 2 * math.log(128)  # a cross-entropy over page tokens
    tuned = reader.model.body.state_dict()
    assert torch.equal(tuned["transformer.h.0.attn.c_attn.weight"],
                       before.state_dict()["transformer.h.0.attn.c_attn.weight"])  # fmt: skip
    assert not torch.equal(tuned["transformer.ln_f.weight"],
                           before.state_dict()["transformer.ln_f.weight"])  # fmt: skip


# ------------------------------------------------------------------ saving and loading


def test_save_models_writes_three_files_of_the_tuned_parts(tok, tiny, tmp_path):
    encoder = S.Encoder(copy.deepcopy(tiny), tok)
    reader = S.Reader(copy.deepcopy(tiny), tok)
    out = S.save_models(tmp_path / "search", encoder, reader, RECORD)
    assert sorted(p.name for p in out.iterdir()) == sorted(S.CHECKPOINT_FILES)
    config = json.loads((out / "config.json").read_text())
    assert (
        config["model"] == S.PARTS
        and config["foundation_sha256"] == checkpoint_sha256()
    )
    assert config["pairs"] == 40 and config["recipe"] == S.RECIPE
    assert "top 2 blocks" in (out / "MODEL_CARD.md").read_text()
    saved = load_file(out / "model.safetensors")
    expected = S.tuned_tensors(encoder, reader)
    assert saved.keys() == expected.keys()
    assert all(torch.equal(saved[k], expected[k]) for k in saved)
    prefixes = {re.match(r"(encoder|reader)\.(body\.)?(transformer\.(h\.\d+|ln_f)|head)",
                         k).group(0) for k in saved}  # fmt: skip
    assert prefixes == {
        "encoder.transformer.h.1", "encoder.transformer.h.2", "encoder.transformer.ln_f",
        "reader.body.transformer.h.1", "reader.body.transformer.h.2",
        "reader.body.transformer.ln_f", "reader.head",
    }  # fmt: skip
    # saving again over our own folder is allowed
    S.save_models(out, encoder, reader, RECORD)


def test_save_models_refuses_data_without_force(tok, tiny):
    existed = (DATA_DIR / S.SHIPPED).exists()
    encoder, reader = S.Encoder(tiny, tok), S.Reader(tiny, tok)
    with pytest.raises(OutputRefused, match="under data/"):
        S.save_models(DATA_DIR / S.SHIPPED, encoder, reader, RECORD)
    assert (DATA_DIR / S.SHIPPED).exists() == existed


def test_load_models_refuses_parts_of_another_foundation_model(tmp_path):
    (tmp_path / "config.json").write_text(
        json.dumps({"model": S.PARTS, "foundation_sha256": "0" * 64})
    )
    with pytest.raises(ValueError, match="python -m helpers.search tune --out") as info:
        S.load_models(tmp_path)
    assert "another foundation model" in str(info.value)


def test_saved_parts_load_back_into_the_foundation_model(one_load, tmp_path):
    model, tok, _ = one_load
    encoder = S.Encoder(copy.deepcopy(model), tok)
    reader = S.Reader(copy.deepcopy(model), tok)
    with torch.no_grad():
        for module in (encoder.body, reader.model.body):
            for name, p in module.named_parameters():
                if name.startswith(("transformer.h.5.", "transformer.ln_f.")):
                    p.add_(0.01 * torch.randn_like(p))
    out = S.save_models(tmp_path / "search", encoder, reader, RECORD)
    loaded_encoder, loaded_reader, loaded_model, _ = S.load_models(out)
    assert loaded_model is model
    saved = load_file(out / "model.safetensors")
    back = S.tuned_tensors(loaded_encoder, loaded_reader)
    assert back.keys() == saved.keys()
    assert all(torch.equal(back[k], saved[k]) for k in saved)
    base = model.state_dict()
    enc = loaded_encoder.body.state_dict()
    assert not torch.equal(enc["transformer.h.5.mlp.c_fc.weight"],
                           base["transformer.h.5.mlp.c_fc.weight"])  # fmt: skip
    assert torch.equal(enc["transformer.h.3.mlp.c_fc.weight"],
                       base["transformer.h.3.mlp.c_fc.weight"])  # fmt: skip
    assert not loaded_encoder.training and not loaded_reader.model.training
    # tensors that fit no part of the foundation model are refused
    from safetensors.torch import save_file

    save_file({"encoder.nothing.weight": torch.zeros(2)}, out / "model.safetensors")
    with pytest.raises(ValueError, match="does not fit the foundation model"):
        S.load_models(out)


def test_shipped_encoder_tuned_its_top_block_only(one_load):
    encoder, reader, model, _ = S.load_models()
    base, enc = model.state_dict(), encoder.body.state_dict()
    top = S.tuned_tensors(encoder, reader)
    n = model.config.n_layer
    name = f"transformer.h.{n - 1}.mlp.c_fc.weight"
    assert f"encoder.{name}" in top
    assert not torch.equal(enc[name], base[name])
    assert torch.equal(enc["transformer.h.0.mlp.c_fc.weight"],
                       base["transformer.h.0.mlp.c_fc.weight"])  # fmt: skip


# ------------------------------------------------------------------ the shipped study


def test_shipped_results_hold_every_part_of_the_study():
    results = S.shipped_results()
    for key in ("retrieval", "reading", "overlap", "questions"):
        assert key in results
    assert results["questions"] == {
        "paraphrased": 400,
        "new wording": 400,
        "by hand": 120,
    }
    seeds = len(results["seeds"])
    assert seeds >= 1
    for name, row in results["retrieval"].items():
        for method in ("bm25", "untuned"):
            assert set(row[method]) == {"recall@1", "recall@5", "mrr"}
            assert all(0 <= v <= 1 for v in row[method].values())
        for method in ("tuned", "hybrid"):
            assert len(row[method]) == seeds, (name, method)
            for scores in row[method]:
                assert 0 <= scores["recall@1"] <= scores["recall@5"] <= 1
        reading = results["reading"][name]
        assert len(reading["gold page"]) == len(reading["retrieved"]) == seeds
        assert 0 <= results["overlap"][name] <= 1


def test_shipped_encoder_reproduces_the_seed_0_hybrid_recall(one_load, texts):
    results = S.shipped_results()
    encoder, _, _, _ = S.load_models()
    qs = S.questions("test")
    asked, gold = [q["text"] for q in qs], [q["page"] for q in qs]
    fused = S.fuse_ranks(S.BM25(texts).ranks(asked), encoder.ranks(asked, texts))
    recall = S.retrieval_scores(fused, gold)["recall@1"]
    assert (
        round(recall, 4) == results["retrieval"]["paraphrased"]["hybrid"][0]["recall@1"]
    )


def _mean(values):
    return sum(values) / len(values)


def test_the_lessons_claims_hold_in_the_shipped_results():
    """What lesson 13d says, checked on the study it reads (means over the tunings)."""
    found = S.shipped_results()
    first = {  # (set, method) -> recall@1
        (name, method): _mean([s["recall@1"] for s in row[method]])
        if isinstance(row[method], list)
        else row[method]["recall@1"]
        for name, row in found["retrieval"].items()
        for method in ("bm25", "untuned", "tuned", "hybrid")
    }
    # paraphrased: untuned < BM25 < tuned < fused
    assert (
        first["paraphrased", "untuned"]
        < first["paraphrased", "bm25"]
        < first["paraphrased", "tuned"]
        < first["paraphrased", "hybrid"]
    )
    # the held-back wording: tuning does not carry over
    assert first["new wording", "tuned"] < 0.05
    # by hand: keywords beat the tuned encoder, and fusion drags BM25 down
    assert first["by hand", "hybrid"] < first["by hand", "bm25"]
    assert first["by hand", "tuned"] < first["by hand", "bm25"]
    for name, reading in found["reading"].items():
        assert reading["closed book"] == 0.0, name
        assert _mean(reading["gold page"]) > _mean(reading["retrieved"]), name
    assert _mean(found["reading"]["by hand"]["gold page"]) > _mean(
        found["reading"]["paraphrased"]["gold page"]
    )


# ------------------------------------------------------------------ the command


@pytest.fixture
def no_work(monkeypatch):
    from helpers import pretrain

    stop = lambda *a, **k: pytest.fail("work started before the options were checked")  # noqa: E731
    monkeypatch.setattr(pretrain, "load_foundation", stop)
    monkeypatch.setattr(S, "load_foundation", stop, raising=False)
    monkeypatch.setattr(S, "tune_encoder", stop)
    monkeypatch.setattr(S, "measure", stop)


def test_the_command_refuses_settings_it_cannot_run(no_work, capsys):
    for argv in (["measure", "--seeds", "0"], ["tune", "--threads", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            S.main(argv)
        assert exit_info.value.code == 2
        assert "must be at least 1" in capsys.readouterr().err


def test_the_command_refuses_data_without_force_before_any_work(no_work, capsys):
    with pytest.raises(SystemExit) as exit_info:
        S.main(["tune", "--out", "data/search"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "refusing" in err and "--force" in err
    assert S.build_parser().parse_args(["tune"]).out == "runs/search"
    assert S.build_parser().parse_args(["measure"]).out == "runs/results/search.json"


def test_docstring_examples_name_the_towns_the_code_makes(all_pages):
    assert repr(S.towns()[:2]) in S.towns.__doc__
    assert all_pages[0]["text"].split(".")[0] in S.pages.__doc__
    assert S.questions("test")[0]["text"] in " ".join(S.questions.__doc__.split())
