"""Write N synthetic documents of both genres (Ofsted reports and Cafcass press releases).

The documents are written from templates in this file, in the style of the genres but in words of
their own: service areas made of real local authority names, people, grades, dates, figures and
citations vary with a seeded random generator, and so do layouts (tab or colon tables, bulleted or
plain numbered paragraphs). About one report in twenty states a section grade that disagrees with
its Record of main findings, and about one release in twenty a percentage that disagrees with its
figures, so that validation has warnings to find at every size.

    python benchmarks/generate_corpus.py 1000 /tmp/corpus-1000 [--seed 1]

A report is written for every fourth document; the rest are press releases, which report the
same inspections, so that the cross-document checks have pairs to compare.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

PLACES = [
    "Barnsley", "Bath and North East Somerset", "Bedford", "Blackburn with Darwen", "Blackpool", "Bolton",
    "Bournemouth", "Bracknell Forest", "Bradford", "Brighton and Hove", "Bristol", "Bromley", "Buckinghamshire",
    "Bury", "Calderdale", "Cambridgeshire", "Camden", "Cornwall", "Croydon", "Cumbria", "Darlington", "Derby",
    "Derbyshire", "Devon", "Doncaster", "Dorset", "Dudley", "Durham", "Ealing", "East Sussex", "Essex", "Gateshead",
    "Gloucestershire", "Hackney", "Halton", "Hampshire", "Herefordshire", "Hertfordshire", "Hull", "Kent", "Kirklees",
    "Knowsley", "Lancashire", "Leeds", "Leicester", "Leicestershire", "Lincolnshire", "Luton", "Manchester", "Medway",
    "Middlesbrough", "Milton Keynes", "Newcastle", "Norfolk", "North Yorkshire", "Nottingham", "Nottinghamshire",
    "Oldham", "Oxfordshire", "Peterborough", "Plymouth", "Portsmouth", "Reading", "Rochdale", "Rotherham", "Salford",
    "Sandwell", "Sefton", "Sheffield", "Shropshire", "Slough", "Somerset", "Southampton", "Southend", "Staffordshire",
    "Stockport", "Suffolk", "Sunderland", "Surrey", "Swindon", "Tameside", "Telford", "Torbay", "Trafford", "Wakefield",
    "Walsall", "West Sussex", "Wigan", "Wiltshire", "Wirral", "Wolverhampton", "Worcestershire", "York",
]
FIRST = ["Alex", "Bernadette", "Chris", "Deborah", "Edward", "Fatima", "Gareth", "Helen", "Imran", "Joanne", "Kevin",
         "Lorna", "Martin", "Nadia", "Owen", "Priya", "Rachel", "Simon", "Tanya", "Vikram", "Wendy", "Yusuf"]
LAST = ["Ashworth", "Bennett", "Chowdhury", "Doyle", "Evans", "Fletcher", "Gallagher", "Hughes", "Iqbal", "Jenkins",
        "Kaur", "Lloyd", "Morgan", "Nolan", "Osei", "Patel", "Quinn", "Reid", "Shaw", "Thornton", "Walsh", "Young"]
GRADES = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
SECTIONS = {
    "Meeting the needs of service users": ["Ambition and prioritisation", "Performance management", "Workforce development",
                                           "Partnerships", "Equality and diversity", "Value for money", "Safeguarding", "Evaluation"],
    "Quality of provision": ["Service responsiveness", "Case planning and recording",
                             "Assessment, intervention and direct work with children", "Reporting and recommendations to the court",
                             "Complaints"],
}
IMPROVEMENTS = [
    "Ensure that every case is allocated to a practitioner without delay.",
    "Improve the consistency of case recording across teams.",
    "Use information on the diverse needs of service users to inform assessments.",
    "Establish a system to monitor the outcome of complaints.",
    "Strengthen links with local voluntary sector organisations.",
    "Ensure that supervision records show how decisions about children were reached.",
    "Review the timeliness of reports filed with the court.",
    "Improve the quality of risk assessments in private law cases.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Area:
    code: str
    places: list[str]
    head: str
    grades: dict[str, int]
    reference: str
    published: tuple[int, int]  # (year, month)

    @property
    def name(self) -> str:
        return _join(self.places)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_area(rng: random.Random, number: int) -> Area:
    places = rng.sample(PLACES, rng.choice([1, 2, 2, 3]))
    areas = [a for group in SECTIONS.values() for a in group]
    base = rng.choice([2, 2, 3, 3, 3, 4])
    grades = {a: min(4, max(1, base + rng.choice([-1, 0, 0, 0, 1]))) for a in areas}
    grades["Overall effectiveness"] = base
    grades["Capacity for improvement"] = min(4, max(1, base + rng.choice([-1, 0, 0])))
    code = f"{'ABCDEFGHJKLMNPRSTUVWXYZ'[number % 23]}{number // 23 + 1}"
    return Area(code, places, _person(rng), grades, f"{code}-{rng.randint(1, 3):03d}", (rng.randint(2008, 2014), rng.randint(1, 12)))


def report(rng: random.Random, area: Area) -> str:
    year, month = area.published
    start = rng.randint(1, 20)
    fieldwork_month = MONTHS[(month - 3) % 12]
    tab_table = rng.random() < 0.6
    bullet = "- " if rng.random() < 0.5 else ""
    lines = [
        f"Ofsted's inspection of Cafcass: {area.name} service area", "",
        f"Cafcass {area.name} service area provides services to children and families in {area.name}.", "",
        f"Published: {MONTHS[month - 1]} {year}", "",
        f"Reference no: {area.reference}", "",
        "Introduction", "",
    ]
    n = 1

    def para(text: str) -> None:
        nonlocal n
        lines.append(f"{bullet}{n}. {text}")
        n += 1

    para(f"Ofsted carried out the inspection of service provision by the Children and Family Court Advisory and Support "
         f"Service in the {area.name} service area from {start} to {start + 4} {fieldwork_month} {year if month > 2 else year - 1}.")
    para(f"Cafcass consists of a national office in London and {rng.choice([17, 19, 21])} areas. The Head of Service is the senior "
         "manager in each service area.")
    para(f"The service area received {rng.randint(400, 3000):,} new cases in {year - 1}, of which {rng.randint(30, 70)}% were private law cases.")
    lines += ["", "Overall effectiveness", ""]
    para(f"The overall effectiveness of the Cafcass {area.name} service area is {GRADES[area.grades['Overall effectiveness']]}.")
    lines += ["", "Capacity for improvement", ""]
    para(f"Capacity for improvement is {GRADES[area.grades['Capacity for improvement']]}. Managers have a clear vision.")
    lines += ["", "Areas for improvement", ""]
    para(f"In order to improve the quality of provision in Cafcass {area.name}, the service area should take the following action.")
    for when in ("Within three months", "Within six months"):
        lines += ["", when, ""]
        lines += [f"- {text}" for text in rng.sample(IMPROVEMENTS, rng.randint(1, 3))]
    disagree = rng.random() < 0.05
    for group, section_areas in SECTIONS.items():
        lines += ["", group, ""]
        for name in section_areas:
            grade = area.grades[name]
            stated = (grade % 4) + 1 if disagree and name == section_areas[0] else grade
            lines += ["", name, "", f"Grade {stated} ({GRADES[stated]})", ""]
            para(f"{name} is {GRADES[stated]}. Inspectors saw {rng.randint(20, 60)} case files and spoke to {rng.randint(5, 30)} staff.")
    lines += ["", "Definitions", "", "Welfare checklist", ""]
    para("The Children Act 1989 section 1(3) sets out what is known as the welfare checklist. Courts must have regard to it.")
    lines += ["", "Record of main findings", "", f"Cafcass service area; {area.name}\t"]
    rows = ["Overall effectiveness", "Capacity for improvement", *[a for g in SECTIONS for a in ([g] + SECTIONS[g])]]
    for row in rows:
        label = GRADES[area.grades[row]].capitalize() if row in area.grades else ""
        lines.append(f"{row}\t{label}\t" if tab_table else (f"{row}: {label}" if label else row))
    return "\n".join(lines) + "\n"


def press_release(rng: random.Random, area: Area, chief: str, press_officer: str) -> str:
    year, month = area.published
    overall = area.grades["Overall effectiveness"]
    before = rng.randint(100, 900)
    change = rng.randint(5, 60)
    after = round(before * (1 + change / 100))
    stated_change = change + (rng.choice([-9, 9]) if rng.random() < 0.05 else 0)
    services = rng.randint(17, 21)
    department = "Department for Children, Schools and Families" if year < 2010 else "Department for Education"
    return f"""{rng.randint(1, 28)} {MONTHS[month - 1]} {year}
Immediate Release

OFSTED RATES CAFCASS {area.name.upper()} {GRADES[overall].upper()}

Cafcass, the organisation that represents children in family court cases, welcomes the Ofsted report into its {area.name} service area, which judged the overall effectiveness of the service to be {GRADES[overall]}.

{area.head}, the Head of Service for the area said, "Our practitioners work hard to put children first, and I am pleased that inspectors recognised this."

Inspectors found that partnerships were {GRADES[area.grades['Partnerships']]} and safeguarding was {GRADES[area.grades['Safeguarding']]}.

In the last two years the number of care applications in the area rose by {stated_change}% from {before} to {after}.

{chief}, Chief Executive, said, "This result shows what our staff achieve for children."

- ends -

Notes for Editors:

- The Children and Family Court Advisory and Support Service (Cafcass) was formed on 1 April 2001.
- Cafcass operates {services} service areas across England. Service area {area.code} covers {area.name}.
- Cafcass is sponsored by the {department} and is a non-departmental public body.

For further information please contact:
{press_officer}, Head of Communications, on 020 7510 {rng.randint(7000, 7999)}
"""


def documents(count: int, seed: int = 1) -> Iterator[tuple[str, str, Area]]:
    """(file name, text, the service area it is about) for ``count`` documents."""
    rng = random.Random(seed)
    chief, press_officer = _person(rng), _person(rng)
    areas = [make_area(rng, i) for i in range(max(1, count // 4 + 1))]
    for i in range(count):
        area = areas[i // 4]
        text = report(rng, area) if i % 4 == 0 else press_release(rng, area, chief, press_officer)
        yield f"{i:06d}_{'report' if i % 4 == 0 else 'release'}.txt", text, area


def generate(count: int, folder: Path, seed: int = 1) -> list[Path]:
    """Write ``count`` documents into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text, _ in documents(count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of documents")
    parser.add_argument("folder", type=Path, help="where to write them")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, args.seed)
    print(f"wrote {len(paths)} documents to {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
