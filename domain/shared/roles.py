"""The roles a member may have in a tenant: below every area, since every actor has one
(domain/shared/actor.py); what each may do is domain/shared/policy.py."""

import enum


class Role(enum.StrEnum):
    """What a member may do in a tenant; see domain/shared/policy.py."""

    ADMIN = "ADMIN"
    REVIEWER = "REVIEWER"
    PROCUREMENT = "PROCUREMENT"
    VIEWER = "VIEWER"
