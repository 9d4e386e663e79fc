"""Claims: what an article asserts, whether a fact-checker has already rated it, and why it is flagged.

A part beside crawlers, store, index and classifiers (it imports only core): article kinds (fact-check, news,
opinion), sentence splitting and check-worthiness in Hindi and English, the approximate-nearest-neighbour index
of known claims, and the rule that turns claim scores and matches into flags with their evidence.
"""
