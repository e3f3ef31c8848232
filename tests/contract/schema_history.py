"""The schema as it was on main, read from git, and what changed since (graphql-core's
find_breaking_changes and find_dangerous_changes), one line per change."""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from graphql import build_schema
from graphql.utilities import find_breaking_changes, find_dangerous_changes

SCHEMA = "graphql/schema.graphql"
ACCEPTED_BREAKS = "graphql/accepted-breaks.txt"
MAIN = ("refs/heads/main", "refs/remotes/origin/main")

# Dangerous changes found by this run, for the terminal summary (tests/contract/conftest.py).
DANGEROUS = pytest.StashKey[list[str]]()


class HistoryUnavailable(Exception):
    """The baseline cannot be found: no git, no repository, no main, or too little history."""


@dataclass(frozen=True)
class Baseline:
    commit: str
    why: str  # "the merge base of HEAD and main", ...

    def describe(self) -> str:
        return f"{self.commit[:12]}, {self.why}"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None:
        raise HistoryUnavailable("git is not installed: the schema's history cannot be read.")
    # the repository at `root`, whatever a calling git hook may have set
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(
        [git, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def _commit(root: Path, revision: str) -> str | None:
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    return found.stdout.strip() if found.returncode == 0 else None


def baseline(root: Path) -> Baseline | None:
    """The commit whose schema HEAD's is compared with: where HEAD left main (their merge
    base) on any other commit, HEAD's parent on main's tip, so that on main each commit is
    checked against the one before it. None for main's very first commit."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise HistoryUnavailable(f"{root} is not a git checkout: {inside.stderr.strip()}")
    shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    fix = " It is a shallow clone: `git fetch --unshallow` brings the history." if shallow else ""
    head = _commit(root, "HEAD")
    main = next((c for c in (_commit(root, ref) for ref in MAIN) if c), None)
    if head is None or main is None:
        raise HistoryUnavailable(
            "No branch main (nor origin/main) to compare the schema with: "
            "`git fetch origin main:main` brings it."
        )
    if head == main:
        parent = _commit(root, "HEAD^")
        if parent is None:
            if shallow:
                raise HistoryUnavailable("HEAD's parent is not in this clone." + fix)
            return None  # the first commit: no schema before it
        return Baseline(parent, "the parent of HEAD, main's tip")
    merge_base = _git(root, "merge-base", "HEAD", main)
    if merge_base.returncode != 0:
        raise HistoryUnavailable("HEAD and main have no common commit in this clone." + fix)
    return Baseline(merge_base.stdout.strip(), "the merge base of HEAD and main")


def schema_at(root: Path, commit: str) -> str | None:
    """graphql/schema.graphql as it was at `commit`; None where it did not exist yet."""
    if _git(root, "cat-file", "-e", f"{commit}:{SCHEMA}").returncode != 0:
        return None
    shown = _git(root, "show", f"{commit}:{SCHEMA}")
    if shown.returncode != 0:
        raise HistoryUnavailable(f"git show {commit}:{SCHEMA} failed: {shown.stderr.strip()}")
    return shown.stdout


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(breaking, dangerous) changes from one SDL to the other, each `TYPE description`."""
    old, new = build_schema(before), build_schema(after)
    breaking = sorted(f"{c.type.name} {c.description}" for c in find_breaking_changes(old, new))
    dangerous = sorted(f"{c.type.name} {c.description}" for c in find_dangerous_changes(old, new))
    return breaking, dangerous


def accepted_breaks(path: Path) -> set[str]:
    """The lines of the accepted-breaks file, comments and blank lines aside."""
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text().splitlines())
    return {line for line in lines if line and not line.startswith("#")}
