"""Realistic news pages (Hindi and English) with the boilerplate extraction must drop (test helper module)."""

from __future__ import annotations

from dataclasses import dataclass

HINDI_PARAGRAPHS = (
    "नई दिल्ली। चुनाव आयोग ने मंगलवार को घोषणा की कि लोकसभा चुनाव के पहले चरण का मतदान उन्नीस अप्रैल को होगा "
    "और इसके लिए सभी तैयारियाँ पूरी कर ली गई हैं।",
    "मुख्य चुनाव आयुक्त ने संवाददाता सम्मेलन में बताया कि संवेदनशील मतदान केंद्रों पर केंद्रीय सुरक्षा बलों की "
    "अतिरिक्त कंपनियाँ तैनात की जाएँगी ताकि मतदाता बिना किसी डर के वोट डाल सकें।",
    "आयोग ने राजनीतिक दलों से अपील की कि वे आदर्श आचार संहिता का पालन करें और सोशल मीडिया पर फ़र्ज़ी ख़बरें "
    "फैलाने से बचें, क्योंकि ऐसी सामग्री पर सख़्त कार्रवाई की जाएगी।",
)
ENGLISH_PARAGRAPHS = (
    "NEW DELHI: The Election Commission on Tuesday announced that polling for the first phase of the Lok Sabha "
    "election will be held on April 19, and said all preparations were complete.",
    "The Chief Election Commissioner told reporters that additional companies of central forces would be "
    "deployed at sensitive booths so that voters can cast their ballots without fear.",
    "The commission urged political parties to follow the model code of conduct and to avoid spreading fake "
    "news on social media, warning of strict action against such content.",
)


@dataclass(frozen=True)
class NewsPage:
    html: str
    url: str
    title: str
    paragraphs: tuple[str, ...]
    author: str
    boilerplate: tuple[str, ...]  # strings that appear on the page but must not reach the article text


def hindi_portal_page(title: str = "चुनाव आयोग ने पहले चरण की तारीख़ घोषित की",
                      paragraphs: tuple[str, ...] = HINDI_PARAGRAPHS) -> NewsPage:
    """A Hindi news portal: semantic <main>/<article>, meta tags, nav, ad, sidebar, comments and reply form."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = f"""<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8">
<title>{title} | समाचार डेस्क</title>
<meta property="og:title" content="{title}">
<meta name="author" content="राजेश कुमार">
<meta property="article:published_time" content="2024-03-16T10:30:00+05:30">
<link rel="canonical" href="https://www.samachar.example/desh/chunav-pehla-charan">
</head><body>
<header><nav><ul><li><a href="/">होम</a></li><li><a href="/desh">देश</a></li><li><a href="/videsh">विदेश</a></li>
<li><a href="/khel">खेल</a></li><li><a href="/manoranjan">मनोरंजन</a></li></ul></nav></header>
<div class="ad-banner">विज्ञापन: सबसे सस्ते मोबाइल फ़ोन यहाँ खरीदें</div>
<main><article>
<h1>{title}</h1>
<p class="byline">लेखक: <span class="author">राजेश कुमार</span></p>
{body}
</article></main>
<aside class="sidebar"><h3>सबसे ज़्यादा पढ़ी गई</h3><ul><li><a href="/x1">क्रिकेट टीम की जीत पर जश्न</a></li>
<li><a href="/x2">शेयर बाज़ार में भारी गिरावट</a></li></ul></aside>
<section id="comments" class="comments"><h3>टिप्पणियाँ</h3>
<div class="comment"><p>बहुत अच्छी ख़बर है, धन्यवाद। आयोग को और सख़्ती करनी चाहिए।</p></div>
<div id="respond"><h3>Leave a reply</h3><form><textarea name="comment"></textarea>
<input type="submit" value="Post Comment"></form></div></section>
<footer><p>© 2024 समाचार डेस्क। सर्वाधिकार सुरक्षित।</p></footer>
</body></html>"""
    return NewsPage(
        html=html,
        url="https://www.samachar.example/desh/chunav-pehla-charan?utm_source=whatsapp",
        title=title,
        paragraphs=paragraphs,
        author="राजेश कुमार",
        boilerplate=("होम", "मनोरंजन", "विज्ञापन", "सबसे सस्ते मोबाइल", "क्रिकेट टीम की जीत", "शेयर बाज़ार",
                     "टिप्पणियाँ", "बहुत अच्छी ख़बर", "Leave a reply", "Post Comment", "सर्वाधिकार", "लेखक:"),
    )


def english_wordpress_page(paragraphs: tuple[str, ...] = ENGLISH_PARAGRAPHS, *, with_time_tag: bool = True) -> NewsPage:
    """A WordPress-style English page: JSON-LD, og:url only (no canonical link), an in-article ad, comments."""
    title = "EC announces first phase poll date"
    inner = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    inner += '\n<div class="advertisement ad-slot">Advertisement: Buy cheap phones now at MegaMart</div>\n'
    inner += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:])
    time_tag = ('<time class="entry-date published" datetime="2024-03-16T10:30:00+05:30">March 16, 2024</time>'
                if with_time_tag else "")
    html = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{title} &#8211; The Daily Example</title>
<meta property="og:url" content="https://dailyexample.com/2024/03/ec-first-phase/">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"2024-03-16T05:00:00Z","author":{{"@type":"Person","name":"Priya Sharma"}}}}</script>
</head><body class="single">
<div id="page"><header id="masthead"><div class="site-branding">The Daily Example</div>
<nav id="site-navigation"><ul><li><a href="/">Home</a></li><li><a href="/india">India</a></li>
<li><a href="/world">World</a></li><li><a href="/sports">Sports</a></li><li><a href="/business">Business</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<article id="post-42" class="post type-post">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">By <span class="author vcard"><a class="url fn n" href="/author/priya">Priya Sharma</a></span>
{time_tag}</div></header>
<div class="entry-content">{inner}</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/india">India</a></span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on &ldquo;{title}&rdquo;</h2>
<ol class="comment-list"><li class="comment"><div class="comment-content">
<p>Great reporting, thanks for the update on the dates, very useful for voters.</p></div></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p>
<p><label>Comment</label><textarea></textarea></p><p class="form-submit"><input type="submit" value="Post Comment"></p>
</form></div></div>
</div><aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Trending</h2>
<ul><li><a href="/t1">Cricket team wins series against Australia</a></li>
<li><a href="/t2">Sensex falls 800 points in early trade</a></li></ul></section></aside></div>
<footer id="colophon"><div class="site-info">&copy; 2024 The Daily Example. All rights reserved.</div></footer>
</div></body></html>"""
    return NewsPage(
        html=html,
        url="https://dailyexample.com/2024/03/ec-first-phase/?utm_source=twitter",
        title=title,
        paragraphs=paragraphs,
        author="Priya Sharma",
        boilerplate=("Home", "Business", "Advertisement", "MegaMart", "Posted in", "thoughts on", "Great reporting",
                     "Leave a Reply", "email address", "Post Comment", "Trending", "Sensex", "All rights reserved"),
    )
