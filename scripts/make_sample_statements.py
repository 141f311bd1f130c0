"""Make the sample statement pages in corpus/statements/ from the seed texts.

Usage: python scripts/make_sample_statements.py SEEDS_DIR [--out corpus/statements]

Each seed's words become the article body, verbatim, wrapped in the kind of WordPress page they were
scraped from (site header and navigation, sidebar with recent posts, share widgets, scripts, footer,
and the stray "WPML not installed and activated." line), so that extraction has real boilerplate to
remove. Run once; the pages are committed. Only the page furniture here is written by us; it quotes
nobody.
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

# seed file prefix -> (output name, ISO date as best known, note on how the date is known)
STATEMENTS = {
    "000": (
        "abolish-ice-defund-police",
        "2020-06",
        "June 2020: written after the murder of George Floyd (May 25, 2020), during the uprisings.",
    ),
    "002": (
        "next-administration-new-way-forward",
        "2020-11",
        "November 2020: a response to the 2020 election results.",
    ),
    "003": (
        "flatten-the-curve-free-them-all",
        "2020-03",
        "March 2020: early COVID-19 pandemic, the day after an ICE announcement on enforcement.",
    ),
    "004": (
        "immigrants-speak-out-day-of-resistance",
        "2018",
        "Year inferred from the text (Trump administration, House bills by Rep. McCarthy).",
    ),
}
WPML = "WPML not installed and activated."

PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title_text} &#8211; Immigrant Justice Network</title>
<meta property="og:site_name" content="Immigrant Justice Network">
<meta property="og:title" content="{title_attr}">
<meta property="og:type" content="article">
<link rel="stylesheet" id="twentyseventeen-style-css" href="/wp-content/themes/ijn/style.css?ver=5.4" type="text/css" media="all">
<style>.screen-reader-text{{clip:rect(1px,1px,1px,1px);position:absolute!important}} .site-header{{background:#ff0000}}</style>
<script type="text/javascript" src="/wp-includes/js/jquery/jquery.js?ver=1.12.4"></script>
<script>window._wpemojiSettings = {{"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/12.0.0-1\\/72x72\\/"}};</script>
</head>
<body class="post-template-default single single-post has-sidebar">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
  <div class="site-branding"><p class="site-title"><a href="https://www.immigrantjusticenetwork.org/" rel="home">Immigrant Justice Network</a></p>
  <p class="site-description">Ending the criminalization of immigrants</p></div>
  <nav id="site-navigation" class="main-navigation" aria-label="Top Menu">
    <ul id="top-menu" class="menu">
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/">Home</a></li>
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/about/">About Us</a></li>
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/resources/">Resources</a></li>
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/statements/">Statements</a></li>
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/take-action/">Take Action</a></li>
      <li class="menu-item"><a href="https://www.immigrantjusticenetwork.org/donate/">Donate</a></li>
    </ul>
  </nav>
</header>
<div class="site-content-contain"><div id="content" class="site-content">
<div class="wrap"><div id="primary" class="content-area"><main id="main" class="site-main" role="main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard hentry category-statements">
  <header class="entry-header"><h1 class="entry-title">{title_html}</h1></header>
  <div class="entry-content">
{wpml}{body}
  </div>
  <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">
    <h3 class="sd-title">Share this:</h3>
    <ul><li class="share-twitter"><a class="share-twitter sd-button" href="?share=twitter" title="Click to share on Twitter">Twitter</a></li>
    <li class="share-facebook"><a class="share-facebook sd-button" href="?share=facebook" title="Click to share on Facebook">Facebook</a></li>
    <li class="share-email"><a class="share-email sd-button" href="?share=email" title="Click to email this to a friend">Email</a></li></ul>
  </div></div>
{author_box}  <footer class="entry-footer"><span class="cat-links">Posted in <a href="https://www.immigrantjusticenetwork.org/category/statements/" rel="category tag">Statements</a></span></footer>
</article>
<nav class="navigation post-navigation" role="navigation"><h2 class="screen-reader-text">Post navigation</h2>
  <div class="nav-links"><div class="nav-previous"><a href="#" rel="prev">Previous Post</a></div><div class="nav-next"><a href="#" rel="next">Next Post</a></div></div></nav>
</main></div>
<aside id="secondary" class="widget-area" role="complementary" aria-label="Blog Sidebar">
  <section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="https://www.immigrantjusticenetwork.org/">
    <label for="search-form">Search for:</label><input type="search" id="search-form" class="search-field" placeholder="Search &hellip;" name="s"><button type="submit" class="search-submit">Search</button></form></section>
  <section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
    <ul>{recent}</ul></section>
  <section id="text-3" class="widget widget_text"><h2 class="widget-title">Stay Informed</h2>
    <div class="textwidget"><p>Sign up for updates from the Immigrant Justice Network.</p></div></section>
</aside>
</div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="wrap">
  <div class="site-info">&copy; Immigrant Justice Network &middot; <a href="https://wordpress.org/">Proudly powered by WordPress</a></div>
</div></footer>
</div>
<script type="text/javascript" src="/wp-content/plugins/jetpack/_inc/build/sharedaddy/sharing.min.js?ver=8.5"></script>
<script>var sharing_js_options = {{"lang":"en","counts":"1"}};</script>
</body>
</html>
"""


def _inline(text: str) -> str:
    return html.escape(text, quote=False)


def body_html(lines: list[str]) -> tuple[str, str]:
    """Seed lines (after the title) to article HTML; returns (body, author box)."""
    text = "\n".join(lines).strip("\n")
    author_box = ""
    author = re.search(r"\nAbout the Author\n\n(.+?)View all posts by (.+)$", text, re.S)
    if author:
        text = text[: author.start()]
        name = author.group(1).strip()
        author_box = (
            '  <div class="author-box"><h3 class="author-title">About the Author</h3>\n'
            f'    <h4 class="author-name">{_inline(name)}</h4>'
            f'<a class="author-link" href="#" rel="author">View all posts by {_inline(author.group(2).strip())}</a></div>\n'
        )
    out = []
    for block in re.split(r"\n\s*\n", text):
        rows = [r for r in block.split("\n") if r.strip()]
        if not rows:
            continue
        if all(r.strip().startswith("•") for r in rows):
            items = "".join(f"<li>{_inline(r.strip().lstrip('•').strip())}</li>" for r in rows)
            out.append(f"<ul>{items}</ul>")
        elif len(rows) > 1:
            out.append("<p>" + "<br>\n".join(_inline(r.strip()) for r in rows) + "</p>")
        else:
            out.append(f"<p>{_inline(rows[0].strip())}</p>")
    return "\n".join(out), author_box


def make_page(seed: Path, post_id: int, titles: list[str]) -> tuple[str, str]:
    lines = seed.read_text(encoding="utf-8").split("\n")
    while lines and (not lines[0].strip() or lines[0].strip() == WPML):
        lines.pop(0)
    title = lines.pop(0).strip()
    body, author_box = body_html(lines)
    recent = "".join(f'<li><a href="#">{_inline(t)}</a></li>' for t in titles if t != title)
    page = PAGE.format(
        title_text=_inline(title),
        title_attr=html.escape(title),
        title_html=_inline(title),
        post_id=post_id,
        wpml=f"<p>{WPML}</p>\n",
        body=body,
        author_box=author_box,
        recent=recent,
    )
    return title, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpus/statements"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = {p.name[:3]: p for p in sorted(args.seeds.glob("*.txt"))}
    titles = []
    for prefix in STATEMENTS:
        first = [
            ln for ln in seeds[prefix].read_text(encoding="utf-8").split("\n") if ln.strip() and ln.strip() != WPML
        ]
        titles.append(first[0].strip())
    for number, (prefix, (name, date, note)) in enumerate(STATEMENTS.items()):
        title, page = make_page(seeds[prefix], 1000 + number, titles)
        (args.out / f"{name}.html").write_text(page, encoding="utf-8")
        sidecar = f'# {note}\ntitle = "{title}"\ndate = "{date}"\n'
        (args.out / f"{name}.meta.toml").write_text(sidecar, encoding="utf-8")
        print(f"wrote {args.out / name}.html ({title})")


if __name__ == "__main__":
    main()
