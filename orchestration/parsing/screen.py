"""What kind of text a decoded file holds, before anyone reads it as a gazette.

Decoding says the bytes are text; it does not say they are a gazette. A saved web page, a text
whose line breaks a conversion lost, a page of English or a CSV export all decode cleanly and
would land as junk documents (a `<p>` in a title, one document of 200,000 characters). An HTML
page is turned into its text (block elements become lines, cells tabs) and marked as such; the
others are rejected with a reason that says what the file looks like.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from orchestration.parsing.decode import HAN_CHAR, RejectedFile

_TAG = re.compile(r"<(?:html|head|body|div|p|br|table|tr|td|th|span|meta|script|style|li|ul|h[1-6]|a)\b[^>]*>", re.I)
_LATIN = re.compile(r"[A-Za-z]")
_LINE = re.compile("[^\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")  # a line, as str.splitlines ends them
MIN_TAGS = 5
MIN_HAN = 50  # fewer Chinese characters than this, and many Latin letters: not a Chinese text
FLAT_MIN_CHARS = 10_000
FLAT_CHARS_PER_LINE = 5_000
CSV_MIN_LINES = 5
CSV_SHARE = 0.6


@dataclass(frozen=True)
class Screened:
    text: str
    text_format: str  # text | html


class _PageText(HTMLParser):
    """The visible text of a page: block elements end lines, table cells are tab-separated."""

    BLOCKS = frozenset(
        {"p", "div", "br", "tr", "li", "ul", "ol", "table", "section", "article", "title"}
        | {f"h{n}" for n in range(1, 7)}
    )
    HIDDEN = frozenset({"script", "style", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))

    def text(self) -> str:
        lines = ("".join(self.parts)).split("\n")
        cleaned = [re.sub(r"[ \u00a0]+", " ", line).strip(" ").strip("\t") for line in lines]
        return "\n".join(line for line in cleaned if line.strip())


def page_text(html: str) -> str:
    parser = _PageText()
    parser.feed(html)
    parser.close()
    return parser.text()


def _count_chars(char_class: re.Pattern[str], text: str, enough: int | None = None) -> int:
    """How many characters of a one-character class the text holds, counted by runs: findall
    on a 64 MB file makes millions of one-character strings, gigabytes. Counting stops at
    `enough` when the caller only asks whether there are that many."""
    runs = re.compile(f"(?:{char_class.pattern})+")
    count = 0
    for match in runs.finditer(text):
        count += match.end() - match.start()
        if enough is not None and count >= enough:
            break
    return count


def screen_text(text: str) -> Screened:
    """The text to read as a gazette, or RejectedFile saying what the file is instead."""
    if len(_TAG.findall(text[:200_000])) >= MIN_TAGS:
        return Screened(page_text(text), "html")
    found = _LINE.findall(text)
    lines = len(found) - sum(map(str.isspace, found))  # lines holding more than white space
    commas_per_line = Counter(line.count(",") for line in found if "," in line and not line.isspace())
    del found
    if len(text) >= FLAT_MIN_CHARS and lines <= len(text) / FLAT_CHARS_PER_LINE:
        raise RejectedFile(
            f"line breaks lost: {len(text):,} characters on {lines} lines; the outline and tables "
            "cannot be read (convert the source again keeping its lines)"
        )
    han = _count_chars(HAN_CHAR, text, enough=MIN_HAN)
    latin = _count_chars(_LATIN, text) if han < MIN_HAN else 0  # only a text without Chinese is counted
    if han < MIN_HAN and latin > 200:
        raise RejectedFile(f"not Chinese text: {latin} Latin letters and {han} Chinese characters")
    if lines >= CSV_MIN_LINES:
        rows = Counter({n: k for n, k in commas_per_line.items() if n >= 2}).most_common(1)
        commas, count = rows[0] if rows else (0, 0)
        if count / lines >= CSV_SHARE:
            raise RejectedFile(f"a CSV table, not gazette text: {count} of {lines} lines have {commas} commas")
    return Screened(text, "text")
