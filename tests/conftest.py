"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LADDERS = SHARED / "ladders"
GUIDELINES = ROOT / "guidelines"


@pytest.fixture
def shared_ladders() -> Path:
    """``../shared/ladders`` (the published FT and Monzo ladders), or skip when it is absent."""
    if not LADDERS.is_dir():
        pytest.skip(f"{LADDERS} is absent: the published ladders live in ../shared beside the repo")
    return LADDERS
