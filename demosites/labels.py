"""Interface strings of the demo sites (the boilerplate a real Hindi or English site carries)."""

from __future__ import annotations

from dataclasses import dataclass

from demosites.schema import Language


@dataclass(frozen=True)
class Labels:
    home: str
    latest: str
    breaking: str
    most_read: str
    trending: str
    advertisement: str
    share: str
    related: str
    also_read: str
    comments: str
    leave_reply: str
    reply_note: str
    name: str
    email: str
    comment: str
    post_comment: str
    newsletter_title: str
    newsletter_text: str
    subscribe: str
    email_placeholder: str
    cookie_text: str
    cookie_accept: str
    about: str
    privacy: str
    contact: str
    terms: str
    careers: str
    rights: str
    by: str
    agency_desk: str
    published: str
    updated: str
    tags: str
    read_more: str
    epaper: str
    search: str
    photo_credit: str
    gallery: str
    gallery_note: str
    page_moved_title: str
    page_moved_text: str
    go_home: str
    not_found_title: str
    not_found_text: str
    live_updates: str
    live_entry: str
    draft_note: str
    follow_us: str
    locale: str
    months: tuple[str, ...]


HINDI = Labels(
    home="होम",
    latest="ताज़ा ख़बरें",
    breaking="ब्रेकिंग न्यूज़",
    most_read="सबसे ज़्यादा पढ़ी गईं",
    trending="ट्रेंडिंग",
    advertisement="विज्ञापन",
    share="शेयर करें",
    related="ये भी पढ़ें",
    also_read="यह भी पढ़ें:",
    comments="पाठकों की प्रतिक्रियाएँ",
    leave_reply="अपनी प्रतिक्रिया दें",
    reply_note="आपका ईमेल पता प्रकाशित नहीं किया जाएगा। आवश्यक फ़ील्ड चिह्नित हैं *",
    name="नाम",
    email="ईमेल",
    comment="टिप्पणी",
    post_comment="टिप्पणी भेजें",
    newsletter_title="न्यूज़लेटर",
    newsletter_text="दिन की बड़ी ख़बरें सीधे अपने इनबॉक्स में पाएँ।",
    subscribe="सब्सक्राइब करें",
    email_placeholder="अपना ईमेल लिखें",
    cookie_text=(
        "हम आपके अनुभव को बेहतर बनाने के लिए कुकीज़ का उपयोग करते हैं। साइट का उपयोग जारी रखकर आप हमारी कुकी नीति से सहमत होते हैं।"
    ),
    cookie_accept="स्वीकार करें",
    about="हमारे बारे में",
    privacy="गोपनीयता नीति",
    contact="संपर्क करें",
    terms="नियम और शर्तें",
    careers="करियर",
    rights="सर्वाधिकार सुरक्षित",
    by="लेखक:",
    agency_desk="एजेंसी डेस्क",
    published="प्रकाशित:",
    updated="अपडेट:",
    tags="टैग:",
    read_more="और पढ़ें",
    epaper="ई-पेपर",
    search="खोजें",
    photo_credit="प्रतीकात्मक तस्वीर",
    gallery="फ़ोटो गैलरी",
    gallery_note="तस्वीरें देखने के लिए क्लिक करें",
    page_moved_title="यह पेज हटा दिया गया है",
    page_moved_text="आप जिस ख़बर को ढूँढ रहे हैं वह अब इस पते पर उपलब्ध नहीं है। ताज़ा ख़बरों के लिए होम पेज पर जाएँ।",
    go_home="होम पेज पर जाएँ",
    not_found_title="पेज नहीं मिला (404)",
    not_found_text="माफ़ कीजिए, यह पेज मौजूद नहीं है या हटा दिया गया है।",
    live_updates="लाइव अपडेट",
    live_entry="मतदान केंद्रों से लगातार अपडेट आ रहे हैं; हमारे संवाददाता हर ज़िले की स्थिति पर नज़र रखे हुए हैं।",
    draft_note="ड्राफ़्ट — प्रकाशन से पहले संपादक की मंज़ूरी आवश्यक। इसे साझा न करें।",
    follow_us="हमें फ़ॉलो करें",
    locale="hi_IN",
    months=("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"),
)

ENGLISH = Labels(
    home="Home",
    latest="Latest News",
    breaking="Breaking",
    most_read="Most Read",
    trending="Trending",
    advertisement="Advertisement",
    share="Share",
    related="Related Stories",
    also_read="Also read:",
    comments="Reader comments",
    leave_reply="Leave a reply",
    reply_note="Your email address will not be published. Required fields are marked *",
    name="Name",
    email="Email",
    comment="Comment",
    post_comment="Post Comment",
    newsletter_title="Newsletter",
    newsletter_text="Get the day’s top stories in your inbox every morning.",
    subscribe="Subscribe",
    email_placeholder="Your email address",
    cookie_text="We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
    cookie_accept="Accept",
    about="About Us",
    privacy="Privacy Policy",
    contact="Contact",
    terms="Terms of Use",
    careers="Careers",
    rights="All rights reserved",
    by="By",
    agency_desk="Agency Desk",
    published="Published:",
    updated="Updated:",
    tags="Tags:",
    read_more="Read more",
    epaper="E-Paper",
    search="Search",
    photo_credit="Representational image",
    gallery="Photo Gallery",
    gallery_note="Click to view the pictures",
    page_moved_title="This page has moved",
    page_moved_text=(
        "The story you are looking for is no longer available at this address. Visit our home page for the latest news."
    ),
    go_home="Go to the home page",
    not_found_title="Page not found (404)",
    not_found_text="Sorry, the page you requested does not exist or has been removed.",
    live_updates="Live Updates",
    live_entry=(
        "Updates continue to pour in from polling stations; "
        "our correspondents are tracking the situation in every district."
    ),
    draft_note="DRAFT — needs editor approval before publication. Do not share.",
    follow_us="Follow us",
    locale="en_IN",
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
)


def labels_for(language: Language) -> Labels:
    return HINDI if language == "hi" else ENGLISH
