"""Confident wrong answers: how sure the foundation model is, against how often it is right
(lesson 10, part 5).

Handles: two quizzes in the corpus's "Question: ... Answer: ..." format, one whose answers
the pretraining text states and one whose answers it never states (`quiz`), checking that
claim against the text (`pretraining_sentences`, `sentences_stating`), multiple-choice
answers read off the model's own log-probabilities (`choice_probabilities`), the expected
calibration error and its reliability table (from helpers.reliability, imported here for
lesson 10), abstention: answer only above a confidence threshold chosen on other
questions (`choose_threshold`, `abstention_report`, `abstention_experiment`), and the
fuller experiment (`run_calibration`).
Leaves out: open-ended answers (the choice among four candidates is what makes "right" and
"confident" measurable), temperature scaling, and asking the model how sure it is in words.
"""

import functools
import random
import re
import time

import torch

from helpers.data.store import rounded
from helpers.padding import pad_rows
from helpers.reliability import N_BINS, expected_calibration_error, reliability_table
from helpers.trust.membership import bootstrap_interval, document_losses

PROMPT = "Question: {q} Answer:"  # the corpus's own Q&A format (lesson 06)
PROMPTS = (PROMPT, "Q: {q}\nA:", "{q}")  # the three ways the corpus's Q&A pages ask

# fmt: off
# (question, key word(s), the true answer, three wrong answers of the same kind).
# READ: lesson 06's 48 questions (the corpus's Q&A pages state each 4+ times) and 20 more
# whose answer the corpus states as a plain fact (datagen/facts.py). A test checks that a
# sentence of the pretraining text holds the key word and the answer together.
READ = [
    ("What is the capital of France?", "France", "Paris", "Rome", "Madrid", "Berlin"),
    ("What is the capital of Japan?", "Japan", "Tokyo", "Cairo", "Lima", "Ottawa"),
    ("What is the capital of Italy?", "Italy", "Rome", "Paris", "Nairobi", "Canberra"),
    ("What is the capital of Spain?", "Spain", "Madrid", "Berlin", "Tokyo", "Lima"),
    ("What is the capital of Germany?", "Germany", "Berlin", "Paris", "Cairo", "Ottawa"),
    ("What is the capital of Egypt?", "Egypt", "Cairo", "Nairobi", "Rome", "Madrid"),
    ("What is the capital of Canada?", "Canada", "Ottawa", "Canberra", "Berlin", "Tokyo"),
    ("What is the capital of Australia?", "Australia", "Canberra", "Ottawa", "Paris", "Cairo"),
    ("What is the capital of Kenya?", "Kenya", "Nairobi", "Cairo", "Lima", "Rome"),
    ("What is the capital of Peru?", "Peru", "Lima", "Madrid", "Nairobi", "Tokyo"),
    ("How many legs does a spider have?", "spider", "Eight", "Six", "Four", "Ten"),
    ("How many legs does an insect have?", "insect", "Six", "Eight", "Four", "Two"),
    ("How many days are there in a week?", "week", "Seven", "Five", "Ten", "Twelve"),
    ("How many minutes are there in an hour?", "minutes",
     "Sixty", "Twenty-four", "One hundred", "Thirty"),
    ("How many hours are there in a day?", "hours", "Twenty-four", "Twelve", "Sixty", "Ten"),
    ("How many sides does a triangle have?", "triangle", "Three", "Four", "Five", "Six"),
    ("How many strings does a violin have?", "violin", "Four", "Six", "Three", "Eight"),
    ("How many arms does an octopus have?", "octopus", "Eight", "Six", "Ten", "Four"),
    ("How many letters are there in the English alphabet?", "alphabet",
     "Twenty-six", "Twenty-four", "Thirty", "Twenty"),
    ("How many years are there in a century?", "century",
     "One hundred", "Ten", "One thousand", "Fifty"),
    ("What do bees make?", "bees", "Honey", "Milk", "Silk", "Wool"),
    ("What is cheese made from?", "cheese", "Milk", "Sand", "Wood", "Honey"),
    ("What is chocolate made from?", "chocolate", "Cocoa beans", "Sand", "Wood", "Grass"),
    ("What do cows eat?", "cows", "Grass", "Honey", "Sand", "Wood"),
    ("What do giant pandas eat?", "pandas",
     "Mostly bamboo", "Mostly grass", "Mostly fish", "Mostly honey"),
    ("Where do polar bears live?", "polar bears",
     "In the Arctic", "In Australia", "In the desert", "In Antarctica"),
    ("Which planet is called the red planet?", "red planet", "Mars", "Jupiter", "Mercury", "Earth"),
    ("Which is the largest planet in our solar system?", "largest planet",
     "Jupiter", "Mars", "Mercury", "Earth"),
    ("Which planet is closest to the Sun?", "closest to the Sun",
     "Mercury", "Mars", "Jupiter", "Earth"),
    ("Which is the largest ocean on Earth?", "largest ocean",
     "The Pacific", "The Arctic", "The Sahara", "The Earth"),
    ("Which is the coldest continent?", "coldest continent",
     "Antarctica", "Africa", "Australia", "The Arctic"),
    ("Which is the tallest land animal?", "tallest land animal",
     "The giraffe", "The elephant", "The cheetah", "The camel"),
    ("Which is the fastest land animal?", "fastest land animal",
     "The cheetah", "The giraffe", "The elephant", "The camel"),
    ("What is the largest animal that has ever lived?", "largest animal",
     "The blue whale", "The elephant", "The giraffe", "The camel"),
    ("At what temperature does water boil at sea level?", "boil",
     "100 degrees Celsius", "0 degrees Celsius", "50 degrees Celsius", "200 degrees Celsius"),
    ("At what temperature does water freeze?", "freeze",
     "0 degrees Celsius", "100 degrees Celsius", "10 degrees Celsius", "50 degrees Celsius"),
    ("What does a caterpillar turn into?", "caterpillar",
     "A butterfly or a moth", "A frog", "A bird", "A bee"),
    ("What do frogs start their lives as?", "frogs",
     "Tadpoles", "Caterpillars", "Kittens", "Puppies"),
    ("Is the Sun a star or a planet?", "the Sun", "A star", "A planet", "A moon", "A cloud"),
    ("Can penguins fly?", "penguins", "No", "Yes", "Only at night", "Only in summer"),
    ("Are whales fish?", "whales",
     "No, they are mammals", "Yes, they are fish", "No, they are birds", "Yes, they are sharks"),
    ("Which comes first, lightning or thunder?", "lightning",
     "We see the lightning first", "We hear the thunder first", "They come together", "It depends"),
    ("What does a magnet attract?", "magnet", "Iron", "Wood", "Glass", "Paper"),
    ("What is glass made from?", "glass",
     "Mostly sand", "Mostly wood", "Mostly milk", "Mostly iron"),
    ("Where does wool come from?", "wool", "From sheep", "From cows", "From bees", "From trees"),
    ("How many keys does a standard piano have?", "piano",
     "Eighty-eight", "Sixty-four", "One hundred", "Fifty-two"),
    ("How many bones does an adult human usually have?", "bones", "206", "106", "300", "26"),
    ("Does ice sink or float in water?", "ice",
     "It floats", "It sinks", "It dissolves", "It burns"),
    ("How many days does a leap year have?", "leap year", "366", "365", "364", "360"),
    ("Which is the highest mountain above sea level?", "highest mountain",
     "Mount Everest", "Mount Fuji", "Mount Kenya", "Mount Olympus"),
    ("How many sides does a square have?", "square", "Four", "Three", "Five", "Eight"),
    ("How many is a dozen?", "dozen", "Twelve", "Ten", "Six", "Twenty"),
    ("How many chambers does the human heart have?", "chambers", "Four", "Two", "Three", "Six"),
    ("How many teeth does a healthy adult have?", "teeth",
     "Thirty-two", "Twenty", "Forty", "Twenty-six"),
    ("How many continents do most maps show?", "continents", "Seven", "Five", "Six", "Nine"),
    ("Which animals are the largest land animals?", "largest land animals",
     "Elephants", "Giraffes", "Cheetahs", "Camels"),
    ("Where do kangaroos live in the wild?", "kangaroos",
     "In Australia", "In the Arctic", "In Antarctica", "In Africa"),
    ("What is most paper made from?", "paper", "Wood", "Sand", "Milk", "Wool"),
    ("What do spiders spin their webs from?", "webs", "Silk", "Wool", "Sand", "Honey"),
    ("What does the heart pump around the body?", "pumps", "Blood", "Water", "Air", "Milk"),
    ("Which animals can go for days without drinking?", "without drinking",
     "Camels", "Cheetahs", "Giraffes", "Elephants"),
    ("Where is the Sahara?", "Sahara",
     "In northern Africa", "In the Arctic", "In Australia", "In Antarctica"),
    ("When do most owls hunt?", "owls",
     "At night", "In the morning", "At noon", "In the afternoon"),
    ("What does iron do when it is left in damp air?", "damp air",
     "Rusts", "Melts", "Glows", "Floats"),
    ("Which mammals can fly?", "mammals that can fly", "Bats", "Penguins", "Whales", "Cows"),
    ("How often does the Earth go around the Sun?", "around the Sun",
     "Once a year", "Once a month", "Once a day", "Once a week"),
    ("How often does the Earth spin around?", "spins around",
     "Once a day", "Once a year", "Once a month", "Once a week"),
    ("What can sound not travel through?", "Sound cannot", "Empty space", "Water", "Air", "Wood"),
]

# NEVER_READ: questions written for this lesson whose answer the pretraining text never
# states: a test checks that no sentence holds the key word and the answer together (most
# key words, "Norway" or "hexagon", appear nowhere at all). The wrong answers are of the
# same kind, so a model that read nothing about them has only a guess.
NEVER_READ = [
    ("What is the capital of Norway?", "Norway", "Oslo", "Helsinki", "Vienna", "Lisbon"),
    ("What is the capital of Sweden?", "Sweden", "Stockholm", "Dublin", "Athens", "Warsaw"),
    ("What is the capital of Finland?", "Finland", "Helsinki", "Oslo", "Budapest", "Ankara"),
    ("What is the capital of Portugal?", "Portugal", "Lisbon", "Moscow", "Hanoi", "Stockholm"),
    ("What is the capital of Greece?", "Greece", "Athens", "Copenhagen", "Bangkok", "Seoul"),
    ("What is the capital of Poland?", "Poland", "Warsaw", "Vienna", "Havana", "Tehran"),
    ("What is the capital of Austria?", "Austria", "Vienna", "Beijing", "Manila", "Accra"),
    ("What is the capital of Ireland?", "Ireland", "Dublin", "Ankara", "Jakarta", "Oslo"),
    ("What is the capital of Chile?", "Chile", "Santiago", "Lisbon", "Budapest", "Kampala"),
    ("What is the capital of Argentina?", "Argentina",
     "Buenos Aires", "Havana", "Seoul", "Helsinki"),
    ("What is the capital of India?", "India", "New Delhi", "Kathmandu", "Tehran", "Rabat"),
    ("What is the capital of China?", "China", "Beijing", "Hanoi", "Dublin", "Athens"),
    ("What is the capital of Russia?", "Russia", "Moscow", "Warsaw", "Reykjavik", "Manila"),
    ("What is the capital of Turkey?", "Turkey", "Ankara", "Athens", "Accra", "Stockholm"),
    ("What is the capital of Thailand?", "Thailand", "Bangkok", "Jakarta", "Vienna", "Santiago"),
    ("What is the capital of Vietnam?", "Vietnam", "Hanoi", "Seoul", "Lisbon", "Kampala"),
    ("What is the capital of Cuba?", "Cuba", "Havana", "Santiago", "Moscow", "Copenhagen"),
    ("What is the capital of Denmark?", "Denmark", "Copenhagen", "Stockholm", "Rabat", "Beijing"),
    ("What is the capital of Hungary?", "Hungary", "Budapest", "Warsaw", "Bangkok", "Reykjavik"),
    ("What is the capital of Morocco?", "Morocco", "Rabat", "Tehran", "Oslo", "Buenos Aires"),
    ("What is the capital of Ghana?", "Ghana", "Accra", "Kampala", "Budapest", "New Delhi"),
    ("What is the capital of Iran?", "Iran", "Tehran", "Ankara", "Havana", "Dublin"),
    ("What is the capital of Indonesia?", "Indonesia", "Jakarta", "Manila", "Helsinki", "Moscow"),
    ("What is the capital of South Korea?", "Korea", "Seoul", "Beijing", "Rabat", "Vienna"),
    ("What is the capital of the Philippines?", "Philippines",
     "Manila", "Bangkok", "Accra", "Warsaw"),
    ("What is the capital of Iceland?", "Iceland", "Reykjavik", "Copenhagen", "New Delhi", "Hanoi"),
    ("What is the capital of Uganda?", "Uganda", "Kampala", "Accra", "Athens", "Jakarta"),
    ("What is the capital of Nepal?", "Nepal", "Kathmandu", "New Delhi", "Santiago", "Seoul"),
    ("How many legs does a horse have?", "horse+legs", "Four", "Two", "Six", "Eight"),
    ("How many wheels does a bicycle have?", "bicycle+wheel", "Two", "Three", "Four", "Six"),
    ("How many wheels does a tricycle have?", "tricycle", "Three", "Two", "Four", "Five"),
    ("How many players are there in a football team?", "football",
     "Eleven", "Nine", "Seven", "Fifteen"),
    ("How many sides does a hexagon have?", "hexagon", "Six", "Five", "Seven", "Eight"),
    ("How many sides does a pentagon have?", "pentagon", "Five", "Four", "Six", "Eight"),
    ("How many sides does an octagon have?", "octagon", "Eight", "Six", "Ten", "Twelve"),
    ("How many months are there in a year?", "months", "Twelve", "Ten", "Eleven", "Thirteen"),
    ("How many planets are there in our solar system?", "planets", "Eight", "Seven", "Nine", "Ten"),
    ("How many legs does a bird have?", "bird+legs", "Two", "Four", "Six", "Three"),
    ("How many wings does a bee have?", "wings", "Four", "Two", "Six", "Eight"),
    ("How many hearts does an octopus have?", "hearts", "Three", "One", "Two", "Four"),
    ("How many players does a basketball team have on the court?", "basketball",
     "Five", "Six", "Seven", "Eleven"),
    ("How many strings does a guitar usually have?", "guitar", "Six", "Four", "Five", "Eight"),
    ("How many legs does a crab have?", "crab", "Ten", "Eight", "Six", "Twelve"),
    ("How many weeks are there in a year?", "weeks", "Fifty-two", "Forty-eight", "Fifty", "Sixty"),
    ("How many colours are there in a rainbow?", "colours", "Seven", "Five", "Six", "Eight"),
    ("How many squares are there on a chessboard?", "chessboard",
     "Sixty-four", "Forty-nine", "One hundred", "Thirty-six"),
    ("How many humps does a dromedary have?", "dromedary", "One", "Two", "Three", "Four"),
    ("How many seconds are there in a minute?", "seconds",
     "Sixty", "Twenty-four", "One hundred", "Ten"),
    ("How many players are there in a volleyball team?", "volleyball",
     "Six", "Five", "Seven", "Nine"),
    ("How many arms does a starfish usually have?", "starfish", "Five", "Four", "Six", "Eight"),
    ("Which planet is famous for its bright rings?", "rings",
     "Saturn", "Venus", "Neptune", "Uranus"),
    ("Which planet is the hottest in our solar system?", "hottest",
     "Venus", "Saturn", "Neptune", "Uranus"),
    ("Which planet is farthest from the Sun?", "farthest", "Neptune", "Saturn", "Venus", "Uranus"),
    ("What language do people speak in Brazil?", "Brazil",
     "Portuguese", "Spanish", "French", "Italian"),
    ("What is the hardest natural material?", "hardest", "Diamond", "Gold", "Silver", "Copper"),
    ("Who wrote Romeo and Juliet?", "Juliet",
     "William Shakespeare", "Charles Dickens", "Jane Austen", "Mark Twain"),
    ("Who painted the Mona Lisa?", "Mona Lisa",
     "Leonardo da Vinci", "Pablo Picasso", "Vincent van Gogh", "Claude Monet"),
    ("What is the longest river in Africa?", "longest river",
     "The Nile", "The Congo", "The Niger", "The Zambezi"),
    ("What is a baby kangaroo called?", "baby kangaroo", "A joey", "A calf", "A kid", "A cub"),
    ("What is the main ingredient of guacamole?", "guacamole",
     "Avocado", "Tomato", "Potato", "Cucumber"),
    ("What is the currency of Japan?", "currency",
     "The yen", "The euro", "The dollar", "The pound"),
    ("Which ocean lies between Europe and North America?", "Europe",
     "The Atlantic", "The Indian", "The Southern", "The Arctic"),
    ("At what temperature does water boil in degrees Fahrenheit?", "Fahrenheit",
     "212 degrees", "100 degrees", "180 degrees", "32 degrees"),
    ("Which bird is a symbol of peace?", "peace", "The dove", "The eagle", "The crow", "The owl"),
    ("Which animal is called the king of the jungle?", "jungle",
     "The lion", "The tiger", "The elephant", "The bear"),
    ("Which organs do we breathe with?", "breathe",
     "The lungs", "The kidneys", "The liver", "The stomach"),
    ("What is the largest desert in Asia?", "Asia",
     "The Gobi", "The Kalahari", "The Atacama", "The Mojave"),
]
# fmt: on


def _parse(bank):
    """Rows of a question bank -> [{'question', 'key', 'answer', 'choices'}]."""
    items = []
    for question, key, *choices in bank:
        items.append(
            {"question": question, "key": key, "answer": choices[0], "choices": choices}
        )
    return items


def quiz(which):
    """The questions of one quiz: 'read' (the pretraining text states the answer) or
    'never_read' (it never does). Each item's `choices` hold the answer first, then three
    wrong answers of the same kind.

    Example: quiz("read")[0] -> {'question': 'What is the capital of France?',
             'key': 'France', 'answer': 'Paris', 'choices': ['Paris', 'Rome', 'Madrid', 'Berlin']}
    """
    banks = {"read": READ, "never_read": NEVER_READ}
    if which not in banks:
        raise ValueError(f"which must be 'read' or 'never_read', got {which!r}")
    return _parse(banks[which])


def text_sentences(text):
    """`text` lowercased, one sentence a line: cut after each '.' or '!' and at line
    breaks; a '?' does not cut, so "Question: ...? Answer: Paris." stays one sentence.

    Example: text_sentences("Hi. Is it? Yes!\\nNo.") -> 'hi.\\nis it? yes!\\nno.'
    """
    return "\n".join(
        s.strip() for s in re.split(r"(?<=[.!])\s+|\n", text.lower()) if s.strip()
    )


@functools.lru_cache(maxsize=1)
def pretraining_sentences():
    """The foundation model's whole pretraining text as `text_sentences` (read once).

    Example: pretraining_sentences().count("\\n") + 1 -> 128553   (sentences)
    """
    from helpers.data.store import read_text
    from helpers.pretrain import PRETRAIN_FILES

    return text_sentences("\n".join(read_text(name) for name in PRETRAIN_FILES))


def sentences_stating(sentences, key, answer):
    """How many sentences (from `text_sentences`) hold the `answer` as a whole word and
    every word of `key` ('bicycle+wheel' means both) as a lowercase substring (so "wheels"
    counts): whether a text states an answer. "ten" inside "potential" does not count.

    Example: sentences_stating('paris is the capital of france.', 'France', 'Paris') -> 1
    """
    needed = [word.lower() for word in key.split("+")]
    found = set()
    for hit in re.finditer(rf"\b{re.escape(answer.lower())}\b", sentences):
        # each place the answer occurs: read the sentence around it
        begin = sentences.rfind("\n", 0, hit.start()) + 1
        end = sentences.find("\n", hit.start())
        end = len(sentences) if end == -1 else end
        if all(word in sentences[begin:end] for word in needed):
            found.add(begin)
    return len(found)


@torch.no_grad()
def choice_probabilities(model, tok, items, prompt=PROMPT, batch_size=64):
    """P(each choice) per question: the model's log-probability of writing the choice and a
    full stop after the question in the corpus's format, renormalised over the choices.

    A choice of several tokens scores the sum of its tokens' log-probabilities, as
    `helpers.prompting.label_log_probs` scores answer words; here every question brings
    its own choices, so all (question, choice) rows go through the model in batches.
    Returns (N, n_choices), the true answer in column 0.
    Example: choice_probabilities(model, tok, quiz("read")[:1]) -> tensor([[0.96, 0.02, ...]])
    """
    rows, spans = [], []  # one row per (question, choice); spans: where the choice sits
    for item in items:
        asked = tok.encode(prompt.format(q=item["question"]))
        for choice in item["choices"]:
            answer = tok.encode(f" {choice}.")
            rows.append(asked + answer)
            spans.append((len(asked), len(asked) + len(answer)))
    scores = torch.empty(len(rows))  # (N * n_choices,)
    model.eval()
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        logp = torch.log_softmax(model(pad_rows(chunk))[0], dim=-1)  # (b, T, V)
        for i, row in enumerate(chunk):
            a, b = spans[start + i]
            at = torch.arange(a - 1, b - 1)  # logits at t predict token t + 1
            scores[start + i] = logp[i, at, torch.tensor(row[a:b])].sum()
    n_choices = len(items[0]["choices"])
    return scores.view(len(items), n_choices).softmax(-1)  # (N, n_choices)


def confidence_and_correct(probabilities, truth=0):
    """Confidence (the top probability) and whether the top choice is the truth, per row.

    Example: confidence_and_correct(torch.tensor([[0.7, 0.3], [0.2, 0.8]]))
             -> (tensor([0.7, 0.8]), tensor([True, False]))
    """
    top, choice = probabilities.max(-1)  # (N,), (N,)
    return top, choice == truth


def abstention_report(score, correct, threshold):
    """What answering only when `score` >= `threshold` does (the score can be the confidence,
    or any number that is higher when an answer is likelier right): the share answered
    (coverage), the accuracy of those answers, and the wrong answers avoided and the right
    ones lost, against answering everything.

    Example: abstention_report([0.9, 0.8, 0.4, 0.3], [1, 1, 0, 1], 0.5)
             -> {'threshold': 0.5, 'answered': 2, 'coverage': 0.5, 'accuracy': 1.0,
                 'wrong_avoided': 1, 'right_lost': 1, 'accuracy_all': 0.75}
    """
    score = torch.as_tensor(score, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.bool)
    answered = score >= threshold
    n_answered = int(answered.sum())
    return {
        "threshold": float(threshold),
        "answered": n_answered,
        "coverage": n_answered / len(correct),
        "accuracy": float(correct[answered].double().mean()) if n_answered else None,
        "wrong_avoided": int((~correct & ~answered).sum()),
        "right_lost": int((correct & ~answered).sum()),
        "accuracy_all": float(correct.double().mean()),
    }


def choose_threshold(score, correct, wrong_cost=1.0):
    """The threshold on `score` that does best when a right answer earns 1, a wrong one
    costs `wrong_cost` and declining to answer scores 0; the lowest such threshold on ties.

    The candidates are the scores themselves; the lowest answers everything.
    Example: choose_threshold([0.9, 0.8, 0.4, 0.3], [1, 1, 0, 0]) -> 0.8
             (answer all: 2 - 2 = 0; from 0.4: 2 - 1 = 1; from 0.8: 2 - 0 = 2)
    """
    score = torch.as_tensor(score, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.bool)
    best, best_gain = None, None
    for threshold in sorted(set(score.tolist())):
        answered = score >= threshold
        right, wrong = (correct & answered).sum(), (~correct & answered).sum()
        gain = float(right) - wrong_cost * float(wrong)
        if best_gain is None or gain > best_gain:
            best, best_gain = threshold, gain
    return best


def halves(group_sizes, seed=0):
    """Indices of consecutive groups of the given sizes, each group shuffled with `seed` and
    cut in two, so both halves hold half of every group: (tuning half, test half).

    Example: halves([4, 2], seed=0) -> ([0, 2, 4], [1, 3, 5])
    """
    rng = random.Random(seed)
    tune, test, offset = [], [], 0
    for size in group_sizes:
        order = list(range(offset, offset + size))
        rng.shuffle(order)
        tune += order[: size // 2]
        test += order[size // 2 :]
        offset += size
    return sorted(tune), sorted(test)


def calibration_summary(confidence, correct, n_bins=N_BINS):
    """Accuracy, mean confidence and expected calibration error of a set of answers, each
    with a 95% bootstrap interval over the questions.

    Example: calibration_summary(conf, correct)["accuracy"] -> 0.24
    """
    confidence = torch.as_tensor(confidence, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.float64)
    rows = torch.stack([confidence, correct], 1)  # (N, 2): resampled together
    measures = {
        "accuracy": lambda r: float(r[:, 1].mean()),
        "confidence": lambda r: float(r[:, 0].mean()),
        "ece": lambda r: expected_calibration_error(r[:, 0], r[:, 1], n_bins),
    }
    out = {"questions": len(rows)}
    for name, measure in measures.items():
        out[name] = measure(rows)
        out[f"{name}_interval"] = bootstrap_interval(measure, rows)
    return out


def abstention_experiment(score, correct, group_sizes, seed=0, wrong_cost=1.0):
    """Choose the threshold on `score` on one half of the questions (`halves`), then measure
    answering only at or above it on the other half (`abstention_report`).

    Example: abstention_experiment(confidence, correct, [68, 67])["test"]["coverage"] -> 0.75
    """
    score = torch.as_tensor(score, dtype=torch.float64)
    correct = torch.as_tensor(correct, dtype=torch.bool)
    tune, test = halves(group_sizes, seed)
    threshold = choose_threshold(score[tune], correct[tune], wrong_cost)
    return {
        "seed": seed,
        "tune": abstention_report(score[tune], correct[tune], threshold),
        "test": abstention_report(score[test], correct[test], threshold),
    }


def question_losses(model, tok, items, prompt=PROMPT):
    """How surprised the model is by each question as asked (mean nats per token): high for
    a question about things its text never names. `membership.document_losses` of the
    prompts. Example: question_losses(model, tok, quiz("never_read")[:1]) -> tensor([3.9])
    """
    return document_losses(
        model, tok, [prompt.format(q=item["question"]) for item in items]
    )


def _over_splits(score, correct, group_sizes, n_splits):
    """Abstention on `n_splits` halvings: the first in full, then each test-half measure's
    mean, min and max (accuracy over the splits that answered anything)."""
    splits = [
        abstention_experiment(score, correct, group_sizes, seed)
        for seed in range(n_splits)
    ]
    spread = {}
    for key in ("threshold", "coverage", "accuracy", "wrong_avoided", "right_lost"):
        values = [s["test"][key] for s in splits if s["test"][key] is not None]
        spread[key] = {
            "mean": sum(values) / len(values),
            "min": min(values),
            "max": max(values),
        }
    return {"seed0": splits[0], f"over_{n_splits}_splits": spread}


def _one_format(model, tok, sets, prompt, n_splits):
    """run_calibration's measures for one way of asking."""
    from helpers import data

    t0 = time.perf_counter()
    answers = {
        which: confidence_and_correct(choice_probabilities(model, tok, items, prompt))
        for which, items in sets.items()
    }
    asked = set(data.questions())
    as_qa = torch.tensor([(i["question"], i["answer"]) in asked for i in sets["read"]])
    confidence = torch.cat([answers["read"][0], answers["never_read"][0]])  # (N,)
    correct = torch.cat([answers["read"][1], answers["never_read"][1]])  # (N,)
    familiarity = -question_losses(
        model, tok, sets["read"] + sets["never_read"], prompt
    )
    sizes = [len(sets["read"]), len(sets["never_read"])]
    out = {which: calibration_summary(*answers[which]) for which in sets}
    for name, keep in (("read_as_qa", as_qa), ("read_as_statement", ~as_qa)):
        if bool(keep.any()):
            out[name] = calibration_summary(
                answers["read"][0][keep], answers["read"][1][keep]
            )
    return {
        **out,
        "both": calibration_summary(confidence, correct),
        "reliability": reliability_table(confidence, correct),
        "abstain_on_confidence": _over_splits(confidence, correct, sizes, n_splits),
        "abstain_on_question_loss": _over_splits(familiarity, correct, sizes, n_splits),
        "question_loss": {
            which: float(-part.mean())
            for which, part in zip(sets, familiarity.split(sizes))
        },
        "seconds": time.perf_counter() - t0,
    }


def run_calibration(quick=False):
    """The foundation model on both quizzes, in the corpus's three ways of asking: accuracy,
    confidence and ECE with intervals, the reliability table, and abstention (on confidence,
    and on how surprising the question is) with the threshold chosen on one half, over 20
    halvings.

    Example: run_calibration()["formats"][PROMPT]["never_read"]["accuracy"] -> 0.24
    """
    from helpers.pretrain import load_foundation

    clock = time.perf_counter()
    model, tok, _ = load_foundation()
    sets = {which: quiz(which) for which in ("read", "never_read")}
    if quick:
        sets = {which: items[:6] for which, items in sets.items()}
    sentences = pretraining_sentences()
    results = {
        "settings": {"quick": quick, "choices": 4, "bins": N_BINS},
        "stated": {
            which: [sentences_stating(sentences, i["key"], i["answer"]) for i in items]
            for which, items in sets.items()
        },
        "formats": {
            prompt: _one_format(model, tok, sets, prompt, n_splits=3 if quick else 20)
            for prompt in (PROMPTS[:1] if quick else PROMPTS)
        },
    }
    results["seconds"] = time.perf_counter() - clock
    return rounded(results)
