from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cafcass_kg.cli import main
from cafcass_kg.resources import query_files


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(main.commands)], ids=lambda c: c[0] if c else "main")
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert all(name in result.output for name in main.commands) if not command else "Options:" in result.output


def test_the_commands_are_the_documented_ones():
    # A new command is listed by --help above and must be described in the README.
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert set(main.commands) == {"build", "docs", "dump", "evaluate", "export", "query", "serve", "validate"}
    assert all(f"cafcass-kg {name}" in readme for name in main.commands)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("g") / "kg.trig"
    result = CliRunner().invoke(main, ["build", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "5 documents loaded, 0 skipped" in result.stderr
    return out


def test_build_summary_counts_entities_by_class(graph_file):
    result = CliRunner().invoke(main, ["build", "-q", "-o", str(graph_file)])
    assert "ckg:Judgement" in result.stderr and "qb:Observation" in result.stderr


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: len(json.loads(out)["results"]["bindings"]) == 15),
    ("csv", lambda out: out.splitlines()[0].startswith("reference,group,evaluationArea") and len(out.splitlines()) == 16),
    ("tsv", lambda out: out.splitlines()[0].startswith("?reference\t") and len(out.splitlines()) == 16),
    ("table", lambda out: "Ambition and prioritisation" in out),
])
def test_query_formats(graph_file, fmt, check):
    cq10 = next(p for p in query_files() if p.name.startswith("cq10"))
    result = CliRunner().invoke(main, ["query", str(cq10), "--graph", str(graph_file), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert check(result.stdout)


def test_construct_query_gives_a_graph(graph_file, tmp_path):
    q = tmp_path / "c.rq"
    q.write_text("CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 3")
    result = CliRunner().invoke(main, ["query", str(q), "--graph", str(graph_file), "--format", "ntriples"])
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 3


def test_a_query_that_fails_while_running_is_a_message_not_a_traceback(graph_file, tmp_path):
    q = tmp_path / "remote.rq"
    q.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    result = CliRunner().invoke(main, ["query", str(q), "--graph", str(graph_file)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the query failed:") and "Traceback" not in result.output


def test_the_readme_lists_the_formats_of_the_registry():
    """The format registry feeds the commands' choices; the README's usage lines must say the same."""
    from cafcass_kg import formats

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"--format {'|'.join(formats.names('results'))}" in readme
    assert f"CONSTRUCT: {'|'.join(formats.names('graph', 'dataset'))}" in readme
    assert f"validate [--graph FILE] [--format {'|'.join(formats.names('report'))}]" in readme
    assert f"export [--graph FILE] [--format {'|'.join(formats.names('export'))}]" in readme


def test_a_query_without_its_prefix_lines_runs_with_the_known_ones_declared(graph_file, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(?i) AS ?n) WHERE { ?i a ckg:Inspection ; rdfs:label ?label }")
    result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph_file), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "declared ckg:, rdfs:" in result.stderr
    assert int(result.stdout.splitlines()[1]) > 0


def test_a_query_that_does_not_parse_is_shown_with_a_caret_and_an_unknown_prefix_named(graph_file, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?x WHERE {\n  ?x a ?type .\n  FILTER(?type = ) }")
    result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph_file)])
    assert result.exit_code == 2
    assert "line 3, column" in result.stderr and "FILTER(?type = ) }" in result.stderr
    caret_line = next(line for line in result.stderr.splitlines() if line.strip() == "^")
    assert len(caret_line) > 5  # under the failing column, not at the start
    query.write_text("SELECT ?x WHERE { ?x nope:thing ?y }")
    result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph_file)])
    assert result.exit_code == 2 and "the prefix 'nope:' is not declared" in result.stderr
    assert "\\u{" not in result.stderr  # not the parser's list of Unicode ranges



def test_docs_writes_the_ontology_documentation_as_one_page(tmp_path):
    from cafcass_kg.ontology_docs import describe_ontology

    out = tmp_path / "ontology.html"
    result = CliRunner().invoke(main, ["docs", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    docs = describe_ontology()
    assert len(docs.classes) > 10 and len(docs.properties) > 40
    for term in docs.classes + docs.properties:  # every term, by its prefixed name, with its definition
        assert f'id="{term.name}"' in page
    grade = next(t for t in docs.properties if t.name == "ckg:grade")
    assert grade.domain == ["ckg:Judgement"] and grade.range == ["skos:Concept"]
    assert "<script" not in page and "<link" not in page  # one file that loads nothing


# ---- the graph a build may write --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["out.json", "out.ttl", "out.trig.bak"])
def test_a_build_output_it_cannot_write_is_refused_before_any_document_is_read(tmp_path, name):
    out = tmp_path / name
    # A missing input would be the error if the documents were read first.
    result = CliRunner().invoke(main, ["build", "-q", "--no-validate", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert str(out) in message and "missing.txt" not in message and "documents loaded" not in message
    assert ".trig" in message and ".nq" in message and ".oxigraph" in message  # what is accepted
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_build_output_without_a_suffix_is_a_store_folder(tmp_path):
    out = tmp_path / "graph"
    result = CliRunner().invoke(main, ["build", "-q", "--no-validate", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.is_dir() and f"wrote {out}" in result.stderr
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cafcass-kg/def/Inspection> }")
    counted = CliRunner().invoke(main, ["query", str(query), "--graph", str(out), "--format", "csv"])
    assert counted.exit_code == 0 and int(counted.stdout.splitlines()[1]) == 6


# ---- summaries and messages -------------------------------------------------------------------------

def test_the_validation_summary_counts_in_singular_and_plural(graph_file):
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.stderr
    headline = result.stdout.splitlines()[0]
    # The corpus graph has one warning, five documents and no violation or info.
    assert headline.startswith("The graph conforms: 0 violations, 1 warning, 0 infos (5 document graphs, "), headline
    assert "1 warnings" not in result.stdout


@pytest.mark.parametrize("text, where", [
    ("SELEC * WHERE { ?s ?p ?o }", "SELEC"),
    ("PREFIX ckg: <https://w3id.org/cafcass-kg/def/>\n# a comment\nSELCT ?x WHERE { ?x a ckg:Inspection }", "SELCT"),
    ("{ ?s ?p ?o }", "{"),
])
def test_a_misspelt_query_form_is_named_with_the_forms_a_query_starts_with(graph_file, tmp_path, text, where):
    query = tmp_path / "q.rq"
    query.write_text(text)
    result = CliRunner().invoke(main, ["query", str(query), "--graph", str(graph_file)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "must start with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE lines)" in result.stderr
    assert f"not '{where}'" in result.stderr and "expected CONSTRUCT" not in result.stderr
    lines = result.stderr.splitlines()
    caret = next(i for i, line in enumerate(lines) if line.strip() == "^")
    assert lines[caret - 1].index(where) == lines[caret].index("^")  # the caret is under the misspelt word


# ---- serve ------------------------------------------------------------------------------------------

def test_serve_on_a_port_in_use_says_so_and_exits_non_zero(graph_file):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--graph", str(graph_file), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"127.0.0.1:{port}" in result.stderr and "the port is in use" in result.stderr
    assert "serving on" not in result.output and "Traceback" not in result.output


def test_serve_says_it_is_serving_once_listening_and_tells_the_app_its_graph(graph_file, monkeypatch):
    import signal

    import waitress

    started = {}

    class Listening:  # waitress's server, as far as serve uses it: it has bound its port
        def run(self):
            started["ran"] = True

    def create_server(app, **options):
        started.update(app=app, options=options)
        return Listening()

    monkeypatch.setattr(waitress, "create_server", create_server)
    before = signal.getsignal(signal.SIGTERM)
    try:
        result = CliRunner().invoke(main, ["serve", "--graph", str(graph_file), "--port", "5999"])
    finally:
        signal.signal(signal.SIGTERM, before)  # serve sets its own handler for the process
    assert result.exit_code == 0, result.output
    assert started["ran"] and started["options"]["port"] == 5999
    assert "serving on http://127.0.0.1:5999/" in result.stderr
    assert started["app"].config["GRAPH_PATH"] == graph_file.resolve()
