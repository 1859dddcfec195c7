"""Prompting: a task phrased as text, the answer read off the next-token probabilities.

Handles: prompt templates for sentiment (`TEMPLATES`: a wording plus the word each label
answers with), scoring the label words after a prompt (`label_log_probs`, several-token
words included), zero- and few-shot prediction, calibration on a content-free input
("Calibrate Before Use", Zhao et al. 2021; its error is measured by helpers.reliability),
and prompt-based tuning: fine-tuning the language model so that the right label *word* is the
next token (the PET recipe of Schick & Schütze 2021, compared with a new head by
Le Scao & Rush 2021, "How many data points is a prompt worth?").
Leaves out: the sweep over k and the number of solved examples (`helpers.sweeps`),
searching for prompts automatically, and instruction-tuned models (ours was never taught
to follow instructions; it only continues text like the text it read).
"""

from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F

from helpers.padding import pad_rows
from helpers.tuning import (
    LABELS,
    copy_with_dropout,
    draw_k,
    fit,
    label_ids,
    recipe_for,
    tuning_steps,
)

CONTENT_FREE = (
    "N/A",
    "",
    "[MASK]",
)  # Zhao et al. 2021 average the bias over a few such inputs


@dataclass(frozen=True)
class Template:
    """A way to ask: `text` is a prompt with a {review} slot; `words` the answer of each label.

    Example: Template("{review} Overall, it was", (" terrible", " great")).prompt("Nice.")
             -> 'Nice. Overall, it was'
    """

    text: str
    words: tuple  # in LABELS order: (negative word, positive word)
    demo_separator: str = "\n"

    def prompt(self, review):
        return self.text.format(review=review)

    def demo(self, review, label):
        """One solved example for a few-shot prompt."""
        return self.prompt(review) + self.words[LABELS.index(label)]


# Wordings in the styles the corpus holds (pages that list reviews with their sentiment, star
# ratings, "Overall, it was ..."), plus a plain question, which the corpus never uses.
TEMPLATES = {
    "question": Template(
        "Does this sentence have a positive or negative sentiment? {review} Answer:",
        (" negative", " positive"),
    ),
    "review-sentiment": Template(
        "Review: {review} Sentiment:", (" negative", " positive")
    ),
    "cloze-overall": Template("{review} Overall, it was", (" terrible", " great")),
    "cloze-in-short": Template("{review} In short:", (" terrible", " great")),
    "this-review-is": Template('"{review}" This review is', (" negative", " positive")),
    "qa": Template(
        'Q: Is the following review positive or negative? "{review}"\nA:',
        (" Negative", " Positive"),
    ),
    "stars": Template("{review}", (" One star.", " Five stars.")),
}
DEFAULT_TEMPLATE = "review-sentiment"


def template_of(template):
    """A Template, given one or its name in TEMPLATES.
    Example: template_of("stars").words -> (' One star.', ...)"""
    if not isinstance(template, str):
        return template
    if template not in TEMPLATES:
        raise ValueError(
            f"unknown template {template!r}; use one of {', '.join(TEMPLATES)}, or a Template(...)"
        )
    return TEMPLATES[template]


def _check_texts(texts, what):
    """`texts` must be a non-empty list of non-blank strings.
    Example: _check_texts([""], "review") -> ValueError"""
    if isinstance(texts, str):
        raise TypeError(
            f"{what}s must be a list of strings, not one string; wrap a single {what} as [text]"
        )
    if len(texts) == 0:
        raise ValueError(f"the list of {what}s is empty; pass at least one")
    for i, t in enumerate(texts):
        if not isinstance(t, str) or not t.strip():
            raise ValueError(
                f"{what} {i} is {'empty' if isinstance(t, str) else 'not a string'} ({t!r}); "
                f"a {what} needs some text"
            )


def _check_model_inputs(model, tok, texts):
    """Check that `model` is a GPT language model, `tok` a tokenizer whose ids it reads,
    and `texts` prompts.

    Example: _check_model_inputs(clf, tok, ["Review: Nice. Sentiment:"]) -> TypeError (a classifier
             has no next-token head)
    """
    from helpers.gpt import GPT

    if not isinstance(model, GPT):
        raise TypeError(
            "model must be a GPT language model (e.g. load_foundation()[0]), got "
            f"{type(model).__name__}; "
            f"prompting reads its next-token probabilities"
        )
    if (
        not callable(getattr(tok, "encode", None))
        or getattr(tok, "vocab_size", 0) > model.config.vocab_size
    ):
        raise ValueError(
            f"tok must be the model's own tokenizer (ids 0..{model.config.vocab_size - 1}), got "
            f"{tok!r}; use the tokenizer saved with the model"
        )
    _check_texts(texts, "prompt")


@torch.no_grad()
def label_log_probs(model, tok, prompts, words, batch_size=32):
    """log P(word | prompt) for every prompt and every answer word: (B, len(words)).

    A word of several tokens scores the sum of its tokens' log-probabilities. Prompts longer
    than the model's context keep their end (the question and the answer slot).
    Example: label_log_probs(model, tok, ["Review: Lovely. Sentiment:"], [" negative", " positive"])
             -> tensor([[-4.1, -0.02]])   (values depend on the model)
    """
    _check_model_inputs(model, tok, prompts)
    word_ids = [tok.encode(w) for w in words]
    if any(not w for w in word_ids):
        raise ValueError(f"answer words must be non-empty strings, got {words!r}")
    limit = model.config.block_size
    if all(
        len(w) == 1 for w in word_ids
    ):  # one forward per prompt reads every answer word at once
        return _single_token_scores(
            model, tok, prompts, [w[0] for w in word_ids], batch_size
        )
    prompt_ids = [tok.encode(p) for p in prompts]
    scores = torch.empty(len(prompts), len(words))  # (B, n_words)
    model.eval()
    for j, w_ids in enumerate(word_ids):
        for start in range(0, len(prompts), batch_size):
            x, y = answer_rows(prompt_ids[start : start + batch_size], w_ids, limit)
            logits = model(x)[0]  # (b, T, V)
            nll = F.cross_entropy(logits.transpose(1, 2), y, reduction="none")  # (b, T)
            scores[start : start + batch_size, j] = -nll.sum(1)  # 0 where y is -100
    return scores


def _single_token_scores(model, tok, prompts, answer_ids, batch_size):
    """label_log_probs when each answer is one token: the log-softmax after each
    prompt's last token."""
    limit = model.config.block_size
    rows = [tok.encode(p)[-limit:] for p in prompts]
    out = []
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        last = torch.tensor([len(r) - 1 for r in chunk])  # (b,)
        h = model.hidden_states(pad_rows(chunk))  # (b, T, C)
        h = h[torch.arange(len(chunk)), last]  # (b, C)
        logp = F.log_softmax(model.lm_head(h), dim=-1)  # (b, V)
        out.append(logp[:, answer_ids])  # (b, n_words)
    return torch.cat(out)


def few_shot_prompt(template, demos, review):
    """Solved examples, then the question.
    Example: few_shot_prompt(t, [("positive", "Nice.")], "Bad.")"""
    parts = [template.demo(text, label) for label, text in demos]
    return template.demo_separator.join(parts + [template.prompt(review)])


def mean_tokens_read(tok, prompts, context):
    """Tokens the model reads per prompt, on average: what a query costs. A prompt longer
    than the `context` keeps its end, as `label_log_probs` reads it.
    Example: mean_tokens_read(tok, ["Review: Nice. Sentiment:"], 256) -> 7.0
    """
    _check_texts(prompts, "prompt")
    return sum(min(len(tok.encode(p)), context) for p in prompts) / len(prompts)


def prompt_scores(model, tok, reviews, template=DEFAULT_TEMPLATE, demos=()):
    """(B, 2) log-probabilities of the negative and positive answer words for each review."""
    template = template_of(template)
    _check_texts(
        reviews, "review"
    )  # an empty review would be scored as a content-free prompt
    prompts = [few_shot_prompt(template, demos, r) for r in reviews]
    return label_log_probs(model, tok, prompts, template.words)


def content_free_bias(model, tok, template=DEFAULT_TEMPLATE, demos=()):
    """The answer probabilities (2,) the prompt gives to inputs with no content, averaged.

    Zhao et al. (2021) divide every prediction's probabilities by these, so that a
    content-free input would get 50/50; `predict(..., calibrate=True)` does that.
    """
    template = template_of(template)
    prompts = [
        p
        for p in (few_shot_prompt(template, demos, r) for r in CONTENT_FREE)
        if p.strip()
    ]
    probs = label_log_probs(model, tok, prompts, template.words).softmax(
        -1
    )  # (n_cf, 2)
    return probs.mean(0)


def label_probabilities(scores, bias=None):
    """Scores (B, 2) -> P(positive) per row, renormalised over the two answers; divided by the
    content-free `bias` first when given.
    Example: label_probabilities(torch.log(torch.tensor([[.1, .3]]))) -> tensor([0.75])
    """
    probs = scores.softmax(-1)  # (B, 2)
    if bias is not None:
        probs = probs / bias
        probs = probs / probs.sum(-1, keepdim=True)
    return probs[:, 1]


class Answers(NamedTuple):
    """What prompting reads off the model for a list of reviews (`read_answers`)."""

    scores: torch.Tensor  # (B, 2) log P(answer word | prompt), in LABELS order
    bias: torch.Tensor | None  # (2,) content-free answer probabilities, if calibrated
    p_positive: torch.Tensor  # (B,) P(positive), the two answers renormalised
    labels: list  # the likelier answer's label per review


def read_answers(
    model, tok, reviews, template=DEFAULT_TEMPLATE, demos=(), calibrate=False
):
    """Score both answer words after each review's prompt and decide: an `Answers`.

    Example: read_answers(model, tok, ["Lovely soup."]).labels -> ['positive']
    """
    scores = prompt_scores(
        model, tok, reviews, template, demos
    )  # first: it checks the reviews
    bias = content_free_bias(model, tok, template, demos) if calibrate else None
    p_pos = label_probabilities(scores, bias)
    return Answers(scores, bias, p_pos, [LABELS[int(p > 0.5)] for p in p_pos.tolist()])


def predict(model, tok, reviews, template=DEFAULT_TEMPLATE, demos=(), calibrate=False):
    """Labels by prompting: the answer word with the higher probability.

    Returns (labels, P(positive) (B,)).
    Example: predict(model, tok, ["Lovely soup.", "Cold soup."])[0]
             -> ['positive', 'negative']
    """
    answers = read_answers(model, tok, reviews, template, demos, calibrate)
    return answers.labels, answers.p_positive


def draw_demos(train_examples, n, seed):
    """n solved examples for a few-shot prompt, balanced, in a seeded random order."""
    if n == 0:
        return []
    return draw_k(
        train_examples, n, seed, label_of=(lambda e: e[0]) if n >= 2 else None
    )  # one demo: either label


# ---------------------------------------------------------------- prompt-based tuning


class PromptTunedClassifier:
    """A language model tuned so the right answer word follows the prompt; it predicts
    like `predict`."""

    def __init__(self, model, tok, template):
        self.model, self.tok, self.template = model, tok, template

    def predict(self, reviews):
        return predict(self.model, self.tok, reviews, self.template)[0]


def answer_rows(prompts, word, limit):
    """Inputs and targets that score `word` (its ids) after each prompt (lists of ids): the
    rows prompt + word, cut to their last `limit` + 1 ids; targets are -100 except on the
    word's ids, so the summed cross-entropy of a row is -log P(word | prompt).

    Example: answer_rows([[5, 6]], [8, 9], 64)
             -> (tensor([[5, 6, 8]]), tensor([[-100, 8, 9]]))
    """
    rows = [(p + word)[-(limit + 1) :] for p in prompts]
    targets = [[-100] * (len(r) - len(word) - 1) + word for r in rows]
    return pad_rows([r[:-1] for r in rows]), pad_rows(targets, fill=-100)


def tune_prompted(
    train_examples, body, tok, template=DEFAULT_TEMPLATE, seed=0, recipe=None
):
    """Fine-tune every weight of the language model on k labeled reviews, with the loss on the
    answer word after the prompt: cross-entropy over the answer words' log-probabilities (a
    word of several tokens scores the sum of its tokens', as `label_log_probs` reads it).

    Same steps, batch and learning rate as head-based tuning (`helpers.tuning.RECIPES`,
    "prompted" is "full" without the head's rate), so the two differ only in how the
    label is read: a new head, or a word the model knows. `recipe` changes settings.
    Example: chosen = draw_k(train, 16, 0, label_of=lambda e: e[0])
             tune_prompted(chosen, body, tok).predict(["Lovely soup."]) -> ['positive']
    """
    template = template_of(template)
    if not train_examples:
        raise ValueError(
            "train_examples is empty; pass at least one (label, text) pair per label"
        )
    recipe = recipe_for("prompted", recipe)
    word_ids = [tok.encode(w) for w in template.words]
    limit = body.config.block_size
    prompts = [tok.encode(template.prompt(text)) for _, text in train_examples]
    labels = label_ids([label for label, _ in train_examples])  # (n,)
    torch.manual_seed(seed)
    model = copy_with_dropout(body, recipe["dropout"], embeddings=False)
    if all(len(w) == 1 for w in word_ids):  # one forward reads both answers' logits
        answer = torch.tensor([w[0] for w in word_ids])  # (2,)
        rows = [p[-limit:] for p in prompts]
        ids = pad_rows(rows)  # (n, T)
        last = torch.tensor([len(r) - 1 for r in rows])  # (n,)

        def batch_loss(idx):
            x = ids[idx]
            x = x[:, : int(last[idx].max()) + 1]  # (b, T') trimmed
            logits = model(x)[0]  # (b, T', V)
            at_answer = logits[torch.arange(len(idx)), last[idx]][:, answer]  # (b, 2)
            return F.cross_entropy(at_answer, labels[idx])

    else:  # e.g. a tokenizer that never saw the words: one forward per answer word
        inputs, targets = zip(*(answer_rows(prompts, w, limit) for w in word_ids))

        def batch_loss(idx):
            scores = []
            for x, y in zip(inputs, targets):  # x, y: (n, T) for one answer word
                logits = model(x[idx])[0]  # (b, T, V)
                nll = F.cross_entropy(logits.transpose(1, 2), y[idx], reduction="none")
                scores.append(-nll.sum(1))  # (b,) log P(word | prompt)
            return F.cross_entropy(torch.stack(scores, 1), labels[idx])  # over (b, 2)

    n = len(prompts)
    fit(
        model,
        batch_loss,
        n,
        tuning_steps(n, recipe),
        recipe["batch_size"],
        [{"params": model.parameters(), "lr": recipe["lr"]}],
        seed=seed,
    )
    return PromptTunedClassifier(model, tok, template)
