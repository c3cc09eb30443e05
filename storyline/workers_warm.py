"""Imported by the fork server that starts the worker processes of `storyline.workers`:
warms it up once (`storyline.workers.warm`), so every worker forked from it starts ready.
Whether spaCy is loaded too comes from the environment the server was started with."""

import os

from storyline.workers import WARM_FACTS, warm

warm(os.environ.get(WARM_FACTS) != "0")
