"""Interface text in English and Hindi. A user's choice is kept on their account; before login, in a cookie."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("en", "hi")
LANGUAGE_COOKIE = "satark_lang"

# Every key has both languages (tests/web/test_web_i18n.py checks it); a missing key shows the key itself.
MESSAGES: dict[str, dict[str, str]] = {
    "app.name": {"en": "Satark", "hi": "सतर्क"},
    "app.tagline": {"en": "Monitoring desk", "hi": "निगरानी डेस्क"},
    "nav.search": {"en": "Search", "hi": "खोज"},
    "nav.review": {"en": "Review queue", "hi": "समीक्षा कतार"},
    "nav.sources": {"en": "Sources", "hi": "स्रोत"},
    "nav.factchecks": {"en": "Fact-checks", "hi": "फ़ैक्ट चेक"},
    "factchecks.all": {"en": "All", "hi": "सभी"},
    "nav.dashboard": {"en": "Dashboard", "hi": "डैशबोर्ड"},
    "nav.models": {"en": "Models", "hi": "मॉडल"},
    "models.version": {"en": "Version", "hi": "संस्करण"},
    "models.created": {"en": "Trained", "hi": "प्रशिक्षित"},
    "models.by_language": {"en": "F1 by language", "hi": "भाषा के अनुसार F1"},
    "models.active": {"en": "active", "hi": "सक्रिय"},
    "models.promote": {"en": "Promote", "hi": "सक्रिय करें"},
    "models.rollback": {"en": "Roll back", "hi": "पिछले संस्करण पर लौटें"},
    "dashboard.days": {"en": "days", "hi": "दिन"},
    "dashboard.flags_by_language": {"en": "Flags per day, by language", "hi": "प्रतिदिन फ़्लैग, भाषा के अनुसार"},
    "dashboard.flags_by_reason": {"en": "Flags per day, by reason", "hi": "प्रतिदिन फ़्लैग, कारण के अनुसार"},
    "dashboard.sentiment": {"en": "Sentiment of each day's articles", "hi": "हर दिन के लेखों की भावना"},
    "dashboard.top_sources": {"en": "Sources flagged most", "hi": "सबसे ज़्यादा फ़्लैग वाले स्रोत"},
    "dashboard.crawl_health": {"en": "Crawl health", "hi": "क्रॉल की स्थिति"},
    "dashboard.failures": {"en": "Failures", "hi": "विफलताएँ"},
    "factchecks.repeated_by": {"en": "Repeated by", "hi": "इन लेखों ने दोहराया"},
    "nav.logout": {"en": "Log out", "hi": "लॉग आउट"},
    "nav.language": {"en": "हिन्दी", "hi": "English"},
    "login.title": {"en": "Log in", "hi": "लॉग इन"},
    "login.name": {"en": "User name", "hi": "उपयोगकर्ता नाम"},
    "login.password": {"en": "Password", "hi": "पासवर्ड"},
    "login.submit": {"en": "Log in", "hi": "लॉग इन करें"},
    "login.bad": {"en": "Wrong user name or password.", "hi": "उपयोगकर्ता नाम या पासवर्ड ग़लत है।"},
    "login.locked": {"en": "Too many failed attempts: try again later.",
                     "hi": "बहुत सारे असफल प्रयास: कुछ देर बाद फिर कोशिश करें।"},
    "login.expired": {"en": "The form had expired: please log in again.",
                      "hi": "फ़ॉर्म की अवधि समाप्त हो गई थी: कृपया फिर से लॉग इन करें।"},
    "login.disabled": {"en": "This account is disabled.", "hi": "यह खाता बंद है।"},
    "search.placeholder": {"en": "Search Hindi and English news", "hi": "हिन्दी और अंग्रेज़ी ख़बरें खोजें"},
    "search.submit": {"en": "Search", "hi": "खोजें"},
    "search.results": {"en": "results", "hi": "परिणाम"},
    "search.none": {"en": "No articles match.", "hi": "कोई लेख नहीं मिला।"},
    "search.export": {"en": "Export", "hi": "निर्यात"},
    "filter.language": {"en": "Language", "hi": "भाषा"},
    "filter.source": {"en": "Source", "hi": "स्रोत"},
    "filter.kind": {"en": "Kind", "hi": "प्रकार"},
    "filter.flag_reason": {"en": "Flag reason", "hi": "फ़्लैग का कारण"},
    "filter.sentiment": {"en": "Sentiment", "hi": "भावना"},
    "filter.hostility": {"en": "Hostility", "hi": "शत्रुता"},
    "filter.flagged": {"en": "Flagged", "hi": "फ़्लैग"},
    "filter.review": {"en": "Review status", "hi": "समीक्षा स्थिति"},
    "filter.from": {"en": "From", "hi": "से"},
    "filter.to": {"en": "To", "hi": "तक"},
    "filter.min_score": {"en": "Min. score", "hi": "न्यूनतम स्कोर"},
    "filter.max_score": {"en": "Max. score", "hi": "अधिकतम स्कोर"},
    "filter.apply": {"en": "Apply", "hi": "लागू करें"},
    "sort.label": {"en": "Sort", "hi": "क्रम"},
    "sort.relevance": {"en": "Relevance", "hi": "प्रासंगिकता"},
    "sort.newest": {"en": "Newest", "hi": "नवीनतम"},
    "sort.score": {"en": "Misinformation score", "hi": "भ्रामकता स्कोर"},
    "page.previous": {"en": "Previous", "hi": "पिछला"},
    "page.next": {"en": "Next", "hi": "अगला"},
    "article.original": {"en": "Original article", "hi": "मूल लेख"},
    "article.why": {"en": "Why it was flagged", "hi": "फ़्लैग क्यों किया गया"},
    "article.not_flagged": {"en": "Not flagged.", "hi": "फ़्लैग नहीं किया गया।"},
    "article.scores": {"en": "Classifier scores", "hi": "क्लासिफ़ायर स्कोर"},
    "article.related": {"en": "The same story elsewhere", "hi": "यही ख़बर और कहाँ"},
    "article.history": {"en": "Review history", "hi": "समीक्षा इतिहास"},
    "article.factcheck": {"en": "Fact-check", "hi": "फ़ैक्ट चेक"},
    "article.text": {"en": "Text", "hi": "पाठ"},
    "article.matches": {"en": "Repeats a claim rated", "hi": "इस दावे को दोहराता है, जिसे रेटिंग मिली"},
    "review.confirm": {"en": "Confirm flag", "hi": "फ़्लैग की पुष्टि करें"},
    "review.dismiss": {"en": "Dismiss flag", "hi": "फ़्लैग ख़ारिज करें"},
    "review.note": {"en": "Note", "hi": "टिप्पणी"},
    "review.queue_empty": {"en": "Nothing left to review.", "hi": "समीक्षा के लिए कुछ नहीं बचा।"},
    "review.keys": {"en": "Keys: c confirm, d dismiss, j next, k previous, o open",
                    "hi": "कुंजियाँ: c पुष्टि, d ख़ारिज, j अगला, k पिछला, o खोलें"},
    "review.status.unreviewed": {"en": "unreviewed", "hi": "समीक्षा बाक़ी"},
    "review.status.confirmed": {"en": "confirmed", "hi": "पुष्टि"},
    "review.status.dismissed": {"en": "dismissed", "hi": "ख़ारिज"},
    "reason.matches-factcheck": {"en": "matches a fact-check", "hi": "फ़ैक्ट चेक से मेल"},
    "reason.style": {"en": "reads like misinformation", "hi": "भ्रामक शैली"},
    "kind.news": {"en": "news", "hi": "ख़बर"},
    "kind.factcheck": {"en": "fact-check", "hi": "फ़ैक्ट चेक"},
    "kind.opinion": {"en": "opinion", "hi": "राय"},
    "sources.title": {"en": "Sources", "hi": "स्रोत"},
    "sources.articles": {"en": "Articles", "hi": "लेख"},
    "sources.last_crawl": {"en": "Last crawl", "hi": "पिछली क्रॉल"},
    "error.title": {"en": "Something is wrong", "hi": "कुछ ग़लत है"},
    "error.forbidden": {"en": "Your role does not allow this page.", "hi": "आपकी भूमिका इस पेज की अनुमति नहीं देती।"},
    "error.not_found": {"en": "Not found.", "hi": "नहीं मिला।"},
}


def translator(language: str) -> Callable[[str], str]:
    language = language if language in LANGUAGES else "en"

    def translate(key: str) -> str:
        return MESSAGES.get(key, {}).get(language, key)

    return translate
