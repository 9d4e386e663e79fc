"""Test corpus (Hindi, English, one Punjabi article) and plain-Python oracles for the index contract.

Besides news it holds fact-checks (hi-02, en-04, with the claim they review and their verdict) and opinion pieces
(hi-07, en-09). Flagged articles name why (matches-factcheck, style) with the sentence that drove the flag; en-06
is flagged without a reason, as articles flagged before claim-level flags were.

The oracles re-derive expected results from the documents with simple, independent code (whole-word
token sets, filters applied in Python), so tests compare the backend against an obvious reference
instead of hard-coded id lists.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

from index import IndexDocument, SearchIndex, SearchQuery
from index.hindi_fold import FOLDED_LANGUAGES, fold_word

IST = timezone(timedelta(hours=5, minutes=30))
UTC = UTC
ZWJ = "\u200d"
ZA_PRECOMPOSED = "\u095b"  # "ज़" as one code point; NFC turns it into ज + nukta (U+093C)
GHA_PRECOMPOSED = "\u095a"  # "ग़" likewise


def _ist(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=IST)


def _doc(
    id: str,
    title: str,
    text: str,
    *,
    language: str,
    source: str,
    published: datetime | None,
    fetched: datetime | None = None,
    score: float | None,
    flagged: bool,
    sentiment: str | None,
    tags: tuple[str, ...] = (),
    duplicate_of: str | None = None,
    hostility: tuple[str, ...] = (),
    kind: str = "news",
    flag_reasons: tuple[str, ...] = (),
    evidence: str | None = None,
    claim: str | None = None,
    verdict: str | None = None,
    match_url: str | None = None,
) -> IndexDocument:
    return IndexDocument(
        id=id,
        url=f"https://news.example/{id}",
        title=title,
        text=text,
        language=language,  # type: ignore[arg-type]
        source=source,
        tags=tags,
        published=published,
        fetched=fetched or (published + timedelta(minutes=30) if published else _ist(2024, 5, 5)),
        misinfo_score=score,
        flagged=flagged,
        sentiment=sentiment,  # type: ignore[arg-type]
        sentiment_score=None if sentiment is None else 0.8,
        duplicate_of=duplicate_of,
        models=("misinfo-tfidf-lr@1", "sentiment-lexicon@1"),
        hostility=hostility,
        kind=kind,  # type: ignore[arg-type]
        flag_reasons=flag_reasons,
        evidence=evidence,
        claim=claim,
        verdict=verdict,
        match_url=match_url,
    )


CORPUS: tuple[IndexDocument, ...] = (
    _doc(
        "hi-01",
        "प्रधानमंत्री ने वाराणसी की चुनावी रैली में विकास का वादा किया",
        # ZWJ inside the conjunct क्‍ष, as some CMSs emit it; it must still match "क्षेत्र".
        "वाराणसी में आयोजित जनसभा में प्रधानमंत्री ने आगामी लोकसभा चुनाव को लोकतंत्र का महापर्व बताया। "
        f"उन्होंने क{chr(0x94D)}{ZWJ}षेत्र के किसानों और युवाओं के लिए नई योजनाओं की घोषणा की।",
        language="hi", source="Dainik Jagran", published=_ist(2024, 4, 10), score=0.05,
        flagged=False, sentiment="positive", tags=("चुनाव", "रैली"),
    ),
    _doc(
        "hi-02",
        "फ़ैक्ट चेक: मतदान प्रतिशत <40% रहने का दावा भ्रामक",
        "सोशल मीडिया पर वायरल एक पोस्ट में दावा किया गया कि पहले चरण में मतदान प्रतिशत <40% रहा & युवा "
        "घर बैठे रहे। निर्वाचन आयोग के आँकड़ों के अनुसार यह दावा ग़लत है और मतदान 66% दर्ज हुआ।",
        language="hi", source="Amar Ujala", published=_ist(2024, 4, 12), score=0.82,
        flagged=False, sentiment="negative", tags=("फ़ैक्ट चेक", "मतदान"),
        hostility=("defamation", "hostile"),  # out of catalogue order; stored in it
        kind="factcheck", claim="पहले चरण में मतदान प्रतिशत 40% से कम रहा", verdict="भ्रामक",
    ),
    # Supplied in NFD and with the precomposed U+095B, as a badly encoded feed would deliver it.
    _doc(
        "hi-03",
        unicodedata.normalize("NFD", f"{ZA_PRECOMPOSED}िला प्रशासन ने मतदान केंद्रों पर सुरक्षा कड़ी की"),
        unicodedata.normalize(
            "NFD",
            f"{ZA_PRECOMPOSED}िला निर्वाचन अधिकारी के अनुसार संवेदनशील क्षेत्रों में अतिरिक्त पुलिस बल तैनात "
            "किया जाएगा। मतदाताओं से शांतिपूर्ण मतदान की अपील की गई।",
        ),
        language="hi", source="Dainik Bhaskar", published=_ist(2024, 4, 15), score=0.3,
        flagged=False, sentiment="neutral",
    ),
    _doc(
        "hi-04",
        "शुद्ध पेयजल के वादे पर विपक्ष ने सरकार को घेरा",
        "विपक्षी दलों ने आरोप लगाया कि कई गाँवों में अब भी शुद्ध पेयजल उपलब्ध नहीं है। "
        "सरकार ने इन आरोपों को चुनावी हथकंडा बताया।",
        language="hi", source="Navbharat Times", published=_ist(2024, 4, 18), score=0.65,
        flagged=True, sentiment="negative", hostility=("hostile", "offensive"),
        flag_reasons=("style",), evidence="सरकार ने इन आरोपों को चुनावी हथकंडा बताया।",
    ),
    _doc(
        "hi-05",
        "मुख्यमंत्री की सभा में उमड़ी भीड़",
        "लखनऊ में मुख्यमंत्री की जनसभा में हज़ारों लोग पहुँचे। उन्होंने प्रधानमंत्री की योजनाओं की सराहना की।",
        language="hi", source="Dainik Jagran", published=_ist(2024, 4, 20, 0, 15), score=None,
        flagged=False, sentiment=None,
    ),
    _doc(
        "hi-06",
        "मतदान प्रतिशत पर वायरल दावा भ्रामक निकला",
        "पहले चरण के मतदान को लेकर वायरल हो रहे दावे की जाँच में पाया गया कि आँकड़े ग़लत तरीके से पेश किए गए।",
        language="hi", source="BBC Hindi", published=_ist(2024, 4, 22), score=0.9,
        flagged=True, sentiment="negative", duplicate_of="hi-02", hostility=("hostile",),
        flag_reasons=("matches-factcheck",), match_url="https://news.example/hi-02",
        # With a precomposed nukta letter, as a badly encoded page would give it; stored NFC (ग + nukta).
        evidence=f"पहले चरण के मतदान को लेकर वायरल हो रहे दावे की जाँच में पाया गया कि आँकड़े {GHA_PRECOMPOSED}लत "
                 "तरीके से पेश किए गए।",
    ),
    _doc(
        "hi-07",
        "क्षेत्रीय दलों का गठबंधन: सीटों के बँटवारे पर सहमति",
        "क्षेत्रीय दलों के नेताओं ने बैठक के बाद कहा कि सीटों का बँटवारा आपसी सहमति से हुआ है।",
        language="hi", source="Amar Ujala", published=_ist(2024, 4, 25, 23, 30), score=0.15,
        flagged=False, sentiment="neutral", kind="opinion",
    ),
    _doc(
        "hi-08",
        "चुनाव आयोग ने आचार संहिता उल्लंघन पर नोटिस जारी किया",
        "चुनाव आयोग ने एक प्रत्याशी को आदर्श आचार संहिता के उल्लंघन के मामले में नोटिस भेजा है।",
        language="hi", source="BBC Hindi", published=None, fetched=_ist(2024, 4, 26, 9, 0), score=0.4,
        flagged=False, sentiment="neutral",
    ),
    _doc(
        "hi-09",
        "डीपफेक वीडियो से मतदाताओं को गुमराह करने की कोशिश",
        "पुलिस ने बताया कि एक नेता का डीपफेक वीडियो बनाकर मतदाताओं को गुमराह करने की कोशिश की गई। "
        "साइबर सेल मामले की जाँच कर रहा है।",
        language="hi", source="Dainik Bhaskar", published=_ist(2024, 5, 1), score=0.7,
        flagged=True, sentiment="negative", tags=("डीपफेक",), hostility=("hostile", "hate", "defamation"),
        flag_reasons=("style", "matches-factcheck"),  # out of order; stored strongest first
        evidence="पुलिस ने बताया कि एक नेता का डीपफेक वीडियो बनाकर मतदाताओं को गुमराह करने की कोशिश की गई।",
        match_url="https://factcheck.example/deepfake-neta",
    ),
    _doc(
        "hi-10",
        "युवा मतदाता पहली बार वोट डालने को उत्साहित",
        "दिल्ली विश्वविद्यालय के छात्रों ने कहा कि वे पहली बार मतदान करेंगे। "
        "मतदाता जागरूकता अभियान से युवाओं में उत्साह है।",
        language="hi", source="Navbharat Times", published=_ist(2024, 5, 3), score=0.2,
        flagged=False, sentiment="positive",
    ),
    _doc(
        "en-01",
        "Poll panel announces schedule for Lok Sabha elections",
        "The poll panel announced a seven-phase schedule for the general elections, with counting on "
        "June 4.",
        language="en", source="The Hindu", published=datetime(2024, 4, 11, 6, 0, tzinfo=UTC), score=0.1,
        flagged=False, sentiment="neutral", tags=("Lok Sabha 2024", "schedule"),
    ),
    _doc(
        "en-02",
        "Viral video claiming EVM tampering is fake",
        "A video shared widely on social media claims that electronic voting machines were tampered with "
        "in Bihar. Officials said the clip is from 2019 and unrelated to the current poll.",
        language="en", source="Times of India", published=_ist(2024, 4, 13), score=0.85,
        flagged=True, sentiment="negative", hostility=("hostile", "hate"),
        flag_reasons=("matches-factcheck", "style"), match_url="https://factcheck.example/evm-bihar-2019",
        evidence="A video shared widely on social media claims that electronic voting machines were tampered with "
                 "in Bihar.",
    ),
    _doc(
        "en-03",
        "Voters queue up early in Kerala as polling begins",
        "Long queues were seen outside polling booths in Kochi as voters turned out in large numbers. "
        "Local leaders urged first-time voters to participate.",
        language="en", source="Indian Express", published=_ist(2024, 4, 16), score=0.2,
        flagged=False, sentiment="positive",
    ),
    # 20:00 UTC on 19 April is 01:30 IST on 20 April: inside an IST "from 20 April" filter.
    _doc(
        "en-04",
        "Fact check: Doctored image of rally crowd circulates online",
        "An image showing a massive crowd at a rally in Mumbai was digitally altered, a fact check found. "
        "The original photo shows a much smaller gathering.",
        language="en", source="NDTV", published=datetime(2024, 4, 19, 20, 0, tzinfo=UTC), score=0.6,
        flagged=False, sentiment="negative",
        hostility=("offensive",),  # a fine label without the coarse one, as per-label thresholds allow
        kind="factcheck", claim="A photo shows a massive crowd at the Mumbai rally", verdict="Altered",
    ),
    _doc(
        "en-05",
        "Opposition alliance releases joint manifesto",
        "The opposition alliance released a joint manifesto promising farm loan waivers and job guarantees "
        "for young people.",
        language="en", source="The Hindu", published=_ist(2024, 4, 21), score=None,
        flagged=False, sentiment=None,
    ),
    _doc(
        "en-06",
        "EVM tampering video is old and misleading, say officials",
        "Election officials clarified that the viral clip of voting machines being opened is from a 2019 "
        "training session.",
        language="en", source="Times of India", published=_ist(2024, 4, 23), score=0.9,
        flagged=True, sentiment="negative", duplicate_of="en-02", hostility=("hostile",),
    ),
    _doc(
        "en-07",
        "Model code of conduct: Commission issues notice to candidate",
        "The commission issued a notice over remarks made at a public meeting, citing the model code of "
        "conduct.",
        language="en", source="Indian Express", published=_ist(2024, 4, 28), score=0.3,
        flagged=False, sentiment="neutral", tags=("MCC",),
    ),
    _doc(
        "en-08",
        "Turnout rises in second phase of polling",
        "Provisional figures show voter turnout rose in the second phase, with women voters outnumbering "
        "men in several states.",
        language="en", source="NDTV", published=_ist(2024, 5, 2), score=0.05,
        flagged=False, sentiment="positive",
    ),
    _doc(
        "en-09",
        "Explainer: How deepfakes are being used in election campaigns",
        "Political parties and their supporters have used AI-generated deepfake videos and cloned voices to "
        "reach voters in the campaign.",
        language="en", source="Scroll", published=None, fetched=_ist(2024, 5, 4, 8, 0), score=0.5,
        flagged=True, sentiment="neutral", tags=("deepfake",), kind="opinion",
        flag_reasons=("style",),
        evidence="Political parties and their supporters have used AI-generated deepfake videos and cloned voices "
                 "to reach voters in the campaign.",
    ),
    _doc(
        "pa-01",
        "ਚੋਣ ਕਮਿਸ਼ਨ ਨੇ ਵੋਟਿੰਗ ਦੀ ਤਾਰੀਖ਼ ਐਲਾਨੀ",
        "ਪੰਜਾਬ ਵਿੱਚ ਵੋਟਾਂ ਇੱਕ ਜੂਨ ਨੂੰ ਪੈਣਗੀਆਂ।",
        language="other", source="Jagbani", published=_ist(2024, 4, 30), score=0.1,
        flagged=False, sentiment="neutral",
    ),
)

BY_ID: dict[str, IndexDocument] = {d.id: d for d in CORPUS}


# -- oracles -------------------------------------------------------------------------------------


def _search_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).replace(ZWJ, "").replace("\u200c", "")


def tokenize(value: str) -> list[str]:
    """Reference word splitter: a word is a run of letters, digits and combining marks."""
    words: list[str] = []
    current: list[str] = []
    for ch in _search_text(value).lower():
        if unicodedata.category(ch)[0] in "LNM":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def doc_tokens(doc: IndexDocument) -> list[str]:
    return tokenize(doc.title) + tokenize(doc.text) + [t for tag in doc.tags for t in tokenize(tag)]


def ids_where(predicate: Callable[[IndexDocument], bool], docs: Iterable[IndexDocument] = CORPUS) -> set[str]:
    return {d.id for d in docs if predicate(d)}


def has_word(word: str) -> Callable[[IndexDocument], bool]:
    """As typed, or folded in a Hindi document (spelling variants and inflections, index.hindi_fold)."""
    target = tokenize(word)
    assert len(target) == 1, word
    folded = fold_word(target[0])
    return lambda d: target[0] in doc_tokens(d) or (
        d.language in FOLDED_LANGUAGES and folded in {fold_word(t) for t in doc_tokens(d)})


def has_exact_word(word: str) -> Callable[[IndexDocument], bool]:
    target = tokenize(word)
    assert len(target) == 1, word
    return lambda d: target[0] in doc_tokens(d)


def has_prefix(prefix: str) -> Callable[[IndexDocument], bool]:
    start = tokenize(prefix)[0]
    return lambda d: any(t.startswith(start) for t in doc_tokens(d))


def has_phrase(phrase: str) -> Callable[[IndexDocument], bool]:
    target = tokenize(phrase)

    def predicate(d: IndexDocument) -> bool:
        for field in (tokenize(d.title), tokenize(d.text)):
            for i in range(len(field) - len(target) + 1):
                if field[i : i + len(target)] == target:
                    return True
        return False

    return predicate


def newest_first(docs: Iterable[IndexDocument]) -> list[str]:
    """Reference 'newest' order: published desc (undated last), then fetched desc, then id."""
    def key(d: IndexDocument) -> tuple[int, float, float, str]:
        published = -d.published.timestamp() if d.published else 0.0
        return (d.published is None, published, -d.fetched.timestamp(), d.id)

    return [d.id for d in sorted(docs, key=key)]


def _day_start(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time.min, tzinfo=IST)


def _day_end(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time.max, tzinfo=IST)


def matches_filters(d: IndexDocument, q: SearchQuery) -> bool:
    """Reference implementation of SearchQuery's structured filters (dates are IST days)."""
    if q.languages and d.language not in q.languages:
        return False
    if q.sources and d.source not in q.sources:
        return False
    if q.sentiments and d.sentiment not in q.sentiments:
        return False
    if q.flagged is not None and d.flagged != q.flagged:
        return False
    if q.hostile is not None and ("hostile" in d.hostility) != q.hostile:
        return False
    if q.hostility and not set(q.hostility) & set(d.hostility):
        return False
    if q.kinds and d.kind not in q.kinds:
        return False
    if q.flag_reasons and not set(q.flag_reasons) & set(d.flag_reasons):
        return False
    if q.min_score is not None and (d.misinfo_score is None or d.misinfo_score < q.min_score):
        return False
    if q.max_score is not None and (d.misinfo_score is None or d.misinfo_score > q.max_score):
        return False
    if q.published_from is not None and (d.published is None or d.published < _day_start(q.published_from)):
        return False
    if q.published_to is not None and (d.published is None or d.published > _day_end(q.published_to)):
        return False
    if q.fetched_from is not None and d.fetched < q.fetched_from:
        return False
    if not q.include_duplicates and d.duplicate_of is not None:
        return False
    return True


def facet_oracle(ids: Iterable[str]) -> dict[str, dict[str, int]]:
    docs = [BY_ID[i] for i in ids]
    return {
        "language": dict(Counter(d.language for d in docs)),
        "source": dict(Counter(d.source for d in docs)),
        "sentiment": dict(Counter(d.sentiment for d in docs if d.sentiment is not None)),
        "flagged": dict(Counter("true" if d.flagged else "false" for d in docs)),
        "hostility": dict(Counter(label for d in docs for label in d.hostility)),
        "kind": dict(Counter(d.kind for d in docs)),
        "flag_reason": dict(Counter(reason for d in docs for reason in d.flag_reasons)),
    }


def search_ids(index: SearchIndex, text: str = "", **options: object) -> list[str]:
    """Ids of every hit (corpus fits on one page of 100), in result order."""
    result = index.search(SearchQuery(text=text, per_page=100, **options))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return [hit.id for hit in result.hits]
