"""The small text rules every generator shares: capitals, spacing, lists, comparison.

Handles: a capital first letter, joining words with tidy punctuation, splitting a
hand-written "a|b|c" list, and the normalised form and sentence split that decide
whether two sentences count as the same (a labeled sentence must not occur in the
corpus, a held-out saying must not occur in train).
Leaves out: tokenizing for models (helpers.tokenizers does that) and any English rule
beyond these (lexicon.py and grammar.py hold those).
"""

import re

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def capitalise(text):
    """First letter upper-case. Example: capitalise('the dog ran.') -> 'The dog ran.'"""
    return text[:1].upper() + text[1:]


def join(words):
    """Join words with spaces, no space before punctuation, empty words dropped.

    Example: join(['Hi', ',', '', 'you']) -> 'Hi, you'
    """
    text = " ".join(w for w in words if w)
    for mark in (",", ".", "!", "?", ";", ":"):
        text = text.replace(" " + mark, mark)
    return text


def bars(block):
    """Split a hand-written list at '|', across lines.

    Example: bars('a b|c\\n|d') -> ['a b', 'c', 'd']
    """
    parts = block.replace("\n", " ").split("|")
    return [part.strip() for part in parts if part.strip()]


def normalise(text):
    """Lowercase, punctuation stripped, spaces squeezed.

    Example: normalise("Don't  stop!") -> 'dont stop'
    """
    text = re.sub(r"[^\w\s]", "", text.lower())
    return " ".join(text.split())


def sentences_of(text):
    """Sentences split at . ! ? and line breaks.

    Example: sentences_of('Hi. Go!\\nNo') -> ['Hi.', 'Go!', 'No']
    """
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def documents_until(target_bytes, next_document):
    """Documents from next_document() until their size, each with the blank line that
    follows it, reaches target_bytes.

    Example: documents_until(10, lambda: "Hi.") -> ['Hi.', 'Hi.']
    """
    docs, size = [], 0
    while size < target_bytes:
        doc = next_document()
        docs.append(doc)
        size += len(doc.encode("utf-8")) + 2
    return docs
