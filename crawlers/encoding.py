"""Decode fetched HTML bytes into text, surviving a declared charset that is wrong."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding


@dataclass(frozen=True, slots=True)
class DecodedPage:
    text: str
    encoding: str
    declared: str | None  # what the HTTP header (or else the meta tag) claimed
    mismatch: bool  # the declaration was wrong and was overridden


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    return codecs.lookup(resolved).name if resolved else None


def decode_html(body: bytes, content_type: str | None) -> DecodedPage:
    """Bytes -> text. Valid UTF-8 with non-ASCII bytes is taken as UTF-8 whatever the page declares (a legacy-encoded
    page is practically never valid UTF-8, while UTF-8 Hindi mislabelled as Latin-1 is common); otherwise the
    declared encodings are tried, then detection."""
    header = _norm(http_content_type_encoding(content_type or ""))
    meta = _norm(html_body_declared_encoding(body[:4096]))
    declared = header or meta
    # A byte-order mark outranks every declaration, as in browsers.
    for bom, bom_encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                              (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            text = body[len(bom):].decode(bom_encoding, "replace")
            return DecodedPage(text, bom_encoding, declared, declared not in (None, bom_encoding))
    try:
        utf8: str | None = body.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None:
        text = utf8
        mismatch = declared not in (None, "utf-8", "ascii") and not body.isascii()
        return DecodedPage(text, "utf-8", declared, mismatch)
    # Windows-1252 is what mislabelled Latin-script pages almost always are (the web's legacy default).
    for candidate in (header, meta, "cp1252"):
        if candidate and candidate != "utf-8":
            try:
                return DecodedPage(body.decode(candidate), candidate, declared,
                                   declared is not None and candidate != declared)
            except UnicodeDecodeError:
                continue
    best = from_bytes(body).best()
    guess = _norm(best.encoding) if best is not None else None
    encoding = guess if guess and guess != "utf-8" else "latin-1"
    return DecodedPage(body.decode(encoding, "replace"), encoding, declared,
                       declared is not None and declared != encoding)
