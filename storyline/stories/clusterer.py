"""Online story clustering: each new article joins the best matching story or starts one.

Why single-pass with merges: ingest must cost the same per article at 1,000 or 50,000 stored
articles, so an article is compared only with the few stories that the inverted index
``term -> stories`` proposes (never a scan), against each story's centroid (capped in size).
Online decisions made early, with little evidence and young document frequencies, may split
one event in two; when a story grows and comes close to another, the two merge into the
*older* id and the merge is reported, so ids stay stable for readers.

How a story is compared: not by raw cosine, which rises with a story's size and differs from
topic to topic, but by ``_linkage``: the mean similarity between the article and the story's
members (group average, computed from the story's sum vector alone) divided by the story's own
cohesion (mean similarity among its members). Two parts of one event score about 1 whatever
their sizes; a similar but different event (two earthquakes, two coach firings) scores lower.
On ECB+ development data an article ranks its own event above the similar one 98% of the time,
but no absolute bar separates them for a single article; hence the bars grow for evidence that
is still weak: a story of one or two articles (``young``), and a store with few documents,
whose document frequencies cannot yet tell a topic's words from an event's (``cold``). The
cold-start bar is lifted early for an article whose neighbourhood is mature: once ``mature``
articles have arrived close to the stories it resembles (``StoryState.youth``), that subject's
statistics can be trusted even in a small store, which would otherwise stay cold throughout.

Merges are where similar events fuse, and a fused story attracts both events for good, so a
merge asks more than the linkage bar: the two stories' numbers must not disagree (below), and
the neighbour must not have a much closer neighbour of its own (``mutual``: a fragment goes
with the story it resembles most, as an article joins the story it ranks first).

Evidence, in order of strength:

- the very same text as an earlier article (``duplicate_of``): same story, nothing else asked;
- shared wire copy (``reuse``, from ``ReuseIndex``): a bonus proportional to the shared share,
  which also lifts the cold-start bar;
- TF-IDF similarity (above) over folded words and capitalised phrases (names of people,
  places, organisations), title and lead boosted;
- dates when both are known: the further the article lies outside a story's date range, the
  lower its score (a story is one development, not a theme); and years named in the text:
  an article naming only years its story never names scores ``year_penalty`` times less;
- who and how many, for joins (``signature_terms``): an article that names none of a
  story's heaviest names, and whose own heaviest names the story never mentions, scores
  less, and less again when the same holds for their numbers: a similar development has
  its own protagonists and figures;
- numbers named in the text (tolls, ages, scores, magnitudes, amounts, years), for merges:
  two stories whose number terms share nothing merge only on ``1 / number_penalty`` times the
  evidence, as similar events differ in their figures and reports of one event repeat them.

Edge cases, handled on purpose:

- **no text** (no terms): a singleton story, never indexed, so it attracts nothing;
- **very short text** (< ``SHORT_WORDS`` content words): joins at most one story, only above a
  higher bar (``short_join``), and never triggers a merge, so one line cannot bridge two
  stories;
- **non-English** (declared language other than English): a singleton story, not indexed (the
  document frequencies and stop words are English; mixing languages would only produce noise);
- **identical texts**: the duplicate joins the first copy's story and is not counted twice
  in the centroid or the document frequencies;
- **missing dates**: no time evidence, the text decides;
- **far-past / future dates**: dates before ``min_date`` (default 1990, parser artefacts such as
  the epoch) or after ``max_date`` (default: today plus two days) are treated as missing.

Deterministic: every choice is ordered by score, then by story creation order; no randomness.
The one use of the clock is the default ``max_date``, which only matters for articles dated in
the future.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from storyline.stories.background import background_share
from storyline.stories.background import prefetch as prefetch_shares
from storyline.stories.features import (
    PHRASE_PREFIX,
    ArticleFeatures,
    headline_figures,
    is_number_term,
)
from storyline.stories.state import MemoryStoryBackend, StoryBackend, StoryState, top_terms


@dataclass(frozen=True)
class Assignment:
    """Where ``add`` put an article: its story, and the merges its arrival caused."""

    story_id: str
    merged: tuple[tuple[str, str], ...] = ()  # (from_id, into_id), into is the older story
    score: float = 0.0  # the winning similarity; 0 for a new story


@dataclass(frozen=True)
class ClusterSettings:
    """Bars and sizes. Bars are on the ``_linkage`` scale (about 1 for two parts of one event,
    lower for a similar but different event). Tuned on the ECB+ development topics (each holds
    two similar events), by kind of evidence, never by topic."""

    join: float = 0.3
    """An article joins its best story at or above this linkage, plus the two below."""
    young: float = 0.3
    """Plus ``young / size``: a story of one or two articles is weak evidence (one text's
    vocabulary is mostly its topic's), so joining it takes more; this keeps the first article
    of a similar event from seeding a mixed story that then attracts the rest of that event."""
    cold: float = 3.0
    cold_docs: int = 400
    """Plus ``cold * (1 - documents / cold_docs)`` while fewer than ``cold_docs`` documents
    are known (joins and merges alike): with young document frequencies a topic's everyday
    words weigh as much as an event's own, and everything on one topic looks alike. Early
    articles start stories of their own, and merge once the statistics can tell them apart.
    The bar is lifted sooner where the article's neighbourhood is mature (below)."""
    mature: int = 10
    nearby: float = 0.6
    """The cold-start part is at most ``cold * youth / mature``, where ``youth`` counts the
    articles still to arrive close to (linkage at least ``nearby``) the stories the article
    resembles before ``mature`` of them have been seen (``StoryState.youth``). It is the
    subject's statistics that must be mature, not the whole store's: a small store whose
    subjects are each well covered would otherwise stay cold throughout (a store of 200
    articles on ten subjects never reaches ``cold_docs``), while a subject seen in only a
    few articles cannot yet tell its everyday words from an event's own."""
    short_join: float = 0.8
    """The bar for a short article instead of ``join``: it carries little evidence."""
    merge: float = 0.7
    """Two stories merge at or above this linkage (plus ``cold``). Stories are averages,
    steadier than one article, so no ``young`` term here."""
    mutual: float = 0.8
    """A story merges with a neighbour above the bar only if that neighbour's own best
    neighbour scores at most ``1 / mutual`` times more: a fragment goes with the story it
    resembles most, as an article joins the story it ranks first, not with the first story
    that clears the bar (often the similar event's)."""
    number_penalty: float = 0.7
    number_overlap: float = 0.25
    """A merge's score is multiplied by ``number_penalty`` when both stories name numbers
    (tolls, ages, scores, magnitudes, amounts, years) and none in common, rising to 1 as the
    cosine of their number terms reaches ``number_overlap``: reports of one event repeat its
    figures, two similar events differ in them."""
    signature_terms: int = 5
    name_floor: float = 0.3
    number_floor: float = 0.6
    full_coverage: float = 0.4
    """Who and how many. A join's score is multiplied by a factor for the names
    (capitalised phrases) and one for the numbers the article and the story share: each
    side's ``signature_terms`` heaviest names (numbers) are looked up in the other side's
    terms, and the mean share found (the *coverage*) sets the factor, from ``name_floor``
    (``number_floor``) when none is found up to 1 at ``full_coverage``; no factor when
    either side names none. Reports of one development name its protagonists and repeat
    its figures; a similar development (another player placed on injured reserve, another
    host of the Oscars, another quake on the same island) has its own. On pairs of ECB+
    development articles of one topic, none of the top five names is shared for 61% of
    pairs of different events and 14% of pairs of one event; none of the top five numbers
    for 69% and 19% (numbers are noisier: times, scores, ages; hence the milder floor).
    Where stories go wrong is a join into a story of one or two articles of the similar
    event, which then attracts that event's next articles; so the factor applies to joins,
    and the first article of the other event starts its own story. Merges keep only the
    number factor (``number_penalty``): with this factor on merges too, parts of one event
    whose early articles name different people stayed apart (ECB+ recall fell by 0.06)."""
    related: float = 0.3
    """Stories in [related, merge) are listed as related (similar, different events)."""
    prior: float = 0.15
    """Assumed mean similarity between the articles of one event, for a group of one."""
    min_cohesion: float = 0.05
    short_weight: float = 0.5
    """A short article counts this much in its story's centroid (it must not drag it)."""
    phrase_boost: float = 1.0
    """Weight of a capitalised phrase (a name) relative to a word of the same TF-IDF."""
    year_penalty: float = 0.7
    """Score factor when the article names years and its story names others, none shared:
    two earthquakes in one region are told apart by when as much as by where."""
    reuse_bonus: float = 1.0
    """Added for a story holding an article this one shares wire copy with (times the
    shared share / 0.5, at most 1): shared copy is the strongest evidence of one story."""
    window_days: int = 7
    date_decay_days: float = 14.0
    """Beyond ``window_days`` outside a story's date range, scores decay with this scale."""
    centroid_terms: int = 300
    index_terms: int = 25
    query_terms: int = 25
    per_term: int = 50
    candidates: int = 5
    """Caps that keep the cost per article flat: terms kept per centroid, terms a story is
    filed under, article terms looked up, stories read per term, stories scored."""
    title_candidates: int = 32
    """Distinct headlines a story keeps to choose its title from: when twice as many have
    gathered, the least central half goes (a story of thousands of articles must not carry,
    and write on every article, thousands of headlines)."""
    title_follow: float = 0.8
    """A headline at least this share as central as the most central one may be the title;
    the latest of those is (see ``StoryClusterer.title``)."""
    common_df: float = 0.2
    """Terms in more than this share of documents are not used to find candidates."""
    dated_cold_relief: float = 1.0
    """Share of the cold-start bar lifted when the article (or story) and the candidate
    story are dated within ``window_days`` of each other: a match on text within days is
    strong evidence that a young neighbourhood's statistics need not confirm. Undated streams
    (such as the ECB+ evaluation) keep the whole bar."""
    unheadlined_relief: float = 0.4
    """The share of ``dated_cold_relief`` kept when both sides have headlines and they share
    no content word: two reports of one development name it in their headlines alike
    ("NASA adds five companies to lunar lander program", "NASA's commercial moon shot"),
    while a different subject of the same week and field ("hibernating astronauts", "the
    US-China trade war" next to Hong Kong) only shares the body's background vocabulary."""
    headline_share: float = 0.05
    """A shared headline word counts for ``unheadlined_relief`` only when fewer than this
    share of news articles (and of the store's) use it: "key" in "Key moments from the
    impeachment hearing" and "7 key questions before the debate" says nothing."""
    background_docs: int = 200
    """Pseudo-documents of background word statistics (`background`) blended into the
    store's document frequencies, so that IDF means something from the first article."""
    min_date: date = date(1990, 1, 1)
    max_date: date | None = field(default_factory=lambda: date.today() + timedelta(days=2))
    """Later dates are treated as missing. The default follows the clock (a page cannot be
    published in the future); pass a fixed date, or ``None``, for a replay that must not
    depend on the day it runs."""


@dataclass
class _Vector:
    weights: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0


@dataclass(frozen=True)
class _Signature:
    """Who and how many: the heaviest names and numbers of a weight map (an article's
    vector or a story's centroid), and the map itself, to look another's up in."""

    weights: dict[str, float]
    names: tuple[str, ...]
    numbers: tuple[str, ...]

    @classmethod
    def of(cls, weights: dict[str, float], k: int) -> _Signature:
        names = {t: w for t, w in weights.items() if t.startswith(PHRASE_PREFIX)}
        numbers = {t: w for t, w in weights.items() if is_number_term(t)}
        return cls(weights, tuple(top_terms(names, k)), tuple(top_terms(numbers, k)))

    def coverage(self, other: _Signature) -> tuple[float | None, float | None]:
        """The mean share of each side's heaviest names (numbers) that the other side
        names at all; None when either side names none."""

        def share(mine: tuple[str, ...], theirs: tuple[str, ...], o: _Signature) -> float | None:
            if not mine or not theirs:
                return None
            a = sum(t in o.weights for t in mine) / len(mine)
            b = sum(t in self.weights for t in theirs) / len(theirs)
            return (a + b) / 2

        return share(self.names, other.names, other), share(self.numbers, other.numbers, other)


def _updates(later: dict[str, frozenset[str]], earlier: dict[str, frozenset[str]]) -> bool:
    """Whether a headline's figures update another's: a number the earlier one does not
    name, next to a word that the earlier one uses next to one of its own numbers."""
    if not later or not earlier:
        return False
    near = frozenset().union(*earlier.values())
    return any(number not in earlier and words & near for number, words in later.items())


def _unit(vector: _Vector) -> dict[str, float]:
    if not vector.norm:
        return {}
    return {t: w / vector.norm for t, w in vector.weights.items()}


class StoryClusterer:
    """Assigns articles to stories, one at a time, with state kept in a ``StoryBackend``."""

    def __init__(
        self, backend: StoryBackend | None = None, settings: ClusterSettings | None = None
    ) -> None:
        self.backend: StoryBackend = backend if backend is not None else MemoryStoryBackend()
        self.settings = settings or ClusterSettings()

    # -- public API ---------------------------------------------------------------------

    def add(self, article: ArticleFeatures) -> Assignment:
        """Cluster one article; returns its story and any merges (into the older id)."""
        backend = self.backend
        known = backend.story_of(article.doc_id)
        if known is not None:
            return Assignment(known)
        article = replace(article, published=self._plausible(article.published))
        if article.duplicate_of is not None:
            story_id = backend.story_of(article.duplicate_of)
            story = backend.get(story_id) if story_id else None
            if story is not None:
                story.members.append(article.doc_id)
                self._note_title(story, article)
                backend.put(story)
                backend.assign(article.doc_id, story.story_id)
                return Assignment(story.story_id, score=1.0)
        if article.empty or not article.english:
            return Assignment(self._new_story(article, index=False).story_id)

        backend.count_document(t for t, _ in article.terms)
        vector = self._weigh(dict(article.terms))
        scored, youth = self._score_candidates(article, vector)
        scored = self._weigh_signatures(vector.weights, scored)
        cold = self._cold(youth)
        best_id, best = scored[0] if scored else (None, 0.0)
        bar = self.settings.short_join if article.short else self.settings.join
        story = backend.get(best_id) if best_id is not None else None
        if story is None or best < bar + cold + self.settings.young / max(story.size, 1):
            return Assignment(
                self._new_story(article, index=True, youth=youth, vector=vector).story_id
            )
        self._absorb(story, article, self.settings.short_weight if article.short else 1.0, vector)
        merged: list[tuple[str, str]] = []
        if not article.short:
            story_id = self._merge_neighbours(story, merged, cold)
        else:
            story_id = story.story_id
        backend.assign(article.doc_id, story_id)
        return Assignment(story_id, tuple(merged), best)

    def story(self, story_id: str) -> StoryState | None:
        return self.backend.get(story_id)

    def title(self, story_id: str) -> str:
        """The headline of the story's latest central development.

        Central headlines are those within ``ClusterSettings.title_follow`` of the one
        closest to the story centroid; a side piece, far from the centroid, never names the
        story. A later headline that reports the same quantity as a central one with a new
        value ("Flood death toll climbs to 17", then "... reaches 23", after "Death toll
        rises to 14 after Korvel Dam collapse") updates it, and joins the central ones even
        when its own wording is further from the centroid (see ``headline_figures``). Of
        these, the latest published is the title (arrival order for undated articles and
        ties): the title follows the news, and the story keeps its id."""
        story = self.backend.get(story_id)
        if story is None or not story.titles:
            return ""
        centroid = _Vector(story.centroid, math.sqrt(story.norm2))
        scores = [
            self._cosine(self._weigh({t: 1.0 for t in terms}), centroid)
            for _, _, terms in story.titles
        ]
        bar = max(scores) * self.settings.title_follow
        chosen = [i for i, score in enumerate(scores) if score >= bar - 1e-12]

        def when(i: int) -> tuple[date, int]:
            return (story.dated.get(story.titles[i][0], date.min), i)

        figures = [headline_figures(title) for _, title, _ in story.titles]
        for i in sorted(range(len(story.titles)), key=when):
            if i not in chosen and any(
                when(j) < when(i) and _updates(figures[i], figures[j]) for j in chosen
            ):
                chosen.append(i)
        return story.titles[max(chosen, key=when)][1]

    def related(self, story_id: str, limit: int = 10) -> list[str]:
        """Stories about similar but different events: linkage between the ``related`` and
        ``merge`` bars, best first; found through the inverted index like candidates."""
        story = self.backend.get(story_id)
        if story is None or not story.centroid:
            return []
        vector = _Vector(story.centroid, math.sqrt(story.norm2))
        found = []
        for other_id, score in self._neighbours(story, vector):
            if self.settings.related <= score < self.settings.merge:
                found.append(other_id)
        return found[:limit]

    def rebuild(
        self, articles: Iterable[ArticleFeatures], backend: StoryBackend | None = None
    ) -> list[Assignment]:
        """Forget everything and replay ``articles`` in publication order (undated ones last,
        ties in the given order) into ``backend`` (an empty one; a new in-memory one by
        default). Returns one assignment per replayed article; an article's final story is
        ``story_of`` after the replay, as later merges may move it."""
        self.backend = backend if backend is not None else MemoryStoryBackend()
        ordered = sorted(
            enumerate(articles),
            key=lambda ia: (ia[1].published is None, ia[1].published or date.min, ia[0]),
        )
        return [self.add(a) for _, a in ordered]

    def story_of(self, doc_id: str) -> str | None:
        """The article's current story, following merges."""
        return self.backend.story_of(doc_id)

    # -- scoring ------------------------------------------------------------------------

    def _plausible(self, day: date | None) -> date | None:
        s = self.settings
        if day is None or day < s.min_date or (s.max_date is not None and day > s.max_date):
            return None
        return day

    def _weigh(self, terms: dict[str, float]) -> _Vector:
        """TF-IDF weights with the current document frequencies (phrases boosted)."""
        backend = self.backend
        prior = self.settings.background_docs
        n = backend.documents() + prior
        df = backend.document_frequencies(terms)
        boost = self.settings.phrase_boost
        if prior:
            prefetch_shares(terms)  # one table query for the terms' new words
        weights = {}
        for term, tf in terms.items():
            seen = df[term] + (prior * background_share(term) if prior else 0.0)
            idf = math.log((n + 1) / (seen + 1)) + 1.0
            w = tf * idf
            if term.startswith(PHRASE_PREFIX):
                w *= boost
            weights[term] = w
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return _Vector(weights, norm)

    @staticmethod
    def _cosine(a: _Vector, b: _Vector) -> float:
        if not a.norm or not b.norm:
            return 0.0
        if len(a.weights) > len(b.weights):
            a, b = b, a
        bw = b.weights
        return sum(w * bw.get(t, 0.0) for t, w in a.weights.items()) / (a.norm * b.norm)

    def _date_factor(self, day: date | None, story: StoryState) -> float:
        if day is None or story.first is None or story.last is None:
            return 1.0
        gap = max((story.first - day).days, (day - story.last).days, 0)
        over = gap - self.settings.window_days
        return 1.0 if over <= 0 else math.exp(-over / self.settings.date_decay_days)

    def _close_in_time(self, day: date | None, first: date | None, last: date | None) -> bool:
        """Both dated, and the article within ``window_days`` of the story's date range."""
        if day is None or first is None or last is None:
            return False
        window = self.settings.window_days
        return first - timedelta(days=window) <= day <= last + timedelta(days=window)

    def _relief(self, title_terms: tuple[str, ...], story: StoryState) -> float:
        """How much of the cold-start bar a match within days lifts: all of
        ``dated_cold_relief`` unless both sides have headlines that share no content word
        (then ``unheadlined_relief`` of it). Number terms do not count as shared words."""
        s = self.settings
        if not title_terms or not story.titles:
            return s.dated_cold_relief
        mine = {t for t in title_terms if not is_number_term(t)}
        theirs = {t for _, _, terms in story.titles for t in terms}
        if not mine or not theirs:
            return s.dated_cold_relief
        shared = mine & theirs
        if shared:
            n = self.backend.documents()
            df = self.backend.document_frequencies(shared)
            if any(
                background_share(t) < s.headline_share and (n < 50 or df[t] < s.headline_share * n)
                for t in shared
            ):
                return s.dated_cold_relief
        return s.dated_cold_relief * s.unheadlined_relief

    def _cold(self, youth: int) -> float:
        """Extra bar while few documents are known, in the store and around the article
        (``youth``, see ``_settle``): document frequencies are still too young to tell a
        topic's everyday words from an event's own, so everything looks alike."""
        s = self.settings
        store = max(0.0, 1.0 - self.backend.documents() / s.cold_docs) if s.cold_docs else 0.0
        local = min(max(youth, 0), s.mature) / s.mature if s.mature > 0 else 0.0
        return s.cold * min(store, local)

    def _settle(self, related: list[StoryState]) -> int:
        """Count the article in the neighbourhood of the stories it is related to, and return
        the youth of the most mature of them (``mature`` when it is related to none: a new
        subject). Stories already mature are not written again, so the extra writes per
        article stop once a subject is known."""
        youth = self.settings.mature
        for story in related:
            if story.youth > 0:
                story.youth -= 1
                self.backend.put(story)
            youth = min(youth, story.youth)
        return youth

    def _number_factor(self, a: StoryState, b: StoryState) -> float:
        """``number_penalty`` .. 1 as the two stories' number terms agree (see the setting);
        1 when either names none."""
        s = self.settings
        if s.number_penalty >= 1.0:
            return 1.0
        x = {t: w for t, w in a.centroid.items() if is_number_term(t)}
        y = {t: w for t, w in b.centroid.items() if is_number_term(t)}
        if not x or not y:
            return 1.0
        dot = sum(w * y.get(t, 0.0) for t, w in x.items())
        cosine = dot / math.sqrt(sum(w * w for w in x.values()) * sum(w * w for w in y.values()))
        agreement = min(1.0, cosine / s.number_overlap) if s.number_overlap > 0 else 1.0
        return s.number_penalty + (1.0 - s.number_penalty) * agreement

    def _signature_factor(self, a: _Signature, b: _Signature) -> float:
        """The names factor times the numbers factor (see ``signature_terms``)."""
        s = self.settings
        names, numbers = a.coverage(b)
        factor = 1.0
        full = max(s.full_coverage, 1e-9)
        if names is not None:
            factor *= s.name_floor + (1.0 - s.name_floor) * min(1.0, names / full)
        if numbers is not None:
            factor *= s.number_floor + (1.0 - s.number_floor) * min(1.0, numbers / full)
        return factor

    def _weigh_signatures(
        self, weights: dict[str, float], scored: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """``scored`` times the signature factor of the article and each story, best
        first again."""
        if not scored:
            return scored
        k = self.settings.signature_terms
        mine = _Signature.of(weights, k)
        out = []
        for rank, (story_id, score) in enumerate(scored):
            story = self.backend.get(story_id)
            if story is not None:
                score *= self._signature_factor(mine, _Signature.of(story.centroid, k))
            out.append((rank, story_id, score))
        out.sort(key=lambda x: (-x[2], x[0]))
        return [(story_id, score) for _, story_id, score in out]

    def _year_factor(self, years: tuple[int, ...], story: StoryState) -> float:
        if not years or not story.years:
            return 1.0
        if not set(story.years).isdisjoint(years):
            return 1.0
        return self.settings.year_penalty

    def _candidate_ids(self, vector: _Vector, exclude: str | None = None) -> list[str]:
        s = self.settings
        n = max(self.backend.documents(), 1)
        top = top_terms(vector.weights, s.query_terms * 2)
        df = self.backend.document_frequencies(top)  # a story's centroid has thousands of terms
        query = [t for t in top if df[t] <= s.common_df * n or n < 50][: s.query_terms]
        votes: dict[str, float] = {}
        for term, ids in self.backend.stories_under(query, s.per_term).items():
            w = vector.weights[term]
            for story_id in ids:
                if story_id != exclude:
                    votes[story_id] = votes.get(story_id, 0.0) + w
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return [story_id for story_id, _ in ranked[: s.candidates]]

    def _cohesion(self, story: StoryState) -> float:
        """Mean pairwise similarity of the story's members, from its sum vector alone:
        |C|^2 = n + n(n-1) * mean_pairwise; the ``prior`` for a single article."""
        n, n2 = story.mass, story.mass2
        if n * n - n2 < 1e-9:
            return self.settings.prior
        return max((story.norm2 - n2) / (n * n - n2), self.settings.min_cohesion)

    def _linkage(self, dot: float, a_size: float, a_cohesion: float, b: StoryState) -> float:
        """Group-average similarity (mean over member pairs, ``dot / (m n)``) relative to the
        two groups' own cohesion: ~1 for two parts of one event whatever their sizes, lower
        for a similar but different event. Raw cosines rise with cluster size and differ from
        topic to topic; this ratio does not, so one bar fits all."""
        average = dot / (a_size * b.mass)
        return average / math.sqrt(a_cohesion * self._cohesion(b))

    def _score_candidates(
        self, article: ArticleFeatures, vector: _Vector
    ) -> tuple[list[tuple[str, float]], int]:
        """The candidate stories with their scores, best first, and the youth of the
        article's neighbourhood (see ``_settle``), which sets the cold-start bar."""
        backend = self.backend
        s = self.settings
        ids = self._candidate_ids(vector)
        shares: dict[str, float] = {}
        for doc_id, share in article.reuse:
            story_id = backend.story_of(doc_id)
            if story_id is not None:
                shares[story_id] = max(shares.get(story_id, 0.0), share)
                if story_id not in ids:
                    ids.append(story_id)
        unit = _unit(vector)
        linked: list[tuple[StoryState, float]] = []
        for story_id in ids:
            story = backend.get(story_id)
            if story is None:
                continue
            centroid = story.centroid
            dot = sum(w * centroid.get(t, 0.0) for t, w in unit.items())
            linked.append((story, self._linkage(dot, 1, s.prior, story)))
        youth = self._settle([story for story, link in linked if link >= s.nearby])
        cold = self._cold(youth)
        scored = []
        for story, score in linked:
            if self._close_in_time(article.published, story.first, story.last):
                score += cold * self._relief(article.title_terms, story)
            if story.story_id in shares:
                # shared copy needs no mature statistics: it also lifts the cold-start bar
                score += s.reuse_bonus * min(1.0, shares[story.story_id] / 0.5) + cold
            score *= self._date_factor(article.published, story) * self._year_factor(
                article.years, story
            )
            scored.append((story.seq, story.story_id, score))
        scored.sort(key=lambda x: (-x[2], x[0]))
        return [(story_id, score) for _, story_id, score in scored], youth

    def _neighbours(self, story: StoryState, vector: _Vector) -> list[tuple[str, float]]:
        out = []
        cohesion = self._cohesion(story)
        for other_id in self._candidate_ids(vector, exclude=story.story_id):
            other = self.backend.get(other_id)
            if other is None or not other.centroid:
                continue
            small, large = sorted((story.centroid, other.centroid), key=len)
            dot = sum(w * large.get(t, 0.0) for t, w in small.items())
            score = self._linkage(dot, story.mass, cohesion, other)
            if story.first and other.first:
                score *= max(
                    self._date_factor(other.first, story), self._date_factor(other.last, story)
                )
            out.append((other.seq, other_id, score))
        out.sort(key=lambda x: (-x[2], x[0]))
        return [(other_id, score) for _, other_id, score in out]

    # -- updates ------------------------------------------------------------------------

    def _new_story(
        self,
        article: ArticleFeatures,
        index: bool,
        youth: int = 0,
        vector: _Vector | None = None,
    ) -> StoryState:
        """A story of one article; an indexed one starts one article older than the
        neighbourhood it was born in (``youth``, see ``_settle``)."""
        story = StoryState(story_id=article.doc_id, seq=self.backend.next_seq())
        if index:
            story.youth = max(youth - 1, 0)
            self._absorb(story, article, vector=vector)
        else:
            story.size = 1
            story.members.append(article.doc_id)
            self._note_title(story, article)
            story.first = story.last = article.published
            self.backend.put(story)
        self.backend.assign(article.doc_id, story.story_id)
        return story

    def _note_title(self, story: StoryState, article: ArticleFeatures) -> None:
        """Keep the article's headline as a title candidate: once (copies share headlines;
        the earliest stays, as ``title`` prefers it on ties), and only the most central
        ``title_candidates`` once twice as many have gathered."""
        if not article.title or any(t == article.title for _, t, _ in story.titles):
            return
        story.titles.append((article.doc_id, article.title, article.title_terms))
        if article.published is not None:
            story.dated[article.doc_id] = article.published
        if len(story.titles) >= 2 * self.settings.title_candidates:
            centroid = _Vector(story.centroid, math.sqrt(story.norm2))
            ranked = sorted(
                range(len(story.titles)),
                key=lambda i: (
                    -self._cosine(self._weigh({t: 1.0 for t in story.titles[i][2]}), centroid)
                ),
            )
            keep = set(ranked[: self.settings.title_candidates])
            story.titles = [x for i, x in enumerate(story.titles) if i in keep]
            kept = {doc_id for doc_id, _, _ in story.titles}
            story.dated = {d: day for d, day in story.dated.items() if d in kept}

    def _absorb(
        self,
        story: StoryState,
        article: ArticleFeatures,
        weight: float = 1.0,
        vector: _Vector | None = None,
    ) -> None:
        """Add the article to the story; its vector (``vector``, when already weighed with
        the current statistics) counts ``weight`` times in the centroid.

        A member that only just cleared the bar counts little: if it was a near miss from a
        similar event, it must not pull that event's next articles into the wrong story."""
        centroid = story.centroid
        if vector is None:
            vector = self._weigh(dict(article.terms))
        for term, w in _unit(vector).items():
            centroid[term] = centroid.get(term, 0.0) + weight * w
        for year in article.years:
            story.years[year] = story.years.get(year, 0.0) + weight
        story.size += 1
        story.mass += weight
        story.mass2 += weight * weight
        story.members.append(article.doc_id)
        self._note_title(story, article)
        if article.published is not None:
            story.first = min(filter(None, (story.first, article.published)))
            story.last = max(filter(None, (story.last, article.published)))
        self._refile(story)

    def _refile(self, story: StoryState) -> None:
        s = self.settings
        weighted = story.centroid
        if len(story.centroid) > s.centroid_terms:
            keep = set(top_terms(weighted, s.centroid_terms))
            story.centroid = {t: v for t, v in story.centroid.items() if t in keep}
        story.norm2 = sum(v * v for v in story.centroid.values())
        new = tuple(top_terms(weighted, s.index_terms))
        old = set(story.indexed)
        self.backend.file(
            story.story_id,
            add=[t for t in new if t not in old] if story.indexed else new,
            remove=[t for t in story.indexed if t not in set(new)],
        )
        story.indexed = new
        self.backend.put(story)

    def _merge_neighbours(
        self, story: StoryState, merged: list[tuple[str, str]], cold: float
    ) -> str:
        """Merge ``story`` with every neighbour above the merge bar whose numbers do not
        disagree and which has no much closer neighbour of its own (``mutual``); returns the
        surviving id. ``cold`` is the bar's cold-start part for the current article."""
        s = self.settings
        while True:
            vector = _Vector(story.centroid, math.sqrt(story.norm2))
            for other_id, score in self._neighbours(story, vector):
                other = self.backend.get(other_id)
                assert other is not None
                bar = s.merge + cold
                if story.first and self._close_in_time(story.first, other.first, other.last):
                    terms = tuple({t for _, _, ts in story.titles for t in ts})
                    bar = s.merge + cold * (1.0 - self._relief(terms, other))
                if score < bar or score * self._number_factor(story, other) < bar:
                    continue
                if self._closer_elsewhere(other, score):
                    continue
                break
            else:
                return story.story_id
            older, younger = (story, other) if story.seq < other.seq else (other, story)
            self._merge(younger, older)
            merged.append((younger.story_id, older.story_id))
            story = older

    def _closer_elsewhere(self, story: StoryState, score: float) -> bool:
        """Whether ``story`` has a neighbour scoring more than ``score / mutual``."""
        if self.settings.mutual <= 0.0:
            return False
        vector = _Vector(story.centroid, math.sqrt(story.norm2))
        theirs = self._neighbours(story, vector)
        return bool(theirs) and score < self.settings.mutual * theirs[0][1]

    def _merge(self, younger: StoryState, older: StoryState) -> None:
        for term, v in younger.centroid.items():
            older.centroid[term] = older.centroid.get(term, 0.0) + v
        for year, w in younger.years.items():
            older.years[year] = older.years.get(year, 0.0) + w
        older.youth = min(older.youth, younger.youth)
        older.size += younger.size
        older.mass += younger.mass
        older.mass2 += younger.mass2
        older.members.extend(younger.members)
        older.titles.extend(younger.titles)
        older.dated.update(younger.dated)
        dates = [d for d in (older.first, older.last, younger.first, younger.last) if d]
        older.first, older.last = (min(dates), max(dates)) if dates else (None, None)
        for doc_id in younger.members:
            self.backend.assign(doc_id, older.story_id)
        self.backend.file(younger.story_id, add=(), remove=younger.indexed)
        self.backend.delete(younger.story_id)
        self._refile(older)
