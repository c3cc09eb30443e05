"""Entities: NER fixed by context and type agreement, roles kept apart from names."""

from __future__ import annotations

from storyline.annotate import annotate

TEXT = "\n\n".join(
    [
        "Velmarkian President Oleg Brannov met envoys in Kyrvin on Monday.",
        "Brannov said the talks in Kyrvin would continue, and Kyrvin's mayor agreed.",
        "Kremlin spokesman Dmitry Peskov told reporters nothing was agreed.",
        "Peskov said the Kremlin would reply.",
    ]
)


def mentions():
    return annotate(TEXT, published="2031-03-13", language="en").entities


def test_spans_verbatim_and_types() -> None:
    found = mentions()
    for m in found:
        assert TEXT[m.start : m.end] == m.text
    types = {(m.text, m.type) for m in found}
    assert ("Oleg Brannov", "PERSON") in types
    assert ("Brannov", "PERSON") in types  # surname agrees with the full name
    assert ("Kyrvin", "GPE") in types  # "in Kyrvin", "Kyrvin's mayor"
    assert ("Peskov", "PERSON") in types


def test_roles() -> None:
    roles = {m.text: m.role for m in mentions()}
    assert roles["Oleg Brannov"] == "Velmarkian President"
    assert roles["Dmitry Peskov"] == "Kremlin spokesman"
    assert roles["Peskov"] is None


def test_models_run_on_one_blas_thread_and_leave_the_process_as_it_was() -> None:
    """spaCy's matrix products go through numpy with one BLAS thread (more threads cost more
    CPU than they save next to ingest's workers); the limit holds only while spaCy runs."""
    from storyline.annotate import nlp

    nlp.load()
    blas = nlp._blas()
    if blas is None or not blas.lib_controllers:
        return  # no OpenBLAS in this numpy: nothing to limit
    before = [lib.num_threads for lib in blas.lib_controllers]
    seen: list[int] = []
    with nlp._one_thread():
        seen = [lib.num_threads for lib in blas.lib_controllers]
    assert seen == [1] * len(seen)
    assert [lib.num_threads for lib in blas.lib_controllers] == before
    ops = {type(node.ops).__name__ for _, pipe in nlp.load().pipeline for node in pipe.model.walk()}
    assert ops == {"_NumpyGemmOps"}


def test_spacy_command_line_still_imports_after_the_fact_stage_loaded_spacy() -> None:
    """The fact stage imports spaCy without its command line (start-up); the real one must
    still load for whoever asks for it afterwards."""
    import subprocess
    import sys

    code = (
        "from storyline.annotate import nlp\n"
        "nlp.load()\n"
        "import spacy, spacy.cli\n"
        "assert callable(spacy.cli.download), 'stand-in spacy.cli left behind'\n"
        "assert nlp.entities('Emmanuel Macron spoke.', [(0, 22)])[0][2] == 'PERSON'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
