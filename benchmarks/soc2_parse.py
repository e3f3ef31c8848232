"""Benchmark of `parsers.soc2`: accuracy on real reports and on a generated corpus, honesty of
the review flag, and speed beside pypdfium2's plain text extraction of the same files.

    uv run python -m benchmarks.soc2_parse [--docs 64] [--seed 2024] [--jobs N] [--styles all]

- Real reports: every PDF in ../shared/soc2-samples/real/ with a truth/NAME.truth.json, apart
  from the generated ones.
- Generated: `benchmark_corpus(docs, seed, styles)` of tests/parsers/soc2/generator (nine house
  styles by default, five of them the parser was built on: `--styles classic` for those only).
- Per field: the share of documents whose value is the truth's; names with the tests'
  tolerance (tests/parsers/soc2/generator/compare.py), everything else exactly. Per list:
  precision, recall and F1, an item counting only when every field matches with that tolerance.
- Review: of the documents with any wrong field or item, how many were flagged for review
  (`review.needed`); of the documents read right, how many were flagged anyway.
- Speed: pages per second on one core, in process, and pypdfium2 opening every page and
  extracting its plain text (`get_textpage().get_text_range()`) of the same files in the same
  run, interleaved file by file; their ratio. Then `tprm soc2 parse --batch` with --jobs 1 and
  with every core, and the peak memory of a 500-page report in a child process.
Results also go to benchmarks/out/soc2/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers.soc2 import parse_pdf  # noqa: E402
from tests.parsers.soc2.generator import DocSpec, benchmark_corpus, generate  # noqa: E402
from tests.parsers.soc2.generator.compare import (  # noqa: E402
    LISTS,
    SCALARS,
    matched_items,
    same_name,
)

REAL = ROOT.parent / "shared" / "soc2-samples" / "real"
BIG = DocSpec("big-500", style="bigfour", n_controls=3000, n_exceptions=40, seed=5)
_CHILD = """
import resource, sys, time
from parsers.soc2 import parse_pdf
start = time.perf_counter()
result = parse_pdf(sys.argv[1])
print(result.pages, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def f1(tp: int, n_parsed: int, n_truth: int) -> tuple[float, float, float]:
    precision = tp / n_parsed if n_parsed else 1.0
    recall = tp / n_truth if n_truth else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def _same_field(key: str, got: Any, want: Any) -> bool:
    if key in ("service_organization", "service_auditor"):
        return same_name(got, want)
    return bool(got == want)


def plain_text_seconds(path: Path) -> float:
    """The least a parser must do: open the PDF and extract every page's plain text."""
    start = time.perf_counter()
    doc = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        doc.close()
    return time.perf_counter() - start


def accuracy(corpus: Iterable[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    """Parse every document on this one core beside its plain-text extraction; compare."""
    right = dict.fromkeys(SCALARS, 0)
    counts = {k: [0, 0, 0] for k in LISTS}
    pages = 0
    seconds = plain = 0.0
    wrong: list[str] = []
    flagged = {"wrong": 0, "wrong_flagged": 0, "right": 0, "right_flagged": 0}
    n = 0
    for path, truth in corpus:
        n += 1
        start = time.perf_counter()
        parsed = parse_pdf(path).to_dict()
        seconds += time.perf_counter() - start
        plain += plain_text_seconds(path)
        pages += parsed["pages"]
        errors = []
        for key in SCALARS:
            if _same_field(key, parsed[key], truth[key]):
                right[key] += 1
            else:
                errors.append(key)
        for key, total in counts.items():
            hits = matched_items(key, parsed[key], truth[key])
            total[0] += hits
            total[1] += len(parsed[key])
            total[2] += len(truth[key])
            if hits != len(parsed[key]) or hits != len(truth[key]):
                errors.append(key)
        needed = bool(parsed["review"]["needed"])
        state = "wrong" if errors else "right"
        flagged[state] += 1
        flagged[f"{state}_flagged"] += needed
        wrong.extend(f"{path.stem}: {key}" for key in errors)
    return {
        "documents": n,
        "field_accuracy": {k: round(v / n, 4) for k, v in right.items()} if n else {},
        "lists": {
            k: dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in f1(*v)), strict=True))
            | {"items": v[2]}
            for k, v in counts.items()
        },
        "review": flagged,
        "pages": pages,
        "seconds": round(seconds, 2),
        "plain_text_seconds": round(plain, 2),
        "pages_per_second_one_core": round(pages / seconds, 1) if seconds else 0.0,
        "plain_text_pages_per_second": round(pages / plain, 1) if plain else 0.0,
        "ratio_to_plain_text": round(plain / seconds, 3) if seconds else 0.0,
        "wrong_fields": wrong[:40],
    }


def real_corpus() -> list[tuple[Path, dict[str, Any]]]:
    """Real reports that have a hand-written truth in ../shared."""
    out = []
    for truth_file in sorted((REAL / "truth").glob("*.truth.json")):
        pdf = REAL / truth_file.name.replace(".truth.json", ".pdf")
        if pdf.is_file():
            out.append((pdf, json.loads(truth_file.read_text())))
    return out


def peak_memory(path: Path) -> dict[str, Any]:
    """Parse in a fresh child process and read its peak resident memory."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    pages, seconds, kib = int(out[0]), float(out[1]), int(out[2])
    return {
        "pages": pages,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(kib / 1024, 1),
        "pages_per_second": round(pages / seconds, 1),
    }


def batch(folder: Path, jobs: int, pages: int) -> dict[str, Any]:
    """Time `tprm soc2 parse --batch` (as the CLI module) over the corpus."""
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from app.soc2_cli import app; app()",
            "parse",
            "--batch",
            str(folder),
            "--jobs",
            str(jobs),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    return {
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "documents": len(proc.stdout.splitlines()),
        "pages_per_second": round(pages / seconds, 1),
        "exit_code": proc.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--styles", default="all", help="all, classic, or style names with commas")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "soc2")
    args = parser.parse_args()
    corpus_dir = args.out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for old in corpus_dir.glob("*.pdf"):
        old.unlink()
    styles: Any = args.styles if args.styles in ("all", "classic") else args.styles.split(",")
    corpus = []
    for spec in benchmark_corpus(args.docs, args.seed, styles=styles):
        path = corpus_dir / f"{spec.name}.pdf"
        corpus.append((path, generate(spec, str(path))))
    big = args.out / "big-500.pdf"
    generate(BIG, str(big))

    results = {
        "real": accuracy(real_corpus()),
        "generated": accuracy(corpus),
        "big_report": peak_memory(big),
    }
    pages = results["generated"]["pages"]
    results["batch"] = [batch(corpus_dir, 1, pages), batch(corpus_dir, args.jobs, pages)]
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    for name in ("real", "generated"):
        _print(name, results[name])
    big_run = results["big_report"]
    print(
        f"{big_run['pages']}-page report: {big_run['seconds']} s, {big_run['pages_per_second']}"
        f" pages/s, peak RSS {big_run['peak_rss_mb']} MB (child process)"
    )
    for run in results["batch"]:
        print(
            f"batch --jobs {run['jobs']}: {run['seconds']} s, {run['pages_per_second']} pages/s, "
            f"{run['documents']} documents, exit {run['exit_code']}"
        )


def _print(name: str, acc: dict[str, Any]) -> None:
    print(f"== {name}: {acc['documents']} documents, {acc['pages']} pages")
    if not acc["documents"]:
        return
    print("field accuracy:")
    for key, value in acc["field_accuracy"].items():
        print(f"  {key:28} {value:.4f}")
    print("lists (an item counts only if every field matches):")
    for key, value in acc["lists"].items():
        print(
            f"  {key:26} P {value['precision']:.4f}  R {value['recall']:.4f}  "
            f"F1 {value['f1']:.4f}  ({value['items']} in truth)"
        )
    review = acc["review"]
    print(
        f"review: {review['wrong_flagged']} of {review['wrong']} documents with an error flagged;"
        f" {review['right_flagged']} of {review['right']} documents read right flagged"
    )
    print(
        f"speed, one core, in process: {acc['pages_per_second_one_core']} pages/s; plain text"
        f" extraction of the same files {acc['plain_text_pages_per_second']} pages/s;"
        f" ratio {acc['ratio_to_plain_text']}"
    )
    if acc["wrong_fields"]:
        print("wrong:", ", ".join(acc["wrong_fields"]))


if __name__ == "__main__":
    main()
