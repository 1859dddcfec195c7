"""Search that answers, on the foundation model (lesson 13d).

Handles: the notice board of twelve small towns (`pages`: 40 activities in each, 480 pages,
every fact on them invented, so no model can know them by heart) and questions about them
asked in other words than the pages use (`questions`); BM25 keyword search (`BM25`);
embeddings tuned from the foundation model on question-page pairs with in-batch negatives
(`tune_encoder`); the two fused by reciprocal rank (`fuse_ranks`); and a reader tuned to
copy the answer's words out of a page (`tune_reader`, `read`). `measure` writes the study
data/results/search.json ships; `tune` the models data/search ships.
Leaves out: pages longer than a short notice, questions no page answers, answers that are
not a span of the page, and documents that change after they were indexed.

Example:
    >>> index = BM25([page["text"] for page in pages()])
    >>> ranked = index.ranks(["Who leads the clay workshop in Kalodan?"])  # (1, 480)
"""

import copy
import json
import random
import re
import string
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F

from helpers.gpt import GPTForTokenClassification
from helpers.padding import pad_rows
from helpers.pretrain import load_foundation

# ------------------------------------------------------------------ the notice board

TOPICS = {  # what a page calls the activity -> how people ask for it: two ways of
    # asking that tuning sees, then one that only the "new wording" test uses
    "pottery class": ("clay workshop", "lessons in making bowls", "wheel and kiln hour"),
    "chess club": ("kings and bishops evening", "strategy board game group",
                   "checkmate practice"),
    "choir": ("singing group", "voices in harmony", "evening of songs together"),
    "swimming lessons": ("pool sessions for beginners", "classes on staying afloat",
                         "front crawl coaching"),
    "first aid course": ("training to help the injured", "bandage and rescue workshop",
                         "emergency care tuition"),
    "book club": ("reading circle", "novel discussion evening",
                  "group that talks about stories"),
    "yoga class": ("stretching and breathing session", "mat exercise group",
                   "calm movement hour"),
    "knitting circle": ("wool and needles group", "scarf making evening",
                        "yarn craft meeting"),
    "running club": ("jogging group", "evening for joggers", "five kilometre training"),
    "gardening group": ("allotment helpers", "growing vegetables together",
                        "plant and weed volunteers"),
    "painting class": ("watercolour lessons", "art with brushes and easels",
                       "canvas workshop"),
    "cooking class": ("kitchen skills lessons", "recipes workshop",
                      "how to make dinner course"),
    "dance class": ("ballroom evening", "waltz and tango lessons",
                    "steps on the floor session"),
    "photography club": ("camera group", "picture taking walks",
                         "lens and shutter evening"),
    "language cafe": ("conversation practice in French", "chat in other tongues",
                      "foreign words morning"),
    "toddler playgroup": ("morning for little ones", "fun for babies and parents",
                          "under fives session"),
    "repair cafe": ("fix it morning", "mending broken toasters",
                    "bring your broken things day"),
    "bird watching walk": ("outing with binoculars", "spotting feathered visitors",
                           "wildlife ramble"),
    "drama group": ("acting troupe", "theatre rehearsals", "stage players"),
    "cycling club": ("bike rides group", "pedal tours", "road riders"),
    "football training": ("soccer practice", "kicking drills on the pitch",
                          "goals and passing session"),
    "tennis coaching": ("racket lessons", "court practice", "serve and volley drills"),
    "woodwork class": ("carpentry lessons", "joinery workshop", "saws and chisels course"),
    "sewing class": ("dressmaking lessons", "stitching workshop",
                     "needle and thread course"),
    "computer help desk": ("laptop advice", "support with phones and tablets",
                           "internet questions drop in"),
    "quiz night": ("trivia evening", "general knowledge contest", "pub questions game"),
    "film club": ("movie screenings", "cinema evening", "watching pictures together"),
    "history society": ("talks about the past", "old times lectures",
                        "local heritage meetings"),
    "astronomy club": ("stargazing group", "telescope nights", "looking at planets"),
    "litter pick": ("rubbish collecting walk", "street clean up", "tidying the beach"),
    "blood donation session": ("giving blood", "donor clinic", "chance to give a pint"),
    "guitar lessons": ("strumming classes", "six string tuition", "learning chords"),
    "piano lessons": ("keyboard tuition", "playing the ivories", "music on the upright"),
    "weight loss group": ("slimming support", "diet meetings", "healthy eating circle"),
    "craft fair": ("handmade goods market", "stalls of homemade gifts", "makers market"),
    "bridge club": ("card game afternoon", "contract bidding evening",
                    "tricks and trumps table"),
    "martial arts class": ("karate training", "self defence lessons",
                           "judo and kicks session"),
    "walking group": ("rambling society", "hikes in the hills",
                      "strolls in the countryside"),
    "job club": ("help finding work", "careers advice session",
                 "interview and CV support"),
    "coding club": ("programming for children", "computer science for kids",
                    "writing software together"),
}  # fmt: skip
PLACES = (
    "old mill", "town hall", "harbour hall", "library", "fire station", "church hall",
    "sports centre", "school hall", "community centre", "market hall", "boat house",
    "youth club", "bowling green", "museum", "scout hut", "park pavilion", "corn exchange",
    "railway arches", "leisure centre", "village institute",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FEES = tuple(
    f"{n} pound{'s' if n != 'one' else ''}"
    for n in "one two three four five six seven eight nine ten".split()
)
FACTS = ("day", "place", "leader", "contact", "fee")
PAGE_FRAMES = (  # three ways a notice is written, so position gives no answer away
    "{Town} {topic}. The {topic} in {Town} meets every {day} at the {place}. It is led "
    "by {leader}. To join, speak to {contact}. It costs {fee} a week.",
    "{Topic} in {Town}. Every {day}, {leader} runs the {topic} at the {place}. New "
    "members should ask {contact}. The fee is {fee} a week.",
    "Notice from {Town}: the {topic}. Led by {leader}, the {topic} meets at the {place} "
    "on {day}. It costs {fee}. If you want to join, talk to {contact}.",
)
QUESTION_FRAMES = {  # fact -> {split: frames}; {q} is a way of asking for the topic
    "day": {
        "train": ["On which day is the {q} in {town}?",
                  "When does the {q} in {town} meet?", "What day is the {q} in {town} on?",
                  "Tell me the day of the {q} in {town}.",
                  "Which day do they hold the {q} in {town}?"],
        "valid": ["Which day of the week does the {q} in {town} happen?"],
        "test": ["I want to try the {q} in {town}. What day should I keep free?"],
    },
    "place": {
        "train": ["Where is the {q} in {town}?", "Where does the {q} in {town} meet?",
                  "In which building is the {q} in {town}?",
                  "Tell me where the {q} in {town} happens.",
                  "Where do I find the {q} in {town}?"],
        "valid": ["Where should I go for the {q} in {town}?"],
        "test": ["What is the venue for the {q} in {town}?"],
    },
    "leader": {
        "train": ["Who leads the {q} in {town}?", "Who runs the {q} in {town}?",
                  "Who is in charge of the {q} in {town}?",
                  "Tell me who leads the {q} in {town}.",
                  "Which person runs the {q} in {town}?"],
        "valid": ["Who teaches the {q} in {town}?"],
        "test": ["Who is the teacher at the {q} in {town}?"],
    },
    "contact": {
        "train": ["Who do I ask to join the {q} in {town}?",
                  "Who should I speak to about joining the {q} in {town}?",
                  "Who takes new members for the {q} in {town}?",
                  "Tell me who to ask about joining the {q} in {town}.",
                  "I want to join the {q} in {town}; who do I ask?"],
        "valid": ["Whom do I contact to sign up for the {q} in {town}?"],
        "test": ["I would like to join the {q} in {town}. Who do I talk to?"],
    },
    "fee": {
        "train": ["How much is the {q} in {town}?", "What does the {q} in {town} cost?",
                  "What is the price of the {q} in {town}?",
                  "Tell me what the {q} in {town} costs.",
                  "How much money is the {q} in {town}?"],
        "valid": ["How much do I pay for the {q} in {town}?"],
        "test": ["Is the {q} in {town} expensive? What is the charge?"],
    },
}  # fmt: skip
SYLLABLES = "ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo za".split()
TOWN_ENDINGS = ("ton", "by", "ford", "mouth", "wick", "ham")
TOWN_SPLITS = {"train": range(0, 8), "valid": range(8, 10), "test": range(10, 12)}
WORDINGS = ("tuning", "new")  # ask for the topic as tuning does, or in its held-out way


def towns():
    """The twelve towns, built from syllables: eight for tuning, two for validation, two
    for the test. Example: towns()[:2] -> ['Rinaby', 'Hariwick']"""
    rng = random.Random(41)
    names = []
    while len(names) < 12:
        name = "".join(rng.sample(SYLLABLES, 2)).capitalize() + rng.choice(TOWN_ENDINGS)
        if name not in names:
            names.append(name)
    return names


def _person(rng):
    """A first name and a surname built from syllables ("Kiso Vaduna")."""
    first = "".join(rng.sample(SYLLABLES, 2)).capitalize()
    return f"{first} {''.join(rng.sample(SYLLABLES, 3)).capitalize()}"


def pages():
    """The notice board: 480 pages, one per town and topic, in a fixed order.
    Each is {"id", "town", "topic", "text", and its facts "day", "place", "leader",
    "contact", "fee"}; every fact is a span of the text.
    Example: pages()[0]["text"] -> 'Rinaby pottery class. The pottery class in ...'"""
    rng, out = random.Random(7), []
    for town in towns():
        for topic in TOPICS:
            leader, contact = _person(rng), _person(rng)
            facts = {
                "day": rng.choice(DAYS),
                "place": rng.choice(PLACES),
                "leader": leader,
                "contact": contact,
                "fee": rng.choice(FEES),
            }
            frame = rng.choice(PAGE_FRAMES)
            text = frame.format(
                Town=town, topic=topic, Topic=topic.capitalize(), **facts
            )
            out.append({"id": len(out), "town": town, "topic": topic, "text": text}
                       | facts)  # fmt: skip
    return out


def questions(split, wording="tuning"):
    """Questions about the pages of a split's towns, each {"text", "page" (its id),
    "fact", "answer"}. "train": every training frame and both tuning ways of asking
    (16,000); "valid" and "test": one question per page and fact (400), in frames tuning
    never sees; wording="new" asks for the topic in the third, held-out way.
    Example: questions("test")[0]["text"]
             -> 'I want to try the clay workshop in Jediham. What day should I keep free?'
    """
    if split not in TOWN_SPLITS:
        raise ValueError(f"split must be one of {list(TOWN_SPLITS)}, got {split!r}")
    if wording not in WORDINGS:
        raise ValueError(f"wording must be one of {WORDINGS}, got {wording!r}")
    if split == "train" and wording == "new":
        raise ValueError(
            "the new wording is held out: it exists for 'valid' and 'test'"
        )
    chosen = set(towns()[i] for i in TOWN_SPLITS[split])
    out = []
    for page in pages():
        if page["town"] not in chosen:
            continue
        asks = TOPICS[page["topic"]]
        for f, fact in enumerate(FACTS):
            if split == "train":
                ways = [(frame, q) for frame in QUESTION_FRAMES[fact]["train"]
                        for q in asks[:2]]  # fmt: skip
            else:
                q = asks[2] if wording == "new" else asks[(page["id"] + f) % 2]
                ways = [(QUESTION_FRAMES[fact][split][0], q)]
            for frame, q in ways:
                text = frame.format(q=q, town=page["town"])
                out.append({"text": text, "page": page["id"], "fact": fact,
                            "answer": page[fact]})  # fmt: skip
    return out


def wild_questions():
    """data/search_questions/wild.json: questions about the test towns' pages written by
    hand, in words of their own (see its README). Example: wild_questions()[0]["answer"]"""
    from helpers.data.store import read_text

    return json.loads(read_text("search_questions/wild.json"))


# ------------------------------------------------------------------ keywords: BM25


def words(text):
    """Lower-case words, the only thing keyword search sees.
    Example: words("Who runs the Choir?") -> ['who', 'runs', 'the', 'choir']"""
    return re.findall(r"[a-z0-9]+", text.lower())


def word_overlap(question, page):
    """Share of a question's distinct words that its page also holds.
    Example: word_overlap("Who runs the choir?", "The choir meets.") -> 0.5"""
    asked = set(words(question))
    return len(asked & set(words(page))) / max(len(asked), 1)


def idf(pages, pages_with_word):
    """BM25's inverse document frequency: high for a word on few pages, small but never
    negative for a word on all of them (the 1 + inside the log, as Lucene has it).
    Works on numbers and on arrays of counts. Example: idf(480, 1) -> 5.77..."""
    return np.log(1 + (pages - pages_with_word + 0.5) / (pages_with_word + 0.5))


class BM25:
    """Okapi BM25 keyword scores (Robertson & Zaragoza 2009), written out in numpy.

    A page scores, for each query word it holds, the word's rarity (idf) times a count
    that saturates (k1) and is discounted in long pages (b).
    Example:
        >>> index = BM25(["the choir sings", "the chess club"])
        >>> index.scores(["choir"])   # (1, 2): only the first page has the word
    """

    def __init__(self, documents, k1=1.2, b=0.75):
        self.vocab, self.k1, self.b = {}, k1, b
        counts = [Counter(words(d)) for d in documents]
        for c in counts:
            for w in c:
                self.vocab.setdefault(w, len(self.vocab))
        tf = np.zeros((len(documents), len(self.vocab)))  # (N, V) word counts
        for i, c in enumerate(counts):
            for w, n in c.items():
                tf[i, self.vocab[w]] = n
        length = tf.sum(1, keepdims=True)  # (N, 1)
        df = (tf > 0).sum(0)  # (V,) pages holding each word
        self.idf = idf(len(documents), df)  # (V,)
        norm = k1 * (1 - b + b * length / length.mean())  # (N, 1)
        self.weights = tf * (k1 + 1) / (tf + norm) * self.idf  # (N, V)

    def scores(self, queries):
        """Queries -> (Q, N) scores; a word no page holds adds nothing."""
        q = np.zeros((len(queries), len(self.vocab)))  # (Q, V)
        for i, text in enumerate(queries):
            for w in words(text):
                if w in self.vocab:
                    q[i, self.vocab[w]] += 1
        return q @ self.weights.T  # (Q, N)

    def ranks(self, queries):
        """(Q, N) page ids, best first."""
        return best_first(self.scores(queries))


def best_first(scores):
    """(Q, N) scores -> (Q, N) page ids, best first (ties to the lower id).
    Example: best_first(np.array([[0.1, 0.9, 0.5]])) -> array([[1, 2, 0]])"""
    return np.argsort(-np.asarray(scores), axis=1, kind="stable")


def gold_ranks(ranked, gold):
    """1-based rank of each question's gold page. Example: gold_ranks([[4, 2]], [2]) -> [2]"""
    ranked = np.asarray(ranked)
    return [int(np.nonzero(row == g)[0][0]) + 1 for row, g in zip(ranked, gold)]


def recall_at(ranks, k):
    """Share of questions whose page is among the first k. Example: recall_at([1, 3], 1) -> 0.5"""
    return sum(r <= k for r in ranks) / len(ranks)


def mean_reciprocal_rank(ranks):
    """Mean of 1 / rank. Example: mean_reciprocal_rank([1, 4]) -> 0.625"""
    return sum(1 / r for r in ranks) / len(ranks)


def fuse_ranks(*rankings, k=60):
    """Reciprocal rank fusion (Cormack, Clarke & Buettcher 2009): each page scores
    sum 1 / (k + rank) over the rankings; returns (Q, N) page ids, best first.
    Example: fuse_ranks([[0, 1, 2]], [[2, 0, 1]]) -> array([[0, 2, 1]])"""
    rankings = [np.asarray(r) for r in rankings]
    q, n = rankings[0].shape
    score = np.zeros((q, n))
    rows = np.arange(q)[:, None]
    for r in rankings:
        score[rows, r] += 1 / (k + np.arange(1, n + 1))  # (Q, N)
    return best_first(score)


# ------------------------------------------------------------------ tuned embeddings

ASK, SHOW = "Question: ", "Page: "  # what the encoder reads before a question, a page
# Chosen on the validation towns' questions, one seed, few tries: the encoder at 400 steps
# and lr 1e-3 found the page first for 0.46 fused (0.16 at 150 steps and 3e-4); the reader
# at 300 steps and 3e-4 copied 0.48 of the answers from the right page (0.32 at 400 steps
# and 1e-3), 0.54 once each fact had five training frames instead of three. The number of
# tuned blocks was not varied.
RECIPE = {
    "tuned_blocks": 2,  # the top blocks tuned; the ones below stay as pretrained
    "encoder": {"steps": 400, "batch_size": 32, "lr": 1e-3, "temperature": 0.05},
    "reader": {"steps": 300, "batch_size": 16, "lr": 3e-4},
}


def freeze_below(body, tuned_blocks):
    """Freeze all of a GPT but its top `tuned_blocks` blocks and final LayerNorm; gradients
    then stop there, so tuning costs a little more than a forward pass.
    Example: freeze_below(body, 2) -> the names of the tuned tensors"""
    n = body.config.n_layer
    tuned = tuple(f"transformer.h.{i}." for i in range(n - tuned_blocks, n))
    tuned += ("transformer.ln_f.",)
    names = []
    for name, p in body.named_parameters():
        p.requires_grad_(name.startswith(tuned))
        if p.requires_grad:
            names.append(name)
    return names


class Encoder(torch.nn.Module):
    """Texts -> unit vectors: the mean of a GPT's final vectors over a text's tokens.
    Questions and pages go through the same body, after ASK or SHOW.
    Example: encoder = Encoder(body, tok); encoder.embed(["Page: ..."]).shape -> (1, 256)"""

    def __init__(self, body, tok):
        super().__init__()
        self.body, self.tok = body, tok

    def forward(self, ids):
        """ids (B, T), right-padded with -1 -> (B, C) unit vectors."""
        keep = (ids >= 0).float()  # (B, T)
        h = self.body.hidden_states(ids.clamp(min=0))  # (B, T, C)
        mean = (h * keep.unsqueeze(-1)).sum(1) / keep.sum(1, keepdim=True)  # (B, C)
        return F.normalize(mean, dim=-1)

    def rows(self, texts):
        return pad_rows([self.tok.encode(t) for t in texts], fill=-1)

    @torch.no_grad()
    def embed(self, texts, batch_size=64):
        """Texts -> (N, C) float32 unit vectors, in batches."""
        self.eval()
        out = [self(self.rows(texts[i : i + batch_size]))
               for i in range(0, len(texts), batch_size)]  # fmt: skip
        return torch.cat(out)

    def ranks(self, question_texts, page_texts):
        """(Q, N) page ids, best first, by cosine similarity."""
        q = self.embed([ASK + t for t in question_texts])  # (Q, C)
        p = self.embed([SHOW + t for t in page_texts])  # (N, C)
        return best_first((q @ p.T).numpy())


def contrastive_loss(q, p, page_ids, temperature):
    """In-batch negatives (Karpukhin et al. 2020): question i (B, C) must pick page i
    among all the batch's pages (P >= B, C), whose ids are page_ids (P,); another copy
    of its own page is not counted as a wrong pick.
    Example: contrastive_loss(q, p, torch.tensor([3, 8, 5, 3]), 0.05) -> a scalar"""
    b = len(q)
    logits = q @ p.T / temperature  # (B, P)
    same = page_ids[:b, None] == page_ids[None, :]  # (B, P)
    other_copy = same & ~torch.eye(b, len(page_ids), dtype=torch.bool)
    logits = logits.masked_fill(other_copy, float("-inf"))
    return F.cross_entropy(logits, torch.arange(b))


def hard_negatives(examples, page_texts):
    """For each question the page BM25 ranks highest that is not its own: a page a
    keyword search confuses with it, to sit in its batch as a hard negative (as DPR does).
    Example: hard_negatives(questions("train")[:1], texts) -> [another page of that town]"""
    ranked = BM25(page_texts).ranks([e["text"] for e in examples])  # (E, N)
    gold = np.array([e["page"] for e in examples])  # (E,)
    first_other = (ranked[:, 0] == gold).astype(int)  # (E,) skip the top if it is gold
    return ranked[np.arange(len(examples)), first_other].tolist()


def tune_encoder(body, tok, examples, page_texts, recipe=RECIPE, steps=None, seed=0,
                 log=None):  # fmt: skip
    """An Encoder tuned from a copy of `body` on questions and their pages.
    Example: tune_encoder(model, tok, questions("train"), [p["text"] for p in pages()])"""
    from helpers.tuning import fit

    torch.manual_seed(seed)
    r = recipe["encoder"]
    encoder = Encoder(copy.deepcopy(body), tok)
    freeze_below(encoder.body, recipe["tuned_blocks"])
    asks = encoder.rows([ASK + e["text"] for e in examples])
    shows = {}
    page_ids = torch.tensor([e["page"] for e in examples])
    hard = torch.tensor(hard_negatives(examples, page_texts))  # (E,)
    losses = []

    def batch_loss(idx):
        ids = torch.cat([page_ids[idx], hard[idx]])  # (2B,): own pages, then hard ones
        for i in ids.tolist():
            shows.setdefault(i, encoder.tok.encode(SHOW + page_texts[i]))
        p = encoder(pad_rows([shows[i] for i in ids.tolist()], fill=-1))  # (2B, C)
        q = encoder(_trim(asks[idx]))  # (B, C)
        loss = contrastive_loss(q, p, ids, r["temperature"])
        losses.append(loss.item())
        if log and len(losses) % 50 == 0:
            log(f"encoder step {len(losses)}: loss {np.mean(losses[-50:]):.3f}")
        return loss

    params = [p for p in encoder.parameters() if p.requires_grad]
    fit(encoder, batch_loss, len(examples), steps or r["steps"], r["batch_size"],
        [{"params": params, "lr": r["lr"]}], seed)  # fmt: skip
    encoder.losses = losses
    return encoder


def _trim(ids):
    """Drop the columns that are padding (-1) in every row."""
    return ids[:, : int((ids >= 0).sum(1).max())]


# ------------------------------------------------------------------ the reader

READ = "Question: {question}\nPage: "  # then the page; the answer is a span of it


def normalise(answer):
    """Lower case, no punctuation, no articles, single spaces (as SQuAD scores answers).
    Example: normalise("The Old Mill.") -> 'old mill'"""
    text = "".join(c for c in answer.lower() if c not in string.punctuation)
    return " ".join(w for w in text.split() if w not in ("a", "an", "the"))


def exact_match(predicted, gold):
    """Share of answers equal after `normalise`.
    Example: exact_match(["old mill"], ["Old Mill"]) -> 1.0"""
    return sum(normalise(p) == normalise(g) for p, g in zip(predicted, gold)) / len(
        gold
    )


def reading(tok, question, page_text):
    """(ids, page_start, token character spans) of the reader's input: the question, then
    the page; spans are (start, end) character offsets into page_text of each page token.
    Example: ids, first, spans = reading(tok, "Who runs it?", "Ask Ka Lo.")"""
    head = tok.encode(READ.format(question=question))
    body = tok.encode(page_text)
    spans, at = [], 0
    for piece in tok.token_strings(body):
        spans.append((at, at + len(piece)))
        at += len(piece)
    return head + body, len(head), spans


def answer_tokens(spans, page_text, answer):
    """(first, last) page-token index of the answer's first occurrence in page_text.
    Example: answer_tokens([(0, 3), (3, 6), (6, 7)], "Ask Ka.", "Ka") -> (1, 1)"""
    at = page_text.find(answer)
    if at < 0:
        raise ValueError(f"the answer {answer!r} is not in the page {page_text!r}")
    end = at + len(answer)
    first = next(i for i, (s, e) in enumerate(spans) if e > at)
    last = next(i for i, (s, e) in enumerate(spans) if e >= end)
    return first, last


MAX_ANSWER_TOKENS = 12  # the longest answer, a made-up name, is 10 tokens


def allowed_spans(page_text, spans):
    """(P, P) mask of the spans a reader may answer: whole words only (start after a
    space, end before a space or punctuation), first token <= last, at most
    MAX_ANSWER_TOKENS tokens. Example: allowed_spans("Ask Kalo.", [(0, 3), (3, 6),
    (6, 8), (8, 9)]) allows (1, 2) " Kalo" but not (1, 1) " Ka" """
    n = len(spans)
    before = [
        s == 0 or page_text[s - 1] == " " or page_text[s] == " " for s, _ in spans
    ]
    after = [e == len(page_text) or not page_text[e].isalnum() for _, e in spans]
    ok = torch.ones(n, n, dtype=torch.bool).triu()  # (P, P)
    ok &= ~torch.ones(n, n, dtype=torch.bool).triu(MAX_ANSWER_TOKENS)
    return ok & torch.tensor(before)[:, None] & torch.tensor(after)[None, :]


class Reader:
    """A GPT with two scores per token, where the answer starts and where it ends; the
    answer is the best-scoring span of at most MAX_ANSWER_TOKENS page tokens.
    Example: Reader(model, tok).read(["Who runs it?"], ["Ask Ka Lo."])  -> ['...']"""

    def __init__(self, body, tok):
        self.model = GPTForTokenClassification(body, 2)
        self.tok = tok

    def logits(self, rows):
        ids = pad_rows(rows, fill=0)  # (B, T)
        return self.model(ids)[0]  # (B, T, 2)

    @torch.no_grad()
    def read(self, question_texts, page_texts, batch_size=64):
        """The answer span copied from each page for each question."""
        self.model.eval()
        out = []
        for i in range(0, len(page_texts), batch_size):
            chunk = slice(i, i + batch_size)
            inputs = [reading(self.tok, q, p)
                      for q, p in zip(question_texts[chunk], page_texts[chunk])]  # fmt: skip
            scores = self.logits([ids for ids, _, _ in inputs])  # (B, T, 2)
            for (ids, first, spans), row, text in zip(
                inputs, scores, page_texts[chunk]
            ):
                start, end = row[first : len(ids), 0], row[first : len(ids), 1]  # (P,)
                pair = start[:, None] + end[None, :]  # (P, P): start s, end e
                best = int(pair.masked_fill(~allowed_spans(text, spans), float("-inf"))
                           .argmax())  # fmt: skip
                s, e = divmod(best, len(spans))
                out.append(text[spans[s][0] : spans[e][1]].strip(" .,:"))
        return out


def tune_reader(body, tok, examples, page_texts, recipe=RECIPE, steps=None, seed=0,
                log=None):  # fmt: skip
    """A Reader tuned from a copy of `body` to point at each example's answer in its page.
    Example: tune_reader(model, tok, questions("train"), [p["text"] for p in pages()])"""
    from helpers.tuning import fit

    torch.manual_seed(seed)
    r = recipe["reader"]
    reader = Reader(copy.deepcopy(body), tok)
    freeze_below(reader.model.body, recipe["tuned_blocks"])
    rows, starts, ends = [], [], []
    for e in examples:
        ids, first, spans = reading(tok, e["text"], page_texts[e["page"]])
        s, t = answer_tokens(spans, page_texts[e["page"]], e["answer"])
        rows.append(ids)
        starts.append(first + s)
        ends.append(first + t)
    starts, ends = torch.tensor(starts), torch.tensor(ends)
    firsts = torch.tensor([len(tok.encode(READ.format(question=e["text"])))
                           for e in examples])  # fmt: skip
    lengths = torch.tensor([len(r) for r in rows])
    losses = []

    def batch_loss(idx):
        logits = reader.logits([rows[i] for i in idx.tolist()])  # (B, T, 2)
        pos = torch.arange(logits.size(1))  # (T,)
        outside = (pos[None] < firsts[idx, None]) | (pos[None] >= lengths[idx, None])
        logits = logits.masked_fill(outside.unsqueeze(-1), float("-inf"))  # (B, T, 2)
        loss = (F.cross_entropy(logits[..., 0], starts[idx])
                + F.cross_entropy(logits[..., 1], ends[idx])) / 2  # fmt: skip
        losses.append(loss.item())
        if log and len(losses) % 50 == 0:
            log(f"reader step {len(losses)}: loss {np.mean(losses[-50:]):.3f}")
        return loss

    params = [p for p in reader.model.parameters() if p.requires_grad]
    fit(reader.model, batch_loss, len(examples), steps or r["steps"], r["batch_size"],
        [{"params": params, "lr": r["lr"]}], seed)  # fmt: skip
    reader.losses = losses
    return reader


CLOSED_BOOK = "Question: {question}\nAnswer:"


@torch.no_grad()
def closed_book(model, tok, question_texts, max_tokens=8):
    """What the foundation model answers with no page: greedy words after CLOSED_BOOK,
    up to the first full stop or line end.
    Example: closed_book(model, tok, ["Who runs the choir in Rinaby?"]) -> ['...']"""
    model.eval()
    out = []
    for q in question_texts:
        prompt = tok.encode(CLOSED_BOOK.format(question=q))
        ids = model.generate(prompt, max_tokens, top_k=1)
        text = tok.decode(ids[len(prompt) :])
        out.append(re.split(r"[.\n?!]", text)[0].strip())
    return out


class Search:
    """Ask the notice board: BM25 and the tuned encoder fused by reciprocal rank, then
    the reader copies the answer from the first page found. Page vectors are computed
    once, here. Example:
        >>> Search(encoder, reader).ask("Who runs the singing group in Jediham?")
        {'pages': [...three page ids...], 'answer': '...'}"""

    def __init__(self, encoder, reader, page_texts=None):
        self.texts = page_texts or [p["text"] for p in pages()]
        self.keywords, self.encoder, self.reader = BM25(self.texts), encoder, reader
        self.vectors = encoder.embed([SHOW + t for t in self.texts])  # (N, C)

    def ask(self, question, top=3):
        """{"pages": the ids of the `top` pages found, best first, "answer": the words
        the reader copies from the first}."""
        if not isinstance(question, str) or not question.strip():
            raise ValueError(
                "the question is empty; ask e.g. 'Who runs the choir in Jediham?'"
            )
        q = self.encoder.embed([ASK + question])  # (1, C)
        dense = best_first((q @ self.vectors.T).numpy())  # (1, N)
        found = fuse_ranks(self.keywords.ranks([question]), dense)[0, :top].tolist()
        answer = self.reader.read([question], [self.texts[found[0]]])[0]
        return {"pages": found, "answer": answer}


# ------------------------------------------------------------------ the shipped models

SHIPPED = "search"  # data/search: the tuned parts of the encoder and the reader
CHECKPOINT_FILES = ("model.safetensors", "config.json", "MODEL_CARD.md")
PARTS = "GPT parts"  # config.json's "model": tensors that replace some of a GPT's


def tuned_tensors(encoder, reader):
    """{name: tensor} of what tuning changed: the encoder's top blocks ("encoder.*"),
    the reader's top blocks and its head ("reader.*").
    Example: sorted(tuned_tensors(encoder, reader))[0] -> 'encoder.transformer.h.4.attn...'"""
    n = encoder.body.config.n_layer
    tuned = tuple(f"transformer.h.{i}." for i in range(n - RECIPE["tuned_blocks"], n))
    tuned += ("transformer.ln_f.", "head.")
    out = {}
    for prefix, module in (("encoder", encoder.body), ("reader", reader.model)):
        for name, t in module.state_dict().items():
            if name.removeprefix("body.").startswith(tuned):
                out[f"{prefix}.{name}"] = t.detach().contiguous()
    return out


def save_models(out, encoder, reader, record, force=False):
    """Write the tuned parts (model.safetensors), config.json and MODEL_CARD.md as the
    folder `out` in one step; refused under data/ or over other files without force.
    Example: save_models("runs/search", encoder, reader, {"seconds": 300.0})"""
    from safetensors.torch import save

    from helpers.checkpoints import canonical_safetensors
    from helpers.safe_output import check_output, replacing_folder
    from helpers.sweeps import checkpoint_sha256

    out = check_output(out, force=force)
    config = {"model": PARTS, "foundation_sha256": checkpoint_sha256(), **record}
    with replacing_folder(out) as folder:
        raw = save(tuned_tensors(encoder, reader), metadata={"format": "1"})
        (folder / "model.safetensors").write_bytes(canonical_safetensors(raw))
        (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        (folder / "MODEL_CARD.md").write_text(model_card(config))
    return out


def load_models(directory=None):
    """(encoder, reader, foundation model, tokenizer): the foundation model with the tuned
    parts of `directory` (default the shipped data/search, checked by sha256) put in.
    Refused when they were tuned from another foundation model.
    Example: encoder, reader, model, tok = load_models()"""
    from pathlib import Path

    from safetensors.torch import load_file

    from helpers.data import store
    from helpers.sweeps import checkpoint_sha256

    if directory is None:
        directory = store.shipped_folder(SHIPPED, CHECKPOINT_FILES)
    directory = Path(directory)
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    if config.get("foundation_sha256") != checkpoint_sha256():
        raise ValueError(
            f"{directory} was tuned from another foundation model than the shipped one; "
            f"tune again: python -m helpers.search tune --out {directory} --force"
        )
    model, tok, _ = load_foundation()
    encoder, reader = (
        Encoder(copy.deepcopy(model), tok),
        Reader(copy.deepcopy(model), tok),
    )
    tensors = load_file(directory / "model.safetensors")
    for prefix, module in (("encoder", encoder.body), ("reader", reader.model)):
        part = {k.removeprefix(prefix + "."): v for k, v in tensors.items()
                if k.startswith(prefix + ".")}  # fmt: skip
        unknown = set(part) - set(module.state_dict())
        if unknown or not part:
            raise ValueError(
                f"{directory}/model.safetensors does not fit the foundation model "
                f"({prefix}: {sorted(unknown)[:2] or 'nothing'}); tune again with "
                f"python -m helpers.search tune --out {directory} --force"
            )
        module.load_state_dict(part, strict=False)
    encoder.eval(), reader.model.eval()
    return encoder, reader, model, tok


def weights_sha256(directory=None):
    """sha256 of the tuned parts (default the shipped ones), which results record."""
    from pathlib import Path

    from helpers.data import store

    if directory is None:
        return store.read_manifest()[f"{SHIPPED}/model.safetensors"]["sha256"]
    return store.sha256_of(Path(directory) / "model.safetensors")


def shipped_results():
    """data/results/search.json, refused when measured with other tuned parts than the
    shipped ones. Example: shipped_results()["retrieval"]["paraphrased"]["bm25"]"""
    from helpers.data import store

    return store.results_for_model(
        "search.json", weights_sha256(), "python -m helpers.search measure"
    )


def model_card(config):
    """MODEL_CARD.md for a saved pair of tuned encoder and reader."""
    r, e, v = config["recipe"], config["recipe"]["encoder"], config["validation"]
    return f"""# Model card: the series' search encoder and reader

**What it is.** The top {r["tuned_blocks"]} blocks and final LayerNorm of two copies of the
foundation model (data/foundation, sha256 {config["foundation_sha256"][:16]}...), tuned:
an encoder whose mean final vector places a question near the page that answers it, and
a reader with a two-score head (answer starts here, ends here). `helpers.search.load_models`
puts them back into the foundation model; nothing else is stored.

**Data.** Questions about the notice pages of the eight tuning towns of
`helpers.search.pages()` ({config["pairs"]:,} question-page pairs; names and facts
invented by the project's code). No page or question of the validation and test towns,
and none of the hand-written questions, was used.

**Training.** Encoder: {e["steps"]} steps of {e["batch_size"]} questions, each batch
with its own pages and one BM25 hard negative per question, contrastive loss at
temperature {e["temperature"]}, AdamW lr {e["lr"]}. Reader: {r["reader"]["steps"]} steps of
{r["reader"]["batch_size"]}, lr {r["reader"]["lr"]}. Seed 0, {config["seconds"] / 60:.1f} min on
{config["threads"]} CPU threads, torch {config["torch"]}. On the validation towns' questions:
recall@1 {v["recall@1 fused"]:.2f} for BM25 and the encoder fused, exact match
{v["exact match, gold page"]:.2f} for the reader given the right page.

**Command.** `python -m helpers.search tune --out data/search --force`

**Limits.** It has seen one kind of page: a short notice with five facts. Questions
about anything else, pages of another shape and answers that are not words of the page
are outside what it learned.
"""


# ------------------------------------------------------------------ the study


def retrieval_scores(ranked, gold):
    """{"recall@1", "recall@5", "mrr"} of a ranking (Q, N) against gold page ids.
    Example: retrieval_scores([[2, 0, 1]], [0]) -> {'recall@1': 0.0, 'recall@5': 1.0, 'mrr': 0.5}"""
    ranks = gold_ranks(ranked, gold)
    return {"recall@1": recall_at(ranks, 1), "recall@5": recall_at(ranks, 5),
            "mrr": mean_reciprocal_rank(ranks)}  # fmt: skip


def test_sets():
    """{name: questions} of the study: the test towns asked in tuning's ways of naming
    the topic ("paraphrased"), in the held-out way ("new wording"), and by hand."""
    return {"paraphrased": questions("test"), "new wording": questions("test", "new"),
            "by hand": wild_questions()}  # fmt: skip


def measure(model, tok, seeds=(0, 1, 2), recipe=RECIPE, log=print):
    """Lesson 13d's study: retrieval by BM25, by untuned and tuned embeddings and by both
    fused; answers closed-book, from the gold page and from the fused search's first page;
    on every test set, tuning once per seed.
    Example: measure(model, tok, seeds=[0])["retrieval"]["paraphrased"]["bm25"]"""
    texts = [p["text"] for p in pages()]
    sets = test_sets()
    keywords, untuned = BM25(texts), Encoder(model, tok)
    results = {"pages": len(texts), "questions": {k: len(v) for k, v in sets.items()},
               "overlap": {}, "retrieval": {}, "reading": {}}  # fmt: skip
    for name, qs in sets.items():
        asked, gold = [q["text"] for q in qs], [q["page"] for q in qs]
        results["overlap"][name] = float(np.mean([word_overlap(q, texts[g])
                                                  for q, g in zip(asked, gold)]))  # fmt: skip
        results["retrieval"][name] = {
            "bm25": retrieval_scores(keywords.ranks(asked), gold),
            "untuned": retrieval_scores(untuned.ranks(asked, texts), gold),
            "tuned": [], "hybrid": [],
        }  # fmt: skip
        answers = closed_book(model, tok, asked)
        results["reading"][name] = {
            "closed book": exact_match(answers, [q["answer"] for q in qs]),
            "gold page": [], "retrieved": [],
        }  # fmt: skip
        log(f"{name}: {results['retrieval'][name]['bm25']}, closed book "
            f"{results['reading'][name]['closed book']:.3f}")  # fmt: skip
    train = questions("train")
    for seed in seeds:
        encoder = tune_encoder(model, tok, train, texts, recipe, seed=seed, log=log)
        reader = tune_reader(model, tok, train, texts, recipe, seed=seed, log=log)
        for name, qs in sets.items():
            asked, gold = [q["text"] for q in qs], [q["page"] for q in qs]
            dense = encoder.ranks(asked, texts)
            fused = fuse_ranks(keywords.ranks(asked), dense)
            row = results["retrieval"][name]
            row["tuned"].append(retrieval_scores(dense, gold))
            row["hybrid"].append(retrieval_scores(fused, gold))
            wanted = [q["answer"] for q in qs]
            reading = results["reading"][name]
            reading["gold page"].append(
                exact_match(reader.read(asked, [texts[g] for g in gold]), wanted)
            )
            reading["retrieved"].append(
                exact_match(reader.read(asked, [texts[r[0]] for r in fused]), wanted)
            )
            log(f"seed {seed} {name}: tuned {row['tuned'][-1]}, hybrid "
                f"{row['hybrid'][-1]}, gold page {reading['gold page'][-1]:.3f}, "
                f"retrieved {reading['retrieved'][-1]:.3f}")  # fmt: skip
    return results


def build_parser():
    from helpers.domain_cli import domain_parser

    p, _, _ = domain_parser(
        "helpers.search",
        SHIPPED,
        "search.json",
        "Lesson 13d's search encoder and reader, and the study on them.",
        "tune the encoder and the reader from the foundation model, seed 0 (about 7 min "
        "on 2 threads)",
        "BM25, embeddings, fusion and reading on the test questions, tuning once per "
        "seed (about 7 min per seed)",
        first="tune",
        pretrained=False,
    )
    return p


def main(argv=None):
    import sys
    import time

    from helpers.data import store
    from helpers.domain_cli import parse_domain_args, say, write_study

    args = parse_domain_args(build_parser(), argv)  # checked before any work
    start = time.perf_counter()
    model, tok, _ = load_foundation()
    texts = [p["text"] for p in pages()]
    if args.command == "tune":
        train = questions("train")
        try:
            encoder = tune_encoder(model, tok, train, texts, log=say)
            reader = tune_reader(model, tok, train, texts, log=say)
        except KeyboardInterrupt:
            sys.exit("interrupted: nothing was written (tuning takes about 7 minutes)")
        valid = questions("valid")
        asked, gold = [q["text"] for q in valid], [q["page"] for q in valid]
        fused = fuse_ranks(BM25(texts).ranks(asked), encoder.ranks(asked, texts))
        read = reader.read(asked, [texts[g] for g in gold])
        wanted = [q["answer"] for q in valid]
        checked = {"recall@1 fused": retrieval_scores(fused, gold)["recall@1"],
                   "exact match, gold page": exact_match(read, wanted)}  # fmt: skip
        say(f"validation towns: {checked}")
        record = {"recipe": RECIPE, "pairs": len(train), "threads": args.threads,
                  "validation": store.rounded(checked),
                  "torch": torch.__version__.split("+")[0],
                  "seconds": round(time.perf_counter() - start, 1)}  # fmt: skip
        out = save_models(args.out, encoder, reader, record, force=args.force)
        store.record_if_shipped(out, SHIPPED, CHECKPOINT_FILES)
        print(json.dumps({"out": str(out), "seconds": record["seconds"]}))
        return
    results = {"recipe": RECIPE, "pretrained_sha256": weights_sha256(),
               "seeds": list(range(args.seeds))}  # fmt: skip
    results |= measure(model, tok, results["seeds"], log=say)
    write_study(args, store.rounded(results), start)


if __name__ == "__main__":
    main()
