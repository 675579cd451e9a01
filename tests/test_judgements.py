"""Inspections and graded judgements read by vocabulary, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from cafcass_kg.loaders import judgements, load_text, parse_text
from cafcass_kg.dates import relative, resolve_relative
from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import SourceText


def graded(sentence: str, recent: list[str] | None = None) -> set[tuple[str, str]]:
    return {(g.area.lower(), g.grade.strip("'").lower()) for g in judgements.grades_in(sentence, recent or [])}


def read(text: str) -> judgements.Reading:
    return judgements.read(SourceText.from_text("", text))


def test_grade_words_and_areas_come_from_the_vocabularies():
    v = judgements.vocabulary()
    assert v.grades["requires improvement to be good"] == 3
    assert v.grades["adequate"] == v.grades["satisfactory"] == 3
    assert "leadership and management of local services" in v.areas
    assert v.kinds["focused visit"] == "focused visit"
    assert any(f.start and f.start.year == 2021 for f in v.frameworks)


def test_rated_following_an_inspection_of_a_service_area_is_overall_effectiveness():
    text = ("Cafcass has been rated 'good' by Ofsted following an inspection of its Tyne and Wear service area. "
            "Inspectors visited the service between 4 and 15 May 2009.")
    reading = read(text)
    assert reading.current.subject == "Tyne and Wear"
    assert reading.current.fieldwork_start.iso == "2009-05-04"
    assert reading.current.fieldwork_end.iso == "2009-05-15"
    assert {(j.area, j.grade_label) for j in reading.judgements} == {("overall effectiveness", "good")}


def test_a_list_of_grades_each_with_its_areas():
    found = graded("The service was judged adequate overall, good in partnerships and complaints, "
                   "and inadequate in case planning and recording.")
    assert found == {("overall effectiveness", "adequate"), ("partnerships", "good"), ("complaints", "good"),
                     ("case planning and recording", "inadequate")}


def test_adequate_inside_inadequate_is_not_a_grade():
    assert graded("Its case planning and recording was judged inadequate.") == {("case planning and recording", "inadequate")}


def test_the_overall_judgement_sentence():
    assert graded("The overall judgement is requires improvement to be good.") == {("overall judgement", "requires improvement to be good")}


def test_a_grade_word_in_ordinary_prose_is_no_judgement():
    assert graded("Managers have made good progress and share good practice across teams.") == set()
    assert graded("She was an outstanding candidate for the post.") == set()
    assert graded("Visits happen only where the service has been judged inadequate.") == set()
    assert graded("Every judgement uses the scale outstanding, good, requires improvement to be good and inadequate.") == set()


def test_active_and_passive_judgements_with_continuations():
    found = graded("Inspectors judged its overall effectiveness to be good, service responsiveness to be outstanding "
                   "and user engagement to be adequate.")
    assert found == {("overall effectiveness", "good"), ("service responsiveness", "outstanding"), ("user engagement", "adequate")}
    found = graded("The leadership and management of local services was judged good, as was the leadership and "
                   "governance of the national organisation.")
    assert found == {("leadership and management of local services", "good"),
                     ("leadership and governance of the national organisation", "good")}


def test_all_three_refers_to_the_areas_just_listed():
    text = ("Inspectors looked at three areas: the impact of leaders on practice, the quality and effectiveness of "
            "private law practice and the quality and effectiveness of public law practice. All three were judged good.")
    reading = read(text)
    assert {j.area.lower() for j in reading.judgements} == {
        "impact of leaders on practice", "quality and effectiveness of private law practice",
        "quality and effectiveness of public law practice"}


def test_a_grade_of_an_earlier_inspection_belongs_to_that_inspection():
    text = ("Cafcass has been judged outstanding by Ofsted. At the last full inspection in 2019, its public law "
            "practice was judged requires improvement.")
    reading = read(text)
    by_key = {(j.inspection, j.area, j.grade_label) for j in reading.judgements}
    assert ("subject:Cafcass", "overall effectiveness", "outstanding") in by_key
    assert ("other:Cafcass:2019", "public law practice", "requires improvement") in by_key


@pytest.mark.parametrize("line, start, end", [
    ("Inspection dates: 3 March 2025 – 28 March 2025", "2025-03-03", "2025-03-28"),
    ("The visit to the service area was carried out on 5 and 6 October 2010.", "2010-10-05", "2010-10-06"),
    ("Ofsted inspected Cafcass between 2 September and 27 September 2019.", "2019-09-02", "2019-09-27"),
])
def test_fieldwork_dates(line, start, end):
    found = judgements.fieldwork(SourceText.from_text("", line))
    assert (found[0].iso, found[1].iso) == (start, end)


def test_a_month_only_date():
    found = judgements.fieldwork(SourceText.from_text("", "The inspection took place in June 2010."))
    assert found[0].kind == "month" and found[0].iso == "2010-06"


def test_framework_by_date_and_by_what_the_text_says():
    frameworks = {f.label for f in judgements.vocabulary().frameworks}
    assert judgements.framework_for("", None) is None
    assert judgements.framework_for("", judgements.parse_period("12 May 2010")) in frameworks
    said = judgements.framework_for("It followed the framework introduced in April 2021.", None)
    assert said is not None and said != judgements.framework_for("", judgements.parse_period("12 May 2010"))


WRAPPED_TABLE = """Inspection of Cafcass as a national organisation 2030

Inspection dates: 6 May 2030 – 31 May 2030

The overall judgement is good

The quality and effectiveness of Cafcass private law practice with
                                                                     Requires improvement
families
The leadership and governance of the national organisation           Good
The leadership and management of local
                                                                     Good
services

Lead inspector: A. N. Inspector
"""


def test_a_national_report_with_a_wrapped_judgement_table():
    parsed, _ = parse_text(WRAPPED_TABLE * 1)
    assert parsed.genre == "ofsted-national-inspection-report"
    found = {(j.area, j.grade_label) for j in parsed.of(r.Judgement)}
    assert found == {
        ("The quality and effectiveness of Cafcass private law practice with families", "requires improvement"),
        ("The leadership and governance of the national organisation", "good"),
        ("The leadership and management of local services", "good"),
        ("overall judgement", "good"),
    }
    inspection = parsed.of(r.Inspection)[0]
    assert inspection.subject == "Cafcass" and inspection.is_report_subject and inspection.kind == "inspection"


VISIT_LETTER = """Ofsted
1 Example Street

14 November 2022

Dear Ms Example

Monitoring visit to Cafcass Humber service area

This letter sets out the findings of the monitoring visit to the Humber service area carried out on 1 and 2
November 2022. The visit followed the inspection of May 2022, which judged the overall effectiveness of the
service area to be inadequate.

Inspectors found that managers now check every case before the first hearing.

Yours sincerely

A. N. Inspector
His Majesty's Inspector
"""


def test_a_visit_letter_reports_the_visit_and_the_grade_of_the_inspection_it_follows():
    parsed, _ = parse_text(VISIT_LETTER)
    assert parsed.genre == "ofsted-visit-letter"
    visit = next(i for i in parsed.of(r.Inspection) if i.key.startswith("subject:"))
    assert (visit.subject, visit.kind, visit.fieldwork_start.iso) == ("Humber", "monitoring visit", "2022-11-01")
    [judgement] = parsed.of(r.Judgement)
    assert judgement.inspection != visit.key and judgement.grade_label == "inadequate"


def test_a_document_with_no_grade_and_no_dates_reports_no_inspection():
    assert read("Cafcass publishes a framework for focused visits and a full inspection of the national organisation.").current is None


NEWS_WITH_RELATIVE_DATES = """Inspectors praise Cafcass work in Norfolk and Suffolk

Published: {published}

Ofsted today published its report on the inspection of Cafcass's Norfolk and Suffolk service area, which
inspectors visited in {month}. The service was judged good overall, and outstanding for equality and diversity.

A spokesperson for Cafcass welcomed the findings and thanked the staff of both teams.
"""


def inspection_of(text: str) -> r.Inspection:
    doc = load_text("news.txt", text.encode("utf-8"))
    return next(i for i in doc.parsed.of(r.Inspection) if i.key.startswith("subject:"))


def test_today_and_a_month_without_its_year_are_read_against_the_document_date():
    inspection = inspection_of(NEWS_WITH_RELATIVE_DATES.format(published="14 March 2009", month="January"))
    assert inspection.published.iso == "2009-03-14"
    assert inspection.fieldwork_start.iso == "2009-01"
    assert inspection.framework and "2007" in inspection.framework  # the framework in force then


def test_a_month_later_in_the_year_than_the_document_is_last_year():
    inspection = inspection_of(NEWS_WITH_RELATIVE_DATES.format(published="5 February 2010", month="November"))
    assert inspection.fieldwork_start.iso == "2009-11"


def test_a_relative_date_in_an_undated_document_is_left_undated_with_a_warning():
    text = NEWS_WITH_RELATIVE_DATES.format(published="soon", month="January")
    doc = load_text("news.txt", text.encode("utf-8"))
    inspection = next(i for i in doc.parsed.of(r.Inspection) if i.key.startswith("subject:"))
    assert inspection.published is None and inspection.fieldwork_start is None
    assert any("'today' left undated" in w for w in doc.warnings)


@pytest.mark.parametrize("words, iso", [
    ("today", "2024-04-03"), ("yesterday", "2024-04-02"), ("on Tuesday", "2024-04-02"),
    ("last Wednesday", "2024-03-27"), ("last month", "2024-03"), ("in May", "2023-05"),
    ("earlier this year", "2024"), ("last year", "2023"),
])
def test_relative_periods_against_a_wednesday(words, iso):
    assert resolve_relative(relative(words), dt.date(2024, 4, 3)).iso == iso


def test_a_week_has_no_identifier_and_stays_undated():
    assert resolve_relative(relative("last week"), dt.date(2024, 4, 3)) is None


def test_areas_listed_with_semicolons_and_a_grade_before_its_areas():
    assert graded("Capacity to improve; partnership working; and value for money were each judged satisfactory.") == {
        ("capacity for improvement", "satisfactory"), ("partnership working", "satisfactory"), ("value for money", "satisfactory")}
    assert graded("The area was, however, found good for its partnership working and for value for money.") == {
        ("partnership working", "good"), ("value for money", "good")}


def test_the_service_in_an_area_is_the_subject_of_the_inspection():
    reading = read("Ofsted has judged the Cafcass service in Wessex and Dorset inadequate overall, a report says.")
    assert reading.current.subject == "Wessex and Dorset"
    assert [(j.area, j.grade_label) for j in reading.judgements] == [("overall effectiveness", "inadequate")]


def test_a_previous_inspection_dated_after_a_comma_keeps_its_date():
    reading = read("At its last full inspection of Cafcass, in 2018, Ofsted judged the organisation outstanding.")
    [earlier] = reading.earlier.values()
    assert earlier.fieldwork_start.iso == "2018" and earlier.kind == "inspection"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Ofsted gave the service an overall rating of 'inadequate'.", {("overall effectiveness", "inadequate")}),
    ("Inspectors rated the service inadequate in four key areas, including its overall effectiveness, safeguarding and "
     "partnerships.", {("overall effectiveness", "inadequate"), ("safeguarding", "inadequate"), ("partnerships", "inadequate")}),
    ("Ofsted rated Cafcass as good on private law practice and public law practice and on the leadership and management "
     "of local services.", {("private law practice", "good"), ("public law practice", "good"),
                            ("leadership and management of local services", "good")}),
    ("Inspectors found satisfactory performance in safeguarding and partnerships.",
     {("safeguarding", "satisfactory"), ("partnerships", "satisfactory")}),
])
def test_grades_as_the_press_and_releases_word_them(sentence: str, expected: set) -> None:
    assert {(a.lower(), g) for a, g in graded(sentence)} == expected


def test_a_list_of_areas_with_their_grades_after_bullets() -> None:
    reading = read("Ofsted report on Cafcass\n\nThe inspectors judged the service as follows:\n\n"
                   "- Overall effectiveness: good\n- Safeguarding – 'outstanding'\n1. Partnerships: satisfactory\n")
    assert {(j.area.lower(), j.grade_label) for j in reading.judgements} == {
        ("overall effectiveness", "good"), ("safeguarding", "outstanding"), ("partnerships", "satisfactory")}


def test_good_practice_found_is_no_grade() -> None:
    assert graded("Inspectors found good practice in safeguarding and partnerships.") == set()


def test_in_all_three_areas_grades_the_areas_a_bulleted_list_just_named() -> None:
    reading = read("Ofsted looked at three parts of the work:\n\n- the quality and effectiveness of private law practice\n"
                   "- the quality and effectiveness of public law practice\n- the impact of leaders on practice\n\n"
                   "In all three areas, practice and leadership were judged to be outstanding.\n")
    assert {(j.area.lower(), j.grade_label) for j in reading.judgements} == {
        ("quality and effectiveness of private law practice", "outstanding"),
        ("quality and effectiveness of public law practice", "outstanding"),
        ("impact of leaders on practice", "outstanding")}


def test_the_service_in_a_named_region_is_the_subject() -> None:
    reading = read("Good news for the region\n\nThe Cafcass service in the North East has been rated 'good' by Ofsted.\n")
    assert reading.current.subject == "North East"


def test_a_quoted_grade_before_its_area_is_a_grade_and_an_unquoted_one_is_praise() -> None:
    assert graded("The service received an 'outstanding' grade for capacity to improve.") == {("capacity for improvement", "outstanding")}
    assert graded("Ofsted judged the service satisfactory, with 'good' partnerships and value for money.") >= {
        ("partnerships", "good"), ("value for money", "good")}
    assert ("partnerships", "good") not in graded("The team has good partnerships with local schools.")
