"""Quote and speaker evaluation on PolNeAR (brat standoff attribution annotations).

PolNeAR marks attribution relations — a ``Source`` span (who), a ``Cue`` span (said,
according to) and a ``Content`` span (what) — in US political news. This scorer runs the fact
stage (``storyline.annotate.annotate``) on each article and compares its quotes to them.

Gold, per article
    One annotator's file: the first annotator listed for the article in ``metadata.tsv`` whose
    ``<name>_<annotator>.ann`` exists (a few articles were annotated by all annotators for
    agreement checks; mixing their files would count each attribution several times).
    Relations are the ``E`` lines; span offsets may be discontiguous (``10 20;25 40``), in
    which case the fragments are kept as they are.

Kinds of gold content
    *direct*: the content opens with an opening quote mark (``"`` or ``“``), after spaces, or
    right after one — a quotation that is the content, whatever follows it.
    *indirect speech*: no quote mark anywhere in the content, and a cue that is a verb of saying
    (said, told, according to, added, claimed, …; see ``_SPEECH_CUE``). Beliefs and intentions
    ("believes", "wants") are attributions too but not speech: they are left out of the recall
    base, and they still count as correct for precision (a quote found there is a real
    attribution).
    Everything else (mixed content that starts outside the quote marks) is scored by neither.

Matching
    A found quote and a gold content *match* when their characters overlap by at least half of
    the shorter of the two (fragments of a discontiguous span are summed). A gold direct quote
    is *found* when a quote in quote marks (kind ``direct`` or ``partial``) matches it; its
    speaker is that of the matching quote with the largest overlap. A found quote of kind
    ``indirect`` is *correct* when it matches any gold content (of any kind); a gold indirect
    speech content is *recalled* when a found ``indirect`` quote matches it.

Speakers
    Only gold sources that are a name are scored: the source span without its parentheses,
    cut at the first comma, relative pronoun or lowercase preposition ("spokesman for the
    campaign"), must end in a capitalised, non-possessive word; its *name* is the run of
    capitalised words ending there ("White House spokesman Josh Earnest" → "Josh Earnest",
    "Department of Justice" kept whole). Pronouns and descriptions ("the spokesman", "the
    Clinton campaign", "Trump's aides") are left out: a right answer there needs coreference
    the gold does not give; so are headlines in capitals of four words or more (a digest's
    "HOW X AFFECTS Y" item title annotated as the source of its excerpt). The speaker found is
    *right* when its last word is the name's last word (or the whole name), and the word
    before it, where both have one, is the same or a title ("Sen.", "President"): "Donald
    Trump" is right for "Trump", "Bill Clinton" is wrong for "Hillary Clinton". A name with a
    one-word place after "of" ("Donald Hartley of Madison", "Sen. Brian Schatz of Hawaii") is
    matched as the name before "of" without titles, when that has two words or more (a
    person's full name), never by the place alone; "Department" alone is not "Department of
    Justice". *Speaker right* = right / found gold direct quotes
    with a name source; *wrong name* = attributed but not right / found and attributed (an
    unattributed quote is never wrong).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storyline.annotate import annotate
from storyline.annotate.canonical import ascii_fold
from storyline.annotate.records import Quote

Spans = tuple[tuple[int, int], ...]

_SPEECH_CUE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|according|add|adds|added|adding|claim|"
    r"claims|claimed|argue[sd]?|arguing|state[sd]?|stating|announce[sd]?|insist(?:s|ed)?|"
    r"note[sd]?|noting|warn(?:s|ed)?|explain(?:s|ed)?|acknowledge[sd]?|admit(?:s|ted)?|"
    r"assert(?:s|ed)?|contend(?:s|ed)?|declare[sd]?|report(?:s|ed)?|wr[io]te|writes|"
    r"tweet(?:s|ed)?|repeat(?:s|ed)?|reiterate[sd]?|predict(?:s|ed)?|promise[sd]?|vow(?:s|ed)?|"
    r"pledge[sd]?|respond(?:s|ed)?|repl(?:y|ies|ied)|ask(?:s|ed)?|urge[sd]?|accuse[sd]?|"
    r"den(?:y|ies|ied)|complain(?:s|ed)?|confirm(?:s|ed)?|maintain(?:s|ed)?|recall(?:s|ed)?|"
    r"stress(?:es|ed)?|emphasi[sz]e[sd]?|suggest(?:s|ed)?|pointed out|points out|"
    r"testif(?:y|ies|ied)|announcement|statement|remarks?)\b",
    re.IGNORECASE,
)
_OPENERS = '"“'
_QUOTE_CHARS = '"“”'
_TITLES = frozenset(
    """sen senator rep representative gov governor president mr mrs ms dr secretary spokesman
    spokeswoman speaker chairman chairwoman former vice gen general attorney judge justice
    mayor candidate nominee leader rev pastor professor prof lt col adm sgt""".split()
)
_CUT = re.compile(
    r",|\s(?:who|which|that|for|from|at|with|in|on|to|and|whose|told|said|says)\s|\s[-—–]"
    r"|\sof\s(?=[a-z])"
)
_PRONOUNS = frozenset("he she they it we i you his her their".split())
_WORD = re.compile(r"[\w’'.-]+")


@dataclass
class GoldAttribution:
    source: Spans
    content: Spans
    cue: Spans
    kind: str  # "direct", "indirect" (speech), "other"
    name: str | None  # the source's name when it is one


@dataclass
class ArticleGold:
    name: str
    text: str
    published: str | None
    attributions: list[GoldAttribution] = field(default_factory=list)


@dataclass
class QuoteScores:
    articles: int = 0
    gold_direct: int = 0
    found_direct: int = 0
    named_found: int = 0
    named_right: int = 0
    named_attributed: int = 0
    named_wrong: int = 0
    gold_indirect: int = 0
    recalled_indirect: int = 0
    found_indirect: int = 0
    correct_indirect: int = 0
    indirect_named: int = 0
    indirect_named_right: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _rate(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def direct_recall(self) -> float:
        return self._rate(self.found_direct, self.gold_direct)

    @property
    def speaker_right(self) -> float:
        return self._rate(self.named_right, self.named_found)

    @property
    def wrong_name(self) -> float:
        return self._rate(self.named_wrong, self.named_attributed)

    @property
    def indirect_recall(self) -> float:
        return self._rate(self.recalled_indirect, self.gold_indirect)

    @property
    def indirect_precision(self) -> float:
        return self._rate(self.correct_indirect, self.found_indirect)


def _spans(field_text: str) -> Spans:
    out = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def _annotator_files(root: Path) -> dict[str, Path]:
    """Article name → the one .ann file scored for it: the first annotator listed in
    ``metadata.tsv`` that has a file, else the first file by name."""
    listed: dict[str, list[str]] = {}
    meta = root / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                listed[row["filename"]] = (row.get("annotators") or "").split("|")
    files: dict[str, dict[str, Path]] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name, _, annotator = path.stem.rpartition("_")
        files.setdefault(name, {})[annotator] = path
    out = {}
    for name, by_annotator in files.items():
        chosen = next((by_annotator[a] for a in listed.get(name, ()) if a in by_annotator), None)
        out[name] = chosen or next(iter(by_annotator.values()))
    return out


def source_name(text: str) -> str | None:
    """The name a gold source span gives, or ``None`` for pronouns and descriptions."""
    text = re.sub(r"\([^)]*\)?", " ", text).strip()
    cut = _CUT.search(text)
    head = text[: cut.start()] if cut else text
    words = _WORD.findall(head)
    while words and not any(c.isalnum() for c in words[-1]):
        words.pop()
    if not words:
        return None
    last = words[-1]
    if not last[:1].isupper() or last.endswith(("’s", "'s", "’", "s'")):
        return None
    if last.lower().strip(".") in _PRONOUNS:
        return None
    run = [last]
    for w in reversed(words[:-1]):
        if w[:1].isupper() and not w.endswith(("’s", "'s")):
            run.append(w)
        elif w == "of" and run and len(run) >= 1:
            run.append(w)
        else:
            break
    while run and run[-1] == "of":
        run.pop()
    name = " ".join(reversed(run))
    if name.split()[0].lower() in ("the", "a", "an"):
        name = " ".join(name.split()[1:])
    if not name or name.lower().strip(".") in _TITLES:
        return None
    letters = [w for w in name.split() if any(c.isalpha() for c in w)]
    if len(letters) >= 4 and all(w == w.upper() for w in letters):
        return None  # a headline in capitals ("HOW CHINA'S DECLINE AFFECTS …"), not a name
    return name


def _tokens(name: str) -> list[str]:
    words = [w.lower().strip(".") for w in _WORD.findall(ascii_fold(name).replace("’", "'"))]
    while len(words) > 1 and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words


def speaker_matches(found: str, gold_name: str) -> bool:
    """Is the speaker found the person or body the gold name names?"""
    f = [t for t in _tokens(found) if t not in ("the",)]
    g = [t for t in _tokens(gold_name) if t not in ("the",)]
    if not f or not g:
        return False
    if f == g:
        return True
    if "of" in g and len(g) - g.index("of") == 2:
        # "Donald Hartley of Madison", "Sen. Brian Schatz of Hawaii": a person and a place;
        # the person is "Donald Hartley", never "Madison"
        head = [t for t in g[: g.index("of")] if t not in _TITLES]
        if len(head) >= 2:
            g = head  # then matched as any name is
    if f[-1] != g[-1]:
        return False
    if len(f) >= 2 and len(g) >= 2 and f[-2] != g[-2] and g[-2] not in _TITLES:
        return False
    return True


def load_polnear(root: Path, limit: int | None = None) -> list[ArticleGold]:
    """PolNeAR articles with one annotator's attributions each (see the module docstring)."""
    published: dict[str, str] = {}
    meta = root / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                published[row["filename"]] = row.get("publication_date") or ""
    files = _annotator_files(root)
    out = []
    for name in sorted(files):
        text_path = root / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = _read_ann(files[name], text)
        out.append(ArticleGold(name, text, published.get(name) or None, gold))
        if limit is not None and len(out) >= limit:
            break
    return out


def _read_ann(path: Path, text: str) -> list[GoldAttribution]:
    spans: dict[str, Spans] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(T\d+)\t(\S+) ([\d ;]+)\t", line)
        if m:
            try:
                spans[m.group(1)] = _spans(m.group(3))
            except ValueError:
                continue
            continue
        if re.match(r"^E\d+\t", line):
            parts = dict(p.split(":", 1) for p in line.split("\t")[1].split() if ":" in p)
            relations.append({k.split("-")[0]: v for k, v in parts.items()})
    out = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if not content:
            continue
        source = spans.get(rel.get("Source", ""), ())
        cue = spans.get(rel.get("Cue", ""), ())
        out.append(
            GoldAttribution(
                source=source,
                content=content,
                cue=cue,
                kind=_kind(text, content, cue),
                name=source_name(" ".join(text[a:b] for a, b in source)) if source else None,
            )
        )
    return out


def _kind(text: str, content: Spans, cue: Spans) -> str:
    start = content[0][0]
    body = "".join(text[a:b] for a, b in content)
    stripped = body.lstrip()
    if stripped[:1] in _OPENERS or (start > 0 and text[start - 1] in _OPENERS):
        return "direct"
    if any(c in body for c in _QUOTE_CHARS):
        return "other"
    cue_text = " ".join(text[a:b] for a, b in cue)
    return "indirect" if _SPEECH_CUE.search(cue_text) else "other"


def _overlap(spans: Spans, start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)


def _length(spans: Spans) -> int:
    return sum(b - a for a, b in spans)


def _matches(spans: Spans, q: Quote) -> int:
    """The overlap when it is at least half of the shorter span, else 0."""
    ov = _overlap(spans, q.start, q.end)
    return ov if ov and ov * 2 >= min(_length(spans), q.end - q.start) else 0


def score_article(article: ArticleGold, quotes: Iterable[Quote], scores: QuoteScores) -> None:
    quotes = list(quotes)
    marked = [q for q in quotes if q.kind in ("direct", "partial")]
    indirect = [q for q in quotes if q.kind == "indirect"]
    scores.articles += 1
    for gold in article.attributions:
        if gold.kind == "direct":
            scores.gold_direct += 1
            best = max(marked, key=lambda q: _matches(gold.content, q), default=None)
            if best is None or not _matches(gold.content, best):
                a, b = gold.content[0][0], gold.content[-1][1]
                scores.errors.append(f"MISSED {article.name}: {article.text[a:b][:90]!r}")
                continue
            scores.found_direct += 1
            if gold.name is None:
                continue
            scores.named_found += 1
            if best.speaker is None:
                scores.errors.append(
                    f"UNATTRIBUTED {article.name}: {gold.name!r}: {best.text[:70]!r}"
                )
                continue
            scores.named_attributed += 1
            if speaker_matches(best.speaker, gold.name):
                scores.named_right += 1
            else:
                scores.named_wrong += 1
                scores.errors.append(
                    f"WRONG {article.name}: {best.speaker!r} ({best.cue}) for {gold.name!r}: "
                    f"{best.text[:70]!r}"
                )
        elif gold.kind == "indirect":
            scores.gold_indirect += 1
            best = max(indirect, key=lambda q: _matches(gold.content, q), default=None)
            if best is not None and _matches(gold.content, best):
                scores.recalled_indirect += 1
                if gold.name is not None and best.speaker is not None:
                    scores.indirect_named += 1
                    if speaker_matches(best.speaker, gold.name):
                        scores.indirect_named_right += 1
    for q in indirect:
        scores.found_indirect += 1
        if any(_matches(g.content, q) for g in article.attributions):
            scores.correct_indirect += 1
        else:
            scores.errors.append(f"FALSE-INDIRECT {article.name}: {q.speaker!r} {q.text[:80]!r}")


def run_quotes_eval(root: Path, limit: int | None = None) -> QuoteScores:
    """Score the fact stage's quotes on every article under ``root`` (a PolNeAR split)."""
    scores = QuoteScores()
    for article in load_polnear(root, limit):
        facts = annotate(article.text, published=article.published, language="en")
        score_article(article, facts.quotes, scores)
    return scores


def report(scores: QuoteScores) -> list[str]:
    """The lines ``storyline eval quotes`` prints, with the issue's targets."""
    s = scores
    return [
        f"articles: {s.articles}",
        f"direct quotes found: {s.found_direct}/{s.gold_direct} = {s.direct_recall:.3f}"
        " (target >= 0.93)",
        f"speaker right (name sources): {s.named_right}/{s.named_found} = {s.speaker_right:.3f}"
        " (target >= 0.90)",
        f"wrong name among attributed (name sources): {s.named_wrong}/{s.named_attributed} = "
        f"{s.wrong_name:.3f} (target <= 0.05)",
        f"indirect speech recall: {s.recalled_indirect}/{s.gold_indirect} = "
        f"{s.indirect_recall:.3f} (target >= 0.50)",
        f"indirect speech precision: {s.correct_indirect}/{s.found_indirect} = "
        f"{s.indirect_precision:.3f} (target >= 0.85)",
        f"indirect speaker right (name sources, attributed): {s.indirect_named_right}/"
        f"{s.indirect_named}",
    ]
