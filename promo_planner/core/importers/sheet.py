"""A spreadsheet (CSV export) with one row per criterion, as a guideline.

Most companies keep their ladder in a sheet. Export it as CSV (comma, semicolon or tab
separated, UTF-8) with a header row; the columns are matched by name, case-insensitively, with
the synonyms people use (``sheet_columns.COLUMNS``):

* required: **level**, **area**, **title**;
* optional: description, examples, id, weight, evidence_required, effort_weeks, requires,
  supersedes, needs_opportunity.

How it maps:

* Levels come in the order of ``--levels`` when given, else in the order they first appear in
  the sheet, each after the one before (one track). A level written as an id (``L4``, ``E5``)
  keeps it; any other (``Senior Engineer``) gets a slug id and keeps its text as the title.
* Areas come in the order they first appear; their ids are slugs of their names.
* A row without an id gets a readable ``area.first-words`` id (``ids.py``).
* ``requires`` and ``supersedes`` name other rows by id or by title, separated by ``;`` or line
  breaks.
* Cells are text, never formulas: ``=HYPERLINK("https://...", "doc")`` stays exactly that.

Bad input is reported as ``FILE:LINE:COL`` where LINE is the line the row starts on (a quoted
cell may span several lines) and COL the cell's column, 1-based, as a spreadsheet counts them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from promo_planner.core.errors import InputError
from promo_planner.core.guideline_checks import find_cycle
from promo_planner.core.importers import sheet_columns
from promo_planner.core.importers.emit import ImportedLadder, ImportOptions
from promo_planner.core.importers.ids import Named
from promo_planner.core.importers.text import bad_character, basename, slug
from promo_planner.core.input_rules import character_problem

SOURCE_LABEL = "spreadsheet (CSV, one row per criterion)"

MAX_ROWS = 10_000
"""Most criteria accepted; a real ladder has a few hundred."""

_ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_YES = {"yes", "y", "true", "1", "x", "✓", "✔"}
_NO = {"no", "n", "false", "0", ""}


@dataclass
class _Row:
    line: int
    cells: list[str]
    key: str = ""
    own_id: bool = False
    """The sheet gave this row its id (kept as it is)."""
    level: str = ""
    area: str = ""
    title: str = ""
    refs: dict[str, list[str]] = field(default_factory=dict)


class _Sheet:
    """The rows of one CSV text, with errors that name the file, the row's line and the cell."""

    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self.text = text

    def error(self, line: int, column: int, message: str) -> InputError:
        return InputError(f"{self.filename}:{line}:{column}: {message}")

    def rows(self, separator: str) -> Iterator[tuple[int, list[str]]]:
        """(first physical line, cells) of every row that is not blank."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=separator, strict=True)
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self.error(start, 1, _csv_problem(str(exc))) from None
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1


def _csv_problem(message: str) -> str:
    if "unexpected end of data" in message:
        return "a quoted cell opened in this row is never closed (a missing '\"')"
    if "expected after" in message:
        return "a '\"' in the middle of a cell; a quoted cell must be quoted whole"
    if "field larger" in message:
        return "a cell in this row is too long"
    return f"not a readable CSV row ({message})"


def convert(text: str, filename: str, options: ImportOptions | None = None) -> ImportedLadder:
    """Convert a CSV sheet (one row per criterion); InputError (FILE:LINE:COL) if it cannot be."""
    options = options or ImportOptions()
    text = text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with one
    sheet = _Sheet(text, filename)
    separator = "\t" if filename.lower().endswith(".tsv") else sheet_columns.separator(text)
    rows = sheet.rows(separator)
    first = next(rows, None)
    if first is None:
        raise sheet.error(1, 1, "the sheet is empty: it needs a header row and a row per criterion")
    header_line, header = first
    columns = sheet_columns.columns(filename, header_line, header)
    body = _read_rows(sheet, rows, columns, len(header))
    if not body:
        raise sheet.error(header_line, 1, "the sheet has a header but no criteria rows")
    levels = _levels(sheet, body, columns["level"], options.levels)
    level_ids = {value: level["id"] for value, level in levels.items()}
    areas: dict[str, dict[str, object]] = {}
    for row in body:
        area_id = slug(row.area, limit=60)
        if not area_id:
            raise sheet.error(
                row.line, columns["area"] + 1, f"area {row.area!r} has no letters or digits"
            )
        areas.setdefault(area_id, {"id": area_id, "name": row.area})
        row.area = area_id
        row.level = str(level_ids[row.level])
    _resolve_refs(sheet, body, columns, [str(lv["id"]) for lv in levels.values()])
    criteria = [_criterion(sheet, row, columns) for row in body]
    stem = basename(filename).rsplit(".", 1)[0]
    document: dict[str, object] = {
        "schema": "promo-planner/guideline/v1",
        "id": slug(stem) or "ladder",
        "name": " ".join(re.split(r"[\s_-]+", stem)).strip().capitalize() or "Ladder",
        "levels": list(levels.values()),
        "areas": list(areas.values()),
        "criteria": criteria,
    }
    names = {row.key: Named(row.area, row.level, row.title) for row in body if not row.own_id}
    header_lines = [
        f"Imported by promo-planner from {basename(filename)} ({SOURCE_LABEL}).",
        "Set the promotion policy (readiness_threshold, area_floor, evidence_window_months,",
        "lead_weeks) and the defaults for your organisation: see the README's guideline section.",
    ]
    return ImportedLadder(document=document, header=header_lines, names=names)


def _read_rows(
    sheet: _Sheet, rows: Iterator[tuple[int, list[str]]], columns: dict[str, int], width: int
) -> list[_Row]:
    out: list[_Row] = []
    for line, cells in rows:
        if len(out) >= MAX_ROWS:
            raise sheet.error(line, 1, f"more than {MAX_ROWS} criteria rows; not a ladder")
        extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
        if extra is not None:
            raise sheet.error(
                line, extra + 1, f"a cell beyond the last named column ({width} columns)"
            )
        cells = [*cells, *[""] * (width - len(cells))]
        for role, i in columns.items():
            multiline = role in ("description", "examples", "requires", "supersedes")
            problem = character_problem(cells[i], multiline=True)
            if problem is None and not multiline:
                cells[i] = " ".join(cells[i].split())  # a line break typed in a title cell
            elif problem is not None:
                found = bad_character(cells[i], multiline=True)
                where = f" (line {found[0]} of the cell)" if found and found[0] > 1 else ""
                raise sheet.error(line, i + 1, f"{_name(role)}: {problem}{where}")
        row = _Row(line, cells, key=f"row-{line}")
        for role in ("level", "area", "title"):
            value = cells[columns[role]].strip()
            if not value:
                raise sheet.error(
                    line, columns[role] + 1, f"{_name(role)}: empty; every row needs one"
                )
            setattr(row, role, value)
        if "id" in columns and cells[columns["id"]].strip():
            row.key = cells[columns["id"]].strip()
            row.own_id = True
            if not _ITEM_ID.match(row.key) or len(row.key) > 200:
                raise sheet.error(
                    line,
                    columns["id"] + 1,
                    f"id {row.key!r} is not usable (letters, digits, '.', '_', '-')",
                )
            twin = next((r for r in out if r.key == row.key), None)
            if twin is not None:
                raise sheet.error(
                    line, columns["id"] + 1, f"id {row.key!r} is already the id of line {twin.line}"
                )
        out.append(row)
    return out


def _name(role: str) -> str:
    return role.replace("_", " ")


def _levels(
    sheet: _Sheet, rows: list[_Row], column: int, order: Sequence[str] | None
) -> dict[str, dict[str, object]]:
    """Level value as written -> the level entry, lowest first."""
    # One level however it is capitalised or spaced: the first spelling names it.
    spelling: dict[str, str] = {}
    for row in rows:
        row.level = spelling.setdefault(" ".join(row.level.casefold().split()), row.level)
    written = list(spelling.values())
    if order is not None:
        wanted = [name.strip() for name in order if name.strip()]
        lookup = {name.casefold(): name for name in wanted}
        if len(lookup) != len(wanted):
            raise InputError("--levels: a level is listed twice")
        for row in rows:
            name = lookup.get(row.level.casefold())
            if name is None:
                raise sheet.error(
                    row.line,
                    column + 1,
                    f"level {row.level!r} is not one of --levels ({', '.join(wanted)})",
                )
            row.level = name
        written = wanted
    out: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    previous: str | None = None
    for value in written:
        level_id = value if _ITEM_ID.match(value) and len(value) <= 60 else slug(value)
        if not level_id or level_id in seen:
            row = next((r for r in rows if r.level == value), rows[0])
            raise sheet.error(
                row.line, column + 1, f"level {value!r} cannot be told apart as an id"
            )
        seen.add(level_id)
        level: dict[str, object] = {"id": level_id, "title": value}
        if previous is not None:
            level["after"] = previous
        out[value] = level
        previous = level_id
    return out


def _resolve_refs(
    sheet: _Sheet, rows: list[_Row], columns: dict[str, int], level_order: list[str]
) -> None:
    """``requires`` / ``supersedes`` cells -> row keys, each checked where it is written."""
    by_key = {row.key: row for row in rows}
    by_title: dict[str, list[_Row]] = {}
    for row in rows:
        by_title.setdefault(" ".join(row.title.casefold().split()), []).append(row)
    rank = {level: i for i, level in enumerate(level_order)}
    for role in ("requires", "supersedes"):
        if role not in columns:
            continue
        column = columns[role] + 1
        for row in rows:
            refs: list[str] = []
            for name in (p.strip() for p in re.split(r"[;\n]", row.cells[columns[role]])):
                if not name:
                    continue
                other = by_key.get(name)
                if other is None:
                    matches = by_title.get(" ".join(name.casefold().split()), [])
                    if len(matches) > 1:
                        lines = ", ".join(str(m.line) for m in matches)
                        raise sheet.error(
                            row.line,
                            column,
                            f"{role}: {name!r} is the title of lines {lines}; "
                            "give an id column and name it by id",
                        )
                    other = matches[0] if matches else None
                if other is None:
                    raise sheet.error(
                        row.line, column, f"{role}: no row has the id or title {name!r}"
                    )
                if other is row:
                    raise sheet.error(row.line, column, f"{role}: a criterion cannot name itself")
                if rank[other.level] > rank[row.level]:
                    raise sheet.error(
                        row.line,
                        column,
                        f"{role}: {name!r} is at level {other.level}, above this row's {row.level}",
                    )
                refs.append(other.key)
            row.refs[role] = refs
        if role == "supersedes" and "requires" in columns:
            for row in rows:
                both = set(row.refs.get("requires", [])) & set(row.refs[role])
                if both:
                    name = by_key[min(both)].title
                    raise sheet.error(
                        row.line, column, f"supersedes: {name!r}, which this row also requires"
                    )
        cycle = find_cycle({row.key: row.refs[role] for row in rows})
        if cycle:
            first = by_key[cycle[0]]
            path = " -> ".join(f"line {by_key[key].line}" for key in cycle)
            raise sheet.error(first.line, column, f"{role}: a cycle ({path})")


def _criterion(sheet: _Sheet, row: _Row, columns: dict[str, int]) -> dict[str, object]:
    criterion: dict[str, object] = {
        "id": row.key,
        "area": row.area,
        "level": row.level,
        "title": row.title,
    }

    def cell(role: str) -> str:
        return row.cells[columns[role]].strip() if role in columns else ""

    if cell("description"):
        criterion["description"] = cell("description")
    examples = [e.strip() for e in re.split(r"\n", cell("examples")) if e.strip()]
    if examples:
        criterion["examples"] = examples
    if cell("evidence_required"):
        criterion["evidence_required"] = _number(sheet, row, columns, "evidence_required")
    if cell("effort_weeks"):
        criterion["effort_weeks"] = _number(sheet, row, columns, "effort_weeks")
    if cell("weight"):
        criterion["weight"] = _number(sheet, row, columns, "weight")
    for role in ("requires", "supersedes"):
        if row.refs.get(role):
            criterion[role] = row.refs[role]
    if "needs_opportunity" in columns:
        answer = cell("needs_opportunity").casefold()
        if answer not in _YES | _NO:
            raise sheet.error(
                row.line,
                columns["needs_opportunity"] + 1,
                f"needs opportunity: {cell('needs_opportunity')!r} is not yes or no",
            )
        if answer in _YES:
            criterion["needs_opportunity"] = True
    return criterion


def _number(sheet: _Sheet, row: _Row, columns: dict[str, int], role: str) -> int | float:
    text = row.cells[columns[role]].strip()
    where = (row.line, columns[role] + 1)
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise sheet.error(*where, f"{_name(role)}: {text!r} is not a number (like 2 or 1.5)")
    if role == "evidence_required":
        if value != value.to_integral_value() or not 1 <= value <= 1000:
            raise sheet.error(
                *where, f"{_name(role)}: {text!r} must be a whole number from 1 to 1000"
            )
        return int(value)
    low_ok = value > 0 if role == "weight" else value >= 0
    high = 1000 if role == "weight" else 520
    if not low_ok or value > high:
        bound = "above 0" if role == "weight" else "0 or more"
        raise sheet.error(*where, f"{_name(role)}: {text!r} must be {bound} and at most {high}")
    return int(value) if value == value.to_integral_value() else float(value)
