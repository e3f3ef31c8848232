"""Questionnaire templates: made, revised into new versions, read. A version is never changed:
revising the current version adds the next one, and questionnaires sent from an older
version keep it. Reviewers and admins write templates; every member reads them."""

import dataclasses
from typing import Any
from uuid import UUID, uuid4

import anyio
from sqlalchemy import Select, and_, bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents.intake import FileTooLarge
from domain.questionnaires.definition import Template, problems
from domain.questionnaires.models import QuestionnaireTemplate
from domain.questionnaires.starter import STARTER
from domain.questionnaires.template_json import to_json
from domain.questionnaires.template_xlsx import MAX_TEMPLATE_BYTES, TemplateFileError, read_template
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, DomainErrors, InvalidInput
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission


def checked(template: Template, field: str = "template") -> Template:
    """The template, if nothing is wrong with it; else every problem, each an INVALID."""
    found = problems(template)
    if found:
        raise DomainErrors(
            [InvalidInput(f"{p.where}: {p.message}.", f"{field}.{p.where}") for p in found]
        )
    return template


def _row(
    actor: Actor, template: Template, family_id: UUID, version: int, note: str | None
) -> QuestionnaireTemplate:
    return QuestionnaireTemplate(
        tenant_id=actor.tenant_id,
        family_id=family_id,
        version=version,
        name=template.name.strip(),
        description=template.description.strip(),
        definition=to_json(template),
        question_count=len(template.questions()),
        change_note=note,
        created_by_id=actor.membership_id,
    )


def _current() -> ColumnElement[bool]:
    """Whether a row is the latest version of its template."""
    newer = aliased(QuestionnaireTemplate)
    return ~(
        select(newer.id)
        .where(
            newer.tenant_id == QuestionnaireTemplate.tenant_id,
            newer.family_id == QuestionnaireTemplate.family_id,
            newer.version > QuestionnaireTemplate.version,
        )
        .exists()
    )


async def list_templates(
    session: AsyncSession, actor: Actor, page: PageRequest, every_version: bool = False
) -> Page:
    """The tenant's templates by name: the current version of each, or every version."""
    policy.require(actor, Permission.QUESTIONNAIRE_READ)
    query, order = _templates(bool(every_version))
    return await paginate(session, query, order, page, values={"tenant_id": actor.tenant_id})


@built_once
def _templates(every_version: bool) -> tuple[Select[Any], tuple[Any, ...]]:
    """The list of templates' select, of every version or the current ones (the tenant a
    parameter: list_templates), and its order; built once for each."""
    query = select(QuestionnaireTemplate).where(
        col(QuestionnaireTemplate.tenant_id) == bindparam("tenant_id")
    )
    if not every_version:
        query = query.where(_current())
    order = (
        col(QuestionnaireTemplate.name),
        col(QuestionnaireTemplate.family_id),
        col(QuestionnaireTemplate.version),
    )
    return query, order


async def get_template(
    session: AsyncSession, actor: Actor, template_id: UUID, field: str = "templateId"
) -> QuestionnaireTemplate:
    """One version of one of the tenant's templates (another tenant's is NOT_FOUND)."""
    policy.require(actor, Permission.QUESTIONNAIRE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        QuestionnaireTemplate,
        template_id,
        entity="Questionnaire template",
        field=field,
    )


async def latest_versions(
    session: AsyncSession, tenant_id: UUID, family_ids: list[UUID]
) -> dict[UUID, int]:
    """The current version number of each template family."""
    rows = await session.execute(
        select(col(QuestionnaireTemplate.family_id), func.max(col(QuestionnaireTemplate.version)))
        .where(
            and_(
                col(QuestionnaireTemplate.tenant_id) == tenant_id,
                col(QuestionnaireTemplate.family_id).in_(family_ids),
            )
        )
        .group_by(col(QuestionnaireTemplate.family_id))
    )
    return {family_id: version for family_id, version in rows.all()}


async def create(session: AsyncSession, actor: Actor, template: Template) -> QuestionnaireTemplate:
    """Version 1 of a new template."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    row = _row(actor, checked(template), uuid4(), 1, None)
    session.add(row)
    await audit.record(session, actor, "questionnaire_template.created", row)
    return row


async def revise(
    session: AsyncSession,
    actor: Actor,
    template_id: UUID,
    template: Template,
    change_note: str | None,
) -> QuestionnaireTemplate:
    """The next version of a template, from its current one; questionnaires already sent
    keep the version they were sent with."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    current = await get_template(session, actor, template_id)
    latest = (await latest_versions(session, actor.tenant_id, [current.family_id]))[
        current.family_id
    ]
    if current.version != latest:
        raise Conflict(
            f"Version {latest} is the current one: revise it, not version {current.version}.",
            "templateId",
        )
    note = normalize.text(change_note, "changeNote", 2000)
    row = _row(actor, checked(template), current.family_id, latest + 1, note)
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # another revision of the same version won the race
        raise Conflict(
            "The template was revised meanwhile: revise its new version.", "templateId"
        ) from None
    await audit.record(session, actor, "questionnaire_template.revised", row)
    return row


async def add_starter(
    session: AsyncSession, actor: Actor, name: str | None = None
) -> QuestionnaireTemplate:
    """tprm's starter questionnaire (domain.questionnaires.starter) as a new template of the
    tenant's, under its own name or `name`, to send as it is or revise."""
    starter = STARTER if name is None else dataclasses.replace(STARTER, name=name)
    return await create(session, actor, starter)


async def import_file(
    session: AsyncSession,
    actor: Actor,
    data: bytes,
    template_id: UUID | None,
    change_note: str | None,
) -> QuestionnaireTemplate:
    """A template from an XLSX file (domain.questionnaires.template_xlsx): a new one, or the
    next version of `template_id`. A file with anything wrong is refused whole, each problem
    named by its sheet, row and column."""
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise FileTooLarge(MAX_TEMPLATE_BYTES)
    try:
        # openpyxl parses in a thread: a large workbook never stalls other requests
        template = await anyio.to_thread.run_sync(read_template, data, MAX_TEMPLATE_BYTES)
    except TemplateFileError as error:
        raise DomainErrors([InvalidInput(str(p), "file") for p in error.problems]) from None
    if template_id is None:
        return await create(session, actor, template)
    return await revise(session, actor, template_id, template, change_note)
