"""Online story clustering on hand-written fictional coverage."""

from __future__ import annotations

from storyline.stories import (
    ArticleFeatures,
    ClusterSettings,
    MemoryStoryBackend,
    StoryClusterer,
    article_features,
)

VOLCANO = [
    (
        "Volcano erupts on Isla Brava, thousands evacuated",
        "The Monte Ceniza volcano on Isla Brava erupted early on Monday, sending a column of ash "
        "eight kilometres into the sky. Governor Lucia Ferreira ordered the evacuation of the "
        "villages of Porto Velho and San Anselmo. About 4,200 residents were taken by ferry to "
        "the mainland port of Rialva. Seismologists at the Brava observatory had recorded "
        "hundreds of small tremors under Monte Ceniza during the past week. Flights to the "
        "island were cancelled as ash fell on the runway.",
    ),
    (
        "Isla Brava evacuees crowd Rialva shelters as Monte Ceniza keeps rumbling",
        "Families who fled the Monte Ceniza eruption on Isla Brava spent the night in schools "
        "and sports halls in Rialva. Governor Lucia Ferreira said the evacuation of Porto Velho "
        "and San Anselmo went smoothly and no one was hurt. The Brava observatory warned that "
        "lava could reach the coastal road if the eruption continued. Ferries will keep running "
        "between the island and Rialva while ash falls on the villages.",
    ),
    (
        "Ash from Monte Ceniza closes Isla Brava airport for third day",
        "Ash from the Monte Ceniza volcano kept the Isla Brava airport closed for a third day. "
        "Lava from the eruption crossed the coastal road north of Porto Velho on Wednesday, the "
        "Brava observatory said. Governor Lucia Ferreira visited the shelters in Rialva, where "
        "about 4,200 evacuees from Porto Velho and San Anselmo are staying. Fishermen said the "
        "ash had covered their boats in the harbour of San Anselmo.",
    ),
]

TRANSFER = [
    (
        "Rovers sign striker Tomas Lind from Hallstad",
        "Kingsport Rovers have signed striker Tomas Lind from Hallstad FK on a four-year "
        "contract. The fee was not disclosed but is believed to be a club record. Lind, 24, "
        "scored 19 goals for Hallstad in the league last season. Rovers manager Dean Okafor "
        "said Lind would add pace to an attack that struggled to score goals in the autumn. "
        "The striker will wear the number nine shirt and could make his debut against Carlton "
        "Athletic on Saturday.",
    ),
    (
        "Tomas Lind: Rovers record signing ready for Carlton Athletic debut",
        "Tomas Lind trained with his new Kingsport Rovers team-mates for the first time on "
        "Thursday after his record transfer from Hallstad FK. Manager Dean Okafor said the "
        "striker was fit and would start against Carlton Athletic. Lind scored 19 league goals "
        "for Hallstad last season and has four caps for his country. Rovers fans queued at the "
        "club shop to buy shirts with his name and the number nine.",
    ),
    (
        "Lind scores twice on Rovers debut",
        "Tomas Lind scored twice on his debut as Kingsport Rovers beat Carlton Athletic 3-1 on "
        "Saturday. The record signing from Hallstad FK opened the scoring after eleven minutes "
        "and added a second goal with a header before half-time. Manager Dean Okafor praised "
        "the striker's movement. Carlton Athletic replied through a late penalty.",
    ),
]

BRIDGE = "Monte Ceniza erupts on Isla Brava as Kingsport Rovers sign striker Tomas Lind."

BACKGROUND = [
    "The city council approved a plan to build three new bridges over the river. The work "
    "will start in the spring and cost about forty million. Residents have complained for "
    "years about traffic jams on the old bridge during rush hour. The mayor said the plan "
    "would cut journey times in half.",
    "A new exhibition of medieval maps opened at the national library. The collection "
    "includes more than two hundred charts drawn by monks and merchants. Curators spent four "
    "years restoring the most fragile pieces, damaged by damp in a church cellar.",
    "Shares in the largest bank fell sharply after it reported a drop in profits. Analysts "
    "blamed higher interest costs and a slowdown in lending to small businesses. The bank "
    "said it would cut five hundred jobs and close twenty branches.",
]


def _features(
    doc_id: str, title: str, text: str, published: str | None = "2025-05-05", **kw: object
) -> ArticleFeatures:
    return article_features(doc_id, text, title, published, "en", **kw)  # type: ignore[arg-type]


def _stream() -> list[ArticleFeatures]:
    items = [_features(f"bg{i}", "", text) for i, text in enumerate(BACKGROUND)]
    for i in range(3):
        items.append(_features(f"volcano{i}", *VOLCANO[i]))
        items.append(_features(f"transfer{i}", *TRANSFER[i]))
    return items


WARM = ClusterSettings(cold=0.0)
"""These streams are a dozen articles long: the mechanisms are tested without the cold-start
bar, which would keep every article of a store this young on its own (tested apart)."""


def _run(items: list[ArticleFeatures], **settings: object) -> StoryClusterer:
    settings.setdefault("cold", 0.0)
    clusterer = StoryClusterer(settings=ClusterSettings(**settings))  # type: ignore[arg-type]
    for item in items:
        clusterer.add(item)
    return clusterer


def test_two_unrelated_stories_stay_apart() -> None:
    clusterer = _run(_stream())
    volcano = {clusterer.story_of(f"volcano{i}") for i in range(3)}
    transfer = {clusterer.story_of(f"transfer{i}") for i in range(3)}
    assert volcano == {"volcano0"}  # the founding article's id is the story id
    assert transfer == {"transfer0"}
    assert clusterer.story_of("bg0") not in volcano | transfer
    story = clusterer.story("volcano0")
    assert story is not None and story.size == 3


def test_representative_title_is_a_member_headline() -> None:
    clusterer = _run(_stream())
    assert clusterer.title("volcano0") in {title for title, _ in VOLCANO}
    assert clusterer.title("transfer0") in {title for title, _ in TRANSFER}
    assert clusterer.title("bg0") == ""  # untitled member


def test_one_liner_does_not_bridge_two_stories() -> None:
    clusterer = _run(_stream())
    bridge = _features("bridge", "", BRIDGE)
    assert bridge.short
    assignment = clusterer.add(bridge)
    assert assignment.merged == ()
    assert clusterer.story_of("volcano0") != clusterer.story_of("transfer0")
    # even many one-liners in a row do not merge the stories
    for i in range(5):
        assert clusterer.add(_features(f"bridge{i}", "", BRIDGE)).merged == ()
    assert clusterer.story_of("volcano0") != clusterer.story_of("transfer0")


def test_merge_goes_into_the_older_story_and_is_reported() -> None:
    # A bar so high that the second article does not join the first on its own; the third,
    # close to both, joins the younger story and the two turn out to be one.
    first = _features("v-a", *VOLCANO[0])
    second = _features("v-b", *VOLCANO[2])
    third = _features("v-c", VOLCANO[2][0], VOLCANO[2][1] + " " + VOLCANO[0][1].split(". ")[0])
    items = [_features(f"bg{i}", "", t) for i, t in enumerate(BACKGROUND)]
    clusterer = StoryClusterer(
        settings=ClusterSettings(
            join=3.0, young=0.0, merge=1.0, cold=0.0, prior=0.2, background_docs=0
        )
    )
    for item in items:
        clusterer.add(item)
    assert clusterer.add(first).story_id == "v-a"
    assert clusterer.add(second).story_id == "v-b"
    assignment = clusterer.add(third)
    assert assignment.story_id == "v-a"
    assert assignment.merged == (("v-b", "v-a"),)
    assert {clusterer.story_of(d) for d in ("v-a", "v-b", "v-c")} == {"v-a"}
    assert clusterer.story("v-b") is None
    merged = clusterer.story("v-a")
    assert merged is not None and merged.size == 3 and merged.seq < 5


def test_deterministic_given_the_input_order() -> None:
    items = _stream()
    runs = []
    for _ in range(2):
        clusterer = StoryClusterer(settings=WARM)
        assignments = [clusterer.add(item) for item in items]
        runs.append((assignments, {i.doc_id: clusterer.story_of(i.doc_id) for i in items}))
    assert runs[0] == runs[1]


def test_rebuild_replays_in_publication_order() -> None:
    from dataclasses import replace
    from datetime import date

    items = [replace(item, published=date(2025, 5, 1 + i)) for i, item in enumerate(_stream())]
    forward = StoryClusterer(settings=WARM)
    forward.rebuild(items)
    backward = StoryClusterer(settings=WARM)
    backward.rebuild(list(reversed(items)))  # replayed by date: the given order is irrelevant
    assert {i.doc_id: forward.story_of(i.doc_id) for i in items} == {
        i.doc_id: backward.story_of(i.doc_id) for i in items
    }
    # a fresh backend: nothing of the old state survives
    backend = MemoryStoryBackend()
    forward.rebuild([items[0]], backend=backend)
    assert forward.backend is backend and len(backend.stories) == 1


def test_edge_cases() -> None:
    clusterer = _run(_stream())
    # no text: a singleton story that attracts nothing
    empty = clusterer.add(_features("empty", "", ""))
    assert empty.story_id == "empty"
    # non-English: its own story, never joined by others
    foreign = article_features("fr", VOLCANO[0][1], VOLCANO[0][0], None, "fr")
    assert clusterer.add(foreign).story_id == "fr"
    assert clusterer.add(_features("volcano-again", *VOLCANO[1])).story_id == "volcano0"
    # an identical text (same article at another URL) joins the first copy's story
    duplicate = _features("dup", *TRANSFER[0], duplicate_of="transfer0")
    assert clusterer.add(duplicate).story_id == "transfer0"
    # re-adding a known article is a no-op
    assert clusterer.add(_features("transfer1", *TRANSFER[1])).story_id == "transfer0"
    # a missing, far-past or future date is no evidence either way
    for doc_id, published in (("nodate", None), ("epoch", "1970-01-01"), ("future", "2999-01-01")):
        assert clusterer.add(_features(doc_id, *TRANSFER[2], published=published)).story_id == (
            "transfer0"
        )


def test_dates_far_apart_keep_similar_articles_apart() -> None:
    items = [_features(f"bg{i}", "", t) for i, t in enumerate(BACKGROUND)]
    items.append(_features("v0", *VOLCANO[0], published="2025-05-05"))
    items.append(_features("v1", *VOLCANO[1], published="2025-05-06"))
    items.append(_features("v2", *VOLCANO[2], published="2023-08-01"))
    clusterer = _run(items)
    assert clusterer.story_of("v1") == "v0"
    assert clusterer.story_of("v2") != "v0"


def test_shared_wire_copy_is_strong_evidence() -> None:
    # a thin article that shares most of its text with a story's member joins it
    items = _stream()
    clusterer = _run(items)
    thin = _features(
        "thin",
        "Evacuations",
        "Residents were moved to Rialva. " * 2,
        reuse=(("volcano1", 0.9),),
    )
    assert clusterer.add(thin).story_id == "volcano0"


def test_related_lists_other_stories_only() -> None:
    clusterer = _run(_stream())
    related = clusterer.related("volcano0")
    assert "volcano0" not in related
    assert all(clusterer.story(r) is not None for r in related)


def test_cold_start_joins_on_shared_copy() -> None:
    clusterer = StoryClusterer()  # default settings: a fresh store is cold
    for item in _stream():
        clusterer.add(item)
    copy = _features(
        "copy", VOLCANO[0][0], VOLCANO[0][1] + " More to follow.", reuse=(("volcano0", 0.95),)
    )
    assert clusterer.add(copy).story_id == "volcano0"


def test_cold_store_joins_dated_coverage_of_one_event_but_not_months_apart() -> None:
    """In a fresh store, text alone is not trusted, but the same event reported within days
    is: dates lift the cold-start bar, and months apart they do not."""
    from dataclasses import replace
    from datetime import date

    first = replace(_features("v-a", *VOLCANO[0]), published=date(2025, 5, 1))
    close = replace(_features("v-b", *VOLCANO[2]), published=date(2025, 5, 2))
    later = replace(_features("v-c", *VOLCANO[2]), published=date(2025, 11, 2))
    clusterer = StoryClusterer(settings=ClusterSettings(max_date=None))
    clusterer.add(first)
    assert clusterer.add(close).story_id == "v-a"
    assert clusterer.add(later).story_id != "v-a"


def _undated(items: list[ArticleFeatures]) -> list[ArticleFeatures]:
    from dataclasses import replace

    return [replace(item, published=None) for item in items]


def test_a_well_covered_subject_lifts_the_cold_start_bar() -> None:
    """Undated text in a young store: with the store's bar alone (a neighbourhood that never
    matures) the second volcano report starts a story of its own; once two reports have
    arrived close to the first story, its neighbourhood is mature and the bar is lifted."""
    items = _undated(_stream())
    store_only = _run(items, cold=10.0, mature=1_000_000)
    local = _run(items, cold=10.0, mature=2)
    assert store_only.story_of("volcano1") != store_only.story_of("volcano0")
    assert local.story_of("volcano1") == local.story_of("volcano0") == "volcano0"
    assert local.story_of("transfer1") == "transfer0"
    assert local.story_of("volcano0") != local.story_of("transfer0")


def test_a_new_subject_starts_young_even_next_to_a_mature_one() -> None:
    clusterer = StoryClusterer(settings=ClusterSettings(cold=10.0, mature=3))
    items = _undated(_stream())
    for item in items:
        if not item.doc_id.startswith("transfer"):
            clusterer.add(item)
    volcano = clusterer.story("volcano0")
    assert volcano is not None and volcano.youth == 0  # three close reports: mature
    clusterer.add(items[4])  # transfer0: close to nothing known
    transfer = clusterer.story("transfer0")
    assert transfer is not None and transfer.youth == 2  # mature - 1, not the volcano's 0
    clusterer.add(items[6])  # transfer1 arrives close to it and counts it down
    assert transfer.youth == 1
    assert volcano.youth == 0  # an unrelated arrival leaves the volcano story alone


def test_stories_stored_before_youth_was_kept_load_as_mature() -> None:
    from storyline import serial
    from storyline.stories import StoryState

    story = StoryState(story_id="s", seq=1, youth=4)
    assert serial.loads(StoryState, serial.dumps(story)).youth == 4
    old = serial.to_plain(story)
    del old["youth"]
    assert serial.from_plain(StoryState, old).youth == 0


def test_merges_weigh_whether_the_stories_numbers_agree() -> None:
    from storyline.stories import StoryState

    clusterer = StoryClusterer(settings=ClusterSettings(number_penalty=0.7, number_overlap=0.25))

    def story(centroid: dict[str, float]) -> StoryState:
        return StoryState(story_id="s", seq=1, centroid=centroid)

    quake = story({"quake": 1.0, "qeshm": 0.8, "5.6": 0.5, "2008": 0.4})
    other_quake = story({"quake": 1.0, "qeshm": 0.8, "5.9": 0.5, "2005": 0.4, "10": 0.3})
    same_quake = story({"quake": 1.0, "5.6": 0.3, "2008": 0.5, "@qeshm island": 0.2})
    no_numbers = story({"quake": 1.0, "qeshm": 0.8})
    factor = clusterer._number_factor
    assert factor(quake, other_quake) == 0.7  # figures that share nothing
    assert factor(quake, same_quake) == 1.0  # the same magnitude and year
    assert factor(quake, no_numbers) == 1.0  # no evidence either way
    partly = story({"quake": 1.0, "5.6": 0.1, "5.9": 0.5, "2005": 0.4})
    assert 0.7 < factor(quake, partly) < 1.0
    # a name holding a digit is a name, not a number
    assert factor(story({"@apollo 11": 1.0}), story({"@apollo 13": 1.0})) == 1.0


def test_a_fragment_merges_with_the_story_it_resembles_most() -> None:
    """Three one-article stories: ``b`` clears the merge bar with ``a`` but is far closer to
    ``c``; growing ``a`` must not swallow it (``mutual``), while without the check it would."""
    from storyline.stories import StoryState

    def clusterer_with(mutual: float) -> StoryClusterer:
        clusterer = StoryClusterer(
            settings=ClusterSettings(cold=0.0, merge=0.7, prior=0.15, mutual=mutual)
        )
        vectors = {
            "a": {"alpha": 1.0},
            "b": {"alpha": 0.12, "beta": (1 - 0.12**2) ** 0.5},
            "c": {"beta": 0.3 / (1 - 0.12**2) ** 0.5, "gamma": 0.0},
        }
        vectors["c"]["gamma"] = (1 - vectors["c"]["beta"] ** 2) ** 0.5
        for seq, (story_id, centroid) in enumerate(vectors.items(), start=1):
            state = StoryState(
                story_id=story_id,
                seq=seq,
                centroid=dict(centroid),
                size=1,
                norm2=sum(v * v for v in centroid.values()),
                mass=1.0,
                mass2=1.0,
                members=[story_id],
                indexed=tuple(centroid),
            )
            clusterer.backend.put(state)
            clusterer.backend.file(story_id, add=tuple(centroid), remove=())
            clusterer.backend.assign(story_id, story_id)
        return clusterer

    clusterer = clusterer_with(0.8)
    a = clusterer.story("a")
    assert a is not None
    merged: list[tuple[str, str]] = []
    assert clusterer._merge_neighbours(a, merged, cold=0.0) == "a"
    assert merged == []
    assert [clusterer.story_of(s) for s in "abc"] == ["a", "b", "c"]
    # without the check, ``a`` takes ``b`` (and then ``c``, which the two now resemble)
    clusterer = clusterer_with(0.0)
    a = clusterer.story("a")
    assert a is not None
    assert clusterer._merge_neighbours(a, merged, cold=0.0) == "a"
    assert merged[0] == ("b", "a")


def test_a_large_story_keeps_a_few_dozen_distinct_headlines_and_a_fitting_title() -> None:
    """Copies share headlines (kept once) and a story of many articles keeps only its most
    central headlines, so its stored row does not grow with every article."""
    settings = ClusterSettings(title_candidates=4, cold=0.0, young=0.0, join=0.0)
    clusterer = StoryClusterer(settings=settings)
    title, body = VOLCANO[0]
    for i in range(30):
        headline = title if i % 3 == 0 else f"{title} (update {i})"
        clusterer.add(article_features(f"v{i}", body, title=headline))
    story_id = clusterer.story_of("v0")
    assert all(clusterer.story_of(f"v{i}") == story_id for i in range(30))
    story = clusterer.story(story_id)
    assert story is not None and len(story.members) == 30
    headlines = [t for _, t, _ in story.titles]
    assert len(headlines) == len(set(headlines)) < 2 * settings.title_candidates
    assert clusterer.title(story_id).startswith(title)


LANDER = (
    "Space agency picks three firms to build Selene lunar lander",
    "The Aurora Space Agency on Tuesday chose three companies to design the Selene lunar "
    "lander that will carry cargo to the moon's south pole. Orbitek, Haldane Rockets and "
    "Vantor Systems will share a first contract worth 140 million. Agency chief Mara Olsen "
    "said the first Selene landing could come within three years. The lander must carry two "
    "tonnes of equipment to the crater rim near the south pole.",
)
LANDER_2 = (
    "Orbitek, Haldane and Vantor to compete for Selene lander missions",
    "Three companies picked by the Aurora Space Agency will now compete for each Selene "
    "lunar lander mission to the moon, agency chief Mara Olsen said. Orbitek and Haldane "
    "Rockets already fly cargo to orbit; Vantor Systems is new to the field. The agency "
    "wants the first Selene lander on the crater rim near the south pole in three years.",
)
HIBERNATION = (
    "Sleeping through space: study says hibernating crews need smaller ships",
    "Putting astronauts into a hibernation-like torpor on long flights to Mars could cut the "
    "size of a spacecraft by a third, a study from the Kessling Institute found. Sleeping "
    "crews would need less food, water and living space, said lead author Ivo Brandt, who "
    "tested the idea on animals. The space agency has funded early work on torpor for "
    "missions beyond the moon.",
)
TRADE = (
    "Markets shrug as tariff talks between Washington and Beijing stall",
    "Investors in New York and Shanghai barely reacted after trade talks between the United "
    "States and China stalled over farm purchases and tariffs on electronics. Economists at "
    "Corvell Bank said the trade war had cost exporters 12 billion this year. Negotiators "
    "are to meet again next month, the commerce ministry in Beijing said.",
)
PROTEST = (
    "Police surround Kowloon campus as Hong Kong protest enters fifth day",
    "Riot police surrounded a university campus in Kowloon as the Hong Kong protest entered "
    "its fifth day, with hundreds of students inside. Beijing warned that it would not "
    "tolerate unrest in the city. Protest leader Wing Chau said the students would stay "
    "until their demands were met. China's foreign ministry accused foreign governments of "
    "stirring the protest.",
)


def test_near_miss_subjects_of_one_week_stay_apart_in_a_young_store() -> None:
    """A young store lifts its cold-start bar for coverage dated within days; a different
    subject of the same week and field (astronaut hibernation next to a lunar lander, a
    trade war next to a Hong Kong protest) shares background words but not its headline's,
    and must not join. Two reports of the lander contract still do."""
    from dataclasses import replace
    from datetime import date

    day = date(2025, 3, 4)
    items = [
        replace(_features("lander", *LANDER), published=day),
        replace(_features("protest", *PROTEST), published=day),
        replace(_features("hibernation", *HIBERNATION), published=day),
        replace(_features("trade", *TRADE), published=day),
        replace(_features("lander2", *LANDER_2), published=day),
    ]
    clusterer = StoryClusterer(settings=ClusterSettings(max_date=None))
    for item in items:
        clusterer.add(item)
    assert clusterer.story_of("hibernation") == "hibernation"
    assert clusterer.story_of("trade") == "trade"
    assert clusterer.story_of("lander2") == "lander"


def test_the_title_follows_the_latest_central_development() -> None:
    """A story's title is its latest central headline, not its first: "Death toll rises to
    23" replaces "... to 14"; a side piece's headline never becomes the title."""
    body = (
        "Floods in the Varna valley have killed {n} people, the regional governor Elena Dimova "
        "said. Rescue teams from Varna and Tarsk are searching villages along the Ossa river "
        "for missing residents. The Ossa burst its banks after three days of rain."
    )
    items = [
        _features("f1", "Varna valley floods: death toll rises to 14", body.format(n=14)),
        _features(
            "f2", "Varna valley floods: death toll rises to 14, governor says", body.format(n=14)
        ),  # fmt: skip
        _features("f3", "Varna valley floods: death toll rises to 23", body.format(n=23)),
        _features(
            "f4",
            "How to donate to Varna flood relief",
            body.format(n=23) + " Charities in Tarsk collect blankets.",
        ),  # fmt: skip
    ]
    clusterer = _run(items)
    story = clusterer.story_of("f1")
    assert {clusterer.story_of(x) for x in ("f2", "f3")} == {story}
    assert clusterer.title(story) == "Varna valley floods: death toll rises to 23"


def test_the_title_follows_updates_of_its_figure_in_publication_order() -> None:
    """Later headlines that report the story's central figure with a new value update the
    title even when their wording strays from the centroid ("... climbs to 17", "... reaches
    23"); an analysis published last ("a $3 billion question") does not name the story, and
    arrival order does not matter, publication order does."""
    body = (
        "Floods in the Varna valley have killed {n} people, the regional governor Elena Dimova "
        "said. Rescue teams from Varna and Tarsk are searching villages along the Ossa river "
        "for missing residents. The Ossa burst its banks after three days of rain."
    )
    items = [
        _features(
            "f23",
            "Flood death toll reaches 23 as waters recede near Tarsk",
            body.format(n=23),
            "2025-05-08",
        ),  # fmt: skip
        _features(
            "f14",
            "Varna valley floods: death toll rises to 14 after Ossa bursts banks",
            body.format(n=14),
            "2025-05-05",
        ),  # fmt: skip
        _features(
            "f14b",
            "Varna valley floods: death toll rises to 14 after Ossa bursts",
            body.format(n=14),
            "2025-05-05",
        ),  # fmt: skip
        _features(
            "f17",
            "Flood death toll climbs to 17, Dimova promises help",
            body.format(n=17),
            "2025-05-06",
        ),  # fmt: skip
        _features(
            "fq",
            "Varna valley: parliament weighs a $3 billion question",
            body.format(n=23) + " Deputies will vote on a fund.",
            "2025-05-10",
        ),  # fmt: skip
    ]
    clusterer = _run(items, max_date=None)
    story = clusterer.story_of("f14")
    assert {clusterer.story_of(x) for x in ("f23", "f17", "fq")} == {story}
    assert clusterer.title(story) == "Flood death toll reaches 23 as waters recede near Tarsk"


def test_changes_since_keep_figures_and_quotes_only_later_articles_report() -> None:
    """A figure an earlier article gave is no news however many outlets repeat it later; an
    undated article is not announced as new."""
    from storyline.brief.since import changes_since

    view = {
        "article_list": [
            {"id": 1, "published": "2025-05-05T09:00:00+00:00"},
            {"id": 2, "published": "2025-05-07T10:00:00+02:00"},
            {"id": 3, "published": "2025-05-08"},
            {"id": 4, "published": None},
        ],
        "figures": [
            {"text": "14 people", "sources": [1, 2]},
            {"text": "23 people", "sources": [3, 2]},
            {"text": "400 homes", "sources": [4]},
        ],
        "quotes": [
            {"speaker": "Elena Dimova", "text": "We will rebuild", "sources": [3]},
            {"speaker": "Elena Dimova", "text": "Stay home", "sources": [1]},
        ],
    }
    changes = changes_since(view, "2025-05-07")
    assert changes["articles"] == [2, 3]
    assert [f["text"] for f in changes["figures"]] == ["23 people"]
    assert [q["text"] for q in changes["quotes"]] == ["We will rebuild"]
    assert changes_since(view, "2025-05-09")["articles"] == []


IR_RUEL = (
    "Sharks place running back Tomas Ruel on injured reserve",
    "The Harbor City Sharks placed running back Tomas Ruel on injured reserve on Wednesday "
    "with a sprained left knee, ending his season with two games left. Ruel ran for 1,102 "
    "yards this season. Coach Dana Whitlock said Ruel was hurt in the 27-24 loss at Port "
    "Alder. The Sharks signed Jonah Pike from the practice squad to replace him.",
)
IR_RUEL_2 = (
    "Sharks end Tomas Ruel's season, knee injury puts him on injured reserve",
    "Tomas Ruel will miss the last two games of the Harbor City Sharks' season. The Sharks "
    "put Ruel on injured reserve after his knee was examined. Ruel, who has 1,102 rushing "
    "yards, was injured in the 27-24 defeat at Port Alder, coach Dana Whitlock said. Jonah "
    "Pike was promoted from the practice squad.",
)
IR_VITTI = (
    "Herons put linebacker Marco Vitti on injured reserve before playoff game",
    "The Lake Osric Herons placed linebacker Marco Vitti on injured reserve on Wednesday with "
    "a sprained ankle, days before their wild-card game. Vitti had 88 tackles in his third "
    "season. Coach Ines Mora said Vitti was hurt in the 31-17 win over Kestrel Bay. The "
    "Herons called up Eli Brandt from the practice squad to replace him.",
)


def test_a_similar_development_with_other_people_and_figures_starts_its_own_story() -> None:
    """Another team's player placed on injured reserve the same week shares the topic's words
    (injured reserve, knee or ankle, season, practice squad) but neither its people nor its
    figures: it starts its own story, while a second report on the first player, naming him
    and his figures, joins his."""
    items = [_features(f"bg{i}", "", text) for i, text in enumerate(BACKGROUND)]
    items += [
        _features("ruel", *IR_RUEL),
        _features("vitti", *IR_VITTI),
        _features("ruel2", *IR_RUEL_2),
    ]
    clusterer = _run(items)
    assert clusterer.story_of("ruel2") == clusterer.story_of("ruel")
    assert clusterer.story_of("vitti") == "vitti"
