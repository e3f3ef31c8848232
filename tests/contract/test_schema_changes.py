"""graphql/schema.graphql breaks nothing a front end relies on, compared with the schema on
main (tests/contract/schema_history.py says which commit), unless the break is listed in
graphql/accepted-breaks.txt. Dangerous changes are reported at the end of the run, not failed."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.contract.schema_history import (
    ACCEPTED_BREAKS,
    DANGEROUS,
    SCHEMA,
    HistoryUnavailable,
    accepted_breaks,
    baseline,
    changes,
    schema_at,
)

ROOT = Path(__file__).resolve().parents[2]


def unaccepted_breaks(root: Path) -> tuple[str, list[str], list[str]]:
    """(the baseline, breaks not accepted, dangerous changes) of the schema in `root`."""
    base = baseline(root)
    before = schema_at(root, base.commit) if base else None
    if base is None or before is None:
        return "nothing", [], []  # no schema before this one: nothing to break
    breaking, dangerous = changes(before, (root / SCHEMA).read_text())
    accepted = accepted_breaks(root / ACCEPTED_BREAKS)
    return base.describe(), [b for b in breaking if b not in accepted], dangerous


def test_the_schema_breaks_nothing_that_was_not_accepted(request):
    try:
        compared_with, breaks, dangerous = unaccepted_breaks(ROOT)
    except HistoryUnavailable as missing:
        pytest.fail(f"The schema's breaking-change check needs the git history: {missing}")

    if dangerous:
        request.config.stash[DANGEROUS] = [f"against {compared_with}:", *dangerous]
    assert breaks == [], (
        f"{SCHEMA} breaks the API against {compared_with}. A front end using what changed "
        f"fails. If every client has moved on, accept the break by adding these lines to "
        f"{ACCEPTED_BREAKS}:\n" + "\n".join(breaks)
    )


# The check itself, on schemas and repositories made here.

BEFORE = """
type Query { vendor(id: ID!): Vendor, vendors: [Vendor!]! }
type Vendor { id: ID!, name: String!, tier: Tier }
enum Tier { LOW HIGH }
"""
AFTER = """
type Query { vendor(id: ID!): Vendor, vendors: [Vendor!]! }
type Vendor { id: ID!, tier: Tier }
enum Tier { LOW MEDIUM HIGH }
"""


def test_a_removed_field_is_a_break_and_a_new_enum_value_is_dangerous():
    breaking, dangerous = changes(BEFORE, AFTER)

    assert breaking == ["FIELD_REMOVED Field Vendor.name was removed."]
    assert dangerous == ["VALUE_ADDED_TO_ENUM Enum value Tier.MEDIUM was added."]


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    done = subprocess.run(
        ["git", *identity, "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def commit_schema(repo: Path, sdl: str, message: str) -> str:
    (repo / "graphql").mkdir(exist_ok=True)
    (repo / SCHEMA).write_text(sdl)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path) -> Path:
    """main: a schema, then the same schema again; nothing yet removed."""
    root = tmp_path / "origin"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit_schema(root, BEFORE, "first")
    commit_schema(root, BEFORE + "\n", "second")
    return root


def test_on_a_branch_the_schema_is_compared_with_where_it_left_main(repo):
    left_main = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    commit_schema(repo, AFTER, "feature drops Vendor.name")
    git(repo, "checkout", "-q", "main")
    commit_schema(repo, BEFORE + "\n\n", "main moves on")
    git(repo, "checkout", "-q", "feature")

    assert baseline(repo).commit == left_main
    compared_with, breaks, _ = unaccepted_breaks(repo)
    assert compared_with == f"{left_main[:12]}, the merge base of HEAD and main"
    assert breaks == ["FIELD_REMOVED Field Vendor.name was removed."]


def test_on_main_each_commit_is_compared_with_the_one_before(repo):
    before = git(repo, "rev-parse", "HEAD")
    commit_schema(repo, AFTER, "main drops Vendor.name")

    assert baseline(repo).commit == before
    assert unaccepted_breaks(repo)[1] == ["FIELD_REMOVED Field Vendor.name was removed."]


def test_an_accepted_break_passes_and_another_still_fails(repo):
    commit_schema(repo, AFTER.replace("id: ID!, tier", "tier"), "drops Vendor.name and .id")
    (repo / ACCEPTED_BREAKS).write_text(
        "# intended\n\nFIELD_REMOVED Field Vendor.name was removed.\n"
    )

    assert unaccepted_breaks(repo)[1] == ["FIELD_REMOVED Field Vendor.id was removed."]


def test_a_fresh_clone_of_main_has_what_the_check_needs(repo, tmp_path):
    commit_schema(repo, AFTER, "main drops Vendor.name")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))

    assert baseline(clone).commit == git(repo, "rev-parse", "HEAD^")
    assert unaccepted_breaks(clone)[1] == ["FIELD_REMOVED Field Vendor.name was removed."]


def test_a_shallow_clone_fails_and_says_how_to_get_the_history(repo, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))

    with pytest.raises(HistoryUnavailable, match="git fetch --unshallow"):
        baseline(clone)


def test_a_clone_without_main_fails_and_says_so(repo, tmp_path):
    git(repo, "branch", "-q", "-m", "main", "trunk")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))

    with pytest.raises(HistoryUnavailable, match="No branch main"):
        baseline(clone)


def test_outside_a_git_checkout_it_fails_and_says_so(tmp_path):
    with pytest.raises(HistoryUnavailable, match="not a git checkout"):
        baseline(tmp_path)


def test_the_first_commit_and_a_schema_new_since_the_baseline_have_nothing_to_break(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    commit_schema(tmp_path, AFTER, "first")
    assert unaccepted_breaks(tmp_path)[1] == []

    (tmp_path / "README").write_text("no schema yet")
    git(tmp_path, "rm", "-q", "-r", "graphql")
    git(tmp_path, "commit", "-q", "-m", "no schema")
    commit_schema(tmp_path, AFTER, "schema again")
    assert schema_at(tmp_path, git(tmp_path, "rev-parse", "HEAD^")) is None
    assert unaccepted_breaks(tmp_path)[1] == []
