"""How legislation.gov.uk names and labels the provisions of an Act: the path of a cited section,
Part, Schedule or paragraph under the Act's identifier, and its label in a citation."""

from __future__ import annotations


def provision_path(section: tuple[str, ...]) -> str:
    """The path of a provision under its Act, as legislation.gov.uk writes it: section/1/3,
    part/4A, schedule/2/paragraph/12/3."""
    if section[0] in ("part", "schedule"):
        return "/".join(s.lower() if s in ("part", "schedule", "paragraph") else s for s in section)
    return "section/" + "/".join(section)


def provision_label(section: tuple[str, ...]) -> str:
    """section 1(3), Part 4A, Schedule 2, paragraph 12(3)."""
    if section[0] == "part":
        return "Part " + " ".join(section[1:])
    if section[0] == "schedule":
        label = f"Schedule {section[1]}" if len(section) > 1 else "Schedule"
        if len(section) > 3 and section[2] == "paragraph":
            label += ", paragraph " + _section_label(section[3:])
        return label
    return "section " + _section_label(section)


def _section_label(section: tuple[str, ...]) -> str:
    return section[0] + "".join(f"({s})" for s in section[1:])
