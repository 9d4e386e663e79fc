"""The check-worthy sentences of an article: what a fact-checker would look at first.

The headline is always a candidate (position 0). Body sentences come from the lead (the first `lead_chars`
characters, cut at a sentence end), numbered from 1, and each gets a check-worthiness in [0, 1] from cues that a
desk can read back, no model:

    0.10  base: every sentence might assert something
  + 0.30  a number, date or amount: digits (Latin or Devanagari), ₹/Rs, %, प्रतिशत, फ़ीसदी, करोड़, लाख, हज़ार,
          crore, lakh, a month or weekday name. Checkable facts are mostly quantities and dates.
  + 0.15  a named actor: a capitalised word past the first (English), an acronym (EVM, JVP), or an institution or
          office word (आयोग, सरकार, मंत्री, पुलिस, प्रत्याशी ...) in Hindi, which has no capitals.
  + 0.20  attribution: "said", "according to", "told", "कहा", "बताया", "के मुताबिक", "के अनुसार" ...
  + 0.20  a claim or promise: "claimed", "viral", "warns", "will get", "alleged", "दावा", "वायरल", "मिलेगा",
          "होगा", "ऐलान", "लागू" ... Rumours and manifestos state what will happen to the reader.
  - 0.30  fewer than 5 words: too little to check ("There were caveats.").
  - 0.20  more than 60 words: a run-on paragraph, not one claim.
  - 0.25  reaction or opinion: mostly a quotation with no number in it, or a reaction word ("shameful",
          "welcomed", "शर्मनाक", "स्वागत", "निंदा").
  - 0.30  a question with no number and no claim cue ("क्या यह सच है?").
The result is clipped to [0, 1]. Boilerplate ("Also read", "यह भी पढ़ें", bylines, a dateline such as "पटना।" or
"(Agency)" on its own) scores 0, and a sentence scoring 0 is never a candidate. A dateline that opens a sentence
("Patna, November 9 (Agency): ...") is cut off the claim's text, so it neither earns the date cue nor muddies claim
matching.

The top `max_claims - 1` body sentences by check-worthiness (ties: the earlier one) join the headline, all in
reading order. Claims are NFC (`core.text.normalise_text`); a sentence that repeats the headline or an earlier
sentence is kept once.
"""

from __future__ import annotations

import re

from claims.cues import cue_pattern, fold, folded_regex
from claims.sentences import split_sentences
from core.claims import Claim
from core.text import normalise_text

BASE = 0.10
NUMBER = 0.30
ACTOR = 0.15
ATTRIBUTION = 0.20
CLAIM_CUE = 0.20
SHORT = -0.30
LONG = -0.20
REACTION = -0.25
QUESTION = -0.30
MIN_WORDS = 5
MAX_WORDS = 60

_MONTHS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर सितम्बर अक्टूबर नवंबर नवम्बर दिसंबर दिसम्बर "
    "सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार"
).split()
_NUMBER_WORDS = cue_pattern(
    ["प्रतिशत", "फ़ीसदी", "करोड़", "लाख", "हज़ार", "रुपये", "रुपए", "crore", "lakh", "million", "billion", "percent",
     "per cent", "rs", "rupees", *_MONTHS]
)  # fmt: skip
_DIGITS = re.compile(r"[0-9०-९₹%]")
_HINDI_ACTORS = cue_pattern(
    ["आयोग", "सरकार", "मंत्री", "मुख्यमंत्री", "प्रधानमंत्री", "मंत्रालय", "पार्टी", "दल", "मोर्चा", "पुलिस", "अदालत",
     "कोर्ट", "प्रशासन", "विधायक", "सांसद", "अधिकारी", "अधिकारियों", "प्रवक्ता", "नेता", "अध्यक्ष", "कंपनी", "बैंक",
     "विभाग", "संस्थापक", "प्रत्याशी", "उम्मीदवार", "डॉ.", "डॉक्टर", "वैज्ञानिक", "इंजीनियर", "निगम", "संगठन",
     "ज़िलाधिकारी", "कलेक्टर", "डीएम", "एसपी", "कमिश्नर", "समिति", "बोर्ड", "विश्वविद्यालय", "संस्थान"],
    prefix=True,
)  # fmt: skip
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][a-z][\w’'.-]*")
_ATTRIBUTION = cue_pattern(
    ["said", "says", "told", "according to", "stated", "quoted", "reported", "sources", "कहा", "कहना", "कहते", "कहती",
     "बताया", "बताते", "बताती", "बताया जा रहा", "के मुताबिक", "के अनुसार", "सूत्रों", "बयान"]
)  # fmt: skip
_CLAIM_CUES = cue_pattern(
    ["claim", "claims", "claimed", "viral", "warns", "warned", "will get", "will be", "will come", "will receive",
     "will cost", "will be credited", "alleged", "allegedly", "reveals", "revealed", "exposes", "proves", "announced",
     "promised", "promises", "pledged", "confirmed", "denied", "launched", "shifted", "has been moved", "cures",
     "दावा", "दावे", "दावों", "वायरल", "मिलेगा", "मिलेगी", "मिलेंगे", "होगा", "होगी", "होंगे", "जाएगा", "जाएगी",
     "जाएंगे", "जाएँगे", "कटेंगे", "ऐलान", "घोषणा", "वादा", "आरोप", "चेतावनी", "खुलासा", "पुष्टि", "लागू"]
)  # fmt: skip
_REACTION = cue_pattern(
    ["shameful", "condemn", "condemned", "welcome", "welcomed", "unfortunate", "proud", "i think", "i believe",
     "we believe", "in my opinion", "we hope", "शर्मनाक", "निंदा", "स्वागत", "दुर्भाग्यपूर्ण", "गर्व", "मुझे लगता",
     "हमें उम्मीद", "मेरा मानना", "बधाई"]
)  # fmt: skip
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?![a-z])")
_BOILERPLATE = folded_regex(
    r"^(?:also read|read also|read more|see also|must read|click here|follow us|subscribe|download the|sign up for|"
    r"with inputs from|inputs from|reported by|written by|edited by|updated:|published:|first published|"
    r"last updated|copyright|all rights reserved|©|by (?:[a-z.’'-]+ ?){1,4}$|\(?with inputs|"
    r"यह भी पढ़ें|ये भी पढ़ें|इसे भी पढ़ें|यह भी देखें|ये भी देखें|और पढ़ें|पढ़ें:|वीडियो देखें|देखें वीडियो|"
    r"हमें फ़ॉलो करें|फ़ॉलो करें|सब्सक्राइब|ऐप डाउनलोड|रिपोर्ट:|संवाददाता|एजेंसी डेस्क|agency desk|अपडेटेड|"
    r"प्रकाशित:|इनपुट:|इनपुट एजेंसी|लेखक:|सभी अधिकार सुरक्षित)"
)
_AGENCY = r"\((?:agency|agencies|pti|ians|ani|uni|reuters|afp|ap|एजेंसी|भाषा|वार्ता|आईएएनएस|पीटीआई|यूएनआई)\)"
_NOT_DATELINE = r"[^,:;।()\"“‘]"
# "Patna, November 9 (Agency):", "पटना, 7 नवंबर (एजेंसी)।", "(Agency)" and "LUCKNOW:" opening a sentence.
_AGENCY_DATELINE = re.compile(
    rf"^\s*(?:{_NOT_DATELINE}{{1,40}},\s*)?{_NOT_DATELINE}{{0,25}}?\s*{_AGENCY}\s*[:।\-–—]?\s*", re.IGNORECASE
)
_CAPS_DATELINE = re.compile(r"^[A-Z]{3,}(?:[ /-][A-Z]{3,})?\s*:\s*")
_PLACE_ALONE = re.compile(r"^[^\d\s।:]+(?:\s[^\d\s।:]+)?\s*[।:]$")  # "लखनऊ।", "नई दिल्ली/पटना।"
_NOT_ACTORS = frozenset("I I’m I'm We The A An It He She They This That These Those But And In On At If No Yes My Our".split())


def candidate_claims(title: str, text: str, language: str | None, *, max_claims: int = 5, lead_chars: int = 1500) -> list[Claim]:
    """The headline (position 0, unless empty) and the lead's most check-worthy sentences, in reading order."""
    if max_claims < 1:
        raise ValueError("max_claims must be at least 1")
    headline = normalise_text(title)
    seen: set[str] = set()
    chosen: list[Claim] = []
    if headline:
        chosen.append(Claim(text=headline, position=0, checkworthiness=checkworthiness(headline)))
        seen.add(_dedupe_key(headline))
    body: list[Claim] = []
    for index, sentence in enumerate(lead_sentences(normalise_text(text), language, lead_chars)):
        claim_text = strip_dateline(sentence)
        key = _dedupe_key(claim_text)
        if not claim_text or key in seen:
            continue
        seen.add(key)
        score = checkworthiness(claim_text)
        if score > 0:
            body.append(Claim(text=claim_text, position=1 + index, checkworthiness=score))
    body.sort(key=lambda claim: (-claim.checkworthiness, claim.position))
    chosen.extend(body[: max_claims - len(chosen)])
    return sorted(chosen, key=lambda claim: claim.position)


def lead_sentences(text: str, language: str | None, lead_chars: int) -> list[str]:
    """The sentences that end within the first `lead_chars` characters of the text."""
    # A little text past the lead lets the splitter see whether the last sentence in the lead is whole.
    window = text[: lead_chars + 400]
    sentences: list[str] = []
    cursor = 0
    for sentence in split_sentences(window, language):
        cursor = window.find(sentence, cursor) + len(sentence)
        if cursor > lead_chars:
            break  # past the lead; with text beyond the window, also a sentence the window cut short
        sentences.append(sentence)
    return sentences


def strip_dateline(sentence: str) -> str:
    """The sentence without an opening dateline; empty when the dateline is all there is."""
    if _PLACE_ALONE.match(sentence):
        return ""
    match = _AGENCY_DATELINE.match(sentence) or _CAPS_DATELINE.match(sentence)
    return sentence[match.end() :].strip() if match else sentence


def checkworthiness(sentence: str) -> float:
    """How much a sentence asserts something checkable, in [0, 1]; the weights are in the module docstring."""
    folded = fold(sentence)
    if not folded or _BOILERPLATE.match(folded) or not strip_dateline(sentence):
        return 0.0
    number = bool(_DIGITS.search(folded) or _NUMBER_WORDS.search(folded))
    claim_cue = bool(_CLAIM_CUES.search(folded))
    score = BASE
    score += NUMBER if number else 0.0
    score += ACTOR if _has_actor(sentence, folded) else 0.0
    score += ATTRIBUTION if _ATTRIBUTION.search(folded) else 0.0
    score += CLAIM_CUE if claim_cue else 0.0
    words = len(folded.split())
    score += SHORT if words < MIN_WORDS else LONG if words > MAX_WORDS else 0.0
    if _REACTION.search(folded) or (not number and _quoted_share(sentence) >= 0.5):
        score += REACTION
    if folded.rstrip("\"'”’»)").endswith("?") and not (number or claim_cue):
        score += QUESTION
    return min(1.0, max(0.0, round(score, 4)))


def _has_actor(sentence: str, folded: str) -> bool:
    if _ACRONYM.search(sentence) or _HINDI_ACTORS.search(folded):
        return True
    first = re.match(r"\W*\w+", sentence)
    rest = sentence[first.end() :] if first else sentence
    return any(word not in _NOT_ACTORS for word in _CAPITALISED.findall(rest))


def _quoted_share(sentence: str) -> float:
    quoted = sum(len(match.group()) for match in _QUOTED.finditer(sentence))
    return quoted / len(sentence) if sentence else 0.0


def _dedupe_key(sentence: str) -> str:
    return fold(sentence).strip(" .!?।॥\"'“”‘’")
