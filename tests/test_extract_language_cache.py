"""The language model's unpacked copy gives py3langid's own answers, and a broken cache
falls back to py3langid's loader instead of failing the ingest."""

from __future__ import annotations

import pytest

from storyline.extract import language

TEXTS = [
    "The council voted on Tuesday to rebuild the harbour wall before the winter storms.",
    "Der Stadtrat hat am Dienstag beschlossen, die Hafenmauer vor den Winterstürmen zu erneuern.",
    "Le conseil a voté mardi pour reconstruire le mur du port avant les tempêtes d'hiver.",
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    yield tmp_path / "cache"
    language._identifier.cache_clear()


def test_unpacked_model_answers_as_packaged_one(fresh_cache):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    packaged = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    cached = language._identifier()
    assert any(fresh_cache.glob("py3langid-*/complete"))
    language._identifier.cache_clear()
    again = language._identifier()  # from the copy now
    for text in TEXTS:
        assert cached.classify(text) == packaged.classify(text) == again.classify(text)
    assert [language.detect_language(t) for t in TEXTS] == ["en", "de", "fr"]


def test_unusable_cache_falls_back(fresh_cache):
    fresh_cache.parent.mkdir(exist_ok=True)
    fresh_cache.write_text("not a folder")  # the cache path is a file: nothing can go there
    assert language.detect_language(TEXTS[1]) == "de"
