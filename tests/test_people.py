"""The people extractor: posts read through the roles vocabulary, on sentences written for these tests."""

from __future__ import annotations

import pytest
from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.people import people, role_of
from cafcass_kg.loaders.text import SourceText


def posts(text: str) -> set[tuple[str, str]]:
    return {(rec.person, rec.role) for rec in people(SourceText.from_text("", text)) if isinstance(rec, r.PostHolding)}


def holdings(text: str) -> list[r.PostHolding]:
    return [rec for rec in people(SourceText.from_text("", text)) if isinstance(rec, r.PostHolding)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chair of the Board, Harriet Quennell, opened the meeting.", ("Harriet Quennell", "Chair")),
        ('Oliver Brandreth, Head of Service for Wessex, said: "We are proud."', ("Oliver Brandreth", "Head of Service")),
        ("Director: Maud Ellery-Finch", ("Maud Ellery-Finch", "Director")),
        ("Chief Executive Rupert Vane opened the new office in May.", ("Rupert Vane", "Chief Executive")),
        ("Tamsin Odell, Cafcass chief executive, said the figures were stark.", ("Tamsin Odell", "Chief Executive")),
        ("Cafcass chief executive Tamsin Odell said the figures were stark.", ("Tamsin Odell", "Chief Executive")),
        ("The board welcomed the new chair, Lionel Ashcombe, at its June meeting.", ("Lionel Ashcombe", "Chair")),
        ("Beatrix Holloway has been appointed as chair of Cafcass.", ("Beatrix Holloway", "Chair")),
        ("Lead inspector: Winifred Starling, His Majesty's Inspector", ("Winifred Starling", "Lead Inspector")),
        ("Lead inspector: Winifred Starling, His Majesty's Inspector", ("Winifred Starling", "His Majesty's Inspector")),
        ("Children's minister Everard Pike visited the team.", ("Everard Pike", "Children's Minister")),
        ("Gwendolen Marsh, general secretary of Napo, said staff were stretched.", ("Gwendolen Marsh", "General Secretary")),
        ("The service manager for private law, Anwen Price, leads the duty team.", ("Anwen Price", "Service Manager")),
    ],
)
def test_each_pattern_reads_the_post(text: str, expected: tuple[str, str]) -> None:
    assert expected in posts(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Baroness Rosamund Keyes, Chair, opened the annual meeting.", "Rosamund Keyes"),
        ("Sir Percival Dunne, Chair, opened the annual meeting.", "Percival Dunne"),
        ("Dame Eleanor Thwaite, Chair, opened the annual meeting.", "Eleanor Thwaite"),
        ("Dr Ivo Pendleton, Chair, opened the annual meeting.", "Ivo Pendleton"),
        ("Mr Ivo Pendleton, Chair, opened the annual meeting.", "Ivo Pendleton"),
        ("Mrs Ada Kestrel, Chair, opened the annual meeting.", "Ada Kestrel"),
        ("Ms Ada Kestrel, Chair, opened the annual meeting.", "Ada Kestrel"),
        ("Professor Ada Kestrel CBE, Chair, opened the annual meeting.", "Ada Kestrel"),
    ],
)
def test_honorifics_and_post_nominals_are_stripped(text: str, name: str) -> None:
    assert posts(text) == {(name, "Chair")}


def test_a_peer_named_by_title_is_the_person_named_in_full() -> None:
    text = (
        "Rosamund Keyes (Baroness Keyes of Alderley)\n\n"
        "Baroness Keyes of Alderley has been appointed Chair of the Cafcass Board. She was previously Director of "
        "the Family Policy Unit at the Home Office and Head of the Government's Childcare Taskforce."
    )
    assert posts(text) == {("Rosamund Keyes", "Chair"), ("Rosamund Keyes", "Director"), ("Rosamund Keyes", "Head")}


def test_interim_and_acting_are_flagged() -> None:
    (held,) = holdings("Morwenna Tate (interim Head of Service) met the inspectors.")
    assert (held.person, held.role, held.interim, held.job_title) == ("Morwenna Tate", "Head of Service", True, "Interim Head of Service")
    (held,) = holdings("Jasper Lowe, Acting Chief Executive, said the service would recover.")
    assert held.interim and held.role == "Chief Executive"


def test_another_organisations_people_name_it() -> None:
    (held,) = holdings("Gwendolen Marsh, general secretary of Napo, said staff were stretched.")
    assert held.organisation == "Napo"
    (held,) = holdings("Yours sincerely\n\nWinifred Starling\nHis Majesty's Inspector\n")
    assert (held.person, held.organisation) == ("Winifred Starling", "Ofsted")
    (held,) = holdings("Tamsin Odell, Cafcass chief executive, said the figures were stark.")
    assert held.organisation is None


def test_a_minister_keeps_the_portfolio() -> None:
    text = "The letter was copied to Everard Pike MP, Parliamentary Under-Secretary of State for Children and Families."
    assert posts(text) == {("Everard Pike", "Parliamentary Under-Secretary of State for Children and Families")}


def test_a_list_of_names_shares_the_role() -> None:
    text = "The Lord Chancellor has reappointed Ada Kestrel, Ivo Pendleton and Maud Ellery as board members of Cafcass."
    assert posts(text) == {(n, "Board Member") for n in ("Ada Kestrel", "Ivo Pendleton", "Maud Ellery")}


def test_a_first_name_and_a_pronoun_stand_for_the_person_named_before() -> None:
    text = ("Cafcass announced that Lorna Fitch will be its next Chief Executive. Lorna is currently Director of "
            "Children's Services in a county council. She was previously a Service Manager.")
    assert posts(text) == {("Lorna Fitch", "Chief Executive"), ("Lorna Fitch", "Director of Children's Services"),
                           ("Lorna Fitch", "Service Manager")}


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Smith, Chief Executive\n\nCafcass published its figures today.",
        "Photo: Jane Smith, Chief Executive of Cafcass\n\nCafcass published its figures today.",
        "Posted by Jane Smith, Press Officer\n\nCafcass published its figures today.",
        "Page created by Jane Smith, Head of Service\n\nCafcass published its figures today.",
        "Uploaded by Jane Smith, Chief Executive | 1,204 views\n\nCafcass published its figures today.",
        'Recommended for you: "Jane Smith, Regional Director, retires" | "Annual report"',
        "Related documents\n  Interview: Jane Smith, Chief Executive of a charity (6 pages)",
    ],
)
def test_bylines_and_credits_are_no_people(text: str) -> None:
    assert posts(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The Chief Executive Cafcass office opened in Leeds.",
        "Head of Service North West reported on time.",
        "Chair: Family Justice Board",
        "The chair of the Local Family Justice Board, East Midlands, attended.",
    ],
)
def test_places_organisations_and_headings_are_no_names(text: str) -> None:
    assert posts(text) == set()


def test_contacts_and_quotations_still_read() -> None:
    text = ('Morwenna Tate, Head of Service for the area said, "Children come first here."\n\n'
            "For further information please contact:\nJasper Lowe, Press Officer\n0123 456 7890\n")
    records = people(SourceText.from_text("", text))
    assert any(isinstance(x, r.Quotation) and x.speaker == "Morwenna Tate" for x in records)
    assert any(isinstance(x, r.Contact) and x.person == "Jasper Lowe" and x.telephones == ("0123 456 7890",) for x in records)
    assert ("Morwenna Tate", "Head of Service", "subject") in {(x.person, x.role, x.unit) for x in records if isinstance(x, r.PostHolding)}


def test_the_roles_come_from_the_vocabulary() -> None:
    assert role_of("chairman").label == "Chair"
    assert role_of("Her Majesty's Inspectors").label == "Her Majesty's Inspector"
    assert role_of("chief cook") is None


def test_a_portfolio_that_is_a_list_is_no_second_person():
    found = posts("A copy goes to Imogen Tresillian MP, Minister of State for Schools, Colleges and Skills.")
    assert found == {("Imogen Tresillian", "Minister of State for Schools, Colleges and Skills")}


def test_a_portfolio_written_before_the_title():
    assert posts("Prisons Minister Bartholomew Quaile said the change was overdue.") == {("Bartholomew Quaile", "Prisons Minister")}


def test_a_list_of_people_appointed_to_the_board():
    found = posts("The Secretary of State has appointed Ada Pennock, Cyril Marchetti and Enid Bale to the board of Cafcass.")
    assert found == {(name, "Board Member") for name in ("Ada Pennock", "Cyril Marchetti", "Enid Bale")}


def test_a_chair_by_the_verb_and_by_a_dated_passive():
    assert ("Hester Vowles", "Chair") in posts("Hester Vowles chairs the Hartfield Trust and sits on two other boards.")
    assert ("Orla Finnegan", "Chair") in posts("The board, chaired since March 2015 by Orla Finnegan, met monthly.")


def test_a_surname_alone_stands_for_the_person_named_in_full_before():
    found = posts("Ludmila Ashworth was named interim chair today.\n\nAshworth has been a board member since 2017.")
    assert ("Ludmila Ashworth", "Board Member") in found


def test_head_alone_in_lower_case_is_no_post():
    assert posts("Before that, Ferdinand Oakes was its head of research and policy at the council.") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two posts after the name, joined by "and", the second with its organisation before it
        ("Imogen Tallis, Assistant Director and Cafcass' Principal Social Worker, wrote the guidance.",
         {("Imogen Tallis", "Assistant Director"), ("Imogen Tallis", "Principal Social Worker")}),
        ("Rowan Petch, Operational Director and Chair of the Cafcass Practice Board, opened the session.",
         {("Rowan Petch", "Operational Director"), ("Rowan Petch", "Chair")}),
        # a post stated by an event that happened to its holder
        ("The board regretted the resignation of Lucan Ashby as chairman of Cafcass.", {("Lucan Ashby", "Chair")}),
        ("Cafcass said its next Chief Executive will be Petra Vanes, now a director in Kent.", {("Petra Vanes", "Chief Executive")}),
        ("Cafcass deputy chairwoman Hester Mould chaired the session.", {("Hester Mould", "Deputy Chair")}),
        ("Family Justice Minister Ned Curtis said Cafcass chief executive Aldo Rhys will remain Chief Executive of Cafcass.",
         {("Ned Curtis", "Family Justice Minister"), ("Aldo Rhys", "Chief Executive")}),
        ("Odile Frant, who chairs the Cafcass audit committee, was reappointed.", {("Odile Frant", "Chair")}),
        ("The Lord Chancellor has appointed Mary Ann O'Neill and Keith De'Ath as members of the Cafcass Board.",
         {("Mary Ann O'Neill", "Board Member"), ("Keith De'Ath", "Board Member")}),
        ("The chair of Cafcass, Baroness Quarrendon, opened the meeting.", {("Baroness Quarrendon", "Chair")}),
    ],
)
def test_posts_as_appointment_notices_and_the_press_state_them(text: str, expected: set) -> None:
    assert expected <= posts(text)


def test_interim_by_the_word_before_the_organisation_and_by_stepping_in_for_a_time() -> None:
    found = {(h.person, h.role, h.interim) for h in holdings(
        "Sabine Rourke (CBE), Interim Cafcass Chair since December 2019 and a Board Member since May 2018, is a social worker. "
        "Cafcass deputy chairwoman Hester Mould has temporarily stepped into the role of chairwoman.")}
    assert {("Sabine Rourke", "Chair", True), ("Sabine Rourke", "Board Member", False),
            ("Hester Mould", "Deputy Chair", False), ("Hester Mould", "Chair", True)} <= found


def test_who_appointed_may_stand_between_the_verb_and_the_post() -> None:
    found = holdings("Sabine Rourke (CBE) has been appointed by the Secretary of State for Justice as the Interim Chair of the Cafcass Board.")
    assert [(h.person, h.role, h.interim) for h in found] == [("Sabine Rourke", "Chair", True)]


@pytest.mark.parametrize(("text", "since"), [
    ("Sabine Rourke has been appointed as Chair of Cafcass for 3 years from 1 April 2021.", "2021-04-01"),
    ("Dr Olu Banjo-Reid has been reappointed as a Board Member of Cafcass for a further three years, from 1 April 2019 "
     "to 31 March 2022.", "2019-04-01"),
    ("Sabine Rourke was appointed Chair of Cafcass with effect from 9 April 2018.", "2018-04-09"),
])
def test_the_start_of_a_term_is_when_the_post_was_taken_up(text: str, since: str) -> None:
    assert [h.since.iso for h in holdings(text) if h.since] == [since]


def test_tables_minutes_and_fields_name_posts_by_their_cells() -> None:
    text = ("Present\n\nBaroness Quarrendon OBE ........ CAFCASS Board Member - Chair\n"
            "Nils Garrow CB ........ CAFCASS Board Member\n\n"
            "Name\tRole\tTerm ends\nOdile Frant\tDeputy Chair\t2023\n\n"
            "Name: Petra Vanes\nRole: Board Member\nTerm: 1 April 2019 to 31 March 2023\n")
    assert posts(text) >= {("Baroness Quarrendon", "Board Member"), ("Baroness Quarrendon", "Chair"),
                           ("Nils Garrow", "Board Member"), ("Odile Frant", "Deputy Chair"), ("Petra Vanes", "Board Member")}
    # a row whose other cells are no post, and a heading row, name no one
    assert posts("Name\tTelephone\nOdile Frant\t0207 123 4567\n") == set()


def test_a_list_under_a_sentence_heading_shares_its_post() -> None:
    assert posts("The new board members of Cafcass are:\n\n- Odile Frant\n- Nils Garrow\n") == {
        ("Odile Frant", "Board Member"), ("Nils Garrow", "Board Member")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Appointment of Odile Frant as Chair of Cafcass", ("Odile Frant", "Chair")),
    ("Odile Frant will take up the post of Chair of Cafcass on 1 April.", ("Odile Frant", "Chair")),
    ("Odile Frant begins her term as Chief Executive of Cafcass next week.", ("Odile Frant", "Chief Executive")),
    ("Odile Frant, the former chief executive of Cafcass, now advises the department.", ("Odile Frant", "Chief Executive")),
])
def test_headlines_and_the_start_of_office(text: str, expected: tuple[str, str]) -> None:
    assert expected in posts(text)


def test_a_sentence_leading_in_to_a_list_gives_each_name_its_post() -> None:
    text = ("The Justice Secretary has today announced that the following have been appointed as non-executive "
            "members of the Cafcass Board:\n\n- Odile Frant (until March 2026)\n- Nils Garrow – a retired judge\n"
            "- Petra Vanes, former director of a children's charity\n")
    assert posts(text) >= {("Odile Frant", "Non-Executive Director"), ("Nils Garrow", "Non-Executive Director"),
                           ("Petra Vanes", "Non-Executive Director")}


@pytest.mark.parametrize(("text", "expected"), [
    ("The Minister for Children and Families (Kevin Brennan): Cafcass will receive more funding.",
     ("Kevin Brennan", "Minister for Children and Families")),
    ("The Secretary of State for Justice, the Rt Hon Chris Grayling MP, has written to Cafcass.",
     ("Chris Grayling", "Secretary of State for Justice")),
    ("Signed\n\nOdile Frant CBE\nChair, Cafcass\n\nNils Garrow\nChief Executive and Accounting Officer\n",
     ("Nils Garrow", "Chief Executive")),
    ("Signed\n\nOdile Frant CBE\nChair, Cafcass\n", ("Odile Frant", "Chair")),
])
def test_written_statements_and_signatures_name_their_posts(text: str, expected: tuple[str, str]) -> None:
    assert expected in posts(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Cafcass boss Nils Garrow said the rise in care cases was unprecedented.", {("Nils Garrow", "Chief Executive")}),
    ("The Cafcass chief, Nils Garrow, told MPs that demand had never been higher.", {("Nils Garrow", "Chief Executive")}),
    ("Nils Garrow, who heads Cafcass, said the backlog was falling.", {("Nils Garrow", "Chief Executive")}),
    ("Nils Garrow, who heads Cafcass's London team, said the backlog was falling.", set()),
    ("Police chief Nils Garrow said Cafcass had been helpful.", set()),
])
def test_the_press_s_words_for_the_chief_executive(text: str, expected: set) -> None:
    assert posts(text) == expected
