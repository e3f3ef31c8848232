"""Errors of the vendors area."""

from domain.shared.errors import Conflict, DomainError


class DuplicateVendorDomain(Conflict):
    def __init__(self, domain: str) -> None:
        super().__init__(f"A vendor with domain {domain} already exists.", "domain")


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"

    def __init__(self, current: str, to: str, hint: str | None = None) -> None:
        message = f"A vendor cannot go from {current} to {to}."
        super().__init__(f"{message} {hint}" if hint else message, "to")


class RequirementsPending(DomainError):
    code = "REQUIREMENTS_PENDING"

    def __init__(
        self,
        kinds: list[str],
        first: str = "Clear or waive the onboarding checklist first",
        field: str = "requestId",
    ) -> None:
        super().__init__(f"{first}: " + ", ".join(kinds) + ".", field)


class SelfApproval(DomainError):
    code = "SELF_APPROVAL"

    def __init__(self, message: str, field: str = "requestId") -> None:
        super().__init__(message, field)
