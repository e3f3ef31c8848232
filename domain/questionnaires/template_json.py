"""A template as the database keeps it (a JSON document per version, never changed), and
back. Every field is written, defaults included, so what is stored is what was checked."""

from typing import Any

from domain.questionnaires.definition import (
    Choice,
    Condition,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
)


def _question(question: Question) -> dict[str, Any]:
    return {
        "key": question.key,
        "text": question.text,
        "type": question.type.value,
        "required": question.required,
        "help": question.help,
        "choices": [
            {"value": c.value, "label": c.label, "weight": c.weight, "redFlag": c.red_flag}
            for c in question.choices
        ],
        "condition": (
            {"key": question.condition.key, "anyOf": list(question.condition.any_of)}
            if question.condition
            else None
        ),
        "criteria": list(question.criteria),
        "domain": question.domain.value if question.domain else None,
    }


def to_json(template: Template) -> dict[str, Any]:
    return {
        "name": template.name,
        "description": template.description,
        "sections": [
            {"title": s.title, "questions": [_question(q) for q in s.questions]}
            for s in template.sections
        ],
    }


def _read_question(data: dict[str, Any]) -> Question:
    condition = data.get("condition")
    return Question(
        key=data["key"],
        text=data["text"],
        type=QuestionType(data["type"]),
        required=data["required"],
        help=data.get("help"),
        choices=tuple(
            Choice(c["value"], c["label"], c["weight"], c["redFlag"]) for c in data["choices"]
        ),
        condition=Condition(condition["key"], tuple(condition["anyOf"])) if condition else None,
        criteria=tuple(data["criteria"]),
        domain=ControlDomain(data["domain"]) if data.get("domain") else None,
    )


def from_json(data: dict[str, Any]) -> Template:
    return Template(
        name=data["name"],
        description=data["description"],
        sections=tuple(
            Section(s["title"], tuple(_read_question(q) for q in s["questions"]))
            for s in data["sections"]
        ),
    )
