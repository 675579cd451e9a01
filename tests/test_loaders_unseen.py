"""The loaders on documents they have never seen: other areas, people, grades, dates and layouts."""

from __future__ import annotations

from cafcass_kg.loaders import load_text, records as r

REPORT = """Ofsted's inspection of Cafcass: Kent and Medway service area

Cafcass Kent and Medway service area provides services to children and families in Kent and Medway.

Published:26 August 2011

Reference no: B4-002

Introduction

1.Ofsted carried out the inspection of service provision by Cafcass in the Kent and Medway service area between 4 and 8 July 2011.

2.The Kent and Medway service area provides services to children and families in the local authority areas of Kent and Medway. The Head of Service has been in post since June 2010.

3.Two operational service managers manage service delivery, supported by 21 family court advisers, two family support workers and five administrators.

Overall effectiveness

4.The overall effectiveness of the service area is good.

Areas for improvement

5.The service area should take the following action.

Within six months

- Improve the recording of supervision.
- Strengthen links with schools.

Safeguarding

Grade 1 (outstanding)

6.Safeguarding is outstanding. The Adoption and Children Act 2002 section 120 extends the definition of harm.

Record of main findings

Overall effectiveness        Good
Capacity for improvement     Good
Meeting the needs of service users
Safeguarding                 Outstanding
Quality of provision
Complaints                   Adequate
"""

RELEASE = """PRESS RELEASE

3rd March 2012

CAFCASS DORSET TEAM PRAISED BY INSPECTORS

Cafcass, the organisation that represents children in family courts, has been praised in an Ofsted report into the Dorset Service area.

Overall, the service in the area was rated as 'outstanding'.

Priya Shah, Head of Service for the area said, "We are proud of the team."

Notes for Editors:

- The Children and Family Court Advisory and Support Service (Cafcass) represents children in family court cases.
- Cafcass operates 21 service areas across England. Service area S4 covers Dorset, Poole and Bournemouth.
- In 2011-12 Cafcass worked with 1,234 children in family court cases in Dorset.
- Cafcass is sponsored by the Ministry of Justice and is a non-departmental public body.

For further information please contact:
Sam Green, Head of Communications
0844 353 3350 / 07700 900123
"""


def parsed(text: str):
    return load_text("unseen.txt", text.encode()).parsed


def test_report_with_other_layouts():
    doc = parsed(REPORT)
    (info,) = doc.of(r.DocumentInfo)
    assert info.reference == "B4-002" and info.issued.iso == "2011-08-26"
    inspection = doc.of(r.Inspection)[0]
    assert (inspection.subject_code, inspection.fieldwork_start.iso, inspection.fieldwork_end.iso) == ("B4", "2011-07-04", "2011-07-08")
    table = {j.area: j.grade_number for j in doc.of(r.Judgement) if j.stated_in == "record-of-main-findings"}
    assert table == {"Overall effectiveness": 2, "Capacity for improvement": 2, "Safeguarding": 1, "Complaints": 3}
    section = {j.area: j.grade_number for j in doc.of(r.Judgement) if j.stated_in == "section"}
    assert section == {"Safeguarding": 1}
    staff = {f.unit: f.value for f in doc.of(r.Figure) if f.measure == "staff"}
    assert staff == {"operational service manager": 2, "family court adviser": 21, "family support worker": 2, "administrator": 5}
    afis = doc.of(r.AreaForImprovement)
    assert [a.months for a in afis] == [6, 6]
    assert any(c.act_title == "Adoption and Children Act" and c.section == ("120",) for c in doc.of(r.Citation))
    assert [t.since.iso for t in doc.of(r.PostTenure)] == ["2010-06"]


def test_release_with_other_people_and_places():
    doc = parsed(RELEASE)
    (info,) = doc.of(r.DocumentInfo)
    assert info.title == "CAFCASS DORSET TEAM PRAISED BY INSPECTORS" and info.issued.iso == "2012-03-03"
    assert [j.grade_number for j in doc.of(r.Judgement)] == [1]
    assert doc.of(r.Inspection)[0].subject == "Dorset"
    holders = {(p.person, p.role, p.unit) for p in doc.of(r.PostHolding)}
    assert ("Priya Shah", "Head of Service", "subject") in holders
    assert ("Sam Green", "Head of Communications", None) in holders
    assert [s.department for s in doc.of(r.Sponsorship)] == ["Ministry of Justice"]
    assert doc.of(r.ServiceAreaCount)[0].count == 21
    (coverage,) = doc.of(r.ServiceAreaCoverage)
    assert (coverage.code, coverage.places) == ("S4", ("Dorset", "Poole", "Bournemouth"))
    figures = {(f.value, f.unit, f.period.iso if f.period else None, f.area) for f in doc.of(r.Figure)}
    assert (1234, "children", "2011-2012", "Dorset") in figures


def test_undated_release_has_no_date():
    doc = parsed(RELEASE.replace("3rd March 2012\n", ""))
    assert doc.of(r.DocumentInfo)[0].issued is None


def test_every_quote_matches_its_offsets():
    for text in (REPORT, RELEASE):
        for rec in parsed(text).records:
            start, end = rec.evidence
            assert 0 <= start < end <= len(text), rec
            assert text[start:end].strip() == text[start:end], rec
