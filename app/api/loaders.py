"""Dataloaders, built per request on the request's session; results come back in key order."""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from functools import cached_property
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
    """The request's loaders, each made when first asked for: a request uses few of them."""

    def __init__(self, session: SerializedSession, tenant_id: UUID) -> None:
        self._session, self._tenant_id = session, tenant_id
        self._rows: dict[type, DataLoader[UUID, Any]] = {}
        self._keyed: dict[Hashable, DataLoader[UUID, Any]] = {}
        self._once: dict[Hashable, asyncio.Future[Any]] = {}

    @cached_property
    def user_by_id(self) -> DataLoader[UUID, User | None]:
        return _loader(lambda ids: tenancy_queries.users_by_id(self._session, ids))

    @cached_property
    def membership_by_id(self) -> DataLoader[UUID, Membership | None]:
        return _loader(self._members)

    @cached_property
    def membership_by_user(self) -> DataLoader[UUID, Membership | None]:
        """Who did something is kept as a user; the API shows the member they are here."""
        return _loader(self._members_of_users)

    @cached_property
    def token_by_id(self) -> DataLoader[UUID, ApiToken | None]:
        return _loader(
            lambda ids: tenancy_queries.tokens_by_id(self._session, self._tenant_id, ids)
        )

    @cached_property
    def contacts_by_vendor(self) -> DataLoader[UUID, list[VendorContact]]:
        return _loader(
            lambda ids: vendor_queries.contacts_by_vendor(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def counts_by_vendor(self) -> DataLoader[UUID, vendor_queries.VendorCounts]:
        return _loader(
            lambda ids: vendor_queries.counts_by_vendor(self._session, self._tenant_id, ids),
            default=vendor_queries.VendorCounts(),
        )

    @cached_property
    def fourth_parties_by_vendor(self) -> DataLoader[UUID, list[FourthParty]]:
        return _loader(
            lambda ids: vendor_queries.fourth_parties_by_vendor(
                self._session, self._tenant_id, ids
            ),
            default=[],
        )

    @cached_property
    def status_history_by_vendor(self) -> DataLoader[UUID, list[VendorStatusChange]]:
        return _loader(
            lambda ids: vendor_queries.status_history(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def onboarding_by_vendor(self) -> DataLoader[UUID, list[OnboardingRequest]]:
        return _loader(
            lambda ids: vendor_queries.onboarding_by_vendor(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def requirements_by_request(self) -> DataLoader[UUID, list[OnboardingRequirement]]:
        return _loader(
            lambda ids: vendor_queries.requirements_by_request(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def report_by_document(self) -> DataLoader[UUID, SocReport | None]:
        return _loader(
            lambda ids: soc2_queries.reports_by_document(self._session, self._tenant_id, ids)
        )

    @cached_property
    def exceptions_by_report(self) -> DataLoader[UUID, list[Any]]:
        return _loader(
            lambda ids: soc2_queries.items_by_report(
                self._session, SocException, self._tenant_id, ids
            ),
            default=[],
        )

    @cached_property
    def cuecs_by_report(self) -> DataLoader[UUID, list[Any]]:
        return _loader(
            lambda ids: soc2_queries.items_by_report(self._session, SocCuec, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def subservices_by_report(self) -> DataLoader[UUID, list[Any]]:
        return _loader(
            lambda ids: soc2_queries.items_by_report(
                self._session, SocSubserviceOrganization, self._tenant_id, ids
            ),
            default=[],
        )

    @cached_property
    def csocs_by_report(self) -> DataLoader[UUID, list[Any]]:
        return _loader(
            lambda ids: soc2_queries.items_by_report(self._session, SocCsoc, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def corrections_by_report(self) -> DataLoader[UUID, list[Any]]:
        return _loader(
            lambda ids: soc2_queries.items_by_report(
                self._session, SocReportCorrection, self._tenant_id, ids, order_by="field"
            ),
            default=[],
        )

    @cached_property
    def actions_by_finding(self) -> DataLoader[UUID, list[RemediationAction]]:
        return _loader(
            lambda ids: finding_queries.actions_by_finding(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def status_history_by_finding(self) -> DataLoader[UUID, list[FindingStatusChange]]:
        return _loader(
            lambda ids: finding_queries.status_history(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def follow_ups_by_finding(self) -> DataLoader[UUID, list[FindingFollowUp]]:
        return _loader(
            lambda ids: finding_queries.follow_ups_by_finding(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def exception_by_source_key(self) -> DataLoader[str, SocException | None]:
        return _loader(
            lambda keys: finding_queries.exceptions_by_source_key(
                self._session, self._tenant_id, keys
            )
        )

    @cached_property
    def finding_by_exception(self) -> DataLoader[UUID, Finding | None]:
        return _loader(
            lambda ids: finding_queries.findings_by_exception(self._session, self._tenant_id, ids)
        )

    @cached_property
    def finding_counts_by_vendor(self) -> DataLoader[UUID, finding_queries.FindingCounts]:
        return _loader(
            lambda ids: finding_queries.counts_by_vendor(
                self._session, self._tenant_id, ids, today()
            ),
            default=finding_queries.FindingCounts(),
        )

    @cached_property
    def answers_by_questionnaire(self) -> DataLoader[UUID, dict[str, QuestionnaireAnswer]]:
        return _loader(
            lambda ids: sent_questionnaires.answers_by_questionnaire(
                self._session, self._tenant_id, ids
            ),
            default={},
        )

    @cached_property
    def messages_by_questionnaire(self) -> DataLoader[UUID, list[QuestionnaireMessage]]:
        return _loader(
            lambda ids: sent_questionnaires.messages_of(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def template_latest_version(self) -> DataLoader[UUID, int | None]:
        return _loader(
            lambda ids: questionnaire_templates.latest_versions(
                self._session, self._tenant_id, list(ids)
            )
        )

    @cached_property
    def offboarding_by_vendor(self) -> DataLoader[UUID, list[OffboardingItem]]:
        return _loader(
            lambda ids: review_queries.offboarding_by_vendor(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def checklist_by_review(self) -> DataLoader[UUID, list[ReviewChecklistItem]]:
        return _loader(
            lambda ids: review_queries.checklists_by_review(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def conditions_by_review(self) -> DataLoader[UUID, list[ReviewCondition]]:
        return _loader(
            lambda ids: review_queries.conditions_by_review(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def amendment_of_review(self) -> DataLoader[UUID, VendorReview | None]:
        return _loader(
            lambda ids: review_queries.amendments_of(self._session, self._tenant_id, ids)
        )

    @cached_property
    def evidence_by_review(self) -> DataLoader[UUID, list[ReviewEvidence]]:
        return _loader(
            lambda ids: review_queries.evidence_by_review(self._session, self._tenant_id, ids),
            default=[],
        )

    @cached_property
    def questionnaires_by_review(self) -> DataLoader[UUID, list[ReviewQuestionnaire]]:
        return _loader(
            lambda ids: review_queries.questionnaires_by_review(
                self._session, self._tenant_id, ids
            ),
            default=[],
        )

    @cached_property
    def next_review_by_vendor(self) -> DataLoader[UUID, VendorReview | None]:
        return _loader(
            lambda ids: review_queries.next_by_vendor(self._session, self._tenant_id, ids)
        )

    @cached_property
    def latest_report_by_vendor(self) -> DataLoader[UUID, SocReport | None]:
        return _loader(
            lambda ids: soc2_queries.latest_reports_by_vendor(self._session, self._tenant_id, ids)
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

    async def _members(self, ids: Sequence[UUID]) -> dict[UUID, Membership]:
        """Memberships, their users read in the same statement: a member is seldom shown
        without the person, so the user loader gets them without a statement of its own."""
        found = await tenancy_queries.members_with_users(self._session, self._tenant_id, ids)
        for _, user in found.values():
            self.user_by_id.prime(user.id, user)
        return {membership_id: membership for membership_id, (membership, _) in found.items()}

    async def _members_of_users(self, user_ids: Sequence[UUID]) -> dict[UUID, Membership]:
        """Memberships by their users' ids, the users and the memberships primed alike."""
        found = await tenancy_queries.members_of_users(self._session, self._tenant_id, user_ids)
        for membership, user in found.values():
            self.user_by_id.prime(user.id, user)
            self.membership_by_id.prime(membership.id, membership)
        return {user_id: membership for user_id, (membership, _) in found.items()}


__all__ = ["Loaders"]
