"""Every mutation of the schema, with a valid call, who may make it, and what it audits.

test_every_mutation_is_catalogued keeps this list complete: a new mutation
without an entry here fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.questionnaires.answer_xlsx import About, write_answers
from domain.questionnaires.models import QuestionnaireAnswer
from domain.questionnaires.template_json import from_json
from domain.questionnaires.template_xlsx import write_template
from tests.factories import SMALL_TEMPLATE, Member, global_id, gql, gql_upload, uuid_of

EVERY_ROLE = {"ADMIN", "REVIEWER", "PROCUREMENT", "VIEWER"}


WRITERS = {"ADMIN", "PROCUREMENT", "REVIEWER"}
DECIDERS = {"ADMIN", "REVIEWER"}


@dataclass(frozen=True)
class Scene:
    """Who acts, the other member (with a token) they may act upon, and a small world:
    vendors, a contact, a fourth party, and onboarding requests filed by a buyer."""

    actor: Member
    other: Member
    actor_token_id: str
    other_token_id: str
    ids: dict[str, str]


@dataclass(frozen=True)
class Case:
    name: str  # the mutation field
    document: str
    variables: Callable[[Scene], dict[str, Any]]
    allowed: set[str]
    action: str  # audit action written on success
    # What a role outside `allowed` gets: FORBIDDEN, or NOT_FOUND where the thing
    # must stay invisible to them (someone else's token).
    refusal: str = "FORBIDDEN"
    # A file sent as `variables.input.file` (GraphQL multipart request), or what makes it
    # from the scene (a file naming one of its ids).
    upload: bytes | Callable[["Scene"], bytes] | None = None

    async def send(self, client: Any, scene: "Scene", headers: dict[str, str] | None = None):
        variables = self.variables(scene)
        upload = self.upload(scene) if callable(self.upload) else self.upload
        if upload is None:
            return await gql(
                client, self.document, variables, token=scene.actor.token, headers=headers
            )
        return await gql_upload(
            client,
            self.document,
            variables,
            "variables.input.file",
            upload,
            scene.actor.token,
            headers,
        )


# a customer's questionnaire as a CSV: one question the scene's library answers, one new
CUSTOMER_FILE = (
    b"Question,Answer\r\nDo you encrypt customer data at rest?,\r\nDo you have a CISO?,\r\n"
)


def _doc(field: str, input_type: str, selection: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {field}(input: $input) "
        f"{{ {selection} errors {{ code field message }} }} }}"
    )


def answered_workbook(questionnaire_id: str) -> bytes:
    """The workbook of a questionnaire sent from SMALL_TEMPLATE, its one question asked
    answered YES, as the vendor would send it back."""
    about = About(uuid_of(questionnaire_id), SMALL_TEMPLATE["name"], 1)
    answered = {"mfa": QuestionnaireAnswer(question_key="mfa", value="YES")}
    return write_answers(from_json(SMALL_TEMPLATE), about, answered)


CASES = [
    Case(
        "updateTenantSettings",
        _doc("updateTenantSettings", "UpdateTenantSettingsInput", "tenant { id }"),
        lambda s: {"input": {"reviewMonthsHigh": 6}},
        {"ADMIN"},
        "tenant.settings_updated",
    ),
    Case(
        "addMember",
        _doc("addMember", "AddMemberInput", "member { id }"),
        lambda s: {"input": {"email": "newcomer@acme.example", "role": "VIEWER"}},
        {"ADMIN"},
        "member.added",
    ),
    Case(
        "changeMemberRole",
        _doc("changeMemberRole", "ChangeMemberRoleInput", "member { id }"),
        lambda s: {"input": {"memberId": s.other.global_id, "role": "REVIEWER"}},
        {"ADMIN"},
        "member.role_changed",
    ),
    Case(
        "removeMember",
        _doc("removeMember", "RemoveMemberInput", "removedMemberId"),
        lambda s: {"input": {"memberId": s.other.global_id}},
        {"ADMIN"},
        "member.removed",
    ),
    Case(
        "createApiToken",
        _doc("createApiToken", "CreateApiTokenInput", "apiToken { id } secret"),
        lambda s: {"input": {"name": "my laptop"}},
        EVERY_ROLE,
        "api_token.created",
    ),
    Case(
        "createApiToken",
        _doc("createApiToken", "CreateApiTokenInput", "apiToken { id } secret"),
        lambda s: {"input": {"name": "for them", "memberId": s.other.global_id}},
        {"ADMIN"},
        "api_token.created",
    ),
    Case(
        "revokeApiToken",
        _doc("revokeApiToken", "RevokeApiTokenInput", "apiToken { id revokedAt }"),
        lambda s: {"input": {"tokenId": global_id("ApiToken", s.actor_token_id)}},
        EVERY_ROLE,
        "api_token.revoked",
    ),
    Case(
        "revokeApiToken",
        _doc("revokeApiToken", "RevokeApiTokenInput", "apiToken { id revokedAt }"),
        lambda s: {"input": {"tokenId": global_id("ApiToken", s.other_token_id)}},
        {"ADMIN"},
        "api_token.revoked",
        refusal="NOT_FOUND",
    ),
]

CASES += [
    Case(
        "createVendor",
        _doc("createVendor", "CreateVendorInput", "vendor { id }"),
        lambda s: {"input": {"name": "Initech", "domain": "initech.example"}},
        WRITERS,
        "vendor.created",
    ),
    Case(
        "updateVendor",
        _doc("updateVendor", "UpdateVendorInput", "vendor { id }"),
        lambda s: {"input": {"vendorId": s.ids["active"], "department": "Finance"}},
        WRITERS,
        "vendor.updated",
    ),
    Case(
        "transitionVendor",
        _doc("transitionVendor", "TransitionVendorInput", "vendor { id }"),
        lambda s: {"input": {"vendorId": s.ids["active"], "to": "OFFBOARDING", "reason": "cost"}},
        WRITERS,
        "vendor.status_changed",
    ),
    Case(
        "overrideVendorTier",
        _doc("overrideVendorTier", "OverrideVendorTierInput", "vendor { id }"),
        lambda s: {
            "input": {"vendorId": s.ids["active"], "tier": "HIGH", "justification": "board ask"}
        },
        DECIDERS,
        "vendor.tier_overridden",
    ),
    Case(
        "addVendorContact",
        _doc("addVendorContact", "AddVendorContactInput", "contact { id }"),
        lambda s: {
            "input": {
                "vendorId": s.ids["active"],
                "name": "Sam",
                "email": "sam@globex.example",
                "role": "SECURITY",
            }
        },
        WRITERS,
        "vendor.contact_added",
    ),
    Case(
        "updateVendorContact",
        _doc("updateVendorContact", "UpdateVendorContactInput", "contact { id }"),
        lambda s: {"input": {"contactId": s.ids["contact"], "role": "LEGAL"}},
        WRITERS,
        "vendor.contact_updated",
    ),
    Case(
        "removeVendorContact",
        _doc("removeVendorContact", "RemoveVendorContactInput", "removedId"),
        lambda s: {"input": {"contactId": s.ids["contact"]}},
        WRITERS,
        "vendor.contact_removed",
    ),
    Case(
        "addFourthParty",
        _doc("addFourthParty", "AddFourthPartyInput", "fourthParty { id }"),
        lambda s: {"input": {"vendorId": s.ids["active"], "name": "AWS", "service": "hosting"}},
        WRITERS,
        "vendor.fourth_party_added",
    ),
    Case(
        "removeFourthParty",
        _doc("removeFourthParty", "RemoveFourthPartyInput", "removedId"),
        lambda s: {"input": {"fourthPartyId": s.ids["fourth_party"]}},
        WRITERS,
        "vendor.fourth_party_removed",
    ),
    Case(
        "fileOnboardingRequest",
        _doc("fileOnboardingRequest", "FileOnboardingRequestInput", "request { id }"),
        lambda s: {
            "input": {
                "vendorId": s.ids["prospect"],
                "purpose": "payroll",
                "dataAccess": {"dataCategories": ["PERSONAL_DATA"], "accessLevel": "READ"},
            }
        },
        {"ADMIN", "PROCUREMENT"},
        "onboarding.requested",
    ),
    Case(
        "resolveOnboardingRequirement",
        _doc(
            "resolveOnboardingRequirement",
            "ResolveOnboardingRequirementInput",
            "requirement { id }",
        ),
        lambda s: {
            "input": {"requirementId": s.ids["requirement"], "status": "WAIVED", "note": "known"}
        },
        DECIDERS,
        "onboarding.requirement_resolved",
    ),
    Case(
        "approveOnboardingRequest",
        _doc("approveOnboardingRequest", "ApproveOnboardingRequestInput", "request { id }"),
        lambda s: {"input": {"requestId": s.ids["clear_request"]}},
        DECIDERS,
        "onboarding.approved",
    ),
    Case(
        "rejectOnboardingRequest",
        _doc("rejectOnboardingRequest", "RejectOnboardingRequestInput", "request { id }"),
        lambda s: {"input": {"requestId": s.ids["checked_request"], "reason": "no SOC 2"}},
        DECIDERS,
        "onboarding.rejected",
    ),
]

# One row past the default inline limit (TPRM_IMPORT_INLINE_MAX_ROWS): queued, not imported.
LONG_SHEET = ("name,domain\n" + "".join(f"V{n},v{n}.example\n" for n in range(501))).encode()

CASES.extend(
    [
        Case(
            "importVendors",
            _doc("importVendors", "ImportVendorsInput", "report { created }"),
            lambda s: {"input": {"file": None}},
            {"ADMIN", "PROCUREMENT"},
            "vendor.imported",
            upload=b"name,domain\nHooli,hooli.example\n",
        ),
        Case(
            "importVendors",
            _doc("importVendors", "ImportVendorsInput", "vendorImport { id status }"),
            lambda s: {"input": {"file": None}},
            {"ADMIN", "PROCUREMENT"},
            "vendor_import.started",
            upload=LONG_SHEET,
        ),
    ]
)

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

CASES.extend(
    [
        Case(
            "uploadDocument",
            _doc("uploadDocument", "UploadDocumentInput", "document { id } duplicate"),
            lambda s: {"input": {"vendorId": s.ids["active"], "kind": "CONTRACT", "file": None}},
            WRITERS,
            "document.uploaded",
            upload=MINIMAL_PDF,
        ),
        Case(
            "reparseDocument",
            _doc("reparseDocument", "ReparseDocumentInput", "document { id parseStatus }"),
            lambda s: {"input": {"documentId": s.ids["soc_document"]}},
            DECIDERS,
            "document.reparse_requested",
        ),
    ]
)

CASES.extend(
    [
        Case(
            "updateFinding",
            _doc("updateFinding", "UpdateFindingInput", "finding { id dueDate }"),
            lambda s: {
                "input": {
                    "findingId": s.ids["finding"],
                    "ownerId": s.ids["other_member"],
                    "dueDate": "2027-01-31",
                }
            },
            DECIDERS,
            "finding.updated",
        ),
        Case(
            "transitionFinding",
            _doc("transitionFinding", "TransitionFindingInput", "finding { id status }"),
            lambda s: {
                "input": {
                    "findingId": s.ids["finding"],
                    "to": "RISK_ACCEPTED",
                    "reason": "Compensating control in place.",
                }
            },
            DECIDERS,
            "finding.status_changed",
        ),
        Case(
            "addRemediationAction",
            _doc("addRemediationAction", "AddRemediationActionInput", "action { id }"),
            lambda s: {"input": {"findingId": s.ids["finding"], "description": "Call them."}},
            DECIDERS,
            "finding.action_added",
        ),
        Case(
            "updateRemediationAction",
            _doc("updateRemediationAction", "UpdateRemediationActionInput", "action { status }"),
            lambda s: {"input": {"actionId": s.ids["action"], "status": "DONE"}},
            DECIDERS,
            "finding.action_updated",
        ),
        Case(
            "scheduleFindingFollowUp",
            _doc("scheduleFindingFollowUp", "ScheduleFindingFollowUpInput", "followUp { id }"),
            lambda s: {
                "input": {
                    "findingId": s.ids["finding"],
                    "kind": "BRIDGE_LETTER",
                    "dueOn": "2099-01-31",
                }
            },
            DECIDERS,
            "finding.follow_up_scheduled",
        ),
        Case(
            "receiveFindingFollowUp",
            _doc("receiveFindingFollowUp", "ReceiveFindingFollowUpInput", "followUp { status }"),
            lambda s: {
                "input": {"id": s.ids["follow_up"], "documentId": s.ids["contract_document"]}
            },
            DECIDERS,
            "finding.follow_up_received",
        ),
        Case(
            "cancelFindingFollowUp",
            _doc("cancelFindingFollowUp", "CancelFindingFollowUpInput", "followUp { status }"),
            lambda s: {"input": {"id": s.ids["follow_up"], "reason": "The re-test will do."}},
            DECIDERS,
            "finding.follow_up_cancelled",
        ),
    ]
)

CASES.extend(
    [
        Case(
            "correctReport",
            _doc("correctReport", "CorrectReportInput", "report { opinion }"),
            lambda s: {"input": {"reportId": s.ids["report"], "opinion": "QUALIFIED"}},
            DECIDERS,
            "soc_report.corrected",
        ),
        Case(
            "revertReportField",
            _doc("revertReportField", "RevertReportFieldInput", "report { serviceAuditor }"),
            lambda s: {"input": {"reportId": s.ids["report"], "field": "SERVICE_AUDITOR"}},
            DECIDERS,
            "soc_report.reverted",
        ),
        Case(
            "confirmReport",
            _doc("confirmReport", "ConfirmReportInput", "report { confirmedAt }"),
            lambda s: {"input": {"reportId": s.ids["report"]}},
            DECIDERS,
            "soc_report.confirmed",
        ),
        Case(
            "addReportException",
            _doc("addReportException", "AddReportExceptionInput", "item { __typename }"),
            lambda s: {"input": {"reportId": s.ids["report"], "result": "1 of 25 not done."}},
            DECIDERS,
            "soc_report.item_added",
        ),
        Case(
            "correctReportItem",
            _doc("correctReportItem", "CorrectReportItemInput", "item { __typename }"),
            lambda s: {"input": {"cuec": {"id": s.ids["cuec"], "text": "Review users quarterly."}}},
            DECIDERS,
            "soc_report.item_corrected",
        ),
        Case(
            "dismissReportItem",
            _doc("dismissReportItem", "DismissReportItemInput", "item { __typename }"),
            lambda s: {"input": {"itemId": s.ids["exception"], "reason": "Not a deviation."}},
            DECIDERS,
            "soc_report.item_dismissed",
        ),
        Case(
            "restoreReportItem",
            _doc("restoreReportItem", "RestoreReportItemInput", "item { __typename }"),
            lambda s: {"input": {"itemId": s.ids["dismissed_csoc"]}},
            DECIDERS,
            "soc_report.item_restored",
        ),
    ]
)

# Vendor reviews (REVIEWER and ADMIN prepare them and sign them off).
CASES.extend(
    [
        Case(
            "updateReview",
            _doc("updateReview", "UpdateReviewInput", "review { id decision }"),
            lambda s: {"input": {"reviewId": s.ids["review_in_work"], "decision": "APPROVED"}},
            DECIDERS,
            "review.updated",
        ),
        Case(
            "transitionReview",
            _doc("transitionReview", "TransitionReviewInput", "review { id status }"),
            lambda s: {"input": {"reviewId": s.ids["review"], "to": "IN_PROGRESS"}},
            DECIDERS,
            "review.started",
        ),
        Case(
            "attachReviewEvidence",
            _doc("attachReviewEvidence", "AttachReviewEvidenceInput", "evidence { id }"),
            lambda s: {
                "input": {
                    "reviewId": s.ids["review_in_work"],
                    "documentId": s.ids["contract_document"],
                }
            },
            DECIDERS,
            "review.evidence_attached",
        ),
        Case(
            "detachReviewEvidence",
            _doc("detachReviewEvidence", "DetachReviewEvidenceInput", "review { id }"),
            lambda s: {"input": {"evidenceId": s.ids["evidence"]}},
            DECIDERS,
            "review.evidence_detached",
        ),
        Case(
            "raiseReviewFinding",
            _doc("raiseReviewFinding", "RaiseReviewFindingInput", "finding { id }"),
            lambda s: {
                "input": {
                    "reviewId": s.ids["review_in_work"],
                    "title": "No DPA signed",
                    "description": "The data processing agreement is not signed.",
                    "severity": "HIGH",
                }
            },
            DECIDERS,
            "finding.raised",
        ),
        Case(
            "resolveReviewChecklistItem",
            _doc("resolveReviewChecklistItem", "ResolveReviewChecklistItemInput", "item { id }"),
            lambda s: {"input": {"itemId": s.ids["checklist_item"], "status": "DONE"}},
            DECIDERS,
            "review.checklist_item_resolved",
        ),
        Case(
            "addReviewCondition",
            _doc("addReviewCondition", "AddReviewConditionInput", "condition { id }"),
            lambda s: {
                "input": {"reviewId": s.ids["review_in_work"], "description": "Pen test by Q3."}
            },
            DECIDERS,
            "review.condition_added",
        ),
        Case(
            "transitionReviewCondition",
            _doc("transitionReviewCondition", "TransitionReviewConditionInput", "condition { id }"),
            lambda s: {"input": {"conditionId": s.ids["condition"], "to": "DONE"}},
            DECIDERS,
            "review.condition_updated",
        ),
        Case(
            "removeReviewCondition",
            _doc("removeReviewCondition", "RemoveReviewConditionInput", "review { id }"),
            lambda s: {"input": {"conditionId": s.ids["condition"]}},
            DECIDERS,
            "review.condition_removed",
        ),
        Case(
            "amendReview",
            _doc("amendReview", "AmendReviewInput", "review { id version }"),
            lambda s: {"input": {"reviewId": s.ids["completed_review"], "reason": "New facts."}},
            DECIDERS,
            "review.amended",
        ),
        Case(
            "resolveOffboardingItem",
            _doc("resolveOffboardingItem", "ResolveOffboardingItemInput", "item { id }"),
            lambda s: {
                "input": {
                    "itemId": s.ids["offboarding_item"],
                    "status": "WAIVED",
                    "note": "Never had access.",
                }
            },
            WRITERS,
            "vendor.offboarding_item_resolved",
        ),
        Case(
            "setReviewCadence",
            _doc("setReviewCadence", "SetReviewCadenceInput", "vendor { id }"),
            lambda s: {
                "input": {"vendorId": s.ids["active"], "months": 6, "reason": "Hosts production."}
            },
            DECIDERS,
            "review.cadence_set",
        ),
        Case(
            "attachReviewQuestionnaire",
            _doc(
                "attachReviewQuestionnaire",
                "AttachReviewQuestionnaireInput",
                "reviewQuestionnaire { id }",
            ),
            lambda s: {
                "input": {
                    "reviewId": s.ids["review_in_work"],
                    "questionnaireId": s.ids["questionnaire_completed"],
                    "note": "The 2026 answers.",
                }
            },
            DECIDERS,
            "review.questionnaire_attached",
        ),
        Case(
            "detachReviewQuestionnaire",
            _doc("detachReviewQuestionnaire", "DetachReviewQuestionnaireInput", "review { id }"),
            lambda s: {"input": {"id": s.ids["review_questionnaire"]}},
            DECIDERS,
            "review.questionnaire_detached",
        ),
        Case(
            "createQuestionnaireTemplate",
            _doc(
                "createQuestionnaireTemplate",
                "CreateQuestionnaireTemplateInput",
                "template { id version }",
            ),
            lambda s: {"input": {"template": SMALL_TEMPLATE}},
            DECIDERS,
            "questionnaire_template.created",
        ),
        Case(
            "reviseQuestionnaireTemplate",
            _doc(
                "reviseQuestionnaireTemplate",
                "ReviseQuestionnaireTemplateInput",
                "template { id version }",
            ),
            lambda s: {
                "input": {
                    "templateId": s.ids["questionnaire_template"],
                    "template": {**SMALL_TEMPLATE, "name": "Vendor security basics, 2027"},
                    "changeNote": "A new year.",
                }
            },
            DECIDERS,
            "questionnaire_template.revised",
        ),
        Case(
            "addStarterQuestionnaireTemplate",
            _doc(
                "addStarterQuestionnaireTemplate",
                "AddStarterQuestionnaireTemplateInput",
                "template { id }",
            ),
            lambda s: {"input": {}},
            DECIDERS,
            "questionnaire_template.created",
        ),
        Case(
            "importQuestionnaireTemplate",
            _doc(
                "importQuestionnaireTemplate",
                "ImportQuestionnaireTemplateInput",
                "template { id }",
            ),
            lambda s: {"input": {"file": None, "templateId": s.ids["questionnaire_template"]}},
            DECIDERS,
            "questionnaire_template.revised",
            upload=write_template(from_json(SMALL_TEMPLATE)),
        ),
        Case(
            "sendQuestionnaire",
            _doc(
                "sendQuestionnaire",
                "SendQuestionnaireInput",
                "questionnaire { id status } respondentUrl",
            ),
            lambda s: {
                "input": {
                    "vendorId": s.ids["active"],
                    "templateId": s.ids["questionnaire_template"],
                    "contactId": s.ids["contact"],
                    "dueDate": (date.today() + timedelta(days=20)).isoformat(),
                }
            },
            DECIDERS,
            "questionnaire.sent",
        ),
        Case(
            "reissueRespondentLink",
            _doc(
                "reissueRespondentLink",
                "ReissueRespondentLinkInput",
                "questionnaire { id } respondentUrl",
            ),
            lambda s: {"input": {"questionnaireId": s.ids["questionnaire_sent"]}},
            DECIDERS,
            "questionnaire.link_issued",
        ),
        Case(
            "revokeRespondentLink",
            _doc("revokeRespondentLink", "QuestionnaireIdInput", "questionnaire { id }"),
            lambda s: {"input": {"questionnaireId": s.ids["questionnaire_sent"]}},
            DECIDERS,
            "questionnaire.link_revoked",
        ),
        Case(
            "cancelQuestionnaire",
            _doc("cancelQuestionnaire", "CancelQuestionnaireInput", "questionnaire { status }"),
            lambda s: {
                "input": {"questionnaireId": s.ids["questionnaire_sent"], "reason": "Not needed."}
            },
            DECIDERS,
            "questionnaire.cancelled",
        ),
        Case(
            "reviewQuestionnaireAnswer",
            _doc(
                "reviewQuestionnaireAnswer",
                "ReviewQuestionnaireAnswerInput",
                "questionnaire { id }",
            ),
            lambda s: {
                "input": {
                    "questionnaireId": s.ids["questionnaire_submitted"],
                    "questionKey": "mfa",
                    "status": "ACCEPTED",
                }
            },
            DECIDERS,
            "questionnaire.answer_reviewed",
        ),
        Case(
            "commentOnQuestionnaire",
            _doc(
                "commentOnQuestionnaire",
                "CommentOnQuestionnaireInput",
                "message { body }",
            ),
            lambda s: {
                "input": {
                    "questionnaireId": s.ids["questionnaire_submitted"],
                    "questionKey": "mfa",
                    "body": "Which accounts does this cover?",
                }
            },
            DECIDERS,
            "questionnaire.message_added",
        ),
        Case(
            "returnQuestionnaire",
            _doc("returnQuestionnaire", "ReturnQuestionnaireInput", "questionnaire { status }"),
            lambda s: {
                "input": {
                    "questionnaireId": s.ids["questionnaire_submitted"],
                    "note": "Say when MFA will be enforced.",
                }
            },
            DECIDERS,
            "questionnaire.returned",
        ),
        Case(
            "completeQuestionnaire",
            _doc("completeQuestionnaire", "QuestionnaireIdInput", "questionnaire { status }"),
            lambda s: {"input": {"questionnaireId": s.ids["questionnaire_submitted"]}},
            DECIDERS,
            "questionnaire.completed",
        ),
        Case(
            "importQuestionnaireAnswers",
            _doc(
                "importQuestionnaireAnswers",
                "ImportQuestionnaireAnswersInput",
                "questionnaire { status }",
            ),
            lambda s: {"input": {"questionnaireId": s.ids["questionnaire_sent"], "file": None}},
            DECIDERS,
            "questionnaire.answers_imported",
            upload=lambda s: answered_workbook(s.ids["questionnaire_sent"]),
        ),
        Case(
            "createControl",
            _doc("createControl", "CreateControlInput", "control { id }"),
            lambda s: {
                "input": {
                    "ref": "CM-01",
                    "title": "Changes are reviewed before release",
                    "criteria": ["CC8.1"],
                    "status": "OPERATING",
                    "ownerId": s.ids["other_member"],
                }
            },
            DECIDERS,
            "control.created",
        ),
        Case(
            "updateControl",
            _doc("updateControl", "UpdateControlInput", "control { id status }"),
            lambda s: {"input": {"controlId": s.ids["control"], "status": "OPERATING"}},
            DECIDERS,
            "control.updated",
        ),
        Case(
            "deleteControl",
            _doc("deleteControl", "DeleteControlInput", "deletedControlId"),
            lambda s: {"input": {"controlId": s.ids["control"]}},
            DECIDERS,
            "control.deleted",
        ),
        Case(
            "mapCuecToControls",
            _doc("mapCuecToControls", "MapCuecInput", "item { state }"),
            lambda s: {"input": {"cuecId": s.ids["cuec"], "controlIds": [s.ids["control"]]}},
            DECIDERS,
            "cuec_coverage.mapped",
        ),
        Case(
            "markCuecNotApplicable",
            _doc("markCuecNotApplicable", "MarkCuecNotApplicableInput", "item { state }"),
            lambda s: {"input": {"cuecId": s.ids["cuec"], "justification": "We use SSO."}},
            DECIDERS,
            "cuec_coverage.not_applicable",
        ),
        Case(
            "clearCuecCoverage",
            _doc("clearCuecCoverage", "ClearCuecCoverageInput", "item { state }"),
            lambda s: {"input": {"cuecId": s.ids["cuec_covered"]}},
            DECIDERS,
            "cuec_coverage.cleared",
        ),
        Case(
            "createRisk",
            _doc("createRisk", "CreateRiskInput", "risk { id }"),
            lambda s: {
                "input": {
                    "title": "A payroll vendor leaks salaries",
                    "category": "PRIVACY",
                    "inherentLikelihood": 2,
                    "inherentImpact": 5,
                    "ownerId": s.ids["other_member"],
                    "controlIds": [s.ids["control"]],
                    "findingIds": [s.ids["finding"]],
                }
            },
            DECIDERS,
            "risk.created",
        ),
        Case(
            "createRiskFromFinding",
            _doc("createRiskFromFinding", "CreateRiskFromFindingInput", "risk { id }"),
            lambda s: {"input": {"findingId": s.ids["finding"]}},
            DECIDERS,
            "risk.created",
        ),
        Case(
            "updateRisk",
            _doc("updateRisk", "UpdateRiskInput", "risk { id }"),
            lambda s: {
                "input": {"riskId": s.ids["risk"], "residualLikelihood": 2, "residualImpact": 3}
            },
            DECIDERS,
            "risk.updated",
        ),
        Case(
            "acceptRisk",
            _doc("acceptRisk", "AcceptRiskInput", "risk { id treatment }"),
            lambda s: {
                "input": {
                    "riskId": s.ids["risk"],
                    "justification": "The vendor's failover is tested yearly.",
                    "expiresOn": (date.today() + timedelta(days=90)).isoformat(),
                }
            },
            DECIDERS,
            "risk.accepted",
        ),
        Case(
            "linkRiskFinding",
            _doc("linkRiskFinding", "RiskFindingInput", "risk { id }"),
            lambda s: {"input": {"riskId": s.ids["risk"], "findingId": s.ids["finding"]}},
            DECIDERS,
            "risk.finding_linked",
        ),
        Case(
            "unlinkRiskFinding",
            _doc("unlinkRiskFinding", "RiskFindingInput", "risk { id }"),
            lambda s: {"input": {"riskId": s.ids["risk_fed"], "findingId": s.ids["finding"]}},
            DECIDERS,
            "risk.finding_unlinked",
        ),
        Case(
            "createAnswerEntry",
            _doc("createAnswerEntry", "CreateAnswerEntryInput", "entry { id }"),
            lambda s: {
                "input": {
                    "question": "Do you run background checks on staff?",
                    "answer": "Yes, before anyone joins.",
                    "ownerId": s.ids["other_member"],
                }
            },
            DECIDERS,
            "answer_entry.created",
        ),
        Case(
            "updateAnswerEntry",
            _doc("updateAnswerEntry", "UpdateAnswerEntryInput", "entry { id }"),
            lambda s: {"input": {"entryId": s.ids["answer_entry"], "tags": ["crypto"]}},
            DECIDERS,
            "answer_entry.updated",
        ),
        Case(
            "reviewAnswerEntry",
            _doc("reviewAnswerEntry", "AnswerEntryInput", "entry { id }"),
            lambda s: {"input": {"entryId": s.ids["answer_entry"]}},
            DECIDERS,
            "answer_entry.reviewed",
        ),
        Case(
            "deleteAnswerEntry",
            _doc("deleteAnswerEntry", "AnswerEntryInput", "deletedEntryId"),
            lambda s: {"input": {"entryId": s.ids["answer_entry"]}},
            DECIDERS,
            "answer_entry.deleted",
        ),
        Case(
            "importAnswerLibrary",
            _doc(
                "importAnswerLibrary",
                "ImportAnswerLibraryInput",
                "report { created updated unchanged }",
            ),
            lambda s: {"input": {"file": None}},
            DECIDERS,
            "answer_entry.imported",
            # the scene's answer changed, and a new one
            upload=b"question,answer\nDo you encrypt customer data at rest?,Yes: AES-256.\n"
            b"Do you run a bug bounty?,Yes.\n",
        ),
        Case(
            "previewCustomerQuestionnaire",
            _doc(
                "previewCustomerQuestionnaire",
                "PreviewCustomerQuestionnaireInput",
                "preview { chosenSheet }",
            ),
            lambda s: {"input": {"file": None}},
            DECIDERS,
            "customer_questionnaire.previewed",
            upload=CUSTOMER_FILE,
        ),
        Case(
            "importCustomerQuestionnaire",
            _doc(
                "importCustomerQuestionnaire",
                "ImportCustomerQuestionnaireInput",
                "questionnaire { id }",
            ),
            lambda s: {"input": {"file": None, "customer": "Hooli"}},
            DECIDERS,
            "customer_questionnaire.imported",
            upload=CUSTOMER_FILE,
        ),
        Case(
            "updateCustomerQuestionnaire",
            _doc(
                "updateCustomerQuestionnaire",
                "UpdateCustomerQuestionnaireInput",
                "questionnaire { id }",
            ),
            lambda s: {
                "input": {"questionnaireId": s.ids["customer_questionnaire"], "dueOn": "2027-01-15"}
            },
            DECIDERS,
            "customer_questionnaire.updated",
        ),
        Case(
            "deleteCustomerQuestionnaire",
            _doc(
                "deleteCustomerQuestionnaire",
                "DeleteCustomerQuestionnaireInput",
                "deletedQuestionnaireId",
            ),
            lambda s: {"input": {"questionnaireId": s.ids["customer_questionnaire"]}},
            DECIDERS,
            "customer_questionnaire.deleted",
        ),
        Case(
            "answerCustomerQuestion",
            _doc("answerCustomerQuestion", "AnswerCustomerQuestionInput", "question { id }"),
            lambda s: {
                "input": {
                    "questionId": s.ids["customer_question_open"],
                    "answer": "Yes, with a public scope.",
                    "saveToLibrary": True,
                }
            },
            DECIDERS,
            "customer_question.answered",
        ),
        Case(
            "useSuggestedAnswer",
            _doc("useSuggestedAnswer", "UseSuggestedAnswerInput", "question { id }"),
            lambda s: {
                "input": {
                    "questionId": s.ids["customer_question_suggested"],
                    "suggestion": f"LIBRARY:{uuid_of(s.ids['answer_entry'])}",
                }
            },
            DECIDERS,
            "customer_question.answered",
        ),
        Case(
            "acceptSuggestedAnswers",
            _doc("acceptSuggestedAnswers", "AcceptSuggestedAnswersInput", "questions { id }"),
            lambda s: {"input": {"questionIds": [s.ids["customer_question_suggested"]]}},
            DECIDERS,
            "customer_question.accepted",
        ),
        Case(
            "uploadTrustDocument",
            _doc("uploadTrustDocument", "UploadTrustDocumentInput", "document { id } duplicate"),
            lambda s: {
                "input": {"file": None, "title": "Information security policy", "kind": "POLICY"}
            },
            DECIDERS,
            "trust_document.uploaded",
            upload=MINIMAL_PDF,
        ),
        Case(
            "updateTrustDocument",
            _doc("updateTrustDocument", "UpdateTrustDocumentInput", "document { id }"),
            lambda s: {"input": {"documentId": s.ids["trust_document"], "validUntil": None}},
            DECIDERS,
            "trust_document.updated",
        ),
        Case(
            "removeTrustDocument",
            _doc("removeTrustDocument", "RemoveTrustDocumentInput", "removedDocumentId"),
            lambda s: {"input": {"documentId": s.ids["trust_document"]}},
            DECIDERS,
            "trust_document.removed",
        ),
        Case(
            "createTrustPackage",
            _doc("createTrustPackage", "CreateTrustPackageInput", "package { id }"),
            lambda _: {
                "input": {
                    "customer": "Initech",
                    "recipient": "security@initech.example",
                    # the scene's files are in a store of their own: the list is made now
                    "includeSubprocessors": True,
                }
            },
            DECIDERS,
            "trust_package.created",
        ),
        Case(
            "importControls",
            _doc("importControls", "ImportControlsInput", "report { created updated unchanged }"),
            lambda s: {"input": {"file": None}},
            DECIDERS,
            "control.imported",
            # the scene's AC-01 marked operating, and a new control
            upload=b"ref,title,status\nAC-01,Access is reviewed quarterly,OPERATING\n"
            b"CM-01,Changes are reviewed before release,DESIGNED\n",
        ),
        Case(
            "attachControlEvidence",
            _doc(
                "attachControlEvidence", "AttachControlEvidenceInput", "evidence { id } duplicate"
            ),
            lambda s: {"input": {"controlId": s.ids["control"], "file": None, "note": "Q3."}},
            DECIDERS,
            "control_evidence.attached",
            upload=MINIMAL_PDF,
        ),
        Case(
            "removeControlEvidence",
            _doc("removeControlEvidence", "RemoveControlEvidenceInput", "removedEvidenceId"),
            lambda s: {"input": {"evidenceId": s.ids["control_evidence"]}},
            DECIDERS,
            "control_evidence.removed",
        ),
        Case(
            "recordOwnSubservice",
            _doc("recordOwnSubservice", "RecordOwnSubserviceInput", "subservice { id }"),
            lambda s: {
                "input": {
                    "systemId": s.ids["own_system"],
                    "vendorId": s.ids["prospect"],
                    "method": "INCLUSIVE",
                }
            },
            DECIDERS,
            "own_subservice.recorded",
        ),
        Case(
            "updateOwnSubservice",
            _doc("updateOwnSubservice", "UpdateOwnSubserviceInput", "subservice { method }"),
            lambda s: {"input": {"id": s.ids["own_subservice"], "method": "INCLUSIVE"}},
            DECIDERS,
            "own_subservice.updated",
        ),
        Case(
            "removeOwnSubservice",
            _doc("removeOwnSubservice", "RemoveOwnSubserviceInput", "system { id }"),
            lambda s: {"input": {"id": s.ids["own_subservice"]}},
            DECIDERS,
            "own_subservice.removed",
        ),
        Case(
            "addReliedCsoc",
            _doc("addReliedCsoc", "AddReliedCsocInput", "subservice { id }"),
            lambda s: {
                "input": {
                    "subserviceId": s.ids["own_subservice"],
                    "text": "Globex restricts access to our data.",
                    "criteria": ["CC6.1"],
                }
            },
            DECIDERS,
            "own_subservice.csoc_added",
        ),
        Case(
            "removeReliedCsoc",
            _doc("removeReliedCsoc", "RemoveReliedCsocInput", "subservice { id }"),
            lambda s: {"input": {"id": s.ids["relied_csoc"]}},
            DECIDERS,
            "own_subservice.csoc_removed",
        ),
        Case(
            "classifyException",
            _doc("classifyException", "ClassifyExceptionInput", "classification { domain }"),
            lambda s: {
                "input": {
                    "exceptionId": s.ids["exception"],
                    "domain": "LOGGING_AND_MONITORING",
                    "reason": "The review is a monitoring control here.",
                }
            },
            DECIDERS,
            "exception_domain.set",
        ),
        Case(
            "generateEvidencePack",
            _doc(
                "generateEvidencePack",
                "GenerateEvidencePackInput",
                "evidencePack { id status vendorCount csv { url } pdf { url } }",
            ),
            lambda s: {"input": {"note": "FY2026 SOC 2 audit"}},
            DECIDERS,
            "evidence_pack.generated",
        ),
        Case(
            "createOwnSystem",
            _doc("createOwnSystem", "CreateOwnSystemInput", "system { id }"),
            lambda s: {"input": {"name": "Acme Lending", "categories": ["SECURITY"]}},
            DECIDERS,
            "own_system.created",
        ),
        Case(
            "updateOwnSystem",
            _doc("updateOwnSystem", "UpdateOwnSystemInput", "system { id }"),
            lambda s: {
                "input": {
                    "systemId": s.ids["own_system"],
                    "categories": ["SECURITY", "AVAILABILITY"],
                }
            },
            DECIDERS,
            "own_system.updated",
        ),
        Case(
            "deleteOwnSystem",
            _doc("deleteOwnSystem", "DeleteOwnSystemInput", "deletedSystemId"),
            lambda s: {"input": {"systemId": s.ids["own_system"]}},
            DECIDERS,
            "own_system.deleted",
        ),
        Case(
            "createWebhookEndpoint",
            _doc("createWebhookEndpoint", "CreateWebhookEndpointInput", "endpoint { id } secret"),
            lambda s: {
                "input": {
                    "url": "https://hooks.acme.example/new",
                    "eventTypes": ["REVIEW_COMPLETED"],
                }
            },
            {"ADMIN"},
            "webhook_endpoint.created",
        ),
        Case(
            "updateWebhookEndpoint",
            _doc("updateWebhookEndpoint", "UpdateWebhookEndpointInput", "endpoint { id }"),
            lambda s: {"input": {"id": s.ids["webhook_endpoint"], "enabled": False}},
            {"ADMIN"},
            "webhook_endpoint.updated",
        ),
        Case(
            "rotateWebhookSecret",
            _doc("rotateWebhookSecret", "WebhookEndpointInput", "endpoint { id } secret"),
            lambda s: {"input": {"id": s.ids["webhook_endpoint"]}},
            {"ADMIN"},
            "webhook_endpoint.secret_rotated",
        ),
        Case(
            "deleteWebhookEndpoint",
            _doc("deleteWebhookEndpoint", "WebhookEndpointInput", "deletedId"),
            lambda s: {"input": {"id": s.ids["webhook_endpoint"]}},
            {"ADMIN"},
            "webhook_endpoint.deleted",
        ),
        Case(
            "sendTestWebhook",
            _doc("sendTestWebhook", "WebhookEndpointInput", "delivery { id }"),
            lambda s: {"input": {"id": s.ids["webhook_endpoint"]}},
            {"ADMIN"},
            "webhook_endpoint.test_sent",
        ),
        Case(
            "redeliverWebhook",
            _doc("redeliverWebhook", "RedeliverWebhookInput", "delivery { id status }"),
            lambda s: {"input": {"id": s.ids["webhook_delivery"]}},
            {"ADMIN"},
            "webhook_delivery.redelivered",
        ),
    ]
)
