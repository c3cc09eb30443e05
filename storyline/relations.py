"""Related stories as a function of the stored state (see `storyline.store.related`).

Called once at the end of an ingest or a rebuild: the related lists of the stories changed
since the last refresh, of the stories that listed them, and of the stories they now list,
are recomputed from the final state by the story clusterer's own `related`.
"""

from __future__ import annotations


def refresh_related(store) -> int:
    """Bring stored related lists up to date; returns how many lists changed."""
    from storyline.store import related as db
    from storyline.store.clusterstate import StoredStoryBackend
    from storyline.stories import StoryClusterer

    with store.engine.connect() as conn:
        conn = conn.execution_options(**store.sql.writer_options())
        with conn.begin():
            store.sql.lock_writes(conn)
            stale, at = db.stale_stories(conn)
            if not stale:
                db.write_related(conn, {}, at)
                return 0
            current = db.stored_related(conn)
            clusterer = StoryClusterer(StoredStoryBackend.load(conn))

            def related(story_id: int) -> list[int]:
                return [int(r) for r in clusterer.related(str(story_id))]

            targets = stale | {s for s, listed in current.items() if stale & set(listed)}
            fresh = {s: related(s) for s in sorted(targets) if s in current}
            listed_now = {r for lists in fresh.values() for r in lists} - set(fresh)
            fresh.update({s: related(s) for s in sorted(listed_now) if s in current})
            changed = {s: r for s, r in fresh.items() if r != current.get(s)}
            db.write_related(conn, changed, at)
            return len(changed)
