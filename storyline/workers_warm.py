"""Imported by the fork server that starts the worker processes of `storyline.workers`:
warms it up once (`storyline.workers.warm`), so every worker forked from it starts ready.
Whether spaCy is loaded too comes from the environment the server was started with.

The server ends with the command that started it: its workers hold its pipe open, so
without this a killed ingest left the server and its idle workers behind for good, each
waiting for the other to go first (the workers die with the server, `_worker_started`).
A thread watches the parent rather than asking the kernel for a signal on its death,
because that signal comes when the *thread* that started the server ends, and a command
may start it from a short-lived thread (`PagePreparer` opening its pool)."""

import atexit
import os
import threading
import time

from storyline.workers import WARM_FACTS, warm


def _end_with_parent() -> None:
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


def _end_at_once() -> None:
    """When the command ends the server (`storyline.workers._stop_server`), it exits without
    tearing down what the warm-up loaded (spaCy's model, trafilatura: a tenth of a second
    the command would wait for); it has no files or buffers to flush."""
    atexit.register(os._exit, 0)


_end_with_parent()
_end_at_once()
warm(os.environ.get(WARM_FACTS) != "0")
