"""Due diligence the tenant answers for its own customers, in the API."""
