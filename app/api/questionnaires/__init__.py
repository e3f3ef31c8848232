"""GraphQL of security questionnaires: templates (versioned), and the questionnaires sent."""
