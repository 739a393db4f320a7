"""Find mentions: gazetteer names, adjectives and seats of power, people
introduced by titles or known given names, organisations by head nouns, and
short names that refer back to a full name seen earlier.

Everything here is driven by the lexicon; the code knows no names.
"""

from __future__ import annotations

import itertools
from collections.abc import Container
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..text import normalize, strip_diacritics
from .tokens import TextView, Tok, key_starts, next_start
from .tokens import longest_match as _longest

__all__ = ["MentionSpan", "MentionSet", "TitleLink", "find_mentions"]

# Tokens that join parts of one Arabic or transliterated name.
_MAX_NAME = 5
_HEAD_ROLES = frozenset(
    {"head_of_state", "head_of_government", "leader", "commander", "speaker", "secretary_general", "intelligence_chief"}
)


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """A mention over tokens ``[tok_start, tok_end)`` and characters ``[start, end)``."""

    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    type: str
    cands: tuple[str, ...]  # gazetteer ids, best first; () when not in a gazetteer
    kind: str  # name | adjective | seat | title | given-name | surname | org-head
    key: str = ""  # normalised name, the identity key for non-gazetteer mentions


@dataclass(frozen=True, slots=True)
class TitleLink:
    """A title tied to a person: ``person`` (mention index) ``relation`` the target.

    ``target`` is ("mention", index) for a named organisation or state,
    ("country", id) for a nationality adjective, or ("ministry", "<country id>|<portfolio>")
    for a minister's portfolio.
    """

    person: int
    relation: str
    target: tuple[str, str]
    tok_start: int
    tok_end: int
    kind: str


@dataclass(frozen=True, slots=True)
class MentionSet:
    spans: tuple[MentionSpan, ...]
    titles: tuple[TitleLink, ...]
    # ministry phrases found in the text: "<country id>|<portfolio>" -> mention index
    ministries: tuple[tuple[str, int], ...] = ()


def _span(view: TextView, a: int, b: int, type_: str, cands: tuple[str, ...], kind: str) -> MentionSpan:
    toks = view.toks
    start = toks[a].core_start
    end = toks[b - 1].end
    text = view.text[start:end]
    key = " ".join(t.norm for t in toks[a:b])
    return MentionSpan(a, b, start, end, text, type_, cands, kind, key)


class _Finder:
    def __init__(self, view: TextView, lex: Lexicon) -> None:
        self.view = view
        self.lex = lex
        self.toks = view.toks
        n = len(view.toks)
        self.owner: list[int] = [-1] * n  # token -> index in self.spans
        self.spans: list[MentionSpan] = []
        self.titles: list[TitleLink] = []
        self.ministries: dict[str, int] = {}
        self.gaz_at: dict[int, tuple[int, tuple[tuple[str, str], ...]]] = {s: (e, c) for s, e, c in view.gazetteer}
        self.mentioned_countries: set[str] = set()
        self.joiners = lex.wordset("name_joiners")
        self.generic_org_heads = lex.wordset("generic_org_heads")
        self.forces = lex.wordset("forces")
        self.roles: list[tuple[int, tuple[str, str], str]] = []  # (span, office key, title form)
        self.norms = [t.norm for t in view.toks]

    # ---------------------------------------------------------------- helpers
    def where(self, words: Container[str]) -> list[int]:
        """Tokens whose norm is one of *words*."""
        return list(itertools.compress(range(len(self.norms)), map(words.__contains__, self.norms)))

    def sent_end(self, i: int) -> int:
        return self.view.sents[self.toks[i].sent].tok_end

    def add(self, span: MentionSpan) -> int:
        idx = len(self.spans)
        self.spans.append(span)
        for j in range(span.tok_start, span.tok_end):
            self.owner[j] = idx
        return idx

    def free(self, a: int, b: int) -> bool:
        return all(self.owner[j] < 0 for j in range(a, b))

    def is_name_token(self, t: Tok, *, strict: bool = True) -> bool:
        if t.is_punct or not any(c.isalpha() for c in t.text) or len(t.norm) < 2:
            return False
        if _TANWEEN.intersection(t.text):
            return False  # مصافحاً، رسمياً: an indefinite noun or adverb, never a name
        lex = self.lex
        n = t.norm
        if n in self.joiners:
            return True
        if n in lex.stopwords or t.clitic in ("و", "ف") and t.clitic + n in lex.stopwords:
            return False
        if (n,) in lex.titles or (n,) in lex.triggers or (n,) in lex.cues or (n,) in lex.org_heads:
            return False
        if (n,) in lex.portfolios or (n,) in lex.months:
            return False
        if t.text[:1].isdigit():
            return False
        common = lex.common_words if strict else lex.very_common_words
        if n in common:
            return False
        if n[:1] in ("و", "ف") and n not in lex.given_names and (n[1:] in common or n[1:] in lex.stopwords):
            return False
        return strip_diacritics(t.text) not in lex.stopwords_raw

    def is_complement_token(self, t: Tok) -> bool:
        """A word that may continue an organisation's name (ordinary words allowed, function words not)."""
        if t.is_punct or not any(c.isalpha() for c in t.text) or len(t.norm) < 2:
            return False
        lex, n = self.lex, t.norm
        if n in lex.stopwords or strip_diacritics(t.text) in lex.stopwords_raw:
            return False
        return not ((n,) in lex.titles or (n,) in lex.triggers or (n,) in lex.cues or (n,) in lex.months)

    def name_continues(self, toks: tuple[Tok, ...], start: int, k: int) -> bool:
        """Is token *k* part of the name that starts at *start*? After بن / ابن / أبو / آل any word is."""
        t = toks[k]
        if k > start and self._coordinated(t):
            return False
        # after a known given name a rarer ordinary word may be a family name (خالد العبيدي)
        strict = not (k > start and toks[start].norm in self.lex.given_names)
        if self.is_name_token(t, strict=strict):
            return True
        if k > start and toks[k - 1].norm in self.joiners and not t.is_punct and t.norm not in self.lex.stopwords:
            return any(c.isalpha() for c in t.text)
        return False

    def _coordinated(self, t: Tok) -> bool:
        """A word that starts a new phrase with و although the normaliser kept the و.

        ``ودايفيد شانكر`` (a given name after و), ``والمكنى``, ``والصحافية`` (the article after
        و): not the rest of a name, where ``وولستروم`` or ``وودوورد`` is.
        """
        n, lex = t.norm, self.lex
        if t.clitic or n[:1] != "و" or len(n) < 4 or n in self.joiners or n in lex.given_names:
            return False
        rest = n[1:]
        return rest.startswith("ال") or rest in lex.given_names or rest in lex.common_words or rest in lex.stopwords

    def _common_small_place(self, norm: str, cands: tuple[tuple[str, str], ...]) -> bool:
        if norm not in self.lex.very_common_words:
            return False
        for eid, kind in cands:
            ent = self.lex.entries.get(eid)
            if ent is None or ent.type != "Location" or ent.subtype == "Country" or kind != "name":
                return False
            if ent.population >= 500_000 or ent.subtype == "Region":
                return False
        return True

    def best_candidate(self, cands: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
        """Order ambiguous gazetteer ids: a place in a country the text names wins, then population."""
        lex = self.lex

        def score(c: tuple[str, str]) -> tuple[int, int, int]:
            e = lex.entries.get(c[0])
            if e is None:
                return (0, 0, 0)
            in_ctx = 1 if e.country and e.country in self.mentioned_countries else 0
            is_country = 1 if e.subtype == "Country" else 0
            return (in_ctx, is_country, e.population)

        ordered = sorted(cands, key=score, reverse=True)
        return tuple(dict.fromkeys(c[0] for c in ordered))

    # ---------------------------------------------------------------- passes
    def gazetteer(self) -> None:
        lex = self.lex
        for _s, _e, cands in self.view.gazetteer:
            for eid, kind in cands:
                ent = lex.entries.get(eid)
                if ent is not None and ent.subtype == "Country" and kind == "name":
                    self.mentioned_countries.add(eid)
        for s, e, cands in self.view.gazetteer:
            if e - s == 1 and (
                self._common_small_place(self.toks[s].norm, cands)
                or self.toks[s].norm in self.lex.stopwords
                or strip_diacritics(self.toks[s].text) in self.lex.stopwords_raw
            ):
                continue  # بيان، إطار، وأن: an ordinary word that is also a small town's name
            ids = self.best_candidate(cands)
            first = lex.entries[ids[0]]
            kinds = {k for _, k in cands}
            kind = "name" if "name" in kinds else ("seat" if "seat" in kinds else "adjective")
            self.add(_span(self.view, s, e, first.type, ids, kind))

    def first_names(self) -> None:
        """A known surname after a first name: the same person, or somebody else.

        ``جاستين ترودو`` where the gazetteer spells ``جاستن ترودو``: the first name, written
        another way, joins the name. ``مايكل جونسون`` where the gazetteer's ``جونسون`` is
        Boris Johnson: another given name makes another person.
        """
        toks, lex = self.toks, self.lex
        for idx, sp in enumerate(list(self.spans)):
            if sp.type != "Person" or sp.tok_end - sp.tok_start != 1 or not sp.cands or sp.kind != "name":
                continue
            p = sp.tok_start - 1
            if p < 0 or self.owner[p] >= 0 or toks[p].sent != toks[sp.tok_start].sent or toks[p].clitic:
                continue
            if toks[sp.tok_start].clitic[:1] in ("و", "ف"):
                continue  # كير ومشار: two people
            if strip_diacritics(toks[p].text) in lex.stopwords_raw:
                continue  # على الأسد: a preposition, not the given name علي
            q = p - 1
            if (
                q >= 0
                and toks[q].sent == toks[p].sent
                and self.owner[q] < 0
                and (toks[q].norm in self.joiners or toks[q].norm in lex.given_names)
            ):
                continue  # a longer name (سعيد أبو بكر الحريري): the later passes read it whole
            ent = lex.entries.get(sp.cands[0])
            if ent is None:
                continue
            surname = toks[sp.tok_start].norm
            # every name before the surname: رجب and طيب of رجب طيب أردوغان
            firsts = {
                w for _lg, name in ent.names if (parts := normalize(name).split())[-1:] == [surname] for w in parts[:-1]
            }
            if not firsts:
                continue
            given = toks[p].norm
            if _skeleton(given) in {_skeleton(f) for f in firsts}:
                self._drop(idx)
                self.add(_span(self.view, p, sp.tok_end, sp.type, sp.cands, sp.kind))
            elif given in lex.given_names and given not in lex.wordset("noun_given_names"):
                # another person with that surname: the given name and the surname, no more
                self._drop(idx)
                self.add(_span(self.view, p, sp.tok_end, "Person", (), "given-name"))

    def titles_and_people(self) -> None:
        """People after (or before) titles; the title's relation to its organisation."""
        toks, lex = self.toks, self.lex
        # only where a title may start: at any other token the scan just steps on
        starts = key_starts(lex.titles, self.norms)
        i = 0
        while (found := next_start(starts, i)) is not None:
            i = found
            if self.owner[i] >= 0 and self.spans[self.owner[i]].kind != "adjective":
                i += 1
                continue
            tl = _longest(lex.titles, toks, i, self.sent_end(i), lex.max_phrase_len)
            if not tl:
                i += 1
                continue
            title = lex.titles[tuple(t.norm for t in toks[i : i + tl])]
            j = i + tl
            end = self.sent_end(i)
            target: tuple[str, str] | None = None
            portfolio: str | None = None
            # portfolio after a minister title: وزير الدفاع
            if title.kind == "minister" and j < end:
                pl = _longest(lex.portfolios, toks, j, end, 3)
                if pl:
                    portfolio = lex.portfolios[tuple(t.norm for t in toks[j : j + pl])][1]
                    j += pl
            # a named organisation or state after the title (رئيس حكومة الوفاق، أمير قطر)
            if j < end and self.owner[j] >= 0:
                sp = self.spans[self.owner[j]]
                if sp.tok_start == j and sp.type in ("Organization", "Location") and sp.kind != "adjective":
                    if title.kind != "rank":
                        target = ("mention", str(self.owner[j]))
                    j = sp.tok_end
            # nationality adjectives (الروسي) — possibly several words later
            k = j
            while k < end and self.owner[k] >= 0 and self.spans[self.owner[k]].kind == "adjective":
                sp = self.spans[self.owner[k]]
                if title.kind != "rank" and target is None:
                    cid = sp.cands[0]
                    target = ("ministry", f"{cid}|{portfolio}") if portfolio else ("country", cid)
                elif title.kind == "minister" and portfolio and target and target[0] == "entity":
                    pass
                k = sp.tok_end
            j = k
            # a portfolio after the nationality: وزير الدولة الإماراتي للشؤون الخارجية
            pl = _longest(lex.portfolios, toks, j, end, 3) if j < end else 0
            if pl:
                j += pl
            # "الباحث في مركز X في موسكو، ألكسندر ...": skip a location and a comma
            if j + 1 < end and toks[j].norm == "في" and self.owner[j + 1] >= 0:
                sp = self.spans[self.owner[j + 1]]
                if sp.type == "Location" and sp.tok_start == j + 1:
                    j = sp.tok_end
            if j < end and toks[j].text in ("،", ","):
                j += 1
            # further ranks or titles: نائب وزير الدفاع الروسي الفريق ...
            while j < end:
                if self.owner[j] >= 0 and self.spans[self.owner[j]].kind != "adjective":
                    break
                rl = _longest(lex.titles, toks, j, end, lex.max_phrase_len)
                if not rl or toks[j].clitic or lex.titles[tuple(t.norm for t in toks[j : j + rl])].kind != "rank":
                    break
                j += rl
                while j < end and self.owner[j] >= 0 and self.spans[self.owner[j]].kind == "adjective":
                    j = self.spans[self.owner[j]].tok_end
            if j < end and self.owner[j] < 0 and toks[j].norm in ("الشيخ", "الامير"):
                j += 1
            person = self._person_at(j, end, field=title.form.endswith(" في"))
            if person is None:
                # the name may stand before the title: "حيدر العبادي رئيس الوزراء"
                p = i - 1
                if p >= 0 and toks[p].text in ("،", ","):
                    p -= 1
                if p >= 0 and self.owner[p] >= 0 and self.spans[self.owner[p]].type == "Person":
                    person = self.owner[p]
                elif p >= 0 and title.kind != "rank" and (target is not None or title.kind == "minister"):
                    person = self._person_before(p)
            relation = title.relation
            if person is not None and target is None and title.kind in ("head", "member", "minister"):
                target = self._known_office(person, "memberOf" if title.kind == "minister" else title.relation)
                if title.kind == "minister" and target is not None:
                    # a minister of a state the text does not name serves it (its ministry when named)
                    relation = "memberOf"
                    if portfolio and target[0] == "entity":
                        target = ("ministry", f"{target[1]}|{portfolio}")
            target_span = int(target[1]) if target is not None and target[0] == "mention" else -1
            if (
                person is None
                and target is not None
                and title.kind != "rank"
                and all(
                    self.owner[q] < 0 or self.owner[q] == target_span or self.spans[self.owner[q]].kind == "adjective"
                    for q in range(i, j)
                )
            ):
                # a title with no name (ولي العهد السعودي سيجري، زيارة مدير المخابرات المصرية): the holder named elsewhere
                key = self._target_key(target)
                for q in range(i, j):
                    if self.owner[q] >= 0:
                        self._drop(self.owner[q])
                self.roles.append((self.add(_span(self.view, i, j, "Person", (), "role")), key, title.form))
            if title.kind == "minister" and target is not None and target[0] == "mention" and relation == "leads":
                relation = "memberOf"  # وزيرة خارجية الاتحاد الأوروبي: a minister of a state or union serves it
            if person is not None:
                if target is not None and relation != "-":
                    self.titles.append(TitleLink(person, relation, target, i, j, title.kind))
                else:
                    # no organisation named: keep the title's span so it joins its person
                    self.titles.append(TitleLink(person, "-", ("none", ""), i, j, title.kind))
            i = max(i + 1, j if person is None else self.spans[person].tok_end)

    def _person_at(self, j: int, end: int, *, field: bool = False) -> int | None:
        """A person mention starting at token *j*: a known one or a new name."""
        toks = self.toks
        if j >= end:
            return None
        if self.owner[j] >= 0:
            sp = self.spans[self.owner[j]]
            return self.owner[j] if sp.type == "Person" and sp.tok_start == j else None
        # a field or modifier may stand between title and name (الباحث في العلوم السياسية ألكسي ...)
        if field and toks[j].norm not in self.lex.given_names:
            for g in range(j + 1, min(end, j + 4)):
                if self.owner[g] >= 0 or toks[g].is_punct or toks[g].clitic:
                    break
                if toks[g].norm in self.lex.given_names and g + 1 < end and self.is_name_token(toks[g + 1]):
                    j = g
                    break
        k = j
        while k < end and k - j < _MAX_NAME and self.owner[k] < 0 and self.name_continues(toks, j, k):
            if k > j and toks[k].clitic in ("و", "ف"):
                break
            k += 1
        if k == j:
            return None
        # a name does not end on a joiner
        while k > j and toks[k - 1].norm in self.joiners:
            k -= 1
        if k == j:
            return None
        return self.add(_span(self.view, j, k, "Person", (), "title"))

    def _person_before(self, p: int) -> int | None:
        """An unknown name ending at token *p* (``قال ستيف وارن المتحدث باسم ...``)."""
        toks = self.toks
        lo = self.view.sents[toks[p].sent].tok_start
        k = p
        while k >= lo and p - k < _MAX_NAME and self.owner[k] < 0:
            t = toks[k]
            if (t.clitic == "و" and t.norm in self.lex.given_names) or (
                t.norm[:1] == "و" and t.norm[1:] in self.lex.given_names
            ):
                k -= 1  # "وسليم الجبوري": the conjunction, then the given name
                break
            if not self.is_name_token(t, strict=False) or t.clitic:
                break
            k -= 1
        start = k + 1
        first = toks[start].norm
        if first[:1] == "و" and first[1:] in self.lex.given_names:
            first = first[1:]
        if p - start + 1 < 2 or first not in self.lex.given_names:
            return None
        sp = _span(self.view, start, p + 1, "Person", (), "title")
        if toks[start].norm != first:
            # drop the conjunction from the name's text and key
            text = sp.text[1:] if sp.text[:1] == "و" else sp.text
            sp = MentionSpan(
                sp.tok_start,
                sp.tok_end,
                sp.start + (len(sp.text) - len(text)),
                sp.end,
                text,
                sp.type,
                (),
                "title",
                " ".join([first] + sp.key.split()[1:]),
            )
        return self.add(sp)

    def _known_office(self, person: int, relation: str) -> tuple[str, str] | None:
        """A title with no organisation named (رئيس الوزراء، المتحدث): the office the gazetteer knows."""
        sp = self.spans[person]
        ent = self.lex.entries.get(sp.cands[0]) if sp.cands else None
        if ent is None:
            return None
        for role, of in ent.roles:
            if (role in _HEAD_ROLES) == (relation == "leads"):
                return ("entity", of)
        return None

    def given_names(self) -> None:
        toks, lex = self.toks, self.lex
        for i in self.where(lex.given_names):
            t = toks[i]
            if self.owner[i] >= 0 or t.norm not in lex.given_names or t.clitic in ("ب",):
                continue
            if strip_diacritics(t.text) in lex.stopwords_raw or (t.norm,) in lex.titles:
                continue
            if t.norm.startswith("ال") and t.norm[2:] in lex.given_names:
                # البشير، الأمين: a definite common noun or a family name, not a given name
                continue
            end = self.sent_end(i)
            k = i + 1
            while k < end and k - i < _MAX_NAME and self.owner[k] < 0 and self.name_continues(toks, i, k):
                if toks[k].clitic in ("و", "ف"):
                    break
                k += 1
            while k > i + 1 and toks[k - 1].norm in self.joiners:
                k -= 1
            if k - i >= 2:
                self.add(_span(self.view, i, k, "Person", (), "given-name"))

    def org_heads(self) -> None:
        """``وزارة الدفاع الروسية``, ``مركز تحليل ...``: head noun and complement."""
        toks, lex = self.toks, self.lex
        # only where a head noun may start: at any other token the scan just steps on
        starts = key_starts(lex.org_heads, self.norms)
        i = 0
        while (found := next_start(starts, i)) is not None:
            i = found
            if self.owner[i] >= 0:
                i += 1
                continue
            hl = _longest(lex.org_heads, toks, i, self.sent_end(i), 3)
            if not hl:
                i += 1
                continue
            end = self.sent_end(i)
            j = i + hl
            head_norm = tuple(t.norm for t in toks[i:j])
            portfolio = None
            pl = _longest(lex.portfolios, toks, j, end, 3) if j < end else 0
            if pl:
                portfolio = lex.portfolios[tuple(t.norm for t in toks[j : j + pl])][1]
                j += pl
            country = None
            j_adj = j
            # up to two modifiers before a nationality adjective: المخابرات العامة المصرية
            for m in range(0, 3):
                q = j + m
                if q >= end:
                    break
                if self.owner[q] >= 0 and self.spans[self.owner[q]].kind == "adjective":
                    sp = self.spans[self.owner[q]]
                    country = sp.cands[0]
                    j_adj = sp.tok_end
                    break
                if self.owner[q] >= 0 or not self.is_complement_token(toks[q]) or toks[q].clitic:
                    break
            if country and j_adj > j + 1 and not portfolio:
                j = j_adj - (self.spans[self.owner[j_adj - 1]].tok_end - self.spans[self.owner[j_adj - 1]].tok_start)
                self._drop(self.owner[j])
                self.add(_span(self.view, i, j_adj, "Organization", (), "org-head"))
                i = j_adj
                continue
            if portfolio and head_norm[0].startswith("وزار"):
                if country:
                    # replace the adjective mention by the ministry
                    self._drop(self.owner[j])
                    idx = self.add(_span(self.view, i, j_adj, "Organization", (), "org-head"))
                    self.ministries.setdefault(f"{country}|{portfolio}", idx)
                    i = j_adj
                    continue
                i = j
                continue
            # a head noun followed by a known person: قوات حفتر -> forces of that person
            jp = j
            while jp < end and self.owner[jp] < 0:
                rl = _longest(lex.titles, toks, jp, end, lex.max_phrase_len)
                if not rl or lex.titles[tuple(t.norm for t in toks[jp : jp + rl])].kind != "rank":
                    break
                jp += rl
            if jp > j and jp < end and self.owner[jp] >= 0 and self.spans[self.owner[jp]].type == "Person":
                j = jp
            if j < end and self.owner[j] >= 0 and self.spans[self.owner[j]].kind != "adjective":
                sp = self.spans[self.owner[j]]
                if sp.type == "Person" and sp.tok_start == j and head_norm[-1] in self.forces:
                    self._merge_into(i, sp)
                    i = sp.tok_end
                    continue
                if sp.type == "Location" and sp.tok_start == j and head_norm[-1] in self.forces and not portfolio:
                    # قوات الشرق الليبي، جيش جنوب السودان: the forces of a place
                    k = sp.tok_end
                    if k < end and self.owner[k] >= 0 and self.spans[self.owner[k]].kind == "adjective":
                        self._drop(self.owner[k])
                        k += 1
                    self._drop(self.owner[j])
                    self.add(_span(self.view, i, k, "Organization", (), "org-head"))
                    i = k
                    continue
                i = j
                continue
            # a head noun + adjective: القوات العراقية (the Iraqi forces)
            if country and j == i + hl:
                if head_norm[-1] in (
                    "القوات",
                    "قوات",
                    "الجيش",
                    "الحكومه",
                    "السفاره",
                    "المخابرات",
                    "الشرطه",
                    "البرلمان",
                ):
                    self._drop(self.owner[j])
                    self.add(_span(self.view, i, j_adj, "Organization", (), "org-head"))
                    i = j_adj
                    continue
            # an unknown organisation: head noun + up to 4 content words
            if head_norm[-1] in self.generic_org_heads and not (
                j < end and toks[j].norm[2:] in {n[2:] if n.startswith("ال") else n for n in lex.place_nouns}
            ):
                k = j
                while k < end and k - j < 5:
                    if self.owner[k] >= 0:
                        sp = self.spans[self.owner[k]]
                        # a region inside the name: مركز تحليل صراعات الشرق الأوسط
                        if sp.type == "Location" and sp.kind == "name" and k > j and sp.tok_start == k:
                            k = sp.tok_end
                            continue
                        break
                    if not self.is_complement_token(toks[k]) or toks[k].clitic in ("و", "ف", "ب", "ل"):
                        break
                    if k + 1 < end and toks[k + 1].norm in ("به", "بها", "بهم", "فيه", "فيها", "عليه", "عليها"):
                        break  # "مجلس النواب المعترف به": a participle with its pronoun ends the name
                    k += 1
                if k - j >= 1 and not head_norm[-1].startswith("ال"):
                    if k < end and self.owner[k] >= 0 and self.spans[self.owner[k]].kind == "adjective":
                        ak = self.spans[self.owner[k]].tok_end
                        self._drop(self.owner[k])
                        k = ak
                    for q in range(j, k):
                        if self.owner[q] >= 0:
                            self._drop(self.owner[q])
                    self.add(_span(self.view, i, k, "Organization", (), "org-head"))
                    i = k
                    continue
            i = j

    def _drop(self, idx: int) -> None:
        sp = self.spans[idx]
        for j in range(sp.tok_start, sp.tok_end):
            if self.owner[j] == idx:
                self.owner[j] = -1
        self.spans[idx] = MentionSpan(sp.tok_start, sp.tok_start, sp.start, sp.start, "", "", (), "dropped")

    def _merge_into(self, i: int, person: MentionSpan) -> None:
        """``قوات (المشير) حفتر``: the forces of a person; a gazetteer name of them wins."""
        idx = self.spans.index(person)
        self._drop(idx)
        head = tuple(t.norm for t in self.toks[i : i + 1])
        cands: tuple[str, ...] = ()
        for name_toks in ((person.key.split()[-1],), tuple(person.key.split())):
            hits = self.lex.lookup(head + name_toks)
            if hits:
                cands = tuple(dict.fromkeys(h[0] for h in hits))
                break
        if not cands and person.cands:
            # a gazetteer person: try each of the person's names
            ent = self.lex.entries.get(person.cands[0])
            for _lg, name in ent.names if ent else ():
                hits = self.lex.lookup(head + tuple(normalize(name).split()))
                if hits:
                    cands = tuple(dict.fromkeys(h[0] for h in hits))
                    break
        sp = _span(self.view, i, person.tok_end, "Organization", cands, "org-head")
        if cands:
            sp = MentionSpan(
                sp.tok_start,
                sp.tok_end,
                sp.start,
                sp.end,
                sp.text,
                self.lex.entries[cands[0]].type,
                cands,
                "name",
                sp.key,
            )
        self.add(sp)

    def anaphors(self) -> None:
        """A definite head noun alone (الوزارة، هذه الشركة، الحركة) refers to the last organisation of that kind."""
        toks, lex = self.toks, self.lex
        for i in key_starts(lex.org_heads, self.norms):
            t = toks[i]
            if self.owner[i] >= 0 or not t.norm.startswith("ال") or (t.norm,) not in lex.org_heads:
                continue
            if (
                i + 1 < len(toks)
                and not toks[i + 1].is_punct
                and self.owner[i + 1] < 0
                and self.is_name_token(toks[i + 1])
            ):
                # followed by a complement: a new name, not an anaphor (unless it is an adjective like الخاصة)
                continue
            bare = t.norm[2:]
            antecedent = None
            for sp in reversed(self.spans):
                if sp.tok_start >= i or sp.type != "Organization" or sp.kind == "dropped":
                    continue
                words = {w[2:] if w.startswith("ال") else w for w in sp.key.split()}
                names: set[str] = set()
                if sp.cands and sp.cands[0] in lex.entries:
                    for _lg, nm in lex.entries[sp.cands[0]].names:
                        names.update(w[2:] if w.startswith("ال") else w for w in normalize(nm).split())
                if bare in words or bare in names:
                    antecedent = sp
                    break
            if antecedent is None:
                continue
            sp = _span(self.view, i, i + 1, "Organization", antecedent.cands, "anaphor")
            self.add(
                MentionSpan(
                    sp.tok_start,
                    sp.tok_end,
                    sp.start,
                    sp.end,
                    sp.text,
                    sp.type,
                    antecedent.cands,
                    "anaphor",
                    antecedent.key,
                )
            )

    def surnames(self) -> None:
        """A bare family name refers back to the full name seen earlier in the article."""
        toks = self.toks
        index: dict[str, int] = {}
        ambiguous: set[str] = set()
        for idx, sp in enumerate(self.spans):
            if sp.type != "Person" or sp.tok_end - sp.tok_start < 2:
                continue
            last = toks[sp.tok_end - 1].norm
            if (
                len(last) >= 3
                and last not in self.lex.stopwords
                and (last not in self.lex.given_names or last.startswith("ال"))
            ):
                prev = index.setdefault(last, idx)
                if (
                    prev != idx
                    and self.spans[prev].key != sp.key
                    and (sp.cands or ()) != (self.spans[prev].cands or ())
                ):
                    ambiguous.add(last)  # two people of one family name: a bare surname is unclear
        for last in ambiguous:
            del index[last]
        if not index:
            return
        for i in self.where(index):
            t = toks[i]
            if self.owner[i] >= 0 or t.norm not in index:
                continue
            full = self.spans[index[t.norm]]
            self.add(_span(self.view, i, i + 1, "Person", full.cands, "surname"))

    def resolve_roles(self) -> None:
        """A role mention takes the identity of the person holding that office in the article."""
        holders: dict[tuple[tuple[str, str], str], list[int]] = {}
        for tl in self.titles:
            if tl.target[0] == "none":
                continue
            form = " ".join(t.norm for t in self.toks[tl.tok_start : tl.tok_start + 1])
            holders.setdefault((self._target_key(tl.target), form), []).append(tl.person)
        for idx, key, form in self.roles:
            sp = self.spans[idx]
            # the same office: same head word of the title and the same state or body
            head = normalize(form).split()[0] if form else ""
            people = holders.get((key, head), [])
            # the holder named nearest before the role, else after it
            before = [p for p in people if self.spans[p].tok_start < sp.tok_start]
            pick = before[-1] if before else (people[0] if people else None)
            if pick is None:
                self._drop(idx)
                continue
            holder = self.spans[pick]
            self.spans[idx] = MentionSpan(
                sp.tok_start, sp.tok_end, sp.start, sp.end, sp.text, "Person", holder.cands, "role", holder.key
            )

    def _target_key(self, target: tuple[str, str]) -> tuple[str, str]:
        if target[0] == "mention":
            sp = self.spans[int(target[1])]
            return ("id", sp.cands[0] if sp.cands else sp.key)
        if target[0] == "ministry":
            return ("ministry", target[1])
        return ("id", target[1])

    def result(self) -> MentionSet:
        keep = [s for s in self.spans if s.kind != "dropped"]
        remap = {id(s): n for n, s in enumerate(keep)}
        titles = []
        for tl in self.titles:
            sp = self.spans[tl.person]
            target = tl.target
            if target[0] == "mention":
                tsp = self.spans[int(target[1])]
                if id(tsp) not in remap:
                    continue
                target = ("mention", str(remap[id(tsp)]))
            if id(sp) in remap:
                titles.append(TitleLink(remap[id(sp)], tl.relation, target, tl.tok_start, tl.tok_end, tl.kind))
        ministries = tuple(
            (k, remap[id(self.spans[v])]) for k, v in sorted(self.ministries.items()) if id(self.spans[v]) in remap
        )
        order = sorted(range(len(keep)), key=lambda n: keep[n].tok_start)
        pos = {old: new for new, old in enumerate(order)}
        spans = tuple(keep[o] for o in order)
        titles = [
            TitleLink(
                pos[t.person],
                t.relation,
                ("mention", str(pos[int(t.target[1])])) if t.target[0] == "mention" else t.target,
                t.tok_start,
                t.tok_end,
                t.kind,
            )
            for t in titles
        ]
        ministries = tuple((k, pos[v]) for k, v in ministries)
        return MentionSet(spans, tuple(titles), ministries)


def find_mentions(view: TextView, lex: Lexicon) -> MentionSet:
    """All mentions of *view*, with the title links between people and organisations.

    The order of passes matters: gazetteer names first (the longest known
    name wins), then organisations by head noun (so ``وزارة الدفاع الروسية``
    is one organisation, not a ministry word and an adjective), then titles
    and the people they introduce, then given names, then short surnames.
    """
    f = _Finder(view, lex)
    f.gazetteer()
    f.first_names()
    f.org_heads()
    f.titles_and_people()
    f.given_names()
    f.surnames()
    f.anaphors()
    f.resolve_roles()
    return f.result()


def _skeleton(name: str) -> str:
    """A name without its long vowels: جاستين and جاستن, مايكل and ميكل compare equal."""
    return name.translate(_LONG_VOWELS)


_LONG_VOWELS = str.maketrans("", "", "اويى")
_TANWEEN = frozenset("\u064b\u064c\u064d")  # fathatan, dammatan, kasratan


def mention_key(text: str) -> str:
    """The normalised identity key of a non-gazetteer mention."""
    return normalize(text)
