"""A questionnaire as an Excel workbook, for vendors who will not use a link: `write_answers`
writes one for the vendor to fill in, `read_answers` reads it back, whole or not at all.

Layout
------
Sheet "Answers": a header row, then one row per question the vendor may answer, in the
template's order: those it is asked, and those an earlier answer shows (marked in `asked`,
greyed while hidden). Questions its SOC report answers are not there.

    key  section  question  type  choices  required  asked  answer  comment  note

    key       the question's key: which question the row answers (keep it as it is)
    choices   for a choice question, its values, each with its label when they differ
    asked     "yes", or "only if mfa is YES" for a question an earlier answer shows
    answer    what the vendor answers, written as it is read back:
                YES_NO, SINGLE_CHOICE  the value of one choice ("yes" reads YES too)
                MULTIPLE_CHOICE        values separated by ;  ("TOTP; KEY")
                NUMBER                 a number (a cell of Excel's, or text such as 99.5)
                DATE                   a date (a cell of Excel's, or text as 2026-12-31)
                TEXT                   the text
                FILE                   nothing: a file is not given in a workbook
              filled in with what the questionnaire holds so far
    comment   a message to the reviewer, added to the question's thread
    note      help, how to write the answer, and what tprm knows of it (carried over from
              last time, the reviewer asked for more, the SOC report has an exception)

Sheet "Questionnaire": a label in column A, its value in column B: `questionnaire` (its ID,
as the API gives it: how a file of another questionnaire is recognised), `template`,
`template_version` (checked too), `vendor`, `due_date`, `returned_because`, `how`.

Only the key, answer and comment columns are read; a vendor may add columns, reorder them,
add blank rows or rows of its own notes (no key, nothing in answer or comment). An empty
answer cell gives no answer: it leaves what the questionnaire holds as it was. A filled one
is an answer given, even if unchanged since the download: that is how the vendor confirms
an answer carried over from last time. The sheets are locked without a password: what
tprm wrote is plainly not to be typed over.

An uploaded workbook is untrusted: it is opened as a template file is
(`template_xlsx.cells`), with the same limits (5 MB). Every problem found is reported at
once, by sheet, row and column; a file of another questionnaire is refused on that alone.
"""

from domain.questionnaires.answer_xlsx.layout import (
    ANSWER_COLUMNS,
    ANSWERS_SHEET,
    MAX_ANSWER_FILE_BYTES,
    QUESTIONNAIRE_SHEET,
    About,
    AnswerFileError,
)
from domain.questionnaires.answer_xlsx.reading import FilledIn, read_answers
from domain.questionnaires.answer_xlsx.writing import write_answers

__all__ = [
    "ANSWERS_SHEET",
    "ANSWER_COLUMNS",
    "MAX_ANSWER_FILE_BYTES",
    "QUESTIONNAIRE_SHEET",
    "About",
    "AnswerFileError",
    "FilledIn",
    "read_answers",
    "write_answers",
]
