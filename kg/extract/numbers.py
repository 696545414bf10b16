"""Numbers as people write them: digits, words, lost superscripts, ranges and fractions."""

from __future__ import annotations

import re

__all__ = [
    "COUNT",
    "DOSE",
    "count_value",
    "dose_value",
    "quantity_value",
]

_UNITS_WORDS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a single": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD_ALT = "|".join(
    sorted(
        [*(k for k in _UNITS_WORDS if k not in ("no", "none", "a single", "single")), *_TENS],
        key=len,
        reverse=True,
    )
)
_WORD_NUMBER = (
    # "thirty‑six" may be joined by a non-breaking or another Unicode hyphen
    rf"(?:(?:{'|'.join(_TENS)})[\s\-\u2010\u2011](?:one|two|three|four|five|six|seven|eight|nine)|"
    rf"{_WORD_ALT})"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"

COUNT = rf"(?:{_DIGITS}|{_WORD_NUMBER}(?:\s*\(\d+\))?)"
"""A count as written: `13`, `1,024`, `Nine`, `twenty-one`, `Thirty-four (34)`."""


def count_value(token: str) -> int | None:
    """`13` -> 13, `Nine` -> 9, `twenty-one` -> 21; None for anything else or a fraction.

    A word with its digits, `Thirty-four (34)`, counts only when the two agree.
    """
    token = " ".join(token.lower().split())
    both = re.fullmatch(r"(.+?)\s*\((\d+)\)", token)
    if both:
        number = int(both.group(2))
        return number if count_value(both.group(1)) == number else None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", token):
        return int(token.replace(",", ""))
    if token in _UNITS_WORDS:
        return _UNITS_WORDS[token]
    if token in _TENS:
        return _TENS[token]
    match = re.fullmatch(r"(\w+)[\s\-\u2010\u2011](\w+)", token)
    if match and match.group(1) in _TENS and match.group(2) in _UNITS_WORDS:
        return _TENS[match.group(1)] + _UNITS_WORDS[match.group(2)]
    return None


# a page converted to Markdown escapes the star and the caret: "1 \* 10\^7"
_X = r"\s*(?:[×xX·]|\\?\*)\s*"
# 1 × 10^6, 1 × 106 (the superscript lost in copying), 1.2 x106, 5×107, 2 x 10(6)
# web pages keep the exponent as superscript digits: "30×10⁶"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SCIENTIFIC = (
    # "4x10e8" too, the exponent after an "e"
    rf"(?P<sm>\d+(?:\.\d+)?){_X}10\s*(?:\\?\^|\*\*|e)?\s*\(?(?P<se>\d{{1,2}}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,2}})\)?"
    r"(?![\d⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_E_NOTATION = r"(?P<em>\d+(?:\.\d+)?)[eE]\+?(?P<ee>\d{1,2})(?!\d)"
# "100 million", and the short form "2M" (only ever read before cells, as DOSE needs)
_MULTIPLIER = (
    # "1 Million MSCs per kg" in a headline's capitals
    rf"(?P<mm>{_DIGITS}|{_WORD_NUMBER})\s+(?P<mw>[Tt]housand|[Mm]illion|[Bb]illion)"
    r"|(?P<ms>\d{1,4}(?:\.\d+)?)\s?M(?=\s)"
)
# "106 cells/kg": ten to the power six with the superscript lost; only ever read before a
# cell unit, where a literal count of 104..1012 cells would not be a dose.
_BARE_POWER = r"(?<![\d.,])10(?P<be>[4-9]|1[0-2])(?!\d)"
_PLAIN = rf"(?P<pl>{_DIGITS})"
# a power of ten alone, "10^6 cells/kg", "10(6) MSCs/kg", "10⁶ cells": one times ten to the six
# (a Markdown copy escapes the caret: "10\^6")
_POWER = r"10\s*(?:(?:\\?\^|\*\*)\s*\(?|\()(?P<pw>\d{1,2})\)?(?!\d)|10(?P<pw2>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"

QUANTITY = rf"(?:{_SCIENTIFIC}|{_E_NOTATION}|{_MULTIPLIER}|{_PLAIN})"
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def quantity_value(match: re.Match[str]) -> float | None:
    """The value of a match of a pattern built on QUANTITY (or DOSE)."""
    groups = match.groupdict()
    if groups.get("sm"):
        return float(groups["sm"]) * 10 ** int(groups["se"].translate(_SUPERSCRIPTS))
    if groups.get("em"):
        mantissa = float(groups["em"])
        # "10e8" is how people type 10^8, not 10 x 10^8
        return 10 ** int(groups["ee"]) if mantissa == 10 else mantissa * 10 ** int(groups["ee"])
    if groups.get("ms"):
        return float(groups["ms"]) * 1e6
    if groups.get("mm"):
        base = count_value(groups["mm"]) if not re.match(r"\d", groups["mm"]) else None
        number = base if base is not None else float(groups["mm"].replace(",", ""))
        return float(number) * _MULTIPLIERS[groups["mw"].lower()]
    if groups.get("be"):
        return float(10 ** int(groups["be"]))
    if power := groups.get("pw") or groups.get("pw2"):
        return float(10 ** int(power.translate(_SUPERSCRIPTS)))
    if groups.get("pl"):
        return float(groups["pl"].replace(",", ""))
    return None


_CELL_WORD = (
    # a dose naming its group: "the 10 million cell group", "the 2 × 10^6 cell cohort"
    # "1 × 108 cultured ADSCs": a stem cell abbreviation, "ADSCs", "BMSCs", "hUCMSCs"
    r"(?:[A-Za-z][\w-]*-)?(?:cells|cell(?=[\s-]+(?:group|arm|cohort|dose)s?\b)|MSCs?|stem\s+cells|[A-Za-z]*MSCs?|[A-Za-z]*MNCs?|NSCs?|[a-z]?[A-Z]{1,4}SCs?|"
    # a product's code before its cells: "two million AST-OPC1 cells"
    r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+\s+(?:stem\s+)?cells)"
)
_UNIT = (
    rf"(?P<unit>cells?\s*(?:/|per)\s*(?i:kg|kilogram)(?:\s+(?:of\s+)?body\s*weight)?"
    r"|cells?\s*(?:/|per)\s*(?:[uµμ][lL]|microlit(?:er|re))"
    rf"|{_CELL_WORD}(?:\s*(?:/|per)\s*(?i:kg|kilogram))?"
    r"|[uµμ]g|mcg|micrograms?|particles|(?:nano[- ]?)?vesicles|EVs|exosomes"
    # "1x106/kg", "4 × 10(7) /injection", "2 × 10 4 /µl" with the cells left unsaid;
    # dose_value keeps them only above 10,000
    r"|/\s*(?i:kg|injection|infusion|dose|administration)\b|/\s*[uµμ][lL]\b"
    # "Bone marrow derived autologous cell(100 million per dose)"
    r"|per\s+(?i:injection|infusion|dose|administration)\b)"
)
# what may stand between a count and its cells: "30 × 106 autologous bone marrow MSCs",
# "100 million autologous, adipose derived mesenchymal stem cells"
_CELL_DESCRIPTOR = (
    r"(?:viable|total|living|autologous|allogen(?:e)?ic|adult|human|cultured|(?:culture-)?expanded|new|fresh|"
    r"bone\s+marrow|umbilical\s+cord|cord\s+blood|adipose|Wharton'?s\s+jelly|[\w-]+[\s-]derived|"
    r"mesenchymal|stromal|mononuclear(?:-enriched)?|"
    # the other cell types of the vocabulary: "2 million neural progenitor cells"
    r"neural|neuronal|progenitor|precursor|Schwann|olfactory|ensheathing|glial|nucleated|"
    r"ha?ematopoietic|fetal|foetal|"
    # the route between: "36 million intravenous UC-MSCs"
    r"intravenous|intrathecal|intraspinal|intramuscular|"
    # "2 million transplanted cells"
    r"transplanted|injected|infused|implanted|grafted|"
    # "2 million of such cells"
    r"(?:of\s+)?such|of\s+these)"
)
DOSE = re.compile(
    rf"(?<![\w.,])(?:{_SCIENTIFIC}|{_E_NOTATION}|{_MULTIPLIER}|{_BARE_POWER}|{_POWER}|{_PLAIN})"
    # a tolerance may follow the count: "30×10⁶±30% viable cells"
    rf"(?:\s*±\s*\d+(?:\.\d+)?\s*%?)?"
    rf"\s*(?:{_CELL_DESCRIPTOR}(?:\s+|,\s*)){{0,4}}{_UNIT}(?![\w])",
)
"""A dose: a quantity followed by a unit (`1 × 106 cells/kg`, `5×107 hUC-MSCs`, `100 µg`)."""


# a volume of the product itself, "2.5 mL of cell suspension", "3 ml MSC inoculum"; never of
# saline, marrow or urine, which name no product in the words that follow
VOLUME_DOSE = re.compile(
    r"(?<![\w.,])(?P<volume>(?P<v>\d{1,3}(?:\.\d+)?)\s*(?:mL|ml|millilit(?:er|re)s?))\b"
    r"(?:\s+of)?\s+(?:(?!saline|marrow|urine|blood|plasma|medium)[\w-]+\s+){0,3}?"
    r"(?:cells?|suspension|inoculum|MSCs?|exosomes?|secretome)\b",
    re.I,
)
"""A dose given as a volume of the product (contract unit mL); a cell count is preferred."""


def dose_value(match: re.Match[str]) -> tuple[float, str] | None:
    """(value, contract unit) of a DOSE match; None for a quantity that cannot be a dose."""
    value = quantity_value(match)
    if value is None or value <= 0:
        return None
    unit_text = " ".join(match.group("unit").split()).lower()
    if re.search(r"(/|per)\s*(kg|kilogram)", unit_text):  # "/kg" alone too
        unit = "cells/kg"
    elif re.search(r"(/|per)\s*([uµμ]l|microlit)", unit_text):
        unit = "cells/uL"
        if unit_text.startswith("/") and value < 10_000 and not match.group("sm"):
            return None  # "5 /µl" with no cells named: a count, not a concentration
    elif unit_text in ("ug", "µg", "μg", "mcg", "microgram", "micrograms"):
        unit = "ug"
    elif unit_text in ("particles", "evs", "exosomes") or unit_text.endswith("vesicles"):
        unit = "particles"
        if value < 10_000 and not match.group("sm"):
            return None  # "20 exosomes", "3 vesicles": a count in passing, not a dose
    else:
        unit = "cells"
    if unit in ("cells", "cells/kg") and value < 10_000 and not match.group("sm"):
        return None  # "13 cells", "2020 cells": a count or a year, never a cell dose
    return value, unit
