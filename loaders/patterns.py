"""Regular-expression pieces shared by the genre modules."""

from __future__ import annotations

import re

GRADE_WORDS = {"outstanding": 1, "good": 2, "satisfactory": 3, "adequate": 3, "inadequate": 4}
GRADE = r"(?P<grade>[Oo]utstanding|[Gg]ood|[Ss]atisfactory|[Aa]dequate|[Ii]nadequate)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)"
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?i:" + NUMBER_WORD + r"))"
MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A place or unit name: capitalised words, allowing "and", "of", "the" inside ("Tyne and Wear", "Isle of Wight").
PROPER = r"[A-Z][\w'-]*(?:(?:\s+(?:and|of|the|upon|on)\s+|\s+)[A-Z][\w'-]*)*"
AREA_CODE = r"[A-Z]\d{1,2}"
ORGANISATION = "Cafcass"
ORGANISATION_ALIASES = r"(?:Cafcass|CAFCASS|CAF/CASS)"


def to_number(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def grade_number(label: str) -> int | None:
    return GRADE_WORDS.get(label.strip().lower())


def split_list(text: str) -> list[str]:
    """"a, b and c" -> [a, b, c]; "a; b; and c" -> [a, b, c]."""
    sep = ";" if ";" in text else ","
    parts = [p.strip() for p in text.split(sep)]
    out: list[str] = []
    for i, part in enumerate(parts):
        part = re.sub(r"^and\s+", "", part)
        if i == len(parts) - 1 and sep == "," and re.search(r"\s+and\s+", part):
            out.extend(p.strip() for p in re.split(r"\s+and\s+", part, maxsplit=1))
        else:
            out.append(part)
    return [p.strip(" .") for p in out if p.strip(" .")]


def strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name.strip()).strip()

