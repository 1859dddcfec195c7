"""Interactive controls for the lessons: thin ipywidgets over pure functions.

Handles: building the controls, a caption line saying the widget is live and what it
does, and re-drawing on change.
Leaves out: the logic itself, which lives in the modules the widgets call (a notebook
also calls that function once with defaults, so readers without a live kernel see a result).
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt

from helpers.cost import DTYPE_BYTES, hosting_plan
from helpers.ngram import word_tokens
from helpers.plots import plot_fan, plot_next_word_probs

LIVE = "Live widget (needs a running kernel): "


class LiveWidget(widgets.interactive):
    """`widgets.interactive` with a caption line above its controls.

    The caption is also the widget's text form: where the widget cannot be drawn (a
    notebook that is not trusted, or read on the web), the saved cell shows that line
    instead of "interactive(children=(...".
    Example: LiveWidget("move n; the bars redraw.", show, n=widgets.IntSlider())
             repr -> 'Live widget (needs a running kernel): move n; the bars redraw.'
    """

    def __init__(self, caption, f, **controls):
        super().__init__(f, **controls)
        self.caption = caption
        label = widgets.HTML(f"<b>Live widget</b> (needs a running kernel): {caption}")
        self.children = (label, *self.children)

    def __repr__(self):
        return LIVE + self.caption

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        # the whole caption: ipywidgets cuts the text form at 110 characters
        data["text/plain"] = repr(self)
        return data


NO_WORDS = (
    "type a few words: {prefix!r} holds none (a word is letters or digits; . , ! ? ; : "
    "count too)"
)


def show_next_words(model, prefix, n=3, temperature=1.0, top=8):
    """Draw the next-word distribution after `prefix` and print the top words.

    Example: show_next_words(model, "no use crying over spilled", n=3)
    prints: n=3 uses "over spilled": milk 0.97, ...
    Returns the probabilities shown ({} and a short message when the prefix holds no words).
    """
    words = word_tokens(prefix)
    if not words:
        print(NO_WORDS.format(prefix=prefix))
        return {}
    probs = model.next_word_probs(prefix, n=n, temperature=temperature, top=top)
    order = model.backed_off_order(words, n)
    context = " ".join(model.context_of(words, order)) or "nothing"
    note = f" (backed off from n={n})" if order < n else ""
    print(
        f'n={order}{note} uses "{context}", T={temperature:g}: '
        + ", ".join(f"{w} {p:.2f}" for w, p in list(probs.items())[:4])
    )
    plot_next_word_probs(probs, title=f'next word after "{prefix}"')
    plt.show()
    return probs


def next_word_widget(model, prefix="no use crying over spilled"):
    """Type a prefix; choose n and the temperature; see the next-word bar chart update."""
    controls = dict(
        prefix=widgets.Text(
            value=prefix,
            description="prefix",
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
        ),
        n=widgets.IntSlider(value=min(3, model.n), min=1, max=model.n, description="n"),
        temperature=widgets.FloatSlider(
            value=1.0,
            min=0.2,
            max=3.0,
            step=0.1,
            description="temperature",
            style={"description_width": "initial"},
            continuous_update=False,
        ),
    )
    return LiveWidget(
        "type a prefix, move n and the temperature; the bars redraw.",
        lambda prefix, n, temperature: show_next_words(model, prefix, n, temperature),
        **controls,
    )


def show_neural_next_words(model, vocab, prefix, top=8):
    """Draw a neural model's next-word distribution after `prefix` and print the top words.

    Example: show_neural_next_words(mlp, vocab, "i would like a cup of")
    prints: context "a cup of": tea 0.52, coffee 0.31, ...
    Returns the probabilities shown ({} and a short message when the prefix holds no words).
    """
    from helpers.neural_lm import PAD_WORD, next_word_probs

    if not word_tokens(prefix):
        print(NO_WORDS.format(prefix=prefix))
        return {}
    probs = next_word_probs(model, vocab, prefix, top=top)
    context = getattr(model, "context", 1)
    words = ([PAD_WORD] * context + vocab.restrict(word_tokens(prefix)))[-context:]
    print(
        f'context "{" ".join(words)}": '
        + ", ".join(f"{w} {p:.2f}" for w, p in list(probs.items())[:4])
    )
    plot_next_word_probs(probs, title=f'next word after "{prefix}"')
    plt.show()
    return probs


def neural_next_word_widget(model, vocab, prefix="i would like a cup of"):
    """Type a prefix; see the neural model's next-word bar chart update."""
    box = widgets.Text(
        value=prefix,
        description="prefix",
        continuous_update=False,
        layout=widgets.Layout(width="420px"),
    )
    return LiveWidget(
        "type a prefix; the network's next-word bars redraw.",
        lambda prefix: show_neural_next_words(model, vocab, prefix),
        prefix=box,
    )


_TOKEN_COLOURS = ["#cfe2ff", "#ffe5b4", "#d4f4dd", "#f8d7da", "#e2d9f3", "#fff3b0"]


def token_pieces(tokenizer, text):
    """The text as the tokenizer cuts it, one readable string per token.

    Example: token_pieces(bpe, "unhappy") -> ['un', 'happy']  (for a BPE that learned those merges)
    """
    return tokenizer.token_strings(tokenizer.encode(text))


def show_tokens(text, tokenizers):
    """Print each tokenizer's cut of `text` (pieces separated by |) and show it as coloured boxes.

    Example: show_tokens("Hello there!", {"chars": char_tok, "words": word_tok})
    prints: chars (12 tokens): H|e|l|l|o| |t|h|e|r|e|!
    Returns {name: pieces}.
    """
    import html

    from IPython.display import HTML, display

    if not text:
        print("type some text to see how each tokenizer cuts it")
        return {}
    shown, rows = {}, []
    for name, tok in tokenizers.items():
        try:
            pieces = token_pieces(tok, text)
        except (
            ValueError
        ) as error:  # e.g. a character tokenizer meeting an unseen character
            print(f"{name}: cannot encode: {error}")
            rows.append(
                f"<div><b>{html.escape(name)}</b>: cannot encode this text</div>"
            )
            continue
        shown[name] = pieces
        print(f"{name} ({len(pieces)} tokens): " + "|".join(pieces))
        spans = "".join(
            f'<span style="background:{_TOKEN_COLOURS[i % len(_TOKEN_COLOURS)]};padding:1px 0;'
            "white-space:pre;font-family:monospace;border-right:1px solid "
            f'#888">{html.escape(p)}</span>'
            for i, p in enumerate(pieces)
        )
        rows.append(
            f"<div style='margin:4px 0'><b>{html.escape(name)}</b> ({len(pieces)} "
            f"tokens)<br>{spans}</div>"
        )
    display(HTML("".join(rows)))
    return shown


def token_widget(
    tokenizers, text="The unbelievably grumpy baker's café opens at 7am 🍞"
):
    """Type text; see how each tokenizer cuts it, in coloured boxes."""
    box = widgets.Text(
        value=text,
        description="text",
        continuous_update=False,
        layout=widgets.Layout(width="600px"),
    )
    return LiveWidget(
        "type any text; see how each tokenizer cuts it.",
        lambda text: show_tokens(text, tokenizers),
        text=box,
    )


def show_attention(model, tokenizer, sentence, layer=0, head=0):
    """Draw where each token of `sentence` looks in one head of one layer of a trained GPT,
    and print, for every token, the earlier token it looks at most.

    Example: show_attention(model, tok, "the cat sat on the mat", layer=1, head=0)
    prints: layer 1, head 0: ' cat' -> 'the' 0.62, ...
    Returns the (T, T) attention map shown.
    """
    import torch

    from helpers.plots import plot_attention_map

    ids = tokenizer.encode(sentence)[-model.config.block_size :]
    if not ids:
        raise ValueError("the sentence is empty; type a few words")
    if not 0 <= layer < model.config.n_layer or not 0 <= head < model.config.n_head:
        raise ValueError(
            f"this model has layers 0..{model.config.n_layer - 1} and heads "
            f"0..{model.config.n_head - 1}, "
            f"got layer={layer}, head={head}"
        )
    with torch.no_grad():
        weights = model.attention_maps(torch.tensor([ids]))[layer][0, head]  # (T, T)
    pieces = tokenizer.token_strings(ids)
    strongest = weights.argmax(dim=-1).tolist()
    links = [
        f"{pieces[i]!r} -> {pieces[j]!r} {weights[i, j]:.2f}"
        for i, j in enumerate(strongest)
    ]
    print(f"layer {layer}, head {head}: " + ", ".join(links))
    plot_attention_map(weights, pieces, title=f"layer {layer}, head {head}")
    plt.show()
    return weights


def attention_widget(model, tokenizer, sentences):
    """Pick a sentence, a layer and a head; see that head's attention map."""
    controls = dict(
        sentence=widgets.Dropdown(
            options=list(sentences),
            description="sentence",
            layout=widgets.Layout(width="520px"),
        ),
        layer=widgets.IntSlider(
            value=0, min=0, max=model.config.n_layer - 1, description="layer"
        ),
        head=widgets.IntSlider(
            value=0, min=0, max=model.config.n_head - 1, description="head"
        ),
    )
    return LiveWidget(
        "pick a sentence, layer and head; see where each token looks.",
        lambda sentence, layer, head: show_attention(
            model, tokenizer, sentence, layer, head
        ),
        **controls,
    )


def generate_text(
    model, tokenizer, prompt, temperature=1.0, top_k=None, max_new_tokens=40, seed=0
):
    """Continue `prompt` with a GPT: sample `max_new_tokens` tokens; return the whole text.

    The same seed gives the same text. `top_k=1` is greedy; a low temperature sharpens the
    choice, a high one flattens it.
    Example: generate_text(model, tok, "The baker", temperature=0.8, top_k=20)
    """
    import torch

    if not prompt:
        raise ValueError(
            "the prompt is empty; type a few words to continue, e.g. 'The baker'"
        )
    ids = tokenizer.encode(prompt)
    generator = torch.Generator().manual_seed(seed)
    out = model.generate(
        ids,
        max_new_tokens=max_new_tokens,
        temperature=temperature,
        top_k=top_k,
        generator=generator,
    )
    return tokenizer.decode(out)


def generation_widget(model, tokenizer, prompt="The baker"):
    """Type a prompt; choose temperature, top-k and the seed; read the continuation."""
    vocab = model.config.vocab_size
    controls = dict(
        prompt=widgets.Text(
            value=prompt,
            description="prompt",
            continuous_update=False,
            layout=widgets.Layout(width="520px"),
        ),
        temperature=widgets.FloatSlider(
            value=1.0,
            min=0.1,
            max=2.0,
            step=0.1,
            description="temperature",
            style={"description_width": "initial"},
            continuous_update=False,
        ),
        top_k=widgets.IntSlider(
            value=0,
            min=0,
            max=min(vocab, 100),
            description="top-k (0 = all)",
            style={"description_width": "initial"},
            continuous_update=False,
        ),
        seed=widgets.IntSlider(
            value=0, min=0, max=20, description="seed", continuous_update=False
        ),
    )

    def show(prompt, temperature, top_k, seed):
        try:
            print(
                generate_text(
                    model, tokenizer, prompt, temperature, top_k or None, seed=seed
                )
            )
        except (
            ValueError
        ) as error:  # e.g. an empty prompt: say what to change instead of a traceback
            print(f"cannot generate: {error}")

    return LiveWidget(
        "type a prompt; set temperature, top-k, seed; read what follows.",
        show,
        **controls,
    )


def show_hosting_plan(params, dtype="bf16", gpu_mem_gb=80, users=1, context=4096):
    """Print a hosting plan (`helpers.cost.hosting_plan`) and draw the memory against
    the GPUs' capacity.

    Example: show_hosting_plan(70e9, "bf16", 80)
        prints "70.0 B parameters at bf16: 140.0 GB ... -> 2 GPU(s)"
    Returns the plan.
    """
    plan = hosting_plan(params, dtype, gpu_mem_gb, users, context)
    print(
        f"{params / 1e9:,.1f} B parameters at {dtype}: {plan['weights_gb']:,.1f} GB of weights "
        f"+ {plan['kv_cache_gb']:,.1f} GB of KV cache ({users} x {context:,} tokens) "
        f"-> {plan['gpus']} GPU(s) of {gpu_mem_gb} GB ({plan['gpus_weights_only']} for "
        "the weights alone)"
    )
    fig, ax = plt.subplots(figsize=(7, 1.8))
    ax.barh([0], [plan["weights_gb"]], color="tab:blue", label="weights")
    ax.barh(
        [0],
        [plan["kv_cache_gb"]],
        left=[plan["weights_gb"]],
        color="tab:orange",
        label="KV cache",
    )
    for g in range(1, plan["gpus"] + 1):
        ax.axvline(g * gpu_mem_gb, color="gray", linestyle="--", linewidth=1)
    ax.set_yticks([])
    ax.set_xlabel("GB (dashed lines: each GPU's memory)")
    ax.legend(loc="lower right")
    plt.show()
    return plan


def hosting_widget():
    """Sliders for parameters, dtype, GPU memory, users and context over `show_hosting_plan`."""
    controls = dict(
        params=widgets.FloatLogSlider(
            value=70e9, base=10, min=8, max=12, step=0.05, description="parameters"
        ),
        dtype=widgets.Dropdown(
            options=list(DTYPE_BYTES), value="bf16", description="weights"
        ),
        gpu_mem_gb=widgets.Dropdown(
            options=[16, 24, 40, 80, 141], value=80, description="GPU GB"
        ),
        users=widgets.IntSlider(value=1, min=1, max=64, description="users"),
        context=widgets.IntSlider(
            value=4096, min=256, max=32768, step=256, description="context"
        ),
    )
    return LiveWidget(
        "set size, precision, GPU, users, context; see the GPUs needed.",
        show_hosting_plan,
        **controls,
    )


def show_prompt_prediction(
    model, tokenizer, review, template="review-sentiment", calibrate=False
):
    """Prompt the model with `review` in a wording of `helpers.prompting.TEMPLATES`;
    print P(positive).

    calibrate=True divides by the wording's lean on content-free inputs (Zhao et al. 2021).
    Example:
        review = "The soup was cold, but the staff were lovely."
        show_prompt_prediction(model, tok, review, "cloze-overall")
    prints the prompt, then each answer word's share of all next tokens (' terrible'
    0.034, ' great' 0.269 with the shipped model) and the answer: P(positive) = 0.89:
    positive Returns P(positive).
    """
    from helpers.prompting import read_answers, template_of

    if not review.strip():
        raise ValueError(
            "the review is empty; type a sentence, e.g. 'The soup was cold.'"
        )
    wording = template_of(template)
    answers = read_answers(model, tokenizer, [review], wording, calibrate=calibrate)
    p_positive = float(answers.p_positive[0])
    raw = answers.scores.exp()[0].tolist()  # each answer's P(word)
    lean = ""
    if calibrate:
        lean = f"; content-free lean P(positive) = {float(answers.bias[1]):.2f}"
    print(repr(wording.prompt(review)))
    print(
        ", ".join(f"{w!r} {p:.3f}" for w, p in zip(wording.words, raw))
        + " of all next tokens"
        + lean
        + f" -> P(positive) = {p_positive:.2f}: {answers.labels[0]}"
    )
    plot_next_word_probs(
        {wording.words[0]: 1 - p_positive, wording.words[1]: p_positive},
        title=f"{template}{', calibrated' if calibrate else ''}: the two answers, renormalised",
    )
    plt.show()
    return p_positive


def prompt_widget(
    model, tokenizer, review="The soup was cold, but the staff were lovely."
):
    """Type a review; pick a wording and calibration; see P(positive) read off the next word."""
    from helpers.prompting import TEMPLATES

    controls = dict(
        review=widgets.Text(
            value=review,
            description="review",
            continuous_update=False,
            layout=widgets.Layout(width="620px"),
        ),
        template=widgets.Dropdown(
            options=list(TEMPLATES), value="review-sentiment", description="wording"
        ),
        calibrate=widgets.Checkbox(
            value=False, description="calibrate on content-free inputs"
        ),
    )

    def show(review, template, calibrate):
        try:
            show_prompt_prediction(model, tokenizer, review, template, calibrate)
        except (
            ValueError
        ) as error:  # e.g. an empty prompt: say what to change instead of a traceback
            print(f"cannot score this: {error}")

    return LiveWidget(
        "type a review, pick a wording; see P(positive) change.",
        show,
        **controls,
    )


def show_tuned_predictions(classifier, tagger, tokenizer, sentence):
    """Print a tuned sentiment classifier's label with P(positive), and the names an
    entity tagger finds.

    Words are split as in the entity data (words, names, punctuation).
    Example: show_tuned_predictions(clf, tagger, tok, "Marta Quill said the hotel was lovely.")
             prints "sentiment: positive (P(positive) = 0.97)" and "entities:  [Marta PERSON] ..."
    """
    from helpers.data import words_and_offsets
    from helpers.entity_tagging import predict_tags

    if not sentence.strip():
        print("type a sentence")
        return
    p_positive = float(classifier.scores([sentence]).softmax(-1)[0, 1])
    words = [w for w, _, _ in words_and_offsets(sentence)]
    tags = predict_tags(
        tagger,
        tokenizer,
        [{"text": sentence, "words": words, "tags": ["O"] * len(words)}],
    )[0]
    print(
        f"sentiment: {'positive' if p_positive > 0.5 else 'negative'} (P(positive) = "
        f"{p_positive:.2f})"
    )
    print(
        "entities:  "
        + " ".join(f"[{w} {t[2:]}]" if t != "O" else w for w, t in zip(words, tags))
    )


def tuned_predictions_widget(
    classifier,
    tagger,
    tokenizer,
    sentence="Marta Quill said the hotel in Ashby Cove was dirty and cramped.",
):
    """A text box over `show_tuned_predictions`: type a sentence, read its sentiment and
    its names."""
    box = widgets.Text(
        value=sentence,
        description="sentence",
        continuous_update=False,
        layout=widgets.Layout(width="620px"),
    )
    return LiveWidget(
        "type a sentence; read its sentiment and the names found.",
        lambda sentence: show_tuned_predictions(
            classifier, tagger, tokenizer, sentence
        ),
        sentence=box,
    )


def show_drawings(model, caption, judge, guidance=1.0, temperature=1.0, seed=0, n=10):
    """Draw `n` pictures for one caption (helpers.images.draw) and show them with the
    digit the judge reads in each. Returns the drawings (n, 64).

    Example: show_drawings(tuned, 33, judge)   # caption 33: digit 3 of a tuned model
    """
    from helpers.images import draw
    from helpers.plots import plot_pictures

    drawn = draw(model, [caption] * n, guidance, temperature, seed)  # (n, 64)
    read = judge.predict(drawn / 16)
    plot_pictures(drawn, n_cols=n, titles=[f"reads {d}" for d in read], size=0.9)
    plt.show()
    return drawn


def drawing_widget(models, judge):
    """A digit, guidance, temperature and seed over `show_drawings`; `models` maps a name
    to (model, caption of each digit 0..9)."""

    def show(model, digit, guidance, temperature, seed):
        chosen, captions = models[model]
        show_drawings(chosen, captions[digit], judge, guidance, temperature, seed)

    controls = dict(
        model=widgets.Dropdown(options=list(models), description="model"),
        digit=widgets.IntSlider(value=3, min=0, max=9, description="digit"),
        guidance=widgets.FloatSlider(
            value=1.0, min=0.0, max=5.0, step=0.5, description="guidance"
        ),
        temperature=widgets.FloatSlider(
            value=1.0, min=0.1, max=2.0, step=0.1, description="temperature"
        ),
        seed=widgets.IntSlider(value=0, min=0, max=20, description="seed"),
    )
    return LiveWidget(
        "pick a model and a digit; set guidance, temperature, seed; see ten drawings.",
        show,
        **controls,
    )


def show_molecule(smiles, predictor, tok):
    """Say whether RDKit reads `smiles`, draw it, and compare RDKit's QED with the
    prediction of `predictor` (helpers.molecules.PropertyModel). Returns the canonical
    SMILES, or None for a string that is not a molecule.

    Example: show_molecule("CCO", tuned, tok) prints "CCO: QED 0.41 by RDKit, ..."
    """
    from IPython.display import display

    from helpers import molecules

    found = molecules.canonical(smiles.strip())
    if found is None:
        print(f"{smiles!r} is not a molecule RDKit can read: check rings and brackets")
        return None
    if len(found) > molecules.MAX_LENGTH or any(c not in tok.stoi for c in found):
        print(f"{found}: RDKit reads it, but it is longer or stranger than the model's")
        return found
    truth = molecules.property_values([found], "qed")[0]
    guess = predictor.predict(molecules.smiles_rows([found], tok))[0]
    print(
        f"{found}: QED {truth:.2f} by RDKit, {guess:.2f} predicted by the tuned model"
    )
    display(molecules.draw_molecules([found], per_row=1))
    return found


def molecule_widget(predictor, tok, smiles="CC(=O)Oc1ccccc1C(=O)O"):
    """A SMILES text box over `show_molecule`."""
    box = widgets.Text(
        value=smiles,
        description="SMILES",
        continuous_update=False,
        layout=widgets.Layout(width="520px"),
    )
    return LiveWidget(
        "type a SMILES string; see whether it is a molecule, its picture and its QED.",
        lambda smiles: show_molecule(smiles, predictor, tok),
        smiles=box,
    )


def show_forecast(model, series, name, stretch):
    """Draw the forecaster's fan chart for series `name` at backtest origin `stretch`
    (1 = the oldest of helpers.forecasting.ORIGINS), beside seasonal naive and
    Holt-Winters, and print the three MASEs. Returns {forecaster: MASE}.

    Example: show_forecast(model, load_series(), "co2", 1)
    """
    from helpers import forecasting

    values, period = series[name]
    start = forecasting.origins(values)[stretch - 1]
    history, actual = values[:start], values[start : start + forecasting.HORIZON]
    quantiles = forecasting.forecast(model, history)
    others = {
        "seasonal naive": forecasting.seasonal_naive(history, period),
        "Holt-Winters": forecasting.holt_winters(history, period),
    }
    found = {"GPT": quantiles[0.5], **others}
    scores = {k: forecasting.mase(v, actual, history, period) for k, v in found.items()}
    print(", ".join(f"{k} MASE {v:.2f}" for k, v in scores.items()))
    plot_fan(history, quantiles, actual, others, title=forecasting.SERIES_NAMES[name])
    plt.show()
    return scores


def forecast_widget(model, series):
    """A series menu and a forecast-origin slider over `show_forecast`."""
    from helpers import forecasting

    menu = widgets.Dropdown(
        options=[(forecasting.SERIES_NAMES[k], k) for k in series], description="series"
    )
    slider = widgets.IntSlider(
        value=forecasting.ORIGINS, min=1, max=forecasting.ORIGINS, description="origin"
    )
    return LiveWidget(
        "pick a series and a forecast origin; see the GPT's fan of futures beside the "
        "baselines.",
        lambda name, stretch: show_forecast(model, series, name, stretch),
        name=menu,
        stretch=slider,
    )


def show_inspection(model, images, kinds, index):
    """Draw part `index` of an inspection set beside the model's surprise at each of
    its pixels, and print its defect score (helpers.inspection). Returns the score.

    Example: show_inspection(model, images, kinds, 300) prints "part 300 (scratch): ..."
    """
    from helpers import inspection

    surprisal = inspection.surprisal_map(model, images[index : index + 1])  # (1, 64)
    score = float(inspection.defect_score(surprisal)[0])
    print(f"part {index} ({kinds[index]}): defect score {score:.1f} nats")
    fig, (left, right) = plt.subplots(1, 2, figsize=(4.6, 2.3))
    left.imshow(images[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
    left.set_title("the part", fontsize=10)
    shown = right.imshow(surprisal.reshape(8, 8), cmap="Reds", vmin=0, vmax=8)
    right.set_title("surprise (nats)", fontsize=10)
    fig.colorbar(shown, ax=right, fraction=0.046)
    for ax in (left, right):
        ax.set_axis_off()
    plt.show()
    return score


def inspection_widget(model, images, kinds):
    """A slider over the parts of an inspection set, over `show_inspection`."""
    slider = widgets.IntSlider(
        value=len(images) // 2, min=0, max=len(images) - 1, description="part"
    )
    return LiveWidget(
        "move through the parts (the first half good, the second defective); see where "
        "the model is surprised.",
        lambda index: show_inspection(model, images, kinds, index),
        index=slider,
    )


def show_reply(bot, transcript, text):
    """Send `text` to an assistant (helpers.assistant.Assistant), add both lines to
    `transcript` and print the whole conversation. Returns the reply.

    Example: show_reply(bot, [], "Which bus goes to Oakdale?") prints
             "you:  Which bus goes to Oakdale?" and "desk: Bus 7 goes to Oakdale."
    """
    if not text.strip():
        print("(type a request and press Enter)")
        return None
    reply = bot.reply(text)
    transcript += [("you", text), ("desk", reply)]
    for who, line in transcript:
        print(f"{who + ':':<6}{line}")
    return reply


def assistant_widget(bot):
    """A text box that talks to `bot`: press Enter to send; the conversation so far
    stays above."""
    transcript = []
    box = widgets.Text(
        value="",
        description="you",
        continuous_update=False,
        layout=widgets.Layout(width="520px"),
    )
    return LiveWidget(
        "type a request and press Enter; the desk keeps what you said across turns.",
        lambda text: show_reply(bot, transcript, text),
        text=box,
    )


def show_playbook(writer, tok, text):
    """Write the playbook for one request with a tuned writer (helpers.automation), print
    it and say whether it parses and which module it uses. Returns the playbook text.

    Example: show_playbook(writer, tok, "Restart kalomi on the web servers") prints the
    YAML, then "parses: yes, module: service"
    """
    from helpers.automation import parse_play, write_playbooks

    if not text.strip():
        print("(type a request and press Enter)")
        return None
    unknown = sorted(set(text) - set(tok.chars))
    if unknown:
        print(
            f"the writer cannot read {''.join(unknown)!r}; use letters, digits, / . - _"
        )
        return None
    written = write_playbooks(writer, tok, [text])[0]
    parsed = parse_play(written)
    print(written)
    print(f"parses: yes, module: {parsed[0]}" if parsed else "parses: no")
    return written


def playbook_widget(writer, tok):
    """A text box: type a request, press Enter, read the playbook the writer wrote."""
    box = widgets.Text(
        value="",
        description="request",
        continuous_update=False,
        layout=widgets.Layout(width="560px"),
    )
    return LiveWidget(
        "type a request and press Enter; the tuned writer answers with a playbook.",
        lambda text: show_playbook(writer, tok, text),
        text=box,
    )


def show_completion(model, tok, prompt, temperature=0.0, seed=0):
    """Write the body of the function that `prompt` (a signature and docstring) starts,
    with the code model (helpers.code_completion), and print prompt and body: greedy at
    temperature 0, else drawn at that temperature. Returns the body.

    Example: show_completion(model, tok, "def area(w, h):\\n    'Return w * h.'\\n")
    prints the function with a body such as "    return w * h"
    """
    from helpers.code_completion import write_bodies

    if not prompt.strip():
        print("(type the start of a function: its def line and docstring)")
        return None
    if temperature < 0:
        raise ValueError(f"temperature must be 0 (greedy) or more, got {temperature}")
    prompt = prompt.rstrip() + "\n"
    body = write_bodies(model, tok, prompt, temperature=temperature or None, seed=seed)[
        0
    ]
    print(prompt + body)
    return body


def completion_widget(model, tok):
    """A text area for the start of a function and a temperature slider; the code
    model writes the body when the text or the slider changes."""
    start = 'def middle(items):\n    """Return the item in the middle of items."""\n'
    box = widgets.Textarea(
        value=start,
        description="code",
        continuous_update=False,
        layout=widgets.Layout(width="600px", height="110px"),
    )
    temperature = widgets.FloatSlider(
        value=0.0, min=0.0, max=1.5, step=0.1, description="temperature"
    )
    return LiveWidget(
        "write a def line and a docstring, then click outside the box; the code model "
        "writes the body (temperature 0: its most likely tokens; higher: draws).",
        lambda text, t: show_completion(model, tok, text, t),
        text=box,
        t=temperature,
    )


def show_search(search, question):
    """Ask `search` (a helpers.search.Search) one question; print the three pages it
    finds, best first, and the answer the reader copies from the first. Returns the
    answer. Example: show_search(search, "Who runs the choir in Jediham?") prints
    "1. Choir in Jediham. ..." ... "answer: Kiso Vaduna" """
    if not question.strip():
        print("(type a question about a town's activities and press Enter)")
        return None
    found = search.ask(question)
    for rank, page in enumerate(found["pages"], 1):
        print(f"{rank}. {search.texts[page]}")
    print(f"\nanswer: {found['answer']}")
    return found["answer"]


def search_widget(search, question="Who leads the singing group in Pevaby?"):
    """A text box: type a question, press Enter, read the pages found and the answer."""
    box = widgets.Text(
        value=question,
        description="question",
        continuous_update=False,
        layout=widgets.Layout(width="560px"),
    )
    return LiveWidget(
        "ask about an activity in one of the twelve towns and press Enter; the search "
        "shows the three pages it finds and the answer read from the first.",
        lambda text: show_search(search, text),
        text=box,
    )
