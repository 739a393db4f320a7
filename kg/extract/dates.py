"""Event dates: explicit dates, years, weekdays and relative days, per sentence.

Month names come from ``months.tsv`` (Egyptian, Levantine and Maghrebi
names; a second name after ``/`` as in ``أغسطس/آب`` is the same month),
weekday names from ``weekdays.tsv``, and the words for yesterday, today, "the
next" weekday and a year from the ``wordsets.tsv`` of the article's language.
Weekdays and ``أمس``/``yesterday`` resolve against the publication date (a bare
weekday is the last one, or the coming one for a planned event: ``سيزور ... الأحد``);
``اليوم``/``today`` in reported speech means the article's narrative date
(the first full date in the text) when there is one.

>>> from datetime import date
>>> weekday_before(date(2023, 8, 23), 1).isoformat()   # Tuesday before Wed 23 Aug
'2023-08-22'
"""

from __future__ import annotations

import itertools
import operator
import re
from datetime import date, timedelta

from ..lexicon import Lexicon
from .tokens import TextView, first_words

__all__ = ["DateResolver", "parse_iso_date", "weekday_before"]

_YEAR_RE = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_NORM, _TEXT = operator.itemgetter(4), operator.itemgetter(3)  # Tok.norm, Tok.text
_FOUR = (4).__eq__


def parse_iso_date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) -> date; anything else -> None."""
    if not text:
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def weekday_before(ref: date, weekday: int) -> date:
    """The latest date on or before *ref* that falls on *weekday* (Monday=0)."""
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


class DateResolver:
    """Finds the date expressions of each sentence once; answers per trigger."""

    def __init__(self, view: TextView, lex: Lexicon, published: str | None) -> None:
        self.view = view
        self.lex = lex
        self.pub = parse_iso_date(published)
        self.found: dict[int, list[tuple[int, str]]] = {}
        # token of a bare weekday -> the same weekday on or after the publication date (a
        # planned event's "الأحد" / "on Sunday" is the coming one, not the last)
        self.ahead: dict[int, str] = {}
        self.narrative: str | None = None
        self._scan()

    def _num(self, k: int) -> int | None:
        toks = self.view.toks
        if 0 <= k < len(toks):
            txt = toks[k].text.translate(_DIGITS)
            if txt.isdigit():
                return int(txt)
        return None

    def _month_at(self, k: int) -> tuple[int, int] | None:
        toks = self.view.toks
        for n in (2, 1):
            key = tuple(t.norm for t in toks[k : k + n])
            if len(key) == n and key in self.lex.months:
                return self.lex.months[key], n
        return None

    def _scan(self) -> None:
        toks = self.view.toks
        pub = self.pub
        # only tokens that can start a date expression are looked at closely: a month's
        # first word, a day word, or four characters starting with a digit
        n = len(toks)
        norms = list(map(_NORM, toks))
        texts = list(map(_TEXT, toks))
        at = set(itertools.compress(range(n), map(first_words(self.lex.months).__contains__, norms)))
        lex = self.lex
        weekdays, yesterday, today = lex.weekdays, lex.wordset("yesterday"), lex.wordset("today")
        next_words, day_before, year_words = (
            lex.wordset("next_words"),
            lex.wordset("day_before"),
            lex.wordset("year_words"),
        )
        starters = frozenset(weekdays).union(yesterday, today)
        at.update(itertools.compress(range(n), map(starters.__contains__, norms)))
        at.update(k for k in itertools.compress(range(n), map(_FOUR, map(len, texts))) if texts[k][:1].isdigit())
        for k in sorted(at):
            tok = toks[k]
            found: str | None = None
            mon = self._month_at(k)
            if mon is not None:
                month, width = mon
                day = self._num(k - 1)
                j = k + width
                # skip a second month name: أغسطس/آب , يوليو (تموز)
                while j < len(toks):
                    second = self._month_at(j)
                    if second is None and toks[j].text not in ("/", "(", ")", "،"):
                        break
                    j += second[1] if second is not None else 1
                year = self._num(j)
                if year is not None and not (1900 <= year <= 2100):
                    year = None
                if year is None and pub is not None:
                    year = pub.year if month <= pub.month else pub.year - 1
                if year is not None:
                    if day is not None and 1 <= day <= 31:
                        try:
                            found = date(year, month, day).isoformat()
                        except ValueError:
                            found = None
                    else:
                        found = f"{year:04d}-{month:02d}"
            elif tok.norm in weekdays and pub is not None:
                d = weekday_before(pub, weekdays[tok.norm])
                nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
                if nxt in next_words:
                    d = d + timedelta(days=7)
                elif d < pub:
                    self.ahead[k] = (d + timedelta(days=7)).isoformat()
                found = d.isoformat()
            elif tok.norm in yesterday and pub is not None:
                back = 2 if k >= 2 and toks[k - 2].norm in day_before else 1
                found = (pub - timedelta(days=back)).isoformat()
            elif tok.norm in today and pub is not None:
                found = self.narrative or pub.isoformat()
            elif _YEAR_RE.match(tok.text) and k > 0 and toks[k - 1].norm in year_words:
                found = tok.text
            if found:
                self.found.setdefault(tok.sent, []).append((k, found))
                if self.narrative is None and len(found) == 10 and mon is not None:
                    self.narrative = found

    def date_for(self, sent: int, tok: int, *, planned: bool = False) -> str | None:
        """The date nearest to token *tok* in sentence *sent*, if the sentence has one.

        *planned*: the event is still to come, so a bare weekday is the coming one.
        """
        hits = self.found.get(sent)
        if not hits:
            return None
        k, found = min(hits, key=lambda h: (abs(h[0] - tok), h[0] > tok))
        return self.ahead.get(k, found) if planned else found
