"""Review decisions: what the monitoring cell decided about an article, per classifier task.

Decisions are an append-only history; the newest per (article, task) is the effective one. They feed two
things: the search index's review status (misinformation only) and training data (`satark labels export`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.tasks import HOSTILE, HOSTILITY, HOSTILITY_CLASSES, MISINFORMATION, SENTIMENT, TASKS
from store.models import (
    ArticleRow,
    ClassificationRow,
    OutboxRow,
    ReviewDecisionRow,
    utcnow,
)

Decision = Literal["confirmed", "dismissed"]
DECISIONS: tuple[str, ...] = get_args(Decision)

# Reviewers decide on what the pipeline shows them: the tasks run on articles, listed as the desk shows them.
REVIEW_TASKS: tuple[str, ...] = (MISINFORMATION, HOSTILITY, SENTIMENT)

# Corrections use the raw label names of the training data sets (CONSTRAINT's fine hostility labels, plus its
# "fake", which the hostility view reads as hostile; the sentiment classes), so an export reads back through the
# same task views as the shared data.
GENERIC_HOSTILE = HOSTILE
CORRECTED_LABELS: dict[str, frozenset[str]] = {
    HOSTILITY: frozenset({*HOSTILITY_CLASSES, "fake"}),
    SENTIMENT: frozenset(TASKS[SENTIMENT].classes),
}

# Shorter prefixes of a 20-hex-digit id collide too easily once the store holds a few thousand articles.
MIN_ID_PREFIX = 8
_HEX = re.compile(r"^[0-9a-f]+$")
_CHUNK = 500


class ReviewError(ValueError):
    """A decision that cannot be recorded as given; the message is one line for the user."""


class UnknownArticle(ReviewError):
    """No stored article has this id (or id prefix)."""


class AmbiguousArticleId(ReviewError):
    """An id prefix that matches more than one stored article."""


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    id: int
    article_id: str
    task: str
    decision: Decision
    label: str | None  # corrected label(s), comma-separated
    note: str | None
    reviewer: str | None
    model: str | None  # "NAME/VERSION" whose verdict was on the article when it was reviewed
    decided_at: datetime

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.label.split(",")) if self.label else ()


@dataclass(frozen=True, slots=True)
class ReviewedExample:
    """An effective decision as a training example: the article's text and the raw labels the decision implies."""

    article_id: str
    title: str
    text: str
    language: str | None
    task: str
    labels: tuple[str, ...]
    decided_at: datetime


def training_labels(decision: ReviewDecision) -> tuple[str, ...] | None:
    """The raw data-set labels a decision stands for, or None when it says nothing a model could learn.

    Misinformation and hostility use CONSTRAINT's names (fake/real, non-hostile and the fine hostility labels);
    a sentiment review teaches something only when the reviewer gave the right class.
    """
    confirmed = decision.decision == "confirmed"
    if decision.task == MISINFORMATION:
        return ("fake",) if confirmed else ("real",)
    if decision.task == HOSTILITY:
        return (decision.labels or (GENERIC_HOSTILE,)) if confirmed else ("non-hostile",)
    if decision.task == SENTIMENT:
        return decision.labels or None
    return None


def _to_record(row: ReviewDecisionRow) -> ReviewDecision:
    return ReviewDecision(row.id, row.article_id, row.task, cast(Decision, row.decision), row.label, row.note,
                          row.reviewer, row.model, row.decided_at)


def _clean_text(value: str | None) -> str | None:
    # NFC like every other stored text, so a note typed on another keyboard compares and searches the same.
    if value is None:
        return None
    cleaned = unicodedata.normalize("NFC", value).strip()
    return cleaned or None


def _checked_label(task: str, decision: str, label: str | None) -> str | None:
    if task not in REVIEW_TASKS:
        raise ReviewError(f"unknown review task {task!r}; one of {', '.join(REVIEW_TASKS)}")
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}")
    parts = [p.strip().lower() for p in (label or "").split(",")]
    labels = list(dict.fromkeys(p for p in parts if p))
    if not labels:
        return None
    if task == MISINFORMATION:
        raise ReviewError("the misinformation task takes no label: confirm means misinformation, dismiss means not")
    allowed = CORRECTED_LABELS[task]
    unknown = [p for p in labels if p not in allowed]
    if unknown:
        raise ReviewError(f"unknown {task} label {unknown[0]!r}; one of {', '.join(sorted(allowed))}")
    if task == SENTIMENT and len(labels) > 1:
        raise ReviewError("give one sentiment label (negative, neutral or positive)")
    if task == HOSTILITY and decision == "dismissed":
        raise ReviewError("a dismissed hostility flag means non-hostile; to correct the kind of hostility, "
                          "confirm with the right label")
    return ",".join(labels)


def _resolve(session: Session, article_id: str) -> ArticleRow:
    wanted = article_id.strip().lower()
    row = session.get(ArticleRow, wanted)
    if row is not None:
        return row
    if len(wanted) < MIN_ID_PREFIX or not _HEX.match(wanted):
        raise UnknownArticle(f"no article with id {article_id!r} (give the id or at least its first "
                             f"{MIN_ID_PREFIX} hex characters)")
    # A range on the primary key instead of LIKE: uses the index, and ids are lowercase hex so "g" sorts after
    # every id starting with the prefix.
    query = (select(ArticleRow).where(ArticleRow.id >= wanted, ArticleRow.id < wanted + "g")
             .order_by(ArticleRow.id).limit(3))
    matches = list(session.scalars(query))
    if not matches:
        raise UnknownArticle(f"no article with id {article_id!r}")
    if len(matches) > 1:
        shown = ", ".join(m.id for m in matches[:2]) + (", ..." if len(matches) > 2 else "")
        raise AmbiguousArticleId(f"article id prefix {article_id!r} matches several articles ({shown}); "
                                 f"give more characters")
    return matches[0]


class ReviewRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def resolve_id(self, article_id: str) -> str:
        """The full id of the one stored article whose id is, or starts with, `article_id` (>= 8 hex chars)."""
        with self._sessions() as session:
            return _resolve(session, article_id).id

    def record_decision(self, article_id: str, decision: str, *, task: str = MISINFORMATION,
                        label: str | None = None, note: str | None = None, reviewer: str | None = None,
                        decided_at: datetime | None = None) -> ReviewDecision:
        """Append a decision. A misinformation decision on a processed article also queues an index write in the
        same transaction, so search shows the review status once the outbox drains, even after an index outage.
        Raises ReviewError (UnknownArticle, AmbiguousArticleId) with a one-line message."""
        checked = _checked_label(task, decision, label)
        with self._sessions.begin() as session:
            article = _resolve(session, article_id)
            reviewed_model = session.scalars(
                select(ClassificationRow.model)
                .where(ClassificationRow.article_id == article.id, ClassificationRow.task == task)
                .order_by(ClassificationRow.created_at.desc(), ClassificationRow.id.desc())
                .limit(1)
            ).first()
            row = ReviewDecisionRow(article_id=article.id, task=task, decision=decision, label=checked,
                                    note=_clean_text(note), reviewer=_clean_text(reviewer), model=reviewed_model,
                                    decided_at=decided_at or utcnow())
            session.add(row)
            # Unprocessed articles are not in the index yet; processing queues them and reads the decision then.
            if task == MISINFORMATION and article.processed_at is not None:
                session.add(OutboxRow(article_id=article.id, op="upsert"))
            session.flush()
            return _to_record(row)

    def history(self, article_id: str) -> list[ReviewDecision]:
        """Every decision on one article, oldest first."""
        query = (select(ReviewDecisionRow).where(ReviewDecisionRow.article_id == article_id)
                 .order_by(ReviewDecisionRow.decided_at, ReviewDecisionRow.id))
        with self._sessions() as session:
            return [_to_record(row) for row in session.scalars(query)]

    def latest(self, article_id: str, task: str = MISINFORMATION) -> ReviewDecision | None:
        return self.latest_decisions([article_id], tasks=[task]).get((article_id, task))

    def latest_decisions(self, article_ids: Sequence[str] | None = None, *, tasks: Collection[str] | None = None,
                         since: datetime | None = None) -> dict[tuple[str, str], ReviewDecision]:
        """The effective decision per (article, task). `since` keeps those whose effective decision was taken then
        or later (an older decision that a newer one replaced never counts)."""
        out: dict[tuple[str, str], ReviewDecision] = {}
        chunks = ([list(article_ids[i : i + _CHUNK]) for i in range(0, len(article_ids), _CHUNK)]
                  if article_ids is not None else [None])
        with self._sessions() as session:
            for chunk in chunks:
                query = select(ReviewDecisionRow).order_by(ReviewDecisionRow.decided_at.desc(),
                                                           ReviewDecisionRow.id.desc())
                if chunk is not None:
                    query = query.where(ReviewDecisionRow.article_id.in_(chunk))
                if tasks is not None:
                    query = query.where(ReviewDecisionRow.task.in_(list(tasks)))
                for row in session.scalars(query):
                    out.setdefault((row.article_id, row.task), _to_record(row))
        if since is not None:
            out = {key: d for key, d in out.items() if d.decided_at >= since}
        return out

    def review_statuses(self, article_ids: Sequence[str]) -> dict[str, Decision]:
        """The search index's review status (confirmed/dismissed) of reviewed articles: their effective
        misinformation decision. Articles without one are absent (unreviewed)."""
        decisions = self.latest_decisions(article_ids, tasks=[MISINFORMATION])
        return {article_id: d.decision for (article_id, _), d in decisions.items()}

    def iter_labelled_examples(self, *, tasks: Collection[str] | None = None,
                               since: datetime | None = None) -> Iterator[ReviewedExample]:
        """Effective decisions that carry a training label, with their article's text, oldest decision first.
        The language is the detected one, else the source's hint (an article reviewed before processing)."""
        decisions = sorted(self.latest_decisions(tasks=tasks, since=since).values(),
                           key=lambda d: (d.decided_at, d.id))
        labelled = [(d, labels) for d in decisions if (labels := training_labels(d))]
        for start in range(0, len(labelled), _CHUNK):
            part = labelled[start : start + _CHUNK]
            wanted = {d.article_id for d, _ in part}
            with self._sessions() as session:
                articles = {a.id: a for a in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(wanted)))}
            for decision, labels in part:
                article = articles.get(decision.article_id)
                if article is None:  # deleted since the decisions were read
                    continue
                yield ReviewedExample(article.id, article.title, article.text,
                                      article.language or article.language_hint, decision.task, labels,
                                      decision.decided_at)
