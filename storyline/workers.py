"""Extraction and facts on every core: pages in, prepared articles out, in input order.

What a page costs is almost all pure work on its own text — trafilatura or the text-dump
cleaner, then the fact stage (spaCy's NER and the finders) — while what must stay serial is
small: the store's writes, lineage lookups against earlier articles, and the story clusterer,
whose result depends on the order articles arrive in. So `PagePreparer` runs the pure part in
worker processes and hands results back in exactly the order the pages went in; one writer
applies them as a single process would, and crash safety, idempotence and the stories found
are those of one worker.

Interface (also for other runners): ``with PagePreparer(workers, facts=...) as prep:`` then
``prep.prepare(pages, recurring)`` → an iterator of `Prepared`, one per page, in order, or
``prep.submit(pages, recurring)`` → a `Ticket` whose ``each()`` (or ``results()``) give the
results of a batch started ahead, each as soon as it and those before it are done (so the
workers prepare the next batch while the writer applies this one, page by page);
``prep.submit_facts(articles)`` does the same for the facts of stored articles (rebuild).
With one worker (or a batch too small to pay for the processes) everything runs in this
process through the same functions, so both paths give the same records.

Where the time goes, and why it is arranged so (two cores, the aeb-dev pages with facts):
- Workers are forked from a fork server that has loaded and run once everything a page
  needs (trafilatura, spaCy's model, the fact finders, wordfreq: about four seconds). The
  server starts when ingest starts (`start_early`), so it warms up on one core while this
  process opens the store and reads the sources on the other; this process needs no spaCy
  (only to repeat, and report, a fact computation that failed in a worker).
- Until the first worker runs, this process prepares the first pages itself (extraction,
  lineage keys, story features) and only their facts wait for a worker, rather than
  idling for the warm-up.
- A worker returns, besides the article and its facts, what the writer would otherwise
  compute from the article alone: lineage keys, the story clusterer's features and their
  words' background shares. The writer is left with what depends on earlier articles.
- Results are small: the article without its raw bytes (re-attached here) and the above.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from storyline.records import Article, Page, StorylineError

if TYPE_CHECKING:
    from storyline.annotate import ArticleFacts
    from storyline.extract import RecurringLines
    from storyline.reuse.index import PreparedText
    from storyline.stories import ArticleFeatures

MAX_WORKERS = 8
"""Default cap on worker processes: the single writer keeps up with about this many."""
TASK_PAGES = 1
"""Pages sent to a worker at once. One: a page costs tens of milliseconds, far more than its
round trip, and single pages let the pool balance the work (with four, the batch's last
task could hold a worker for half a second while the others idled)."""
MIN_PARALLEL = 6
"""A batch with fewer pages to extract is done in this process (starting workers costs more)."""


def default_workers() -> int:
    """The machine's cores (those this process may use), capped at `MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


@dataclass(frozen=True)
class Prepared:
    """One page's pure work: its article (or why there is none) and, when asked, its facts.

    ``facts`` is None when facts were not asked for or their computation failed (the writer
    then computes them itself, so a failure is reported exactly where one process would)."""

    page: Page
    article: Article | None
    error: str | None = None
    """The extraction failure, one line naming the input (a `StorylineError` message)."""
    facts: ArticleFacts | None = None
    lineage: PreparedText | None = None
    """The article's sentences and lineage keys (`storyline.reuse.index.prepare_text`), when
    prepared in a worker; handed to the writer's `ReuseIndex.add` by `Ticket.results`."""
    features: ArticleFeatures | None = None
    """The story clusterer's features of the article, when prepared in a worker: everything
    but what depends on earlier articles (its id and its lineage links, which the writer
    fills in); None otherwise (the writer computes them)."""
    shares: dict[str, float] | None = None
    """Background shares of the features' words (`storyline.stories.background`), handed to
    the writer's clusterer by `Ticket.results`."""


class _Answers:
    """`RecurringLines.is_recurring` answered in advance for the lines of one text page, so
    that a worker needs the answers for its page, not the counts of the whole batch."""

    def __init__(self, lines: frozenset[str]) -> None:
        self.lines = lines

    def is_recurring(self, group: str, line: str) -> bool:
        return line in self.lines


def recurring_answers(page: Page, recurring: RecurringLines | None) -> _Answers | None:
    """The lines of a text page that ``recurring`` flags, as the cleaner will ask for them
    (each raw line normalised by `normalise_line`, see `storyline.extract.text`)."""
    if recurring is None or page.kind != "text":
        return None
    from storyline.extract.furniture import normalise_line

    flagged = set()
    for raw in page.content.splitlines():
        line = normalise_line(raw)
        if line and recurring.is_recurring(page.group, line):
            flagged.add(line)
    return _Answers(frozenset(flagged))


def prepare_page(page: Page, recurring, facts: bool) -> Prepared:
    """Extract one page and, with ``facts``, annotate its article (pure; any process)."""
    from storyline.extract import extract_page

    try:
        article = extract_page(page, recurring=recurring)
    except StorylineError as err:
        return Prepared(page, None, error=" ".join(str(err).split()) or type(err).__name__)
    found = None
    if facts:
        try:
            found = facts_of(article)
        except Exception:  # the writer computes it again and reports it as one process would
            found = None
    return Prepared(page, article, facts=found)


def _prepare_task(
    tasks: list[tuple[Page, _Answers | None]], facts: bool, stories: bool = True
) -> list[Prepared]:
    """In a worker: prepare a few pages, with the pure part of the writer's work on each
    (lineage keys, story features and their words' background shares), so the one writer
    is left with what depends on earlier articles. The raw bytes are not sent back (the
    parent has them), nor the page."""
    out = []
    for page, answers in tasks:
        done = prepare_page(page, answers, facts)
        if done.article is None:
            out.append(Prepared(_BLANK, None, done.error))
        else:
            out.append(_finished(replace(done.article, raw=b""), done.facts, stories))
    return out


class _Here:
    """A page prepared in the parent while the workers warm up (`PagePreparer.submit`), and
    the future of its facts once a worker computes them."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.facts: Future | None = None

    def result(self) -> list[Prepared]:
        if self.facts is None:
            return [self.prepared]
        return [replace(self.prepared, facts=self.facts.result()[0])]


def _finished_here(page: Page, recurring: RecurringLines | None, stories: bool) -> Prepared:
    """What a worker's `_prepare_task` gives for ``page``, without the facts."""
    done = prepare_page(page, recurring, False)
    if done.article is None:
        return Prepared(_BLANK, None, done.error)
    # the shares are this process's own already (cached by the lookups just made)
    return replace(_finished(replace(done.article, raw=b""), None, stories), shares=None)


def _finished(article: Article, facts: ArticleFacts | None, stories: bool) -> Prepared:
    from storyline.reuse.index import prepare_text

    features = shares = None
    if stories:
        features, shares = _story_features(article)
    return Prepared(_BLANK, article, None, facts, prepare_text(article.text), features, shares)


def _story_features(article: Article) -> tuple[ArticleFeatures, dict[str, float]]:
    """`storyline.runner.Stages.assign_story`'s features of ``article`` with no id and no
    lineage (the writer adds them), and the background shares of their words."""
    from storyline.stories import article_features
    from storyline.stories.background import word_shares

    features = article_features(
        "", article.text, title=article.title, published=article.published,
        language=article.language,
    )  # fmt: skip
    return features, word_shares(term for term, _ in features.terms)


_BLANK = Page(ref="", origin="", kind="text", content="")


_WARM_PAGE = Page(
    ref="warm-up", origin="warm-up", kind="html",
    content="<html><head><title>Council votes on harbour wall</title></head><body>"
    "<article><p>The council of Northport voted on Tuesday to rebuild the harbour wall, "
    "Mayor Jane Smith said. \"We will start in March,\" she told reporters.</p>"
    "<p>About 120 workers will be hired for the work, which is expected to take two years "
    "and cost 4 million pounds, according to the council.</p></article></body></html>",
)  # fmt: skip
"""A made-up page run through the whole preparation once before the workers are forked
(with no declared language, so that the language identifier is loaded too)."""


def warm(facts: bool) -> None:
    """Load, once and before the workers are forked from the process that calls it (the
    fork server, see `_context`), everything a page needs: trafilatura and lxml, the
    language model, spaCy's pipeline, the fact finders' modules, wordfreq, and what each
    library sets up on first use (about two seconds, paid once instead of by every worker).
    The warm-up page's results are thrown away; the caches it fills hold pure functions of
    their input, so no later result depends on it. Never raises: the real pages report
    their own failures."""
    try:
        import storyline.extract.html  # noqa: F401  (trafilatura and lxml)
        import storyline.extract.text  # noqa: F401

        if facts:
            from storyline.annotate import nlp

            nlp.load()
        _prepare_task([(_WARM_PAGE, None)], facts)  # lineage keys (numpy MinHash), features
        _warm_first_uses()
    except Exception:  # a warm-up only
        pass
    # What the workers inherit is never collected: without this, a worker's first full
    # collection walks (and so writes to, copying each page from the server) every object
    # the warm-up made — spaCy's model, trafilatura's tables — and every later one again.
    gc.freeze()


def _warm_first_uses() -> None:
    """What real pages use and the warm-up page does not reach, each worker would otherwise
    load for itself: the background shares of a word with a non-ASCII letter (whose
    tokenizer, wordfreq's, imported ftfy, langcodes and regex: a third of a CPU-second a
    worker) and `datetime.strptime` (page dates)."""
    from datetime import datetime

    from storyline.stories.background import word_shares

    word_shares(["café"])
    datetime.strptime("2020-01-02", "%Y-%m-%d")


_server_stopped_at_exit = False


def _stop_server() -> None:
    """At exit: end the fork server and wait for it, so no process outlives the command and
    its CPU time is counted as the command's (by `time`, `getrusage`)."""
    from multiprocessing import forkserver

    try:
        forkserver._forkserver._stop()  # type: ignore[attr-defined]
    except Exception:  # not started, or another Python's internals: it ends on its own
        pass


WARM_FACTS = "STORYLINE_WORKERS_WARM_FACTS"
"""Tells `storyline.workers_warm`, in the fork server, whether to load spaCy too."""


def start_early(workers: int, facts: bool) -> None:
    """Start the workers' warm-up now (with more than one worker), so that it runs beside
    whatever the caller does before its first pages are prepared (opening the store, reading
    the sources): `PagePreparer` would start it later."""
    if workers > 1:
        _context(facts)


def _context(facts: bool):
    """Where worker processes come from: on Linux a fork server, started at once (it warms
    up — `warm` — while this process opens the store and reads the first pages, on the other
    core) and forking each worker from its warm state; elsewhere the platform's default.

    Why not fork this process, as before: the warm-up then ran here, before the first worker
    could start, two to three seconds of one busy core on a run's critical path (the writer
    needs neither spaCy nor trafilatura), a sixth of the run on the aeb-dev pages. The
    server's `__main__` is preloaded too, so no worker imports the command line again."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("fork" if "fork" in methods else None)
    global _server_stopped_at_exit
    if not _server_stopped_at_exit:
        atexit.register(_stop_server)
        _server_stopped_at_exit = True
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "storyline.workers_warm"])
    before = os.environ.get(WARM_FACTS)
    os.environ[WARM_FACTS] = "1" if facts else "0"
    try:
        forkserver.ensure_running()  # started once per process; a no-op when running
    finally:
        if before is None:
            del os.environ[WARM_FACTS]
        else:
            os.environ[WARM_FACTS] = before
    return context


def _worker_started() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the run and shuts the
    workers down), not a traceback per worker. A worker dies with its parent (Linux): a
    killed ingest must leave no worker behind holding a copy of its database connection,
    which would keep the dead run's transaction, and the writers' lock, open on a server.
    (A worker's parent is the fork server, which ends with this process, see
    `storyline.workers_warm`; a worker forked from this process, as for the briefs, has
    this one.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: workers end when their pipe to the parent closes
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class PagePreparer:
    """Prepares pages in ``workers`` processes (1: in this one); use as a context manager."""

    def __init__(
        self, workers: int | None = None, *, facts: bool = True, stories: bool = True
    ) -> None:
        self.workers = max(1, workers if workers is not None else default_workers())
        self.facts = facts
        self.stories = stories
        """Also compute the story features of each article (`Prepared.features`)."""
        self._pool: ProcessPoolExecutor | None = None
        self._ready = threading.Event()
        """Set once the first worker runs: the fork server has warmed up."""
        self._opener: threading.Thread | None = None
        self._extracted: list[_Here] = []
        """Pages prepared here whose facts are not yet submitted to the workers."""

    def __enter__(self) -> PagePreparer:
        if self.workers > 1:
            # The workers warm up from now on (a few seconds, spaCy mostly), on the other
            # core; until the first one runs, `submit` extracts pages in this process.
            self._opener = threading.Thread(target=self._open, daemon=True)
            self._opener.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._opener is not None:
            self._opener.join()
            self._opener = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._extracted.clear()

    def wait_ready(self) -> None:
        """Wait until the workers run (a caller that would rather not have pages extracted
        in this process meanwhile: tests, benchmarks)."""
        if self._opener is not None:
            self._ready.wait()

    def _open(self) -> None:
        """In a thread: open the pool and wait (off the GIL) until its first worker runs."""
        try:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(self.facts), initializer=_worker_started
            )
            self._pool.submit(int).result()
        except Exception:  # a broken pool says so again at the first real submit
            pass
        finally:
            self._ready.set()

    def prepare(
        self, pages: Iterable[Page], recurring: RecurringLines | None = None
    ) -> Iterator[Prepared]:
        """One `Prepared` per page, in the order of ``pages``. ``recurring`` holds the line
        statistics of the batch the pages belong to (text dumps); it is read as the pages
        are submitted, so it must not change until they are all prepared."""
        pages = list(pages)
        if self.workers == 1 or (self._pool is None and len(pages) < MIN_PARALLEL):
            for page in pages:
                yield prepare_page(page, recurring, self.facts)
            return
        window: deque[Ticket] = deque()
        limit = self.workers * 3
        for batch in _tasks(pages, TASK_PAGES):
            window.append(self.submit(batch, recurring))
            if len(window) >= limit:
                yield from window.popleft().results()
        while window:
            yield from window.popleft().results()

    def submit(self, pages: Sequence[Page], recurring: RecurringLines | None = None) -> Ticket:
        """Start preparing ``pages`` (in the workers, while the caller goes on) and return
        the `Ticket` that gives their results, in order. With one worker the work is done
        when the results are asked for, in this process."""
        pages = list(pages)
        if self.workers == 1 or not pages:
            return Ticket(pages, recurring=recurring, facts=self.facts)
        # In input order (not longest first, as `submit_facts`): the writer takes each
        # result as soon as those before it are done, and the next batch is queued behind
        # this one, so no worker waits for a batch's last page; what is left at the end of a
        # run is then a page or two to write, not a whole batch.
        futures: list[Future | _Here] = []
        for batch in _tasks(pages, TASK_PAGES):
            if self._opener is not None and not self._ready.is_set():
                # The workers are still warming up and this process would only wait: it
                # prepares the pages itself, all but their facts, which wait for a worker.
                for page in batch:
                    here = _Here(_finished_here(page, recurring, self.stories))
                    if self.facts and here.prepared.article is not None:
                        self._extracted.append(here)
                    futures.append(here)
                continue
            pool = self._start()
            self._submit_extracted(pool)
            futures.append(pool.submit(
                _prepare_task,
                [(_stripped(page), recurring_answers(page, recurring)) for page in batch],
                self.facts,
                self.stories,
            ))  # fmt: skip
        return Ticket(pages, futures=futures, finish=self._finish_extracted)

    def _submit_extracted(self, pool: ProcessPoolExecutor) -> None:
        """Hand the facts of the articles prepared here to the workers, before any later
        page."""
        for here in self._extracted:
            assert here.prepared.article is not None
            here.facts = pool.submit(_facts_task, [here.prepared.article])
        self._extracted.clear()

    def _finish_extracted(self) -> None:
        if self._extracted:
            self._submit_extracted(self._start())

    def submit_facts(self, articles: Sequence[Article]) -> FactsTicket:
        """Start computing the facts of stored ``articles`` (`storyline rebuild`); the
        ticket gives them in order (None where the computation failed: the caller computes
        it again, to report it as one process would)."""
        articles = list(articles)
        if self.workers == 1 or not articles:
            return FactsTicket(articles)
        pool = self._start()
        batches = list(_tasks(articles, TASK_PAGES))
        futures: list[Future | None] = [None] * len(batches)
        for k in _longest_first(batches, lambda a: sum(map(len, a.paragraphs))):
            futures[k] = pool.submit(_facts_task, [replace(a, raw=b"") for a in batches[k]])
        return FactsTicket(articles, [f for f in futures if f is not None])

    def _start(self) -> ProcessPoolExecutor:
        if self._opener is not None:
            self._ready.wait()  # opened in `_open`
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(self.facts), initializer=_worker_started
            )
        return self._pool


def _stripped(page: Page) -> Page:
    """The page as a worker needs it: an HTML page's text is decoded already, so its raw
    bytes need not travel twice."""
    return replace(page, raw=b"") if page.raw and page.content else page


def _longest_first(batches: list[list], size: Callable[[Any], int]) -> list[int]:
    """The order to hand tasks to the pool: the longest first. When the caller waits for
    the whole batch, what counts is when its last item is done; a long item started last
    would keep one worker busy while the others idle (results still come back in input
    order: the ticket reads the futures in their own order)."""
    return sorted(range(len(batches)), key=lambda k: -sum(map(size, batches[k])))


def _tasks(items: Sequence, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def facts_of(article: Article) -> ArticleFacts:
    """The fact stage on one article, as `storyline.pipeline.article_facts` computes it when
    none was computed ahead: imported from `storyline.annotate` alone, because the pipeline
    module imports the store and SQLAlchemy, a third of a CPU-second the fork server would
    spend for nothing (`tests/test_workers.py` checks both give the same facts)."""
    from storyline.annotate import annotate

    return annotate(
        article.text, published=article.published, language=article.language,
        title=article.title,
    )  # fmt: skip


def _facts_task(articles: list[Article]) -> list[ArticleFacts | None]:
    out: list[ArticleFacts | None] = []
    for article in articles:
        try:
            out.append(facts_of(article))
        except Exception:  # recomputed (and reported) by the caller
            out.append(None)
    return out


class FactsTicket:
    """Articles submitted for their facts; `results` waits for them, in input order."""

    def __init__(self, articles: list[Article], futures: list[Future] | None = None) -> None:
        self.articles = articles
        self._futures = futures

    def results(self) -> list[ArticleFacts | None]:
        if self._futures is None:
            return [None] * len(self.articles)  # computed by the caller, as without workers
        return [facts for future in self._futures for facts in future.result()]


class Ticket:
    """Pages submitted to a `PagePreparer`; `results` waits for them, in input order."""

    def __init__(
        self,
        pages: list[Page],
        *,
        futures: list[Future] | list[Future | _Here] | None = None,
        recurring: RecurringLines | None = None,
        facts: bool = True,
        finish: Callable[[], None] | None = None,
    ) -> None:
        self.pages = pages
        self._futures = futures
        """A future per task, or a page prepared here whose facts may not yet be handed
        to the workers (``finish`` hands them over)."""
        self._recurring = recurring
        self._facts = facts
        self._finish = finish

    def results(self) -> list[Prepared]:
        return list(self.each())

    def each(self) -> Iterator[Prepared]:
        """The results one by one, in input order, each as soon as it and those before it
        are done (the writer starts on the first page while the workers finish the last)."""
        if self._futures is None:  # one worker: the work is done here, now
            for page in self.pages:
                yield prepare_page(page, self._recurring, self._facts)
            return
        from storyline.reuse.index import hold_prepared
        from storyline.stories.background import remember

        if self._finish is not None:
            self._finish()
        pages = iter(self.pages)
        for future in self._futures:
            for result in future.result():
                page = next(pages)
                article = result.article
                if article is not None:
                    article = replace(article, raw=page.raw, raw_hash=page.raw_hash)
                    if result.lineage is not None:
                        hold_prepared(article.text, result.lineage)
                if result.shares:
                    remember(result.shares)
                yield Prepared(page, article, result.error, result.facts,
                               features=result.features)  # fmt: skip

    def cancel(self) -> None:
        for future in self._futures or ():
            if isinstance(future, Future):
                future.cancel()


# -- story views after a batch --------------------------------------------------------------
MIN_PARALLEL_VIEWS = 2
"""Fewer stories to refresh than this are done in this process."""

_worker_stores: dict[str, object] = {}


def _fresh_views(url: str, story_ids: list[int]) -> list[dict | None]:
    """In a worker: the views of these stories, read from the store at ``url`` (a store of
    its own per worker process; nothing is written)."""
    from storyline.store.db import Store
    from storyline.views import fresh_view

    store = _worker_stores.get(url)
    if store is None:
        store = _worker_stores[url] = Store.open(url)
    return [fresh_view(store, story_id) for story_id in story_ids]  # type: ignore[arg-type]


def refresh_views(store, story_ids: Iterable[int], workers: int = 1) -> None:
    """`storyline.views.refresh_stories` on ``workers`` processes: the briefs (the costly
    part) are computed in workers, each reading the committed store, and saved here in story
    order, so the cached views are the same as one process makes."""
    from storyline.views import refresh_stories, save_story

    ids = sorted(story_ids)
    if workers == 1 or len(ids) < MIN_PARALLEL_VIEWS:
        refresh_stories(store, set(ids))
        return
    url = store.engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    import storyline.brief.build  # noqa: F401  (loaded once, before the workers are forked)

    with ProcessPoolExecutor(
        min(workers, len(ids)), mp_context=context, initializer=_worker_started
    ) as pool:
        batches = list(_tasks(ids, 2))
        for batch, views in zip(
            batches, pool.map(_fresh_views, [url] * len(batches), batches), strict=True
        ):
            for story_id, view in zip(batch, views, strict=True):
                if view is not None:
                    with store.engine.begin() as conn:
                        save_story(conn, story_id, view)
