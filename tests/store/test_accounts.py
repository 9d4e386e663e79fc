"""Desk accounts in the store: argon2 hashes, the lockout after failed passwords, sessions that expire or end,
API tokens kept only as hashes and revoked at once, disabled users shut out everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store.accounts import AccountError, LoginResult
from store.models import ApiTokenRow, UserRow, WebSessionRow
from store.store import Store

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
LOCKOUT = timedelta(minutes=15)
PASSWORD = "सुरक्षित पासवर्ड 2026"  # Devanagari passwords work like any other


def _login(store: Store, password: str, now: datetime = NOW, name: str = "asha") -> LoginResult:
    result, _ = store.accounts.authenticate(name, password, now=now, max_attempts=3, lockout=LOCKOUT)
    return result


def test_passwords_are_stored_as_argon2_hashes_and_verified(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "reviewer")
    with store.sessions() as session:
        stored = session.get(UserRow, "asha")
        assert stored is not None and stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert _login(store, PASSWORD) is LoginResult.OK
    assert _login(store, PASSWORD + "x") is LoginResult.BAD_CREDENTIALS
    assert _login(store, PASSWORD, name="nobody") is LoginResult.BAD_CREDENTIALS


def test_bad_accounts_are_refused_with_one_line(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "viewer")
    for name, password, role in [("asha", PASSWORD, "viewer"), ("ravi", "short", "viewer"),
                                 ("ravi", PASSWORD, "boss"), ("two words", PASSWORD, "viewer")]:
        with pytest.raises(AccountError):
            store.accounts.add_user(name, password, role)


def test_repeated_failures_lock_the_account_for_a_while(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "reviewer")
    assert [_login(store, "wrong password!") for _ in range(3)] == [
        LoginResult.BAD_CREDENTIALS, LoginResult.BAD_CREDENTIALS, LoginResult.LOCKED]
    assert _login(store, PASSWORD) is LoginResult.LOCKED  # even the right password, while locked
    assert _login(store, PASSWORD, NOW + LOCKOUT + timedelta(seconds=1)) is LoginResult.OK
    # A success resets the count: two more failures do not lock.
    assert [_login(store, "wrong password!", NOW + LOCKOUT * 2) for _ in range(2)] == [LoginResult.BAD_CREDENTIALS] * 2


def test_sessions_keep_only_a_hash_and_expire(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "reviewer")
    token, session = store.accounts.start_session("asha", now=NOW, lifetime=timedelta(hours=1))
    with store.sessions() as db:
        assert token not in {row.token_hash for row in db.query(WebSessionRow)}
    assert store.accounts.session_for(token, now=NOW + timedelta(minutes=59)) == session
    assert store.accounts.session_for(token, now=NOW + timedelta(hours=1)) is None
    assert store.accounts.session_for("forged", now=NOW) is None


def test_logout_and_disabling_end_sessions_and_tokens(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "reviewer")
    first, _ = store.accounts.start_session("asha", now=NOW, lifetime=timedelta(hours=8))
    second, _ = store.accounts.start_session("asha", now=NOW, lifetime=timedelta(hours=8))
    _, secret = store.accounts.create_token("asha", "export")
    store.accounts.end_session(first)
    assert store.accounts.session_for(first, now=NOW) is None and store.accounts.session_for(second, now=NOW)
    store.accounts.set_active("asha", False)
    assert store.accounts.session_for(second, now=NOW) is None
    assert store.accounts.user_for_token(secret, now=NOW) is None
    assert _login(store, PASSWORD) is LoginResult.DISABLED
    store.accounts.set_active("asha", True)
    assert store.accounts.user_for_token(secret, now=NOW) is not None


def test_tokens_are_hashed_and_stop_when_revoked(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "analyst")
    token, secret = store.accounts.create_token("asha", "nightly")
    with store.sessions() as db:
        row = db.get(ApiTokenRow, token.id)
        assert row is not None and secret not in row.token_hash
    user = store.accounts.user_for_token(secret, now=NOW)
    assert user is not None and user.role == "analyst" and user.may("reviewer") and not user.may("admin")
    assert store.accounts.tokens("asha")[0].last_used_at == NOW
    store.accounts.user_for_token(secret, now=NOW + timedelta(seconds=30))  # no write within the minute
    assert store.accounts.tokens("asha")[0].last_used_at == NOW
    store.accounts.user_for_token(secret, now=NOW + timedelta(minutes=2))
    assert store.accounts.tokens("asha")[0].last_used_at == NOW + timedelta(minutes=2)
    store.accounts.revoke_token(token.id, now=NOW)
    assert store.accounts.user_for_token(secret, now=NOW) is None
    with pytest.raises(AccountError):
        store.accounts.revoke_token(999, now=NOW)


def test_roles_and_interface_language_change(store: Store) -> None:
    store.accounts.add_user("asha", PASSWORD, "viewer")
    assert store.accounts.set_role("asha", "admin").may("analyst")
    assert store.accounts.set_language("asha", "hi").ui_language == "hi"
    with pytest.raises(AccountError):
        store.accounts.set_language("asha", "fr")
