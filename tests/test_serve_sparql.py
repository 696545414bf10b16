"""The endpoint's query checks and content negotiation, without a server."""

from __future__ import annotations

import pytest

from kg.serve.sparql import MAX_QUERY_BYTES, QueryRejected, check_query, negotiate, query_form


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * { ?s ?p ?o }", "select"),
        ("PREFIX ex: <http://example.org/select#> ask { ?s ?p ?o }", "ask"),
        ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("BASE <http://example.org/> DESCRIBE <x>", "describe"),
    ],
)
def test_query_form_skips_comments_and_iris(query: str, form: str) -> None:
    assert query_form(query) == form
    assert check_query(query) == form


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://example.org/> {}" }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://example.org/sparql> { }",
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "SELECT ?service { ?service ?p ?o }",
        "SELECT * { ?s ?p '''INSERT DATA { <a:b> <a:b> <a:b> }''' }",
    ],
)
def test_keywords_inside_strings_comments_iris_and_variables_are_not_refused(query: str) -> None:
    assert check_query(query) == "select"


@pytest.mark.parametrize(
    ("query", "allowed", "ok"),
    [
        ("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", set(), False),
        ("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
         {"query.wikidata.org"}, True),
        ("SELECT * { SERVICE <https://evil.example/sparql> { ?s ?p ?o } }",
         {"query.wikidata.org"}, False),
        ("PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE w:sparql { ?s ?p ?o } }",
         {"query.wikidata.org"}, True),
        ("SELECT * { SERVICE ?anywhere { ?s ?p ?o } }", {"query.wikidata.org"}, False),
        ("SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", {"localhost"}, False),
    ],
)
def test_service_only_to_allowed_hosts(query: str, allowed: set[str], ok: bool) -> None:
    if ok:
        assert check_query(query, frozenset(allowed)) == "select"
    else:
        with pytest.raises(QueryRejected) as error:
            check_query(query, frozenset(allowed))
        assert error.value.status == 403


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a:b> <a:b> <a:b> }",
        "PREFIX x: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * {} ; DROP ALL",
    ],
)
def test_updates_are_403(query: str) -> None:
    with pytest.raises(QueryRejected) as error:
        check_query(query)
    assert error.value.status == 403


def test_size_limit_and_non_queries() -> None:
    with pytest.raises(QueryRejected) as error:
        check_query("SELECT * {}" + " " * MAX_QUERY_BYTES)
    assert error.value.status == 413
    with pytest.raises(QueryRejected) as error:
        check_query("hello")
    assert error.value.status == 400


@pytest.mark.parametrize(
    ("form", "accept", "fmt", "key"),
    [
        ("select", None, None, "json"),
        ("select", "text/csv;q=0.5, application/sparql-results+xml", None, "xml"),
        ("select", "text/html,*/*;q=0.8", None, "json"),
        ("select", "application/sparql-results+xml", "tsv", "tsv"),
        ("construct", None, None, "turtle"),
        ("construct", "application/ld+json", None, "jsonld"),
        ("describe", "application/rdf+xml;q=0.9, text/turtle;q=0.1", None, "rdfxml"),
        ("ask", "application/sparql-results+json", None, "json"),
    ],
)
def test_negotiation(form: str, accept: str | None, fmt: str | None, key: str) -> None:
    assert negotiate(form, accept, fmt) == key


@pytest.mark.parametrize(
    ("form", "accept", "fmt"),
    [("select", "image/png", None), ("select", None, "turtle"), ("construct", None, "csv")],
)
def test_unavailable_formats_are_406(form: str, accept: str | None, fmt: str | None) -> None:
    with pytest.raises(QueryRejected) as error:
        negotiate(form, accept, fmt)
    assert error.value.status == 406
