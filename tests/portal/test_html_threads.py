"""Sanitising from several threads at once (runserver and threaded servers serve so)."""

from concurrent.futures import ThreadPoolExecutor

from portal.lib.html import clean_feed_html, markdown_to_html

TEXT = "\n\n".join(
    f"## Abschnitt {n}\n\n- Punkt **{n}** mit [Link](https://example.com/{n})\n- Zweiter Punkt\n\n"
    f"Absatz mit <em>Markup</em> und www.example.org/{n} im Text."
    for n in range(12)
)
FEED = "".join(
    f'<p>Absatz {n} <a href="/a/{n}?utm_source=x">Link</a> <img src="https://cdn.example/{n}.jpg" alt="Bild"></p>'
    for n in range(30)
)


def test_threads_sanitising_at_once_each_get_what_one_alone_gets():
    """One bleach Cleaner shared by runserver's threads spliced one page's guidelines into
    another's (lists without their <ul>) and raised IndexError from html5lib: a 500."""
    texts = [TEXT.replace("Abschnitt", f"Abschnitt {i}-") for i in range(8)]
    expected = [markdown_to_html(text) for text in texts]
    expected_feed = [
        clean_feed_html(FEED.replace("Absatz", f"Absatz {i}"), "https://blog.example/") for i in range(8)
    ]

    def render(i: int) -> tuple[bool, bool]:
        same = all(markdown_to_html(texts[i]) == expected[i] for _ in range(15))
        feed = all(
            clean_feed_html(FEED.replace("Absatz", f"Absatz {i}"), "https://blog.example/")
            == expected_feed[i]
            for _ in range(15)
        )
        return same, feed

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(render, [i % 8 for i in range(32)]))
    assert all(same for same, _feed in results)
    assert all(feed for _same, feed in results)
