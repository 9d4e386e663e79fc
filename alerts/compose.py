"""A digest as an email: HTML with inline CSS (mail programs drop style sheets) readable on a phone, a plain-text
alternative, the trend chart as an inline PNG, headers encoded per RFC 2047 by the standard library, and a
one-click `List-Unsubscribe` (RFC 8058) with a signed, expiring link that the desk honours."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from alerts.chart import trend_png
from alerts.selection import REASONS, DigestItem, Selection
from alerts.strings import translator
from core.links import web_link
from core.settings import AlertSettings
from core.signatures import sign
from index.dates import IST
from index.documents import SearchHit
from store.subscriptions import Subscription

TEMPLATES = Path(__file__).with_name("templates")
# System fonts with Devanagari on phones and desktops; no web fonts (mail programs block them, a war room may be offline).
FONTS = "'Noto Sans', 'Noto Sans Devanagari', 'Nirmala UI', Mangal, 'Kohinoor Devanagari', Arial, sans-serif"


_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_environment.filters["href"] = web_link


@dataclass(frozen=True, slots=True)
class Recipient:
    address: str
    message_id: str
    unsubscribe_url: str


def message_id(subscription_id: int, day: date, address: str, desk_url: str) -> str:
    """The same digest to the same address always has the same Message-ID, so a resend is recognisable."""
    domain = urlsplit(desk_url).hostname or "satark.local"
    person = hashlib.sha256(address.lower().encode("utf-8")).hexdigest()[:16]
    return f"<satark-digest.{subscription_id}.{day:%Y%m%d}.{person}@{domain}>"


def recipient(subscription: Subscription, day: date, address: str, settings: AlertSettings, key: bytes,
              now: datetime) -> Recipient:
    token = sign(key, {"s": subscription.id, "a": address}, now + timedelta(days=settings.unsubscribe_days))
    return Recipient(address, message_id(subscription.id, day, address, settings.desk_url),
                     f"{settings.desk_url.rstrip('/')}/unsubscribe?t={token}")


def _when(hit: SearchHit) -> str:
    moment = hit.published or hit.fetched
    return moment.astimezone(IST).strftime("%d/%m/%Y %H:%M IST")


def _groups(items: tuple[DigestItem, ...]) -> list[tuple[str, list[DigestItem]]]:
    return [(reason, group) for reason in REASONS if (group := [item for item in items if item.reason == reason])]


def compose(selection: Selection, subscription: Subscription, day: date, to: Recipient, settings: AlertSettings,
            now: datetime) -> EmailMessage:
    t = translator(subscription.mail_language)
    desk = settings.desk_url.rstrip("/")
    total = len(selection.items) + selection.more
    name = subscription.search.name
    subject = (t("subject", name=name, count=total, day=day.isoformat()) if selection.items
               else t("subject.empty", name=name, day=day.isoformat()))
    chart_cid = make_msgid(domain=urlsplit(desk).hostname or "satark.local")
    context = {
        "t": t, "lang": subscription.mail_language, "subject": subject, "name": name, "day": day.isoformat(),
        "items": selection.items, "groups": _groups(selection.items), "total": total, "more": selection.more,
        "when": _when, "article_url": lambda article_id: f"{desk}/articles/{article_id}", "fonts": FONTS,
        "search_url": f"{desk}/search?{selection.desk_query}", "unsubscribe_url": to.unsubscribe_url,
        "chart_cid": chart_cid[1:-1],
    }
    message = EmailMessage(policy=SMTP)
    message["From"] = settings.sender
    message["To"] = to.address
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = to.message_id
    message["List-Unsubscribe"] = f"<{to.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Satark-Digest"] = f"{subscription.id}/{day.isoformat()}"
    # base64: Devanagari in quoted-printable is three times its size, and 8-bit needs the server's 8BITMIME.
    message.set_content(_environment.get_template("digest.txt").render(context), charset="utf-8", cte="base64")
    message.add_alternative(_environment.get_template("digest.html").render(context), subtype="html",
                            charset="utf-8", cte="base64")
    if selection.items:
        html_part = cast(EmailMessage, message.get_payload()[1])  # type: ignore[index]
        html_part.add_related(trend_png(selection.trend), maintype="image", subtype="png", cid=chart_cid,
                              filename="trend.png")
    return message
