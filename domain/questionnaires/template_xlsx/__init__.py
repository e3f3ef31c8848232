"""A questionnaire template as an Excel workbook, for people who write and revise questionnaires
in Excel: `write_template` exports one, `read_template` reads one back, whole or not at all.

Layout
------
Sheet "Template": a label in column A, its value in column B.

    name         the template's name
    description  what it is for (may be empty)

Sheet "Questions": a header row, then one row per question, in order.

    section  key  question  type  required  help  criteria  domain  show_if_key  show_if_any_of

    section         consecutive rows with the same section make one section; a blank
                    cell continues the section above
    type            YES_NO, SINGLE_CHOICE, MULTIPLE_CHOICE, TEXT, NUMBER, DATE or FILE
    required        yes or no (blank: yes)
    help            a hint shown under the question (may be empty)
    criteria        trust services criteria, commas between: "CC6.1, CC6.3"
    domain          a control domain such as ACCESS_CONTROL (may be empty)
    show_if_key     show the question only when the earlier question with this key was
    show_if_any_of  answered with one of these values (commas between: "YES" or "A, B")

Sheet "Choices": a header row, then one row per choice of a choice question, in order.

    key  value  label  weight  red_flag

    key       the question's key (a YES_NO question has two rows: values YES and NO)
    value     what an answer stores, such as YES
    label     what the respondent reads
    weight    a whole number from 0 to 100 (blank: 0)
    red_flag  yes or no (blank: no): picking the choice raises a finding

The export puts bold, frozen headers, widths that fit, and drop-downs on type, required,
domain and red_flag (a typed value is read all the same).

What an editor may do and still import: reorder columns or add their own (ignored), leave
blank rows, write header names and the fixed words (type, domain, yes/no) in any case, let
Excel turn a weight into 5.0 or a "yes" into TRUE. Spaces around a cell's text are ignored,
a formula counts by its last computed value, a line break comes back as "\\n", and a value
named in show_if_any_of cannot itself hold a comma.

The export writes text as text (a question starting with "=" is no formula) and drops the
control characters a workbook cannot hold; otherwise what it writes reads back equal.

An uploaded workbook is untrusted: see `cells` for what is checked before and while it is
read. Every problem found is reported at once, by sheet, row and column (`placing` finds the
row of each of `problems()`'s findings).
"""

from domain.questionnaires.template_xlsx.export import write_template
from domain.questionnaires.template_xlsx.layout import (
    CHOICE_COLUMNS,
    CHOICES_SHEET,
    MAX_CHOICE_ROWS,
    MAX_QUESTION_ROWS,
    MAX_TEMPLATE_BYTES,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
    TEMPLATE_SHEET,
    RowProblem,
    TemplateFileError,
)
from domain.questionnaires.template_xlsx.reading import read_template

__all__ = [
    "CHOICES_SHEET",
    "CHOICE_COLUMNS",
    "MAX_CHOICE_ROWS",
    "MAX_QUESTION_ROWS",
    "MAX_TEMPLATE_BYTES",
    "QUESTIONS_SHEET",
    "QUESTION_COLUMNS",
    "TEMPLATE_SHEET",
    "RowProblem",
    "TemplateFileError",
    "read_template",
    "write_template",
]
