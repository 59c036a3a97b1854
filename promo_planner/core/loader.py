"""Reading guideline files: YAML text -> validated, resolved ``Guideline``.

Every problem of a file is reported at once, one ``FILE:LINE:COL: message`` line each, sorted by
position, and a file with any problem loads nothing (``InputError``). Three layers find them:

1. ``yamlio.read_yaml``: syntax, encoding, duplicate keys, refused tags, alias bombs;
2. pydantic (``GuidelineSpec``): keys, types, ranges, patterns;
3. ``semantic_problems``: cross references, cycles, level order.

Layers 2 and 3 speak in location paths; the marks ``read_yaml`` kept turn those into positions.
"""

from __future__ import annotations

import difflib
import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from promo_planner.core.errors import InputError
from promo_planner.core.files import decode_text, read_text
from promo_planner.core.guideline import (
    SCHEMA_ID,
    AreaSpec,
    CriterionSpec,
    DefaultsSpec,
    Guideline,
    GuidelineSpec,
    LevelSpec,
    PromotionSpec,
    semantic_problems,
)
from promo_planner.core.paths import GUIDELINES_ENV, extra_guideline_dirs, guideline_dirs
from promo_planner.core.yamlio import REJECTED, Loc, Mark, YamlDocument, loc_words, read_yaml

__all__ = [
    "bundled_guidelines",
    "load_guideline",
    "parse_guideline",
    "resolve_guideline",
]

_Problem = tuple[Mark, str]


def parse_guideline(text: str | bytes, filename: str) -> Guideline:
    """Validate a guideline file's content and resolve it; ``filename`` prefixes every message.

    Raises ``InputError`` with one ``FILE:LINE:COL: message`` line per problem (all of them,
    sorted by position). A ladder in a format ``guideline import`` converts (a published FT or
    Monzo file, a spreadsheet) is one line naming the command that converts it. The returned
    ladder keeps the exact text as ``source``.
    """
    if isinstance(text, bytes):
        text = decode_text(text, filename)
    try:
        return _parse(text, filename)
    except InputError:
        from promo_planner.core.importers.sniff import conversion_hint

        hint = conversion_hint(text, filename)
        if hint is not None:
            raise InputError(hint) from None
        raise


def _parse(text: str, filename: str) -> Guideline:
    doc = read_yaml(text)
    problems = list(doc.problems)
    if doc.fatal or not isinstance(doc.value, dict):
        # Nothing further can be checked without a readable mapping at the top.
        if not doc.fatal:
            problems.extend(_structure_problems(doc))
        raise InputError(_lines(filename, problems))
    spec = _validate(doc, problems)
    if spec is not None:
        for problem in semantic_problems(spec):
            mark = doc.use_mark_of(problem.loc) if problem.at_use else doc.mark_of(problem.loc)
            problems.append((mark, _at(problem.loc, problem.message)))
    if problems or spec is None:
        raise InputError(_lines(filename, problems))
    return Guideline.from_spec(spec, source=text)


MAX_LADDER_BYTES = 5_000_000
"""The largest ladder file read; real ones are tens of kilobytes, and YAML this size already
takes seconds to check."""


def load_guideline(path: str | Path) -> Guideline:
    """Read and validate the guideline file at ``path`` (messages name it as given).

    Only a regular file is read, and at most ``MAX_LADDER_BYTES``: a FIFO or a device is
    refused at once instead of hanging or reading forever.
    """
    return parse_guideline(read_text(path, limit=MAX_LADDER_BYTES), str(path))


def bundled_guidelines() -> list[tuple[Path, Guideline]]:
    """Every ladder that can be planned on by its id, sorted by id: the bundled ones and those
    in the user's folders (``$PROMO_PLANNER_GUIDELINES``), listed side by side.

    A user's ladder with the id of a bundled one (or of one in a later folder) is the one
    listed and used: the folders are looked at in ``guideline_dirs`` order. A file that does
    not load is reported like any other file (``InputError``), as is two files of one folder
    sharing an id, or a folder named in the variable that is not one.
    """
    chosen: dict[str, tuple[Path, Guideline]] = {}
    for folder in guideline_dirs():
        for path, guideline in _folder_ladders(folder):
            chosen.setdefault(guideline.id, (path, guideline))
    return sorted(chosen.values(), key=lambda item: item[1].id)


def _folder_ladders(folder: Path) -> list[tuple[Path, Guideline]]:
    """The ladders of one folder, sorted by id; InputError for a file that does not load, two
    files with one id, or a folder that is not there."""
    if not folder.is_dir():
        if folder in extra_guideline_dirs():
            raise InputError(f"{GUIDELINES_ENV}: {folder} is not a folder")
        raise InputError(f"{folder}: the bundled guidelines are missing; reinstall promo-planner")
    found = [(path, load_guideline(path)) for path in sorted(folder.glob("*.yaml"))]
    found.sort(key=lambda item: item[1].id)
    for (first, a), (second, b) in itertools.pairwise(found):
        if a.id == b.id:
            raise InputError(f"{second}: guideline id {b.id!r} is already used by {first}")
    return found


_ID_LIKE = re.compile(r"[a-z0-9][a-z0-9-]*")


def resolve_guideline(name_or_path: str) -> Guideline:
    """The ladder with this id (the user's folders first, then the bundled ones; see
    ``bundled_guidelines``), else the guideline file at that path."""
    path = Path(name_or_path).expanduser()
    if not _ID_LIKE.fullmatch(name_or_path):
        # Ids are [a-z0-9-]: a name that cannot be one (./mine.yaml) is a file, and reading
        # every ladder first would only cost time. Anything that exists is read as a file, so
        # a folder or a pipe gets its own message rather than "unknown guideline".
        if _exists(path):
            return load_guideline(path)
    else:
        for folder in guideline_dirs():
            guideline = _ladder_in(folder, name_or_path)
            if guideline is not None:
                return guideline
    if _exists(path):
        return load_guideline(path)
    known = ", ".join(g.id for _, g in bundled_guidelines()) or "none installed"
    raise InputError(
        f"unknown guideline {name_or_path!r}: not a bundled id ({known}) nor an existing file"
    )


def _ladder_in(folder: Path, ladder_id: str) -> Guideline | None:
    """The ladder of ``folder`` with this id, or None."""
    # Ladders are named after their ids: try that file first so one file is read, not all.
    candidate = folder / f"{ladder_id}.yaml"
    if candidate.is_file():
        guideline = load_guideline(candidate)
        if guideline.id == ladder_id:
            return guideline
    for _, guideline in _folder_ladders(folder):
        if guideline.id == ladder_id:
            return guideline
    return None


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:  # a name too long for the file system, say
        return False


# --------------------------------------------------------------------------- reading


def _structure_problems(doc: YamlDocument) -> list[_Problem]:
    """An empty file or a top level that is not a mapping: nothing else can be checked."""
    if doc.value is None:
        return [
            (
                (1, 1),
                f"the file is empty: a guideline is a mapping that starts with "
                f"'schema: {SCHEMA_ID}'",
            )
        ]
    if doc.value is REJECTED:
        return []
    return [
        (
            doc.mark_of(()),
            f"a guideline must be a mapping (schema, id, name, levels, ...), "
            f"not {_describe(doc.value)}",
        )
    ]


def _validate(doc: YamlDocument, problems: list[_Problem]) -> GuidelineSpec | None:
    try:
        return GuidelineSpec.model_validate(doc.value)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if any(loc[: len(r)] == r for r in doc.rejected):
                continue  # already reported as a refused tag or unreadable scalar
            problems.append(_pydantic_problem(doc, loc, error))
        return None


def _lines(filename: str, problems: list[_Problem]) -> list[str]:
    unique = sorted(set(problems))
    return [f"{filename}:{line}:{col}: {message}" for (line, col), message in unique]


def _at(loc: Loc, message: str) -> str:
    where = loc_words(loc)
    return f"{where}: {message}" if where else message


# --------------------------------------------------------------------------- pydantic, in words

_MODEL_AT: dict[str, type[BaseModel]] = {
    "promotion": PromotionSpec,
    "defaults": DefaultsSpec,
    "levels": LevelSpec,
    "areas": AreaSpec,
    "criteria": CriterionSpec,
}

_PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and '-', starting with a letter or digit",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": (
        "letters, digits, '.', '_' and '-', starting with a letter or digit"
    ),
}

_TYPE_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "decimal_type": "must be a number",
    "decimal_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "dict_type": "must be a mapping of keys to values",
}


def _model_for(parent: Loc) -> type[BaseModel] | None:
    if not parent:
        return GuidelineSpec
    head = parent[0]
    if not isinstance(head, str):
        return None
    if len(parent) == 1 and head in ("promotion", "defaults"):
        return _MODEL_AT[head]
    if len(parent) == 2 and head in ("levels", "areas", "criteria"):
        return _MODEL_AT[head]
    return None


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _pydantic_problem(doc: YamlDocument, loc: Loc, error: ErrorDetails) -> _Problem:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        parent = loc[:-1]
        where = f" in {loc_words(parent)}" if parent else ""
        return doc.mark_of(parent), f"missing required key {loc[-1]!r}{where}"
    if kind == "extra_forbidden":
        parent, key = loc[:-1], str(loc[-1])
        where = f"in {loc_words(parent)}" if parent else "at the top level"
        message = f"unknown key {key!r} {where}"
        model = _model_for(parent)
        if model is not None:
            close = difflib.get_close_matches(key, _known_keys(model), n=1, cutoff=0.7)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        return doc.key_mark_of(loc), message
    return doc.mark_of(loc), _at(loc, _human(kind, error["msg"], ctx, value))


def _human(kind: str, msg: str, ctx: dict[str, Any], value: Any) -> str:
    got = f" (got {_describe(value)})"
    if kind in _TYPE_WORDS:
        if kind == "string_type" and isinstance(value, int | float | bool):
            # YAML read `title: 2026` or `title: yes` as a number or boolean, not as text.
            return f"must be text (got {_describe(value)}; put it in quotes)"
        return _TYPE_WORDS[kind] + got
    if kind == "text_characters":
        return msg  # never echo the value: it holds the very characters refused
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"must be {_PATTERN_WORDS.get(pattern, f'text matching {pattern}')}{got}"
    if kind == "literal_error":
        return f"must be exactly {ctx.get('expected', '')}{got}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}{got}"
    if kind == "greater_than_equal":
        bound = ctx.get("ge")
        zero = bound is not None and Decimal(str(bound)) == 0
        return ("must not be negative" if zero else f"must be at least {bound}") + got
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}{got}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}{got}"
    if kind == "too_short":
        if ctx.get("min_length") == 1:
            return "must have at least one entry"
        return f"must have at least {ctx.get('min_length')} entries"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} entries"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    text = msg.removeprefix("Value error, ")
    if text.startswith("Input should be "):
        text = "must be " + text.removeprefix("Input should be ")
    return text[:1].lower() + text[1:] + got


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, int | float | Decimal):
        return str(value)
    return f"a {type(value).__name__}"
