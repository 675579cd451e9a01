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
    add; otherwise the failing line with a caret under the column, and what was expected there."""
    missing = undeclared_prefixes(query)
    if "Prefix not found" in message and missing:
        lines = [f"the prefix '{p}:' is not declared: add the line {prefix_line(p) or f'PREFIX {p}: <...>'}" for p in missing]
        return "; ".join(lines)
    m = SYNTAX_POSITION.match(message)
    if not m:
        return message
    line_number, column = int(m["line"]), int(m["column"])
    lines = query.split("\n")
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    expected = _expected_words(m["rest"])
    caret = " " * (max(column, 1) - 1) + "^"
    said = f"line {line_number}, column {column}:\n  {line}\n  {caret}"
    return said + (f"\nexpected one of: {', '.join(expected)}" if expected else "")


def _expected_words(rest: str) -> list[str]:
    words: list[str] = []
    for quoted, bare in EXPECTED_WORD.findall(rest.split("expected one of", 1)[-1]):
        word = quoted or bare
        shown = word if word.isalpha() else f'"{word}"'  # punctuation quoted, or its commas would read as separators
        if word and shown not in words:
            words.append(shown)
    return words[:MAX_EXPECTED] + (["..."] if len(words) > MAX_EXPECTED else [])
