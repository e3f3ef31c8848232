"""Dataloaders, built per request on the request's session; results come back in key order."""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.findings import queries as finding_queries
from domain.findings.models import (
    Finding,
    FindingFollowUp,
    FindingStatusChange,
    RemediationAction,
)
from domain.questionnaires import sent as sent_questionnaires
from domain.questionnaires import templates as questionnaire_templates
from domain.questionnaires.models import QuestionnaireAnswer, QuestionnaireMessage
from domain.reviews import queries as review_queries
from domain.reviews.models import (
    OffboardingItem,
    ReviewChecklistItem,
    ReviewCondition,
    ReviewEvidence,
    ReviewQuestionnaire,
    VendorReview,
)
from domain.shared import reading
from domain.shared.models import today
from domain.shared.session import SerializedSession
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import (
    SocCsoc,
    SocCuec,
    SocException,
    SocReport,
    SocReportCorrection,
    SocSubserviceOrganization,
)
from domain.tenancy import queries as tenancy_queries
from domain.tenancy.models import ApiToken, Membership, User
from domain.vendors import queries as vendor_queries
from domain.vendors.models import (
    FourthParty,
    OnboardingRequest,
    OnboardingRequirement,
    VendorContact,
    VendorStatusChange,
)


def _loader(
    fetch: Callable[[Sequence[Any]], Awaitable[Mapping[Any, Any]]], default: Any = None
) -> DataLoader[Any, Any]:
    """A loader over a batch fetch that returns {key: value}; missing keys get `default`."""

    async def load(keys: list[Any]) -> list[Any]:
        found = await fetch(keys)
        return [found.get(key, default) for key in keys]

    return DataLoader(load_fn=load)


T = TypeVar("T")
R = TypeVar("R")


def loaded(loader: DataLoader[Any, T], key: Any, convert: Callable[[T], R]) -> R | Awaitable[R]:
    """`convert` of the key's value: at once when the loader already holds it, else later.

    A list resolver that primed its loaders lets each row's field resolve without a
    coroutine; GraphQL execution awaits only what is not there yet. Resolvers using
    this are plain functions, so their result may be either.
    """
    future = loader.cache_map.get(key)
    if future is not None and future.done() and future.exception() is None:
        return convert(future.result())

    async def later() -> R:
        return convert(await loader.load(key))

    return later()


async def prime(loader: DataLoader[Any, Any], keys: Sequence[Any]) -> None:
    """Load `keys` in one batch now, so `loaded` finds them."""
    if keys:
        await loader.load_many(list(dict.fromkeys(keys)))


class Loaders:
    def __init__(self, session: SerializedSession, tenant_id: UUID) -> None:
        self._session, self._tenant_id = session, tenant_id
        self._rows: dict[type, DataLoader[UUID, Any]] = {}
        self._keyed: dict[Hashable, DataLoader[UUID, Any]] = {}
        self._once: dict[Hashable, asyncio.Future[Any]] = {}
        self.user_by_id: DataLoader[UUID, User | None] = _loader(
            lambda ids: tenancy_queries.users_by_id(session, ids)
        )
        self.membership_by_id: DataLoader[UUID, Membership | None] = _loader(
            lambda ids: self._members(session, tenant_id, ids)
        )
        # Who did something is kept as a user; the API shows the member they are here.
        self.membership_by_user: DataLoader[UUID, Membership | None] = _loader(
            lambda ids: self._members_of_users(session, tenant_id, ids)
        )
        self.token_by_id: DataLoader[UUID, ApiToken | None] = _loader(
            lambda ids: tenancy_queries.tokens_by_id(session, tenant_id, ids)
        )
        self.contacts_by_vendor: DataLoader[UUID, list[VendorContact]] = _loader(
            lambda ids: vendor_queries.contacts_by_vendor(session, tenant_id, ids), default=[]
        )
        self.counts_by_vendor: DataLoader[UUID, vendor_queries.VendorCounts] = _loader(
            lambda ids: vendor_queries.counts_by_vendor(session, tenant_id, ids),
            default=vendor_queries.VendorCounts(),
        )
        self.fourth_parties_by_vendor: DataLoader[UUID, list[FourthParty]] = _loader(
            lambda ids: vendor_queries.fourth_parties_by_vendor(session, tenant_id, ids),
            default=[],
        )
        self.status_history_by_vendor: DataLoader[UUID, list[VendorStatusChange]] = _loader(
            lambda ids: vendor_queries.status_history(session, tenant_id, ids), default=[]
        )
        self.onboarding_by_vendor: DataLoader[UUID, list[OnboardingRequest]] = _loader(
            lambda ids: vendor_queries.onboarding_by_vendor(session, tenant_id, ids), default=[]
        )
        self.requirements_by_request: DataLoader[UUID, list[OnboardingRequirement]] = _loader(
            lambda ids: vendor_queries.requirements_by_request(session, tenant_id, ids),
            default=[],
        )

        self.report_by_document: DataLoader[UUID, SocReport | None] = _loader(
            lambda ids: soc2_queries.reports_by_document(session, tenant_id, ids)
        )
        self.exceptions_by_report: DataLoader[UUID, list[Any]] = _loader(
            lambda ids: soc2_queries.items_by_report(session, SocException, tenant_id, ids),
            default=[],
        )
        self.cuecs_by_report: DataLoader[UUID, list[Any]] = _loader(
            lambda ids: soc2_queries.items_by_report(session, SocCuec, tenant_id, ids),
            default=[],
        )
        self.subservices_by_report: DataLoader[UUID, list[Any]] = _loader(
            lambda ids: soc2_queries.items_by_report(
                session, SocSubserviceOrganization, tenant_id, ids
            ),
            default=[],
        )
        self.csocs_by_report: DataLoader[UUID, list[Any]] = _loader(
            lambda ids: soc2_queries.items_by_report(session, SocCsoc, tenant_id, ids),
            default=[],
        )
        self.corrections_by_report: DataLoader[UUID, list[Any]] = _loader(
            lambda ids: soc2_queries.items_by_report(
                session, SocReportCorrection, tenant_id, ids, order_by="field"
            ),
            default=[],
        )
        self.actions_by_finding: DataLoader[UUID, list[RemediationAction]] = _loader(
            lambda ids: finding_queries.actions_by_finding(session, tenant_id, ids), default=[]
        )
        self.status_history_by_finding: DataLoader[UUID, list[FindingStatusChange]] = _loader(
            lambda ids: finding_queries.status_history(session, tenant_id, ids), default=[]
        )
        self.follow_ups_by_finding: DataLoader[UUID, list[FindingFollowUp]] = _loader(
            lambda ids: finding_queries.follow_ups_by_finding(session, tenant_id, ids), default=[]
        )
        self.exception_by_source_key: DataLoader[str, SocException | None] = _loader(
            lambda keys: finding_queries.exceptions_by_source_key(session, tenant_id, keys)
        )
        self.finding_by_exception: DataLoader[UUID, Finding | None] = _loader(
            lambda ids: finding_queries.findings_by_exception(session, tenant_id, ids)
        )
        self.finding_counts_by_vendor: DataLoader[UUID, finding_queries.FindingCounts] = _loader(
            lambda ids: finding_queries.counts_by_vendor(session, tenant_id, ids, today()),
            default=finding_queries.FindingCounts(),
        )
        self.answers_by_questionnaire: DataLoader[UUID, dict[str, QuestionnaireAnswer]] = _loader(
            lambda ids: sent_questionnaires.answers_by_questionnaire(session, tenant_id, ids),
            default={},
        )
        self.messages_by_questionnaire: DataLoader[UUID, list[QuestionnaireMessage]] = _loader(
            lambda ids: sent_questionnaires.messages_of(session, tenant_id, ids), default=[]
        )
        self.template_latest_version: DataLoader[UUID, int | None] = _loader(
            lambda ids: questionnaire_templates.latest_versions(session, tenant_id, list(ids))
        )
        self.offboarding_by_vendor: DataLoader[UUID, list[OffboardingItem]] = _loader(
            lambda ids: review_queries.offboarding_by_vendor(session, tenant_id, ids), default=[]
        )
        self.checklist_by_review: DataLoader[UUID, list[ReviewChecklistItem]] = _loader(
            lambda ids: review_queries.checklists_by_review(session, tenant_id, ids), default=[]
        )
        self.conditions_by_review: DataLoader[UUID, list[ReviewCondition]] = _loader(
            lambda ids: review_queries.conditions_by_review(session, tenant_id, ids), default=[]
        )
        self.amendment_of_review: DataLoader[UUID, VendorReview | None] = _loader(
            lambda ids: review_queries.amendments_of(session, tenant_id, ids)
        )
        self.evidence_by_review: DataLoader[UUID, list[ReviewEvidence]] = _loader(
            lambda ids: review_queries.evidence_by_review(session, tenant_id, ids), default=[]
        )
        self.questionnaires_by_review: DataLoader[UUID, list[ReviewQuestionnaire]] = _loader(
            lambda ids: review_queries.questionnaires_by_review(session, tenant_id, ids),
            default=[],
        )
        self.next_review_by_vendor: DataLoader[UUID, VendorReview | None] = _loader(
            lambda ids: review_queries.next_by_vendor(session, tenant_id, ids)
        )
        self.latest_report_by_vendor: DataLoader[UUID, SocReport | None] = _loader(
            lambda ids: soc2_queries.latest_reports_by_vendor(session, tenant_id, ids)
        )

    async def once(self, question: Hashable, answer: Callable[[], Awaitable[Any]]) -> Any:
        """The answer to `question`, read once a request whoever asks it first: a board's
        counts and its page's total, asked by two fields of one operation."""
        found = self._once.get(question)
        if found is None:
            found = self._once[question] = asyncio.ensure_future(answer())
        return await found

    def keyed(
        self, key: Hashable, fetch: Callable[[Sequence[UUID]], Awaitable[Mapping[UUID, Any]]]
    ) -> DataLoader[UUID, Any]:
        """The request's loader for `key` (one per distinct question, such as a page of
        findings with given arguments), made from `fetch` the first time it is asked for:
        the same question about many parents is asked once."""
        loader = self._keyed.get(key)
        if loader is None:
            loader = self._keyed[key] = _loader(fetch)
        return loader

    def rows(self, model: type) -> DataLoader[UUID, Any]:
        """Rows of one table by id (see app.api.nodes): one loader per table per request."""
        loader = self._rows.get(model)
        if loader is None:
            session, tenant_id = self._session, self._tenant_id
            loader = _loader(lambda ids: reading.by_ids(session, tenant_id, model, ids))
            self._rows[model] = loader
        return loader

    async def _members(
        self, session: SerializedSession, tenant_id: UUID, ids: Sequence[UUID]
    ) -> dict[UUID, Membership]:
        """Memberships, their users read in the same statement: a member is seldom shown
        without the person, so the user loader gets them without a statement of its own."""
        found = await tenancy_queries.members_with_users(session, tenant_id, ids)
        for _, user in found.values():
            self.user_by_id.prime(user.id, user)
        return {membership_id: membership for membership_id, (membership, _) in found.items()}

    async def _members_of_users(
        self, session: SerializedSession, tenant_id: UUID, user_ids: Sequence[UUID]
    ) -> dict[UUID, Membership]:
        """Memberships by their users' ids, the users and the memberships primed alike."""
        found = await tenancy_queries.members_of_users(session, tenant_id, user_ids)
        for membership, user in found.values():
            self.user_by_id.prime(user.id, user)
            self.membership_by_id.prime(membership.id, membership)
        return {user_id: membership for user_id, (membership, _) in found.items()}


__all__ = ["Loaders"]
