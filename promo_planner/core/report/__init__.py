"""The 1:1 gap report (SPEC section 6): one model, three renderings, and recording it.

``build_report(store, today)`` gathers the portfolio; ``render_markdown``, ``render_html`` and
``render_json`` turn the ``Report`` into text; ``write_report`` writes a rendering to a file
atomically and records it as the last report, which "since the last report" is measured from.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from promo_planner.core.errors import InputError
from promo_planner.core.files import write_atomically
from promo_planner.core.records import Checkin
from promo_planner.core.report.model import Report, assemble_report, build_report

if TYPE_CHECKING:
    from promo_planner.core.report.html import render_html
    from promo_planner.core.report.jsonout import render_json
    from promo_planner.core.report.markdown import render_markdown
    from promo_planner.core.store import Store

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")
# Each format's renderer (module, function), imported when first used: a command that writes
# Markdown need not load the HTML stylesheet and chart code, and the other way round.
_RENDERERS: dict[str, tuple[str, str]] = {
    "md": ("markdown", "render_markdown"),
    "html": ("html", "render_html"),
    "json": ("jsonout", "render_json"),
}


def renderer(fmt: str) -> Callable[[Report], str]:
    """The function that renders a report in format ``fmt`` (``md``, ``html`` or ``json``)."""
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise InputError(f"report format {fmt!r}: unknown (choose md, html or json)") from None
    found: Callable[[Report], str] = getattr(
        importlib.import_module(f"{__name__}.{module}"), function
    )
    return found


def __getattr__(name: str) -> Callable[[Report], str]:
    """``render_markdown``, ``render_html`` and ``render_json``, imported on first use."""
    for fmt, (_, function) in _RENDERERS.items():
        if name == function:
            return renderer(fmt)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render(report: Report, fmt: str) -> str:
    """The report in format ``fmt`` (``md``, ``html`` or ``json``)."""
    return renderer(fmt)(report)


def write_report(store: Store, report: Report, fmt: str, path: str | os.PathLike[str]) -> Checkin:
    """Render ``report`` as ``fmt``, write it to ``path`` atomically, and record the check-in
    of its day in ``store`` (SPEC 6: several reports on one day are one check-in).

    A new file is private (0600), as the export is: the report holds the same evidence, notes
    and answers. The portfolio's own files are never overwritten (``files.write_atomically``)."""
    text = render(report, fmt)
    target = Path(path)
    write_atomically(target, text, shown=str(path), new_mode=0o600, protect=[store.path])
    return store.record_checkin(replace(report.checkin(), files=(str(target.resolve()),)))


__all__ = [
    "FORMATS",
    "Report",
    "assemble_report",
    "build_report",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "renderer",
    "write_report",
]
