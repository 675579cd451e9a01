"""Citations of legislation: sections, subsections, Parts, Schedules, ranges, Acts without a year."""

from __future__ import annotations

from cafcass_kg.loaders.law import citations
from cafcass_kg.loaders.text import SourceText


def cited(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    found = citations(SourceText.from_text("t.txt", text))
    spans = [c.evidence for c in found]
    assert len(spans) == len(set(spans)), "each citation needs a span of its own"
    for c in found:
        start, end = c.evidence
        assert text[start:end].strip() == text[start:end]
    return [(c.act_title, c.act_year, c.section) for c in found]


def test_sections_and_subsections_in_every_style():
    text = "Orders are made under s.10(4) of the Children Act 1989, and the court applies section 1(3) of the Children Act 1989."
    assert cited(text) == [("Children Act", 1989, ("10", "4")), ("Children Act", 1989, ("1", "3"))]


def test_a_part_is_no_citation_of_the_whole_act():
    text = "Applications under Part IV of the Family Law Act 1996 and Part 4A of the Family Law Act 1996 rose."
    assert cited(text) == [("Family Law Act", 1996, ("part", "4")), ("Family Law Act", 1996, ("part", "4A"))]


def test_a_paragraph_of_a_schedule():
    text = "The board is constituted under paragraph 3(2) of Schedule 2 to the Criminal Justice and Court Services Act 2000."
    assert cited(text) == [("Criminal Justice and Court Services Act", 2000, ("schedule", "2", "paragraph", "3", "2"))]


def test_a_range_is_one_citation_a_section():
    text = "Ofsted inspects under sections 10 to 13 of the Education and Inspections Act 2006."
    assert [s for _, _, s in cited(text)] == [("10",), ("11",), ("12",), ("13",)]


def test_an_act_without_its_year_from_the_document_or_the_reference_data():
    text = "Duties under the Equality Act apply to every office. The Children Act 2004 set up the boards; the Children Act guides them."
    assert cited(text) == [("Equality Act", 2010, ()), ("Children Act", 2004, ()), ("Children Act", 2004, ())]


def test_an_ambiguous_title_without_a_year_is_left_alone():
    assert cited("The Children Act guides the work of the service in every case.") == []


def test_a_bare_section_takes_the_act_of_its_paragraph():
    text = "Reports under section 37 of the Children Act 1989 are rare. Most are section 7 reports."
    assert cited(text) == [("Children Act", 1989, ("37",)), ("Children Act", 1989, ("7",))]


def test_a_title_with_a_comma_that_the_reference_data_knows():
    assert cited("Part 1 of the Legal Aid, Sentencing and Punishment of Offenders Act 2012 took effect.") == [
        ("Legal Aid, Sentencing and Punishment of Offenders Act", 2012, ("part", "1"))]
    assert cited("Cafcass, Children and Families Act 2014 duties apply.") == [("Children and Families Act", 2014, ())]
