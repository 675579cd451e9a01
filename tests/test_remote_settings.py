"""The remote store's settings and the client's reading of answers, without a store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner

from cafcass_kg.cli import main
from cafcass_kg.errors import UsageError
from cafcass_kg.store.remote import (EMPTY_GRAPH, RemoteStore, StoreSettings, duration_from_number, parse_answer as _parse_answer,
                               keywords, query_form, store_settings)


def test_no_store_setting_means_the_embedded_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert store_settings(environ={}) is None


def test_the_command_line_overrides_the_environment_which_overrides_the_config_file(tmp_path):
    config = tmp_path / "kg.toml"
    config.write_text('[store]\nstore = "http://file/sparql"\nupdate = "http://file/update"\nuser = "u"\n'
                      'password = "secret-from-file"\nretries = 2\n', encoding="utf-8")
    env = {"CAFCASS_KG_STORE_UPDATE": "http://env/update", "CAFCASS_KG_STORE_TIMEOUT": "5"}
    found = store_settings("http://cli/sparql", config=config, environ=env)
    assert (found.query, found.update, found.user, found.password) == ("http://cli/sparql", "http://env/update", "u",
                                                                       "secret-from-file")
    assert (found.timeout, found.retries, found.keep_alive) == (5.0, 2, True)
    assert store_settings("http://cli/sparql", environ={"CAFCASS_KG_STORE_KEEP_ALIVE": "no"}).keep_alive is False
    assert "secret-from-file" not in repr(found)


def test_the_config_file_is_found_by_the_environment(tmp_path):
    config = tmp_path / "elsewhere.toml"
    config.write_text('[store]\nstore = "http://file/sparql"\n', encoding="utf-8")
    assert store_settings(environ={"CAFCASS_KG_CONFIG": str(config)}).query == "http://file/sparql"


@pytest.mark.parametrize("text, message", [
    ('[store]\nstore = "http://x/sparql"\npasword = "typo"\n', "unknown settings: pasword"),
    ('[store\nstore = "x"', "not valid TOML"),
    ('[store]\nstore = "ftp://x/sparql"\n', r"bad.toml \[store\] store: 'ftp://x/sparql' is not an http\(s\) URL"),
    ('[store]\nstore = "http://x/sparql"\ntimeout = "soon"\n', "bad.toml \\[store\\] timeout: 'soon' is not a number"),
])
def test_a_bad_config_file_is_named_with_the_reason(tmp_path, text, message):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        store_settings(config=config, environ={})


def test_credentials_in_a_url_are_refused_and_not_repeated():
    result = CliRunner().invoke(main, ["query", "-", "--store", "http://admin:hunter2@db.example/sparql"], input="ASK {}")
    assert result.exit_code == 2
    assert "must not carry credentials" in result.stderr and "hunter2" not in result.output


def test_a_graph_file_and_a_store_are_not_both_given(tmp_path):
    result = CliRunner().invoke(main, ["query", "-", "--graph", "kg.trig", "--store", "http://db.example/sparql"], input="ASK {}")
    assert result.exit_code == 2 and "give one of them" in result.stderr


def test_keywords_ignore_strings_iris_comments_variables_and_prefixed_names():
    query = '''PREFIX from: <http://example.org/graph#FROM>
    SELECT ?from WHERE { ?s from:graph "FROM GRAPH" . # FROM <x>
      ?s ?p 'graph' }'''
    assert "FROM" not in keywords(query) and "GRAPH" not in keywords(query)
    assert "FROM" in keywords("SELECT * FROM <http://x> WHERE { ?s ?p ?o }")
    assert query_form(keywords("PREFIX a: <x> CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { ?s ?p ?o } } }")) == "CONSTRUCT"
    assert query_form(keywords("# ASK\nDESCRIBE <x>")) == "DESCRIBE"


def test_a_query_is_sent_with_the_merge_as_default_graph_and_names_graphs_only_when_it_reads_them():
    store = RemoteStore(StoreSettings("http://db.example/sparql"))
    store._graphs = (float("inf"), ("http://merge/1", ["http://g/1", "http://g/2"]))  # as read from the store
    assert store._dataset(keywords("SELECT * { ?s ?p ?o }"), None, None) == [
        ("default-graph-uri", "http://merge/1"), ("named-graph-uri", EMPTY_GRAPH)]
    assert ("named-graph-uri", "http://g/2") in store._dataset(keywords("SELECT * { GRAPH ?g { ?s ?p ?o } }"), None, None)
    assert store._dataset(keywords("SELECT * FROM <http://g/1> { ?s ?p ?o }"), None, None) == []
    # The protocol's dataset is passed on; a part it leaves out is empty, as the protocol says.
    assert store._dataset([], [ox.NamedNode("http://g/1")], []) == [
        ("default-graph-uri", "http://g/1"), ("named-graph-uri", EMPTY_GRAPH)]


@pytest.mark.parametrize("number, duration", [("12", "P1Y"), ("3", "P3M"), ("18", "P1Y6M"), ("0", "P0M"),
                                              ("86400.0", "P1D"), ("90061.5", "P1DT1H1M1.5S"), ("-6", "-P6M")])
def test_a_duration_given_back_as_a_number_is_written_as_a_duration(number, duration):
    assert duration_from_number(number) == duration


def answer(body: bytes, mimetype: str) -> requests.Response:
    response = requests.Response()
    response._content = body
    response.headers["Content-Type"] = mimetype
    response.status_code = 200
    return response


def test_answers_with_virtuosos_blank_nodes_and_durations_are_read():
    body = (b'{"head": {"vars": ["s", "d", "e"]}, "results": {"bindings": [{"s": {"type": "bnode", "value": "nodeID://b10003"}, '
            b'"d": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#duration", "value": "12"}, '
            b'"e": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#duration", "value": "P2D"}}]}}')
    row = next(iter(_parse_answer(answer(body, "application/sparql-results+json"))))
    assert isinstance(row["s"], ox.BlankNode)
    assert (row["d"].value, row["e"].value) == ("P1Y", "P2D")
    triples = list(_parse_answer(answer(b'<http://s> <http://p> "86400.0"^^<http://www.w3.org/2001/XMLSchema#duration> .\n',
                                        "application/n-triples; charset=UTF-8")))
    assert triples[0].object.value == "P1D"


def test_an_answer_in_an_unexpected_format_is_a_clear_error():
    from cafcass_kg.errors import StoreError

    with pytest.raises(StoreError, match="unexpected format 'text/html'"):
        _parse_answer(answer(b"<html>login</html>", "text/html"))
