"""Language identification of clean article text (py3langid: small, offline, fast).

What a page declares (``<html lang>``, ``og:locale``) is often a site template's default:
German articles on sites declaring ``en``, English syndicated copy on ``de`` sites. The
article text itself is the better witness once there is enough of it, so `choose_language`
takes the text's language when the text is long and the guess sure, and the declared one
only when the text is short or the guess unsure (a title or a few lines are weak evidence
either way).
"""

from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 1200
MIN_CHARS = 40
STRONG_CHARS = 400
"""Text at least this long overrules the page's declared language when the guess is sure."""
STRONG_PROB = 0.95


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or the
    guess too uncertain to be worth storing."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None


def choose_language(text: str, declared: str | None) -> str | None:
    """The article's language: the text's own when there is enough text and the guess is
    sure, else the page's ``declared`` language, else an acceptable guess, else None."""
    sample = text[: SAMPLE_CHARS * 3]
    if len(sample.strip()) >= STRONG_CHARS:
        lang, prob = _identifier().classify(sample)
        if prob >= STRONG_PROB:
            return lang
    return declared or detect_language(text)
