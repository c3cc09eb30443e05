"""Singular forms of English nouns by rule: enough to name what a figure counts ("drones" →
"drone", "lives" → "life") without running spaCy's lemmatizer on every sentence."""

from __future__ import annotations

_IRREGULAR = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "lives": "life",
    "wives": "wife", "knives": "knife", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "geese": "goose", "data": "data", "media": "media", "police": "police", "series": "series",
    "species": "species", "news": "news", "aircraft": "aircraft", "personnel": "personnel",
    "leaves": "leaf", "halves": "half", "thieves": "thief", "wolves": "wolf",
    "casualties": "casualty", "crises": "crisis", "analyses": "analysis", "bases": "base",
}  # fmt: skip
_KEEP = ("ss", "us", "is", "ics")


def singular(word: str) -> str:
    """The singular of a lowercase English noun (unchanged when it does not look plural)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if "-" in word:
        head, _, tail = word.rpartition("-")
        return f"{head}-{singular(tail)}"
    if len(word) <= 3 or word.endswith(_KEEP) or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def looks_plural(word: str) -> bool:
    return word in _IRREGULAR or (len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP))
