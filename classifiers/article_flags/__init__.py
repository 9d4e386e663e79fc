"""The article flag model: the style heads and operating points that decide what the monitoring cell is shown.

multilingual-e5-small's own sentence embeddings (no adapter) feed one logistic-regression head per alert task
(misinformation, hostility), fitted on the public sets plus real news as negatives (AG's News, BBC Hindi), with
an operating point per language chosen for a false-flag budget on news the heads never saw. The same embedder
matches an article's claims against known fact-checked claims; the match threshold is validated on the
labelled claim pairs in ``tests/fixtures/claims``. See docs/decisions.md (decision 39) for the measurements.
"""

TASK = "article-flags"  # its folder under models/ and its entry in models/registry.json
