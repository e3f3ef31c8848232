"""createTrustPackage, trustPackage and trustPackages: what the tenant sends one customer as
one archive, and the record of it. Download: GET /trust-packages/{id}/content
(app/trust_documents_http.py)."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.diligence.customer_types import CustomerQuestionnaire
from app.api.diligence.errors import DiligenceError
from app.api.diligence.trust_documents import TrustDocument
from app.api.enums import TrustPackagePartKind
from app.api.errors import Payload, mutation
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from app.api.relay import Connection, node_uuid, page_request
from domain.diligence import models, trust_packages
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


@strawberry.type(description="A file of a trust package, as it was when the package was made.")
class TrustPackageFile:
    path: str = strawberry.field(description="Its path in the archive.")
    kind: TrustPackagePartKind = strawberry.field(description="What it is.")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of its bytes, hex.")
    title: str | None = strawberry.field(description="A document's title, as it was then.")
    document_id: strawberry.Private[UUID | None]
    questionnaire_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The trust document it is (DOCUMENT), if still kept.")
    def document(self, info: Info) -> TrustDocument | None:
        return node(info, models.TrustDocument, self.document_id)

    @strawberry.field(description="The questionnaire it is (QUESTIONNAIRE), if still kept.")
    def questionnaire(self, info: Info) -> CustomerQuestionnaire | None:
        return node(info, models.CustomerQuestionnaire, self.questionnaire_id)

    @classmethod
    def of(cls, item: dict[str, Any]) -> "TrustPackageFile":
        document, questionnaire = item.get("documentId"), item.get("questionnaireId")
        return cls(
            path=item["path"],
            kind=TrustPackagePartKind(item["kind"]),
            size_bytes=item["sizeBytes"],
            sha256=item["sha256"],
            title=item.get("title"),
            document_id=UUID(document) if document else None,
            questionnaire_id=UUID(questionnaire) if questionnaire else None,
        )


@strawberry.type(
    description="What the tenant sent one customer as one archive, and the record of it: "
    "who made it, for whom, when, and every file it held."
)
class TrustPackage(RowNode, relay.Node, model=models.TrustPackage, read=Permission.DILIGENCE_READ):
    package_id: relay.NodeID[UUID]
    customer: str = strawberry.field(description="The customer it is for.")
    recipient: str = strawberry.field(description="Whom at the customer.")
    note: str | None = strawberry.field(description="What the maker said of it.")
    files: list[TrustPackageFile] = strawberry.field(
        description="What the archive holds besides its MANIFEST.txt, in its order."
    )
    filename: str = strawberry.field(description="The archive's name.")
    size_bytes: int = strawberry.field(description="The archive's size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of the archive, hex.")
    created_at: datetime = strawberry.field(description="When it was made.")
    created_by_id: strawberry.Private[UUID | None]
    questionnaire_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who made it.")
    def created_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.created_by_id)

    @strawberry.field(description="The questionnaire it answered, if any and still kept.")
    def questionnaire(self, info: Info) -> CustomerQuestionnaire | None:
        return node(info, models.CustomerQuestionnaire, self.questionnaire_id)

    @strawberry.field(
        description="Path to download the archive with the same bearer token (GET or HEAD)."
    )
    def download_url(self) -> str:
        return f"/trust-packages/{relay.to_base64('TrustPackage', self.package_id)}/content"

    @classmethod
    def from_row(cls, row: models.TrustPackage) -> "TrustPackage":
        return cls(
            package_id=row.id,
            customer=row.customer,
            recipient=row.recipient,
            note=row.note,
            files=[TrustPackageFile.of(item) for item in row.contents],
            filename=row.filename,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            created_at=row.created_at,
            created_by_id=row.created_by_id,
            questionnaire_id=row.questionnaire_id,
        )


@strawberry.input(description="A trust package to make for one customer.")
class CreateTrustPackageInput:
    customer: str = strawberry.field(description="The customer it is for (at most 200).")
    recipient: str = strawberry.field(
        description="Whom at the customer: a name or an address (at most 320)."
    )
    document_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list,
        description=f"Trust documents to put in, at most {trust_packages.MAX_DOCUMENTS}.",
    )
    include_subprocessors: bool = strawberry.field(
        default=False, description="Put in the subprocessor list (subprocessors.csv)."
    )
    questionnaire_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="A customer's questionnaire to put in, in the customer's own file with "
        "its ACCEPTED and EDITED answers.",
    )
    note: str | None = strawberry.field(
        default=None, description="What to say of it (at most 2,000 characters)."
    )


@strawberry.type(description="Result of createTrustPackage.")
class CreateTrustPackagePayload(Payload[DiligenceError]):
    package: TrustPackage | None = strawberry.field(default=None, description="The package.")


@strawberry.type
class TrustPackageMutation:
    @mutation(
        "Make a trust package for one customer (REVIEWER, ADMIN): the documents chosen, the "
        "subprocessor list and a questionnaire answered, as they are now, in one zip archive "
        "with a MANIFEST.txt; kept and recorded (who, for whom, when, what).",
        errors={
            "INVALID": "(customer, recipient) blank or too long, (note) over 2,000 characters, "
            f"(documentIds) nothing chosen at all, over {trust_packages.MAX_DOCUMENTS} "
            "documents or over 200 MB of them",
            "NOT_FOUND": "(documentIds.<n>, questionnaireId) for what is not here",
        },
    )
    async def create_trust_package(
        self, info: Info, input: CreateTrustPackageInput
    ) -> CreateTrustPackagePayload:
        row = await trust_packages.create_package(
            info.context.session,
            info.context.actor,
            info.context.store,
            trust_packages.NewPackage(
                customer=input.customer,
                recipient=input.recipient,
                document_ids=tuple(
                    node_uuid(i, "TrustDocument", "Document", f"documentIds.{n}")
                    for n, i in enumerate(input.document_ids)
                ),
                include_subprocessors=input.include_subprocessors,
                questionnaire_id=_questionnaire(input.questionnaire_id, "questionnaireId"),
                note=input.note,
            ),
        )
        return CreateTrustPackagePayload(package=TrustPackage.from_row(row))


def _questionnaire(value: relay.GlobalID | None, field: str) -> UUID | None:
    if value is None:
        return None
    return node_uuid(value, "CustomerQuestionnaire", "Customer questionnaire", field)


@strawberry.type
class TrustPackageQuery:
    @strawberry.field(description="One trust package; null if it is not there.")
    async def trust_package(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> TrustPackage | None:
        return await TrustPackage.by_global_id(info, id)

    @strawberry.field(
        description="The trust packages the tenant made, newest first: what it sent to whom."
    )
    async def trust_packages(
        self,
        info: Info,
        questionnaire_id: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only those holding this questionnaire."),
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[TrustPackage]:
        order = "trust-packages"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await trust_packages.list_packages(
            info.context.session,
            info.context.actor,
            _questionnaire(questionnaire_id, "questionnaireId"),
            request,
        )
        return Connection[TrustPackage].from_page(page, TrustPackage.from_row, order)
