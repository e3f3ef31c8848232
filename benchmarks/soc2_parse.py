"""Benchmark of `parsers.soc2`: accuracy on a generated corpus and speed.

    uv run python -m benchmarks.soc2_parse [--docs 64] [--seed 2024] [--jobs 2]

Prints accuracy per field, precision / recall / F1 for exceptions and CUECs, pages per second on
one core, peak memory of a generated 500-page report (in a child process), the batch throughput
of `tprm soc2 parse --batch` with --jobs 1 and --jobs N, and the speed on the real reports in
../shared/soc2-samples/real/ when they are there. Results also go to
benchmarks/out/soc2/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers.soc2 import parse_pdf  # noqa: E402
from tests.parsers.soc2.generator import DocSpec, benchmark_corpus, generate  # noqa: E402
from tests.parsers.soc2.generator.compare import SCALARS, item_key  # noqa: E402

REAL = ROOT.parent / "shared" / "soc2-samples" / "real"
BIG = DocSpec("big-500", style="bigfour", n_controls=3000, n_exceptions=40, seed=5)
_CHILD = """
import resource, sys, time
from parsers.soc2 import parse_pdf
start = time.perf_counter()
result = parse_pdf(sys.argv[1])
print(result.pages, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def prf(parsed: list[Any], truth: list[Any], kind: str) -> tuple[int, int, int]:
    """True positives, parsed count, truth count; an item matches only if every field is equal."""
    want = [item_key(kind, t) for t in truth]
    tp = 0
    for item in parsed:
        key = item_key(kind, item)
        if key in want:
            want.remove(key)
            tp += 1
    return tp, len(parsed), len(truth)


def f1(tp: int, n_parsed: int, n_truth: int) -> tuple[float, float, float]:
    precision = tp / n_parsed if n_parsed else 1.0
    recall = tp / n_truth if n_truth else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def accuracy(corpus: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    """Parse every document on this one core; compare with its truth."""
    right = dict.fromkeys(SCALARS, 0)
    counts = {k: [0, 0, 0] for k in ("exceptions", "cuecs", "subservice_organizations", "csocs")}
    pages = 0
    seconds = 0.0
    wrong: list[str] = []
    for path, truth in corpus:
        start = time.perf_counter()
        parsed = parse_pdf(path).to_dict()
        seconds += time.perf_counter() - start
        pages += parsed["pages"]
        for key in SCALARS:
            same = parsed[key] == truth[key]
            right[key] += same
            if not same:
                wrong.append(f"{path.stem}: {key}")
        for key, total in counts.items():
            for i, n in enumerate(prf(parsed[key], truth[key], key)):
                total[i] += n
    n = len(corpus)
    return {
        "documents": n,
        "field_accuracy": {k: round(v / n, 4) for k, v in right.items()},
        "lists": {
            k: dict(
                zip(("precision", "recall", "f1"), map(lambda x: round(x, 4), f1(*v)), strict=True)
            )
            | {"items": v[2]}
            for k, v in counts.items()
        },
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_second_one_core": round(pages / seconds, 1),
        "wrong_fields": wrong[:20],
    }


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


def real_reports() -> list[dict[str, Any]]:
    out = []
    for path in sorted(REAL.glob("*.pdf")):
        start = time.perf_counter()
        result = parse_pdf(path)
        seconds = time.perf_counter() - start
        out.append(
            {
                "file": path.name,
                "pages": result.pages,
                "seconds": round(seconds, 2),
                "pages_per_second": round(result.pages / seconds, 1),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "soc2")
    args = parser.parse_args()
    corpus_dir = args.out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for old in corpus_dir.glob("*.pdf"):
        old.unlink()
    corpus = []
    for spec in benchmark_corpus(args.docs, args.seed):
        path = corpus_dir / f"{spec.name}.pdf"
        corpus.append((path, generate(spec, str(path))))
    big = args.out / "big-500.pdf"
    generate(BIG, str(big))

    results = {"accuracy": accuracy(corpus), "big_report": peak_memory(big), "real": real_reports()}
    pages = results["accuracy"]["pages"]
    results["batch"] = [batch(corpus_dir, 1, pages), batch(corpus_dir, args.jobs, pages)]
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    _print(results)


def _print(results: dict[str, Any]) -> None:
    acc = results["accuracy"]
    print(f"corpus: {acc['documents']} generated documents, {acc['pages']} pages")
    print("field accuracy:")
    for key, value in acc["field_accuracy"].items():
        print(f"  {key:28} {value:.4f}")
    print("lists (an item counts only if every field is right):")
    for key, value in acc["lists"].items():
        print(
            f"  {key:26} P {value['precision']:.4f}  R {value['recall']:.4f}  "
            f"F1 {value['f1']:.4f}  ({value['items']} in truth)"
        )
    print(f"speed, one core, in process: {acc['pages_per_second_one_core']} pages/s")
    big = results["big_report"]
    print(
        f"{big['pages']}-page report: {big['seconds']} s, {big['pages_per_second']} pages/s, "
        f"peak RSS {big['peak_rss_mb']} MB (child process)"
    )
    for run in results["batch"]:
        print(
            f"batch --jobs {run['jobs']}: {run['seconds']} s, {run['pages_per_second']} pages/s, "
            f"{run['documents']} documents, exit {run['exit_code']}"
        )
    for real in results["real"]:
        print(
            f"real {real['file']}: {real['pages']} pages in {real['seconds']} s "
            f"({real['pages_per_second']} pages/s)"
        )
    if acc["wrong_fields"]:
        print("wrong fields:", ", ".join(acc["wrong_fields"]))


if __name__ == "__main__":
    main()
