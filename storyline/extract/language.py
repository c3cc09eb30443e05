"""Language identification of clean article text (py3langid: small, offline, fast)."""

from __future__ import annotations

from functools import lru_cache

SAMPLE_CHARS = 1200
MIN_CHARS = 40


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
