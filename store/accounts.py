"""Desk accounts: users with argon2 password hashes and a role, login sessions, API tokens for scripts.

Secrets are never stored: a session cookie and an API token are random strings of which only the SHA-256 is
kept (they carry 256 bits of randomness, so a fast hash is enough; passwords, which people choose, get argon2).
Failed passwords are counted per account; after ``max_attempts`` in a row the account is locked for a while.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.models import ApiTokenRow, UserRow, WebSessionRow, utcnow

Role = Literal["viewer", "reviewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)  # each role may do what the ones before it may
UI_LANGUAGES = ("en", "hi")
MIN_PASSWORD_CHARS = 10
TOKEN_PREFIX = "stk_"
LAST_USE_RESOLUTION = timedelta(minutes=1)
_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("satark: no such user")


class AccountError(ValueError):
    """An account change that cannot be made as asked; the message is one line for the user."""


class LoginResult(enum.Enum):
    OK = "ok"
    BAD_CREDENTIALS = "bad-credentials"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    active: bool
    ui_language: str
    created_at: datetime
    locked_until: datetime | None = None

    def may(self, role: Role) -> bool:
        """Whether this user's role includes ``role`` (viewer < reviewer < analyst < admin)."""
        return self.active and ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True, slots=True)
class LoginSession:
    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_name: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _user(row: UserRow) -> User:
    return User(row.name, row.role, row.active, row.ui_language, row.created_at, row.locked_until)  # type: ignore[arg-type]


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.user_name, row.label, row.created_at, row.last_used_at, row.revoked_at)


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")


class AccountRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- users ----------------------------------------------------------------------------------------------
    def add_user(self, name: str, password: str, role: str) -> User:
        name = name.strip()
        if not name or len(name) > 64 or any(ch.isspace() for ch in name):
            raise AccountError("a user name is 1 to 64 characters without spaces")
        _check_password(password)
        with self._sessions.begin() as session:
            if session.get(UserRow, name) is not None:
                raise AccountError(f"user {name!r} exists already")
            row = UserRow(name=name, password_hash=_hasher.hash(password), role=check_role(role), active=True,
                          ui_language="en", failed_logins=0, created_at=utcnow())
            session.add(row)
            session.flush()
            return _user(row)

    def get_user(self, name: str) -> User | None:
        with self._sessions() as session:
            row = session.get(UserRow, name)
            return _user(row) if row is not None else None

    def users(self) -> list[User]:
        with self._sessions() as session:
            return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name))]

    def _change(self, name: str, **values: object) -> User:
        with self._sessions.begin() as session:
            row = session.get(UserRow, name)
            if row is None:
                raise AccountError(f"no user named {name!r}")
            for key, value in values.items():
                setattr(row, key, value)
            if values.get("active") is False:
                session.execute(delete(WebSessionRow).where(WebSessionRow.user_name == name))
            return _user(row)

    def set_role(self, name: str, role: str) -> User:
        return self._change(name, role=check_role(role))

    def set_active(self, name: str, active: bool) -> User:
        """Disabling ends the user's sessions at once; their API tokens stop working while disabled."""
        return self._change(name, active=active, failed_logins=0, locked_until=None)

    def set_password(self, name: str, password: str) -> User:
        _check_password(password)
        return self._change(name, password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)

    def set_language(self, name: str, language: str) -> User:
        if language not in UI_LANGUAGES:
            raise AccountError(f"interface languages: {', '.join(UI_LANGUAGES)}")
        return self._change(name, ui_language=language)

    # -- logging in -----------------------------------------------------------------------------------------
    def authenticate(self, name: str, password: str, *, now: datetime, max_attempts: int,
                     lockout: timedelta) -> tuple[LoginResult, User | None]:
        with self._sessions.begin() as session:
            row = session.get(UserRow, name)
            if row is None:
                _verify(_DUMMY_HASH, password)
                return LoginResult.BAD_CREDENTIALS, None
            if not row.active:
                return LoginResult.DISABLED, None
            if row.locked_until is not None and row.locked_until > now:
                return LoginResult.LOCKED, None
            if not _verify(row.password_hash, password):
                row.failed_logins += 1
                if row.failed_logins >= max_attempts:
                    row.failed_logins, row.locked_until = 0, now + lockout
                    return LoginResult.LOCKED, None
                return LoginResult.BAD_CREDENTIALS, None
            row.failed_logins, row.locked_until = 0, None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            return LoginResult.OK, _user(row)

    def start_session(self, name: str, *, now: datetime, lifetime: timedelta) -> tuple[str, LoginSession]:
        """A new login session: (the cookie's token, the session). Expired sessions are cleared on the way."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
            row = session.get(UserRow, name)
            if row is None:
                raise AccountError(f"no user named {name!r}")
            session.add(WebSessionRow(token_hash=_digest(token), user_name=name, csrf_token=csrf, created_at=now,
                                      expires_at=now + lifetime))
            return token, LoginSession(_user(row), csrf, now + lifetime)

    def session_for(self, token: str, *, now: datetime) -> LoginSession | None:
        """The live session of a cookie's token: None if unknown, expired or the user is disabled."""
        with self._sessions() as session:
            found = session.execute(
                select(WebSessionRow, UserRow).join(UserRow, UserRow.name == WebSessionRow.user_name)
                .where(WebSessionRow.token_hash == _digest(token), WebSessionRow.expires_at > now, UserRow.active)
            ).first()
            if found is None:
                return None
            web_session, user = found
            return LoginSession(_user(user), web_session.csrf_token, web_session.expires_at)

    def end_session(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _digest(token)))

    # -- API tokens -----------------------------------------------------------------------------------------
    def create_token(self, name: str, label: str) -> tuple[ApiToken, str]:
        """A new token for ``name``: (its record, the secret, shown once)."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            if session.get(UserRow, name) is None:
                raise AccountError(f"no user named {name!r}")
            row = ApiTokenRow(user_name=name, label=label.strip() or "token", token_hash=_digest(secret),
                              created_at=utcnow())
            session.add(row)
            session.flush()
            return _token(row), secret

    def tokens(self, name: str | None = None) -> list[ApiToken]:
        with self._sessions() as session:
            query = select(ApiTokenRow).order_by(ApiTokenRow.id)
            if name is not None:
                query = query.where(ApiTokenRow.user_name == name)
            return [_token(row) for row in session.scalars(query)]

    def revoke_token(self, token_id: int, *, now: datetime) -> ApiToken:
        with self._sessions.begin() as session:
            row = session.get(ApiTokenRow, token_id)
            if row is None:
                raise AccountError(f"no API token with id {token_id}")
            row.revoked_at = row.revoked_at or now
            return _token(row)

    def user_for_token(self, secret: str, *, now: datetime) -> User | None:
        """The active user a live token belongs to, or None (unknown, revoked, or its user disabled)."""
        if not secret.startswith(TOKEN_PREFIX):
            return None
        with self._sessions.begin() as session:
            found = session.execute(
                select(ApiTokenRow, UserRow).join(UserRow, UserRow.name == ApiTokenRow.user_name)
                .where(ApiTokenRow.token_hash == _digest(secret), ApiTokenRow.revoked_at.is_(None), UserRow.active)
            ).first()
            if found is None:
                return None
            token, user = found
            # Every API request passes here: the last use is written at most once a minute, not on each call.
            if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
                session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token.id).values(last_used_at=now))
            return _user(user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
