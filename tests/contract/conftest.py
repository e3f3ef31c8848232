"""Fixtures of the front-end contract tests."""

import pytest

from tests.contract.frontend import FRONTEND, install_node_packages


@pytest.fixture(scope="session")
def node_packages():
    """frontend-contract/node_modules as package-lock.json pins it, installed once per run."""
    install_node_packages()
    return FRONTEND
