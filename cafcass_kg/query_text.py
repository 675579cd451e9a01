"""The text of a SPARQL query as a person wrote it: its words outside strings, IRIs and comments,
the prefixes it uses without declaring, and an explanation of why it does not parse that points
at the line and column (Oxigraph's own message lists every character it would have accepted)."""

from __future__ import annotations

import re

from cafcass_kg.namespaces import PREFIXES

# A query's tokens: strings, IRIs, comments, variables, prefixed names and words, so that the words
# found are never part of a string, an IRI or a comment.
TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[?$]\w+|[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*|[A-Za-z_]\w*', re.DOTALL)
DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<")
SYNTAX_POSITION = re.compile(r"error at (?P<line>\d+):(?P<column>\d+): (?P<rest>.*)", re.DOTALL)
# What Oxigraph lists as expected: quoted keywords and punctuation; character ranges are noise to a person.
EXPECTED_WORD = re.compile(r'"([^"]+)"|\b([A-Z][A-Za-z]+|[a-z]+[A-Z][A-Za-z]*)\b')
MAX_EXPECTED = 12
QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
# What may come before a query's form: BASE and PREFIX declarations, with space and comments between.
PROLOGUE_PART = re.compile(r"\s+|#[^\n]*|BASE\s*<[^<>]*>|PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>]*>", re.I)
FIRST_WORD = re.compile(r"[A-Za-z_]\w*|\S")


def keywords(query: str) -> list[str]:
    """The words of a query outside its strings, IRIs and comments, upper-cased, in order (to tell
    its form, whether it names its own dataset, whether it reads named graphs)."""
    return [t.upper() for t in TOKENS.findall(query) if (t[0].isalpha() or t[0] == "_") and ":" not in t]


def undeclared_prefixes(query: str) -> list[str]:
    """The prefixes of prefixed names the query uses without a PREFIX line, in order of first use."""
    declared = {m.group(1) or "" for m in DECLARED.finditer(query)}
    used: list[str] = []
    for token in TOKENS.findall(query):
        if token[0] in "\"'<#?$" or ":" not in token:
            continue
        prefix = token.split(":", 1)[0]
        if prefix not in declared and prefix not in used and prefix.upper() not in ("HTTP", "HTTPS", "URN", "MAILTO"):
            used.append(prefix)
    return used


def prefix_line(prefix: str) -> str | None:
    """The PREFIX line the project knows for a prefix, or None."""
    namespace = PREFIXES.get(prefix)
    return f"PREFIX {prefix}: <{namespace}>" if namespace is not None else None


def with_known_prefixes(query: str) -> tuple[str, list[str]]:
    """The query with a PREFIX line added for each known prefix it uses without declaring, and the
    prefixes added (a query pasted from the examples or a competency file runs as it is)."""
    added = [p for p in undeclared_prefixes(query) if prefix_line(p)]
    if not added:
        return query, []
    return "".join(prefix_line(p) + "\n" for p in added) + query, added


def explain_syntax_error(query: str, message: str) -> str:
    """Why a query does not parse, for a person: an undeclared prefix names the PREFIX line to
    add; a query that does not start with its form (SELEC ...) is told the forms it may start with;
    otherwise the failing line with a caret under the column, and what was expected there."""
    missing = undeclared_prefixes(query)
    if "Prefix not found" in message and missing:
        lines = [f"the prefix '{p}:' is not declared: add the line {prefix_line(p) or f'PREFIX {p}: <...>'}" for p in missing]
        return "; ".join(lines)
    m = SYNTAX_POSITION.match(message)
    if not m:
        return message
    form = _form_mistake(query)
    if form is not None:  # Oxigraph says only "expected CONSTRUCT", somewhere after the misspelt word
        offset, reason = form
        line_number = query.count("\n", 0, offset) + 1
        return _pointed(query, line_number, offset - (query.rfind("\n", 0, offset) + 1) + 1) + "\n" + reason
    line_number, column = int(m["line"]), int(m["column"])
    expected = _expected_words(m["rest"])
    return _pointed(query, line_number, column) + (f"\nexpected one of: {', '.join(expected)}" if expected else "")


def _pointed(query: str, line_number: int, column: int) -> str:
    """The line of the query, with a caret under the column."""
    lines = query.split("\n")
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    caret = " " * (max(column, 1) - 1) + "^"
    return f"line {line_number}, column {column}:\n  {line}\n  {caret}"


def _form_mistake(query: str) -> tuple[int, str] | None:
    """Where a query's form (SELECT, CONSTRUCT, ASK, DESCRIBE) should be and why what is there is
    not one, or None when the query starts with one of them after its PREFIX and BASE lines."""
    at = 0
    while (part := PROLOGUE_PART.match(query, at)) and part.end() > at:
        at = part.end()
    found = FIRST_WORD.match(query, at)
    forms = f"{', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]}"
    if found is None:
        return at, f"the query has no form: after any PREFIX and BASE lines it must start with {forms}"
    word = found.group(0)
    if word.upper() in QUERY_FORMS:
        return None
    if word.upper() in ("PREFIX", "BASE"):
        written = "PREFIX name: <IRI>" if word.upper() == "PREFIX" else "BASE <IRI>"
        return at, f"this {word.upper()} line is malformed: it is written {written}"
    return at, f"the query must start with {forms} (after any PREFIX and BASE lines), not '{word}'"


def _expected_words(rest: str) -> list[str]:
    words: list[str] = []
    for quoted, bare in EXPECTED_WORD.findall(rest.split("expected one of", 1)[-1]):
        word = quoted or bare
        shown = word if word.isalpha() else f'"{word}"'  # punctuation quoted, or its commas would read as separators
        if word and shown not in words:
            words.append(shown)
    return words[:MAX_EXPECTED] + (["..."] if len(words) > MAX_EXPECTED else [])
