"""A corpus of broken guideline files, each reported at the exact line and column.

Every file in ``invalid_guidelines/`` starts with one ``# expect: LINE:COL: fragment`` comment
per problem the loader must report. The test demands exactly those positions, in order, each
message containing its fragment, and nothing else: a missing, extra or misplaced report fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promo_planner.core.errors import InputError
from promo_planner.core.loader import load_guideline

CORPUS = Path(__file__).parent / "invalid_guidelines"
FILES = sorted(CORPUS.glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.+)$")


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = []
    for raw in path.read_bytes().splitlines():
        match = EXPECT.match(raw)
        if match is None:
            break
        found.append((int(match[1]), int(match[2]), match[3].decode()))
    return found


def test_the_corpus_is_large_enough_and_every_file_states_its_expectation() -> None:
    assert len(FILES) >= 25
    for path in FILES:
        assert expectations(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_invalid_guideline_is_reported_where_it_is_wrong(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # so a tag that ran a command would leave its file here
    with pytest.raises(InputError) as caught:
        load_guideline(path)
    reported = []
    for line in caught.value.lines:
        prefix = f"{path}:"
        assert line.startswith(prefix), line
        where_line, where_col, message = line[len(prefix) :].split(":", 2)
        assert "\n" not in line and "Traceback" not in line
        reported.append((int(where_line), int(where_col), message.strip()))
    expected = expectations(path)
    assert [(r[0], r[1]) for r in reported] == [(e[0], e[1]) for e in expected], reported
    for (_, _, message), (_, _, fragment) in zip(reported, expected, strict=True):
        assert fragment in message
    assert list(tmp_path.iterdir()) == []
