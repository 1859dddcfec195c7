"""Build datagen/english_words.tsv, the broad English word list behind datagen.english.

Run once by a maintainer, never by `python -m datagen build`: it needs three packages the
series does not install (`pip install -e .[lexicon]`), and their data, not ours, decides
the list. The file it writes is shipped, so the build stays offline and byte-identical.

Handles: the 50,000 most frequent English words of `wordfreq` (Speer, 2022; its data is
CC BY-SA 4.0), kept where `lemminflect`'s dictionary (from Kevin Atkinson's AGID, MIT
and permissive) knows the word as the base form of a noun, verb, adjective or adverb;
each one's inflections from the same dictionary (plural; -s, past, -ing, participle;
comparative, superlative); and the word's valence in the VADER lexicon (Hutto and
Gilbert, 2014; MIT), a mean human rating from -4 (very negative) to +4, where it has one.
Leaves out: words of BLOCKED (slurs, profanity, sexual and violent words), kept as
truncated sha256 hashes so that this file does not print them; words of IDENTITY;
closed-class words (CLOSED), which the generator writes itself; proper names (the
dictionary has none); words of fewer than three letters.
Usage: python -m datagen.make_lexicon   (writes datagen/english_words.tsv)
"""

import hashlib
import os
import re
from pathlib import Path

TOP_WORDS = 50_000
OUT = Path(__file__).with_name("english_words.tsv")
POS_TAGS = {  # part of speech -> the dictionary's tags of its forms, in column order
    "NOUN": ("NN", "NNS"),
    "VERB": ("VB", "VBZ", "VBD", "VBG", "VBN"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB",),
}
# Words of closed classes (pronouns, determiners, prepositions, auxiliaries, numbers,
# particles) that the dictionary also files as nouns, verbs or adjectives; the
# generator writes these itself, in its frames.
CLOSED = set(
    """that you this your all his they one can will just like about out what when more
    who their there her which she how some them now other its our first him two over
    any these then back well most much very where even may here before off why still
    many those while such both same another each must ever away left enough once yet
    yes else either rather whether myself yourself ago along within without since
    under around between always often almost already soon again never also too
    further together though however maybe actually probably today later next last
    being going used based given known doing coming taking saying following working
    wanted three four five six seven eight nine ten hundred thousand million third
    second half few less own past due someone everyone anyone himself herself itself
    themselves ourselves whatever whoever something nothing anything everything nobody
    somebody anybody everybody thy thee shall ought wrought think best""".split()
)
# Words about who people are: left out, so that random sentences never pin a random
# adjective, verb or opinion on a group of people (lesson 10 measures such links).
IDENTITY = set(
    """gay lesbian bisexual transgender catholic atheist religious ethnic racial
    immigrant refugee disabled blind deaf elderly fat obese pregnant mental autistic
    crippled dwarf homeless""".split()
)
ADJ_ENDINGS = (
    "ful",
    "less",
    "ous",
    "ive",
    "able",
    "ible",
    "al",
    "ic",
    "ish",
    "y",
    "ent",
    "ant",
    "ary",
    "ory",
    "ile",
    "ed",
    "ing",
    "est",
    "ern",
    "like",
    "some",
)
BLOCKED = """
0026cd0f709f 0033728f0fbc 04130fa656d4 0508a634445d 05b8b79eea50 06a1d8bf7fc2
08a841e99678 0c9eff9d6b11 0f28c4960d96 0fcb77e9e007 102626eace2d 110c6c5a86fa
120f6e5b4ea3 127c6aeff813 12a667c9be6f 12e6274e4309 13a465fc6616 158869a97379
16ea09fc78ca 1802d081455e 183936b010c6 1b253a252032 1b78a5735793 1b8304489575
1d0864b81a8a 1de4ec031fde 1de83442dea1 2062f8009306 2189c0ed714f 235e285376cb
262f86db0ac7 2a6937d721b1 2bda9b4dfbab 2c1d8af3b671 2c32c156cf1a 2f34b7a451c6
2f72ee8985ce 2f9573a5318b 30cf1c20022c 31506a8448a7 330a3129c3fd 33740da8a87d
36f4662ddaee 38012c26a53b 38136d6e3438 39c7ad800c57 3b1e0d7c5dd4 3d476abc838e
3eed0f332976 3ef0b158edbf 4140197ec795 42c75396af1d 47b673e08117 48fab7a56479
4ae191583484 4b18aefe826a 4ed346cedc4b 52c1d7686727 5304378d0078 533f8cc06a11
5468b428a6b1 566f532d486c 59cc3cb8a429 5c2caa98b09a 5ebdc7b074ec 619bc82e0d20
63a44b1e78c0 6556c1a58444 6672b930d5d0 6ac3c336e409 6adc452d6b74 6dcdffaeac04
6ef9d9fd4a04 701d6943ae04 70aafb426695 737dd1bca21d 74305616b2bc 779e6186bbfc
7902e27065cf 796e43a5a8cd 7bc671151cbf 7e85c676fd97 7f5a9ba14cb8 80d71140f751
8171c4ecae07 819837a1df89 82e695c9e75f 85fc17f7069a 867d78976655 886d51e97ad7
89133bc00e9b 8c5c04391361 8f5083e3e5c7 9270c8c38be2 94f94c9c97bf 958ce5c321d2
967e1a8516f4 96c91fa84782 986c99004163 98b52c4b6b7d 98d44e13f455 9915ba2d8222
9a4eac2dfada 9ae315a94e42 a1c1a3b70c88 a2d3fcd68f5f a36860651495 a402c4336ebf
a4c7815e0ca1 a51280f96d87 a6ee0e6b8b6a a76d588d0047 ab0c0f27af36 ab26f6966ee3
acc96930e3a6 ad505b0be8a4 adedda9c9542 affc87570066 b04a8a400635 b475efdb4950
b690cdbe59f1 b81d6dc25832 b88a33fd6e3b ba6fb01a93ed ba7463edfabd baa9c1530791
bb61ef40814c bd331fb1d242 bdb1cc258d69 c2c3b68b4883 c3de533e9b7f c542a0d1489d
c8bd849e3a5a c91d7a2081dc c9f3c15aa216 cbbd0f71af28 cd929bea6e6d d132e4bc948e
d17ef52107f0 d31f9b0cc1fd d6be0c9fb078 d75a838dc758 d7d34a40733b d84f691fc498
d92f4cf1e2d7 db10a7906121 dd32831e9d5f dd92623b0a4b e3dc18bf4642 e512a0558344
e683679358a5 e7b98c6aa5b9 e84dde508a60 e9143a29033d e99d55248f67 e9b6438440bf
eb0afd90509c ebc98c1efce2 ed45d626b071 ed8f9f77aa6a ee5a869b5ace ee6f01a92dd8
eff26b18165e f50c51ed2315 f5778592072e f59e28f8bb64 f600213ecb89 f6952d6eef55
f9d0d9b18ae9 fb96c27642b4 fc3086f6d1e0 fd70ad909b94 ff5ae7e8d206
"""


def blocked(word):
    """Whether `word` is on the block list. Example: blocked('kettle') -> False"""
    return hashlib.sha256(word.encode("utf-8")).hexdigest()[:12] in BLOCKED.split()


def vader_valences():
    """{word: mean valence} from the lexicon file shipped inside vaderSentiment."""
    import vaderSentiment

    path = Path(os.path.dirname(vaderSentiment.__file__), "vader_lexicon.txt")
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {row[0]: float(row[1]) for row in rows if len(row) > 1}


def forms_of(lemma, pos):
    """The word's forms in the order of POS_TAGS[pos]; '' where the dictionary has none.

    Example: forms_of('cramp', 'VERB') -> ['cramp', 'cramps', 'cramped', 'cramping', 'cramped']
    """
    from lemminflect import getAllInflections

    table = getAllInflections(lemma, upos=pos)
    if "VBD" in table:  # the dictionary leaves out a participle that equals the past
        table.setdefault("VBN", table["VBD"])
    return [
        lemma if tag in ("NN", "VB", "JJ", "RB") else table.get(tag, ("",))[0]
        for tag in POS_TAGS[pos]
    ]


def usable(word, pos, forms, parts):
    """Whether the dictionary's entry is a word a writer would use as `pos`: rules that
    drop the dictionary's rarer readings ("people" as a verb, "house" as an adjective,
    "games" as a base noun, "doing" as a noun).

    Example: usable('people', 'VERB', ['people', 'peoples', 'peopled', 'peopling',
    'peopled'], {'NOUN', 'VERB'}) -> False
    """
    from wordfreq import zipf_frequency

    if word in CLOSED:
        return False
    if pos == "NOUN":  # not a gerund, a plural, or an adjective's rare noun reading
        rare_plural = forms[1] in ("", word) or zipf_frequency(forms[1], "en") < 3.0
        return not (
            word.endswith("ing")
            or (word.endswith("s") and word[-2] != "s")
            or ("ADJ" in parts and rare_plural)
        )
    if pos == "VERB":  # its past or -ing form is in use
        return (
            max([zipf_frequency(form, "en") for form in forms[2:4] if form] + [0])
            >= 2.0
        )
    if pos == "ADJ":
        return bool(forms[1]) or word.endswith(ADJ_ENDINGS) or parts == {"ADJ"}
    return word.endswith("ly")  # ADV: manner adverbs only


def lexicon_rows():
    """(pos, lemma, forms, zipf, valence) rows, most frequent lemma first."""
    from lemminflect import getAllLemmas
    from wordfreq import top_n_list, zipf_frequency

    valence = vader_valences()
    rows = []
    for word in top_n_list("en", TOP_WORDS):
        if not re.fullmatch(r"[a-z]{3,}", word) or blocked(word) or word in IDENTITY:
            continue
        readings = {
            pos: lemmas
            for pos, lemmas in getAllLemmas(word).items()
            if pos in POS_TAGS and word in lemmas
        }
        for pos in readings:
            forms = forms_of(word, pos)
            if any(blocked(form) for form in forms) or not usable(
                word, pos, forms, set(readings)
            ):
                continue
            score = valence.get(word)
            rows.append(
                (
                    pos,
                    word,
                    "|".join(forms),
                    f"{zipf_frequency(word, 'en'):.2f}",
                    "" if score is None else f"{score:.1f}",
                )
            )
    return rows


def main():
    rows = lexicon_rows()
    header = "pos\tlemma\tforms\tzipf\tvalence\n"
    OUT.write_text(
        header + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8"
    )
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
