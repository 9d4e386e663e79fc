"""Handing digests to the mail server: one connection per run, STARTTLS or implicit TLS, and each attempt's
outcome typed, so the caller knows what to retry.

- `sent`: the server accepted the message for the recipient.
- `refused`: the server refused the recipient for good (a 5xx reply to RCPT or DATA); not retried.
- `temporary`: anything else (the server unreachable, a 4xx reply, a lost connection, a TLS or login
  failure that a change of settings will cure); retried later with backoff.

The password is handed to the server and never written to a log, an error message or the store.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from types import TracebackType
from typing import Literal

from core.settings import AlertSettings

Outcome = Literal["sent", "refused", "temporary"]


@dataclass(frozen=True, slots=True)
class Attempt:
    outcome: Outcome
    detail: str  # the server's reply or the error, one line ("" when sent)


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(message.split())}"


def _login(connection: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib sends credentials as ASCII only; a Hindi password goes as AUTH PLAIN in UTF-8 (RFC 4616)."""
    if user.isascii() and password.isascii():
        connection.login(user, password)
        return
    connection.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = connection.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


class SmtpSender:
    """Opens its connection on the first send; after a connection failure the next send opens a new one."""

    def __init__(self, settings: AlertSettings) -> None:
        self._settings = settings
        self._smtp = settings.smtp
        self._connection: smtplib.SMTP | None = None
        self.unreachable = False  # the last connection attempt failed: the rest of the run need not try
        self.envelope_from = parseaddr(settings.sender)[1] or "satark@localhost"

    def _connect(self) -> smtplib.SMTP:
        smtp = self._smtp
        context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
        connection: smtplib.SMTP
        if smtp.security == "tls":
            connection = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s, context=context)
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        try:
            if smtp.security == "starttls":
                connection.starttls(context=context)
            if smtp.username:
                _login(connection, smtp.username, smtp.password.get_secret_value() if smtp.password else "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, address: str, message: bytes) -> Attempt:
        try:
            if self._connection is None:
                self.unreachable = True
                self._connection = self._connect()
                self.unreachable = False
            refused = self._connection.sendmail(self.envelope_from, [address], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(address, (0, b"refused"))
            return Attempt("refused" if code >= 500 else "temporary", _reply(code, text))
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            return Attempt("temporary", f"login refused: {_reply(exc.smtp_code, exc.smtp_error)}")
        except smtplib.SMTPDataError as exc:
            # A 5xx to DATA names this message (size, content policy): refused for good; 4xx: try again.
            return Attempt("refused" if exc.smtp_code >= 500 else "temporary", _reply(exc.smtp_code, exc.smtp_error))
        except smtplib.SMTPResponseException as exc:
            self.close()
            return Attempt("temporary", _reply(exc.smtp_code, exc.smtp_error))
        except (smtplib.SMTPException, OSError) as exc:  # unreachable, connection lost, TLS failure, timeout
            self.close()
            return Attempt("temporary", f"{type(exc).__name__}: {' '.join(str(exc).split()) or 'no reply'}")
        if address in refused:
            code, text = refused[address]
            return Attempt("refused" if code >= 500 else "temporary", _reply(code, text))
        return Attempt("sent", "")

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.quit()
            except (smtplib.SMTPException, OSError):
                self._connection.close()  # the server went away: nothing to say goodbye to
            self._connection = None

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
