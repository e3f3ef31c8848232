"""The evidence of a library answer when a document goes between its check and its link."""

import uuid

import pytest

from domain.diligence import library
from domain.shared.errors import NotFound
from tests.factories import actor_of, make_tenant


async def test_a_document_gone_before_its_link_is_not_found_not_a_server_error(db):
    acme = await make_tenant(db)
    async with db.transaction(acme.tenant_id) as session:
        entry = await library.create_entry(
            session, actor_of(acme), library.NewEntry("Do you use MFA?", "Yes.")
        )
        # as if another request removed it after create_entry or update_entry found it
        gone = uuid.uuid4()

        with pytest.raises(NotFound) as refused:
            await library._set_evidence(session, entry, [gone])

        assert refused.value.field == "evidenceDocumentIds"
        # the savepoint undid the link alone: the entry is there, with no evidence
        assert await library.get_entry(session, actor_of(acme), entry.id) is entry
