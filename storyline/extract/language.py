"""Language identification of clean article text (py3langid: small, offline, fast).

What a page declares (``<html lang>``, ``og:locale``) is often a site template's default:
German articles on sites declaring ``en``, English syndicated copy on ``de`` sites. The
article text itself is the better witness once there is enough of it, so `choose_language`
takes the text's language when the text is long and the guess sure, and the declared one
only when the text is short or the guess unsure (a title or a few lines are weak evidence
either way).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

SAMPLE_CHARS = 1200
MIN_CHARS = 40
STRONG_CHARS = 400
"""Text at least this long overrules the page's declared language when the guess is sure."""
STRONG_PROB = 0.95


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier, from the unpacked copy of its model when there is one.

    The model ships LZMA-compressed (4.6 MB → 68 MB); unpacking it costs about 0.7 s of CPU
    on every start, a tenth of a whole ingest of a hundred pages. So the arrays are unpacked
    once into the user's cache folder (`cache_dir`) and memory-mapped from there on, which
    costs milliseconds (and forked workers share the pages). Any trouble with the cache
    (read-only home, a damaged file) falls back to py3langid's own loader."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        arrays = _unpacked(Path(MODEL_DIR) / MODEL_FILE)
    except (OSError, ValueError, KeyError):
        arrays = None
    if arrays is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    from py3langid.modelio import _to_array

    return LanguageIdentifier(
        arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(), norm_probs=True, tk_row=_to_array(arrays["nextmove_row"]),
    )  # fmt: skip


_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_dir() -> Path:
    """Where storyline keeps files derived from installed packages: ``$STORYLINE_CACHE``,
    else ``$XDG_CACHE_HOME/storyline``, else ``~/.cache/storyline``."""
    given = os.environ.get("STORYLINE_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storyline"


def _unpacked(model: Path) -> dict | None:
    """The model's arrays, memory-mapped from the cache (unpacked there on first use); the
    folder's name holds the model file's size and time, so a new model gets a new copy."""
    import numpy as np

    stat = model.stat()
    folder = cache_dir() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}"
    if not (folder / "complete").exists():
        _unpack(model, folder)
    return {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}


def _unpack(model: Path, folder: Path) -> None:
    """Unpack the model's arrays into ``folder`` (written aside, then renamed into place, so
    a concurrent or interrupted start never sees half a copy)."""
    import lzma
    import shutil
    import tempfile

    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        with tempfile.TemporaryFile() as tmp:
            with lzma.open(model) as src:
                shutil.copyfileobj(src, tmp, length=1 << 20)
            tmp.seek(0)
            with np.load(tmp, allow_pickle=False) as data:
                for name in _ARRAYS:
                    np.save(work / f"{name}.npy", data[name], allow_pickle=False)
        (work / "complete").touch()
        try:
            os.replace(work, folder)
        except OSError:  # another process put its copy there first
            pass
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
