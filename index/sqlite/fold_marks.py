"""Highlights of a Hindi document on the article's own spelling, from matches in the exact and folded columns.

FTS5's highlight() marks matches in one column's text. A word typed "फर्जी" matches the folded column of an
article that spells it "फ़र्ज़ी", and marking the folded text would show the desk "फरज". The folded column holds
one folded word per word of the exact column (index.hindi_fold), so a match there is a word *index*; the marks
are put back on the exact column's words at those indices.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from index.hindi_fold import word_spans
from index.text_forms import MARK_CLOSE, MARK_OPEN

_MARKERS = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
SNIPPET_ELLIPSIS = "…"
CONTEXT_WORDS = 2  # words a snippet shows before its first match


def strip_marks(marked: str) -> str:
    return marked.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def marked_words(marked: str) -> set[int]:
    """Indices of the words that a highlight() text marks (counted as the tokenizer counts them)."""
    if MARK_OPEN not in marked:
        return set()
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position, opened = 0, None
    for piece in _MARKERS.split(marked):
        if piece == MARK_OPEN:
            opened = position
        elif piece == MARK_CLOSE:
            if opened is not None:
                spans.append((opened, position))
            opened = None
        else:
            plain.append(piece)
            position += len(piece)
    starts = [a for a, _ in spans]  # in text order, not overlapping
    found: set[int] = set()
    for i, (start, _) in enumerate(word_spans("".join(plain))):
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            found.add(i)
    return found


def marked_folded_words(marked: str) -> set[int]:
    """marked_words for a folded column, whose words are joined by single spaces: a split, no tokenizing."""
    if MARK_OPEN not in marked:
        return set()
    found: set[int] = set()
    inside = False
    for i, word in enumerate(marked.split(" ")):
        if word.startswith(MARK_OPEN):
            inside = True
        if inside:
            found.add(i)
        if word.endswith(MARK_CLOSE):
            inside = False
    return found


def mark_words(text: str, spans: list[tuple[int, int]], words: set[int], start: int = 0, end: int | None = None) -> str:
    """``text`` from word ``start`` to word ``end`` (exclusive), the words in ``words`` wrapped in markers."""
    end = len(spans) if end is None else end
    if not spans or start >= end:
        return text
    out: list[str] = []
    position = spans[start][0] if start else 0
    for i in range(start, end):
        left, right = spans[i]
        out.append(text[position:left])
        out.append(MARK_OPEN + text[left:right] + MARK_CLOSE if i in words else text[left:right])
        position = right
    out.append(text[position:] if end == len(spans) else "")
    return "".join(out)


def merged_title(exact_marked: str, folded_marked: str | None) -> str:
    """The title with every word marked that matched as typed or folded."""
    if not folded_marked or MARK_OPEN not in folded_marked:
        return exact_marked
    text = strip_marks(exact_marked)
    return mark_words(text, word_spans(text), marked_words(exact_marked) | marked_folded_words(folded_marked))


def merged_snippet(exact_marked: str, folded_marked: str | None, words: int) -> str | None:
    """A window of ``words`` words around the most matches (the earliest of equals), with ellipses where the
    body was cut; None when neither column marks a word (the caller keeps FTS5's own snippet)."""
    marks = marked_words(exact_marked) | (marked_folded_words(folded_marked) if folded_marked else set())
    if not marks:
        return None
    text = strip_marks(exact_marked)
    spans = word_spans(text)
    ordered = sorted(marks)
    best_start, best_count = 0, -1
    for first in ordered:
        start = max(0, min(first - CONTEXT_WORDS, len(spans) - words))
        count = sum(1 for m in ordered if start <= m < start + words)
        if count > best_count:
            best_start, best_count = start, count
    end = min(len(spans), best_start + words)
    body = mark_words(text, spans, marks, best_start, end)
    if end < len(spans):
        body = body + SNIPPET_ELLIPSIS
    return (SNIPPET_ELLIPSIS if best_start else "") + body
