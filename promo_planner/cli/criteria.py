"""What a person types where a command takes a CRITERION, turned into the criterion it means.

SPEC 7: the exact id, an alias, a unique prefix of an id, or words of exactly one title. The
rule itself is ``Guideline.resolve_criterion`` in core; this adds the option's name to its
message and a command that lists the candidates, and stores links under canonical ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from promo_planner.cli.context import Context
from promo_planner.core.errors import InputError
from promo_planner.core.records import CriterionLink, Strength

if TYPE_CHECKING:
    from promo_planner.core.ladder import Criterion, Guideline


def link_option(value: str) -> tuple[str, Strength]:
    """``--criterion NAME[:partial]`` (or ``:full``) as (name, strength)."""
    name, colon, suffix = value.rpartition(":")
    if colon and suffix.strip() in ("full", "partial"):
        strength: Strength = "partial" if suffix.strip() == "partial" else "full"
        return name, strength
    return value, "full"  # a title may hold a colon of its own


def criterion_named(
    guideline: Guideline, text: str, ctx: Context, target: str | None = None
) -> Criterion:
    """The criterion ``text`` names, or InputError with the closest candidates and the command
    that lists them all."""
    try:
        return guideline.resolve_criterion(text)
    except InputError as exc:
        listing = _listing(ctx, target)
        raise InputError(f"{line} (all of them: {listing})" for line in exc.lines) from None


def canonical_links(
    guideline: Guideline,
    links: Iterable[CriterionLink],
    ctx: Context,
    target: str | None = None,
) -> tuple[CriterionLink, ...]:
    """``links`` with each criterion as the id it resolves to; two names of one criterion are
    an InputError rather than a silent merge."""
    out: dict[str, CriterionLink] = {}
    named: dict[str, str] = {}
    for link in links:
        try:
            criterion = criterion_named(guideline, link.criterion_id, ctx, target)
        except InputError:
            name, colon, _ = link.criterion_id.rpartition(":")
            if colon and name and guideline.canonical_id(name):  # a typo in the strength
                raise InputError(
                    f"--criterion: {link.criterion_id!r} is not ID or ID:partial"
                ) from None
            raise
        if criterion.id in out:
            raise InputError(
                f"--criterion: {named[criterion.id]!r} and {link.criterion_id!r} both name "
                f"{criterion.id}; give it once"
            )
        named[criterion.id] = link.criterion_id
        out[criterion.id] = CriterionLink(criterion.id, link.strength)
    return tuple(out.values())


def stored_name(guideline: Guideline | None, stored: Sequence[str], text: str, ctx: Context) -> str:
    """The criterion id, as stored, of a link or rating that ``text`` names: the id exactly as
    stored (a criterion the ladder no longer has), else whatever ``text`` resolves to."""
    if text in stored or guideline is None:
        return text
    criterion = criterion_named(guideline, text, ctx)
    for name in stored:
        if guideline.canonical_id(name) == criterion.id:
            return name
    return criterion.id


def _listing(ctx: Context, target: str | None) -> str:
    import shlex

    from promo_planner.core.paths import default_data_path

    words = ["promo-planner"]
    if ctx.data_path != default_data_path():
        words += ["--data", str(ctx.data_path)]
    words += ["guideline", "show"]
    if target is not None:
        words += ["--level", target]
    return shlex.join(words)


def shown(criterion: Criterion, typed: str) -> str:
    """The criterion as a confirmation names it: its id, and its title too when the person
    typed something else (an alias, a prefix, words), so they see what their words meant."""
    return criterion.id if typed == criterion.id else f"{criterion.id} ({criterion.title})"
