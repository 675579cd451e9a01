"""Charts drawn by the server as SVG, so that a page needs no script and no request leaves the
machine: an area's inspections over time with their overall grades, and the grades of every area
by year. Colours follow the badges (green good or better, amber the middle grade, red inadequate)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

COLOURS = {1: "#1b5e20", 2: "#388e3c", 3: "#b26a00", 4: "#c62828"}
GRADE_NAMES = {1: "outstanding", 2: "good", 3: "satisfactory or adequate", 4: "inadequate"}


@dataclass(frozen=True)
class Point:
    date: str  # ISO: a day, a month or a year
    grade: int  # 1 (outstanding) to 4 (inadequate)
    label: str  # the grade as the document words it
    href: str  # the inspection's page


def _year_fraction(date: str) -> float:
    parts = [int(p) for p in date.split("-")[:3]]
    year, month, day = (parts + [6, 15])[:3] if len(parts) == 1 else (parts + [15])[:3]
    return year + (month - 1) / 12 + (day - 1) / 365


def grade_timeline(points: list[Point], width: int = 640, height: int = 180) -> Markup:
    """An area's inspections on a time axis, each at the height of its overall grade."""
    dated = sorted((p for p in points if p.date), key=lambda p: p.date)
    if not dated:
        return Markup("")
    left, right, top, bottom = 180, 20, 15, 30
    first, last = _year_fraction(dated[0].date) - 0.5, _year_fraction(dated[-1].date) + 0.5
    x = lambda d: left + (_year_fraction(d) - first) / (last - first) * (width - left - right)  # noqa: E731
    y = lambda g: top + (g - 1) / 3 * (height - top - bottom)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline" width="{width}" height="{height}" '
             f'role="img" aria-label="Inspections and their overall grades over time">']
    for grade, name in GRADE_NAMES.items():
        parts.append(f'<text x="{left - 8}" y="{y(grade) + 4:.1f}" text-anchor="end" font-size="12">{name}</text>'
                     f'<line x1="{left}" x2="{width - right}" y1="{y(grade):.1f}" y2="{y(grade):.1f}" stroke="#eee"/>')
    for year in range(int(first) + 1, int(last) + 1):
        # a year's tick at its first day, so that a point in February sits just right of it
        at = x(f"{year}-01-01")
        parts.append(f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top}" y2="{height - bottom + 4}" stroke="#ddd"/>'
                     f'<text x="{at:.1f}" y="{height - 8}" text-anchor="middle" font-size="11">{year}</text>')
    for p in dated:
        parts.append(f'<a href="{escape(p.href)}"><circle cx="{x(p.date):.1f}" cy="{y(p.grade):.1f}" r="7" fill="{COLOURS[p.grade]}">'
                     f'<title>{escape(p.date)}: {escape(p.label)}</title></circle></a>')
    parts.append("</svg>")
    return Markup("".join(parts))


MAX_LABEL_WIDTH = 420  # pixels; a longer area name is cut


def grades_by_year(rows: list[tuple[str, str, dict[int, tuple[int, str]]]], cell: int = 34) -> Markup:
    """A grid: an area a row (label, its page), a year a column, each cell the overall grade of the
    area's inspection that year."""
    years = sorted({year for _, _, by_year in rows for year in by_year})
    rows = [r for r in rows if r[2]]
    if not years or not rows:
        return Markup("")
    # Room for the longest area name at 12px (about 7.2px a character), within bounds; a longer one is cut with "…".
    longest = max(len(label) for label, _, _ in rows)
    left, top = int(min(max(7.2 * longest + 16, 120), MAX_LABEL_WIDTH)), 24
    fits = int((left - 16) / 7.2)
    width, height = left + cell * len(years) + 10, top + cell * len(rows) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart grid" width="{width}" height="{height}" '
             f'role="img" aria-label="Overall grades of the service areas by year">']
    for j, year in enumerate(years):
        parts.append(f'<text x="{left + j * cell + cell / 2:.0f}" y="16" text-anchor="middle" font-size="11">{year}</text>')
    for i, (label, href, by_year) in enumerate(rows):
        y0 = top + i * cell
        shown = label if len(label) <= fits else label[:fits - 1].rstrip() + "…"
        parts.append(f'<a href="{escape(href)}"><text x="{left - 8}" y="{y0 + cell / 2 + 4:.0f}" text-anchor="end" '
                     f'font-size="12"><title>{escape(label)}</title>{escape(shown)}</text></a>')
        for j, year in enumerate(years):
            if year in by_year:
                grade, said = by_year[year]
                parts.append(f'<rect x="{left + j * cell + 2}" y="{y0 + 2}" width="{cell - 4}" height="{cell - 4}" rx="4" '
                             f'fill="{COLOURS[grade]}"><title>{escape(label)}, {year}: {escape(said)}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))
