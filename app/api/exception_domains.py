"""An exception's control domain as the API shows it: on an exception (its area, soc2) and
as the answer to a reviewer's word on it (compliance), so it is one type for both."""

import strawberry

from app.api.enums import ExceptionDomain
from domain.compliance import exception_domains


@strawberry.type(description="An exception's control domain, and what decided it.")
class ExceptionClassification:
    domain: ExceptionDomain = strawberry.field(description="The domain.")
    rule: str = strawberry.field(
        description="What decided it: the wording matched (wording: 'password'), the "
        "criterion (criteria: CC8.1), no rule matched, or set by a reviewer."
    )
    set_by_reviewer: bool = strawberry.field(description="A reviewer's word, not the rules'.")

    @classmethod
    def of(
        cls, decided: exception_domains.Classification, by_reviewer: bool
    ) -> "ExceptionClassification":
        return cls(domain=decided.domain, rule=decided.rule, set_by_reviewer=by_reviewer)
