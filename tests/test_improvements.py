"""Areas for improvement under every heading, lead-in, timescale and list style."""

from __future__ import annotations

from cafcass_kg.loaders.improvements import areas_for_improvement
from cafcass_kg.loaders.text import SourceText


def read(text: str) -> list[tuple[str, str, int | None]]:
    doc = SourceText.from_text("t.txt", text)
    found = areas_for_improvement(doc, "K1")
    for afi in found:
        start, end = afi.evidence
        assert text[start:end].strip() == text[start:end] and afi.inspection == "K1"
    return [(a.text, a.timescale, a.months) for a in found]


def test_timescale_headings_with_colons_and_a_following_section():
    text = """Areas for improvement

Immediately:

- Check every referral from the police on the day it arrives.

Within six months:

- Train all practitioners in the new risk
assessment tool.

Quality of practice

Grade 2 (good)
"""
    assert read(text) == [
        ("Check every referral from the police on the day it arrives.", "immediately", 0),
        ("Train all practitioners in the new risk assessment tool.", "within six months", 6),
    ]


def test_lead_in_with_a_timescale_and_unfinished_items():
    text = """Areas for improvement

The service area should, within three months:

- ensure that interpreters are booked before each interview

- audit a sample of closed files every quarter.

Leadership and management
"""
    assert read(text) == [
        ("ensure that interpreters are booked before each interview", "within three months", 3),
        ("audit a sample of closed files every quarter.", "within three months", 3),
    ]


def test_question_heading_and_numbered_items():
    text = """What does the service need to improve?

1. Shorten the wait for a first appointment.
2. Publish its complaints procedure in community languages.

About this report

3. Inspectors visited four offices.
"""
    assert [t for t, _, _ in read(text)] == [
        "Shorten the wait for a first appointment.",
        "Publish its complaints procedure in community languages.",
    ]


def test_lead_in_in_a_news_item_ends_at_the_next_paragraph():
    text = """Inspectors praised the team.

The inspectors recommended that the service:

• improve the recording of supervision decisions

• share its learning from complaints with staff

ENDS

Notes to editors

• The service employs 40 staff.
"""
    assert [t for t, _, _ in read(text)] == [
        "improve the recording of supervision decisions",
        "share its learning from complaints with staff",
    ]


def test_transcript_with_lost_bullets_and_inline_headings():
    text = """What needs to improve
Priority action
 Make sure that every child is seen alone
  before the report is written.
Areas for improvement
 Reduce the time taken to answer letters.
 Record the reasons for closing a case.

Page 4: Findings
"""
    assert read(text) == [
        ("Make sure that every child is seen alone before the report is written.", "immediately", 0),
        ("Reduce the time taken to answer letters.", "", None),
        ("Record the reasons for closing a case.", "", None),
    ]


def test_no_list_without_a_heading_or_lead_in():
    text = """The office moved in May.

- a new reception desk was fitted
- parking was added
"""
    assert read(text) == []


def test_a_table_headed_area_for_improvement_and_a_numbered_heading():
    text = ("Area for improvement\tProgress\nQuality of case plans\tGood progress\nUse of performance data\tInadequate progress\n\n"
            "3 What the service area needs to do now\n\n- Record the wishes of every child on the case file.\n")
    assert [t for t, _, _ in read(text)] == ["Quality of case plans", "Use of performance data",
                                             "Record the wishes of every child on the case file."]


def test_a_lead_in_that_asks_to_keep_working_on_things():
    text = "Ofsted asked us to keep working on two things:\n\n- the timeliness of letters to the court\n- the use of our new tools in every team\n"
    assert [t for t, _, _ in read(text)] == ["the timeliness of letters to the court", "the use of our new tools in every team"]


def prose(text: str) -> list[str]:
    from cafcass_kg.loaders.improvements import improvements_in_prose

    doc = SourceText.from_text("t.txt", text)
    found = improvements_in_prose(doc, "K1")
    for afi in found:
        assert text[afi.evidence[0]:afi.evidence[1]] == afi.text  # the action as the sentence states it
    return [a.text for a in found]


def test_what_the_inspectors_asked_for_in_an_articles_sentences():
    text = ("Ofsted judged Cafcass good. However, Ofsted said Cafcass needs to ensure that guardians keep in regular "
            "touch with reviewing officers, and needs to reduce the number of data breaches. Inspectors also "
            "recommended that Cafcass issue guidance to staff on secure accommodation. The report warned that "
            "improvements could be made to the quality of final letters to reviewing officers.")
    assert prose(text) == ["ensure that guardians keep in regular touch with reviewing officers",
                           "reduce the number of data breaches", "issue guidance to staff on secure accommodation",
                           "the quality of final letters to reviewing officers"]


def test_a_service_s_own_plans_and_a_lead_in_are_not_the_inspectors_asks():
    assert prose("Cafcass needs to recruit forty more guardians this year, the chief executive said.") == []
    assert prose("Ofsted asked us to keep working on two things:\n\n- recording\n- supervision\n") == []


def test_a_release_s_areas_for_development_lead_in_opens_the_list():
    text = ("The report identifies three areas for development for the service:\n\n- improving the quality of case "
            "recording\n- making sure that complaints are answered on time\n")
    assert [t for t, _, _ in read(text)] == ["improving the quality of case recording",
                                             "making sure that complaints are answered on time"]


def test_areas_listed_in_a_sentence_and_asks_with_should_or_must():
    assert prose("Ofsted judged the service good. The report highlights areas for development, including the quality "
                 "of case recording, supervision of practitioners and the timeliness of reports to court.") == [
        "the quality of case recording", "supervision of practitioners", "the timeliness of reports to court"]
    assert prose("Inspectors said the service should improve the way it records children's wishes.") == [
        "improve the way it records children's wishes"]
    assert prose("Ofsted said Cafcass should be proud of its staff.") == []  # no ask: no action
    assert prose("Inspectors checked the 12 areas for improvement in the inspection report.") == []
