"""Every mutation says what it can go wrong with, typed: its payload's `errors` are its area's
own kind of UserError, whose `code` is the area's own enum, and `field` is a path."""

from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from app.api.schema import schema
from tests.factories import gql, make_tenant

AREA_ERRORS = {
    "TenancyError",
    "VendorError",
    "DocumentError",
    "SocReportError",
    "FindingError",
    "ReviewError",
    "QuestionnaireError",
    "ComplianceError",
    "RiskError",
    "DiligenceError",
    "WebhookError",
}


def _named(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def test_every_mutation_payload_carries_its_area_s_typed_errors():
    graphql_schema = schema._schema
    user_error = graphql_schema.get_type("UserError")
    seen = set()

    for name, field in graphql_schema.mutation_type.fields.items():
        payload = _named(field.type)
        assert isinstance(payload, GraphQLObjectType), name
        error = _named(payload.fields["errors"].type)
        seen.add(error.name)
        assert error.name in AREA_ERRORS, (name, error.name)
        assert user_error in error.interfaces, name
        code = _named(error.fields["code"].type)
        assert isinstance(code, GraphQLEnumType) and code.name == f"{error.name}Code", name
        assert all(value.description for value in code.values.values()), code.name
        assert str(error.fields["field"].type) == "[String!]", name

    assert seen == AREA_ERRORS


async def test_an_error_inside_a_nested_input_names_its_whole_path(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")

    body = await gql(
        client,
        """mutation($i: CreateVendorInput!) { createVendor(input: $i) {
          errors { __typename code field message } } }""",
        {
            "i": {
                "name": "Initech",
                "domain": "initech.example",
                "dataAccess": {"hostingRegions": ["US", "r" * 41]},
            }
        },
        token=acme.token,
    )

    [error] = body["data"]["createVendor"]["errors"]
    assert error["__typename"] == "VendorError"
    assert (error["code"], error["field"]) == ("INVALID", ["dataAccess", "hostingRegions", "1"])
    assert "40 characters" in error["message"]


def test_every_mutation_says_which_errors_it_returns_and_when():
    graphql_schema = schema._schema

    for name, field in graphql_schema.mutation_type.fields.items():
        codes = _named(_named(_named(field.type).fields["errors"].type).fields["code"].type)
        description = field.description or ""
        assert "Errors: " in description, name
        told = description.split("Errors: ", 1)[1]
        named = [code for code in codes.values if f"{code} (" in told]
        assert named, (name, told)
        assert "FORBIDDEN" in told, name
