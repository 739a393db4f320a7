"""Relations from trigger words and the mentions around them (dictionary coding).

For each trigger found in a sentence (``triggers.tsv``), the argument frame
of its kind decides where the subject and the object are:

* ``V`` verb: verb-subject-object or subject-verb-object; the object may
  need a preposition (``وصل إلى``, ``اجتمع مع``).
* ``N`` verbal noun: the agent follows as a genitive or a nationality
  adjective (``زيارة تاجاني``, ``دعم روسي``), the object after a preposition.
* ``A`` participle after its subject, ``P`` passive participle (agent after
  ``من``), ``R`` ``بقيادة X`` (X leads what precedes), ``G`` ``خصوم X في Y``.

Then coordination spreads a relation over ``A و B``; a relative pronoun
sends the object back to the noun before it; a dropped subject is carried
from the sentence's first actor. Cues around the trigger set modality and
attribution; a denial or an accusation takes the relation after it as its claim.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from ..lexicon import Lexicon, TriggerEntry
from ..model import SYMMETRIC_PREDICATES, UNNAMED_SOURCE, Claim, Document, Relation
from ..text import normalize
from .dates import DateResolver
from .mentions import MentionSet
from .resolve import Resolution
from .tokens import TextView, key_starts, longest_match, next_start

__all__ = ["extract_relations"]

_TYPE_LETTER = {"Person": "P", "Organization": "O", "Location": "L", "Event": "E"}
_ANY_PREP: tuple[str | None, ...] = (
    None,
    "ب",
    "ل",
    "ك",
    "الي",
    "في",
    "مع",
    "من",
    "عن",
    "علي",
    "لدي",
    "بين",
    "ضد",
    "عبر",
    "حول",
    "تجاه",
    "نحو",
)


class _WordSets:
    """The word lists of ``wordsets.tsv`` the frames consult, fetched once per article."""

    def __init__(self, lex: Lexicon) -> None:
        self.counterparts = lex.wordset("counterparts")
        self.force_nouns = lex.wordset("force_nouns")
        self.military_groups = lex.wordset("military_groups")
        self.modals = lex.wordset("modals")
        self.subordinators = lex.wordset("subordinators")
        self.clause_breaks = lex.wordset("clause_breaks")


@dataclass(frozen=True, slots=True)
class Arg:
    m: int  # mention index
    entity: str
    type: str
    a: int  # first token
    b: int  # end token
    prep: str | None
    group: int
    kind: str
    capital_of: str | None  # a capital city that may act for its state


@dataclass(frozen=True, slots=True)
class Trig:
    a: int
    b: int
    entry: TriggerEntry
    future: bool


class _Sentence:
    """Arguments and triggers of one sentence."""

    def __init__(self, ex: _Extractor, si: int) -> None:
        self.ex = ex
        view = ex.view
        self.sent = view.sents[si]
        self.toks = view.toks
        self.args: list[Arg] = []
        self.trigs: list[Trig] = []
        self._build()

    # ------------------------------------------------------------ arguments
    def _prep_before(self, a: int) -> str | None:
        """The preposition governing the token *a* (clitic or the word before)."""
        toks, lex = self.toks, self.ex.lex
        t = toks[a]
        for c in ("ب", "ل", "ك"):
            if c in t.clitic:
                return c
        p = a - 1
        lo = self.sent.tok_start
        # a title before the name: "مع الأمين العام للأمم المتحدة أنطونيو غوتيريش"
        while p >= lo and p in self.ex.title_tokens:
            p -= 1
        if p < a - 1 and p >= lo and self.toks[p + 1].clitic:
            for c in ("ب", "ل", "ك"):
                if c in self.toks[p + 1].clitic:
                    return c
        # look through generic place nouns and group nouns: "إلى مدينة X", "مع قيادات بقوات X"
        hops = 0
        while p >= lo and hops < 4:
            pt = toks[p]
            if pt.norm in lex.prepositions:
                return pt.norm
            if pt.norm in lex.adverbs and hops < 2:
                p -= 1  # "شملت حتى الآن السعودية": adverbs between the preposition and its noun
                hops += 1
                continue
            if pt.norm in lex.place_nouns or pt.norm in lex.group_nouns:
                for c in ("ب", "ل", "ك"):
                    if c in pt.clitic:
                        return c
                p -= 1
                hops += 1
                continue
            if hops and not pt.is_punct and self.ex.owner[p] < 0 and hops < 3:
                # a modifier between a group noun and its preposition (رؤساء الأركان)
                p -= 1
                hops += 1
                continue
            break
        return None

    def _group_prep(self, a: int) -> tuple[bool, str | None]:
        """For a mention after a group noun (``وفد من X``, ``قيادات بقوات X``): the group's preposition."""
        toks, lex = self.toks, self.ex.lex
        p = a - 1
        lo = self.sent.tok_start
        steps = 0
        while p >= lo and steps < 4:
            pt = toks[p]
            if pt.norm in lex.group_nouns:
                for c in ("ب", "ل", "ك"):
                    if c in pt.clitic:
                        return True, c
                q = p - 1
                if q >= lo and toks[q].norm in lex.prepositions:
                    return True, toks[q].norm
                return True, None
            if pt.is_punct or self.ex.owner[p] >= 0:
                return False, None
            p -= 1
            steps += 1
        return False, None

    def _dateline(self) -> int:
        """End token of a dateline opening the sentence (``دبي، الإمارات (CNN)--``, ``LONDON (Reuters) -``), else start."""
        toks, ex = self.toks, self.ex
        s = self.sent
        k = s.tok_start
        places = 0
        limit = min(s.tok_end, s.tok_start + 14)
        while k < limit:
            t = toks[k]
            if ex.owner[k] >= 0 and ex.ms.spans[ex.owner[k]].type == "Location":
                places += 1
                k = ex.ms.spans[ex.owner[k]].tok_end
                continue
            if places and any(d in t.text for d in ("--", "—", "–", "-", ":")):
                return k + 1
            if (
                t.text in ("،", ",", "(", ")")
                or (t.text.isupper() and t.text.isalpha())
                or (t.text[:1].isupper() and k < limit and places and toks[k - 1].text == "(")
            ):
                k += 1
                continue
            if places and any(d in t.text for d in ("--", "—", "–", "-", ":")):
                return k + 1
            break
        return s.tok_start

    def _build(self) -> None:
        ex = self.ex
        s = self.sent
        toks = self.toks
        prev: Arg | None = None
        group = 0
        dateline = self._dateline()
        for m in ex.sent_mentions.get(s.i, ()):
            sp = ex.ms.spans[m]
            if m in ex.absorbed or sp.tok_start < dateline:
                continue
            eid = ex.res.mention_entity[m]
            etype = ex.entity_type.get(eid, sp.type)
            kind = sp.kind
            if sp.kind == "adjective":
                # adjectives act only after a verbal noun or a group noun (دعم روسي، مسؤولين سعوديين)
                p = sp.tok_start - 1
                while p >= s.tok_start and toks[p].norm in ("عسكري", "سياسي", "مالي", "عسكريا", "ماليا", "رسمي"):
                    p -= 1
                ok = p >= s.tok_start and (
                    toks[p].norm in ex.lex.group_nouns
                    or tuple([toks[p].norm]) in ex.lex.triggers
                    or toks[p].norm in ex.words.military_groups
                )
                if not ok:
                    continue
                kind = sp.kind
                if toks[p].norm in ex.words.military_groups:
                    forces = ex.forces_of(eid)
                    if forces is not None:
                        eid, etype, kind = forces, "Organization", "forces"
            prep = self._prep_before(sp.tok_start)
            in_group, gp = self._group_prep(sp.tok_start)
            if prep in ("ب", "من", "في") and in_group:
                prep = gp
            capital_of = None
            gaz = ex.lex.entries.get(eid)
            if gaz is not None and gaz.subtype != "Country" and gaz.country:
                country = ex.lex.entries.get(gaz.country)
                if country is not None and country.capital == eid:
                    capital_of = country.id
            # coordination: "A و B", "A، B و C"
            coord = False
            if prev is not None:
                gap = [toks[k] for k in range(prev.b, sp.tok_start)]
                first = toks[sp.tok_start]
                if (not gap and first.clitic.startswith("و")) or (
                    len(gap) == 1 and (gap[0].norm == "و" or (gap[0].text in ("،", ",") and prev.type == etype))
                ):
                    coord = True
                elif len(gap) == 1 and gap[0].norm in ex.lex.group_nouns and gap[0].clitic.startswith("و"):
                    coord = True
                elif (
                    gap
                    and prev.type == etype
                    and all(
                        k in ex.title_tokens
                        or toks[k].norm in ex.words.counterparts
                        or toks[k].norm[1:] in ex.words.counterparts
                        for k in range(prev.b, sp.tok_start)
                    )
                    and any(
                        toks[k].clitic.startswith("و")
                        or toks[k].norm == "و"
                        or toks[k].norm[1:] in ex.words.counterparts
                        for k in range(prev.b, sp.tok_start + 1)
                    )
                ):
                    # "حيدر العبادي رئيس الوزراء ونظيره خالد العبيدي": the title does not break the list
                    coord = True
            if coord and prev is not None:
                grp = prev.group
                if prep is None or (prep in ("ب", "ل") and first.clitic.startswith("و") and prev.prep == prep):
                    prep = prev.prep
            else:
                group += 1
                grp = group
            arg = Arg(m, eid, etype, sp.tok_start, sp.tok_end, prep, grp, kind, capital_of)
            self.args.append(arg)
            prev = arg
        # triggers: longest match, not inside a name
        lex = ex.lex
        # only where a trigger may start: at any other token the scan just steps on
        starts = ex.trigger_starts
        i = s.tok_start
        while (found := next_start(starts, i, s.tok_end)) is not None:
            i = found
            if ex.owner[i] >= 0 and ex.ms.spans[ex.owner[i]].kind != "adjective":
                i += 1
                continue
            best = longest_match(lex.triggers, toks, i, s.tok_end, lex.max_phrase_len)
            if best:
                key = tuple(t.norm for t in toks[i : i + best])
                seen_preds: set[str] = set()
                for entry in lex.triggers[key]:
                    # نفى / نفي normalise alike: one reading per predicate (the first listed)
                    if entry.predicate not in seen_preds:
                        seen_preds.add(entry.predicate)
                        self.trigs.append(Trig(i, i + best, entry, toks[i].future))
                i += best
            else:
                i += 1

    # ------------------------------------------------------------ helpers
    def group_of(self, arg: Arg) -> list[Arg]:
        return [a for a in self.args if a.group == arg.group]

    def clause_after(self, t: Trig) -> int:
        """Token where the clause after trigger *t* ends (next verb trigger or sentence end)."""
        for other in self.trigs:
            if other.a >= t.b and other.entry.kind == "V" and other.entry.predicate != t.entry.predicate:
                return other.a
        return self.sent.tok_end

    def clause_before(self, t: Trig) -> int:
        """Token where the clause before trigger *t* starts."""
        lo = self.sent.tok_start
        for k in range(t.a - 1, lo - 1, -1):
            tok = self.toks[k]
            if tok.norm in self.ex.words.clause_breaks and k > lo and self.toks[k - 1].norm in self.ex.words.modals:
                continue  # "روسيا لا تستطيع أن تدعمه": the subject stands before the modal verb
            if tok.norm in self.ex.words.clause_breaks or tok.text in ("؛", ":", "."):
                return k + 1
            if tok.norm in self.ex.lex.relatives and k < t.a - 1:
                return k + 1  # "X الذي رحب ... بزيارة": X belongs to the relative clause's verb
            for other in self.trigs:
                if other.b == k + 1 and other.entry.kind == "V" and other is not t:
                    return k + 1
        return lo

    def after(
        self, t: Trig, *, preps: tuple[str | None, ...], limit: int | None = None, skip: set[int] | None = None
    ) -> Arg | None:
        end = self.clause_after(t)
        for a in self.args:
            if a.a < t.b or a.a >= end:
                continue
            if limit is not None and self.distance(t.b, a.a) > limit:
                return None
            if skip and a.m in skip:
                continue
            prep = a.prep
            if (
                prep is not None
                and self.toks[t.b - 1].norm == prep
                and all(
                    k in self.ex.title_tokens or self.toks[k].norm in self.ex.lex.place_nouns for k in range(t.b, a.a)
                )
            ):
                prep = None  # the trigger ends with its own preposition: فرض عقوبات على (وزير العدل) X
            if prep in preps:
                return a
        return None

    def before(self, t: Trig, *, limit: int | None = None, preps: tuple[str | None, ...] = (None,)) -> Arg | None:
        lo = self.clause_before(t)
        best = None
        for a in self.args:
            if a.b <= t.a and a.a >= lo and a.prep in preps:
                best = a
        if best is not None and limit is not None and self.distance(best.b, t.a) > limit:
            return None
        if best is not None and best.kind == "adjective":
            return None
        return best

    def distance(self, x: int, y: int) -> int:
        """Tokens between *x* and *y* that are not punctuation or inside a title."""
        n = 0
        for k in range(x, y):
            tok = self.toks[k]
            if tok.is_punct or k in self.ex.title_tokens:
                continue
            n += 1
        return n

    def tight_distance(self, x: int, y: int) -> int:
        """Like :meth:`distance`, also skipping adverbs and the words that introduce another argument."""
        lex = self.ex.lex
        n = 0
        for k in range(x, y):
            tok = self.toks[k]
            if tok.is_punct or k in self.ex.title_tokens or self.ex.owner[k] >= 0:
                continue
            if tok.norm in lex.adverbs or tok.norm in lex.prepositions or tok.norm in lex.place_nouns:
                continue
            if tok.norm in lex.group_nouns and k + 1 < y:
                continue  # وصل وفد من الوزارة: the delegation stands for its sender
            n += 1
        return n

    def first_actor(self) -> Arg | None:
        """The sentence's subject when it opens the sentence (وتستخدم موسكو ...).

        A sentence opening with a subordinate clause (بينما بدأ X ...، شن Y ...) has its
        main clause after the first comma.
        """
        start = self.sent.tok_start
        if self.toks[start].norm in self.ex.words.subordinators:
            for k in range(start, self.sent.tok_end):
                if self.toks[k].text in ("،", ","):
                    start = k + 1
                    break
        for a in self.args:
            if a.a < start:
                continue
            if a.prep is None and a.kind != "adjective" and self.distance(start, a.a) <= 3:
                return a
            break
        return None


class _Extractor:
    def __init__(self, doc: Document, view: TextView, ms: MentionSet, res: Resolution, lex: Lexicon) -> None:
        self.doc = doc
        self.view = view
        self.ms = ms
        self.res = res
        self.lex = lex
        self.entity_type = {e.id: e.type for e in res.entities}
        self.subtype = {e.id: e.subtype for e in res.entities}
        self.words = _WordSets(lex)
        self._forces: dict[str, str | None] = {}
        norms = [t.norm for t in view.toks]
        # tokens where a trigger or a cue may start (elsewhere a lookup finds nothing)
        self.trigger_starts = key_starts(lex.triggers, norms)
        self.cue_starts = key_starts(lex.cues, norms)
        n = len(view.toks)
        self.owner = [-1] * n
        self.sent_mentions: dict[int, list[int]] = {}
        for idx, sp in enumerate(ms.spans):
            for k in range(sp.tok_start, sp.tok_end):
                self.owner[k] = idx
            self.sent_mentions.setdefault(view.toks[sp.tok_start].sent, []).append(idx)
        self.title_tokens: set[int] = set()
        self.absorbed: set[int] = set()
        for tl in ms.titles:
            person = ms.spans[tl.person]
            lo, hi = min(tl.tok_start, person.tok_start), max(tl.tok_end, person.tok_start)
            for k in range(lo, hi):
                if not (person.tok_start <= k < person.tok_end):
                    self.title_tokens.add(k)
                    if self.owner[k] >= 0 and self.owner[k] != tl.person:
                        self.absorbed.add(self.owner[k])
        self.dates = DateResolver(view, lex, doc.published)
        self.relations: list[Relation] = []
        self.last_subject: tuple[int, Arg] | None = None
        # person -> state they serve (for "the two sides")
        self.person_state: dict[str, str] = {}

    # ------------------------------------------------------------ output
    def emit(
        self,
        s: _Sentence,
        t: Trig,
        subj: str,
        pred: str,
        obj: str | None,
        *,
        claim: Claim | None = None,
        modality: str | None = None,
        attributed: str | None = None,
    ) -> Relation | None:
        if obj is not None and subj == obj:
            return None
        # Places other than states do not act: a city or region is never an actor.
        if not self.is_actor(subj, pred, "subject") or (obj is not None and not self.is_actor(obj, pred, "object")):
            return None
        types = self.lex.arg_types.get(pred)
        if types:
            st = _TYPE_LETTER.get(self.entity_type.get(subj, ""), "")
            if st and st not in types[0]:
                return None
            if obj is not None:
                ot = _TYPE_LETTER.get(self.entity_type.get(obj, ""), "")
                if ot and ot not in types[1]:
                    return None
        toks = self.view.toks
        sent = s.sent
        who, unnamed = (attributed, False) if attributed is not None else self.attribution(s, t, subj)
        modality = modality or self.modality(s, t)
        rel = Relation(
            doc_id=self.doc.id,
            subject=subj,
            predicate=pred,
            object=obj,
            start=sent.start,
            end=sent.end,
            trigger_start=toks[t.a].core_start,
            trigger_end=toks[t.b - 1].end,
            trigger=self.view.text[toks[t.a].core_start : toks[t.b - 1].end],
            evidence=self.view.text[sent.start : sent.end],
            # a title (kind T) states a standing role, not something that happened on a date the sentence gives
            date=None if t.entry.kind == "T" else self.dates.date_for(sent.i, t.a, planned=modality == "planned"),
            modality=modality,
            attributed_to=who,
            claim=claim,
            extra=UNNAMED_SOURCE if unnamed else (),
        )
        self.relations.append(rel)
        return rel

    def forces_of(self, country: str) -> str | None:
        """The armed forces of a state (جنود أميركيون -> the US armed forces), if the gazetteer names them."""
        if country in self._forces:
            return self._forces[country]
        found = None
        for key, cands in self.lex.names.items():
            if len(key) != 2 or key[0] != "القوات" or not key[1].startswith("ال"):
                continue
            if any(c == country and kind == "adjective" for c, kind in self.lex.names.get(key[1:], [])):
                for c, kind in cands:
                    if kind == "name" and self.lex.entries.get(c) and self.lex.entries[c].type == "Organization":
                        found = c
                        break
            if found:
                break
        self._forces[country] = found
        if found:
            self.entity_type[found] = "Organization"
        return found

    def is_actor(self, eid: str, pred: str, role: str) -> bool:
        if self.entity_type.get(eid) != "Location":
            return True
        if role == "object" and pred in ("visited", "locatedIn", "leads", "memberOf"):
            return True
        return self.subtype.get(eid) == "Country"

    # ------------------------------------------------------------ cues
    def cues_in(self, lo: int, hi: int) -> list[int]:
        """Tokens in ``[lo, hi)`` where a cue may start."""
        starts = self.cue_starts
        return starts[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]

    def _cue_before(self, s: _Sentence, t: Trig, cue: str, window: int) -> bool:
        toks, lex = self.view.toks, self.lex
        lo = max(s.sent.tok_start, t.a - window)
        for k in self.cues_in(lo, t.a):
            for n in range(1, 4):
                key = tuple(x.norm for x in toks[k : k + n])
                if lex.cues.get(key) == cue and k + n <= t.a:
                    return True
        return False

    def modality(self, s: _Sentence, t: Trig) -> str:
        if t.future or self._cue_before(s, t, "planned", 5):
            return "planned"
        if (
            self._cue_before(s, t, "negation", 2)
            or self._cue_before(s, t, "negation-wide", 6)
            or self._cue_before(s, t, "negation-clause", 12)
        ):
            return "negated"
        if self._cue_before(s, t, "hypothetical", 8):
            return "hypothetical"
        return "asserted"

    def attribution(self, s: _Sentence, t: Trig, subj: str) -> tuple[str | None, bool]:
        """Who claims it, and whether the text names them only as a source of theirs.

        The speaker of a verb of saying before the trigger, or a source after وفق;
        ``(speaker, True)`` when the speaker is given as "a source" of a party
        (مصدر حوثي, مصادر في الجيش): an unnamed source's claim, not the party's statement.
        """
        toks, lex = self.view.toks, self.lex
        lo = s.sent.tok_start
        speaker: Arg | None = None
        cue_at = lo
        for k in self.cues_in(lo, t.a):
            cue = None
            for n in (3, 2, 1):
                c = lex.cues.get(tuple(x.norm for x in toks[k : k + n]))
                if c in ("speech", "according"):
                    cue = c
                    break
            if cue is None:
                continue
            # the speaker: the first actor after the cue (VSO), or before it
            for a in s.args:
                if a.a > k and a.a < t.a and a.prep is None and a.type in ("Person", "Organization"):
                    speaker, cue_at = a, k
                    break
                if cue == "according" and a.a > k and a.a < t.a and a.type in ("Person", "Organization"):
                    speaker, cue_at = a, k
                    break
            if speaker is None:
                for a in reversed(s.args):
                    if a.b <= k and a.prep is None and a.type in ("Person", "Organization"):
                        speaker, cue_at = a, k
                        break
        if speaker is not None and self.subtype.get(speaker.entity) in lex.news_outlets:
            # "نقلت وكالة الأنباء عن الوزير": the outlet passes on the claim of the one it quotes
            quoting = lex.wordset("quote_preps")
            q = next((k for k in range(speaker.b, t.a) if toks[k].norm in quoting or toks[k].clitic in quoting), None)
            if q is not None:
                for a in s.args:
                    # the first actor after عن: a person, a body, or a state (وزير الخارجية القطري)
                    if q <= a.a < t.a and (
                        a.type in ("Person", "Organization") or self.subtype.get(a.entity) == "Country"
                    ):
                        speaker = a
                        break
        if speaker is None or speaker.entity == subj:
            return None, False
        sources = lex.wordset("source_nouns")
        # the source noun between the cue and the party ("قال مصدر في الجيش", "وفقا لمصدر حوثي"),
        # or just before a party named before the cue ("مصادر حوثية قالت")
        lo_src, hi_src = (cue_at + 1, speaker.a) if speaker.a > cue_at else (max(lo, speaker.a - 2), speaker.a)
        unnamed = any(toks[i].norm in sources for i in range(lo_src, hi_src))
        return speaker.entity, unnamed

    # ------------------------------------------------------------ frames
    def arguments(self, s: _Sentence, t: Trig) -> tuple[list[Arg], list[Arg]]:
        """Subject group and object group of trigger *t* (either may be empty)."""
        e = t.entry
        preps: tuple[str | None, ...] = tuple(None if p == "0" else p for p in e.preps)
        direct = None in preps
        subj: Arg | None = None
        obj: Arg | None = None
        toks = self.view.toks
        rel_before = t.a - 1 >= s.sent.tok_start and toks[t.a - 1].norm in self.lex.relatives
        if e.kind == "V":
            coordinated = toks[t.a].clitic.startswith("و") and t.a > s.sent.tok_start and toks[t.a - 1].is_punct
            before = None if coordinated else s.before(t, limit=3)
            after1 = s.after(t, preps=(None,), limit=10)
            after2 = None
            if after1 is not None:
                skip = {x.m for x in s.group_of(after1)}
                last = max(x.b for x in s.group_of(after1))
                cand = s.after(t, preps=(None,), limit=12, skip=skip)
                if cand is not None and s.distance(last, cand.a) <= 3:
                    after2 = cand
            suffix = self.object_suffix(t)
            if suffix or (rel_before and not direct):
                # "... X التي يقودها Y": Y does it to X (the suffix is the object); so with a
                # prepositional object, "X التي التقى بها Y". A direct verb with no suffix has the
                # relative pronoun as its subject: "هافانا التي تتهم الولايات المتحدة" (below)
                antecedent = self.antecedent(s, t) if rel_before else None
                subj = after1
                obj = antecedent
                if obj is not None and subj is not None and obj.group == subj.group:
                    obj = None
                if not rel_before:
                    # "واتهمها": the subject is carried over, the suffix stands for the last actors named
                    if subj is None:
                        subj = before or self.dropped_subject(s, t)
                    if obj is None:
                        skip = {x.group for x in s.group_of(subj)} if subj else set()
                        prior = [a for a in s.args if a.b <= t.a and a.group not in skip]
                        obj = prior[-1] if prior else None
            elif rel_before and direct and (ante := self.antecedent(s, t)) is not None:
                # "X التي تتهم Y": X does it to Y, whatever X follows ("بين واشنطن وهافانا التي")
                subj = ante
                obj = after1 if after1 is not None and s.distance(t.b, after1.a) <= 4 else None
            elif direct:
                if before is not None:
                    subj = before
                    obj = after1 if after1 is not None and s.distance(t.b, after1.a) <= 4 else None
                elif after1 is not None and after2 is not None:
                    subj, obj = after1, after2
                elif after1 is not None:
                    # one actor after the verb: its subject if it is who the text is about, else its object
                    last_subj = self.last_subject[1].entity if self.last_subject else None
                    if not coordinated and (
                        after1.entity == last_subj or (last_subj is None and s.tight_distance(t.b, after1.a) == 0)
                    ):
                        subj = after1
                    else:
                        obj = after1
                else:
                    obj = None
                if obj is None:
                    others = tuple(p for p in preps if p is not None)
                    if others:
                        obj = s.after(t, preps=others, skip={subj.m} if subj else None)
            else:
                # with a prepositional object the subject follows the verb at once (adverbs aside)
                if after1 is not None and s.tight_distance(t.b, after1.a) > 0:
                    after1 = None
                subj = after1 or before
                skip = {x.m for x in s.group_of(subj)} if subj else set()
                obj = s.after(t, preps=preps, skip=skip)
            if subj is None and not rel_before and obj is not None:
                subj = self.dropped_subject(s, t)
        elif e.kind == "N" and self.possessive(t) is not None:
            # دعمها، اجتماعه: the agent is the pronoun's antecedent
            fem = self.possessive(t) == "f"
            subj = None
            if fem:
                for a in reversed(s.args):
                    if a.b <= t.a and a.type in ("Location", "Organization"):
                        subj = a
                        break
            if subj is None:
                subj = self.dropped_subject(s, t) or s.before(t, limit=6)
            skip = {x.m for x in s.group_of(subj)} if subj else set()
            obj = s.after(t, preps=tuple(p for p in preps if p is not None) or (None,), skip=skip, limit=10)
            if obj is None:
                # "دعمه جهود الأمم المتحدة": the verbal noun takes a direct object
                obj = s.after(t, preps=(None,), skip=skip, limit=2)
        elif e.kind == "N":
            near = None
            for a in s.args:
                if (
                    a.a >= t.b
                    and a.prep is None
                    and s.distance(t.b, a.a) <= 1
                    and not any(toks[k].is_punct and k not in self.title_tokens for k in range(t.b, a.a))
                ):
                    near = a
                    break
            subj = near
            skip = {x.m for x in s.group_of(subj)} if subj else set()
            obj = s.after(t, preps=tuple(p for p in preps if p is not None) or (None,), skip=skip, limit=10)
            if obj is None and direct and subj is not None:
                if subj.kind == "adjective" and s.distance(t.b, subj.a) == 0:
                    # دعم روسي: a nationality adjective right after the noun is its agent
                    obj = s.after(t, preps=(None,), skip=skip, limit=6)
                elif not self.prep_phrase_after(s, subj.b, preps):
                    # the genitive of a transitive verbal noun is its object: دعم الإرهاب، تدريب القوات
                    subj, obj = None, subj
            if subj is None:
                subj = s.before(t, limit=6)
            if subj is None:
                subj = self.dropped_subject(s, t)
        elif e.kind == "A":
            subj = s.before(t, limit=3)
            if subj is None:
                # an adverbial participle refers to the clause's subject (... متهمين إياها)
                subj = self.dropped_subject(s, t)
            if t.b < s.sent.tok_end and toks[t.b].norm in self.lex.pronouns:
                # "إياها": the last actor before the trigger that is not the subject
                skip = {x.group for x in s.group_of(subj)} if subj else set()
                prior = [a for a in s.args if a.b <= t.a and a.group not in skip]
                obj = prior[-1] if prior else None
            else:
                obj = s.after(t, preps=preps, limit=6)
        elif e.kind == "B":
            subj = s.before(t, limit=4)
            obj = s.after(t, preps=preps, limit=4) if subj is not None else None
        elif e.kind == "P":
            obj = s.before(t, limit=3, preps=_ANY_PREP)
            subj = s.after(t, preps=preps, limit=4)
        elif e.kind == "R":
            subj = s.after(t, preps=(None,), limit=3)
            obj = s.before(t, limit=4)
        elif e.kind == "G":
            obj = s.after(t, preps=(None,), limit=1)
            if obj is not None:
                subj = s.after(t, preps=preps, limit=5, skip={obj.m})
            if subj is None:
                subj = s.before(t, limit=3)
        sg = s.group_of(subj) if subj else []
        og = s.group_of(obj) if obj else []
        if subj is not None and subj not in sg:
            sg = [subj]
        if obj is not None and obj not in og:
            og = [obj]
        # "حلفاء ترمب", "محامي الرئيس الأميركي دونالد ترمب": people around an actor are not the actor
        # (a participle describes the name it follows: "أتباع غولن المقيم في الولايات المتحدة")
        if e.kind == "A":
            return sg, og
        return [a for a in sg if not self.around(s, a)], [a for a in og if not self.around(s, a)]

    def around(self, s: _Sentence, a: Arg) -> bool:
        """Is *a* named after a noun for people around it (wordsets.tsv ``associate_nouns``)?

        Up to three tokens back (a title between: منتقدو الرئيس الروسي فلاديمير بوتين), none of
        them punctuation or a trigger.
        """
        words = self.lex.wordset("associate_nouns")
        if not words:
            return False
        toks = self.view.toks
        for k in range(a.a - 1, max(s.sent.tok_start, a.a - 4) - 1, -1):
            tok = toks[k]
            if tok.is_punct or any(tr.a <= k < tr.b for tr in s.trigs):
                return False
            if tok.norm in words:
                return True
        return False

    def prep_phrase_after(self, s: _Sentence, k: int, preps: tuple[str | None, ...]) -> bool:
        """Does a phrase with one of *preps* (an object slot) follow token *k* closely?"""
        toks = self.view.toks
        for j in range(k, min(k + 3, s.sent.tok_end)):
            if toks[j].is_punct:
                return False
            if toks[j].norm in preps or any(c in toks[j].clitic for c in ("ل",) if "ل" in preps):
                return True
        return False

    def antecedent(self, s: _Sentence, t: Trig) -> Arg | None:
        """The actor a relative pronoun before *t* refers to (it ends one or two tokens before it)."""
        found = None
        for a in s.args:
            if a.b in (t.a - 1, t.a - 2) and a.b <= t.a - 1:
                found = a
        return found

    def object_suffix(self, t: Trig) -> bool:
        """A verb carrying its object as a pronoun suffix (يدعمها، يتهمه): the noun after it is the subject."""
        if t.entry.kind != "V" or t.b - t.a != 1:
            return False
        norm = self.view.toks[t.a].norm
        for suffix in ("هما", "هم", "ها", "ه"):
            if norm.endswith(suffix) and len(norm) - len(suffix) >= 3 and (norm[: -len(suffix)],) in self.lex.triggers:
                return True
        return False

    def possessive(self, t: Trig) -> str | None:
        """``"f"`` / ``"m"`` when the verbal noun carries a possessive pronoun (دعمها / اجتماعه), else None."""
        if t.b - t.a != 1:
            return None
        norm = self.view.toks[t.a].norm
        for suffix, gender in (("هما", "m"), ("هم", "m"), ("ها", "f"), ("ه", "m")):
            if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
                base = norm[: -len(suffix)]
                for cand in (base, base[:-1] + "ه" if base.endswith("ت") else base, base.replace("ئ", "ء")):
                    if (cand,) in self.lex.triggers:
                        return gender
        return None

    def dropped_subject(self, s: _Sentence, t: Trig) -> Arg | None:
        """A subject the verb does not repeat: the antecedent of a relative pronoun before it,
        the sentence's opening actor, else the last subject."""
        toks = self.view.toks
        if t.a > s.sent.tok_start:
            prev = toks[t.a - 1]
            prev_owner = self.owner[t.a - 1]
            if prev_owner >= 0 and self.ms.spans[prev_owner].kind == "adjective" and not toks[t.a].clitic:
                return None  # "مرتزقة روس ينتمون": an unnamed group is the subject
            if (
                prev_owner < 0
                and not prev.is_punct
                and prev.norm in self.lex.common_words
                and prev.norm not in self.lex.stopwords
                and (prev.norm,) not in self.lex.cues
                and prev.norm not in self.lex.relatives
                and not toks[t.a].clitic
            ):
                return None  # "مرتزقة روس ينتمون": the verb's subject is the noun before it, no named actor
        for k in range(t.a - 1, s.sent.tok_start, -1):
            if toks[k].norm in self.lex.relatives:
                for a in s.args:
                    if a.b == k and a.prep is None:
                        return a
                break
        first = s.first_actor()
        if first is not None and first.b <= t.a:
            return first
        if self.last_subject is not None and self.last_subject[0] >= s.sent.i - 1:
            return self.last_subject[1]
        return None

    def actor(self, arg: Arg, pred: str, role: str) -> str:
        """The entity an argument stands for: a capital acting for its state."""
        if arg.capital_of and not (pred in ("visited", "locatedIn") and role == "object"):
            if arg.prep not in ("في", "الي") or role == "subject":
                return arg.capital_of
        return arg.entity

    def run(self) -> list[Relation]:
        sentences = [_Sentence(self, si) for si in range(len(self.view.sents))]
        self.title_relations(sentences)
        for si, s in enumerate(sentences):
            consumed: set[int] = set()
            for n, t in enumerate(s.trigs):
                if n in consumed:
                    continue
                pred = t.entry.predicate
                sg, og = self.arguments(s, t)
                if sg and t.entry.kind == "V" and sg[0].prep is None:
                    self.last_subject = (si, sg[0])
                if pred in ("denies", "accuses"):
                    consumed |= self.claim_relation(s, n, t, sg, og)
                    continue
                if pred == "cooperatesWith":
                    sides = self.two_sides(s, t)
                    if sides:
                        sg, og = sides
                if pred in SYMMETRIC_PREDICATES and len(og) >= 2 and og[0].prep == "بين":
                    # "بين A و B": the relation holds between the two, whoever is talking
                    sg, og = og[:1], og[1:]
                for a in sg:
                    for b in og:
                        if pred == "cooperatesWith" and a.entity in self.person_state and a.type == "Person":
                            # a minister or envoy cooperates on behalf of the state or body they serve
                            self.emit(s, t, self.person_state[a.entity], pred, self.actor(b, pred, "object"))
                            continue
                        self.emit(s, t, self.actor(a, pred, "subject"), pred, self.actor(b, pred, "object"))
                if pred == "met" and sg:
                    self.meeting_place(s, t, sg)
            self.stated(s)
            self.forces_in(s)
        return self.relations

    def forces_in(self, s: _Sentence) -> None:
        """``قوات X في Y``: the forces of X are deployed in Y (X locatedIn Y)."""
        toks, ex = self.view.toks, self
        for a in s.args:
            if (
                a.type not in ("Organization", "Location")
                or a.a == 0
                or toks[a.a - 1].norm not in self.words.force_nouns
            ):
                continue
            nxt = [b for b in s.args if b.a > a.b and b.type == "Location" and b.prep == "في"]
            if not nxt or nxt[0].a != a.b + 1 or toks[a.b].norm != "في":
                continue
            t = Trig(a.a - 1, a.a, TriggerEntry(toks[a.a - 1].text, "locatedIn", "T", ()), False)
            ex.emit(s, t, self.actor(a, "locatedIn", "subject"), "locatedIn", nxt[0].entity)

    # ------------------------------------------------------------ special frames
    def two_sides(self, s: _Sentence, t: Trig) -> tuple[list[Arg], list[Arg]] | None:
        """``بين الطرفين`` / ``البلدين``: the two parties of the last meeting or visit.

        A person who serves a state stands for it too (the Russian side).
        """
        toks = self.view.toks
        if not any(
            toks[k].norm in ("الطرفين", "البلدين", "الجانبين") for k in range(t.b, min(t.b + 6, s.sent.tok_end))
        ):
            return None
        window = self.view.sents[max(0, s.sent.i - 3)].start
        recent = [r for r in self.relations if r.predicate == "met" and r.object] or [
            r for r in self.relations if r.predicate == "visited" and r.object and r.start >= window
        ]
        for rel in reversed(recent):
            if rel.object:
                sides: list[list[Arg]] = []
                for eid in (rel.subject, rel.object):
                    state = self.person_state.get(eid)
                    ids = (state, eid) if state else (eid,)
                    sides.append(
                        [Arg(-1, e, self.entity_type.get(e, ""), t.b, t.b, None, -1, "side", None) for e in ids]
                    )
                return sides[0], sides[1]
        return None

    def meeting_place(self, s: _Sentence, t: Trig, sg: list[Arg]) -> None:
        """Talks held in a place (محادثات في طرابلس) mean the visitors were there."""
        for a in s.args:
            if a.a < t.b or a.prep != "في" or a.type != "Location" or s.distance(t.b, a.a) > 2:
                continue
            place = self.lex.entries.get(a.entity)
            place_country = (place.country if place and place.subtype != "Country" else a.entity) if place else None
            for who in sg:
                home = self.person_state.get(who.entity) or self.home_country(who.entity)
                if home is None or home == place_country:
                    continue
                self.emit(s, t, who.entity, "visited", a.entity)
            return

    def home_country(self, eid: str) -> str | None:
        g = self.lex.entries.get(eid)
        return g.country if g is not None else None

    def claim_relation(self, s: _Sentence, n: int, t: Trig, sg: list[Arg], og: list[Arg]) -> set[int]:
        """A denial or an accusation: the relation after the trigger is its claim."""
        pred = t.entry.predicate
        consumed: set[int] = set()
        inner: tuple[Trig, list[Arg], list[Arg]] | None = None
        more: list[tuple[Trig, list[Arg], list[Arg]]] = []  # further charges: "بدعم الإرهاب ومساندة إيران"
        toks = self.view.toks
        for m in range(n + 1, len(s.trigs)):
            u = s.trigs[m]
            if u.entry.predicate in ("denies", "accuses", "stated", "leads", "memberOf", "locatedIn"):
                continue
            if inner is not None:
                if pred != "accuses" or u.entry.kind != "N" or not toks[u.a].clitic.startswith("و"):
                    break
                more.append((u, *self.arguments(s, u)))
                consumed.add(m)
                continue
            isg, iog = self.arguments(s, u)
            inner = (u, isg, iog)
            consumed.add(m)
            if pred != "accuses" or u.entry.kind != "N":
                break
        if not sg:
            return consumed
        if pred == "accuses":
            # "اتهم X Y بدعم Z": Y is the accused; Z, after the charge's trigger, is the charge's object
            og = [a for a in og if inner is None or a.a < inner[0].a]
            accusers = {x.entity for x in sg}
            accused = [a for a in og] or (inner[1] if inner else [])
            if not accused:
                # the pronoun object (اتهمها، إياها): the last actors named before the trigger
                prior = [a for a in s.args if a.b <= t.a and a.group not in {x.group for x in sg}]
                accused = s.group_of(prior[-1]) if prior else []
            # an accuser does not accuse itself: "اتهمت مصر دولا لم تسمها بدعم حماس" names nobody
            accused = [a for a in accused if a.entity not in accusers]
            for a in sg:
                speaker = self.actor(a, pred, "subject")
                for acc in accused:
                    accused_id = self.actor(acc, pred, "object")
                    claim = None
                    for k, (u, isg, iog) in enumerate([inner, *more] if inner is not None else []):
                        # a further charge is the accused's too: its own subject would be the accuser
                        csub = [self.actor(x, u.entry.predicate, "subject") for x in isg if x.entity not in accusers]
                        if not csub or og or k > 0:
                            csub = [accused_id]
                        cobj = [self.actor(x, u.entry.predicate, "object") for x in iog]
                        for cs in csub:
                            for co in cobj or [None]:  # type: ignore[list-item]
                                c = Claim(cs, u.entry.predicate, co, self.view.text[s.sent.start : s.sent.end])
                                if co is not None:
                                    self.emit(s, u, cs, u.entry.predicate, co, attributed=speaker)
                                if k == 0:
                                    claim = c
                                elif co is not None:
                                    self.emit(s, t, speaker, "accuses", accused_id, claim=c)
                    self.emit(s, t, speaker, "accuses", accused_id, claim=claim)
            return consumed
        # denies
        for a in sg:
            denier = self.actor(a, pred, "subject")
            claims: list[Claim] = []
            if inner is not None:
                u, isg, iog = inner
                csub = [self.actor(x, u.entry.predicate, "subject") for x in isg] or [denier]
                cobj = [self.actor(x, u.entry.predicate, "object") for x in iog]
                if not cobj:
                    cobj = self.context_objects(denier, u.entry.predicate)
                for cs in csub:
                    for co in cobj:
                        claims.append(Claim(cs, u.entry.predicate, co))
            else:
                for rel in reversed(self.relations):
                    if rel.predicate == "accuses" and rel.object == denier and rel.claim is not None:
                        claims.append(rel.claim)
                        break
            for c in claims:
                self.emit(s, t, denier, "denies", None, claim=c)
        return consumed

    def context_objects(self, subject: str, pred: str) -> list[str]:
        """Objects the article already gave the subject for *pred* (what a bare denial is about)."""
        out = []
        for rel in reversed(self.relations):
            if rel.subject == subject and rel.predicate == pred and rel.object and rel.object not in out:
                out.append(rel.object)
        return out[:2]

    def title_relations(self, sentences: list[_Sentence]) -> None:
        """``نائب وزير الدفاع الروسي يونس بك يوفقورف`` -> memberOf the Russian ministry of defence."""
        ms, res = self.ms, self.res
        ministry_entities: dict[str, str] = {}
        for key, idx in ms.ministries:
            ministry_entities[key] = res.mention_entity[idx]
        # ministries the gazetteer knows, named in this article
        portfolio_forms: dict[str, set[str]] = {}
        for form, (_en, key) in self.lex.portfolios.items():
            portfolio_forms.setdefault(key, set()).add(" ".join(form))
        mentioned = set(res.mention_entity)
        for eid in mentioned:
            gaz = self.lex.entries.get(eid)
            if gaz is None or gaz.type != "Organization" or not gaz.country:
                continue
            for _lg, name in gaz.names:
                norm = " ".join(name.split())
                norm = normalize(norm)
                if "وزاره" not in norm:
                    continue
                for key, forms in portfolio_forms.items():
                    if any(f in norm.split() for f in forms):
                        ministry_entities.setdefault(f"{gaz.country}|{key}", eid)
        toks = self.view.toks
        extra: list[tuple[object, str, str, str]] = []
        for tl in ms.titles:
            person = res.mention_entity[tl.person]
            kind, value = tl.target
            if kind == "none":
                continue
            relation = tl.relation
            if kind == "mention":
                target = res.mention_entity[int(value)]
                kind, value = "entity", target
            elif kind == "entity":
                target = value
                if target not in self.entity_type and target in self.lex.entries:
                    self.entity_type[target] = self.lex.entries[target].type
                    self.subtype[target] = self.lex.entries[target].subtype
            elif kind == "country":
                target = value
            else:
                country, portfolio = value.split("|", 1)
                if value in ministry_entities:
                    target = ministry_entities[value]
                    if relation == "leads":
                        # a minister heads the ministry and serves the state
                        extra.append((tl, person, "memberOf", country))
                else:
                    target = country
                    relation = "memberOf"
                self.person_state[person] = country
            if kind == "country":
                self.person_state[person] = value
            if kind == "entity":
                gaz = self.lex.entries.get(value)
                if gaz is not None and gaz.subtype == "Country":
                    self.person_state[person] = value
                elif gaz is not None and gaz.country:
                    self.person_state.setdefault(person, gaz.country)
                elif self.entity_type.get(value) == "Organization" and relation == "memberOf":
                    self.person_state.setdefault(person, value)  # an envoy of the EU acts for the EU
            s = sentences[toks[tl.tok_start].sent]
            t = Trig(
                tl.tok_start,
                max(tl.tok_start + 1, min(tl.tok_end, s.sent.tok_end)),
                TriggerEntry("", relation, "T", ()),
                False,
            )
            # a title carries no attribution ("" is cleared to None on the way out)
            self.emit(s, t, person, relation, target, modality="asserted", attributed="")
            for xtl, xperson, xrel, xtarget in extra:
                if xtl is tl:
                    self.emit(s, t, xperson, xrel, xtarget, modality="asserted", attributed="")

    def stated(self, s: _Sentence) -> None:
        """A speaker and the outlet or platform they spoke to or through."""
        toks, lex = self.view.toks, self.lex
        for k in self.cues_in(s.sent.tok_start, s.sent.tok_end):
            if lex.cues.get((toks[k].norm,)) != "speech":
                continue
            speaker = None
            for a in s.args:
                if a.a > k and a.prep is None and a.type in ("Person", "Organization") and s.distance(k + 1, a.a) <= 6:
                    speaker = a
                    break
            if speaker is None:
                continue
            for a in s.args:
                if a.a > speaker.b and a.prep in ("ل", "عبر", "علي") and a.type == "Organization":
                    if s.distance(speaker.b, a.a) <= 3:
                        t = Trig(k, k + 1, TriggerEntry(toks[k].text, "stated", "V", ()), False)
                        self.emit(s, t, speaker.entity, "stated", a.entity, attributed="")
                    break


def extract_relations(doc: Document, view: TextView, ms: MentionSet, res: Resolution, lex: Lexicon) -> list[Relation]:
    """Every relation of one article, symmetric ones in a canonical order, self-relations dropped."""
    rels = _Extractor(doc, view, ms, res, lex).run()
    out = []
    for r in rels:
        if r.attributed_to == "":
            r = replace(r, attributed_to=None)
        if r.predicate in SYMMETRIC_PREDICATES and r.object is not None and r.object < r.subject:
            r = replace(r, subject=r.object, object=r.subject)
        out.append(r)
    return out
