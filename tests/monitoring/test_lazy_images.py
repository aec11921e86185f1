"""Lazy-loaded images (WordPress lazy-load plugins, Medium): a data: placeholder as "src", the picture
in "data-src". Like every image in a feed they become links named by their alt text."""

from __future__ import annotations

import pytest

from monitoring.models import Mention
from monitoring.tasks import poll_source
from portal.lib.html import clean_feed_html

pytestmark = pytest.mark.django_db

PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def link(href: str, label: str) -> str:
    return f'<a href="{href}" rel="noopener noreferrer nofollow">[{label}]</a>'


def test_a_lazy_loaded_image_in_a_feed_becomes_a_link_to_the_picture_named_by_its_alt_text(serve, source_for):
    content = (
        f'<p>Unser neuer <img src="{PLACEHOLDER}" data-src="https://blog.example/vorstand.jpg?utm_source=rss"'
        ' data-lazy-type="image" class="lazyload" alt="Vorstand" width="800" height="600"> stellt sich vor.</p>'
    )
    body = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Blog</title><item><guid>1</guid>"
        f"<link>https://blog.example/vorstand</link><title>Neuer Vorstand</title>"
        f"<description><![CDATA[{content}]]></description></item></channel></rss>"
    ).encode()
    poll_source.delay(source_for(serve(body=body)).pk)
    summary = Mention.objects.get().summary
    assert (
        summary
        == f"<p>Unser neuer {link('https://blog.example/vorstand.jpg', 'Vorstand')} stellt sich vor.</p>"
    )


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        # WordPress' own lazy loading (a3 Lazy Load, WP Rocket): data-lazy-src, relative to the post.
        (
            f'<img src="{PLACEHOLDER}" data-lazy-src="/wp-content/team.jpg">',
            link("https://blog.example/wp-content/team.jpg", "team.jpg"),
        ),
        # Only a set of sizes: its first.
        (
            f'<img src="{PLACEHOLDER}" data-srcset="https://cdn.example/a.jpg 300w, https://cdn.example/b.jpg 600w" alt="Team">',
            link("https://cdn.example/a.jpg", "Team"),
        ),
        (
            f'<img src="{PLACEHOLDER}" data-src="x" srcset="https://cdn.example/c.jpg, https://cdn.example/d.jpg 2x">',
            link("https://blog.example/post/x", "x"),
        ),
        # The real picture as "src" and a data-src beside it: the data-src is the larger one.
        (
            '<img src="https://cdn.example/klein.jpg" data-src="https://cdn.example/gross.jpg" alt="Bild">',
            link("https://cdn.example/gross.jpg", "Bild"),
        ),
        # No web address: the alt text alone.
        (f'<img src="{PLACEHOLDER}" data-src="javascript:alert(1)" alt="Vorstand">', "[Vorstand]"),
        # Inside a link: its text.
        (
            f'<a href="https://blog.example/a"><img src="{PLACEHOLDER}" data-src="https://cdn.example/e.jpg" alt="Team"></a>',
            link("https://blog.example/a", "Team"),
        ),
        # A tracking pixel stays gone; an emoji stays its text.
        (f'<img src="{PLACEHOLDER}" data-src="https://t.example/p.gif" width="1" height="1">', ""),
        (f'<img src="{PLACEHOLDER}" data-src="https://s.w.org/1f389.png" alt="🎉">', "🎉"),
    ],
)
def test_lazy_loaded_images_link_their_real_address_and_keep_no_data_attributes(image, expected):
    cleaned = clean_feed_html(f'<p data-src="https://t.example/x">{image}</p>', "https://blog.example/post/")
    assert cleaned == f"<p>{expected}</p>"
    assert "data-" not in cleaned
