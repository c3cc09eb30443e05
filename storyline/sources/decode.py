"""Bytes to text: pick the right character encoding, and refuse what is not text at all.

Pages arrive in every encoding the web has known, often mislabelled. The order of trust is
the one browsers use, with one exception: a byte order mark first; then, because it is by far
the most common case and the cheapest check, strict UTF-8 (bytes that decode as UTF-8 and
contain non-ASCII are practically never another encoding, while ``<meta charset>`` labels are
often stale template leftovers); then the declared charset (HTTP header or ``<meta>``) if it
decodes cleanly; then charset-normalizer's guess; and as the last resort UTF-8 with the bytes
it refuses read as Windows-1252, so that a page with mixed encodings degrades instead of
crashing. Whether the result is text at all is decided last, by the share of control and
replacement characters in it (`text_like`), not by a single byte.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from storyline.records import StorylineError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common non-text files that end up in page folders or WARC records.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # ZIP, DOCX, EPUB
    b"\x1f\x8b",  # gzip that was never decompressed
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # old MS Office
    b"\x00asm",
    b"wOFF",
    b"wOF2",
)

# Control bytes that never occur in text (tab, newlines, form feed and vertical tab do).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# What decoded text that is not text is made of: C0 and C1 controls and replacement
# characters (bytes no encoding could place). A real page has next to none (a stray NUL, a
# few mis-encoded bytes); random bytes decoded by any codec have one in eight or more.
_NOT_TEXT_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_SAMPLE = 65_536
_MAX_CONTROL_RATIO = 0.1  # raw bytes: beyond this, not worth decoding at all
_MAX_NOT_TEXT_RATIO = 0.03  # decoded text: beyond this, binary or noise
_NOT_TEXT_ALLOWANCE = 3  # a short text may hold a few strays whatever its length

# Labels that pages use for a narrower encoding than the one they really mean (the WHATWG
# Encoding Standard maps them to the superset, and so do we).
_SUPERSETS = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
# Python codecs that are not web encodings, or are unsafe to honour from a page (UTF-7).
_REFUSED = {"utf_7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}

# Code pages charset-normalizer may pick that web pages do not use.
_OFF_WEB = ("mac_", "cp437", "cp737", "cp775", "cp8", "cp1125", "cp037", "cp273", "cp500", "hp_")
_CHAOS_TOLERANCE = 0.02

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_PRESCAN = 4096


def decode_bytes(data: bytes, *, declared: str | None = None, origin: str) -> str:
    """Decode one page's bytes to text.

    ``declared`` is the charset the page claims (HTTP header or ``<meta>``), ``origin`` names
    the input in error messages. Raises StorylineError for binary content; never for a wrong
    or mixed encoding, which degrades to replacement characters.
    """
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, "replace")
            break
    else:
        if not _looks_binary(data):
            text = _decode_unmarked(data, declared)
    if text is None or not text_like(text):
        raise StorylineError(f"{origin}: binary content, not a page")
    return _drop_controls(text)


def text_like(text: str) -> bool:
    """True when decoded text reads as text: control and replacement characters are at
    most a small share of it (one NUL in a real page does not make it binary; random
    bytes that some codec happens to accept do not make a page)."""
    if not text:
        return True
    for sample in _samples(text):
        allowed = max(_NOT_TEXT_ALLOWANCE, _MAX_NOT_TEXT_RATIO * len(sample))
        if len(_NOT_TEXT_CHARS.findall(sample)) > allowed:
            return False
    return True


def _samples(text: str) -> tuple[str, ...]:
    """The start, and for long text the middle and the end too (cheap, and a page padded
    with a real-looking head is still caught)."""
    if len(text) <= 3 * _SAMPLE:
        return (text,)
    middle = len(text) // 2 - _SAMPLE // 2
    return text[:_SAMPLE], text[middle : middle + _SAMPLE], text[-_SAMPLE:]


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP Content-Type header, if any."""
    if not value:
        return None
    match = _HEADER_CHARSET.search(value)
    return match.group(1) if match else None


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (``<meta charset>``,
    ``<meta http-equiv="Content-Type">`` or an XML declaration), as browsers pre-scan it."""
    head = data[:_PRESCAN]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode_unmarked(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _web_codec(declared)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            if encoding == "cp1252":  # 0x81, 0x8D... are unassigned in cp1252 only
                return data.decode("latin-1")
    guess = _guess_encoding(data)
    if guess is not None:
        try:
            return data.decode(guess, "replace")
        except LookupError:
            pass
    return data.decode("utf-8", _MIXED)


def _single_byte_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 refuses as Windows-1252 (Latin-1 for its five holes): a page
    with mixed encodings keeps readable (if imperfect) letters instead of a run of
    replacement characters, while control bytes stay controls, which `text_like` counts."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return "".join(_cp1252_or_latin1(b) for b in bad), exc.end


def _cp1252_or_latin1(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_MIXED = "storyline-mixed"
codecs.register_error(_MIXED, _single_byte_fallback)


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring web encodings to lookalike Mac and DOS code
    pages that decode the same bytes as cleanly (``mac_cyrillic`` vs ``cp1251``): those
    code pages are practically never served on the web."""
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return None
    best = results[0]
    if best.encoding.startswith(_OFF_WEB):
        for other in results[1:]:
            if other.chaos <= best.chaos + _CHAOS_TOLERANCE and not other.encoding.startswith(
                _OFF_WEB
            ):
                return other.encoding
    return best.encoding


def _web_codec(label: str | None) -> str | None:
    """Python's codec for a charset label, or None when the label is unknown or unusable."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name.replace("-", "_")
    except (LookupError, ValueError):
        return None
    if name in _REFUSED or name.startswith(("utf_16", "utf_32")):
        # A page that can declare UTF-16 in ASCII bytes is not UTF-16 (WHATWG treats it as
        # UTF-8); real UTF-16 pages start with a byte order mark.
        return None
    return _SUPERSETS.get(name, name)


def _looks_binary(data: bytes) -> bool:
    """A file signature, or so many control bytes that no decoding is worth trying (UTF-16
    without its byte order mark is half NULs: it is refused too)."""
    if data.startswith(_MAGIC):
        return True
    sample = data[:_SAMPLE]
    controls = len(sample.translate(None, _NOT_CONTROL))
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_RATIO


def _drop_controls(text: str) -> str:
    """Remove stray control characters: they carry nothing in a news page and make XML
    parsers downstream refuse the whole document."""
    if _CONTROL_CHARS.search(text) is None:
        return text
    return _CONTROL_CHARS.sub("", text)
