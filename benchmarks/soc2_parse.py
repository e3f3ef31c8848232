"""Benchmark of `parsers.soc2`: accuracy on real reports and on a generated corpus, honesty of
the review flag, and speed beside pypdfium2's plain text extraction of the same files.

    uv run python -m benchmarks.soc2_parse [--docs 64] [--seed 2024] [--jobs N] [--styles all]

- Real reports, apart from the generated ones: every PDF in ../shared/soc2-samples/real/ with a
  truth/NAME.truth.json (facts and lists), and the four earlier ones (Azure SOC 1, 2, 3; Tembo)
  with the facts of their truth in tests/parsers/soc2/truth/.
- Generated: `benchmark_corpus(docs, seed, styles)` of tests/parsers/soc2/generator (nine house
  styles by default, five of them the parser was built on: `--styles classic` for those only).
- Per field: the share of documents whose value is the truth's; names with the tests'
  tolerance (tests/parsers/soc2/generator/compare.py), everything else exactly. Per list:
  precision, recall and F1, an item counting only when every field matches with that tolerance.
  For real reports, the alternatives their truths' notes accept count as right, exactly as in
  the tests (tests/parsers/soc2/truth/accepted.py).
- Review (`review.needed`): a document is due for review when anything in it was read wrong or
  when its truth says so (a result that is neither pass nor deviation). Reported: wrong reads
  left unflagged (silent errors), documents due for review that were flagged, and documents
  read right with nothing doubtful that were flagged anyway (false alarms).
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
from tests.parsers.soc2.generator.compare import LISTS, SCALARS, matched_items  # noqa: E402
from tests.parsers.soc2.truth import (  # noqa: E402
    azure_soc1,
    azure_soc2,
    azure_soc3,
    tembo_soc2_type1,
)
from tests.parsers.soc2.truth.accepted import (  # noqa: E402
    required,
    review_needed,
    same_fact,
    same_listed,
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
    review = dict.fromkeys(
        ("wrong", "wrong_unflagged", "due", "due_flagged", "clean", "clean_flagged"), 0
    )
    n = listed = 0
    for path, truth in corpus:
        n += 1
        listed += all(key in truth for key in LISTS)
        document = path.stem
        start = time.perf_counter()
        parsed = parse_pdf(path).to_dict()
        seconds += time.perf_counter() - start
        plain += plain_text_seconds(path)
        pages += parsed["pages"]
        errors = []
        for key in SCALARS:
            if same_fact(document, key, parsed[key], truth):
                right[key] += 1
            else:
                errors.append(key)
        for key, total in counts.items():
            if key not in truth:
                continue  # an earlier real report whose truth gives its facts only
            ours, theirs = required(document, key, parsed[key]), required(document, key, truth[key])
            hits = matched_items(
                key, ours, theirs, lambda k, g, w, d=document: same_listed(d, k, g, w)
            )
            total[0] += hits
            total[1] += len(ours)
            total[2] += len(theirs)
            if hits != len(ours) or hits != len(theirs):
                errors.append(key)
        flagged = bool(parsed["review"]["needed"])
        due = bool(errors) or bool(truth.get("review_needed", review_needed(document)))
        review["wrong"] += bool(errors)
        review["wrong_unflagged"] += bool(errors) and not flagged
        review["due"] += due
        review["due_flagged"] += due and flagged
        review["clean"] += not due
        review["clean_flagged"] += not due and flagged
        wrong.extend(f"{document}: {key}" for key in errors)
    return {
        "documents": n,
        "documents_with_lists": listed,
        "field_accuracy": {k: round(v / n, 4) for k, v in right.items()} if n else {},
        "lists": {
            k: dict(zip(("precision", "recall", "f1"), (round(x, 4) for x in f1(*v)), strict=True))
            | {"items": v[2]}
            for k, v in counts.items()
        },
        "review": review,
        "pages": pages,
        "seconds": round(seconds, 2),
        "plain_text_seconds": round(plain, 2),
        "pages_per_second_one_core": round(pages / seconds, 1) if seconds else 0.0,
        "plain_text_pages_per_second": round(pages / plain, 1) if plain else 0.0,
        "ratio_to_plain_text": round(plain / seconds, 3) if seconds else 0.0,
        "wrong_fields": wrong[:40],
    }


def real_corpus() -> list[tuple[Path, dict[str, Any]]]:
    """Real reports: those with a full truth in ../shared, then the four earlier ones, whose
    truth in tests/parsers/soc2/truth/ gives their facts (their lists are checked by snippets in
    the tests, not counted here)."""
    out = []
    for truth_file in sorted((REAL / "truth").glob("*.truth.json")):
        pdf = REAL / truth_file.name.replace(".truth.json", ".pdf")
        if pdf.is_file():
            out.append((pdf, json.loads(truth_file.read_text())))
    for earlier in (azure_soc1, azure_soc2, azure_soc3, tembo_soc2_type1):
        pdf = REAL / earlier.FILE
        if pdf.is_file():
            out.append((pdf, earlier.FACTS))
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
    print(
        f"lists, over the {acc['documents_with_lists']} documents whose truth lists items"
        " (an item counts only if every field matches):"
    )
    for key, value in acc["lists"].items():
        print(
            f"  {key:26} P {value['precision']:.4f}  R {value['recall']:.4f}  "
            f"F1 {value['f1']:.4f}  ({value['items']} in truth)"
        )
    review = acc["review"]
    print(
        f"review: {review['due_flagged']} of {review['due']} documents due for review flagged;"
        f" {review['wrong_unflagged']} of {review['wrong']} documents with an error unflagged;"
        f" {review['clean_flagged']} of {review['clean']} clean documents flagged"
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
