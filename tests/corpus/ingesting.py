"""Documents made in the tests, for the ingest tests: a web page full of furniture, PDFs
made with fpdf2 and Word documents made with python-docx."""

import io

ARTICLE = [
    "Quiet diplomacy has not moved Beijing on the detention camps, the report argues, "
    "and the record of the last decade shows why pressure must now rise.",
    "Critics answer that public pressure backfires; the report meets them with three cases "
    "from the nineties in which named prisoners were released after a public campaign.",
    "Trade and rights can be argued together, the minister said in Geneva, and neither "
    "side of the ledger needs to wait for the other.",
]

FURNITURE = {
    "navigation": "World news section",
    "cookie banner": "We use cookies to improve your experience",
    "share buttons": "Share on Facebook",
    "related list": "Another story about trade wars",
    "comments": "Great article, I totally disagree",
    "script": "window.__pwned",
    "style": "color:red",
    "iframe": "evil.example",
    "footer": "Copyright 2021 The Daily Example",
}


def article_page(paragraphs=ARTICLE, *, extra=""):
    """An article page with every kind of furniture trafilatura should drop."""
    body = "\n".join(
        f'<p onclick="window.__pwned=1">{text}</p>' if i == 1 else f"<p>{text}</p>"
        for i, text in enumerate(paragraphs)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Rights talk | The Daily Example</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2021-03-04T10:00:00Z">
<link rel="canonical" href="https://example.org/rights">
<style>.x{{color:red}}</style><script>window.__pwned=1</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news section</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<article><h1>Rights talk</h1>
{body}
<iframe src="https://evil.example/"></iframe>
{extra}
<div class="share-buttons"><a href="#">Share on Twitter</a> <a href="#">Share on Facebook</a></div>
</article>
<aside class="related"><h2>Related articles</h2><ul>
<li><a href="/a">Another story about trade wars</a></li>
<li><a href="/b">A story about elections</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great article, I totally disagree with everything said.</p></div></section>
<footer>Copyright 2021 The Daily Example</footer>
</body></html>"""


def pdf_of(pages, *, title="", password=None):
    """A PDF with a text layer: one page per item of `pages`, each a list of paragraphs."""
    from fpdf import FPDF

    document = FPDF()
    document.set_font("Helvetica", size=11)
    if title:
        document.set_title(title)
    if password is not None:
        document.set_encryption(owner_password="owner", user_password=password)
    for paragraphs in pages:
        document.add_page()
        for text in paragraphs:
            document.multi_cell(0, 6, text)
            document.ln(4)
    return bytes(document.output())


def image_only_pdf():
    """A PDF whose one page holds a drawn rectangle and no text."""
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_fill_color(40, 40, 40)
    document.rect(20, 20, 120, 60, style="F")
    return bytes(document.output())


def docx_of(paragraphs, *, table=(), title="", author=""):
    """A Word document: a heading, the paragraphs, then a table of `table`'s rows."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.add_heading("Rights talk", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("After the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
