"""The GraphQL schema: every area's queries and mutations, with the limits and error policy."""

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.extensions.query_depth_limiter import IgnoreContext
from strawberry.relay.types import GlobalIDValueError

from app.api.audit.queries import AuditQuery
from app.api.context import Info
from app.api.errors import ErrorPolicy
from app.api.tenancy.mutations import TenancyMutation
from app.api.tenancy.queries import TenancyQuery
from app.api.vendors.imports import VendorImportMutation
from app.api.vendors.mutations import VendorMutation
from app.api.vendors.onboarding import OnboardingMutation
from app.api.vendors.queries import VendorQuery
from app.api.vendors.relations import VendorRelationsMutation
from app.settings import Settings, get_settings


def _is_introspection(context: IgnoreContext) -> bool:
    # GraphiQL's own introspection query is deep by nature and bounded by the schema.
    return context.field_name.startswith("__")


@strawberry.type(description="Everything a front end can read.")
class Query(TenancyQuery, VendorQuery, AuditQuery):
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
):
    pass


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        # Factories, not instances: an extension keeps per-operation state.
        extensions=[
            lambda: QueryDepthLimiter(
                max_depth=settings.max_query_depth, should_ignore=_is_introspection
            ),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            ErrorPolicy,
        ],
    )


schema = build_schema(get_settings())
