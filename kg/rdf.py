"""One study record as RDF triples, following docs/data-model.md.

`record_rdf` returns the graph together with the table that ties every record JSON pointer to
the (node, property) holding its value. Evidence nodes are made from that table, and SHACL
results are reported back as record fields through it, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePosixPath

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg import namespaces as _ns
from kg.namespaces import MESH, OBO, document_iri, record_iri, study_iri
from kg.rdf_terms import vocabulary_terms
from kg.record import Arm, StudyRecord
from kg.terms import TERM_CACHE_SIZE

__all__ = ["SPINAL_CORD_INJURIES", "RecordRdf", "default_doc_key", "record_graph", "record_rdf"]

SPINAL_CORD_INJURIES = "D013119"
"""The MeSH descriptor every study in the graph is indexed with."""
NO_PRODUCT = "none"
"""The product-kind code of placebo and rehabilitation-only arms."""
IMPROVED = "improved"
"""The direction code of an improvement (`kg.record.Direction`)."""
_CONDITION = OBO["MONDO_0043797"]  # spinal cord injury (MONDO)


class _Terms:
    """A namespace whose terms are made once.

    rdflib builds and checks a new URIRef on every attribute access, which was a large part of
    converting a record.
    """

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, OA, PROV, QUDT, RDF, RDFS, SK, XSD = (
    _Terms(namespace)  # type: ignore[assignment]
    for namespace in (_ns.DCTERMS, _ns.OA, _ns.PROV, _ns.QUDT, _ns.RDF, _ns.RDFS, _ns.SK, _ns.XSD)
)

Value = str | int | float | bool | URIRef | Literal


@lru_cache(maxsize=TERM_CACHE_SIZE, typed=True)
def _plain(text: str) -> Literal:
    """Literal(text), made once per text (the evidence pointers recur in every record)."""
    return Literal(text)


@lru_cache(maxsize=TERM_CACHE_SIZE, typed=True)
def _integer(value: int) -> Literal:
    """An xsd:integer literal, made once per value (offsets recur across records)."""
    return Literal(value, datatype=_ns.XSD.integer)


Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(eq=False)
class RecordRdf:
    """A record's triples plus the pointer table that links them back to record fields."""

    triples: dict[Triple, None] = field(default_factory=dict)
    """The triples in the order they were made (a dict: ordered and duplicate-free)."""
    pointers: dict[str, tuple[URIRef, URIRef]] = field(default_factory=dict)
    """record JSON pointer -> (node that holds the value, property)."""
    nodes: dict[URIRef, str] = field(default_factory=dict)
    """node -> JSON pointer of the record object it stands for ("" is the record itself)."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(field, message) for evidence pointers that name no field of the record."""
    _graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (made on first use: rdflib adds are slow)."""
        if self._graph is None:
            self._graph = Graph()
            for triple in self.triples:
                self._graph.add(triple)
        return self._graph

    def pointer_of(self, node: Node | None, path: Node | None = None) -> str:
        """The record field a (focus node, property path) pair stands for, e.g. /arms/0/route."""
        best: str | None = None
        for pointer, (holder, prop) in self.pointers.items():
            if holder == node and prop == path and (best is None or len(pointer) < len(best)):
                best = pointer
        if best is None:
            best = self.nodes.get(node, "") if isinstance(node, URIRef) else ""
        return best or "(record)"


def default_doc_key(record: StudyRecord) -> str:
    """The document file stem: the key of the record's nodes and named graph."""
    return PurePosixPath(record.document.path).stem


def record_graph(record: StudyRecord, *, doc_key: str | None = None) -> Graph:
    """The record as triples (see `record_rdf`)."""
    return record_rdf(record, doc_key=doc_key).graph


def record_rdf(
    record: StudyRecord, *, doc_key: str | None = None, sha256: str | None = None
) -> RecordRdf:
    """The record as triples with its pointer table; `sha256` is the document's checksum."""
    builder = _Builder(record, doc_key or default_doc_key(record), sha256)
    builder.build()
    return builder.out


class _Builder:
    def __init__(self, record: StudyRecord, doc_key: str, sha256: str | None) -> None:
        self.record = record
        self.key = doc_key
        self.sha256 = sha256 or record.document.sha256
        self.terms = vocabulary_terms()
        self.out = RecordRdf()
        self.study = study_iri(record.id)
        self.arm_concepts: set[URIRef] = set()

    # -- helpers ---------------------------------------------------------------------------
    def add(self, triple: Triple) -> None:
        self.out.triples[triple] = None

    def node(self, pointer: str, cls: URIRef, *path: str | int) -> URIRef:
        iri = record_iri(self.key, *path)
        self.add((iri, RDF.type, cls))
        self.out.nodes.setdefault(iri, pointer)
        return iri

    def link(self, pointer: str, holder: URIRef, prop: URIRef, target: URIRef) -> None:
        self.add((holder, prop, target))
        self.out.pointers.setdefault(pointer, (holder, prop))

    def put(
        self, pointer: str | None, holder: URIRef, prop: URIRef, value: object, kind: str = ""
    ) -> None:
        """Add one triple (none for a null value) and record where the field lives."""
        if pointer is not None:
            self.out.pointers.setdefault(pointer, (holder, prop))
        if value is None:
            return
        self.add((holder, prop, self.term(value, kind)))

    def put_all(self, pointer: str, holder: URIRef, prop: URIRef, values: list, kind: str = ""):
        self.out.pointers.setdefault(pointer, (holder, prop))
        for index, value in enumerate(values):
            self.put(f"{pointer}/{index}", holder, prop, value, kind)

    def term(self, value: object, kind: str) -> URIRef | Literal:
        if kind and kind not in ("duration", "decimal", "double"):
            return self.terms.iri(kind, str(value))
        if kind == "duration":
            return Literal(value, datatype=XSD.duration)
        if kind == "decimal":
            return Literal(Decimal(repr(value)), datatype=XSD.decimal)
        if kind == "double":
            return Literal(float(value), datatype=XSD.double)  # type: ignore[arg-type]
        if isinstance(value, URIRef | Literal):
            return value
        if isinstance(value, bool):
            return Literal(value, datatype=XSD.boolean)
        if isinstance(value, int):
            return Literal(value, datatype=XSD.integer)
        return Literal(str(value))

    # -- the record ------------------------------------------------------------------------
    def build(self) -> None:
        self.out.nodes[self.study] = ""
        self.study_node()
        self.document_node()
        self.population()
        self.arms()
        self.results()
        self.mesh()
        self.evidence()

    def study_node(self) -> None:
        r, s = self.record, self.study
        self.add((s, RDF.type, SK.Study))
        self.put("/id", s, DCTERMS.identifier, r.id)
        self.put("/title", s, DCTERMS.title, r.title)
        self.put("/year", s, SK.year, r.year)
        self.put("/status", s, SK.status, r.status)
        self.put("/identifiers/doi", s, SK.doi, r.identifiers.doi)
        self.put("/identifiers/pmid", s, SK.pmid, r.identifiers.pmid)
        self.put_all("/identifiers/registry", s, SK.registryId, r.identifiers.registry)
        d = r.design
        self.put("/design/type", s, SK.studyType, d.type, "study-type")
        self.put("/design/allocation", s, SK.allocation, d.allocation, "allocation")
        self.put("/design/masking", s, SK.masking, d.masking, "masking")
        self.put("/design/controlled", s, SK.controlled, d.controlled)
        self.put("/design/centers", s, SK.centers, d.centers, "centers")
        self.put("/design/phase", s, SK.phase, d.phase, "phase")
        self.put_all("/follow_up", s, SK.followUp, r.follow_up, "duration")
        sae = r.serious_adverse_events
        self.put("/serious_adverse_events", s, SK.seriousAdverseEventCount, sae)
        self.add((s, SK.condition, _CONDITION))

    def document_node(self) -> None:
        doc = document_iri(self.key)
        self.add((doc, RDF.type, SK.Document))
        self.out.nodes.setdefault(doc, "/document")
        self.link("/document", self.study, PROV.wasDerivedFrom, doc)
        self.put("/document/kind", doc, SK.documentKind, self.record.document.kind, "document-kind")
        self.put("/document/path", doc, SK.path, self.record.document.path)
        self.put("/document/sha256", doc, SK.sha256, self.sha256)
        self.add((doc, DCTERMS.title, Literal(self.record.title)))

    def population(self) -> None:
        p = self.record.population
        pop = self.node("/population", SK.Population, "population")
        self.link("/population", self.study, SK.hasPopulation, pop)
        self.put("/population/enrolled", pop, SK.enrolled, p.enrolled)
        self.put("/population/enrolment_type", pop, SK.enrolmentType, p.enrolment_type)
        self.put("/population/analysed_safety", pop, SK.analysedSafety, p.analysed_safety)
        self.put("/population/analysed_efficacy", pop, SK.analysedEfficacy, p.analysed_efficacy)
        self.put_all("/population/sci_phase", pop, SK.sciPhase, p.sci_phase, "sci-phase")
        for phase in p.sci_phase:
            self.add((self.study, SK.studySciPhase, self.terms.iri("sci-phase", phase)))
        self.put("/population/completeness", pop, SK.completeness, p.completeness, "completeness")
        self.put_all("/population/ais_baseline", pop, SK.aisBaseline, p.ais_baseline, "ais-grade")
        self.put("/population/age_min", pop, SK.ageMin, p.age_min)
        self.put("/population/age_max", pop, SK.ageMax, p.age_max)

    def arms(self) -> None:
        numbers: dict[str, int] = {}
        counts: dict[str, int] = {}
        for index, arm in enumerate(self.record.arms):
            number = numbers.setdefault(arm.label, len(numbers) + 1)
            counts[arm.label] = counts.get(arm.label, 0) + 1
            self.arm(index, arm, number, counts[arm.label])

    def arm(self, index: int, arm: Arm, number: int, admin_number: int) -> None:
        at = f"/arms/{index}"
        node = self.node(at, SK.Arm, "arm", number)
        self.link(at, self.study, SK.hasArm, node)
        self.put(f"{at}/label", node, RDFS.label, arm.label)
        self.put(f"{at}/role", node, SK.armRole, arm.role, "arm-role")
        admin = self.node(at, SK.Administration, "arm", number, "administration", admin_number)
        self.link(at, node, SK.hasAdministration, admin)
        self.put(f"{at}/route", admin, SK.route, arm.route, "route")
        detail = self.terms.route_detail(arm.route, arm.route_as_written)
        self.put(f"{at}/route_as_written", admin, SK.routeAsWritten, arm.route_as_written)
        if detail is not None:
            self.add((admin, SK.routeDetail, detail))
            self.arm_concepts.add(detail)
        self.put(f"{at}/administrations", admin, SK.administrationCount, arm.administrations)
        self.put(f"{at}/interval", admin, SK.interval, arm.interval, "duration")
        prod = self.node(f"{at}/product", SK.Product, *_admin(number, admin_number), "product")
        self.link(f"{at}/product", admin, SK.hasProduct, prod)
        p = arm.product
        self.put(f"{at}/product/kind", prod, SK.productKind, p.kind, "product-kind")
        self.put(f"{at}/product/cell_type", prod, SK.cellType, p.cell_type, "cell-type")
        self.put(f"{at}/product/source", prod, SK.sourceTissue, p.source, "source")
        self.put(f"{at}/product/donor", prod, SK.donor, p.donor, "donor")
        self.put(f"{at}/product/preparation", prod, SK.preparation, p.preparation)
        self.out.pointers.setdefault(f"{at}/dose", (admin, SK.hasDose))
        if arm.dose is not None:
            dose = self.node(f"{at}/dose", SK.Dose, *_admin(number, admin_number), "dose")
            self.link(f"{at}/dose", admin, SK.hasDose, dose)
            self.put(f"{at}/dose/value", dose, QUDT.value, arm.dose.value, "double")
            self.put(f"{at}/dose/unit", dose, SK.doseUnit, arm.dose.unit, "dose-unit")
            self.put(f"{at}/dose/as_written", dose, SK.asWritten, arm.dose.as_written)
            unit = self.terms.qudt_unit(self.terms.iri("dose-unit", arm.dose.unit))
            if unit is not None:
                self.add((dose, QUDT.hasUnit, unit))
        # shortcuts: what the ontology's property chains entail for the study, stated so that
        # comparative queries read one property instead of joining four
        for scheme, code, shortcut in (
            ("route", arm.route, SK.studyRoute),
            ("product-kind", p.kind, SK.studyProductKind),
            ("cell-type", p.cell_type, None),
            ("source", p.source, SK.studySourceTissue),
            ("donor", p.donor, SK.studyDonor),
        ):
            if code is not None:
                concept = self.terms.iri(scheme, code)
                self.arm_concepts.add(concept)
                if shortcut is not None:
                    self.add((self.study, shortcut, concept))
        if p.kind not in (None, NO_PRODUCT):
            if arm.route is not None:
                self.add((self.study, SK.therapyRoute, self.terms.iri("route", arm.route)))
            if detail is not None:
                self.add((self.study, SK.therapyRouteDetail, detail))

    def results(self) -> None:
        for field_name, segment, cls, link, columns in _RESULT_TABLES:
            for i, item in enumerate(getattr(self.record, field_name), 1):
                at = f"/{field_name}/{i - 1}"
                node = self.node(at, cls, segment, i)
                self.link(at, self.study, link, node)
                data = item.model_dump(by_alias=True)
                for key, prop, kind in columns:
                    self.put(f"{at}/{key}", node, prop, data[key], kind)
                if field_name == "outcomes":
                    self.measure_shortcuts(data["measure"], data["direction"])

    def measure_shortcuts(self, measure: str, direction: str | None) -> None:
        """The study's measures (a property chain) and improved measures, stated on the study.

        Outcome queries then read one property per study instead of joining three over every
        outcome result.
        """
        concept = self.terms.iri("measure", measure)
        self.add((self.study, SK.studyMeasure, concept))
        if direction == IMPROVED:
            self.add((self.study, SK.studyImprovedMeasure, concept))

    def mesh(self) -> None:
        seen: set[str] = set()
        for i, heading in enumerate(self.record.mesh):
            at = f"/mesh/{i}"
            key = heading.descriptor + (f"-{heading.qualifier}" if heading.qualifier else "")
            node = self.mesh_node(at, key, heading.descriptor, "document", heading.major)
            self.put(f"{at}/qualifier", node, SK.qualifier, _mesh(heading.qualifier))
            self.out.pointers.setdefault(at, (self.study, SK.hasMeshAnnotation))
            seen.add(heading.descriptor)
        derived = {SPINAL_CORD_INJURIES}
        for concept in self.arm_concepts:
            derived.update(self.terms.mesh_headings(concept))
        for descriptor in sorted(derived - seen):
            self.mesh_node("/mesh", descriptor, descriptor, "derived", False)

    def mesh_node(self, at: str, key: str, descriptor: str, source: str, major: bool) -> URIRef:
        """A MeSH annotation; derived ones (`at` == "/mesh") stand for no record field."""
        node = self.node(at, SK.MeshAnnotation, "mesh", key)
        self.add((self.study, SK.hasMeshAnnotation, node))
        field_at = None if at == "/mesh" else at
        self.put(field_at and f"{at}/descriptor", node, SK.descriptor, _mesh(descriptor))
        self.put(field_at and f"{at}/major", node, SK.majorTopic, major)
        self.add((node, SK.annotationSource, Literal(source)))
        self.add((self.study, DCTERMS.subject, MESH[descriptor]))
        return node

    def evidence(self) -> None:
        doc = document_iri(self.key)
        default_method = self.record.provenance.method
        for pointer, span in sorted(self.record.evidence.items()):
            target = self.out.pointers.get(pointer)
            if target is None:
                self.out.problems.append((f"/evidence{pointer}", "names no field of the record"))
                continue
            name = pointer.strip("/").replace("/", "-")
            ev = self.node(f"/evidence{pointer}", SK.Evidence, "evidence", name)
            self.add((ev, SK.recordPointer, _plain(pointer)))
            self.add((ev, SK.supports, target[0]))
            self.add((ev, SK.supportsProperty, target[1]))
            method = self.terms.iri("provenance-method", span.method or default_method)
            self.add((ev, SK.provenanceMethod, method))
            self.add((ev, OA.hasSource, doc))
            at = f"/evidence{pointer}"
            if span.start is not None and span.end is not None:
                pos = self.selector(at, ev, OA.TextPositionSelector, name, "position")
                self.add((pos, OA.start, _integer(span.start)))
                self.add((pos, OA.end, _integer(span.end)))
            if span.text is not None:
                quote = self.selector(at, ev, OA.TextQuoteSelector, name, "quote")
                self.add((quote, OA.exact, Literal(span.text)))
            if span.locator is not None:
                locator = self.selector(at, ev, OA.FragmentSelector, name, "locator")
                self.add((locator, RDF.value, Literal(span.locator)))

    def selector(self, at: str, ev: URIRef, cls: URIRef, name: str, part: str) -> URIRef:
        node = self.node(at, cls, "evidence", name, part)
        self.add((ev, OA.hasSelector, node))
        return node


# record list -> (IRI segment, class, study property, [(record key, property, kind)]);
# kind is a vocabulary scheme, "duration", "decimal" or "" for a plain literal
_Columns = tuple[tuple[str, URIRef, str], ...]
# fmt: off
_RESULT_TABLES: tuple[tuple[str, str, URIRef, URIRef, _Columns], ...] = (
    ("outcomes", "outcome", SK.OutcomeResult, SK.hasOutcome, (
        ("measure", SK.measure, "measure"), ("primary", SK.primary, ""),
        ("timepoint", SK.timepoint, "duration"), ("direction", SK.direction, "direction"),
        ("significant", SK.significant, ""), ("as_written", SK.asWritten, ""))),
    ("ais_transitions", "transition", SK.AisTransition, SK.hasTransition, (
        ("from", SK.fromGrade, "ais-grade"), ("to", SK.toGrade, "ais-grade"),
        ("patients", SK.patients, ""), ("of", SK.of, ""),
        ("timepoint", SK.timepoint, "duration"))),
    ("responders", "responders", SK.ResponderCount, SK.hasResponderCount, (
        ("measure", SK.measure, "measure"), ("patients", SK.patients, ""), ("of", SK.of, ""),
        ("timepoint", SK.timepoint, "duration"))),
    ("adverse_events", "adverse-event", SK.AdverseEventResult, SK.hasAdverseEvent, (
        ("term", SK.aeTerm, "ae-term"), ("as_written", SK.asWritten, ""),
        ("percent", SK.percent, "decimal"), ("patients", SK.patients, ""),
        ("serious", SK.serious, ""), ("at_risk", SK.atRisk, ""), ("arm", SK.armLabel, ""))),
)
# fmt: on


def _admin(number: int, admin_number: int) -> tuple[str | int, ...]:
    return ("arm", number, "administration", admin_number)


def _mesh(code: str | None) -> URIRef | None:
    return MESH[code] if code else None
