"""A customer's questionnaire at the limits: how long `preview` takes on a 5,000-row
workbook (the row limit), and the memory it uses; `preview`, `questions` and
`write_answers` on 2,000 questions (the import limit); and the same on a workbook near the
cell limit (2,000 rows of 120 bordered cells, mostly empty), the most one file may make
openpyxl hold.

    uv run python -m benchmarks.diligence_sheets

Time is the best of three runs; memory is the peak of Python's allocations (tracemalloc)
during a fourth run, and the process's peak resident size at the end.

Measured on 2 shared cores (CPython 3.11, openpyxl 3.1.5), 2026-12-06: `preview` of the
5,000-row sheet (426 KB, 40,000 cells) 0.7 to 0.9 s alone (1.2 s under load), 21 MB of
Python allocations, +24 MB resident in a fresh process (71 -> 95 MB); 2,000 questions:
`preview` 0.6 s, `questions` 0.6 s, `write_answers` 1.0 s, 9 to 15 MB; 240,000 bordered
cells: `preview` 2 to 3 s and 80 MB, `write_answers` 6 s and 97 MB.
"""

import io
import random
import resource
import time
import tracemalloc
from collections.abc import Callable

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Border, Font, Side

from domain.diligence.sheets import MAX_CELLS, MAX_ROWS, preview, questions, write_answers

QUESTION = (
    "Does your organisation maintain an information security policy that is reviewed at "
    "least annually and approved by management (row {n})?"
)
WORDS = (
    "access control data encryption vendor policy review annual management risk incident "
    "response backup recovery network firewall logging monitoring employees training"
).split()
COLUMNS = ["Ref", "Domain", "Question", "Guidance", "Response", "Comments", "Evidence", "Score"]


def questionnaire(rows: int) -> bytes:
    """A SIG-like sheet of eight bordered columns: a banner, a header at row 3, questions of
    12 to 30 words, guidance, some answers given, a bold section row every 25 rows."""
    pick = random.Random(7)

    def words(low: int, high: int) -> str:
        return " ".join(pick.choice(WORDS) for _ in range(pick.randint(low, high)))

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Questionnaire")
    side = Side(style="thin")
    sheet.append(["Supplier security questionnaire"])
    sheet.append([])
    sheet.append(COLUMNS)
    for n in range(4, rows + 1):
        if n % 25 == 0:
            title = WriteOnlyCell(sheet, value=f"Section {n // 25}: {words(1, 3)}")
            title.font = Font(bold=True)
            sheet.append([title])
            continue
        values = [
            f"{n // 25}.{n % 25}",
            f"Domain {n // 200}",
            f"Do you {words(12, 30)}?",
            words(10, 40),
            pick.choice(["Yes", "No", "N/A", None]),
            words(3, 8) if n % 3 == 0 else None,
            None,
            n % 5,
        ]
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.border = Border(left=side, right=side)
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def formatted(cells: int, columns: int) -> bytes:
    """A sheet of about `cells` bordered cells, a question in column B of each row."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Formatted")
    side = Side(style="thin")
    sheet.append(["#", "Question", "Answer", *[f"x{n}" for n in range(columns - 3)]])
    for n in range(1, cells // columns):
        row = []
        for column in range(columns):
            value = QUESTION.format(n=n) if column == 1 else None
            cell = WriteOnlyCell(sheet, value=value)
            cell.border = Border(left=side)
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(name: str, run: Callable[[], object]) -> None:
    best = min(_timed(run) for _ in range(3))
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {name:<14} {best:6.2f} s   peak allocations {peak / 1024 / 1024:6.1f} MB")


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    largest = questionnaire(MAX_ROWS)
    print(f"{MAX_ROWS:,} rows x 8 columns: {len(largest) / 1024:,.0f} KB")
    measure("preview", lambda: preview(largest, "q.xlsx"))
    for label, data in (
        ("2,000 questions x 8 columns", questionnaire(2_083)),
        (f"{MAX_CELLS - 10_000:,} formatted cells", formatted(MAX_CELLS - 10_000, 120)),
    ):
        print(f"{label}: {len(data) / 1024:,.0f} KB")
        layout = preview(data, "q.xlsx").sheets[0].layout
        assert layout is not None
        read = questions(data, "q.xlsx", layout)
        answers = {question.row: "Yes, see our policy." for question in read}
        measure("preview", lambda data=data: preview(data, "q.xlsx"))
        measure("questions", lambda data=data, layout=layout: questions(data, "q.xlsx", layout))
        measure(
            "write_answers",
            lambda data=data, layout=layout, answers=answers: write_answers(
                data, "q.xlsx", layout, answers
            ),
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
