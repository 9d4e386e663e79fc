"""What the classifiers said about stored articles, as one table for analysts (``notebooks/01``).

One row per article and task: source, language, day, the model's labels and top score, whether it
flagged, and the latest review decision, so flag rates can be cut by source, language, day and model.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select

from store.models import ArticleRow, ClassificationRow
from store.store import Store

COLUMNS = [
    "article_id", "source", "language", "day", "title", "task", "model", "labels", "score", "flagged", "review",
]
# Tasks whose labels are alerts; a sentiment label is a description, never a flag.
ALERT_TASKS = frozenset({"misinformation", "hostility"})


def classification_frame(store: Store, since: datetime | None = None, every_model: bool = False) -> pd.DataFrame:
    """Stored classifications joined with their articles (published day, else fetch day).

    By default only the newest verdict per article and task (what search shows); ``every_model`` keeps the
    verdicts of earlier models too, for comparing versions on the same articles.
    """
    query = select(
        ArticleRow.id, ArticleRow.source, ArticleRow.language, ArticleRow.published, ArticleRow.fetched_at,
        ArticleRow.title, ClassificationRow.task, ClassificationRow.model, ClassificationRow.labels,
        ClassificationRow.scores,
    ).join(ClassificationRow, ClassificationRow.article_id == ArticleRow.id).order_by(
        ClassificationRow.created_at, ClassificationRow.id
    )
    if since is not None:
        query = query.where(ArticleRow.fetched_at >= since)
    with store.sessions() as session:
        rows = session.execute(query).all()
    reviews = store.reviews.review_statuses(sorted({row.id for row in rows})) if rows else {}
    records = [
        {
            "article_id": row.id,
            "source": row.source,
            "language": row.language or "unknown",
            "day": (row.published or row.fetched_at).date(),
            "title": row.title,
            "task": row.task,
            "model": row.model,
            "labels": tuple(row.labels),
            "score": max(row.scores.values()) if row.scores else 0.0,
            "flagged": row.task in ALERT_TASKS and bool(row.labels),
            "review": reviews.get(row.id, "unreviewed") if row.task == "misinformation" else None,
        }
        for row in rows
    ]
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    if not every_model:
        frame = frame.drop_duplicates(subset=["article_id", "task"], keep="last").reset_index(drop=True)
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def flag_rates(frame: pd.DataFrame, by: list[str], task: str = "misinformation") -> pd.DataFrame:
    """Articles, flags and flag rate of ``task`` grouped by ``by`` (e.g. ["source"] or ["language", "day"])."""
    subset = frame[frame["task"] == task]
    grouped = subset.groupby(by, dropna=False)["flagged"].agg(articles="count", flagged="sum").reset_index()
    grouped["rate"] = grouped["flagged"] / grouped["articles"]
    return grouped.sort_values(by).reset_index(drop=True)
