"""The starter questionnaire: valid, of a sensible size, every question mapped, every kind of
question used at least once."""

from collections import Counter

from domain.questionnaires.definition import (
    CHOICE_TYPES,
    NO,
    ControlDomain,
    QuestionType,
    problems,
)
from domain.questionnaires.starter import STARTER

QUESTIONS = STARTER.questions()

DOMAIN_OF_SECTION = {
    "Governance": ControlDomain.GOVERNANCE,
    "Access control": ControlDomain.ACCESS_CONTROL,
    "Change management": ControlDomain.CHANGE_MANAGEMENT,
    "Incident response": ControlDomain.INCIDENT_RESPONSE,
    "Backup and availability": ControlDomain.BACKUP_AND_AVAILABILITY,
    "Encryption": ControlDomain.ENCRYPTION,
    "Vendor management": ControlDomain.VENDOR_MANAGEMENT,
    "HR security": ControlDomain.HR_SECURITY,
    "Logging and monitoring": ControlDomain.LOGGING_AND_MONITORING,
}


def test_the_starter_has_no_problems():
    assert problems(STARTER) == []


def test_the_starter_has_about_forty_questions():
    assert 35 <= len(QUESTIONS) <= 45


def test_the_sections_are_the_expected_ones_in_order():
    assert [s.title for s in STARTER.sections] == list(DOMAIN_OF_SECTION)


def test_every_question_of_a_section_has_the_section_domain():
    for section in STARTER.sections:
        assert {q.domain for q in section.questions} == {DOMAIN_OF_SECTION[section.title]}


def test_every_question_maps_to_at_least_one_criterion():
    assert [q.key for q in QUESTIONS if not q.criteria] == []


def test_every_type_of_question_is_used():
    assert set(Counter(q.type for q in QUESTIONS)) == set(QuestionType)


def test_most_questions_are_yes_or_no():
    types = Counter(q.type for q in QUESTIONS)

    assert types.most_common(1)[0][0] == QuestionType.YES_NO


def test_some_questions_are_shown_only_after_an_answer():
    conditional = {q.key: q.condition for q in QUESTIONS if q.condition}

    assert conditional["vendors_subprocessor_list"].key == "vendors_uses_subprocessors"
    assert conditional["vendors_subprocessor_list"].any_of == ("YES",)


def test_core_controls_answered_no_raise_a_red_flag():
    red_on_no = {
        q.key
        for q in QUESTIONS
        if q.type == QuestionType.YES_NO and any(c.red_flag for c in q.choices if c.value == NO)
    }

    assert {"access_mfa_admins", "change_peer_review", "encryption_at_rest"} <= red_on_no
    assert len(red_on_no) >= 10


def test_a_red_flag_never_scores():
    flagged = [(q.key, c.value) for q in QUESTIONS for c in q.choices if c.red_flag and c.weight]

    assert flagged == []


def test_every_choice_question_can_score():
    assert [
        q.key
        for q in QUESTIONS
        if q.type in CHOICE_TYPES
        and q.key != "vendors_uses_subprocessors"  # a fact about the vendor, not a control
        and max(c.weight for c in q.choices) == 0
    ] == []


def test_the_brief_mappings_hold():
    criteria = {q.key: set(q.criteria) for q in QUESTIONS}

    assert criteria["access_mfa_admins"] >= {"CC6.1"}
    assert criteria["change_peer_review"] == {"CC8.1"}
    assert criteria["incident_plan"] >= {"CC7.3", "CC7.4"}
    assert criteria["backup_frequency"] == {"A1.2"}
    assert criteria["backup_restore_tested"] == {"A1.3"}
    assert criteria["encryption_in_transit"] == {"CC6.1", "CC6.7"}
    assert criteria["vendors_subprocessor_review"] == {"CC9.2"}
    assert criteria["hr_security_training"] >= {"CC1.4"}
    assert criteria["logging_central"] == {"CC7.2"}


def test_keys_start_with_a_word_of_their_section():
    prefixes = {
        "Governance": ("gov_",),
        "Access control": ("access_",),
        "Change management": ("change_",),
        "Incident response": ("incident_",),
        "Backup and availability": ("backup_", "availability_"),
        "Encryption": ("encryption_",),
        "Vendor management": ("vendors_",),
        "HR security": ("hr_",),
        "Logging and monitoring": ("logging_",),
    }
    for section in STARTER.sections:
        for question in section.questions:
            assert question.key.startswith(prefixes[section.title]), question.key
