"""The bundled ladders load, pass ``guideline check`` and validate against ``guideline schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from promo_planner.cli import main
from promo_planner.core.guideline import json_schema
from promo_planner.core.loader import bundled_guidelines, load_guideline
from promo_planner.core.paths import bundled_guidelines_dir

BUNDLED = sorted(bundled_guidelines_dir().glob("*.yaml"))


def test_there_are_at_least_two_bundled_ladders() -> None:
    assert len(BUNDLED) >= 2, [p.name for p in BUNDLED]
    ids = [g.id for _, g in bundled_guidelines()]
    assert "software-engineer" in ids
    assert ids == sorted(ids)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_ladder_loads_and_is_named_after_its_id(path: Path) -> None:
    guideline = load_guideline(path)
    assert guideline.id == path.stem
    assert guideline.source == path.read_text(encoding="utf-8")
    assert guideline.criteria
    assert all(guideline.required(lv.id) for lv in guideline.levels)


def test_bundled_ladders_pass_guideline_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["guideline", "check", *map(str, BUNDLED)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{p}: ok" for p in BUNDLED]
    assert err == ""


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_from_cli(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["guideline", "schema"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_the_printed_schema_is_a_valid_draft_2020_12_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    schema = schema_from_cli(capsys)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json_schema()


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_ladder_validates_against_the_schema(
    path: Path, validator: Draft202012Validator
) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_schema_rejects_what_the_loader_rejects(validator: Draft202012Validator) -> None:
    data = yaml.safe_load(BUNDLED[0].read_text(encoding="utf-8"))
    data["criteria"][0]["wieght"] = 2
    assert not validator.is_valid(data)
    del data["criteria"][0]["wieght"]
    data["schema"] = "promo-planner/guideline/v2"
    assert not validator.is_valid(data)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("criterion", "weight", "2"),  # a quoted number: guideline check refuses it too
        ("criterion", "weight", 0),  # weight must be > 0
        ("criterion", "effort_weeks", -1),
        ("promotion", "readiness_threshold", 101),
        ("promotion", "readiness_threshold", "90"),
    ],
)
def test_the_schema_bounds_and_types_numbers_as_the_loader_does(
    validator: Draft202012Validator, where: str, key: str, value: object
) -> None:
    data = yaml.safe_load(BUNDLED[0].read_text(encoding="utf-8"))
    target = data["criteria"][0] if where == "criterion" else data.setdefault("promotion", {})
    target[key] = value
    assert not validator.is_valid(data)


def test_the_readme_guideline_example_passes_check() -> None:
    import re

    from promo_planner.core.loader import parse_guideline

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    guideline = parse_guideline(example, "README.md")
    assert guideline.promotion.area_floor == 50
    assert guideline.resolve_criterion("design.multi-team").id == "design.cross-team"
