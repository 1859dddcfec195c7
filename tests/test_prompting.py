"""Prompting: label-word scores equal the model's own probabilities, calibration,
few-shot text, prompt tuning."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers import prompting as P
from helpers.gpt import GPT, GPTConfig
from helpers.tokenizers import BPETokenizer

pytestmark = pytest.mark.usefixtures("one_thread")

TOY = [
    ("positive", "The soup was lovely."),
    ("positive", "A lovely film."),
    ("positive", "What a lovely book."),
    ("negative", "The soup was awful."),
    ("negative", "An awful film."),
    ("negative", "What an awful book."),
]


@pytest.fixture(scope="module")
def tok():
    return BPETokenizer.train(
        " ".join(t for _, t in TOY) * 3 + " Review: Sentiment: positive negative", 300
    )


@pytest.fixture
def model(tok):
    torch.manual_seed(0)
    return GPT(
        GPTConfig(
            vocab_size=tok.vocab_size, block_size=128, n_layer=1, n_head=2, n_embd=32
        )
    )


def manual_log_prob(model, tok, prompt, word):
    ids = tok.encode(prompt + word)
    n = len(tok.encode(word))
    with torch.no_grad():
        logp = F.log_softmax(model(torch.tensor([ids]))[0][0], -1)  # (T, V)
    return sum(logp[t - 1, ids[t]].item() for t in range(len(ids) - n, len(ids)))


def test_label_scores_equal_the_models_probabilities(model, tok):
    prompts = ["Review: The soup was lovely. Sentiment:", "Short:"]
    words = [" negative", " positive", " lovely film"]  # the last has several tokens
    got = P.label_log_probs(
        model, tok, prompts, words, batch_size=4
    )  # padding across different lengths
    want = torch.tensor(
        [[manual_log_prob(model, tok, p, w) for w in words] for p in prompts]
    )
    assert torch.allclose(got, want, atol=1e-4)
    single = P.label_log_probs(
        model, tok, prompts, [" lovely", " awful"]
    )  # the one-forward path
    want = torch.tensor(
        [
            [manual_log_prob(model, tok, p, w) for w in (" lovely", " awful")]
            for p in prompts
        ]
    )
    assert [len(tok.encode(w)) for w in (" lovely", " awful")] == [
        1,
        1,
    ] and torch.allclose(single, want, atol=1e-4)


def test_label_probabilities_and_calibration():
    scores = torch.log(torch.tensor([[0.1, 0.3], [0.2, 0.2]]))
    assert torch.allclose(P.label_probabilities(scores), torch.tensor([0.75, 0.5]))
    bias = torch.tensor([0.25, 0.75])  # the prompt alone leans positive 3:1
    assert torch.allclose(
        P.label_probabilities(scores, bias), torch.tensor([0.5, 0.25])
    )


def test_a_content_free_input_is_neutral_after_calibration(model, tok):
    template = P.TEMPLATES["review-sentiment"]
    bias = P.content_free_bias(model, tok, template)
    scores = P.label_log_probs(
        model, tok, [template.prompt(r) for r in P.CONTENT_FREE], template.words
    )
    assert math.isclose(
        float(P.label_probabilities(scores, bias).mean()), 0.5, abs_tol=0.02
    )


def test_few_shot_prompt_text():
    t = P.TEMPLATES["review-sentiment"]
    assert (
        P.few_shot_prompt(t, [("positive", "Nice."), ("negative", "Cold.")], "Bad.")
        == "Review: Nice. Sentiment: positive\n"
        "Review: Cold. Sentiment: negative\n"
        "Review: Bad. Sentiment:"
    )
    demos = P.draw_demos(TOY, 4, seed=0)
    assert sorted(label for label, _ in demos) == [
        "negative",
        "negative",
        "positive",
        "positive",
    ]


def test_tokens_read_keep_the_end_of_a_long_prompt(tok):
    prompts = ["The soup was lovely.", "The soup was lovely. " * 40]
    lengths = [len(tok.encode(p)) for p in prompts]
    assert lengths[1] > 16
    assert P.mean_tokens_read(tok, prompts, 16) == (lengths[0] + 16) / 2
    with pytest.raises(TypeError):
        P.mean_tokens_read(tok, "one string", 16)


def test_two_way_confidence_feeds_the_calibration_error():
    from helpers.reliability import expected_calibration_error, two_way_confidence

    confidence, correct = two_way_confidence(
        torch.tensor([0.9, 0.9, 0.2]), ["positive", "negative", "positive"]
    )
    assert confidence.tolist() == pytest.approx([0.9, 0.9, 0.8])
    assert correct.tolist() == [True, False, False]
    # bin [0.9, 1]: |1/2 - 0.9| x 2/3 = 0.267; bin [0.8, 0.9): |0 - 0.8| x 1/3 = 0.267
    assert expected_calibration_error(confidence, correct) == pytest.approx(
        8 / 15, abs=1e-6
    )
    sure = two_way_confidence([1.0, 0.0], ["positive", "negative"])
    assert expected_calibration_error(*sure) == 0.0
    with pytest.raises(ValueError, match="one P\\(positive\\) per gold label"):
        two_way_confidence([0.5, 0.5], ["positive"])


def test_prompt_tuning_moves_the_answer_word(model, tok):
    template = P.Template("{review} So:", (" awful", " lovely"))
    assert [len(tok.encode(w)) for w in template.words] == [1, 1]
    clf = P.tune_prompted(
        TOY, model, tok, template, recipe={"lr": 3e-3, "min_steps": 60}
    )
    assert clf.predict([t for _, t in TOY]) == [label for label, _ in TOY]


def test_answer_rows_put_the_targets_on_the_word_only():
    x, y = P.answer_rows([[5, 6], [7]], [8, 9], 64)
    assert x.tolist() == [[5, 6, 8], [7, 8, 0]]  # padded on the right
    assert y.tolist() == [[-100, 8, 9], [8, 9, -100]]
    x, y = P.answer_rows([[1, 2, 3, 4, 5]], [8, 9], 4)  # the prompt's end is kept
    assert x.tolist() == [[3, 4, 5, 8]] and y.tolist() == [[-100, -100, 8, 9]]


def test_prompt_tuning_reads_answer_words_of_several_tokens(model, tok):
    # a tokenizer that never saw the answer words splits them (lesson 08b's model
    # pretrained without any verdicts): tuning then scores whole words, as predict does
    template = P.Template("{review} So:", (" awful film", " lovely film"))
    assert [len(tok.encode(w)) > 1 for w in template.words] == [True, True]
    clf = P.tune_prompted(
        TOY, model, tok, template, recipe={"lr": 3e-3, "min_steps": 60}
    )
    assert clf.predict([t for _, t in TOY]) == [label for label, _ in TOY]


def test_bad_prompts_are_refused(model, tok):
    with pytest.raises(ValueError, match="prompt 0 is empty"):
        P.label_log_probs(model, tok, [""], [" a", " b"])
    with pytest.raises(TypeError, match="list of strings"):
        P.label_log_probs(model, tok, "Review:", [" a", " b"])


def test_read_answers_is_what_predict_decides_from(model, tok):
    reviews = [t for _, t in TOY]
    answers = P.read_answers(model, tok, reviews, "cloze-overall", calibrate=True)
    labels, p_positive = P.predict(model, tok, reviews, "cloze-overall", calibrate=True)
    assert answers.labels == labels and torch.equal(answers.p_positive, p_positive)
    assert torch.equal(
        answers.scores, P.prompt_scores(model, tok, reviews, "cloze-overall")
    )
    assert torch.equal(answers.bias, P.content_free_bias(model, tok, "cloze-overall"))
    assert P.read_answers(model, tok, reviews[:1]).bias is None


def test_the_prompt_widget_shows_what_predict_reads(model, tok, capsys):
    import matplotlib

    matplotlib.use("Agg")
    from helpers.widgets import show_prompt_prediction

    review = "The soup was lovely."
    for calibrate in (False, True):
        shown = show_prompt_prediction(
            model, tok, review, "review-sentiment", calibrate
        )
        labels, p_positive = P.predict(
            model, tok, [review], "review-sentiment", calibrate=calibrate
        )
        assert shown == float(p_positive[0])
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == repr("Review: The soup was lovely. Sentiment:")
        assert lines[1].endswith(f" -> P(positive) = {shown:.2f}: {labels[0]}")
        assert ("content-free lean" in lines[1]) == calibrate


def test_prompt_tuning_drops_out_in_the_blocks_only_and_checks_its_recipe(model, tok):
    template = P.Template("{review} So:", (" awful", " lovely"))
    clf = P.tune_prompted(
        TOY, model, tok, template, recipe={"min_steps": 1, "max_steps": 1}
    )
    assert (
        clf.model.config.dropout == 0.0
        and clf.model.transformer.h[0].mlp.dropout == 0.1
    )
    assert model.transformer.h[0].mlp.dropout == 0.0  # the body itself is untouched
    with pytest.raises(ValueError, match="'head_lr' does nothing for 'prompted'"):
        P.tune_prompted(TOY, model, tok, template, recipe={"head_lr": 1e-3})
