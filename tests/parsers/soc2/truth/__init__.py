"""Hand-written truth for the real reports in ../shared/soc2-samples/real/ (read, not generated)."""
