"""The respondent API: a small GraphQL schema of its own at /respond/graphql, where a vendor
answers one questionnaire through its respondent link, no account needed."""
