"""``promo-planner --version``: the version, the portfolio schema version and the data folder,
for the portfolio the command line names (a bug report's first lines)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from promo_planner import __version__
from promo_planner.cli import main
from promo_planner.core.schema import SCHEMA_VERSION


def version(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main([*argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines()


def test_names_the_version_the_schema_and_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "work" / "portfolio.db"
    assert version(capsys, "--data", str(data), "--version") == [
        f"promo-planner {__version__}",
        f"portfolio schema version {SCHEMA_VERSION}",
        f"data folder {tmp_path / 'work'} (portfolio.db, not created yet)",
    ]
    assert not data.parent.exists()  # asking creates nothing


def test_data_given_after_it_or_in_the_environment_counts_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "mine.db"
    data.write_bytes(b"")
    assert (
        version(capsys, "--version", "--data", str(data))[2] == f"data folder {tmp_path} (mine.db)"
    )
    monkeypatch.chdir(tmp_path)
    assert (
        version(capsys, "--version", "--data", "mine.db")[2] == f"data folder {tmp_path} (mine.db)"
    )
    monkeypatch.setenv("PROMO_PLANNER_DATA", str(tmp_path / "env.db"))
    assert version(capsys, "--version")[2] == (f"data folder {tmp_path} (env.db, not created yet)")


def test_the_default_is_the_user_data_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROMO_PLANNER_DATA", raising=False)
    folder = platformdirs.user_data_dir("promo-planner", appauthor=False)
    assert version(capsys, "--version")[2].startswith(f"data folder {folder} (portfolio.db")
