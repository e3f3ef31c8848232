"""Fixtures of the front-end contract tests."""

import pytest

from tests.contract.frontend import FRONTEND, install_node_packages
from tests.contract.schema_history import DANGEROUS


@pytest.fixture(scope="session")
def node_packages():
    """frontend-contract/node_modules as package-lock.json pins it, installed once per run."""
    install_node_packages()
    return FRONTEND


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    dangerous = config.stash.get(DANGEROUS, [])
    if dangerous:
        terminalreporter.section("GraphQL schema: dangerous changes (reported, not failed)")
        for line in dangerous:
            terminalreporter.write_line(line)
