"""The tenant's own house in the API: its systems in scope, its controls, the criteria."""
