"""The SHACL fast path calls a batch clean only when pySHACL reports nothing on it."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.build import load_records, to_rdf
from kg.build_shacl import check_triples, fast_check, shapes_data_graph, validate_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synth import write_corpus

EXAMPLES = Path(__file__).parent / "shapes"


def _pyshacl(triples: list) -> list:
    data = shapes_data_graph()
    for triple in triples:
        data.add(triple)
    try:
        return validate_data(data)
    except Exception as exc:
        return [exc]


@pytest.fixture(scope="module", params=["whole batch", "matchable triples only"])
def fast(request: pytest.FixtureRequest):
    check = fast_check()
    assert check is not None, "the project's shapes should be covered by the fast path"
    # the SPARQL constraints see the whole batch, or only the triples they can match
    saved = check.filter_min_subjects
    check.filter_min_subjects = 10**9 if request.param == "whole batch" else 0
    yield check
    check.filter_min_subjects = saved


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.ttl")), ids=lambda p: p.name)
def test_shape_examples(fast, path: Path) -> None:
    triples = list(Graph().parse(path, format="turtle"))
    findings = _pyshacl(triples)
    if fast.clean(triples):
        assert findings == []
    if path.parent.name == "invalid":
        assert not fast.clean(triples)


def test_synthetic_records_and_their_mutations(fast, tmp_path: Path) -> None:
    parsed = to_rdf(load_records([write_corpus(tmp_path / "corpus", 6)]))
    rnd = random.Random(7)  # noqa: S311 - a seeded test, not cryptography
    cleaned = 0
    for item in parsed:
        triples = list(item.rdf.triples)
        assert fast.clean(triples) == (_pyshacl(triples) == [])
        for _ in range(20):
            mutated = list(triples)
            i = rnd.randrange(len(mutated))
            s, p, o = mutated[i]
            replacement = rnd.choice(
                [
                    None,
                    Literal(str(o)),
                    Literal(-5, datatype=XSD.integer),
                    Literal(10**6, datatype=XSD.integer),
                    Literal("abc", datatype=XSD.integer),
                    Literal(str(o), datatype=XSD.string),
                    Literal(str(o), datatype=XSD.decimal),
                    URIRef("http://example.org/x"),
                    BNode(),
                    mutated[rnd.randrange(len(mutated))][2],
                ]
            )
            if replacement is None:
                del mutated[i]
            else:
                mutated[i] = (s, p, replacement)
            if fast.clean(mutated):
                cleaned += 1
                assert _pyshacl(mutated) == [], (p, replacement)
    assert cleaned  # some mutations keep the record valid


def test_check_triples_same_findings_with_and_without_fast_path(monkeypatch, tmp_path) -> None:
    parsed = to_rdf(load_records([write_corpus(tmp_path / "corpus", 3)]))
    triples = [t for item in parsed for t in item.rdf.triples]
    bad = [t for t in triples if not str(t[1]).endswith("/title")]  # every study needs one
    assert check_triples(shapes_data_graph(), bad)
    for batch in (triples, bad):
        with_fast = check_triples(shapes_data_graph(), batch)
        monkeypatch.setattr("kg.build_shacl.fast_check", lambda: None)
        without = check_triples(shapes_data_graph(), batch)
        monkeypatch.undo()
        assert with_fast == without
