"""The GraphQL schema: every area's queries and mutations, with the limits and error policy."""

import logging
from typing import Annotated, Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import IgnoreContext
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionContext

from app.api.audit.queries import AuditQuery
from app.api.compliance.evidence import ControlEvidenceMutation
from app.api.compliance.evidence_packs import EvidencePackMutation, EvidencePackQuery
from app.api.compliance.imports import ControlImportMutation
from app.api.compliance.mutations import (
    ComplianceMutation,
    CuecCoverageMutation,
    ExceptionDomainMutation,
    OwnScopeMutation,
)
from app.api.compliance.queries import ComplianceQuery
from app.api.context import Info
from app.api.cost import QueryCostLimit
from app.api.diligence.customer_questionnaires import (
    CustomerQuestionnaireMutation,
    CustomerQuestionnaireQuery,
)
from app.api.diligence.mutations import AnswerLibraryImportMutation, DiligenceMutation
from app.api.diligence.queries import DiligenceQuery
from app.api.diligence.trust_documents import TrustDocumentMutation, TrustDocumentQuery
from app.api.diligence.trust_packages import TrustPackageMutation, TrustPackageQuery
from app.api.documents.mutations import DocumentMutation
from app.api.documents.queries import DocumentQuery
from app.api.errors import ErrorPolicy
from app.api.findings.mutations import FindingMutation
from app.api.findings.queries import FindingQuery
from app.api.input_text import StorableText
from app.api.json_pages import WrittenJSONExecution
from app.api.questionnaires.answer_file_mutations import QuestionnaireAnswerFileMutation
from app.api.questionnaires.mutations import QuestionnaireMutation
from app.api.questionnaires.queries import QuestionnaireQuery
from app.api.questionnaires.sent_mutations import SentQuestionnaireMutation
from app.api.reviews.mutations import ReviewMutation
from app.api.reviews.queries import ReviewQuery
from app.api.risks.mutations import RiskMutation
from app.api.risks.posture import PostureQuery
from app.api.risks.queries import RiskQuery
from app.api.soc2.review import ReportReviewMutation
from app.api.tenancy.mutations import TenancyMutation
from app.api.tenancy.queries import TenancyQuery
from app.api.validated import validated_once
from app.api.vendors.imports import VendorImportMutation, VendorImportQuery
from app.api.vendors.mutations import VendorMutation
from app.api.vendors.onboarding import OnboardingMutation
from app.api.vendors.queries import VendorQuery
from app.api.vendors.relations import VendorRelationsMutation
from app.api.webhooks.mutations import WebhookMutation
from app.api.webhooks.queries import WebhookQuery
from app.settings import Settings, get_settings
from domain.shared.errors import DomainError

logger = logging.getLogger("tprm.api")


def _is_introspection(context: IgnoreContext) -> bool:
    # GraphiQL's own introspection query is deep by nature and bounded by the schema.
    return context.field_name.startswith("__")


@strawberry.type(description="Everything a front end can read.")
class Query(
    TenancyQuery,
    VendorQuery,
    VendorImportQuery,
    DocumentQuery,
    FindingQuery,
    ReviewQuery,
    QuestionnaireQuery,
    ComplianceQuery,
    RiskQuery,
    PostureQuery,
    DiligenceQuery,
    CustomerQuestionnaireQuery,
    TrustDocumentQuery,
    TrustPackageQuery,
    EvidencePackQuery,
    WebhookQuery,
    AuditQuery,
):
    @strawberry.field(
        description="Any object by its global ID; null if it is not yours or not there."
    )
    async def node(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> relay.Node | None:
        try:
            return await id.resolve_node(info, required=False)
        except GlobalIDValueError:
            return None  # not a type of ours: as missing as any unknown ID


@strawberry.type(description="Everything a front end can change.")
class Mutation(
    TenancyMutation,
    VendorMutation,
    VendorRelationsMutation,
    OnboardingMutation,
    VendorImportMutation,
    DocumentMutation,
    ReportReviewMutation,
    FindingMutation,
    ReviewMutation,
    QuestionnaireMutation,
    SentQuestionnaireMutation,
    ComplianceMutation,
    CuecCoverageMutation,
    ControlImportMutation,
    ControlEvidenceMutation,
    OwnScopeMutation,
    ExceptionDomainMutation,
    RiskMutation,
    DiligenceMutation,
    AnswerLibraryImportMutation,
    CustomerQuestionnaireMutation,
    TrustDocumentMutation,
    TrustPackageMutation,
    EvidencePackMutation,
    QuestionnaireAnswerFileMutation,
    WebhookMutation,
):
    pass


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """A client's mistake (a malformed ID, an invalid operation, a refused input) is one
        line, not a traceback: fuzzing the schema must not flood the log. Unexpected errors
        are logged once, with their traceback, by ErrorPolicy."""
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError | DomainError):
                logger.info("operation error: %s", " ".join(error.message.split())[:300])


def limits(settings: Settings) -> list[Any]:
    """The limits every operation is held to, before it runs: depth, aliases, tokens and
    estimated cost (shared with the respondent schema, app/respond)."""
    # The limit rules are built once and shared, so the validation cache (keyed by the
    # rule classes) hits across requests; each request still gets fresh extensions.
    limit_rules: list[type[ASTValidationRule]] = [
        depth_rule(settings.max_query_depth, _is_introspection, None),
        alias_rule(settings.max_aliases),
    ]
    return [
        lambda: AddValidationRules(limit_rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryCostLimit(
            max_cost=settings.max_query_cost, max_page_size=settings.max_page_size
        ),
    ]


def build_schema(settings: Settings) -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        # list pages PostgreSQL wrote as JSON pass through as they are (app/api/json_pages.py)
        execution_context_class=WrittenJSONExecution,
        extensions=[
            *limits(settings),
            StorableText,
            ErrorPolicy,
            # The same few operations arrive again and again: parse and validate each once.
            lambda: ParserCache(maxsize=512),
            validated_once(maxsize=512),
        ],
    )


schema = build_schema(get_settings())
