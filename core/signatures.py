"""Signed, expiring tokens for links that act without a login (a digest's unsubscribe link).

A token is the payload as compact JSON and its HMAC-SHA256 under the installation's key, both base64url; the
payload carries its expiry (`exp`, Unix seconds). Nothing in it is secret, only unforgeable.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any


class BadToken(ValueError):
    """A token that was altered, signed with another key, malformed or expired; the message says which."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, payload: dict[str, Any], expires: datetime) -> str:
    body = json.dumps({**payload, "exp": int(expires.timestamp())}, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")
    return f"{_b64(body)}.{_b64(hmac.new(key, body, hashlib.sha256).digest())}"


def verify(key: bytes, token: str, now: datetime) -> dict[str, Any]:
    """The payload of a token signed with `key` that has not expired at `now`; raises BadToken otherwise."""
    try:
        body_part, signature_part = token.split(".")
        body, signature = _unb64(body_part), _unb64(signature_part)
    except (ValueError, binascii.Error) as exc:
        raise BadToken("the link is malformed (copied only in part?)") from exc
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        raise BadToken("the link's signature does not match")
    try:
        payload = json.loads(body)
        expires = int(payload["exp"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BadToken("the link's content is malformed") from exc
    if not isinstance(payload, dict):
        raise BadToken("the link's content is malformed")
    if now.timestamp() > expires:
        raise BadToken("the link has expired")
    return payload


UNSUBSCRIBE_KEY = "unsubscribe-links"  # the name of the installation secret that signs digests' unsubscribe links
