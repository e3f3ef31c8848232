"""Who may do what, in one place; services call `require` before they act."""

import enum

from domain.shared.actor import Actor
from domain.shared.errors import Forbidden
from domain.shared.roles import Role


class Permission(enum.StrEnum):
    TENANT_READ = "tenant:read"
    TENANT_SETTINGS_WRITE = "tenant:settings:write"
    MEMBER_READ = "member:read"
    MEMBER_MANAGE = "member:manage"
    OWN_TOKEN_MANAGE = "token:own:manage"
    ANY_TOKEN_MANAGE = "token:any:manage"
    AUDIT_READ = "audit:read"
    VENDOR_READ = "vendor:read"
    VENDOR_WRITE = "vendor:write"
    VENDOR_IMPORT = "vendor:import"
    ONBOARDING_REQUEST = "onboarding:request"
    ONBOARDING_DECIDE = "onboarding:decide"
    TIER_OVERRIDE = "vendor:tier:override"
    # Recording a vendor as already in use skips onboarding: not for its requesters.
    VENDOR_RECORD_IN_USE = "vendor:record-in-use"
    DOCUMENT_READ = "document:read"
    DOCUMENT_UPLOAD = "document:upload"
    DOCUMENT_REPARSE = "document:reparse"
    FINDING_READ = "finding:read"
    FINDING_WRITE = "finding:write"
    SOC_REVIEW = "soc:review"
    REVIEW_READ = "review:read"
    # Prepare a vendor review: start, record the decision, submit, return, cancel; cadence.
    REVIEW_WRITE = "review:write"
    # Sign a review off: another member than its preparer, with a token of their own.
    REVIEW_APPROVE = "review:approve"
    QUESTIONNAIRE_READ = "questionnaire:read"
    # Write questionnaire templates; send questionnaires and review their answers.
    QUESTIONNAIRE_WRITE = "questionnaire:write"
    COMPLIANCE_READ = "compliance:read"
    # The tenant's own scope and controls, and what it does about its vendors' CUECs.
    COMPLIANCE_WRITE = "compliance:write"
    RISK_READ = "risk:read"
    # Keep the risk register: write risks down, rate and treat them, link their findings.
    RISK_WRITE = "risk:write"
    # Approve a risk's acceptance: another member than its owner, with a token of their own.
    RISK_ACCEPT = "risk:accept"
    DILIGENCE_READ = "diligence:read"
    # Keep the answer library and answer the due-diligence questionnaires of customers.
    DILIGENCE_WRITE = "diligence:write"
    # Webhook endpoints: where the tenant's events go, and their secrets (ADMIN only).
    WEBHOOK_MANAGE = "webhook:manage"


_EVERY_MEMBER = {
    Permission.TENANT_READ,
    # Every member may list members: front ends pick owners and assignees from them.
    Permission.MEMBER_READ,
    Permission.OWN_TOKEN_MANAGE,
    Permission.VENDOR_READ,
    Permission.DOCUMENT_READ,
    Permission.FINDING_READ,
    Permission.REVIEW_READ,
    Permission.QUESTIONNAIRE_READ,
    Permission.COMPLIANCE_READ,
    Permission.RISK_READ,
    Permission.DILIGENCE_READ,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    # Security reviewers keep vendor records and decide onboarding.
    Role.REVIEWER: frozenset(
        _EVERY_MEMBER
        | {
            Permission.VENDOR_WRITE,
            Permission.ONBOARDING_DECIDE,
            Permission.TIER_OVERRIDE,
            Permission.VENDOR_RECORD_IN_USE,
            Permission.DOCUMENT_UPLOAD,
            Permission.DOCUMENT_REPARSE,
            Permission.FINDING_WRITE,
            Permission.SOC_REVIEW,
            Permission.REVIEW_WRITE,
            Permission.REVIEW_APPROVE,
            Permission.QUESTIONNAIRE_WRITE,
            Permission.COMPLIANCE_WRITE,
            Permission.RISK_WRITE,
            Permission.RISK_ACCEPT,
            Permission.DILIGENCE_WRITE,
        }
    ),
    # Procurement keeps vendor records, imports them, files onboarding requests and
    # collects the vendor's paperwork (contracts, insurance, the reports it is sent).
    Role.PROCUREMENT: frozenset(
        _EVERY_MEMBER
        | {
            Permission.VENDOR_WRITE,
            Permission.VENDOR_IMPORT,
            Permission.ONBOARDING_REQUEST,
            Permission.DOCUMENT_UPLOAD,
        }
    ),
    Role.VIEWER: frozenset(_EVERY_MEMBER),
}


def allows(actor: Actor, permission: Permission) -> bool:
    # A respondent answers its one questionnaire (domain.questionnaires.responding), which
    # asks no permission: it holds none of a member's.
    if actor.respondent_link_id is not None:
        return False
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise Forbidden unless the actor's role grants `permission`."""
    if not allows(actor, permission):
        raise Forbidden()


def require_to_decide(actor: Actor, permission: Permission) -> None:
    """`require`, for a decision that must be the member's own (an approval, a sign-off):
    a token someone else made for the member cannot take it, or an ADMIN could mint a
    reviewer's token and approve their own request with it."""
    require(actor, permission)
    if actor.delegated:
        raise Forbidden(
            "This token was made for you by someone else: it cannot approve or sign off. "
            "Use a token you made yourself."
        )
