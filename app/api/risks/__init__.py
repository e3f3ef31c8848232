"""The risk register in the API."""
