"""ClinicalTrials.gov records (API v2 JSON and the classic `<clinical_study>` XML) -> records.

Both formats are first read into the same neutral `Facts` (each value with its locator: a JSON
pointer or an XPath into the file), then one function turns facts into a `StudyRecord`, so the
two formats cannot drift apart in how they map registry codes to the contract's codes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.record import (
    AdverseEvent,
    Arm,
    Design,
    Document,
    Identifiers,
    MeshHeading,
    Outcome,
    Population,
    Product,
    Provenance,
    StudyRecord,
    study_id_for,
)
from kg.sources._common import (
    Evidence,
    SourceError,
    age_years,
    durations_in,
    first_code,
    json_pointer,
    match_vocabulary,
    mesh_descriptor,
    sort_durations,
)

__all__ = ["Facts", "facts_from_json", "facts_from_xml", "parse_ctgov_json", "parse_ctgov_xml"]

Located = tuple[Any, str]
"""A value with the locator (JSON pointer or XPath) it was read at."""


@dataclass
class ArmFacts:
    """One registry arm group."""

    label: str
    kind: str  # registry arm type, upper snake case: EXPERIMENTAL, PLACEBO_COMPARATOR ...
    description: str
    locator: str
    keys: tuple[str, str] = ("label", "description")  # field names in the source format


@dataclass
class InterventionFacts:
    """One registry intervention with the arm groups it is given to."""

    type: str
    name: str
    description: str
    other_names: list[str]
    arm_labels: list[str]
    locator: str
    keys: tuple[str, str, str] = ("name", "description", "otherNames/{}")

    def texts(self) -> list[tuple[str, str]]:
        """(text, locator) of the name, other names and description."""
        name, description, other = self.keys
        found = [(self.name, f"{self.locator}/{name}")]
        found += [
            (text, f"{self.locator}/{other.format(i)}") for i, text in enumerate(self.other_names)
        ]
        return [*found, (self.description, f"{self.locator}/{description}")]


@dataclass
class OutcomeFacts:
    """One registered outcome measure."""

    measure: str
    description: str
    time_frame: str
    primary: bool
    locator: str


@dataclass
class EventGroupFacts:
    """One adverse-event group (arm) of posted results."""

    id: str
    title: str
    serious_affected: int | None
    serious_at_risk: int | None
    locator: str


@dataclass
class EventFacts:
    """One adverse-event term with its per-group counts."""

    term: str
    serious: bool
    vocabulary: str | None
    stats: list[tuple[str, int | None, int | None, str]]  # group id, affected, at risk, locator


@dataclass
class Facts:
    """What a registry record states, format-neutral, each value with its locator."""

    path: Path
    nct: Located | None = None
    secondary_ids: list[Located] = field(default_factory=list)
    title: Located | None = None
    status: Located | None = None
    start_date: Located | None = None
    first_submitted: Located | None = None
    study_type: Located | None = None
    allocation: Located | None = None
    model: Located | None = None
    masking: Located | None = None
    phases: Located | None = None  # a list of registry phase codes
    enrolment: Located | None = None
    enrolment_type: Located | None = None
    min_age: Located | None = None
    max_age: Located | None = None
    conditions: list[Located] = field(default_factory=list)
    keywords: list[Located] = field(default_factory=list)
    mesh: list[Located] = field(default_factory=list)
    mesh_terms: list[Located] = field(default_factory=list)  # classic XML: labels, no UIs
    locations: int = 0
    locations_locator: str | None = None
    arms: list[ArmFacts] = field(default_factory=list)
    interventions: list[InterventionFacts] = field(default_factory=list)
    outcomes: list[OutcomeFacts] = field(default_factory=list)
    event_groups: list[EventGroupFacts] = field(default_factory=list)
    events: list[EventFacts] = field(default_factory=list)


# --- API v2 JSON ----------------------------------------------------------------------------
def parse_ctgov_json(data: Any, path: Path | str) -> list[StudyRecord]:
    """Records from a parsed API v2 study object or a `{"studies": [...]}` page."""
    path = Path(path)
    if isinstance(data, dict) and isinstance(data.get("studies"), list):
        studies = [(s, ("studies", i)) for i, s in enumerate(data["studies"])]
        if not studies:
            raise SourceError(path, "the ClinicalTrials.gov page lists no studies")
    elif isinstance(data, dict) and "protocolSection" in data:
        studies = [(data, ())]
    else:
        raise SourceError(path, _not_a_study(data))
    return [facts_to_record(facts_from_json(study, path, base)) for study, base in studies]


def _not_a_study(data: Any) -> str:
    if isinstance(data, dict):
        for key in ("error", "message", "errors", "ERROR"):
            if key in data:
                detail = " ".join(str(data[key]).split())[:200]
                return f"an API error response, not a study record: {detail}"
    return "not a ClinicalTrials.gov study (no protocolSection and no studies list)"


def facts_from_json(study: dict[str, Any], path: Path, base: tuple = ()) -> Facts:
    """The facts of one API v2 study object; `base` is its position in a page."""

    def get(*keys: str | int) -> Located | None:
        node: Any = study
        for key in keys:
            if isinstance(node, dict) and isinstance(key, str) and key in node:
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return None
        if node is None or node == "" or node == []:
            return None
        return node, json_pointer(*base, *keys)

    def items(*keys: str) -> list[tuple[Any, tuple]]:
        found = get(*keys)
        return [(v, (*keys, i)) for i, v in enumerate(found[0])] if found else []

    def loc(*keys: str | int) -> str:
        return json_pointer(*base, *keys)

    p = ("protocolSection",)
    f = Facts(path=path)
    f.nct = get(*p, "identificationModule", "nctId")
    for value, keys in items(*p, "identificationModule", "secondaryIdInfos"):
        if isinstance(value, dict) and value.get("type") in _REGISTRY_ID_TYPES and value.get("id"):
            f.secondary_ids.append((value["id"], loc(*keys, "id")))
    f.title = get(*p, "identificationModule", "officialTitle") or get(
        *p, "identificationModule", "briefTitle"
    )
    f.status = get(*p, "statusModule", "overallStatus")
    f.start_date = get(*p, "statusModule", "startDateStruct", "date")
    f.first_submitted = get(*p, "statusModule", "studyFirstSubmitDate")
    design = (*p, "designModule")
    f.study_type = get(*design, "studyType")
    f.allocation = get(*design, "designInfo", "allocation")
    f.model = get(*design, "designInfo", "interventionModel")
    f.masking = get(*design, "designInfo", "maskingInfo", "masking")
    f.phases = get(*design, "phases")
    f.enrolment = get(*design, "enrollmentInfo", "count")
    f.enrolment_type = get(*design, "enrollmentInfo", "type")
    f.min_age = get(*p, "eligibilityModule", "minimumAge")
    f.max_age = get(*p, "eligibilityModule", "maximumAge")
    f.conditions = [(v, loc(*k)) for v, k in items(*p, "conditionsModule", "conditions")]
    f.keywords = [(v, loc(*k)) for v, k in items(*p, "conditionsModule", "keywords")]
    for module in ("conditionBrowseModule", "interventionBrowseModule"):
        for value, keys in items("derivedSection", module, "meshes"):
            if isinstance(value, dict) and value.get("id"):
                f.mesh.append((value["id"], loc(*keys, "id")))
    locations = items(*p, "contactsLocationsModule", "locations")
    f.locations = len(locations)
    f.locations_locator = loc(*p, "contactsLocationsModule", "locations") if locations else None
    arms = (*p, "armsInterventionsModule")
    for value, keys in items(*arms, "armGroups"):
        f.arms.append(
            ArmFacts(
                label=str(value.get("label", "")),
                kind=str(value.get("type", "")),
                description=str(value.get("description", "")),
                locator=loc(*keys),
            )
        )
    for value, keys in items(*arms, "interventions"):
        f.interventions.append(
            InterventionFacts(
                type=str(value.get("type", "")),
                name=str(value.get("name", "")),
                description=str(value.get("description", "")),
                other_names=[str(n) for n in value.get("otherNames", [])],
                arm_labels=[str(n) for n in value.get("armGroupLabels", [])],
                locator=loc(*keys),
            )
        )
    # v2 also lists interventions per arm as "Type: Name"; join both ways
    by_name = {f"{_type_label(i.type)}: {i.name}": i for i in f.interventions}
    for arm_value, _keys in items(*arms, "armGroups"):
        for name in arm_value.get("interventionNames", []):
            target = by_name.get(name)
            label = str(arm_value.get("label", ""))
            if target is not None and label not in target.arm_labels:
                target.arm_labels.append(label)
    for kind, primary in (("primaryOutcomes", True), ("secondaryOutcomes", False)):
        for value, keys in items(*p, "outcomesModule", kind):
            f.outcomes.append(
                OutcomeFacts(
                    measure=str(value.get("measure", "")),
                    description=str(value.get("description", "")),
                    time_frame=str(value.get("timeFrame", "")),
                    primary=primary,
                    locator=loc(*keys),
                )
            )
    ae = ("resultsSection", "adverseEventsModule")
    for value, keys in items(*ae, "eventGroups"):
        f.event_groups.append(
            EventGroupFacts(
                id=str(value.get("id", "")),
                title=str(value.get("title", "")),
                serious_affected=_int(value.get("seriousNumAffected")),
                serious_at_risk=_int(value.get("seriousNumAtRisk")),
                locator=loc(*keys),
            )
        )
    for kind, serious in (("seriousEvents", True), ("otherEvents", False)):
        for value, keys in items(*ae, kind):
            stats = [
                (
                    str(s.get("groupId", "")),
                    _int(s.get("numAffected")),
                    _int(s.get("numAtRisk")),
                    loc(*keys, "stats", i),
                )
                for i, s in enumerate(value.get("stats", []))
            ]
            f.events.append(
                EventFacts(
                    str(value.get("term", "")), serious, value.get("sourceVocabulary"), stats
                )
            )
    return f


_REGISTRY_ID_TYPES = {"EUDRACT_NUMBER", "CTIS", "REGISTRY"}


def _type_label(kind: str) -> str:
    """'DIETARY_SUPPLEMENT' -> 'Dietary Supplement', as v2 writes it in interventionNames."""
    return " ".join(word.capitalize() for word in kind.split("_"))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and str(value).strip() != "" else None
    except ValueError:
        return None


# --- classic XML ----------------------------------------------------------------------------
def parse_ctgov_xml(root: ET.Element, path: Path | str) -> list[StudyRecord]:
    """The record of a classic `<clinical_study>` document."""
    return [facts_to_record(facts_from_xml(root, Path(path)))]


def facts_from_xml(root: ET.Element, path: Path) -> Facts:
    """The facts of a classic `<clinical_study>` element, with XPath locators."""
    top = "/clinical_study"

    def text(xpath: str) -> Located | None:
        element = root.find(xpath)
        if element is None:
            return None
        value = " ".join("".join(element.itertext()).split())
        return (value, f"{top}/{xpath}") if value else None

    def every(xpath: str) -> list[tuple[ET.Element, str]]:
        parent, _, tag = xpath.rpartition("/")
        found = root.findall(xpath)
        prefix = f"{top}/{parent}/" if parent else f"{top}/"
        return [(e, f"{prefix}{tag}[{i}]") for i, e in enumerate(found, 1)]

    def child(element: ET.Element, tag: str) -> str:
        found = element.find(tag)
        return " ".join("".join(found.itertext()).split()) if found is not None else ""

    f = Facts(path=path)
    f.nct = text("id_info/nct_id")
    for element, locator in every("id_info/secondary_id"):
        value = (element.text or "").strip()
        if _REGISTRY_ID.match(value):
            f.secondary_ids.append((value, locator))
    f.title = text("official_title") or text("brief_title")
    f.status = text("overall_status")
    f.start_date = text("start_date")
    f.first_submitted = text("study_first_submitted")
    f.study_type = text("study_type")
    f.allocation = text("study_design_info/allocation")
    f.model = text("study_design_info/intervention_model")
    f.masking = text("study_design_info/masking")
    phase = text("phase")
    if phase is not None:
        f.phases = ([p.strip() for p in phase[0].split("/")], phase[1])
    f.enrolment = text("enrollment")
    enrolment = root.find("enrollment")
    if enrolment is not None and enrolment.get("type"):
        f.enrolment_type = (enrolment.get("type"), f"{top}/enrollment/@type")
    f.min_age = text("eligibility/minimum_age")
    f.max_age = text("eligibility/maximum_age")
    f.conditions = [(child_text(e), loc) for e, loc in every("condition")]
    f.keywords = [(child_text(e), loc) for e, loc in every("keyword")]
    for module in ("condition_browse", "intervention_browse"):
        f.mesh_terms += [(child_text(e), loc) for e, loc in every(f"{module}/mesh_term")]
    locations = every("location")
    f.locations = len(locations)
    f.locations_locator = f"{top}/location" if locations else None
    for element, locator in every("arm_group"):
        f.arms.append(
            ArmFacts(
                label=child(element, "arm_group_label"),
                kind=child(element, "arm_group_type").upper().replace(" ", "_"),
                description=child(element, "description"),
                locator=locator,
                keys=("arm_group_label", "description"),
            )
        )
    for element, locator in every("intervention"):
        f.interventions.append(
            InterventionFacts(
                type=child(element, "intervention_type").upper().replace(" ", "_"),
                name=child(element, "intervention_name"),
                description=child(element, "description"),
                other_names=[child_text(e) for e in element.findall("other_name")],
                arm_labels=[child_text(e) for e in element.findall("arm_group_label")],
                locator=locator,
                # XPath positions are 1-based
                keys=("intervention_name", "description", "other_name[{}]"),
            )
        )
    for tag, primary in (("primary_outcome", True), ("secondary_outcome", False)):
        for element, locator in every(tag):
            f.outcomes.append(
                OutcomeFacts(
                    measure=child(element, "measure"),
                    description=child(element, "description"),
                    time_frame=child(element, "time_frame"),
                    primary=primary,
                    locator=locator,
                )
            )
    _xml_events(root, f, top)
    return f


def child_text(element: ET.Element) -> str:
    """The element's whole text, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


_REGISTRY_ID = re.compile(r"^(NCT\d{8}|ISRCTN\d+|ChiCTR[-\w]+|\d{4}-\d{6}-\d{2}|JMA-[-\w]+)$")


def _xml_events(root: ET.Element, f: Facts, top: str) -> None:
    """Posted adverse events of a classic record (`clinical_results/reported_events`)."""
    base = "clinical_results/reported_events"
    events = root.find(base)
    if events is None:
        return
    vocabulary = events.findtext("default_vocab")
    for i, group in enumerate(events.findall("group_list/group"), 1):
        f.event_groups.append(
            EventGroupFacts(
                id=group.get("group_id", ""),
                title=" ".join((group.findtext("title") or "").split()),
                serious_affected=None,
                serious_at_risk=None,
                locator=f"{top}/{base}/group_list/group[{i}]",
            )
        )
    by_id = {g.id: g for g in f.event_groups}
    for kind, serious in (("serious_events", True), ("other_events", False)):
        categories = events.findall(f"{kind}/category_list/category")
        for c, category in enumerate(categories, 1):
            for e, event in enumerate(category.findall("event_list/event"), 1):
                at = f"{top}/{base}/{kind}/category_list/category[{c}]/event_list/event[{e}]"
                term = " ".join((event.findtext("sub_title") or "").split())
                stats = [
                    (
                        counts.get("group_id", ""),
                        _int(counts.get("subjects_affected")),
                        _int(counts.get("subjects_at_risk")),
                        f"{at}/counts[{n}]",
                    )
                    for n, counts in enumerate(event.findall("counts"), 1)
                ]
                if (category.findtext("title") or "").strip().lower() == "total":
                    # the "Total, serious adverse events" row carries the per-group totals
                    if serious:
                        for group_id, affected, at_risk, _loc in stats:
                            if group_id in by_id:
                                by_id[group_id].serious_affected = affected
                                by_id[group_id].serious_at_risk = at_risk
                    continue
                f.events.append(EventFacts(term, serious, vocabulary, stats))


# --- facts -> record ------------------------------------------------------------------------
_PHASES = {
    "EARLYPHASE1": "1", "PHASE1": "1", "PHASE2": "2", "PHASE3": "3", "PHASE4": None,
    "NA": "not-applicable", "N/A": "not-applicable",
}  # fmt: skip
_STUDY_TYPES = {"INTERVENTIONAL": "interventional", "OBSERVATIONAL": "observational"}
_ALLOCATIONS = {"RANDOMIZED": "randomized", "NON_RANDOMIZED": "non-randomized"}
_CONTROL_ARMS = {"PLACEBO_COMPARATOR", "ACTIVE_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION"}


def _code(value: str | None) -> str:
    """A registry code in v2 form: 'Non-Randomized' -> 'NON_RANDOMIZED'."""
    return re.sub(r"[\s-]+", "_", (value or "").strip().upper())


def _phase(phases: list[str]) -> str | None:
    """Registry phases -> the contract's phase ("PHASE1" + "PHASE2" -> "1/2")."""
    codes = [_PHASES.get(re.sub(r"[\s_]+", "", p.upper())) for p in phases]
    codes = [c for c in codes if c is not None]
    if not codes:
        return None
    if "not-applicable" in codes:
        return "not-applicable" if len(set(codes)) == 1 else None
    joined = "/".join(sorted(set(codes)))
    return joined if joined in ("1", "2", "3", "1/2", "2/3") else None


def _masking(value: str) -> str | None:
    code = _code(value)
    if code.startswith("NONE") or "OPEN" in code:
        return "open-label"
    if code.startswith("SINGLE"):
        return "single-blind"
    if code.startswith(("DOUBLE", "TRIPLE", "QUADRUPLE")):
        return "double-blind"
    return None


def _status(value: str) -> str:
    """'ACTIVE_NOT_RECRUITING' -> 'Active, not recruiting' (the classic registry wording)."""
    if value.isupper() or "_" in value:
        words = value.lower().split("_")
        text = " ".join(words)
        text = text.replace("active not", "active, not")
        return text[:1].upper() + text[1:]
    return value


def _year(*dates: Located | None) -> Located | None:
    for date in dates:
        if date is not None:
            match = re.search(r"\b(19|20)\d{2}\b", str(date[0]))
            if match:
                return int(match.group(0)), date[1]
    return None


def facts_to_record(f: Facts) -> StudyRecord:
    """The contract's study record for one registry record's facts."""
    ev = Evidence()
    if f.nct is None:
        raise SourceError(f.path, "the registry record has no NCT number", "/identifiers")
    registry = [str(f.nct[0]).strip()]
    ev.add("/identifiers/registry/0", f.nct[1])
    for value, locator in f.secondary_ids:
        if value not in registry:
            ev.add(f"/identifiers/registry/{len(registry)}", locator)
            registry.append(value)
    identifiers = Identifiers(registry=registry)
    title = f.title or (registry[0], f.nct[1])
    ev.add("/title", title[1])
    year = _year(f.start_date, f.first_submitted)
    if year:
        ev.add("/year", year[1])
    status = None
    if f.status:
        status = _status(str(f.status[0]))
        ev.add("/status", f.status[1])

    design = Design()
    if f.study_type and _code(f.study_type[0]) in _STUDY_TYPES:
        design.type = _STUDY_TYPES[_code(f.study_type[0])]  # type: ignore[assignment]
        ev.add("/design/type", f.study_type[1])
    if f.allocation and _code(f.allocation[0]) in _ALLOCATIONS:
        design.allocation = _ALLOCATIONS[_code(f.allocation[0])]  # type: ignore[assignment]
        ev.add("/design/allocation", f.allocation[1])
    elif f.model and _code(f.model[0]).startswith("SINGLE_GROUP"):
        design.allocation = "single-arm"
        ev.add("/design/allocation", f.model[1])
    if f.masking and _masking(str(f.masking[0])):
        design.masking = _masking(str(f.masking[0]))  # type: ignore[assignment]
        ev.add("/design/masking", f.masking[1])
    if f.phases:
        design.phase = _phase(list(f.phases[0]))  # type: ignore[assignment]
        if design.phase:
            ev.add("/design/phase", f.phases[1])
    if f.arms:
        design.controlled = any(_code(a.kind) in _CONTROL_ARMS for a in f.arms)
        ev.add("/design/controlled", f.arms[0].locator.rsplit("/", 1)[0])
    if f.locations:
        design.centers = "multi" if f.locations > 1 else "single"
        ev.add("/design/centers", f.locations_locator)

    population = Population()
    if f.enrolment is not None and _int(f.enrolment[0]) is not None:
        population.enrolled = _int(f.enrolment[0])
        ev.add("/population/enrolled", f.enrolment[1])
        if f.enrolment_type:
            kind = _code(f.enrolment_type[0])
            population.enrolment_type = "actual" if kind == "ACTUAL" else "anticipated"
            ev.add("/population/enrolment_type", f.enrolment_type[1])
    for name, located in (("age_min", f.min_age), ("age_max", f.max_age)):
        value = age_years(str(located[0])) if located else None
        if value is not None and located is not None:
            setattr(population, name, value)
            ev.add(f"/population/{name}", located[1])

    arms = _arms(f, ev)
    outcomes, follow_up = _outcomes(f, ev)
    events, serious_total = _adverse_events(f, ev)
    mesh = _mesh(f, ev)
    record_id = study_id_for(identifiers, registry[0])
    try:
        return StudyRecord(
            id=record_id,
            title=str(title[0]),
            document=Document(path=f"documents/{f.path.name}", kind="registry-record"),
            identifiers=identifiers,
            year=year[0] if year else None,
            status=status,
            design=design,
            population=population,
            arms=arms,
            follow_up=follow_up,
            outcomes=outcomes,
            adverse_events=events,
            serious_adverse_events=serious_total,
            mesh=mesh,
            evidence=ev.spans,
            provenance=Provenance(method="extracted", tool="kg.sources.ctgov"),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/" + "/".join(str(p) for p in first["loc"])
        raise SourceError(f.path, f"cannot make a study record: {first['msg']}", where) from exc


@dataclass(frozen=True)
class _Found:
    """A vocabulary match with the whole text it was found in."""

    code: str
    text: str
    source: str


def _first(scheme: str, texts: list[str]) -> _Found | None:
    for text in texts:
        match = first_code(scheme, text)
        if match is not None:
            return _Found(match.code, match.text, text)
    return None


def _arms(f: Facts, ev: Evidence) -> list[Arm]:
    """One entry per arm group x route, product read from the arm and its interventions."""
    arms: list[Arm] = []
    groups = f.arms or [
        # a record with interventions but no arm groups: one arm per intervention
        ArmFacts(i.name, "EXPERIMENTAL", "", i.locator, (i.keys[0], i.keys[1]))
        for i in f.interventions
    ]
    for group in groups:
        given = [i for i in f.interventions if group.label in i.arm_labels] or (
            [i for i in f.interventions if i.locator == group.locator]
        )
        label_key, description_key = group.keys
        located = [
            (group.label, f"{group.locator}/{label_key}"),
            (group.description, f"{group.locator}/{description_key}"),
        ]
        for item in given:
            located += item.texts()
        texts = [text for text, _ in located]
        where = dict(reversed(located))  # text -> locator of its first occurrence
        kind = _first("product-kind", texts)
        role = "control" if _code(group.kind) in _CONTROL_ARMS else "experimental"
        product = Product(kind=kind.code if kind else "none")  # type: ignore[arg-type]
        found: dict[str, _Found] = {}
        for scheme, attr in (("cell-type", "cell_type"), ("source", "source"), ("donor", "donor")):
            hit = _first(scheme, texts)
            if hit is not None:
                setattr(product, attr, hit.code)
                found[attr] = hit
        routes: list[_Found] = []
        for text in texts:
            for match in match_vocabulary("route", text):
                if match.code not in [r.code for r in routes]:
                    routes.append(_Found(match.code, match.text, text))
        for route in routes or [None]:
            at = f"/arms/{len(arms)}"
            arms.append(
                Arm(
                    label=group.label or "(unnamed arm)",
                    role=role,  # type: ignore[arg-type]
                    product=product.model_copy(),
                    route=route.code if route else None,
                    route_as_written=route.text if route else None,
                )
            )
            ev.add(f"{at}/label", f"{group.locator}/{label_key}")
            ev.add(f"{at}/role", group.locator)
            if kind is not None:
                ev.add(f"{at}/product/kind", where.get(kind.source, group.locator))
            for attr, match in found.items():
                ev.add(f"{at}/product/{attr}", where.get(match.source, group.locator))
            if route is not None:
                ev.add(f"{at}/route", where.get(route.source, group.locator))
                ev.add(f"{at}/route_as_written", where.get(route.source, group.locator))
    return arms


def _outcomes(f: Facts, ev: Evidence) -> tuple[list[Outcome], list[str]]:
    """Registered outcomes whose measure the vocabulary knows; every time frame as follow-up."""
    outcomes: list[Outcome] = []
    times: list[str] = []
    for item in f.outcomes:
        points = durations_in(item.time_frame)
        times += points
        match = first_code("measure", item.measure, item.description)
        if match is None:
            continue
        at = f"/outcomes/{len(outcomes)}"
        outcomes.append(
            Outcome(
                measure=match.code,  # type: ignore[arg-type]
                primary=item.primary,
                timepoint=points[-1] if points else None,
                as_written=item.measure,
            )
        )
        for name in ("measure", "primary", "as_written"):
            ev.add(f"{at}/{name}", item.locator)
        if points:
            ev.add(f"{at}/timepoint", item.locator)
    return outcomes, sort_durations(times)


def _adverse_events(f: Facts, ev: Evidence) -> tuple[list[AdverseEvent], int | None]:
    """Posted AE counts per term and arm, with their denominators."""
    groups = {g.id: g for g in f.event_groups}
    events: list[AdverseEvent] = []
    for item in f.events:
        match = first_code("ae-term", item.term)
        for group_id, affected, at_risk, locator in item.stats:
            if affected is None:
                continue
            percent = round(100 * affected / at_risk, 2) if at_risk else None
            at = f"/adverse_events/{len(events)}"
            group = groups.get(group_id)
            events.append(
                AdverseEvent(
                    term=match.code if match else "other",  # type: ignore[arg-type]
                    as_written=item.term,
                    percent=percent,
                    patients=affected,
                    serious=item.serious,
                    at_risk=at_risk,
                    arm=group.title if group else group_id or None,
                )
            )
            for name in ("term", "as_written", "patients", "serious", "at_risk", "arm"):
                ev.add(f"{at}/{name}", locator)
            if percent is not None:
                ev.add(f"{at}/percent", locator)
    totals = [g.serious_affected for g in f.event_groups if g.serious_affected is not None]
    serious_total = sum(totals) if totals else None
    if serious_total is not None:
        ev.add("/serious_adverse_events", f.event_groups[0].locator.rsplit("/", 1)[0])
    return events, serious_total


def _mesh(f: Facts, ev: Evidence) -> list[MeshHeading]:
    """The registry's derived MeSH browse terms (conditions and interventions)."""
    found: list[tuple[str, str]] = []
    for ui, locator in f.mesh:
        descriptor = mesh_descriptor(str(ui))
        if descriptor:
            found.append((descriptor, locator))
    if f.mesh_terms:
        from kg.sources.mesh_labels import descriptor_for_label

        for label, locator in f.mesh_terms:
            descriptor = descriptor_for_label(str(label))
            if descriptor:
                found.append((descriptor, locator))
    headings: list[MeshHeading] = []
    for descriptor, locator in found:
        if any(h.descriptor == descriptor for h in headings):
            continue
        at = f"/mesh/{len(headings)}"
        headings.append(MeshHeading(descriptor=descriptor))
        ev.add(f"{at}/descriptor", locator)
    return headings


def load_json(data: bytes, path: Path | str) -> Any:
    """Parse JSON bytes (BOM and CRLF accepted); SourceError naming the file otherwise."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not UTF-8 text: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"malformed JSON: {exc}") from exc
