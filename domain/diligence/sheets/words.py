"""What a header or a cell says, in words: the header words of each kind of column (English,
with the common German, French and Spanish ones), how questions start, what a yes/no answer
and a short reference look like."""

import re
import unicodedata
from enum import Enum

from domain.diligence.sheets.model import ColumnRole


class Hint(Enum):
    """What a column's header says it holds."""

    QUESTION = "question"
    STRONG_QUESTION = "question, by name"  # "Question" itself, not "Control" or "Item"
    SECTION = "section"
    ANSWER = "answer"
    REFERENCE = "reference"
    COMMENT = "comment"
    HELP = "help"  # guidance, examples: long text that is no question

    @property
    def role(self) -> ColumnRole:
        return {
            Hint.QUESTION: ColumnRole.QUESTION,
            Hint.STRONG_QUESTION: ColumnRole.QUESTION,
            Hint.SECTION: ColumnRole.SECTION,
            Hint.ANSWER: ColumnRole.ANSWER,
            Hint.REFERENCE: ColumnRole.REFERENCE,
        }.get(self, ColumnRole.OTHER)


ANSWER_WORDS = {"answer", "answers", "response", "responses", "reply", "antwort", "reponse"}
ANSWER_WORDS |= {"respuesta", "risposta", "antwoord", "resposta", "compliant", "compliance"}
ANSWER_WORDS |= {"implemented"}
REFERENCE_WORDS = {"id", "#", "ref", "reference", "no", "nr", "num", "number", "code", "key"}
REFERENCE_WORDS |= {"nummer", "numero", "identifier"}
SECTION_WORDS = {"section", "category", "domain", "area", "topic", "group", "chapter"}
SECTION_WORDS |= {"heading", "family", "theme", "bereich", "kategorie", "categorie", "thema"}
SECTION_WORDS |= {"categoria", "seccion", "dominio", "rubrique", "domaine"}
STRONG_QUESTION_WORDS = {"question", "questions", "frage", "fragen", "pregunta", "preguntas"}
STRONG_QUESTION_WORDS |= {"vraag", "vragen", "domanda", "pergunta"}
QUESTION_WORDS = {"requirement", "requirements", "control", "controls", "description", "query"}
QUESTION_WORDS |= {"item", "criteria", "criterion", "anforderung", "exigence", "requisito"}
COMMENT_WORDS = {"comment", "comments", "notes", "note", "remarks", "remark", "explanation"}
COMMENT_WORDS |= {"details", "evidence", "justification", "kommentar", "bemerkung"}
COMMENT_WORDS |= {"commentaire", "commentaires", "comentario", "comentarios", "observaciones"}
HELP_WORDS = {"guidance", "help", "hint", "instructions", "instruction", "example", "examples"}
HELP_WORDS |= {"hinweis", "aide", "ayuda"}

# How questions start, when they do not end with "?": lower case, accents taken off.
QUESTION_STARTS = {"do", "does", "did", "is", "are", "was", "were", "has", "have", "had"}
QUESTION_STARTS |= {"can", "could", "will", "would", "should", "shall", "may", "please"}
QUESTION_STARTS |= {"describe", "provide", "explain", "list", "how", "what", "which", "who"}
QUESTION_STARTS |= {"when", "where", "why", "indicate", "confirm", "specify", "state"}
QUESTION_STARTS |= {"attach", "upload", "detail", "identify", "outline", "summarize"}
QUESTION_STARTS |= {"summarise", "share", "verify", "ensure", "haben", "gibt", "ist", "sind"}
QUESTION_STARTS |= {"wird", "werden", "verfugen", "beschreiben", "avez", "existe", "disposez"}
QUESTION_STARTS |= {"decrivez", "veuillez", "fournissez", "tiene", "existe", "describa"}

YES_NO_VALUES = {"yes", "no", "y", "n", "n/a", "na", "not applicable", "true", "false"}
YES_NO_VALUES |= {"partial", "partially", "ja", "nein", "oui", "non", "si", "sí", "x", "-"}

# A short reference: "1", "1.2.3", "A.2", "SIG-12", "A&A-01.1", "Q12": a digit somewhere,
# letters, digits and separators, no spaces.
REFERENCE = re.compile(r"(?=[^ ]*\d)[A-Za-z0-9]+(?:[-_.&/][A-Za-z0-9]+)*\.?")
MAX_REFERENCE_CHARS = 20


def plain(text: str) -> str:
    """Lower case, accents taken off: "Réponse" reads "reponse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+|#", plain(text))


def hint(header: str) -> Hint | None:
    """What a header says its column holds; None when it says nothing known. The order
    matters: "Question ID" is a reference, "Control Domain" a section, "Response Comments"
    comments, "Answer (Yes/No)" an answer."""
    said = set(words(header))
    if not said:
        return None
    yes_no = {"yes", "no"} <= said or "y/n" in plain(header)
    if said & COMMENT_WORDS and not yes_no:
        return Hint.COMMENT
    if said & ANSWER_WORDS or yes_no:
        return Hint.ANSWER
    if said & REFERENCE_WORDS and len(said) <= 4:
        return Hint.REFERENCE
    if said & SECTION_WORDS:
        return Hint.SECTION
    if said & HELP_WORDS:
        return Hint.HELP
    if said & STRONG_QUESTION_WORDS:
        return Hint.STRONG_QUESTION
    if said & QUESTION_WORDS:
        return Hint.QUESTION
    return None


def asks(text: str) -> bool:
    """Whether a text ends as a question does."""
    return text.rstrip().endswith(("?", "\uff1f"))  # and the full-width one of CJK text


def starts_like_question(text: str) -> bool:
    if text.startswith("¿"):
        return True
    first = words(text[:20].split(maxsplit=1)[0]) if text.strip() else []
    return bool(first) and first[0] in QUESTION_STARTS


def is_yes_no(text: str) -> bool:
    return len(text) <= 16 and plain(text).strip(" .") in YES_NO_VALUES


def is_reference(text: str) -> bool:
    return len(text) <= MAX_REFERENCE_CHARS and REFERENCE.fullmatch(text) is not None
