"""Threads: developments of one long-running story linked, neighbouring stories kept apart,
and a timeline across months (hand-written fictional coverage)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from storyline.stories import ClusterSettings, StoryClusterer, article_features
from storyline.threads.clusterer import THREAD_SETTINGS, ThreadClusterer
from storyline.threads.state import SharedStatistics
from storyline.threads.timeline import ThreadArticle, thread_timeline

# A months-long story in three developments (weeks apart), and another subject.
SPILL = [
    ("2025-04-21", "Fire on Coralline rig in the Gulf of Tamsin, eleven workers missing",
     "A fire broke out on the Coralline drilling rig operated by Northmere Petroleum in the "
     "Gulf of Tamsin late on Sunday. Eleven workers are missing and the coast guard is "
     "searching the water. Northmere said oil may be leaking from the Coralline well."),
    ("2025-04-22", "Coralline rig sinks as Northmere oil leak grows in Gulf of Tamsin",
     "The Coralline rig sank into the Gulf of Tamsin on Monday. Oil is leaking from the "
     "Northmere Petroleum well a mile below the surface, the coast guard said, and a slick "
     "is spreading toward the Tamsin coast."),
    ("2025-05-28", "Northmere tries to cap the Coralline well in the Gulf of Tamsin",
     "Northmere Petroleum began pumping heavy mud into the leaking Coralline well on "
     "Wednesday, trying to cap the oil leak in the Gulf of Tamsin. The slick has reached "
     "beaches on the Tamsin coast. Engineers said the cap attempt could take days."),
    ("2025-05-29", "Cap attempt on Coralline well continues, Northmere says",
     "Engineers from Northmere Petroleum kept pumping mud into the Coralline well in the "
     "Gulf of Tamsin on Thursday. The oil leak has slowed but not stopped, the company "
     "said; the slick still covers beaches on the Tamsin coast."),
    ("2025-07-15", "Coralline well sealed after 85 days, Northmere says",
     "Northmere Petroleum said on Tuesday the Coralline well in the Gulf of Tamsin was "
     "sealed and no oil is leaking. The leak began when the Coralline rig caught fire on "
     "April 20. Clean-up crews remain on the Tamsin coast, where the slick fouled beaches."),
    ("2025-07-16", "Coast guard confirms Coralline well sealed in Gulf of Tamsin",
     "The coast guard confirmed on Wednesday that the Coralline well in the Gulf of Tamsin "
     "is sealed. Northmere Petroleum will pay for the clean-up of the Tamsin coast. The "
     "disaster began on April 20 with a fire on the Coralline rig."),
]  # fmt: skip
ELECTION = [
    ("2025-05-04", "Veloria votes in tight presidential election",
     "Voters in Veloria chose a president on Sunday in a tight race between Ana Restrepo "
     "and Tomas Varga. Polling stations in the capital Santa Lis stayed open late. The "
     "electoral council will publish first results on Monday."),
    ("2025-05-05", "Restrepo leads Varga as Veloria counts votes",
     "Ana Restrepo leads Tomas Varga in the Veloria presidential election with most votes "
     "counted, the electoral council in Santa Lis said on Monday. Varga said he would wait "
     "for the final count."),
]  # fmt: skip


def _features(doc_id: str, day: str, title: str, text: str):
    return article_features(doc_id, text, title, day, "en")


def _run(items):
    stories = StoryClusterer(settings=ClusterSettings(cold=0.0, max_date=None))
    threads = ThreadClusterer(
        SharedStatistics(stories.backend), replace(THREAD_SETTINGS, cold=0.0, max_date=None)
    )
    for features in items:
        assignment = stories.add(features)
        threads.place(features, assignment.story_id, assignment.merged)
    return stories, threads


def _stream():
    items = [_features(f"spill{i}", *x) for i, x in enumerate(SPILL)]
    items += [_features(f"vote{i}", *x) for i, x in enumerate(ELECTION)]
    return sorted(items, key=lambda f: (f.published, f.doc_id))


def test_developments_weeks_apart_are_stories_of_one_thread() -> None:
    stories, threads = _run(_stream())
    spill_stories = {stories.story_of(f"spill{i}") for i in range(len(SPILL))}
    assert len(spill_stories) >= 2  # fire, cap and seal are different developments
    spill_threads = {threads.thread_of(s) for s in spill_stories}
    assert spill_threads == {"spill0"}  # one thread, its first story's id
    assert {threads.thread_of_article(f"spill{i}") for i in range(len(SPILL))} == {"spill0"}


def test_another_subject_keeps_its_own_thread() -> None:
    stories, threads = _run(_stream())
    vote = threads.thread_of(stories.story_of("vote0"))
    assert vote is not None and vote != threads.thread_of(stories.story_of("spill0"))
    assert threads.thread_of(stories.story_of("vote1")) == vote


def test_every_story_belongs_to_exactly_one_thread() -> None:
    stories, threads = _run(_stream())
    for f in _stream():
        story = stories.story_of(f.doc_id)
        assert threads.thread_of(story) == threads.thread_of_article(f.doc_id)


def _articles() -> list[ThreadArticle]:
    return [
        ThreadArticle(f"spill{i}", date.fromisoformat(day), f"{title}. {text}", f"outlet{i}")
        for i, (day, title, text) in enumerate(SPILL)
    ]


def test_timeline_picks_the_date_most_sources_name_with_a_sentence_naming_it() -> None:
    items = thread_timeline(_articles(), limit=3)
    assert [i.date for i in items] == sorted(i.date for i in items)  # date order
    fire = next(i for i in items if i.date == date(2025, 4, 20))  # "Sunday", "April 20"
    assert "April 20" in fire.text
    assert set(fire.sources) == {"outlet0", "outlet4", "outlet5"}


def test_timeline_never_reports_a_date_after_its_source_was_published() -> None:
    articles = [
        ThreadArticle(
            "a",
            date(2025, 3, 1),
            "Officials will decide on March 20 whether the "
            "Coralline well can be reopened for production.",
            "x",
        ),  # fmt: skip
        ThreadArticle(
            "b",
            date(2025, 3, 2),
            "Officials will meet on March 20 to decide "
            "whether the Coralline well can be reopened for production.",
            "y",
        ),  # fmt: skip
    ]
    assert all(i.date <= date(2025, 3, 2) for i in thread_timeline(articles, limit=5))


def test_threads_in_the_store_commands_export_and_web(tmp_path) -> None:
    from typer.testing import CliRunner

    from storyline.cli import app

    manifest = tmp_path / "m.jsonl"
    with open(manifest, "w", encoding="utf-8") as f:
        for i, (day, title, text) in enumerate(SPILL + ELECTION):
            f.write(json.dumps({"id": f"a{i}", "title": title, "body": text, "published": day,
                                "outlet": f"Outlet {i % 3}"}) + "\n")  # fmt: skip
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", db, "--no-facts", str(manifest)]).exit_code == 0
    listed = runner.invoke(app, ["threads", "--db", db, "--json"])
    assert listed.exit_code == 0
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows and all(r["stories"] >= 1 for r in rows)
    shown = runner.invoke(app, ["thread", str(rows[0]["id"]), "--db", db, "--format", "json"])
    view = json.loads(shown.stdout)
    assert view["stories"] and view["timeline"]
    missing = runner.invoke(app, ["thread", "999999", "--db", db])
    assert missing.exit_code == 1 and "no such thread" in missing.output
    exported = runner.invoke(app, ["export", "--db", db, "--format", "json"])
    document = json.loads(exported.stdout)
    thread_ids = {t["id"] for t in document["threads"]}
    assert all(s["thread"] in thread_ids for s in document["stories"])
    assert all(a["thread"] in thread_ids for a in document["articles"])
    in_threads = [s for t in document["threads"] for s in t["stories"]]
    assert len(in_threads) == len(set(in_threads)) == len(document["stories"])
    from fastapi.testclient import TestClient

    from storyline.web.factory import create_app

    client = TestClient(create_app(db=db))
    first = document["threads"][0]
    twin = client.get(f"/threads/{first['id']}.json")
    assert twin.status_code == 200 and twin.json()["id"] == first["id"]
    page = client.get(f"/threads/{first['id']}")
    assert page.status_code == 200 and "Timeline" in page.text
    assert f"/threads/{first['id']}.json" in page.text
    assert client.get("/threads/999999").status_code == 404
    assert client.get("/threads/999999.json").status_code == 404


def test_near_miss_subjects_get_threads_of_their_own_in_a_young_store() -> None:
    """Threads are looser than stories, but not a field: astronaut hibernation is not the
    lunar-lander story's thread, nor a trade war the Hong Kong protest's."""
    from test_stories import HIBERNATION, LANDER, LANDER_2, PROTEST, TRADE

    day = "2025-03-04"
    items = [
        _features(name, day, *texts)
        for name, texts in (("lander", LANDER), ("protest", PROTEST),
                            ("hibernation", HIBERNATION), ("trade", TRADE),
                            ("lander2", LANDER_2))  # fmt: skip
    ]
    stories = StoryClusterer(settings=ClusterSettings(max_date=None))
    threads = ThreadClusterer(SharedStatistics(stories.backend),
                              replace(THREAD_SETTINGS, max_date=None))  # fmt: skip
    for features in items:
        assignment = stories.add(features)
        threads.place(features, assignment.story_id, assignment.merged)
    thread = threads.thread_of_article
    assert thread("hibernation") != thread("lander")
    assert thread("trade") != thread("protest")
    assert thread("lander2") == thread("lander")


# Two neighbouring long-running stories of one season (as Egypt and Libya in 2011): they
# share the words of unrest, not their names or their events. Each runs for months in
# developments days to weeks apart; a report on one names the other in passing.
_SHARED = [
    "Security forces fired tear gas at the crowd, witnesses said.",
    "Rights groups said dozens of activists were arrested overnight.",
    "The opposition called for a general strike against the regime.",
    "Protesters said they would not leave until the government fell.",
]
_OWN = {
    "norv": [
        "Crowds filled Vesta Square in Orren demanding that President Halvar Dunn resign.",
        "Dunn dismissed his cabinet and named Ilse Kormann, the spy chief, as vice-president.",
        "Norvanian bloggers organised the Vesta Square sit-in on social networks.",
        "Camel riders charged the Vesta Square camp, and Orren hospitals filled with wounded.",
        "Dunn's ruling Unity Party headquarters in Orren burned through the night.",
        "Norvania's stock exchange stayed shut and the Orren banks closed their branches.",
        "Kormann opened talks with the Brotherhood of Norvanian workers about a new charter.",
        "The Norvanian army said it would not fire on the people of Orren.",
        "Dunn handed power to the army council and flew to his villa at Lake Sarn.",
        "The army council suspended the Norvanian constitution and dissolved parliament.",
        "Norvanian prosecutors charged Dunn with ordering the killing of Vesta Square protesters.",
        "Norvanians queued for hours to vote on the amended charter in Orren and Kessel.",
    ],
    "cast": [
        "Rebels seized the port city of Benara from forces loyal to Colonel Ruxo Marat.",
        "Marat's warplanes bombed rebel positions along the coast road to Port Silla.",
        "The Castellian rebel council in Benara named itself the country's legitimate voice.",
        "Foreign oil workers were evacuated from the Castellian desert fields by ferry.",
        "The Castellian air force pilots defected with their jets to a neighbouring island.",
        "The alliance imposed a no-fly zone over Castellia and struck Marat's tanks near Benara.",
        "Marat's son Ilyan Marat vowed on state television to fight to the last bullet.",
        "Rebel fighters in pickup trucks pushed west toward the oil terminal at Ras Doma.",
        "The siege of Mizra left the Castellian city without water or medicine for weeks.",
        "Rebels stormed Marat's compound at Dar Azul in the Castellian capital Tarrin.",
        "Marat fled Tarrin for his home town of Serta, his spokesman said.",
        "Castellian rebels captured Serta, and the council declared the liberation of Castellia.",
    ],
}
_HEADLINES = {
    "norv": "Norvania: Dunn under pressure in Orren, day {n}",
    "cast": "Castellia: rebels and Marat fight for Benara, day {n}",
}


def _unrest_stream():
    items = []
    for key, own in _OWN.items():
        start = date(2025, 2, 1) if key == "norv" else date(2025, 2, 20)
        for i in range(12):
            day = date.fromordinal(start.toordinal() + 8 * i)
            text = " ".join([own[i], own[(i + 5) % 12], _SHARED[i % 4], own[(i + 9) % 12]])
            items.append(_features(f"{key}{i}", day.isoformat(),
                                   _HEADLINES[key].format(n=8 * i + 1), text))  # fmt: skip
    bridge = ("Castellia's unrest echoes Norvania as Marat bombs Benara",
              "Weeks after crowds in Norvania forced out President Halvar Dunn, Marat's "
              "warplanes bombed rebel positions near Benara. The Castellian rebel council "
              "asked for a no-fly zone. Security forces fired tear gas at the crowd.")  # fmt: skip
    items.append(_features("castbridge", "2025-04-07", *bridge))
    return sorted(items, key=lambda f: (f.published, f.doc_id))


def test_neighbouring_long_running_stories_keep_their_own_threads() -> None:
    stories, threads = _run(_unrest_stream())
    norv = {threads.thread_of_article(f"norv{i}") for i in range(12)}
    cast = {threads.thread_of_article(f"cast{i}") for i in range(12)}
    cast.add(threads.thread_of_article("castbridge"))
    assert not norv & cast  # no thread holds both stories
    # and each story's later developments find its thread, whatever the shared words
    assert len(norv) == 1
    assert len(cast) == 1


def test_threads_grown_over_two_ingests_are_those_of_one(tmp_path) -> None:
    """A second ingest reads the threads and their index from the store as it needs them:
    the threads it grows are those one ingest of everything grows."""
    from typer.testing import CliRunner

    from storyline.cli import app

    records = [
        {"id": f"a{i}", "title": title, "body": text, "published": day, "outlet": f"O{i % 3}"}
        for i, (day, title, text) in enumerate(sorted(SPILL + ELECTION))
    ]
    runner = CliRunner()

    def ingest(db: str, part: list[dict], name: str) -> None:
        manifest = tmp_path / name
        manifest.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        args = ["ingest", "--db", db, "--no-facts", str(manifest)]
        assert runner.invoke(app, args).exit_code == 0

    def partition(db: str) -> set[frozenset[str]]:
        exported = runner.invoke(app, ["export", "--db", db, "--format", "json"])
        document = json.loads(exported.stdout)
        groups: dict[int, set[str]] = {}
        for article in document["articles"]:
            groups.setdefault(article["thread"], set()).add(article["title"])
        return {frozenset(g) for g in groups.values()}

    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    ingest(one, records, "all.jsonl")
    ingest(two, records[:4], "first.jsonl")
    ingest(two, records[4:], "rest.jsonl")
    assert partition(two) == partition(one)


# A long-running outbreak in short reports, and a long piece on the airline industry that
# names it in one sentence (as an air-travel report names a flu pandemic).
_FEVER = [
    "Health officials in Lurania confirmed {n} new cases of Kessing fever, and the virus "
    "spread to {town}.",
    "The Kessing fever outbreak has infected people in {town}, the Lurania health ministry said.",
    "Doctors in {town} treated patients with Kessing fever symptoms as the virus outbreak grew "
    "in Lurania.",
]
_TOWNS = ["Arvel", "Brisk", "Cammor", "Dellin", "Eskar", "Fornby", "Gallow", "Hestin",
          "Ipsley", "Jorvik", "Kelmar", "Lusk"]  # fmt: skip
_AIRLINES = (
    "Airlines gather in Port Selva as demand for air travel and cargo falls",
    "Airline chiefs meeting in Port Selva said demand for air travel fell again in May. "
    "Cargo volumes dropped and carriers cancelled orders for new planes and engines. "
    "The airline association cut its forecast for passenger traffic, fares and profits. "
    "Aircraft makers Veltra and Orbis said deliveries of jets would slow, and airports "
    "expect fewer passengers on long-haul routes this summer. Fuel prices rose, adding to "
    "losses at carriers already hit by the downturn in business travel and tourism. "
    "Pilots at two carriers threatened strikes over pay, and unions warned of job cuts. "
    "Leasing companies said lease rates for narrow-body jets had fallen by a fifth. "
    "Several budget carriers merged routes and grounded older planes to save money. "
    "Bankers said credit for aircraft purchases had dried up since the banking crisis. "
    "Regional airports asked governments for help with landing fees and security costs. "
    "The association urged ministers to scrap taxes on tickets and emissions permits. "
    "Executives expect recovery in passenger numbers only late next year, they said. "
    "Caterers, baggage handlers and ground crews at the hubs face short weeks. "
    "Freight forwarders moved goods from planes to ships, which cost less per tonne. "
    "Engine makers said maintenance visits were being put off by cash-strapped operators. "
    "Frequent-flyer schemes offered double miles to tempt business travellers back. "
    "Hotel groups near the main hubs reported empty rooms and cut their room rates. "
    "A new terminal at Norrby opened half empty, its shops and lounges mostly closed. "
    "Analysts at Brennick Capital lowered their targets for the shares of most carriers. "
    "Air traffic controllers agreed a pay freeze to help the industry through the slump. "
    "Some airlines blamed Kessing fever: the virus outbreak in Lurania kept travellers "
    "away, with health officials reporting new cases.",
)


def test_a_development_naming_its_long_running_story_in_passing_finds_its_thread() -> None:
    """The thread's names are the stream's common words, not the article's most frequent:
    the established thread is looked up under them too, and joined by its profile. (The
    linkage, which would join here too in so small a store, is switched off: on real
    streams the long-running story's words are common and its linkage falls.)"""
    items = []
    for i, town in enumerate(_TOWNS):
        day = date.fromordinal(date(2025, 3, 1).toordinal() + 4 * i).isoformat()
        text = " ".join(s.format(n=10 + 7 * i, town=town) for s in _FEVER)
        items.append(_features(f"fever{i}", day, f"Kessing fever reaches {town} in Lurania", text))
    items.append(_features("airline", "2025-04-20", *_AIRLINES))
    items += [_features(f"vote{i}", *x) for i, x in enumerate(ELECTION)]
    stories = StoryClusterer(settings=ClusterSettings(cold=0.0, max_date=None))
    no_linkage = replace(THREAD_SETTINGS, cold=0.0, max_date=None, join=9.0, merge=9.0)
    threads = ThreadClusterer(SharedStatistics(stories.backend), no_linkage)
    for features in sorted(items, key=lambda f: (f.published, f.doc_id)):
        assignment = stories.add(features)
        threads.place(features, assignment.story_id, assignment.merged)
    thread = threads.thread_of_article
    assert {thread(f"fever{i}") for i in range(len(_TOWNS))} == {"fever0"}
    assert stories.story_of("airline") != stories.story_of("fever11")  # its own development
    assert thread("airline") == "fever0"
    assert thread("vote0") != "fever0"
