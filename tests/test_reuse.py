"""Wire lineage on hand-written fictional copy: an agency story and three edited reprints."""

from __future__ import annotations

from storyline.reuse import (
    MemoryKeyBackend,
    ReuseIndex,
    compare,
    keys,
)
from storyline.reuse.sentences import split_sentences

AGENCY = (
    "Delegations from Norland and Vesteria met in Kiev on Tuesday for a third round of talks "
    "on the disputed river border.\n\n"
    "The meeting, which lasted nearly six hours, ended without a joint statement but both "
    "sides agreed to meet again next month.\n\n"
    "Norland's foreign minister Ana Petrova told reporters the talks had been difficult but "
    "constructive.\n\n"
    "Vesteria's delegation, led by deputy premier Marek Oskar, said it would present new "
    "proposals on fishing rights and water quotas.\n\n"
    "The river has been the subject of a dispute between the two countries since a flood "
    "changed its course in 1998.\n\n"
    "Observers from the regional water organisation attended the meeting at the request of "
    "both governments.\n\n"
    "Talks are expected to resume on 14 March in the Vesterian capital."
)

# Copy 1: the whole story, Kiev spelt Kyiv, one word changed, an outlet's own opening line.
COPY_SPELLING = "Our correspondent reports from the talks.\n\n" + AGENCY.replace(
    "Kiev", "Kyiv"
).replace("difficult but", "hard but")

# Copy 2: the first four paragraphs, a clause dropped, then the outlet's own analysis.
COPY_DROPPED_CLAUSE = (
    "Delegations from Norland and Vesteria met in Kiev on Tuesday for a third round of talks "
    "on the disputed river border.\n\n"
    "The meeting ended without a joint statement but both sides agreed to meet again next "
    "month.\n\n"
    "Norland's foreign minister Ana Petrova told reporters the talks had been difficult but "
    "constructive.\n\n"
    "Vesteria's delegation, led by deputy premier Marek Oskar, said it would present new "
    "proposals on fishing rights and water quotas.\n\n"
    "Analysts in the capital were sceptical that the fourth round would bring a breakthrough, "
    "pointing to elections due in both countries this autumn.\n\n"
    "Farmers along the lower valley have complained for years about falling water levels and "
    "want a settlement before the summer irrigation season begins."
)

# Copy 3: three paragraphs with American spelling and reordered words, amid local news.
COPY_VARIANTS = (
    "The town council approved a new budget for the harbour district on Wednesday evening.\n\n"
    "Observers from the regional water organization attended the meeting at the request of "
    "both governments.\n\n"
    "The river has been the subject of a dispute between the two countries since a flood "
    "changed its course in 1998.\n\n"
    "Talks are expected to resume in the Vesterian capital on 14 March.\n\n"
    "Local fishermen said they hoped the two governments would finally agree on quotas.\n\n"
    "The harbour master said the new budget would pay for dredging the main channel."
)

UNRELATED = (
    "A new exhibition of medieval maps opened at the city museum on Saturday.\n\n"
    "The collection includes more than two hundred charts drawn by monks and merchants.\n\n"
    "Curators spent four years restoring the most fragile pieces, some of which had been "
    "damaged by damp in a church cellar.\n\n"
    "The exhibition runs until the end of September and admission is free for children."
)


def _index() -> ReuseIndex:
    index = ReuseIndex()
    assert index.add("agency", AGENCY, "2025-03-04T09:00:00+00:00") == []
    return index


def test_full_copy_with_spelling_variant_shares_almost_everything() -> None:
    index = _index()
    links = index.add("copy1", COPY_SPELLING, "2025-03-04T11:30:00+00:00")
    assert [link.b for link in links] == ["agency"]
    link = links[0]
    assert link.shared_b > 0.95  # all of the agency story is in the copy
    assert 0.85 < link.shared_a < 1.0  # the copy has its own opening line
    assert link.origin == "agency"  # published earlier
    assert not link.exact_duplicate
    assert len(link.passages) == 1
    passage = link.passages[0]
    assert passage.kind == "edited"  # Kiev/Kyiv, difficult/hard
    assert COPY_SPELLING[passage.a_start : passage.a_end] == passage.a_text
    assert AGENCY[passage.b_start : passage.b_end] == passage.b_text
    assert passage.b_text.startswith("Delegations") and passage.b_text.endswith("capital.")


def test_dropped_clause_and_truncation() -> None:
    index = _index()
    link = index.add("copy2", COPY_DROPPED_CLAUSE, "2025-03-04T12:00:00+00:00")[0]
    assert link.b == "agency" and link.origin == "agency"
    assert 0.45 < link.shared_a < 0.75  # four of six paragraphs, two are its own
    assert 0.4 < link.shared_b < 0.7  # four of seven agency paragraphs
    assert len(link.passages) == 1
    assert link.passages[0].kind == "edited"
    assert "six hours" not in link.passages[0].a_text
    assert "six hours" in link.passages[0].b_text


def test_reordered_words_and_american_spelling() -> None:
    index = _index()
    (link,) = index.add("copy3", COPY_VARIANTS, None)
    assert link.b == "agency"
    assert 0.3 < link.shared_a < 0.65
    assert 0.2 < link.shared_b < 0.45
    # the copy has no date: the fuller text (the agency's) is the likely origin
    assert link.origin == "agency"
    shared = " ".join(p.a_text for p in link.passages)
    assert "water organization" in shared and "14 March" in shared
    assert "harbour" not in shared


def test_copies_link_to_each_other_and_origin_by_date_then_length() -> None:
    index = _index()
    index.add("copy1", COPY_SPELLING, "2025-03-04T11:30:00+00:00")
    index.add("copy2", COPY_DROPPED_CLAUSE, "2025-03-04T12:00:00+00:00")
    links = {link.b: link for link in index.add("copy3", COPY_VARIANTS, None)}
    assert set(links) == {"agency", "copy1"}  # copy2 shares no paragraph with copy3
    # an earlier copy published *later* than the new one: origin goes by date
    early = ReuseIndex()
    early.add("late", COPY_SPELLING, "2025-03-05")
    (link,) = early.add("early", AGENCY, "2025-03-04")
    assert link.origin == "early"
    # same day, date-only: the fuller text wins
    same_day = ReuseIndex()
    same_day.add("short", COPY_DROPPED_CLAUSE, "2025-03-04")
    (link,) = same_day.add("full", AGENCY, "2025-03-04T18:00:00")
    assert link.origin == "full"


def test_exact_duplicate_is_reported_distinctly() -> None:
    index = _index()
    rendering = AGENCY.replace("\n\n", "\n").replace("'", "’").upper()
    links = index.add("mirror", rendering, "2025-03-04T10:00:00+00:00")
    assert len(links) == 1
    assert links[0].exact_duplicate
    assert links[0].shared_a == links[0].shared_b == 1.0
    assert links[0].origin == "agency"


def test_unrelated_and_empty_texts_link_to_nothing() -> None:
    index = _index()
    assert index.add("museum", UNRELATED, "2025-03-04") == []
    assert index.add("empty", "", None) == []
    assert index.add("blank", "  \n\n ", None) == []


def test_keys_are_stable_integers_and_the_backend_is_pluggable() -> None:
    k = keys(AGENCY)
    assert k == keys(AGENCY)  # deterministic across calls (and processes: blake2b, fixed seed)
    assert all(isinstance(x, int) and 0 <= x < 2**63 for x in k)
    assert len(k) == len(set(k))
    assert keys("") == []

    class CountingBackend(MemoryKeyBackend):
        lookups = 0

        def lookup(self, keys_, whole=None):  # type: ignore[override]
            CountingBackend.lookups += 1
            return super().lookup(keys_, whole)

    backend = CountingBackend()
    index = ReuseIndex(backend=backend)
    index.add("agency", AGENCY)
    assert set(backend.postings) == set(k)  # what a store would persist: key -> doc_id
    assert index.add("copy1", COPY_SPELLING)[0].b == "agency"
    assert CountingBackend.lookups == 2  # one round trip per added article


def test_batched_signatures_equal_datasketch_minhash_per_sentence() -> None:
    """The numpy pass computes what one datasketch MinHash per sentence would: a datasketch
    upgrade that changed its hashing would be caught here (stored keys would stop matching)."""
    import random

    from datasketch import MinHash

    from storyline.reuse.keys import NUM_PERM, all_sentence_keys, sentence_keys, signatures

    rng = random.Random(3)
    vocabulary = [
        "".join(rng.choice("abcdeéz") for _ in range(rng.randint(1, 9))) for _ in range(400)
    ]
    word_sets = [frozenset(rng.sample(vocabulary, rng.randint(1, 25))) for _ in range(200)]
    for words, values in zip(word_sets, signatures(word_sets), strict=True):
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([w.encode("utf-8") for w in words])
        assert values.tolist() == m.hashvalues.tolist()
    batched = all_sentence_keys(word_sets)
    assert batched == [sentence_keys(words) for words in word_sets]  # batching changes nothing
    assert [len(k) for k in batched] == [4 if len(w) >= 5 else 0 for w in word_sets]
    # a key stands for its band's values: equal keys exactly where the values are equal
    bands = {}
    for words, keys_ in zip(word_sets, batched, strict=True):
        values = signatures([words])[0].tolist()
        for band, key in enumerate(keys_):
            bands.setdefault(key, set()).add((band, tuple(values[band * 4 : band * 4 + 4])))
    assert all(len(v) == 1 for v in bands.values())


def test_register_rebuilds_without_comparing() -> None:
    index = ReuseIndex()
    index.register("agency", AGENCY, "2025-03-04")
    assert index.add("copy2", COPY_DROPPED_CLAUSE)[0].b == "agency"


def test_compare_is_symmetric_in_content() -> None:
    ab = compare("a", AGENCY, None, "b", COPY_DROPPED_CLAUSE, None)
    ba = compare("b", COPY_DROPPED_CLAUSE, None, "a", AGENCY, None)
    assert ab is not None and ba is not None
    assert abs(ab.shared_a - ba.shared_b) < 1e-9 and abs(ab.shared_b - ba.shared_a) < 1e-9


def test_sentence_splitter_keeps_abbreviations_together() -> None:
    text = 'Mr. Smith met U.S. officials in St. Louis on Monday. They talked. "Yes," he said.'
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Mr. Smith met U.S. officials in St. Louis on Monday.",
        "They talked.",
        '"Yes," he said.',
    ]
