"""Deterministic reader comments under each article.

Comment threads are classic extraction noise: they sit right after the story, contain full
sentences in the same language and must not end up in the extracted article text.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from demosites.corpus import DemoArticle
from demosites.schema import Language


@dataclass(frozen=True)
class ReaderComment:
    author: str
    posted: datetime
    text: str


_AUTHORS: dict[Language, tuple[str, ...]] = {
    "hi": ("रमेश यादव", "सुनीता देवी", "अंकित मिश्रा", "फ़ातिमा ख़ान", "विनोद कुमार", "प्रिया सिंह", "मनोज तिवारी"),
    "en": ("Rohit S.", "Anjali Menon", "Farhan Q.", "Deepa Iyer", "Karan Bedi", "Meera N.", "Suresh Pillai"),
}

_TEXTS: dict[Language, tuple[str, ...]] = {
    "hi": (
        "बहुत अच्छी रिपोर्ट, ज़मीनी हालात की सही तस्वीर दिखाई है।",
        "चुनाव के समय हर पार्टी यही वादे करती है, बाद में कोई नहीं पूछता।",
        "हमारे गाँव में अभी तक सड़क नहीं बनी, इस पर भी ख़बर कीजिए।",
        "इस ख़बर की पुष्टि कहाँ से हुई? स्रोत भी बताइए।",
        "युवाओं को रोज़गार चाहिए, भाषण नहीं।",
        "सही बात है, जनता सब देख रही है।",
        "आपके चैनल की ख़बरें हमेशा निष्पक्ष लगती हैं, धन्यवाद।",
    ),
    "en": (
        "Well reported. Would like to see a follow-up after polling day.",
        "Every party promises the same thing before elections and forgets afterwards.",
        "Can you share the source for these numbers? Seems too convenient.",
        "Our ward has had no water supply for a week, please cover that too.",
        "Balanced piece, thanks for not sensationalising it.",
        "Jobs and prices matter more than rallies. Nobody talks about that.",
        "Shared this with my family group, everyone should read it.",
    ),
}


def comments_for(article: DemoArticle) -> tuple[ReaderComment, ...]:
    """Two or three comments, stable for a given article (the page's ETag must not drift)."""
    seed = zlib.crc32(article.key.encode())
    count = 2 + seed % 2
    authors = _AUTHORS[article.language]
    texts = _TEXTS[article.language]
    return tuple(
        ReaderComment(
            author=authors[(seed + 3 * i) % len(authors)],
            posted=article.published + timedelta(hours=2 + 5 * i, minutes=(seed >> 4) % 50),
            text=texts[(seed // 7 + 2 * i) % len(texts)],
        )
        for i in range(count)
    )
