"""The per-request context: one session in one transaction, the actor, the loaders."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from app.api.loaders import Loaders
from app.api.uploads import Uploads
from app.settings import Settings
from domain.documents.storage import BlobStore
from domain.shared.actor import Actor
from domain.shared.session import SerializedSession


@dataclass
class Context:
    request: Request
    response: Response | None
    session: SerializedSession
    actor: Actor
    settings: Settings
    store: BlobStore
    uploads: Uploads = field(default_factory=Uploads)
    # the one questionnaire a respondent link admits to (app/respond); None for members
    questionnaire_id: UUID | None = None
    _loaders: Loaders | None = field(init=False, default=None)

    @property
    def loaders(self) -> Loaders:
        """The request's loaders, made when first used: a page PostgreSQL writes whole
        (app/api/json_pages.py) needs none of its thirty-odd loaders."""
        if self._loaders is None:
            self._loaders = Loaders(self.session, self.actor.tenant_id)
        return self._loaders

    def reset_loaders(self) -> None:
        """Fresh, empty loaders on the request's own session (a new session would not
        carry the tenant); mutations call this so later fields read what they changed."""
        self._loaders = None


Info = StrawberryInfo[Context, Any]
