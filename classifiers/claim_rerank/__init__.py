"""The claim reranker: a cross-encoder that reads a sentence and a known claim together and says whether they
make the same claim.

multilingual-e5-small's sentence vectors put a different claim on the same topic as close as a paraphrase
(decision 41); read side by side, with a LoRA adapter on the top layers trained on labelled pairs, the two are
told apart. It confirms the known-claim index's neighbours (pipeline.claims_stage); registered as
``claim-rerank`` in ``models/registry.json``.
"""

TASK = "claim-rerank"
