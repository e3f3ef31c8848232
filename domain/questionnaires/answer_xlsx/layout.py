"""The answer workbook's sheets, columns and limits, and how a problem with one is told:
shared by the writer and the reader, so the two cannot drift apart."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.events.outbox import global_id
from domain.questionnaires.template_xlsx import MAX_QUESTION_ROWS, MAX_TEMPLATE_BYTES, RowProblem
from domain.shared.errors import InvalidInput

ANSWERS_SHEET, QUESTIONNAIRE_SHEET = "Answers", "Questionnaire"
ANSWER_COLUMNS = (
    "key",
    "section",
    "question",
    "type",
    "choices",
    "required",
    "asked",
    "answer",
    "comment",
    "note",
)
# What the reader needs of the Answers sheet; the other columns are there for the vendor.
READ_COLUMNS = ("key", "answer")
OPTIONAL_COLUMNS = ("comment",)
# The labels of the Questionnaire sheet (column A) that the reader checks.
ID_LABEL, VERSION_LABEL = "questionnaire", "template_version"
# When the answers the workbook shows were last given: a file made before the vendor
# answered again (through its link, or another file) would undo those answers.
REVISION_LABEL = "answers_as_of"

# The same limits as a template file's: an answer file is no bigger a thing.
MAX_ANSWER_FILE_BYTES = MAX_TEMPLATE_BYTES
MAX_ANSWER_ROWS = MAX_QUESTION_ROWS
MAX_QUESTIONNAIRE_ROWS = 100


@dataclass(frozen=True)
class About:
    """What the workbook says of its questionnaire: its ID (how a file of another one is
    recognised) and template version, and what the vendor reads at the top."""

    questionnaire_id: UUID
    template_name: str
    template_version: int
    vendor_name: str = ""
    due_date: date | None = None
    return_note: str | None = None  # what the reviewer asked for, when it was sent back
    answers_as_of: str = "none"  # `revision` of the answers it shows

    @property
    def global_id(self) -> str:
        """The questionnaire's ID as the API and the workbook give it."""
        return global_id("Questionnaire", self.questionnaire_id)


class AnswerFileError(InvalidInput):
    """The workbook's answers cannot be saved; `problems` lists all that was found, each
    by sheet, row and column, in the order of the sheets."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"The answer file cannot be imported: {shown}{more}.", "file")


def revision(answered: Iterable[datetime | None]) -> str:
    """Which answers a workbook shows: when the latest of them was given ("none": none was)."""
    latest = max((at for at in answered if at is not None), default=None)
    return latest.isoformat() if latest is not None else "none"
