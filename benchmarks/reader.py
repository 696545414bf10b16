"""Reader speed: documents per second on one core, and time against document length.

    python benchmarks/reader.py [--repeats N] [--json]

Measures `kg.extract.extract_text` in CPU seconds of this process (the memoised term index is
cleared before every document, so each one is read from scratch) on:
- the abstracts of the real PubMed records under tests/fixtures/sources (0.7-2.6 kB);
- the bundled documents (abstract pages, a registry record, lay summaries: 3.4-10 kB);
- 500 synthetic abstracts from benchmarks/synth.py (about 0.6 kB each);
- one abstract repeated 1, 2, 4, 8 and 16 times, to show the cost grows linearly with length.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import generate

from kg.extract import extract_text, vocabulary
from kg.paths import DATA_DIR


def _read_all(texts: list[str]) -> float:
    """Seconds to read every text once, each from scratch."""
    start = time.process_time()
    for text in texts:
        vocabulary.clear_caches()
        extract_text(text)
    return time.process_time() - start


def _pubmed_abstracts() -> list[str]:
    """The abstract texts of the real PubMed fixtures (what `scikg` gives the reader)."""
    from kg.sources._common import parse_xml
    from kg.sources.pubmed import parse_pubmed

    folder = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sources"
    texts = []
    for path in sorted(folder.glob("pubmed*.xml")):
        for article in parse_pubmed(parse_xml(path.read_bytes(), path), path):
            if article.abstract_text:
                texts.append(article.abstract_text)
    return texts


def _rate(texts: list[str], repeats: int) -> dict[str, float]:
    seconds = statistics.median(_read_all(texts) for _ in range(repeats))
    size = sum(len(t) for t in texts) / len(texts)
    return {
        "documents": len(texts),
        "mean_chars": round(size),
        "docs_per_s": round(len(texts) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    bundled = [
        p.read_text(encoding="utf-8") for p in sorted((DATA_DIR / "documents").glob("*.txt"))
    ]
    abstracts = _pubmed_abstracts()
    synthetic = [study.text for study in generate(500)]
    extract_text(bundled[0])  # load the vocabulary once, as a long-running build does

    figures = {
        "pubmed_abstracts": _rate(abstracts * 20, args.repeats),
        "bundled": _rate(bundled * 4, args.repeats),
        "synthetic_abstracts": _rate(synthetic, args.repeats),
    }
    abstract = bundled[0]
    scaling = []
    for times in (1, 2, 4, 8, 16):
        text = "\n\n".join([abstract] * times)
        seconds = statistics.median(_read_all([text]) for _ in range(args.repeats))
        scaling.append({"chars": len(text), "ms": round(seconds * 1000, 2),
                        "us_per_kchar": round(seconds * 1e6 / (len(text) / 1000), 1)})  # fmt: skip
    figures["length_scaling"] = scaling

    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'corpus':22} {'docs':>6} {'chars':>7} {'docs/s':>8}")
    for name in ("pubmed_abstracts", "bundled", "synthetic_abstracts"):
        f = figures[name]
        print(f"{name:22} {f['documents']:6d} {f['mean_chars']:7d} {f['docs_per_s']:8.1f}")
    print("\nlength scaling (one abstract repeated):")
    print(f"{'chars':>8} {'ms':>8} {'us/kchar':>9}")
    for row in scaling:
        print(f"{row['chars']:8d} {row['ms']:8.2f} {row['us_per_kchar']:9.1f}")


if __name__ == "__main__":
    main()
