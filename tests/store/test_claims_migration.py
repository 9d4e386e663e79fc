"""Migration 0003 (claim analysis) on a store that already holds data: upgraded in place, and downgraded without
losing what refers to the articles (a batch copy of `articles` would cascade-delete raw pages and verdicts)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, func, insert, inspect, select, text

from core.records import ExtractedArticle
from store.database import alembic_config, create_store_engine, migration_heads
from store.models import Base
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
WHEN = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
NEW_TABLES = {"claim_reviews", "known_claims", "article_claims", "article_flags"}
KIND_COLUMNS = {"kind", "kind_evidence", "kind_detail"}
OLD_TABLES = ("articles", "raw_pages", "classifications", "review_decisions")
TABLES = Base.metadata.tables


def _migrate(engine: Engine, db_url: str, revision: str, *, up: bool) -> None:
    config = alembic_config(db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.upgrade if up else command.downgrade)(config, revision)


def _insert_old_rows(engine: Engine, article: ExtractedArticle) -> None:
    # Core inserts name only the columns 0002 had, so they run against the old schema.
    with engine.begin() as connection:
        connection.execute(insert(TABLES["articles"]).values(
            id=article.id, url=article.url, fetched_url=article.fetched_url, source=article.source, via="feed",
            title=article.title, text=article.text, author=article.author, published=article.published, tags=[],
            fetched_at=article.fetched_at, language="hi", language_confidence=0.99, language_method="script",
            processed_at=WHEN))
        connection.execute(insert(TABLES["raw_pages"]).values(
            article_id=article.id, fetched_url=article.fetched_url, status=200, content_type="text/html",
            encoding="utf-8", html_zlib=zlib.compress(article.raw_html), fetched_at=article.fetched_at))
        connection.execute(insert(TABLES["classifications"]).values(
            article_id=article.id, task="misinformation", model="tfidf-lr/1", labels=["misinformation"],
            scores={"misinformation": 0.9}, created_at=WHEN))
        connection.execute(insert(TABLES["review_decisions"]).values(
            article_id=article.id, task="misinformation", decision="confirmed", note="फ़र्ज़ी दावा", decided_at=WHEN))


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: int(connection.scalar(select(func.count()).select_from(TABLES[name])) or 0)
                for name in OLD_TABLES}


def test_a_0002_store_with_hindi_data_is_upgraded_in_place(db_url: str, make_article: ArticleFactory) -> None:
    article = make_article("evm-chip-purana", hindi=True)
    engine = create_store_engine(db_url)  # foreign keys on, as the store runs
    try:
        _migrate(engine, db_url, "0002", up=True)
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
        _insert_old_rows(engine, article)

        opened = Store(db_url)
        try:
            row = opened.articles.get(article.id)
            assert row is not None
            assert (row.title, row.text, row.author) == (article.title, article.text, "राजेश कुमार")
            assert (row.kind, row.kind_evidence, row.kind_detail) == (None, None, None)
            page = opened.articles.raw_page(article.id)
            assert page is not None and page.html == article.raw_html
            assert [c.labels for c in opened.articles.classifications(article.id)] == [["misinformation"]]
            assert [d.note for d in opened.reviews.history(article.id)] == ["फ़र्ज़ी दावा"]
            # Processed before claim analysis existed: no kind, so no analysis and no reviews yet.
            assert opened.claims.analyses([article.id]) == {}
            assert opened.claims.reviews_for([article.id]) == {}
            assert opened.claims.known_count() == 0
        finally:
            opened.close()
        assert NEW_TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            assert versions == sorted(migration_heads())
    finally:
        engine.dispose()


def test_downgrade_to_0002_keeps_every_row_that_refers_to_an_article(db_url: str, make_article: ArticleFactory) -> None:
    engine = create_store_engine(db_url)
    try:
        _migrate(engine, db_url, "0002", up=True)
        _insert_old_rows(engine, make_article("hindi", hindi=True))
        _insert_old_rows(engine, make_article("english", hindi=False))
        _migrate(engine, db_url, "head", up=True)
        before = _counts(engine)
        assert before == {"articles": 2, "raw_pages": 2, "classifications": 2, "review_decisions": 2}

        _migrate(engine, db_url, "0002", up=False)
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
        assert not KIND_COLUMNS & {c["name"] for c in inspect(engine).get_columns("articles")}
        assert "ix_articles_kind" not in {i["name"] for i in inspect(engine).get_indexes("articles")}
        assert _counts(engine) == before

        _migrate(engine, db_url, "head", up=True)
        assert _counts(engine) == before
        assert KIND_COLUMNS <= {c["name"] for c in inspect(engine).get_columns("articles")}
    finally:
        engine.dispose()


def test_0004_keeps_stored_matches_and_leaves_their_same_claim_empty(db_url: str, make_article: ArticleFactory) -> None:
    article = make_article("evm-chip-dawa", hindi=True)
    engine = create_store_engine(db_url)
    try:
        _migrate(engine, db_url, "0003", up=True)
        _insert_old_rows(engine, article)
        with engine.begin() as connection:  # a match stored by 0003, before the claim reranker
            known = connection.execute(insert(TABLES["known_claims"]).values(
                text="ईवीएम में गुप्त चिप लगी है", text_key="ईवीएम में गुप्त चिप लगी है", language="hi", rating="फ़र्ज़ी",
                origin="test", created_at=WHEN)).inserted_primary_key[0]
            connection.execute(insert(TABLES["article_claims"]).values(
                article_id=article.id, position=0, text="ईवीएम में चिप लगाकर वोट बदले गए", checkworthiness=0.9,
                scores={}, known_claim_id=known, similarity=0.91))
            connection.execute(text("UPDATE articles SET kind = 'news', kind_evidence = 'default'"))
        opened = Store(db_url)
        try:
            [claim] = opened.claims.analyses([article.id])[article.id].claims
            assert claim.match is not None and claim.match.similarity == 0.91 and claim.match.same_claim is None
        finally:
            opened.close()
        columns = {c["name"] for c in inspect(engine).get_columns("article_flags")}
        assert "same_claim" in columns
        _migrate(engine, db_url, "0003", up=False)
        assert "same_claim" not in {c["name"] for c in inspect(engine).get_columns("article_claims")}
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(TABLES["articles"])) == 1
    finally:
        engine.dispose()
