"""A small fictional news site on loopback for the live-source tests: an RSS feed and its
articles, each answered with an ETag (304 when unchanged), editable while it runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from storyline.fetch.testing import LoopbackSite, Reply, Request

RSS = "application/rss+xml"


@dataclass
class Story:
    """One article of the site. ``title=None`` makes a page without a headline of its own
    (no <title>, no <h1>), so only the feed item's title can name it."""

    path: str
    feed_title: str
    title: str | None
    paragraphs: list[str]
    pub_date: str = "Mon, 02 Jun 2025 08:00:00 GMT"


def article_html(story: Story) -> str:
    head = f"<title>{story.title}</title>" if story.title else ""
    h1 = f"<h1>{story.title}</h1>" if story.title else ""
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article>{h1}{body}</article>"
        f"<footer>Copyright Harbour Ledger</footer></body></html>"
    )


def paragraphs(n: int, topic: str) -> list[str]:
    return [
        f"The {topic} in Kestrel Bay drew {40 + n * 7 + i} residents to the council hall on "
        f"Tuesday, where officials said the {topic} plan number {n} would be reviewed again "
        f"in {i + 2} weeks after a long and at times heated public meeting."
        for i in range(4)
    ]


TOPICS = ["ferry strike", "harbour dredging", "council budget", "rail reopening",
          "flood barrier", "school meals", "wind farm", "bridge repairs", "port tariffs",
          "library hours", "tram extension", "market rents"]  # fmt: skip


class NewsSite:
    """``stories`` served under ``/news/N`` and listed in ``/feed.xml``; edit a story's
    fields and the next fetch sees the new page (with a new ETag)."""

    def __init__(self, host: str = "127.0.0.2", count: int = 3, delay: float = 0.0) -> None:
        self.site = LoopbackSite(host)
        self.delay = delay
        self.stories = [
            Story(f"/news/{n}", f"Feed headline {n}", f"Page headline {n}", paragraphs(n, topic))
            for n, topic in enumerate(TOPICS[:count], 1)
        ]
        self.site.routes["/feed.xml"] = self._feed
        for story in self.stories:
            self.site.routes[story.path] = self._page_of(story)

    def url(self, path: str = "/feed.xml") -> str:
        return self.site.url(path)

    def start(self) -> NewsSite:
        self.site.start()
        return self

    def stop(self) -> None:
        self.site.stop()

    def page_requests(self) -> int:
        return sum(len(self.site.requests(s.path)) for s in self.stories)

    def _feed(self, request: Request) -> Reply:
        items = "".join(
            f"<item><title>{s.feed_title}</title><link>{self.url(s.path)}</link>"
            f"<pubDate>{s.pub_date}</pubDate><author>desk@ledger.example (Ana Lund)</author>"
            f"</item>"
            for s in self.stories
        )
        body = (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Ledger</title>"
            f"{items}</channel></rss>"
        )
        return _etagged(request, body, RSS)

    def _page_of(self, story: Story):
        def answer(request: Request) -> Reply:
            reply = _etagged(request, article_html(story), "text/html; charset=utf-8")
            reply.delay = self.delay
            return reply

        return answer


def _etagged(request: Request, body: str, content_type: str) -> Reply:
    tag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == tag:
        return Reply(status=304, content_type=None, headers={"ETag": tag})
    return Reply(body, content_type=content_type, headers={"ETag": tag})
