"""A seeded synthetic corpus: abstract-like documents with their exact study records.

Each study is written as text the reader can parse (the number formats and phrasings of the
real documents) and as the record that text states, with an evidence span for every value, so
the whole pipeline (extract, RDF, SHACL, store, queries, export) runs on it.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.record import StudyRecord

__all__ = ["SyntheticStudy", "generate", "write_corpus"]

SOURCES = [  # (code, phrase, abbreviation, weight)
    ("umbilical-cord", "human umbilical cord mesenchymal stem cells", "hUC-MSCs", 35),
    ("bone-marrow", "bone marrow-derived mesenchymal stem cells", "BM-MSCs", 30),
    ("adipose-tissue", "adipose-derived mesenchymal stem cells", "AD-MSCs", 20),
    ("umbilical-cord-blood", "umbilical cord blood mesenchymal stem cells", "hUCB-MSCs", 10),
    ("placenta", "placenta-derived mesenchymal stem cells", "P-MSCs", 5),
]
ROUTES = [
    ("intrathecal", "intrathecal", 45),
    ("intravenous", "intravenous", 35),
    ("intraspinal", "intramedullary", 20),
]
MEASURES = [
    ("asia-motor", "ASIA motor score"),
    ("asia-sensory", "ASIA sensory score"),
    ("scim", "SCIM III"),
    ("ianr-scifrs", "IANR-SCIFRS"),
    ("wisci", "WISCI II"),
    ("mas", "Modified Ashworth Scale"),
    ("nbd", "NBD score"),
    ("vas", "VAS"),
    ("residual-urine-volume", "residual urine volume"),
    ("mri", "MRI"),
]
AES = [
    ("fever", "fever"),
    ("headache", "headache"),
    ("dizziness", "dizziness"),
    ("musculoskeletal-pain", "musculoskeletal pain"),
    ("nausea", "nausea"),
    ("infection", "urinary tract infection"),
]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
GRADES = "ABCDE"


@dataclass
class SyntheticStudy:
    """One generated document and the record it states."""

    name: str
    text: str
    record: StudyRecord


@dataclass
class _Writer:
    """Appends text while remembering where each stated value sits."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)

    def say(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def value(self, pointer: str, text: str) -> None:
        end = self.length + len(text)
        self.evidence[pointer] = {"start": self.length, "end": end, "text": text}
        self.say(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _pick(rng: random.Random, table: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _dose(rng: random.Random) -> tuple[float, str, str]:
    mantissa = rng.choice([1, 2, 5])
    exponent = rng.choice([6, 7, 8])
    per_kg = rng.random() < 0.6
    unit = "cells/kg" if per_kg else "cells"
    style = rng.choice(["{m} × 10{e}", "{m}×10{e}", "{m} x 10^{e}"])
    written = style.format(m=mantissa, e=exponent) + (" cells/kg" if per_kg else " cells")
    return float(mantissa * 10**exponent), unit, written


def _study(index: int, rng: random.Random) -> SyntheticStudy:
    nct = f"NCT{90000000 + index:08d}"
    source, source_phrase, abbreviation, _ = _pick(rng, SOURCES)
    route, route_word, _ = _pick(rng, ROUTES)
    exosomes = rng.random() < 0.12
    donor = rng.choice(["autologous", "allogeneic"])
    if source in ("umbilical-cord", "umbilical-cord-blood", "placenta"):
        donor = "allogeneic"
    n = rng.randint(6, 120)
    phase = rng.choice(["1", "1/2", "2"])
    phase_text = {"1": "phase I", "1/2": "phase I/II", "2": "phase II"}[phase]
    year = rng.randint(2008, 2025)
    w = _Writer()
    data: dict[str, Any] = {"id": nct.lower(), "document": {}, "identifiers": {"registry": [nct]}}

    title = (
        f"{donor.capitalize()} {abbreviation} "
        f"{'exosomes ' if exosomes else ''}for spinal cord injury: a {phase_text} trial"
    )
    w.value("/title", title)
    data["title"] = title
    w.say("\n\nJ Regen Med. ")
    w.value("/year", str(year))
    data["year"] = year
    w.say(". Trial registration: ")
    w.value("/identifiers/registry/0", nct)
    w.say(".\n\nMethods: In this ")
    w.value("/design/phase", phase_text)
    w.say(", ")
    w.value("/design/allocation", "single-arm")
    w.say(", ")
    w.value("/design/masking", "open-label")
    w.say(" study, ")
    w.value("/population/enrolled", str(n))
    w.say(" patients with ")
    sci_phase = rng.choice(["acute", "subacute", "chronic"])
    w.value("/population/sci_phase/0", sci_phase)
    w.say(" spinal cord injury received ")
    administrations = rng.choice([1, 1, 2, 4])
    interval = "P1M" if administrations > 1 else None
    count_text = NUMBER_WORDS[administrations]
    arm: dict[str, Any] = {
        "label": abbreviation,
        "role": "experimental",
        "route": route,
        "route_as_written": route_word,
    }
    if administrations > 1:
        w.value("/arms/0/administrations", count_text)
        w.say(" ")
        w.value("/arms/0/interval", "monthly")
        w.say(" ")
    arm["administrations"] = administrations if administrations > 1 else None
    arm["interval"] = interval
    w.value("/arms/0/route", route_word)
    w.say(" injections of ")
    w.value("/arms/0/product/donor", donor)
    w.say(" ")
    w.value("/arms/0/product/source", source_phrase)
    product: dict[str, Any] = {
        "kind": "exosomes" if exosomes else "cells",
        "cell_type": "mesenchymal-stromal-cell",
        "source": source,
        "donor": donor,
    }
    if exosomes:
        w.say("-derived ")
        w.value("/arms/0/product/kind", "exosomes")
        arm["dose"] = None
    else:
        value, unit, written = _dose(rng)
        w.say(" (")
        w.value("/arms/0/dose", written)
        w.say(")")
        arm["dose"] = {"value": value, "unit": unit, "as_written": written}
    arm["product"] = product
    data["arms"] = [arm]
    months = sorted(rng.sample([1, 3, 6, 12, 24], k=rng.randint(2, 4)))
    w.say(". Patients were followed up at ")
    for i, month in enumerate(months):
        if i:
            w.say(", " if i < len(months) - 1 else " and ")
        w.value(f"/follow_up/{i}", str(month))
    w.say(" months.\n\nResults: ")
    data["follow_up"] = [f"P{m}M" for m in months]
    outcomes = []
    for i, (code, name) in enumerate(rng.sample(MEASURES, k=rng.randint(2, 5))):
        w.value(f"/outcomes/{i}/measure", name)
        improved = rng.random() < 0.7
        w.say(" ")
        w.value(f"/outcomes/{i}/direction", "improved" if improved else "did not change")
        w.say(f" at {months[-1]} months. ")
        outcomes.append(
            {
                "measure": code,
                "timepoint": f"P{months[-1]}M",
                "direction": "improved" if improved else "no-change",
            }
        )
    data["outcomes"] = outcomes
    events = []
    for i, (code, name) in enumerate(rng.sample(AES, k=rng.randint(0, 3))):
        percent = round(rng.uniform(1, 30), 1)
        w.value(f"/adverse_events/{i}/as_written", name)
        w.say(" (")
        w.value(f"/adverse_events/{i}/percent", f"{percent}%")
        w.say(") was reported. ")
        events.append({"term": code, "as_written": name, "percent": percent})
    data["adverse_events"] = events
    baseline: list[str] = []
    if rng.random() < 0.4:
        start = rng.randint(0, 2)
        of = rng.randint(2, max(2, min(n, 12)))
        moved = rng.randint(1, of)
        w.say(f"{NUMBER_WORDS[moved].capitalize()} of {NUMBER_WORDS[of]} patients with ")
        w.value("/population/ais_baseline/0", f"AIS {GRADES[start]}")
        baseline = [GRADES[start]]
        w.say(" ")
        w.value(f"/outcomes/{len(outcomes)}/direction", "improved")
        w.say(" to ")
        w.value("/ais_transitions/0", f"AIS {GRADES[start + 1]} ({moved}/{of})")
        w.say(". ")
        # the sentence gives no time point, so the record has none
        data["ais_transitions"] = [
            {"from": GRADES[start], "to": GRADES[start + 1], "patients": moved, "of": of}
        ]
        outcomes.append({"measure": "ais-grade", "direction": "improved"})
        w.evidence[f"/outcomes/{len(outcomes) - 1}/measure"] = w.evidence["/ais_transitions/0"]
    w.value("/serious_adverse_events", "No serious adverse events")
    w.say(" occurred.\n")
    data["serious_adverse_events"] = 0
    # no serious adverse event: none reported was serious; adverse events were an outcome
    outcomes.append({"measure": "adverse-events"})
    w.evidence[f"/outcomes/{len(outcomes) - 1}/measure"] = w.evidence["/serious_adverse_events"]
    for i, event in enumerate(events):
        event["serious"] = False
        w.evidence[f"/adverse_events/{i}/serious"] = w.evidence["/serious_adverse_events"]
    data["design"] = {
        "type": "interventional",
        "allocation": "single-arm",
        "masking": "open-label",
        "controlled": False,
        "phase": phase,
    }
    data["population"] = {"enrolled": n, "sci_phase": [sci_phase], "ais_baseline": baseline}
    text = w.text
    name = f"synthetic-{index:06d}.txt"
    data["document"] = {
        "path": f"documents/{name}",
        "kind": "abstract",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    data["evidence"] = w.evidence
    return SyntheticStudy(name=name, text=text, record=StudyRecord.model_validate(data))


def generate(n: int, seed: int = 20261123) -> Iterator[SyntheticStudy]:
    """Yield `n` synthetic studies; the same `n` and `seed` always give the same corpus."""
    rng = random.Random(seed)
    for index in range(n):
        yield _study(index, random.Random(rng.getrandbits(64)))


def write_corpus(out_dir: Path | str, n: int, seed: int = 20261123) -> Path:
    """Write `n` studies as a corpus (`studies/*.json` + `documents/*.txt`) under `out_dir`.

    JSON rather than YAML so that loading the corpus measures the pipeline, not a YAML parser.
    """
    root = Path(out_dir)
    (root / "studies").mkdir(parents=True, exist_ok=True)
    (root / "documents").mkdir(parents=True, exist_ok=True)
    for study in generate(n, seed):
        (root / "documents" / study.name).write_text(study.text, encoding="utf-8")
        record = study.record.model_dump(mode="json", exclude_none=True, by_alias=True)
        path = root / "studies" / f"{Path(study.name).stem}.json"
        path.write_text(json.dumps(record, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    return root


def change_document(root: Path | str, index: int = 0) -> Path:
    """Edit one study's document and record in place (a new title word) for a rebuild test."""
    root = Path(root)
    record_path = sorted((root / "studies").glob("*.json"))[index]
    record = json.loads(record_path.read_text(encoding="utf-8"))
    doc = root / record["document"]["path"]
    text = doc.read_text(encoding="utf-8")
    old = record["title"]
    new = old.replace("spinal cord injury", "traumatic spinal cord injury", 1)
    text = text.replace(old, new, 1)
    shift = len(new) - len(old)
    for pointer, span in record.get("evidence", {}).items():
        if pointer == "/title":
            span["end"] += shift
            span["text"] = new
        elif span["start"] >= len(old):
            span["start"] += shift
            span["end"] += shift
    record["title"] = new
    raw = text.encode("utf-8")
    doc.write_bytes(raw)
    record["document"]["sha256"] = hashlib.sha256(raw).hexdigest()
    record_path.write_text(json.dumps(record, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    return record_path
