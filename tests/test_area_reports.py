"""Ofsted reports of a Cafcass service area in the layouts of 2007-2012, on texts written for these tests."""

from __future__ import annotations

from cafcass_kg.loaders import load_text
from cafcass_kg.loaders import records as r

BROKEN_TITLE = """Ofsted's inspection of Cafcass:

Wessex Downs service area

Cafcass Wessex Downs works with children and families in the family courts of Wessex and Downshire.

Published:March 2008

Reference no:Q7-003

Introduction

1. Ofsted inspected the Wessex Downs service area between 3 and 14
December 2007. Inspectors read 60 case files and met 14 children.

2. Each aspect of the service was judged outstanding, good, adequate or inadequate.

Overall effectiveness

Grade 3

3. The service area is adequate. In 9 of the 60 cases read the plan was out of date.

Areas for improvement

The service area should, within three months:

- make sure that each child is seen before the report is written

Safeguarding

Grade 4 (inadequate)

Record of main findings

Overall effectiveness                    adequate
Safeguarding                             inadequate
"""

PROSE_ONLY = """Ofsted's inspection of Cafcass: Fenland Coast service area

Cafcass Fenland Coast service area works with children and families in the family courts of Fenland.

Published: June 2010 Reference no: Q2-011

Introduction

1. The inspection took place from 1 to 12 March 2010. The area employs 40 staff, 28 of whom are
family court advisers, and received 1,100 new cases in the year.

Summary of findings

2. The overall effectiveness of the Fenland Coast service area is satisfactory, and its
capacity for improvement is good. Leadership and management are good.

3. Safeguarding issatisfactory. Most reports to court are good.

What the service area should do to improve

4. The service area should:

- answer every complaint within 20 working days

- record each safeguarding check on the case file.
"""

EXCERPT = """The Marsh Valley service area of Cafcass works with the family courts serving
the 3 local authorities of Marsh Valley.

Published: 2 May 2012
Reference no: Q9-020

Introduction

1. Ofsted inspected the Marsh Valley service area from 13 to 24 February 2012.

Overall effectiveness

Grade 2 (good)

2. Unallocated cases have fallen from 140 to 12, and 95% of reports were filed on time.
"""


def parsed(text: str) -> r.ParsedDocument:
    doc = load_text("report.txt", text.encode())
    assert doc.parsed.genre == "ofsted-inspection-report", doc.warnings
    for rec in doc.parsed.records:
        start, end = rec.evidence
        assert text[start:end].strip() == text[start:end], rec
    return doc.parsed


def grades(doc: r.ParsedDocument) -> set[tuple[str, str]]:
    return {(j.area.lower(), j.grade_label.lower()) for j in doc.of(r.Judgement)}


def test_title_broken_after_its_colon_and_the_four_point_scale_of_2008():
    doc = parsed(BROKEN_TITLE)
    (info,) = doc.of(r.DocumentInfo)
    assert (info.reference, info.issued.iso) == ("Q7-003", "2008-03")
    assert info.title == "Ofsted's inspection of Cafcass: Wessex Downs service area"
    inspection = doc.of(r.Inspection)[0]
    assert (inspection.subject, inspection.fieldwork_start.iso, inspection.fieldwork_end.iso) == ("Wessex Downs", "2007-12-03", "2007-12-14")
    assert grades(doc) == {("overall effectiveness", "adequate"), ("safeguarding", "inadequate")}
    assert [(a.text, a.months) for a in doc.of(r.AreaForImprovement)] == [
        ("make sure that each child is seen before the report is written", 3)]


def test_grades_in_prose_only():
    doc = parsed(PROSE_ONLY)
    assert doc.of(r.Inspection)[0].fieldwork_start.iso == "2010-03-01"
    assert grades(doc) == {("overall effectiveness", "satisfactory"), ("capacity for improvement", "good"),
                           ("leadership and management", "good"), ("safeguarding", "satisfactory")}
    assert [a.text for a in doc.of(r.AreaForImprovement)] == [
        "answer every complaint within 20 working days", "record each safeguarding check on the case file."]
    assert {40, 28, 1100} <= {f.value for f in doc.of(r.Figure)}


def test_an_excerpt_without_title_or_record_of_main_findings():
    doc = parsed(EXCERPT)
    inspection = doc.of(r.Inspection)[0]
    assert (inspection.subject, inspection.fieldwork_start.iso) == ("Marsh Valley", "2012-02-13")
    assert grades(doc) == {("overall effectiveness", "good")}
    assert {140, 12, 95} <= {f.value for f in doc.of(r.Figure)}
