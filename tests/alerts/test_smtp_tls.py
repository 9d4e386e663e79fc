"""Delivery over TLS with a login, against a real aiosmtpd server on loopback with a certificate made for the test:
STARTTLS, implicit TLS, a wrong password and an untrusted certificate (both wait, neither is a refusal)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alerts.smtp import SmtpSender
from core.settings import AlertSettings
from tests.alerts.conftest import Handler
from tests.conftest import free_port_block

USER, PASSWORD = "satark", "सही-पासवर्ड-2026"  # a non-ASCII password must survive AUTH too


def make_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and \
        auth_data.password == PASSWORD.encode("utf-8")
    return AuthResult(success=ok, handled=False)


@pytest.fixture(params=["starttls", "tls"])
def tls_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int, Path, Handler]]:
    cert, key = make_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, port = Handler(), free_port_block(1)
    common: dict[str, Any] = {"hostname": "127.0.0.1", "port": port, "authenticator": authenticator,
                              "auth_require_tls": True}
    if request.param == "starttls":
        controller = Controller(handler, tls_context=context, require_starttls=True, **common)
    else:
        # aiosmtpd counts only STARTTLS as TLS for AUTH; under implicit TLS the whole connection is encrypted.
        controller = Controller(handler, ssl_context=context, **{**common, "auth_require_tls": False})
    controller.start()
    yield request.param, port, cert, handler
    controller.stop()


def settings(security: str, port: int, ca_file: Path | None, password: str = PASSWORD) -> AlertSettings:
    return AlertSettings.model_validate({"sender": "Satark <alerts@desk.example>", "smtp": {
        "host": "127.0.0.1", "port": port, "security": security, "username": USER, "password": password,
        "ca_file": str(ca_file) if ca_file else None, "timeout_s": 5}})


def test_a_message_goes_over_tls_with_a_login(tls_server: tuple[str, int, Path, Handler]) -> None:
    security, port, cert, handler = tls_server
    with SmtpSender(settings(security, port, cert)) as sender:
        attempt = sender.send("asha@example.in", "Subject: नमस्ते\r\n\r\nठीक है\r\n".encode())
    assert attempt.outcome == "sent", attempt.detail
    assert [r.recipients for r in handler.received] == [["asha@example.in"]]


def test_a_wrong_password_waits_and_never_shows_the_password(tls_server: tuple[str, int, Path, Handler]) -> None:
    security, port, cert, handler = tls_server
    with SmtpSender(settings(security, port, cert, password="not-the-password")) as sender:
        attempt = sender.send("asha@example.in", b"Subject: x\r\n\r\nx\r\n")
    assert attempt.outcome == "temporary" and "login refused" in attempt.detail and "535" in attempt.detail
    assert "not-the-password" not in attempt.detail and handler.received == []


def test_an_untrusted_certificate_waits(tls_server: tuple[str, int, Path, Handler]) -> None:
    security, port, _, handler = tls_server
    with SmtpSender(settings(security, port, None)) as sender:
        attempt = sender.send("asha@example.in", b"Subject: x\r\n\r\nx\r\n")
        assert sender.unreachable
    assert attempt.outcome == "temporary" and "CERTIFICATE_VERIFY_FAILED" in attempt.detail
    assert handler.received == []
