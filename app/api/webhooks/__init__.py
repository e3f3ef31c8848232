"""GraphQL of webhooks: the tenant's endpoints, their delivery log, the events sent."""
