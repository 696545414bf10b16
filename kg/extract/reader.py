"""Assemble a study record from a document's text, each value with its evidence span."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.extract.arms import read_arms, write_arms
from kg.extract.design import about_animals, read_design, read_population
from kg.extract.grades import read_responders, read_transitions
from kg.extract.identifiers import (
    Found,
    document_kind,
    find_doi,
    find_pmid,
    find_registry_ids,
    find_title,
    find_year,
    is_review,
)
from kg.extract.mesh import read_mesh
from kg.extract.outcomes import read_outcomes
from kg.extract.safety import read_adverse_events, read_serious
from kg.extract.text import Evidence, TextView, text_view, without_markup, without_other_works
from kg.extract.timing import read_follow_up
from kg.record import StudyRecord

__all__ = ["READER_VERSION", "about_sci", "not_a_study", "record_from_text", "study_id"]

READER_VERSION = "scikg-reader 9"


_STATUS = re.compile(
    r"(?:(?:Recruitment|Overall|Expanded Access|Study)\s+[Ss]tatus|^[ \t]*(?:[-•*][ \t]+)?Status"
    # a copy that heads its status and phase lines together: "Status and phase" / "Completed"
    r"|^[ \t]*Status and phase[ \t]*\n(?:[ \t]*\n)?)"
    # (a flattened page puts the colon on a line of its own: "Recruitment Status\n:\nRecruiting")
    r"[ \t]*(?:\n[ \t]*(?=:))?:?[ \t]*\|?[ \t]*\n?(?:[ \t]*\n)?"
    r"[ \t]*(?:[-•*][ \t]+)?"
    # "Authorised-recruitment may be ongoing or finished", "Active/not recruiting"
    # (not the next label: "Study Status" / "Recruitment Status" / "Recruiting")
    r"(?!(?:Recruitment|Overall)\s+Status)([A-Z][A-Za-z _,/-]*?[A-Za-z])[ \t]*(?:\||$)",
    re.M,
)


# a registry copy's bare status badge, ClinicalTrials.gov's own words on a line of their own
_STATUS_BADGE = re.compile(
    r"^[ \t]*(RECRUITING|NOT_YET_RECRUITING|ACTIVE_NOT_RECRUITING|ENROLLING_BY_INVITATION|"
    r"COMPLETED|TERMINATED|WITHDRAWN|SUSPENDED|UNKNOWN)[ \t]*$",
    re.M,
)
# a status told in a sentence, in any kind of text: "This trial is currently recruiting
# participants", "the study is now enrolling patients"
_STATUS_SAID = re.compile(
    r"\b(?:this|the)\s+(?:\w+\s+)?(?:trial|study)\s+is\s+(?:currently\s+|now\s+|still\s+)?"
    # "is not yet recruiting", "is not yet accepting participants"
    r"(recruiting|enrolling|not\s+yet\s+(?:recruiting|enrolling|accepting))\b"
    r"(?!\s+(?:will|is\s+expected|to\s+begin))",
    re.I,
)
_RESULTS_BADGE = re.compile(r"\s+(?:No Results Posted|Has Results|With Results|Results Available)$")


def study_id(doi: str | None, registry: list[str], pmid: str | None, fallback: str) -> str:
    """The study's slug: its first registry id, else its DOI, else its PMID, else the file."""
    if registry:
        raw = registry[0]
    elif doi:
        raw = "doi-" + doi
    elif pmid:
        raw = "pmid-" + pmid
    else:
        raw = fallback
    slug = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return slug or "document"


def about_sci(text: str) -> bool:
    """Whether the title or a sentence about the study's people names spinal cord injury.

    An exclusion list's "no spinal cord injury" does not count.
    """
    from kg.sources.detect import SCI_MENTION

    view = text_view(without_other_works(text))
    return any(SCI_MENTION.search(s.text) for s in view.describing_population())


def not_a_study(text: str) -> str | None:
    """Why the text reports no study of patients ("a review", "an animal study"), else None."""
    readable = without_other_works(text)
    return _not_a_study(text_view(readable), find_title(readable))


def _not_a_study(view: TextView, title: Found | None) -> str | None:
    if is_review(view.text, title):
        return "a review"
    if about_animals(view):
        return "an animal study"
    return None


_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def record_from_text(text: str, document_path: str, fallback_id: str) -> StudyRecord:
    """The study record of one document's text (values the text does not state stay null).

    Lists of other works on the page (related trials, references) are not read.
    """
    ev = Evidence(text)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    # same length and offsets, so evidence spans stay exact; the Unicode hyphens PMC and Wiley
    # print ("6 months follow\u2010up", "thirty\u2011six") read as the plain one
    hyphens = "\u2010" in text or "\u2011" in text
    text = without_markup(without_other_works(text.translate(_HYPHENS) if hyphens else text))
    view = text_view(text)
    kind = document_kind(text)
    registry = kind.value == "registry-record"
    if kind.end > kind.start:
        ev.add("/document/kind", kind.start, kind.end)

    title = find_title(text)
    doi = find_doi(text)
    pmid = find_pmid(text)
    registry_ids = find_registry_ids(text)
    year = find_year(text)
    if title:
        ev.add("/title", title.start, title.end)
    if doi:
        ev.add("/identifiers/doi", doi.start, doi.end)
    if pmid:
        ev.add("/identifiers/pmid", pmid.start, pmid.end)
    for index, found in enumerate(registry_ids):
        ev.add(f"/identifiers/registry/{index}", found.start, found.end)
    if year:
        ev.add("/year", year.start, year.end)

    status = (_STATUS.search(text) or _STATUS_BADGE.search(text)) if registry else None
    status_value = None
    said = None if status else _STATUS_SAID.search(text)
    if said:
        status_value = (
            "Not yet recruiting" if said.group(1).lower().startswith("not") else "Recruiting"
        )
        ev.add("/status", said.start(1), said.end(1))
    if status:
        # a copy may run the results badge into it: "Completed No Results Posted"
        status_value = _RESULTS_BADGE.sub("", status.group(1))
        ev.add("/status", status.start(1), status.start(1) + len(status_value))
    if status_value and status_value.isupper():  # "NOT_YET_RECRUITING" as "Not yet recruiting"
        status_value = status_value.replace("_", " ").capitalize()
    title_span = (title.start, title.end) if title else None
    # a review or an animal study gets the document's identifiers only: the trials a review
    # cites are not one study, and rats are no study population
    other = _not_a_study(view, title)
    facts = {} if other else _study_facts(view, ev, title, title_span, registry)
    mesh = read_mesh(text, ev)

    data: dict[str, Any] = {
        "id": study_id(
            doi.value if doi else None,
            [str(f.value) for f in registry_ids],
            pmid.value if pmid else None,
            fallback_id,
        ),
        "title": str(title.value) if title else Path(document_path).stem,
        "document": {
            "path": document_path,
            "kind": kind.value,
            "sha256": sha256,
        },
        "identifiers": {
            "doi": doi.value if doi else None,
            "pmid": pmid.value if pmid else None,
            "registry": [f.value for f in registry_ids],
        },
        "year": year.value if year else None,
        "status": status_value,
        **facts,
        "mesh": mesh,
        "provenance": {"method": "extracted", "tool": READER_VERSION},
    }
    if hyphens:
        _restore_hyphens(data, ev)
    data["evidence"] = {
        k: v.as_evidence() for k, v in ev.spans.items() if _points_at_value(data, k)
    }
    try:
        return StudyRecord.model_validate(data)
    except ValidationError as exc:  # a reader bug must not take the build down: say where
        first = exc.errors()[0]
        where = "/" + "/".join(str(p) for p in first["loc"])
        raise ValueError(
            f"the reader produced an invalid value at {where}: {first['msg']}"
        ) from exc


def _study_facts(
    view: TextView,
    ev: Evidence,
    title: Found | None,
    title_span: tuple[int, int] | None,
    registry: bool,
) -> dict[str, Any]:
    """Design, population, arms, schedule, outcomes and safety of the study the text reports."""
    arms = read_arms(view, title_span, registry=registry)
    control = next((a for a in arms if a.role == "control"), None)
    control_arm = (control.spans.get("role") or control.spans.get("label")) if control else None
    design = read_design(view, title, ev, registry=registry, control_arm=control_arm)
    follow_up = read_follow_up(view, ev)
    transitions, starts = read_transitions(view, ev, follow_up)
    population = read_population(view, ev, starts, title_span)
    outcomes = read_outcomes(view, ev, follow_up)
    responders = read_responders(view, ev, follow_up)
    serious = read_serious(view, ev)
    adverse_events = read_adverse_events(view, ev, serious)
    if (adverse_events or serious is not None) and not any(
        o["measure"] == "adverse-events" for o in outcomes
    ):
        outcomes.append(
            {
                "measure": "adverse-events",
                "primary": None,
                "timepoint": None,
                "direction": None,
                "significant": None,
                "as_written": None,
            }
        )
        span = ev.spans.get("/serious_adverse_events") or ev.spans.get("/adverse_events/0/term")
        ev.add(f"/outcomes/{len(outcomes) - 1}/measure", span.start, span.end)
    if transitions and not any(o["measure"] == "ais-grade" for o in outcomes):
        _grade_outcome_from(transitions, outcomes, ev)
    return {
        "design": design,
        "population": population,
        "arms": write_arms(arms, ev),
        "follow_up": follow_up,
        "outcomes": outcomes,
        "ais_transitions": transitions,
        "responders": responders,
        "adverse_events": adverse_events,
        "serious_adverse_events": serious,
    }


def _grade_outcome_from(
    transitions: list[dict[str, Any]], outcomes: list[dict[str, Any]], ev: Evidence
) -> None:
    """Counted grade changes are an AIS grade outcome, whatever words name the scale.

    Improved where every change is upwards ("two of the 7 ASIA A patients became ASIA C"),
    worsened where every one is down.
    """
    ups = {t["to"] > t["from"] for t in transitions}
    direction = None if len(ups) > 1 else ("improved" if ups.pop() else "worsened")
    index = len(outcomes)
    outcomes.append(
        {
            "measure": "ais-grade",
            "primary": None,
            "timepoint": None,
            "direction": direction,
            "significant": None,
            "as_written": None,
        }
    )
    first = ev.spans["/ais_transitions/0/from"]
    ev.add(f"/outcomes/{index}/measure", first.start, first.end)
    if direction:
        target = ev.spans["/ais_transitions/0/to"]
        ev.add(f"/outcomes/{index}/direction", target.start, target.end)


def _restore_hyphens(data: dict[str, Any], ev: Evidence) -> None:
    """Text values as the document writes them: the reader saw its Unicode hyphens as "-"."""
    for pointer, span in ev.spans.items():
        parent, key = _parent_of(data, pointer)
        if parent is None:
            continue
        value = parent[key]
        if isinstance(value, str) and value != span.text and span.text.translate(_HYPHENS) == value:
            parent[key] = span.text


def _parent_of(data: dict[str, Any], pointer: str) -> tuple[Any, Any]:
    """The list or dict that holds a JSON pointer's value, and its key; (None, None) if none."""
    node: Any = data
    parts = pointer.strip("/").split("/")
    for index, part in enumerate(parts):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            key: Any = int(part)
        elif isinstance(node, dict) and part in node:
            key = part
        else:
            return None, None
        if index == len(parts) - 1:
            return node, key
        node = node[key]
    return None, None


def _points_at_value(data: dict[str, Any], pointer: str) -> bool:
    """Keep evidence only for values that are in the record (not for nulls)."""
    parent, key = _parent_of(data, pointer)
    return parent is not None and parent[key] is not None and parent[key] != []
