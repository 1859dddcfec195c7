"""The generators that wrote the series' own data, and the command that rebuilds it.

Handles: every text file under data/ (corpus, sayings, reviews, directory pages,
sentiment and entity sets, trust variants), made byte for byte the same from one seed by
`python -m datagen build`, and the data card's figures (`python -m datagen stats`).
Modules, from the words up: draws (every random draw), text (shared text rules), lexicon
(word lists and inflection), names, grammar, sayings, facts, opinions; then one module
per data set (corpus, directory, sentiment, entities, trust); build and stats.
Leaves out: loading the data; the lessons import only `helpers` (helpers.data reads and
verifies these files), never this package, which imports helpers, not the other way
round.
"""
