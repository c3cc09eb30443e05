"""Threads: the long-running story that links developments (talks → prisoner exchange →
second round; spill → cap → seal), grown online like stories.

A thread is a cluster of *stories*, kept with the same machinery as a story (a capped
centroid of its articles' TF-IDF vectors, an inverted index ``term -> threads``, the store's
document frequencies), but with looser evidence of time: a story is one development of a few
days, a thread runs for months. The rule that keeps the two levels consistent: **an article's
thread is its story's thread**. So only the first article of a new story is matched against
the threads (it joins the best one above the bar, or starts a thread of its own); every later
article of that story goes to its story's thread and only moves its centroid; when two stories
merge, their threads (if they differ) merge into the older id. A story therefore belongs to
exactly one thread, and thread ids are stable (the id of the thread's first story, merges
keep the older).

Why the first article of a story and not the story as it grows: the story is young then, but
every later article already has its thread through its story, and a thread that a story joins
by mistake can only be undone by a split, which readers see as ids that change. Thread merges
(two threads coming close as they grow) repair the missed joins instead, with the same
mutual-best-neighbour rule as stories.

What keeps neighbouring long-running stories apart (Egypt and Libya in 2011): the thread's
own cohesion (the linkage is relative to it), the names it is filed under (capitalised
phrases weigh more than words), and time — an article far outside a thread's dates needs more,
and a thread that is not yet established reaches weeks, not months.

What holds a long-running story together when its vocabulary drifts over months and its own
words grow common in the stream (so their IDF, and the linkage, fall): the thread's
*profile*, its heaviest terms, which a new development still names ("swine flu", "H1N1"
next to the day's new school, inquest or airline). A story's first article joins the
established thread whose profile it covers clearly more than any other's, small threads
merge into one they cover, and two established threads that cover each other's profiles
merge (see `ProfileSettings`). Measured on the Timeline17 development folders ingested as
one stream: the share of each long-running story's articles in its top thread went from
85% (H1N1) and 88% (Michael Jackson) to 90% and 91%, no thread holding two of the stories;
with the stories split more finely since, H1N1 measured 86-88%. Established threads are
looked up under the store's most common of an article's terms too (`ProfileSettings.common`):
H1N1 89.8%; with the join bar at 0.33 instead of 0.35, 91.5% (Michael Jackson 92.8%, BP
99.4%), still no thread holding two stories, Date F1 unchanged (0.611). Most of
H1N1's other articles are pages about something else (listings, columns, other news of the
day) or not in English (BBC Vietnamese pages on the flu, kept apart as every non-English
article is)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from storyline.stories.clusterer import ClusterSettings, StoryClusterer, _Vector
from storyline.stories.features import ArticleFeatures, is_number_term
from storyline.stories.state import StoryState, top_terms
from storyline.threads.state import SharedStatistics

THREAD_SETTINGS = ClusterSettings(
    join=0.2,
    young=0.0,
    cold=2.0,
    cold_docs=400,
    short_join=0.6,
    merge=0.35,
    mutual=0.7,
    mature=20,
    number_penalty=1.0,
    year_penalty=0.8,
    window_days=60,
    date_decay_days=180.0,
    related=0.2,
    dated_cold_relief=0.0,
    phrase_boost=1.5,
    common_df=0.6,
    index_terms=60,
    query_terms=50,
)
"""Bars on the same linkage scale as stories (~1 for two parts of one whole), relative to a
thread's cohesion, which is lower than a story's: developments of one long-running story
share its names and vocabulary, not its day's details. Time counts only beyond 60 days and
slowly (a thread runs for months). A thread's own words are common wherever it dominates the
stream ("oil", "spill" in a store full of the spill), so candidates are looked up by terms
in up to 60% of documents, and threads are filed under more terms than stories. Tuned on
Timeline17 development folders and the 91 AEB pages, by kind of evidence."""


@dataclass(frozen=True)
class ProfileSettings:
    """A thread's *profile*: the ``terms`` heaviest terms of its centroid (its central
    names and words: "@bp", "oil", "spill", "@gulf of mexico"), with their weights. An
    article or thread *covers* a profile by the share of that weight among its own terms.

    Why a second signal next to the linkage: a long-running story dominates the stream it is
    in, so its own words ("flu", "swine", "h1n1") become common and their IDF falls; a new
    development of it is then similar to the thread mostly through the day's details, which
    the thread's centroid (months of other details) does not share, and the linkage stays
    under the bar (Timeline17 H1N1: an inquest into a death from swine flu linked 0.20 to
    its thread). Coverage asks instead whether the article names what the thread is about,
    whatever the store's statistics. Neighbouring long-running stories (Egypt and Libya in
    2011) share words but not their central names, and an article covers its own story's
    profile more than the neighbour's: joining by profile asks for ``margin`` times the
    coverage of any other established thread, so an article covering both stays with the
    linkage's choice."""

    terms: int = 30
    established: int = 10
    """Only threads of at least this many articles have a profile: a few articles' top
    terms are their day's details, not a long-running story's names."""
    join: float = 0.33
    """A story's first article joins the established thread whose profile it covers at
    least this much (times the time factor), and ``margin`` times more than any other.
    On Timeline17 development folders, articles cover their own story's profile at a median
    of 0.68 (0.35 for those the linkage left out); the first articles of new stories that
    covered an established thread's profile at 0.28-0.35 were all of that thread's story (a
    school closed over swine flu at 0.34), while one covering another story's profile more
    (a digest page, 0.61 for the spill, 0.45 for its own) is held back by ``margin``."""
    margin: float = 1.5
    merge: float = 0.5
    """Two established threads merge when the heaviest ``2 * terms`` terms of each cover the
    other's profile this much (one long-running story that started twice); a small thread
    merges into an established one it covers as an article would join it (``join``,
    ``margin``)."""
    query: int = 20
    common: int = 10
    per_term: int = 10
    """Established threads are looked up under the ``query`` most frequent terms of the
    article (common ones included: they are the thread's names) and the ``common`` of its
    terms that most documents in the store contain, ``per_term`` threads per term. Why the
    second list: a development told through its own details (an airline's demand, a
    school's closure, an inquest) names the long-running story only in passing, so its
    names are not among the article's most frequent terms, while they are the stream's most
    common ones wherever that story dominates it (Timeline17 H1N1: an article on air travel
    demand had "flu" as its 131st term and was never compared with the H1N1 thread, whose
    profile it covered at 0.54; a two-article thread on a school closed and a death from
    swine flu, looked up by its IDF-weighted terms, "dorset" and "inquest", never found it
    either)."""
    young_window: int = 45
    young_decay: float = 14.0
    """Until a thread is established, it reaches only this many days beyond its dates
    (then its scores decay with ``young_decay`` days, as a story's do): developments weeks
    apart still link, but a thread earns its months by running for months, and two pages
    months apart that share only a site's furniture (two radio listings) do not make a
    long-running story."""
    refile_every: int = 4
    """A thread is filed again under all its terms every this many articles, so that an
    active long-running thread stays among the most recent under its common terms."""


@dataclass(frozen=True)
class ThreadAssignment:
    """Where an article's story sits: its thread, and the thread merges it caused."""

    thread_id: str
    merged: tuple[tuple[str, str], ...] = ()  # (from_id, into_id), into is the older thread
    new: bool = False


class ThreadClusterer(StoryClusterer):
    """Puts stories in threads as their articles arrive (see the module docstring). The
    thread state is a ``StoryState`` without a member list; ``SharedStatistics`` (or a
    stored backend with the same methods) keeps it."""

    backend: SharedStatistics

    def __init__(
        self,
        backend: SharedStatistics | None = None,
        settings: ClusterSettings | None = None,
        profile: ProfileSettings | None = None,
    ) -> None:
        super().__init__(backend if backend is not None else SharedStatistics(), settings
                         or THREAD_SETTINGS)  # fmt: skip
        self.profile = profile or ProfileSettings()
        self._tops: dict[tuple[str, int, float, int], list[str]] = {}

    def place(
        self,
        article: ArticleFeatures,
        story_id: str,
        story_merges: Iterable[tuple[str, str]] = (),
    ) -> ThreadAssignment:
        """The thread of ``article``, which the story clusterer put in ``story_id`` (after
        ``story_merges``, pairs ``(from, into)``). Call once per article, after the story
        clusterer's ``add``."""
        backend = self.backend
        merged: list[tuple[str, str]] = []
        for from_story, into_story in story_merges:
            self._stories_merged(from_story, into_story, merged)
        article = replace(article, published=self._plausible(article.published))
        thread_id = backend.thread_of_story(story_id)
        if thread_id is not None:
            thread = backend.get(thread_id)
            if thread is not None:
                if article.duplicate_of is not None or article.empty or not article.english:
                    thread.size += 1
                    backend.put(thread)
                else:
                    vector = self._weigh(dict(article.terms))
                    weight = self.settings.short_weight if article.short else 1.0
                    self._absorb(thread, article, weight, vector)
                    if not article.short:
                        thread_id = self._merge_threads(thread, merged)
            backend.assign(article.doc_id, thread_id)
            return ThreadAssignment(thread_id, tuple(merged))
        if article.empty or not article.english:
            thread = self._new_story(replace(article, doc_id=story_id), index=False)
            thread.members.clear()
            backend.put(thread)
            return self._placed(article, story_id, thread.story_id, merged, new=True)
        vector = self._weigh(dict(article.terms))
        scored, youth = self._score_candidates(article, vector)
        cold = self._cold(youth)
        best_id, best = scored[0] if scored else (None, 0.0)
        bar = self.settings.short_join if article.short else self.settings.join
        thread = backend.get(best_id) if best_id is not None else None
        covered = None if article.short else self._covered(
            {t for t, _ in article.terms}, self._frequent(article.terms), article.published
        )  # fmt: skip
        if covered is not None:
            thread = covered
        elif thread is None or best < bar + cold + self.settings.young / max(thread.size, 1):
            thread = self._new_story(
                replace(article, doc_id=story_id), index=True, youth=youth, vector=vector
            )
            backend.put(thread)
            return self._placed(article, story_id, thread.story_id, merged, new=True)
        self._absorb(thread, article, self.settings.short_weight if article.short else 1.0,
                     vector)  # fmt: skip
        thread_id = thread.story_id
        if not article.short:
            thread_id = self._merge_threads(thread, merged)
        return self._placed(article, story_id, thread_id, merged)

    def thread_of(self, story_id: str) -> str | None:
        return self.backend.thread_of_story(story_id)

    def thread_of_article(self, doc_id: str) -> str | None:
        return self.backend.story_of(doc_id)

    # -- internals ------------------------------------------------------------------------

    def _absorb(
        self,
        story: StoryState,
        article: ArticleFeatures,
        weight: float = 1.0,
        vector: _Vector | None = None,
    ) -> None:
        """As for stories, but a thread keeps no member list: its articles are its stories'
        (``SharedStatistics.story_of``), and a list growing with the thread would make every
        write of a long-running story's state cost more as it grows."""
        super()._absorb(story, article, weight, vector)
        story.members.clear()
        every = self.profile.refile_every
        if every and story.size % every == 0:
            self.backend.file(story.story_id, add=story.indexed, remove=())

    def _date_factor(self, day: date | None, story: StoryState) -> float:
        p = self.profile
        if story.size >= p.established or day is None or story.first is None:
            return super()._date_factor(day, story)
        gap = max((story.first - day).days, (day - (story.last or story.first)).days, 0)
        over = gap - p.young_window
        return 1.0 if over <= 0 else math.exp(-over / p.young_decay)

    # -- profiles (see `ProfileSettings`) -------------------------------------------------

    def _profile(self, thread: StoryState) -> dict[str, float]:
        return {t: thread.centroid[t] for t in self._top(thread, self.profile.terms)}

    def _top(self, thread: StoryState, n: int) -> list[str]:
        """A thread's ``n`` heaviest terms, kept while its centroid stays as it is (its size
        and norm change with every article or merge): an established thread is ranked for
        every article that looks it up, and ranking a long-running story's thousands of
        terms each time made placing an article cost more as the store grew."""
        key = (thread.story_id, thread.size, thread.norm2, n)
        top = self._tops.get(key)
        if top is None:
            if len(self._tops) > 4096:
                self._tops.clear()
            top = self._tops[key] = top_terms(thread.centroid, n)
        return top

    @staticmethod
    def _coverage(profile: dict[str, float], terms: set[str]) -> float:
        total = sum(profile.values())
        return sum(w for t, w in profile.items() if t in terms) / total if total else 0.0

    def _frequent(self, terms: Iterable[tuple[str, float]]) -> list[str]:
        """The terms to look established threads up under (see `ProfileSettings.common`):
        the ``query`` heaviest as given (an article's before IDF), then the ``common`` in
        most documents; numbers left out."""
        p = self.profile
        words = {t: w for t, w in terms if not is_number_term(t)}
        query = top_terms(words, p.query)
        if p.common:
            df = self.backend.document_frequencies(words)
            query += [t for t in top_terms(df, p.query + p.common) if t not in query][: p.common]
        return query

    def _established(self, query: list[str], exclude: str | None = None) -> list[StoryState]:
        p = self.profile
        ids: dict[str, None] = {}
        for found in self.backend.stories_under(query, p.per_term).values():
            ids.update(dict.fromkeys(found))
        out = []
        for thread_id in ids:
            thread = self.backend.get(thread_id) if thread_id != exclude else None
            if thread is not None and thread.size >= p.established:
                out.append(thread)
        return out

    def _covered(
        self,
        terms: set[str],
        query: list[str],
        day: date | None,
        exclude: str | None = None,
    ) -> StoryState | None:
        """The established thread whose profile ``terms`` cover (see `ProfileSettings`)."""
        p = self.profile
        scored = sorted(
            ((self._coverage(self._profile(t), terms) * self._date_factor(day, t), -t.seq, t)
             for t in self._established(query, exclude)),
            key=lambda x: (x[0], x[1]), reverse=True,
        )  # fmt: skip
        if not scored or scored[0][0] < p.join:
            return None
        if len(scored) > 1 and scored[0][0] < p.margin * scored[1][0]:
            return None
        return scored[0][2]

    def _placed(
        self,
        article: ArticleFeatures,
        story_id: str,
        thread_id: str,
        merged: list[tuple[str, str]],
        new: bool = False,
    ) -> ThreadAssignment:
        self.backend.place_story(story_id, thread_id)
        self.backend.assign(article.doc_id, thread_id)
        return ThreadAssignment(thread_id, tuple(merged), new)

    def _stories_merged(
        self, from_story: str, into_story: str, merged: list[tuple[str, str]]
    ) -> None:
        """Two stories became one: so do their threads (one development cannot belong to two
        long-running stories)."""
        backend = self.backend
        a = backend.thread_of_story(from_story)
        b = backend.thread_of_story(into_story)
        backend.drop_story(from_story)
        if a is None:
            return
        if b is None:
            backend.place_story(into_story, a)
            return
        if a == b:
            return
        ta, tb = backend.get(a), backend.get(b)
        if ta is None or tb is None:
            return
        older, younger = (ta, tb) if ta.seq < tb.seq else (tb, ta)
        self._merge_thread_states(younger, older)
        merged.append((younger.story_id, older.story_id))
        if older.story_id != b:
            backend.place_story(into_story, older.story_id)

    def _merge_threads(self, thread: StoryState, merged: list[tuple[str, str]]) -> str:
        """Merge ``thread`` with close neighbours (as stories do); returns the surviving id."""
        s = self.settings
        if s.merge <= 0:
            return thread.story_id
        # a young store's statistics cannot yet tell a field's words from a story's own
        young = max(0.0, 1.0 - self.backend.documents() / s.cold_docs) if s.cold_docs else 0.0
        bar = s.merge + s.cold * young
        while True:
            vector = _Vector(thread.centroid, math.sqrt(thread.norm2))
            for other_id, score in self._neighbours(thread, vector):
                other = self.backend.get(other_id)
                if other is None or score < bar:
                    continue
                if self._closer_elsewhere(other, score):
                    continue
                break
            else:
                found = self._profile_neighbour(thread)
                if found is None:
                    return thread.story_id
                other = found
            older, younger = (thread, other) if thread.seq < other.seq else (other, thread)
            self._merge_thread_states(younger, older)
            merged.append((younger.story_id, older.story_id))
            thread = older

    def _profile_neighbour(self, thread: StoryState) -> StoryState | None:
        """An established thread that ``thread`` is part of by profile (see
        `ProfileSettings.merge`): the second pass that joins what the linkage kept apart."""
        p = self.profile
        query = self._frequent(thread.centroid.items())
        if thread.size < p.established:  # its terms, as an article's
            return self._covered(set(thread.centroid), query, thread.last, thread.story_id)
        if p.refile_every and thread.size % p.refile_every:
            return None  # an established thread's profile moves slowly: look now and then
        terms = set(self._top(thread, 2 * p.terms))
        mine = self._profile(thread)
        for other in self._established(query, exclude=thread.story_id):
            theirs = set(self._top(other, 2 * p.terms))
            if (self._coverage(self._profile(other), terms) >= p.merge
                    and self._coverage(mine, theirs) >= p.merge):  # fmt: skip
                return other
        return None

    def _merge_thread_states(self, younger: StoryState, older: StoryState) -> None:
        backend = self.backend
        moved = backend.stories_of(younger.story_id)
        self._merge(younger, older)
        for story_id in moved:
            backend.place_story(story_id, older.story_id)
