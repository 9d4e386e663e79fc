"""The folded form of Hindi words that both index backends match on: spelling variants and inflections meet.

Hindi sites and the people who search them disagree about nukta (ज़/ज, फ़/फ), chandrabindu and anusvara (ँ/ं),
long and short vowel signs and inflection (-ों, -ें, -ी), so "फर्जी" must find "फ़र्ज़ी" and "चुनावों" must find
"चुनाव". Elasticsearch folds with Lucene's ``hindi_normalization`` and Hindi ``stemmer`` filters (the
``satark_hindi_fold`` analyzer, index.elasticsearch.mapping); this module is the same two steps for the SQLite
backend and for the query side, character for character, so both backends match the same documents
(tests/index/test_index_hindi_fold.py compares them on the real node). The rules are the published ones:
the normaliser of Pingali and Varma, "Word normalization in Indian languages" (2006), and the light
stemmer of Ramanathan and Rao, "A lightweight stemmer for Hindi" (2003), as Lucene implements them.

Folding is per word: a word folds to one word, so a folded text has as many tokens as its search form and a
match in the folded text points at the article's own spelling (index.sqlite.fold_marks).
"""

from __future__ import annotations

from index.text_forms import token_spans

# Languages whose documents carry the folded form (English words need none: the English analyzer stems them).
FOLDED_LANGUAGES: frozenset[str] = frozenset({"hi"})

VIRAMA = "\u094d"
ANUSVARA = "\u0902"
NA = "\u0928"

# Single-character rewrites of the normaliser: variants to one form, "" deletes.
_FOLD: dict[str, str] = {
    "\u0901": ANUSVARA,  # chandrabindu -> anusvara
    "\u093c": "",  # nukta
    "\u0929": NA,  # ऩ -> न
    "\u0931": "\u0930",  # ऱ -> र
    "\u0934": "\u0933",  # ऴ -> ळ
    # precomposed nukta letters -> the letter without it (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़)
    "\u0958": "\u0915", "\u0959": "\u0916", "\u095a": "\u0917", "\u095b": "\u091c",
    "\u095c": "\u0921", "\u095d": "\u0922", "\u095e": "\u092b", "\u095f": "\u092f",
    "\u200c": "", "\u200d": "",  # ZWNJ, ZWJ
    VIRAMA: "",  # a virama left after the न rule below
    # candra and short e/o signs and letters -> e/o
    "\u0945": "\u0947", "\u0946": "\u0947", "\u0949": "\u094b", "\u094a": "\u094b",
    "\u090d": "\u090f", "\u090e": "\u090f", "\u0911": "\u0913", "\u0912": "\u0913",
    "\u0972": "\u0905",  # candra a -> अ
    # long vowels -> short (letters and signs)
    "\u0906": "\u0905", "\u0908": "\u0907", "\u090a": "\u0909", "\u0960": "\u090b", "\u0961": "\u090c",
    "\u0910": "\u090f", "\u0914": "\u0913",
    "\u0940": "\u093f", "\u0942": "\u0941", "\u0944": "\u0943", "\u0963": "\u0962",
    "\u0948": "\u0947", "\u094c": "\u094b",
}

# The stemmer's suffixes by the length a word must exceed (in code points) before that group is tried; the
# longest group is tried first and the first suffix found is cut.
_SUFFIXES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (6, ("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां")),
    (5, ("ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं", "नाओं", "नाएं", "ताओं",
         "ताएं", "ियाँ", "ियों", "ियां")),
    (4, ("ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती", "ाता", "तीं", "ाओं", "ाएं",
         "ुओं", "ुएं", "ुआं")),
    (3, ("कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां", "ों", "ें")),
    (2, ("ो", "े", "ू", "ु", "ी", "ि", "ा")),
)


def normalize(word: str) -> str:
    """Lucene's HindiNormalizer: न + virama becomes anusvara, then each character is rewritten by ``_FOLD``."""
    out: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if ch == NA and i + 1 < len(word) and word[i + 1] == VIRAMA:
            out.append(ANUSVARA)
            i += 2
            continue
        out.append(_FOLD.get(ch, ch))
        i += 1
    return "".join(out)


def stem(word: str) -> str:
    """Lucene's HindiStemmer: cut the first listed suffix of the longest group the word is long enough for."""
    for longer_than, suffixes in _SUFFIXES:
        if len(word) > longer_than and word.endswith(suffixes):
            return word[: len(word) - len(suffixes[0])]
    return word


def fold_word(word: str) -> str:
    """One word as the ``satark_hindi_fold`` analyzer indexes it (lower case, normalised, stemmed). A word that
    folds to nothing (a stray nukta) keeps its own form, so the folded text keeps one token per word."""
    return stem(normalize(word.lower())) or word.lower()


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word, as the SQLite tokenizer cuts them (index.text_forms.is_token_char)."""
    return token_spans(text)


def fold_text(text: str | None) -> str:
    """The folded words of ``text`` (a search form), one per word and in order, separated by spaces."""
    if not text:
        return ""
    return " ".join(fold_word(text[start:end]) for start, end in word_spans(text))


def has_devanagari(text: str) -> bool:
    """Whether folding can change what ``text`` matches (outside Devanagari it only lower-cases)."""
    return any("\u0900" <= ch <= "\u097f" for ch in text)
