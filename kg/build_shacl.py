"""SHACL for the build: one record graph at a time against the project's shapes.

The ontology and vocabularies are read once and merged into every data graph (so `sh:class`
sees the concepts' types and the class hierarchy) together with the record triples checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.terms import ox_term

__all__ = [
    "Finding",
    "check_record_graph",
    "check_triples",
    "shapes_data_graph",
    "store_record_graphs",
    "validate_data",
]


@dataclass(frozen=True)
class Finding:
    """One SHACL result, reduced to what a report line needs."""

    severity: str
    focus_node: Node | None
    path: Node | None
    value: Node | None
    message: str

    @property
    def is_violation(self) -> bool:
        """Violations fail a build; warnings and infos are only reported."""
        return self.severity == "Violation"


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    from rdflib.namespace import RDF, RDFS

    from kg.vocab import ontology_graph

    # Shapes need only the concepts' types (sh:class) and the class hierarchy; leaving the
    # rest of the ontology out keeps every pySHACL run small.
    graph = Graph()
    for prop in (RDF.type, RDFS.subClassOf):
        for triple in ontology_graph().triples((None, prop, None)):
            graph.add(triple)
    return graph


def shapes_data_graph() -> Graph:
    """A fresh graph holding the ontology and vocabularies, to add record triples to."""
    base = Graph()
    for triple in _ontology():
        base.add(triple)
    base._scikg_ontology = len(base)  # type: ignore[attr-defined]  # see check_triples
    return base


@lru_cache(maxsize=1)
def fast_check() -> FastCheck | None:
    """The fast path for the project's shapes, or None when they use what it does not model."""
    if os.environ.get("SCIKG_SHACL_FAST", "1") == "0":
        return None
    from kg.validate import shapes_graph

    try:
        return FastCheck(shapes_graph(), _ontology())
    except _UnsupportedError:
        return None


def check_record_graph(base: Graph, record: Graph) -> list[Finding]:
    """SHACL findings for one record graph validated together with `base`."""
    return check_triples(base, record)


def check_triples(base: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> list[Finding]:
    """SHACL findings for `triples` validated together with `base` (left unchanged).

    A fresh graph per call: copying the ontology is cheaper than removing a batch of record
    triples from a shared graph again. When `base` is the unchanged ontology graph of
    `shapes_data_graph`, the fast path (`FastCheck`) skips pySHACL for batches on which it
    cannot report anything.
    """
    if getattr(base, "_scikg_ontology", None) == len(base):
        fast = fast_check()
        if fast is not None:
            triples = list(triples)
            if fast.clean(triples):
                return []
    from kg.validate import PreparedQueryGraph

    data = PreparedQueryGraph()
    for triple in base:
        data.add(triple)
    for triple in triples:
        data.add(triple)
    return validate_data(data)


def validate_data(data: Graph) -> list[Finding]:
    """Run the project's shapes over `data` (kg.validate) and return its findings."""
    from kg.validate import validate_graph

    report = validate_graph(data)
    return sorted(
        (
            Finding(
                severity=_local_name(result.severity),
                focus_node=result.focus_node,
                path=result.path,
                value=result.value,
                message=" ".join(str(result.message or "").split()),
            )
            for result in report.results
        ),
        key=lambda f: (str(f.focus_node), str(f.path), f.message),
    )


def _local_name(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def store_record_graphs(store: object) -> dict[str, Graph]:
    """Each record's named graph (`skd:graph/<docKey>`) of a pyoxigraph store as rdflib graphs."""
    import pyoxigraph as ox

    from kg.export import to_rdflib
    from kg.namespaces import graph_iri

    reserved = {str(graph_iri(name)) for name in ("ontology", "mesh", "inferred")}
    prefix = str(graph_iri("x"))[:-1]
    graphs: dict[str, Graph] = {}
    for name in sorted(store.named_graphs(), key=str):  # type: ignore[attr-defined]
        if not isinstance(name, ox.NamedNode) or name.value in reserved:
            continue
        if not name.value.startswith(prefix):
            continue
        quads = store.quads_for_pattern(None, None, None, name)  # type: ignore[attr-defined]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        graphs[name.value.removeprefix(prefix)] = to_rdflib(triples)
    return graphs


# -- the fast path: a check that can only answer "no SHACL result is possible" ------------------
#
# pySHACL costs about 50 ms per record (it builds every constraint object again for every focus
# node), far too slow for tens of thousands of records. Almost every record conforms, so each
# batch is first checked by plain Python compiled from the shapes graph. The check is
# conservative: it says "clean" only when pySHACL cannot report any result (violation, warning
# or info) for the batch; anything it does not understand, or any value that might fail, sends
# the whole batch to pySHACL, so the reported results are exactly pySHACL's.

_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DESCRIPTIVE = {
    _RDF_TYPE,
    _SH + "message",
    _SH + "severity",
    _SH + "name",
    _SH + "description",
    _SH + "order",
    _SH + "group",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
}
_NODE_KEYS = _DESCRIPTIVE | {_SH + "targetClass", _SH + "property", _SH + "sparql"}
_PROPERTY_KEYS = _DESCRIPTIVE | {
    _SH + name
    for name in (
        "path minCount maxCount datatype class pattern flags in nodeKind minInclusive "
        "maxInclusive minExclusive maxExclusive lessThan hasValue minLength maxLength"
    ).split()
}
_SPARQL_KEYS = _DESCRIPTIVE | {_SH + "select", _SH + "prefixes"}
_TARGETS = ("targetNode", "targetSubjectsOf", "targetObjectsOf")


_value_string = str
"""pySHACL's string of a value node for sh:pattern (set when a FastCheck is made)."""
_compare_literal = None
"""pySHACL's literal comparison for the range constraints (set when a FastCheck is made)."""


SPARQL_FILTER_MIN_SUBJECTS = 1000
"""Smaller batches are loaded whole for the SPARQL constraints: working out which triples
those can match parses their text with rdflib, 0.3 s, more than a small batch (a rebuild's)
saves. The answer is the same either way; only the amount loaded differs."""


class _UnsupportedError(Exception):
    """The shapes use something the fast path does not model: always use pySHACL."""


@dataclass
class _PropertyCheck:
    path: Node
    params: list[tuple[str, object]]


@dataclass
class _NodeCheck:
    classes: set[Node]
    properties: list[_PropertyCheck]
    sparql: list[str]


class FastCheck:
    """The shapes compiled to plain-Python checks.

    `clean(triples)` is True only if pySHACL, run on the ontology plus `triples`, would report
    nothing at all.
    """

    def __init__(self, shapes: Graph, base: Graph) -> None:
        from pyshacl.constraints.core.string_based_constraints import StringBasedConstraintBase
        from pyshacl.rdfutil.compare import compare_literal
        from rdflib.collection import Collection

        global _value_string, _compare_literal  # pySHACL is imported lazily
        _value_string = StringBasedConstraintBase.value_node_to_string
        _compare_literal = compare_literal

        sh = {name: URIRef(_SH + name) for name in ("targetClass", "property", "sparql")}
        self._base_index = _index(base)
        self._superclasses = _superclasses(base)
        self._type = URIRef(_RDF_TYPE)
        self._subclass = URIRef(_SUBCLASS)
        self._checks_of: dict[frozenset[Node], list[_NodeCheck]] = {}
        self._base_classes = {
            node: self._classes_of(by_p.get(self._type, ()))
            for node, by_p in self._base_index.items()
        }
        for name in _TARGETS:
            if any(True for _ in shapes.triples((None, URIRef(_SH + name), None))):
                raise _UnsupportedError(name)
        self.checks: list[_NodeCheck] = []
        for shape in set(shapes.subjects(sh["targetClass"], None)):
            keys = {str(p) for p in shapes.predicates(shape, None)}
            if keys - _NODE_KEYS:
                raise _UnsupportedError(f"{shape}: {sorted(keys - _NODE_KEYS)}")
            classes = set(shapes.objects(shape, sh["targetClass"]))
            properties = []
            for prop in shapes.objects(shape, sh["property"]):
                params: list[tuple[str, object]] = []
                path = None
                for p, o in shapes.predicate_objects(prop):
                    key = str(p)
                    if key not in _PROPERTY_KEYS:
                        raise _UnsupportedError(f"{prop}: {key}")
                    if key == _SH + "path":
                        if path is not None or not isinstance(o, URIRef):
                            raise _UnsupportedError(f"{prop}: path {o}")
                        path = o
                    elif key == _SH + "in":
                        params.append(("in", list(Collection(shapes, o))))
                    elif key == _SH + "pattern":
                        params.append(("pattern", o))
                    elif key == _SH + "flags":
                        raise _UnsupportedError(f"{prop}: flags")
                    elif key not in _DESCRIPTIVE:
                        params.append((key.removeprefix(_SH), o))
                if path is None:
                    raise _UnsupportedError(f"{prop}: no path")
                properties.append(_PropertyCheck(path, params))
            sparql = []
            for constraint in shapes.objects(shape, sh["sparql"]):
                sparql.append(_sparql_text(shapes, constraint))
            self.checks.append(_NodeCheck(classes, properties, sparql))
        self._checks_by_class: dict[Node, list[_NodeCheck]] = {}
        for check in self.checks:
            for cls in check.classes:
                self._checks_by_class.setdefault(cls, []).append(check)
        self.filter_min_subjects = SPARQL_FILTER_MIN_SUBJECTS
        self._sparql_filter: tuple[set[Node] | None, bool] | None = None
        self._base_quads = [
            ox.Quad(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in self._base_triples()
        ]

    # -- the check --------------------------------------------------------------------------
    def clean(self, triples: Iterable[tuple[Node, Node, Node]]) -> bool:
        """True when no SHACL result is possible for the ontology plus `triples`."""
        index: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            by_p = index.get(s)
            if by_p is None:
                by_p = index[s] = {}
            objects = by_p.get(p)
            if objects is None:
                by_p[p] = [o]
            else:
                objects.append(o)
        subclass = self._subclass
        if any(subclass in by_p for by_p in index.values()):
            return False  # the class hierarchy changes: let pySHACL decide
        base = self._base_index
        classes = dict(self._base_classes)
        for node, by_p in index.items():
            types = by_p.get(self._type)
            if types:
                classes[node] = classes.get(node, frozenset()) | self._classes_of(types)
        self._classes = classes
        sparql_focus: list[tuple[Node, list[str]]] = []
        checks_of = self._checks_of
        for focus, node_classes in classes.items():
            checks = checks_of.get(node_classes)
            if checks is None:
                checks = checks_of[node_classes] = list(
                    {
                        id(c): c for cls in node_classes for c in self._checks_by_class.get(cls, ())
                    }.values()
                )
            if not checks:
                continue
            values = _Values(focus, index, base)
            for check in checks:
                for prop in check.properties:
                    if not self._property_ok(prop, values.get(prop.path), values, index):
                        return False
                if check.sparql:
                    sparql_focus.append((focus, check.sparql))
        return not sparql_focus or self._sparql_clean(sparql_focus, index)

    def _classes_of(self, types: Iterable[Node]) -> frozenset[Node]:
        found: set[Node] = set()
        for t in types:
            found.update(self._superclasses.get(t, (t,)))
        return frozenset(found)

    def _is_instance(self, node: Node, cls: Node, index: dict) -> bool:
        return cls in self._classes.get(node, ())

    def _property_ok(self, prop: _PropertyCheck, values: list[Node], focus_values, index) -> bool:
        distinct = set(values)
        for name, arg in prop.params:
            if name == "minCount":
                if len(distinct) < int(arg.value):  # type: ignore[attr-defined]
                    return False
            elif name == "maxCount":
                if len(distinct) > int(arg.value):  # type: ignore[attr-defined]
                    return False
            elif name == "hasValue":
                if arg not in distinct:
                    return False
            elif name == "datatype":
                if not all(_datatype_ok(v, arg) for v in distinct):
                    return False
            elif name == "class":
                if not all(
                    not isinstance(v, Literal) and self._is_instance(v, arg, index)
                    for v in distinct
                ):
                    return False
            elif name == "nodeKind":
                kinds = {_SH + "IRI": (URIRef,), _SH + "Literal": (Literal,)}
                wanted = kinds.get(str(arg))
                if wanted is None or not all(isinstance(v, wanted) for v in distinct):
                    return False
            elif name == "pattern":
                if not all(_pattern_ok(v, arg) for v in distinct):
                    return False
            elif name == "in":
                if not all(v in arg for v in distinct):  # type: ignore[operator]
                    return False
            elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                if not all(_range_ok(v, arg, name) for v in distinct):
                    return False
            elif name in ("minLength", "maxLength"):
                for v in distinct:
                    if isinstance(v, BNode):
                        return False
                    size = len(str(v))
                    limit = int(arg.value)  # type: ignore[attr-defined]
                    if (size < limit) if name == "minLength" else (size > limit):
                        return False
            elif name == "lessThan":
                others = focus_values.get(arg)
                for v in distinct:
                    for w in others:
                        if not (_number(v) is not None and _number(w) is not None):
                            return False
                        if not _number(v) < _number(w):
                            return False
            else:
                return False
        return True

    def _sparql_clean(self, focus: list[tuple[Node, list[str]]], index: dict) -> bool:
        """Run each SPARQL constraint (pyoxigraph, on the batch) with $this pre-bound.

        Only the triples a constraint could match are loaded (see `_matchable`).
        """
        store = ox.Store()
        store.extend(self._base_quads)
        wanted, focus_triples = (
            self._matchable() if len(index) >= self.filter_min_subjects else (None, False)
        )
        focus_nodes = {node for node, _texts in focus} if focus_triples else set()
        quads = []
        for s, by_p in index.items():
            subject = None
            everything = wanted is None or s in focus_nodes
            for p, objects in by_p.items():
                if everything or p in wanted:  # type: ignore[operator]
                    subject = subject or ox_term(s)
                    predicate = ox_term(p)
                    quads.extend(ox.Quad(subject, predicate, ox_term(o)) for o in objects)
        store.extend(quads)
        this = ox.Variable("this")
        for node, texts in focus:
            binding = {this: ox_term(node)}
            for text in texts:
                if any(True for _ in store.query(text, substitutions=binding)):
                    return False
        return True

    def _matchable(self) -> tuple[set[Node] | None, bool]:
        """(predicates, focus) of the triples a SPARQL constraint can match.

        The predicates it names (None: any), and whether it asks for `$this ?p ?o`.
        """
        if self._sparql_filter is None:
            predicates: set[Node] | None = set()
            focus_triples = False
            for check in self.checks:
                for text in check.sparql:
                    needed = _matchable(text)
                    if needed is None or predicates is None:
                        predicates = None
                    else:
                        predicates |= needed[0]
                        focus_triples |= needed[1]
            self._sparql_filter = (predicates, focus_triples)
        return self._sparql_filter

    def _base_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for s, by_p in self._base_index.items():
            for p, objects in by_p.items():
                for o in objects:
                    yield s, p, o


class _Values:
    """Values of a focus node in the batch plus the ontology."""

    def __init__(self, focus: Node, index: dict, base: dict) -> None:
        self.a = index.get(focus, {})
        self.b = base.get(focus, {})

    def get(self, path: Node) -> list[Node]:
        return [*self.a.get(path, ()), *self.b.get(path, ())]


def _index(graph: Graph) -> dict[Node, dict[Node, list[Node]]]:
    index: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in graph:
        index.setdefault(s, {}).setdefault(p, []).append(o)
    return index


def _superclasses(graph: Graph) -> dict[Node, set[Node]]:
    """Class -> itself and every class above it (rdfs:subClassOf*)."""
    from rdflib import URIRef

    direct: dict[Node, set[Node]] = {}
    for s, o in graph.subject_objects(URIRef(_SUBCLASS)):
        direct.setdefault(s, set()).add(o)
    closure: dict[Node, set[Node]] = {}
    for start in direct:
        seen = {start}
        todo = [start]
        while todo:
            for up in direct.get(todo.pop(), ()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        closure[start] = seen
    return closure


def _sparql_text(shapes: Graph, constraint: Node) -> str:
    from rdflib import URIRef

    keys = {str(p) for p in shapes.predicates(constraint, None)}
    if keys - _SPARQL_KEYS:
        raise _UnsupportedError(f"{constraint}: {sorted(keys - _SPARQL_KEYS)}")
    selects = list(shapes.objects(constraint, URIRef(_SH + "select")))
    if len(selects) != 1:
        raise _UnsupportedError(f"{constraint}: {len(selects)} selects")
    text = str(selects[0])
    if "$shapesGraph" in text or "$currentShape" in text or "$value" in text:
        raise _UnsupportedError(f"{constraint}: pre-bound variables other than $this")
    lines = []
    for holder in shapes.objects(constraint, URIRef(_SH + "prefixes")):
        if any(
            True for _ in shapes.objects(holder, URIRef("http://www.w3.org/2002/07/owl#imports"))
        ):
            raise _UnsupportedError(f"{holder}: owl:imports")
        for declaration in shapes.objects(holder, URIRef(_SH + "declare")):
            prefix = shapes.value(declaration, URIRef(_SH + "prefix"))
            namespace = shapes.value(declaration, URIRef(_SH + "namespace"))
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join([*lines, text])


def _matchable(text: str) -> tuple[set[Node], bool] | None:
    """The predicates a query's triple patterns and paths name, and if it has `$this ?p ?o`.

    None when some pattern could match a triple of any predicate.
    """
    from rdflib.paths import NegatedPath, Path
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    try:
        algebra = prepareQuery(text).algebra
    except Exception:
        return None
    predicates: set[Node] = set()
    focus = False
    seen: set[int] = set()
    todo: list[object] = [algebra]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            triples = item.get("triples")
            if isinstance(triples, list):
                for triple in triples:
                    if not (isinstance(triple, tuple | list) and len(triple) == 3):
                        return None
                    subject, predicate, _object = triple
                    if isinstance(predicate, URIRef):
                        predicates.add(predicate)
                    elif isinstance(predicate, Variable):
                        if str(subject) != "this":
                            return None
                        focus = True
                    elif isinstance(predicate, Path):
                        found = _path_predicates(predicate, NegatedPath)
                        if found is None:
                            return None
                        predicates |= found
                    else:
                        return None
            todo.extend(item.values())
        elif isinstance(item, list | tuple | set):
            todo.extend(item)
    return predicates, focus


def _path_predicates(path: object, negated: type) -> set[Node] | None:
    if isinstance(path, URIRef):
        return {path}
    if isinstance(path, negated):
        return None
    found: set[Node] = set()
    for part in [getattr(path, name) for name in ("args", "path", "arg") if hasattr(path, name)]:
        for sub in part if isinstance(part, list | tuple) else [part]:
            more = _path_predicates(sub, negated)
            if more is None:
                return None
            found |= more
    return found if found else None


def _datatype_ok(value: Node, datatype: object) -> bool:
    """PySHACL's sh:datatype test, for the datatypes it checks; False for anything else."""
    if not isinstance(value, Literal) or value.language is not None:
        return False
    name = str(datatype)
    if value.datatype is None:
        return name == _XSD + "string" and isinstance(value.value, str)
    if value.datatype != datatype or getattr(value, "ill_typed", None) is True:
        return False
    python = value.value
    expected = {
        _XSD + "string": str,
        _XSD + "integer": int,
        _XSD + "decimal": Decimal,
        _XSD + "double": float,
        _XSD + "boolean": bool,
    }.get(name)
    if expected is not None:
        if expected is int and isinstance(python, bool):
            return False
        return isinstance(python, expected)
    if name == _XSD + "duration":
        # pySHACL accepts any well-typed duration; rdflib parses them to (relative) deltas
        return python is not None and (
            isinstance(python, timedelta) or type(python).__name__ == "Duration"
        )
    return False


def _pattern_ok(value: Node, pattern: object) -> bool:
    if isinstance(value, BNode):
        return False
    regex = _regex(str(pattern.value if isinstance(pattern, Literal) else pattern))
    return regex.match(_value_string(value)) is not None


@lru_cache(maxsize=256)
def _regex(pattern: str):  # type: ignore[no-untyped-def]
    import re

    return re.compile(pattern)


def _range_ok(value: Node, bound: object, name: str) -> bool:
    """PySHACL's range tests (same comparison function); False when it could fail."""
    if not isinstance(value, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(value.value, str) != isinstance(bound.value, str):
        return False
    try:
        cmp = _compare_literal(value, bound)
    except (TypeError, NotImplementedError):
        return False
    if name == "minInclusive":
        return cmp >= 0
    if name == "maxInclusive":
        return cmp <= 0
    if name == "minExclusive":
        return cmp > 0
    return cmp < 0


def _number(value: Node) -> object:
    if not isinstance(value, Literal) or getattr(value, "ill_typed", None) is True:
        return None
    python = value.value
    if isinstance(python, bool) or not isinstance(python, int | float | Decimal):
        return None
    if python != python:  # NaN
        return None
    return python
