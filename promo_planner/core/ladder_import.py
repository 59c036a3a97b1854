"""``guideline import``: a published ladder or a sheet converted, given readable ids, written as
guideline YAML and read back through the guideline loader (so an import never writes a file
``guideline check`` would refuse).

Above both the loader and the converters in ``importers/``: the loader names the import
command when it meets a raw published ladder, and this module validates what the converters
write with the loader, without either package importing the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from promo_planner.core.errors import InputError
from promo_planner.core.files import decode_text
from promo_planner.core.importers import IMPORTERS
from promo_planner.core.importers.emit import ImportedLadder, ImportOptions, render
from promo_planner.core.importers.ids import assign_ids
from promo_planner.core.ladder import Guideline
from promo_planner.core.loader import parse_guideline


def import_guideline(
    fmt: str,
    text: str | bytes,
    filename: str,
    *,
    levels: Sequence[str] | None = None,
    previous: Guideline | None = None,
) -> tuple[str, Guideline]:
    """Convert ``text`` (a file in format ``fmt``) into guideline YAML and the ladder it holds.

    ``filename`` is how errors name the input. ``levels`` orders a sheet's levels (``csv``
    only). ``previous`` is an earlier import of the same ladder: its criteria keep their ids
    (see ``ids.py``). Raises InputError for an unknown format, input that is not that format,
    or a ladder that cannot be expressed as a valid guideline.
    """
    importer = IMPORTERS.get(fmt)
    if importer is None:
        known = ", ".join(sorted(IMPORTERS))
        raise InputError(f"--from: unknown format {fmt!r} (known: {known})")
    if levels is not None and fmt != "csv":
        raise InputError("--levels: only a spreadsheet (--from csv) takes a level order")
    if isinstance(text, bytes):
        text = decode_text(text, filename)
    ladder = importer.convert(text, filename, ImportOptions(levels=levels))
    if previous is not None and fmt == "csv":
        # A sheet's ladder is named after its file, which a new export often renames
        # (ladder-2027.csv): the earlier import says which ladder this is.
        document = {**ladder.document, "id": previous.id, "name": previous.name}
        ladder = ImportedLadder(document=document, header=ladder.header, names=ladder.names)
    if previous is not None and previous.id != ladder.document["id"]:
        raise InputError(
            f"--previous: that file is the ladder {previous.id!r}, this import is "
            f"{ladder.document['id']!r}; give an earlier import of the same ladder"
        )
    output = render(_named(ladder, previous))
    return output, _validated(output, filename)


def import_ladder(fmt: str, text: str | bytes, filename: str) -> str:
    """The guideline YAML text converted from ``text`` in format ``fmt`` (see import_guideline)."""
    return import_guideline(fmt, text, filename)[0]


def _named(ladder: ImportedLadder, previous: Guideline | None) -> ImportedLadder:
    """The ladder with readable ids: each criterion's source key becomes an alias, and
    ``requires`` and ``supersedes`` follow the renaming."""
    document = dict(ladder.document)
    if not ladder.names:
        return ladder
    criteria = [dict(c) for c in document.get("criteria", [])]
    named = [i for i, c in enumerate(criteria) if c["id"] in ladder.names]
    kept = {str(c["id"]) for i, c in enumerate(criteria) if c["id"] not in ladder.names}
    results = assign_ids([ladder.names[str(criteria[i]["id"])] for i in named], previous, kept)
    renamed = {str(criteria[i]["id"]): result[0] for i, result in zip(named, results, strict=True)}
    for i, (new_id, *aliases) in zip(named, results, strict=True):
        old = criteria[i]
        criterion: dict[str, object] = {"id": new_id}
        criterion.update((key, value) for key, value in old.items() if key != "id")
        if aliases:
            criterion["aliases"] = aliases
        criteria[i] = criterion
    for criterion in criteria:
        for key in ("requires", "supersedes"):
            if key in criterion:
                refs: list[str] = criterion[key]  # type: ignore[assignment]
                criterion[key] = [renamed.get(ref, ref) for ref in refs]
    document["criteria"] = criteria
    return ImportedLadder(document=document, header=ladder.header)


def _validated(output: str, filename: str) -> Guideline:
    """The converted ladder, read back by the guideline loader exactly as ``guideline check`` will.

    Everything the importers can foresee is reported against the source file with a position;
    this catches the rest (a name longer than the format allows, say) so that an import never
    writes a file the loader would refuse.
    """
    marker = "<converted>"
    try:
        return parse_guideline(output, marker)
    except InputError as exc:
        raise InputError(
            f"{filename}: cannot be converted: the result would fail the guideline check: "
            + line.removeprefix(f"{marker}:")
            for line in exc.lines
        ) from None
