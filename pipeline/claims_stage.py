"""The claim stage: each article's kind, its check-worthy claims, their matches among known claims, its flags.

Fact-checks feed the claim store (their ClaimReview claims, or the headline without its "Fact check:" cue when
the page has no markup) and are never flagged. Every other article's headline and lead sentences are embedded
once: the vectors find the nearest known claim (usearch HNSW), and the article's title + lead gets the style
heads' calibrated scores. When new known claims arrive, :meth:`ClaimStage.rematch` checks the claims of recent
articles against them, since the rumour usually comes days before its fact-check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

import numpy as np

from claims.checkworthy import candidate_claims
from claims.flagging import OperatingPoints, decide_flags
from claims.kinds import detect_kind, headline_cue
from claims.matching import KnownClaimIndex, from_bytes, to_bytes
from core.claims import (
    CROSS_LANGUAGE,
    SAME_LANGUAGE,
    ArticleKind,
    Claim,
    ClaimAnalysis,
    ClaimMatch,
    FlagReason,
    KindGuess,
    KnownClaim,
    pairing,
)
from core.records import ClaimReview
from core.settings import ClaimsSettings
from core.text import LEAD_CHARS, classification_text
from store.store import Store


class ClaimEmbedder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_articles(self, texts: Sequence[str]) -> np.ndarray: ...


class StyleModel(Protocol):
    @property
    def model_id(self) -> str: ...

    @property
    def match_thresholds(self) -> Mapping[str, float]: ...

    @property
    def thresholds(self) -> Mapping[str, Mapping[str, float]]: ...

    @property
    def reference(self) -> tuple[np.ndarray, tuple[str, ...]] | None: ...

    def scores(self, vectors: np.ndarray) -> dict[str, np.ndarray]: ...


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What the stage reads of a stored article."""

    id: str
    title: str
    text: str
    source: str
    language: str | None
    tags: tuple[str, ...] = ()
    url: str = ""
    reviews: tuple[ClaimReview, ...] = ()


# Nearest known claims looked at per sentence: the nearest may be a same-language claim just short of its
# threshold while a translation of the very claim clears the (lower) cross-language one.
NEIGHBOURS = 5
CALIBRATION_NEIGHBOURS = 10
# Close neighbours the claim reranker reads per sentence and language pairing (decision 45): each read is an
# encoder pass of the two sentences; reading the two closest flagged the demo corpus alike at 1.6 times the reads.
RERANK_PER_PAIRING = 1
RECALIBRATE_GROWTH = 1.1  # recalibrate the match thresholds once the store has grown by a tenth
VECTOR_CACHE = 200_000  # sentence vectors kept for rematching (1.5 KB each)
VERDICT_CACHE = 200_000  # reranker verdicts kept (a pair of sentences and a float each)
# Used when no article flag model is active: a match needs a near-paraphrase (see the model card's pairs).
FALLBACK_MATCH_THRESHOLD = 0.9


class PairReranker(Protocol):
    """What the stage needs of the claim reranker (classifiers.claim_rerank)."""

    @property
    def thresholds(self) -> Mapping[str, float]: ...

    @property
    def floors(self) -> Mapping[str, float]: ...

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


def operating_points(settings: ClaimsSettings, model: StyleModel | None,
                     reranker: PairReranker | None = None) -> OperatingPoints:
    style = {task: dict(by_language) for task, by_language in (model.thresholds if model else {}).items()}
    for task, overrides in settings.style_thresholds.items():
        style.setdefault(task, {}).update(overrides)
    validated = model.match_thresholds if model else {}
    same = settings.match_threshold or validated.get("same-language", FALLBACK_MATCH_THRESHOLD)
    cross = settings.match_threshold_cross or validated.get("cross-language", same)
    rerank = dict(reranker.thresholds) if reranker is not None and settings.rerank else {}
    floors = {group: reranker.floors[group] for group in rerank} if reranker is not None else {}
    return OperatingPoints(match=same, match_cross=cross, style=style, rerank=rerank, rerank_floors=floors)


def factcheck_claims(article: ArticleInput) -> list[KnownClaim]:
    """The claims a fact-check reviews: its ClaimReview markup, else its headline without the cue."""
    origin = f"article:{article.id}"
    if article.reviews:
        return [KnownClaim.from_review(review, article.language, origin) for review in article.reviews]
    headline = article.title
    cue = headline_cue(headline)
    if cue:
        stripped = headline.split(":", 1)[1] if ":" in headline else headline
        headline = stripped.strip(" -|—") or headline
    return [KnownClaim(text=headline, language=article.language, rating=None, url=article.url or None, origin=origin)]


class ClaimStage:
    def __init__(self, settings: ClaimsSettings, store: Store, embedder: ClaimEmbedder, model: StyleModel | None,
                 fact_checkers: frozenset[str] = frozenset(), reranker: PairReranker | None = None) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.model = model
        self.reranker = reranker if settings.rerank else None
        self.validated = operating_points(settings, model, self.reranker)
        self.points = self.validated
        self._calibrated_size = 0
        self.fact_checkers = fact_checkers
        self.index = KnownClaimIndex(embedder.dimensions)
        self.added_known = 0  # known claims this stage added to the store (fact-checks it analysed)
        # Sentence vectors of this process's articles, so a rematch after a new fact-check does not embed them
        # again (bounded: a long-running process keeps the newest).
        self._vectors: dict[str, np.ndarray] = {}
        # The reranker's verdicts on (sentence, known claim) pairs already read: wire copies syndicated across
        # outlets repeat their sentences, and a rematch reads the pairs processing read.
        self._verdicts: dict[tuple[str, str], float] = {}

    def load_known(self, batch_size: int = 256) -> int:
        """Embed stored known claims that lack a vector of this embedder, then index every one not yet indexed."""
        while True:
            missing = self.store.claims.without_embedding(self.embedder.name, limit=batch_size)
            if not missing:
                break
            vectors = self.embedder.embed([claim.text for claim in missing])
            self.store.claims.set_embeddings(
                self.embedder.name, {claim.id: to_bytes(v) for claim, v in zip(missing, vectors, strict=True) if claim.id}
            )
        stored = [(i, b) for i, b in self.store.claims.embeddings(self.embedder.name) if i not in self.index]
        if not stored:
            return 0
        claims = {c.id: c for c in self.store.claims.known() if c.id is not None}
        pairs = [(claims[i], from_bytes(b, self.embedder.dimensions)) for i, b in stored if i in claims]
        added = self.index.add([c for c, _ in pairs], np.asarray([v for _, v in pairs])) if pairs else 0
        self.calibrate_matches()
        return added

    def calibrate_matches(self) -> None:
        """Raise each match threshold to the similarity that held-out real news sentences reach against the store
        as it is now only ``match_news_budget`` of the time: a pair's precision is not a store's, since the best of
        thousands of neighbours clears a pair threshold by chance. Thresholds set in the settings stay as set."""
        reference = self.model.reference if self.model is not None else None
        self._calibrated_size = len(self.index)
        if reference is None or not len(self.index):
            return
        vectors, languages = reference
        found = self.index.search(vectors, k=CALIBRATION_NEIGHBOURS)
        same = [max((m.similarity for m in matches if m.known.language in (None, language)), default=-1.0)
                for language, matches in zip(languages, found, strict=True)]
        cross = [max((m.similarity for m in matches if m.known.language not in (None, language)), default=-1.0)
                 for language, matches in zip(languages, found, strict=True)]
        level = 1.0 - self.settings.match_news_budget
        # Just above what that share of news reaches, so news at the quantile itself does not match.
        chance_same, chance_cross = (float(np.quantile(values, level)) + 0.001 for values in (same, cross))
        match = self.validated.match if self.settings.match_threshold else max(self.validated.match, chance_same)
        validated_cross = self.validated.match_cross or self.validated.match
        match_cross = validated_cross if self.settings.match_threshold_cross else max(validated_cross, chance_cross)
        # Where the reranker decides, the same chance level raises the cosine floor of what it reads: its own
        # thresholds were set against a store of a few hundred claims (decision 45).
        chance = {SAME_LANGUAGE: chance_same, CROSS_LANGUAGE: chance_cross}
        floors = {group: round(max(floor, chance[group]), 4) for group, floor in self.validated.rerank_floors.items()}
        self.points = replace(self.validated, match=round(match, 4), match_cross=round(match_cross, 4), rerank_floors=floors)

    def _remember(self, known: Sequence[KnownClaim]) -> list[KnownClaim]:
        stored = self.store.claims.add_known(known)
        fresh = list({claim.id: claim for claim in stored if claim.id is not None and claim.id not in self.index}.values())
        if fresh:
            vectors = self.embedder.embed([claim.text for claim in fresh])
            self.store.claims.set_embeddings(self.embedder.name, {c.id: to_bytes(v) for c, v in zip(fresh, vectors) if c.id})
            self.added_known += self.index.add(fresh, vectors)
            if len(self.index) >= self._calibrated_size * RECALIBRATE_GROWTH:
                self.calibrate_matches()
        return stored

    def _best(self, found: Sequence[ClaimMatch], language: str | None) -> ClaimMatch | None:
        """The neighbour that clears what its pairing requires by the widest margin (a same-language claim needs
        more similarity than a translation; where the reranker decides, its same-claim probability), else the
        closest miss, shown but not flagged."""
        if not found:
            return None
        return max(found, key=lambda m: self.points.strength(language, m))

    def _confirm(self, sentences: Sequence[str], languages: Sequence[str | None],
                 found: Sequence[Sequence[ClaimMatch]]) -> list[list[ClaimMatch]]:
        """Each neighbour close enough for the reranker to read (its pairing's cosine floor), with the reranker's
        same-claim probability; one batch for the whole call."""
        out = [list(matches) for matches in found]
        if self.reranker is None:
            return out
        asks = [ask for row, (language, matches) in enumerate(zip(languages, out, strict=True))
                for ask in self._worth_reading(row, language, matches)]
        pairs = [(sentences[row], out[row][j].known.text) for row, j in asks]
        unread = list(dict.fromkeys(pair for pair in pairs if pair not in self._verdicts))
        if unread:
            if len(self._verdicts) + len(unread) > VERDICT_CACHE:
                self._verdicts.clear()
            self._verdicts.update(zip(unread, (float(p) for p in self.reranker.probabilities(unread)), strict=True))
        for (row, j), pair in zip(asks, pairs, strict=True):
            out[row][j] = replace(out[row][j], same_claim=self._verdicts[pair])
        return out

    def analyse(self, articles: Sequence[ArticleInput]) -> list[ClaimAnalysis]:
        kinds = [
            detect_kind(title=a.title, claim_reviews=a.reviews, source_is_fact_checker=a.source in self.fact_checkers,
                        tags=a.tags, url=a.url)
            for a in articles
        ]
        results: dict[int, ClaimAnalysis] = {}
        # Fact-checks first, so a rumour in the same batch already meets the claim it repeats.
        checks = [i for i, kind in enumerate(kinds) if kind.kind is ArticleKind.FACTCHECK]
        reviewed = [factcheck_claims(articles[i]) for i in checks]
        stored = iter(self._remember([claim for claims in reviewed for claim in claims]))
        for i, claims in zip(checks, reviewed, strict=True):
            results[i] = ClaimAnalysis(kinds[i], known_claims=tuple(next(stored) for _ in claims))
        others = [i for i in range(len(articles)) if i not in results]
        for i, analysis in zip(others, self._analyse_news([articles[i] for i in others], [kinds[i] for i in others])):
            results[i] = analysis
        return [results[i] for i in range(len(articles))]

    def _analyse_news(self, articles: Sequence[ArticleInput], kinds: Sequence[KindGuess]) -> list[ClaimAnalysis]:
        if not articles:
            return []
        claims = [candidate_claims(a.title, a.text, a.language, max_claims=self.settings.max_claims, lead_chars=LEAD_CHARS)
                  for a in articles]
        sentences = [claim.text for per_article in claims for claim in per_article]
        sentence_vectors = self._sentence_vectors(sentences)
        languages = [a.language for a, per_article in zip(articles, claims, strict=True) for _ in per_article]
        matches = self._confirm(sentences, languages, self.index.search(sentence_vectors, k=NEIGHBOURS))
        sentence_scores = self.model.scores(sentence_vectors) if self.model else {}
        article_scores = (
            self.model.scores(self.embedder.embed_articles([classification_text(a.title, a.text) for a in articles]))
            if self.model else {}
        )
        out: list[ClaimAnalysis] = []
        row = 0
        for n, (article, kind, per_article) in enumerate(zip(articles, kinds, claims, strict=True)):
            scored: list[Claim] = []
            for claim in per_article:
                found = self._best(matches[row], article.language)
                scores = {task: float(values[row]) for task, values in sentence_scores.items()}
                scored.append(replace(claim, scores=scores, match=found))
                row += 1
            style = {task: float(values[n]) for task, values in article_scores.items()}
            flags = decide_flags(kind.kind, scored, article.language, self.points, style)
            out.append(ClaimAnalysis(kind, tuple(scored), flags))
        return out

    def _remember_vectors(self, sentences: Sequence[str], vectors: np.ndarray) -> None:
        if len(self._vectors) + len(sentences) > VECTOR_CACHE:
            self._vectors.clear()
        self._vectors.update(zip(sentences, vectors, strict=True))

    def _sentence_vectors(self, sentences: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(s for s in sentences if s not in self._vectors))
        if missing:
            self._remember_vectors(missing, self.embedder.embed(missing))
        return np.asarray([self._vectors[s] for s in sentences], dtype=np.float32)

    def _worth_reading(self, row: int, language: str | None, matches: Sequence[ClaimMatch]) -> list[tuple[int, int]]:
        """The neighbours of one sentence the reranker reads: per pairing it decides, the RERANK_PER_PAIRING closest
        above that pairing's cosine floor (each read is an encoder pass of the two sentences together)."""
        taken: Counter[str] = Counter()
        asks = []
        for j, match in enumerate(matches):  # nearest first
            floor = self.points.reranks(language, match.known.language)
            group = pairing(language, match.known.language)
            if floor is not None and match.similarity >= floor and taken[group] < RERANK_PER_PAIRING:
                taken[group] += 1
                asks.append((row, j))
        return asks

    def _margin(self, match: ClaimMatch, language: str | None) -> float:
        return self.points.strength(language, match)

    def rematch(self, analyses: Mapping[str, ClaimAnalysis],
                languages_by_id: Mapping[str, str | None]) -> dict[str, ClaimAnalysis]:
        """Stored analyses whose claims now match a known claim they did not match before, re-decided."""
        items = [(article_id, a) for article_id, a in analyses.items() if a.kind.kind is not ArticleKind.FACTCHECK and a.claims]
        sentences = [claim.text for _, a in items for claim in a.claims]
        if not sentences or not len(self.index):
            return {}
        languages = [languages_by_id.get(article_id) for article_id, a in items for _ in a.claims]
        matches = self._confirm(sentences, languages, self.index.search(self._sentence_vectors(sentences), k=NEIGHBOURS))
        changed: dict[str, ClaimAnalysis] = {}
        row = 0
        for article_id, analysis in items:
            claims = []
            language = languages_by_id.get(article_id)
            for claim in analysis.claims:
                found = self._best(matches[row], language)
                row += 1
                better = found is not None and (claim.match is None or self._margin(found, language)
                                                > self._margin(claim.match, language) + 1e-6)
                claims.append(replace(claim, match=found) if better else claim)
            if claims == list(analysis.claims):
                continue
            style = {flag.task: flag.score for flag in analysis.flags if flag.reason is FlagReason.STYLE}
            flags = decide_flags(analysis.kind.kind, claims, language, self.points, style)
            if flags != analysis.flags:
                changed[article_id] = ClaimAnalysis(analysis.kind, tuple(claims), flags, analysis.known_claims)
        return changed


def rematch_pending(store: Store, stage: ClaimStage, days: int) -> int:
    """Re-check recent articles if known claims arrived that they were not checked against (rematch_recent). The
    claims stay pending in the store until the re-check is done, so a process killed in between (after storing a
    fact-check, before the end of its run) leaves the re-check to the next run instead of losing it."""
    pending = store.claims.awaiting_rematch()
    if not pending:
        return 0
    updated = rematch_recent(store, stage, days)
    store.claims.mark_rematched(pending)
    return updated


def rematch_recent(store: Store, stage: ClaimStage, days: int) -> int:
    """Check the claims of articles processed in the last ``days`` against the known claims; returns how many
    articles gained a flag or a better match (their index documents are queued for update)."""
    since = datetime.now(UTC) - timedelta(days=days)
    ids = store.articles.processed_ids(since=since)
    updated = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        changed = stage.rematch(store.claims.analyses(chunk), store.articles.languages(chunk))
        updated += store.claims.replace_analyses(changed)
    return updated
