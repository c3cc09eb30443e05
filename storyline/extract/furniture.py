"""The shared lexicon of page furniture: lines that are never article text.

Both the plain-text remover (`text.py`) and the HTML post-filter ask the same two questions
of a line or paragraph:

- `furniture_reason`: is this one line furniture on its own (a share button, a caption, a
  photo credit, a copyright notice, an agency slug such as ``bur/tw/jhb``)? The answer is a
  short reason slug, kept in the audit trail of what was removed.
- `end_marker_reason`: does this line open the page's tail ("Related Articles", "You may also
  like", "Comments", "Download the app"), after which everything is furniture unless article
  text clearly resumes?

Patterns match a *whole* line (after whitespace is collapsed), or how it opens or ends, so a
sentence that merely mentions "comments" or "related" is never caught. They are compiled once,
at import, into a few alternations, and the costlier ones are tried only when a cheap cue (a
character, a length, an ending) says they could match: a line costs a few microseconds,
whatever the size of the lexicon.

Reason slugs: ``navigation``, ``share``, ``widget``, ``newsletter``, ``related-link``,
``separator``, ``agency-slug``, ``copyright``, ``credit``, ``photo-credit``, ``caption``,
``byline``, ``date``, ``dateline`` and ``end-marker:<kind>`` (``related``, ``comments``,
``app``, ``tags``, ``share``, ``sources``, ``about``, ``footer``). A ``dateline`` (a line in
capitals such as "MOSCOW") is furniture above an article but may be a subheading inside one:
callers that know the position should treat it as weak evidence.
"""

from __future__ import annotations

import re

__all__ = [
    "DATE_IN_TEXT",
    "end_marker_reason",
    "end_marker_reason_normalised",
    "furniture_reason",
    "furniture_reason_normalised",
    "is_date_line",
    "normalise_line",
]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"

DATE_IN_TEXT = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})",
    re.IGNORECASE,
)
"""A calendar date written out in one of the usual news-page forms."""

_DATE_NOISE = re.compile(
    rf"{DATE_IN_TEXT.pattern}|\b{_WEEKDAY}|\b{_MONTH}\s+\d{{1,2}}\b"
    r"|\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?"
    r"|\b(?:updated|published|posted|modified|last|first|on|at|date|time|am|pm|[a-z]{1,2}[sd]t|[epcm]t"
    r"|gmt|utc|ist|cet|cest|bst|hrs|ago|just|now|today|yesterday|and|by|\d+\s*"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhd]))\b",
    re.IGNORECASE,
)
_ALNUM_WORD = re.compile(r"[^\W_]{2,}")
_DIGIT = re.compile(r"\d")


def normalise_line(line: str) -> str:
    """Collapse whitespace (including no-break and zero-width spaces) and trim."""
    if "\u200b" in line or "\ufeff" in line:
        line = line.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(line.split())


def is_date_line(line: str) -> bool:
    """True for a short line that is only a date, a time or a "3 hours ago" stamp."""
    if len(line) > 90 or not _DIGIT.search(line):
        return False
    if not (DATE_IN_TEXT.search(line) or _AGO.search(line) or _CLOCK.search(line)):
        return False
    rest = _DATE_NOISE.sub(" ", line)
    return len(_ALNUM_WORD.findall(rest)) == 0


_AGO = re.compile(r"\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago", re.I)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")

_AGENCIES = (
    r"(?:ap|afp|reuters|upi|ani|pti|ians|dpa|efe|ansa|xinhua|tass|ria novosti|anadolu|yonhap|"
    r"kyodo|bloomberg|cnn|bbc|getty images|getty|shutterstock|epa(?:-efe)?|alamy|istock(?:photo)?|"
    r"associated press|pool|sputnik|zuma(?: press)?|nurphoto|sipa|rex|abaca|imago|"
    r"the associated press|file|handout)"
)

# One named group per reason; the group name (with _ for -) is the reason slug.
_FURNITURE_PATTERNS: dict[str, str] = {
    "separator": r"[\W_]{1,80}",
    "agency_slug": r"[a-z]{2,5}(?:/[a-z]{2,5}){1,6}(?:\s*\(?[a-z]{0,3}\)?)?",
    # Anchored forms of the long-line reasons (a cue word opens the line).
    "copyright": (
        r"(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved).{0,200}"
        r"|(?:this (?:material|article|story|content) may not be (?:published|reproduced|"
        r"copied|redistributed)).{0,200}"
        r"|(?:distributed|syndicated) by .{2,120}"
        r"|visit \w+\.(?:com|org|net|co\.uk)\.?"
    ),
    "credit": (
        r"(?:[—–-]+\s*)?(?:with (?:additional )?(?:assistance|reporting) (?:from|by)|"
        r"(?:additional )?reporting by|editing by|edited by|writing by|compiled by|"
        r"produced by|research by|graphics? by|illustrations? by|design by)\b.{1,200}"
        r"|\(?(?:reporting|writing|editing) by .{1,200}"
    ),
    "photo_credit": (
        r"\(?(?:photo|photos|photograph|photography|image|images|picture|pictures|pic|"
        r"credit|credits|illustration|graphic|video|source|foto)s?(?: credit)?\s*(?::|by\b|-|–)"
        r".{1,120}"
        rf"|\(?{_AGENCIES}\s*(?:photo|photos|images)?\s*/\s*.{{1,80}}"
        r"|(?:image|photo|picture) (?:copyright|source|credit)\b.{0,100}"
        r"|(?:photo |image |picture )?courtesy(?: of)? .{2,80}"
    ),
    "caption": (
        r"(?:image caption|caption|photo caption|media caption)\b.{0,300}"
        r"|(?:this|the|a|an|in this) (?:undated |handout |file |aerial |screen ?grab )?"
        r"(?:photo|photograph|picture|image|file photo|screenshot|video grab|still image)\b"
        r"(?: (?:taken|released|provided|made|obtained|shows|posted|distributed|dated|courtesy)"
        r"\b.{0,600}|,.{0,600})"
        r"|file\s*[-–—:]\s.{10,600}|file photo:?\s.{10,600}"
    ),
    "byline": (
        r"(?:by|written by|posted by|story by|words by|reported by|author|authors)"
        r"\s*:?\s+[A-Z][^!?]{1,110}"
        r"|(?:by|von|par|por)\s*$"
    ),
    "share": (
        r"(?:share(?: this)?(?: article| story| post| page| on \w+| via \w+)?|tweet(?: this)?|"
        r"e-?mail(?: this)?(?: article| story)?|print(?: this)?(?: article| story| page)?|"
        r"facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|messenger|telegram|flipboard|"
        r"tumblr|pocket|copy link|copy url|link copied|comment|save(?: article| story)?|"
        r"bookmark|follow(?: us)?(?: on \w+)?|like|reply|report|flag|subscribe(?: now)?|"
        r"follow .{1,60} (?:on|at) (?:twitter|facebook|instagram|youtube|tiktok|linkedin|"
        r"https?://).{0,120}|https?://\S+|www\.\S+|"
        r"sign in|sign up|log ?in|log ?out|register|\d+ shares?|share:?)[\s|/•·]*"
    ),
    "navigation": (
        r"(?:home|homepage|menu|main menu|search|search\W*|my account|account|profile|"
        r"skip to (?:main )?(?:content|navigation)|back to top\W*|top|go to top|close|open|"
        r"next|previous|prev|more|less|show more|show less|see more|see all|view all|"
        r"load more|more\W+|view all(?: \(\d+\))?|"
        r"(?:next|previous) (?:article|story|post|page)|navigation|"
        r"toggle navigation|sections?|categories|archives?|contact(?: us)?|about(?: us)?|"
        r"privacy(?: policy| notice| settings)?|terms(?: of (?:use|service))?|"
        r"terms (?:&|and) conditions|cookie (?:policy|settings|preferences)|sitemap|careers|"
        r"advertise(?: with us)?|newsletters?|faqs?|help|rss|feeds?|print edition|e-?edition|"
        r"digital edition|[\w'&.-]+(?: [\w'&.-]+){0,3}(?:(?: ?[›»>|] ?| / )[\w'&.-]+"
        r"(?: [\w'&.-]+){0,3}){1,6})"
    ),
    "widget": (
        r"(?:advertisement|advertising|ad|ads|sponsored(?: content)?|promoted|paid content|"
        r"partner content|(?:story|article) continues below(?: advertisement)?|"
        r"continue reading(?: below| the main story)?|scroll to continue(?: with content)?|"
        r"try our ai features|explore what .{1,40} can do for you:?|no comments yet\W*|"
        r"orange background|logo|hashtags|app-?store ?(?:play-?store)?|google play|"
        r"image \d+ of ?/? ?\d*|\d+ ?/ ?\d+|\d+ of \d+|back to gallery|enlarge(?: this image)?|"
        r"toggle caption|hide caption|show caption|view (?:gallery|slideshow|photos?)|"
        r"watch(?: video| now| live)?|listen(?: to this (?:article|story))?(?: \d+ min\w*)?|"
        r"play(?: video)?|loading\W*|audio|video|\d+ min(?:ute)?s? read|reading time.{0,20}|"
        r"font size|text size|a a a|a-|a\+|print this (?:page|article)|cookies?|accept|"
        r"get started now:? download the app|ready to dive into .{0,200}|"
        r"click here.{0,80}|tap here.{0,80}|opens in new window|\(?opens new tab\)?|"
        r"(?:these are )?external links?(?: and)? (?:will )?opens? in a new (?:window|tab)\.?|"
        r"this (?:video|content|embed) (?:is|can)(?:not| not)? .{0,120}|"
        r"(?:we|you) (?:use|are using) cookies.{0,200}|no,? thanks|advert|"
        r"(?:related|see also|read more|read also|also read|more|also|see more|watch|listen|"
        r"recommended|further reading|more on this|opinion|related coverage|related story)"
        r"\s*:\s*.{2,200}|"
        r"have a (?:news )?tip\?.{0,200}|"
        r"save my name,? e-?mail,? and website.{0,120}|notify me (?:of|via|by|when) .{0,120}|"
        r"this site uses akismet.{0,120}|your e-?mail address will not be published.{0,120}|"
        r"required fields are marked.{0,40}|"
        r"stay (?:up to date|informed|in the loop|connected|tuned)(?: with .{1,60})?|"
        r"(?:sign|log) in to .{0,80}|create (?:an|your|a free) account.{0,80}|"
        r"already (?:a subscriber|have an account).{0,80}|"
        r"subscribe (?:to|for) .{0,100}|sign up (?:for|to) .{0,120}|"
        r"(?:get|receive) (?:our|the) .{0,40}newsletter.{0,100}|"
        r"(?:thank you|thanks) for (?:reading|subscribing|signing up).{0,120}|"
        r"your (?:email|e-mail) address.{0,60}|enter your email.{0,60}|"
        r"invalid email.{0,60}|"
        r"(?:this|the) (?:article|story) (?:was|is|has been) (?:originally )?"
        r"(?:published|updated|posted).{0,120}|"
        r"(?:originally|first) (?:published|appeared) (?:on|in|at) .{0,120}|"
        r"(?:posted|published|updated|filed|last updated|last modified) (?:in|under|on|at)"
        r"\s.{0,80}|"
        r"(?:current|breaking|latest|top) news|image|photo|photos|gallery|slideshow|"
        r"(?:\d+ )?(?:comments?|likes?|views?|shares?)\W*\d*)"
    ),
}

_SHORT_REASONS = ("separator", "agency_slug", "share", "navigation", "widget", "byline")
_LONG_REASONS = ("copyright", "credit", "photo_credit", "caption")


def _alternation(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<{name}>{_FURNITURE_PATTERNS[name]})" for name in names), re.IGNORECASE
    )


# Labels and buttons are short: their patterns are tried only on lines of up to
# `_SHORT_LINE` characters. Credits, captions and copyright notices can be long: they are
# recognised by how they open (`_LONG_FURNITURE`), by a cue anywhere in the line
# (`_COPYRIGHT_ANYWHERE`, `_CONTRIBUTED`, `_POSITION_MARK`) or by how they end (`_TAILS`,
# tried on the last characters only, so that the cost does not grow with the line).
_SHORT_LINE = 260
_SHORT_FURNITURE = _alternation(_SHORT_REASONS)
_LONG_FURNITURE = _alternation(_LONG_REASONS)
_COPYRIGHT_ANYWHERE = re.compile(
    r"©|\(c\) ?\d{4}|\bcopyright\b|all rights reserved|may not be (?:published|reproduced|"
    r"redistributed)|(?:distributed|syndicated) by (?:tribune|the washington post|bloomberg|"
    r"andrews mcmeel|creators|king features)"
)
_COPYRIGHT_CUE = re.compile(
    r"©|\(c\)|copyright|rights reserved|may not be|(?:distribu|syndic)ated by"
)
_POSITION_CUE = re.compile(r", (?:left|right|cent|second|top|bottom)")
_CONTRIBUTED = re.compile(r"\bcontribut\w* (?:reporting )?to this (?:report|story|article)\W*$")
_POSITION_MARK = re.compile(
    r"\((?:l|r|c|\d(?:st|nd|rd|th) [lr]|centre|center|left|right|front|back|top|bottom)\)"
    r"|, (?:left|right|center|centre|second left|second right|top|bottom)(?:,| and\b|\))"
)
_TAIL = 64
_DATED_CAPTION_END = re.compile(
    rf"\b{_WEEKDAY},? {_MONTH} \d{{1,2}},? \d{{4}}\.?(?: \([^)]{{2,60}}\))?"
    r"(?: less| \.\.\. more)?$"
)
"""AP-style captions end with the day the photo was taken: "... Tuesday, Nov. 19, 2019."."""
_CREDIT_END = re.compile(
    r"(?:\w|[.!?)] )(?:credit|credits|photo|photograph|picture|image)\s*:\s*[^:!?]{2,60}$"
)
"""A caption with its credit glued on: "... ate a rabbitCredit: Getty"."""
_AGENCY_END = re.compile(
    rf"\b{_AGENCIES} ?(?:photo|photos|images|pictures|file photo|pool photo|"
    rf"/ ?{_AGENCIES})\)?\.?$"
    r"|\b(?:pool photo )?via (?:ap|reuters|afp|getty images|shutterstock|epa)\)?\.?$"
    r"|(?:getty images|shutterstock|istockphoto|istock|alamy)(?: \w+)?\)?\.?$"
)
"""A short line closed by a photo agency: "Jane Doe/Getty Images", "Pool Photo via AP"."""
_PAREN_CREDIT_END = re.compile(
    r" ?\((?:image|photo|picture|pic|credit|source|foto)s?\s*:[^()]{1,60}\)$"
    r"| ?\([^()]{0,30}\b(?:photo|photos|photograph|image|images|picture|pictures|credit)\b"
    r"[^()]{0,60}\)$"
)
_AGENCY_PAREN_END = re.compile(r" \((?:AP|AFP|Reuters|Getty Images|Getty|AP Photo)\)$")
"""Captions close with their credit in brackets: "(Image: GETTY)", "(AP Photo/Jon Ek, File)",
"... Ariz. (AP)" — an article's own sign-off is glued: "...in 2014.(AP)"."""
_GLUED_AGENCY_ENDINGS = tuple(
    f"{c}{agency}"
    for c in "abcdefghijklmnopqrstuvwxyz"
    for agency in (
        ".reuters",
        ".afp",
        ".getty images",
        ".ap",
        ".epa",
        ".bloomberg",
        ".shutterstock",
    )
)
"""A caption whose credit the renderer glued on: "... in New York.Reuters"."""
_GLUED_NAME_CREDIT = re.compile(
    r"[a-z)\]][.!?]\s?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} ?/ ?[A-Z][\w.&'’-]+"
    r"(?: [A-Z][\w.&'’-]+){0,2}$"
)
"""A caption closed by "Photographer/Agency": "... isn't easy.Kathrin Ziegler/Getty"."""
_DIGIT_TAIL = 30
_AGENCY_ENDINGS = tuple(
    "photo photos images pictures ap afp reuters epa efe getty shutterstock alamy istock "
    "istockphoto pool handout file upi dpa xinhua tass sputnik press north europe".split()
)


def _tail_reason(line: str, low: str) -> str | None:
    """Captions and credits recognised by how they end; only the last characters are
    searched, and only when a cheap test says a pattern could match."""
    tail = low[-_TAIL:]
    if tail.endswith((" less", "...more", "... more")) and len(line) > 20:
        return "caption"
    if ":" in tail and _CREDIT_END.search(tail):
        return "caption"
    if tail.endswith(")") and len(line) <= 400:
        if _PAREN_CREDIT_END.search(tail) or _AGENCY_PAREN_END.search(line[-_TAIL:]):
            return "caption"
    if tail.endswith(_GLUED_AGENCY_ENDINGS) and len(line) <= 400:
        return "caption"
    if "/" in tail and len(line) <= 400 and _GLUED_NAME_CREDIT.search(line[-_TAIL:]):
        return "caption"
    if _DIGIT.search(tail, len(tail) - _DIGIT_TAIL) and _DATED_CAPTION_END.search(tail):
        return "caption"
    if len(line) <= 120 and (tail.rstrip(".)").endswith(_AGENCY_ENDINGS) or "/" in tail):
        if _AGENCY_END.search(tail) and not _SENTENCE_INSIDE.search(line):
            return "photo_credit"
    return None


_PHOTO_CREDIT_NAME = re.compile(
    r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} ?/ ?[A-Z][\w.&'’-]+(?: [A-Z][\w.&'’-]+){0,2}"
)
""""Jason Doe/ZDNet": a photographer and an agency or outlet."""
LOUD_LINK_WORDS = 6
"""A line in capitals of at least this many words is an inline link ("SEAN SPICER
ELIMINATED FROM ..."), not a subheading, which is shorter."""
_SENTENCE_INSIDE = re.compile(r"[.!?] [A-Z]")


def _long_reason(line: str, low: str) -> str | None:
    """Reasons that may apply to a long line: copyright, credits, captions, photo credits."""
    match = _LONG_FURNITURE.fullmatch(line)
    if match is not None:
        return match.lastgroup
    if len(line) <= 300 and _COPYRIGHT_CUE.search(low):
        if _COPYRIGHT_ANYWHERE.search(low):
            return "copyright"
    if "contribut" in low and len(line) <= 200 and _CONTRIBUTED.search(low):
        return "credit"
    reason = _tail_reason(line, low)
    if reason is not None:
        return reason
    if len(line) >= 40 and (")" in low or ", " in low and _POSITION_CUE.search(low)):
        if _POSITION_MARK.search(low):
            return "caption"
    return None


_BYLINE_NAME = re.compile(
    r"(?:by|written by|posted by|story by|words by|reported by|author|authors)\s*:?\s+"
    r"(?P<rest>.+)",
    re.IGNORECASE,
)

_END_PATTERNS: dict[str, str] = {
    "related": (
        r"(?:related(?: articles?| stories| posts| news| content| coverage| links| topics|"
        r" reading| videos?)?|more (?:from|on|in|about|by) .{1,50}|"
        r"more (?:stories|articles|news|headlines|videos|coverage)"
        r"(?: (?:from|on|like this) .{1,40})?|"
        r"(?:you|we) (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
        r"(?:you|we) (?:may|might) also want to read|we recommend|"
        r"recommended(?: for you| stories| articles| reading| videos?)?|"
        r"read (?:more|next|also)(?: from .{1,40}| stories| articles)?|what to read next|"
        r"further reading|also read|see also|most (?:popular|read|viewed|shared|commented|"
        r"emailed|watched)(?: articles| stories| now| this week| today| videos?| in .{1,40})?|"
        r"trending(?: now| stories| articles| news| topics| videos?)?|"
        r"top (?:stories|news|articles|headlines|videos)|"
        r"latest (?:news|stories|articles|headlines|videos|posts)|"
        r"popular(?: now| stories| posts| articles| on .{1,30})?|don'?t miss(?: this)?|"
        r"editor'?s (?:picks|choice)|around the web|from (?:around|across) the web|"
        r"sponsored (?:stories|links|content)|promoted (?:stories|content|links)|"
        r"(?:more|other|recent) (?:top )?(?:stories|posts|articles)|up next|watch next|"
        r"keep reading|recent posts|also on .{1,40}|(?:see|view) (?:also|more)|"
        r"in case you missed it|more to explore|explore more|more like this|"
        r"(?:related|similar) (?:to this|items)|next up|elsewhere on .{1,40}|"
        r"(?:more|latest) in .{1,40}|explore further|more information|learn more)"
    ),
    "comments": (
        r"(?:comments?(?: \(\d+\))?|\d+ comments?|(?:view|show|read|load|see|hide)(?: all)?"
        r"(?: \d+)? comments?|leave a (?:comment|reply)|post a comment|add a comment|"
        r"join the (?:conversation|discussion)|discussion|conversation|"
        r"comment on this (?:story|article|post)|blog comments powered by disqus|"
        r"comments (?:are|have been) closed\.?|have your say|write a comment|"
        r"commenting (?:is|has been) (?:closed|disabled).{0,60}|reader comments|"
        r"(?:\d+ )?responses?(?: to .{1,80})?|what do you think\??|comments policy)"
    ),
    "app": (
        r"(?:download(?: our| the)?(?: free)?(?: \w+)? app(?: now| today)?|get the (?:\w+ )?app|"
        r"get started now:? download the app)"
    ),
    "tags": (
        r"(?:tags?|topics?|filed under|categories|category|keywords|hashtags|more on)\s*:.{0,200}"
        r"|(?:tags|topics|hashtags)"
    ),
    "share": r"(?:share (?:this|the) (?:article|story|post|page)|share this:?|spread the word)",
    "sources": r"(?:our )?(?:sources|references|bibliography|footnotes)",
    "footer": (
        r"(?:about us|(?:how to )?contact us|privacy policy|terms of (?:use|service)|"
        r"terms (?:&|and) conditions|cookie policy|all rights reserved\.?)"
    ),
}

_END = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _END_PATTERNS.items()),
    re.IGNORECASE,
)
_MORE_FROM = re.compile(r"(?:More|MORE)(?: (?:[A-Z][\w'’&.-]*|&|of|on|from|the)){1,5}")
""""More Washington Examiner", "More Sports": a section's teaser list (case matters)."""
_ABOUT = re.compile(
    r"(?:About(?: the)?|Über|Sobre|À propos de|Acerca de|Informazioni su|Over) "
    r"(?:[A-Z][\w'’&.-]*)(?: (?:[A-Z][\w'’&.-]*|&|of|the|de|da|van|von)){0,4}"
)
""""About Ascom", "About the Author": the boilerplate paragraph closing a release or a post."""
_ABOUT_STARTS = ("About", "Über", "Sobre", "À propos", "Acerca", "Informazioni", "Over")
_THOUGHTS = re.compile(
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:thoughts?|responses?|"
    r"repl(?:y|ies)|comments?|reactions?) (?:on|to) .{1,200}",
    re.IGNORECASE,
)
"""WordPress opens its comment thread with "10 thoughts on “Title”"."""
_NUMBER_WORDS = tuple(f"{w} " for w in "one two three four five six seven eight nine ten".split())


def _thoughts(line: str) -> bool:
    if not (line[:1].isdigit() or line.lower().startswith(_NUMBER_WORDS)):
        return False
    return _THOUGHTS.fullmatch(line) is not None


_NEWSLETTER = re.compile(
    r"\b(?:newsletters?|unsubscribe|activation link|subscribed|subscription|"
    r"subscribe(?: now| today| here)?|sign(?:ing)? up|inbox)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|our|us|we)\b|^(?:subscribe|sign up|get|join|stay)\b")
_TRIM = " \t:.!›»>|•·-–—*#▶►▼→"


def furniture_reason(line: str) -> str | None:
    """Why a single line (or paragraph) is furniture on its own, or None if it may be text.

    Only whole-line matches count, and long prose is never furniture here: a line of more
    than 700 characters is left to the paragraph classifier.
    """
    return furniture_reason_normalised(normalise_line(line))


def furniture_reason_normalised(line: str, *, end_markers: bool = True) -> str | None:
    """`furniture_reason` for a line already passed through `normalise_line` (no copy);
    ``end_markers=False`` skips the end-marker lexicon for a caller that asked it already."""
    if not line:
        return "empty"
    if len(line) > 700:
        return None
    if is_date_line(line):
        return "date"
    match = _SHORT_FURNITURE.fullmatch(line) if len(line) <= _SHORT_LINE else None
    if match is not None:
        reason = match.lastgroup or "furniture"
        if reason == "byline" and not _looks_like_byline(line):
            return None
        return reason.replace("_", "-")
    low = line.lower()
    if len(line) <= 200 and _NEWSLETTER.search(low) and _SECOND_PERSON.search(low):
        return "newsletter"
    if len(line) <= 120 and ("click here" in low or "clicking here" in low):
        return "widget"
    if "/" in line and len(line) <= 80 and _PHOTO_CREDIT_NAME.fullmatch(line):
        return "photo-credit"
    if line.isupper() and len(line.split()) >= LOUD_LINK_WORDS and len(line) <= 200:
        if not line.endswith(("?", ":")) and not _DIGIT.search(line):
            return "related-link"
    long_reason = _long_reason(line, low)
    if long_reason is not None:
        return long_reason.replace("_", "-")
    if end_markers and (marker := end_marker_reason_normalised(line)):
        return marker
    return _dateline_reason(line)


def end_marker_reason(line: str) -> str | None:
    """``end-marker:<kind>`` when the line opens the page's tail (related links, comments, app
    promotion, tags, share bar, footer), else None."""
    return end_marker_reason_normalised(normalise_line(line))


def end_marker_reason_normalised(line: str) -> str | None:
    """`end_marker_reason` for a line already passed through `normalise_line`."""
    if len(line) > 90:
        return "end-marker:comments" if len(line) < 250 and _thoughts(line) else None
    line = line.strip(_TRIM)
    if not line or len(line) > 80:
        return None
    match = _END.fullmatch(line)
    if match is None:
        if line.startswith(("More", "MORE")) and _MORE_FROM.fullmatch(line):
            return "end-marker:related"
        if line.startswith(_ABOUT_STARTS) and _ABOUT.fullmatch(line):
            return "end-marker:about"
        return "end-marker:comments" if _thoughts(line) else None
    return f"end-marker:{match.lastgroup}"


_DATELINE = re.compile(
    r"[A-Z][A-Z.'’\- ]{1,30}(?:/[A-Z][A-Z.'’\- ]{1,30}){0,4}"
    r"(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})?"
    r"(?:,?\s*(?:" + _MONTH + r")\s*\d{1,2})?"
    r"(?:\s*\([\w .&-]{2,40}\))?\s*[-—–:]*"
)


def _dateline_reason(line: str) -> str | None:
    """An all-capitals place name standing alone ("MOSCOW", "NEW YORK/KYIV (Reuters) -")."""
    if len(line) > 90 or not _DATELINE.fullmatch(line):
        return None
    letters = [c for c in line.split("(")[0] if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None
    words = line.split("(")[0].replace("/", " ").split()
    return "dateline" if len(words) <= 5 else None


def _looks_like_byline(line: str) -> bool:
    """ "By" lines are bylines only when a capitalised name follows and no sentence does."""
    match = _BYLINE_NAME.match(line)
    if match is None:
        return line.strip().lower() in {"by", "von", "par", "por"}
    words = match.group("rest").split()
    if not words or len(words) > 14 or not words[0][:1].isupper():
        return False
    lower = [w for w in words if w[:1].islower() and w not in _NAME_PARTICLES]
    return len(lower) <= 1


_NAME_PARTICLES = frozenset(
    "and de del der den di da van von la le du dos das bin al el y of the in for at on a.m. "
    "p.m. am pm".split()
)
