"""HTML for the report's sections: one self-contained, printable file, inline style, no scripts.

Nothing is fetched or run when the file is opened: no ``<script>``, no remote stylesheet, font
or image, and a Content-Security-Policy that forbids them anyway. Everything the user or the
ladder wrote is escaped with ``html.escape``; only http(s) and mailto links become ``<a>``.
Every 👍/👎 also says up or down in words: without an emoji font (headless browsers, many PDF
viewers) the picture is an empty box, and the health check must still read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from promo_planner.core.records import Thumb
from promo_planner.core.report import words

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

STYLE = """
:root { --ink: #1d232b; --muted: #5b6573; --line: #d9dee5; --soft: #f4f6f9;
  --ok: #2f7d4f; --short: #a8620f; --bad: #b3372e; --accent: #2c5fa8; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: #eef1f5; color: var(--ink);
  font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "DejaVu Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji",
    "Noto Color Emoji"; }
main { max-width: 60rem; margin: 1.5rem auto; padding: 2rem 2.5rem; background: #fff;
  border-radius: 8px; box-shadow: 0 1px 3px rgba(0, 0, 0, .08); }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2rem 0 .7rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0; }
p, li, dd, .text, td.long { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
.sub, .muted { color: var(--muted); }
.small { font-size: .85em; }
.id { font: .82em ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  color: var(--muted); overflow-wrap: anywhere; }
.text { white-space: pre-wrap; }
.who { margin: 0 0 .15rem; font-weight: 600; }
.period { margin: 0; }
.brief { border: 1px solid var(--line); border-radius: 8px; padding: .9rem 1.2rem 1rem;
  margin-top: 1rem; background: #fbfcfd; }
.brief h2 { margin-top: 0; }
.headline { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem 1.2rem; }
.big { font-size: 2.3rem; font-weight: 700; line-height: 1.1; }
.verdict { font-weight: 600; }
.verdict.ready, .change.up { color: var(--ok); }
.verdict.not-ready, .change.down, .warn { color: var(--bad); }
.brief h3 { font-size: .95rem; margin: .8rem 0 .25rem; }
.brief ol, .brief ul { margin: .2rem 0; padding-left: 1.4rem; }
.brief li { margin-bottom: .15rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.1rem;
  margin: .5rem 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem;
  border-bottom: 1px solid var(--line); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted);
  border-bottom-width: 2px; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.thumb { white-space: nowrap; }
tr.disagree td { background: #fdf1ef; }
.thumb .emoji { font-size: 1.05em; }
.thumb.up .word { color: var(--ok); font-weight: 600; }
.thumb.down .word { color: var(--bad); font-weight: 600; }
.pill { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .78rem;
  font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
.pill.met, .pill.held { color: var(--ok); } .pill.partial { color: var(--short); }
.pill.missing { color: var(--bad); }
.flag { display: inline-block; font-size: .76rem; color: var(--muted); margin-right: .4rem; }
.flag.warn { color: var(--bad); font-weight: 600; }
figure.chart { margin: .4rem 0 1rem; }
figure.chart svg { width: 100%; height: auto; max-width: 44rem; display: block; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .value { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .track { fill: #e9edf2; }
svg .fill.ok { fill: var(--ok); } svg .fill.short { fill: var(--short); }
svg .fill.plain { fill: var(--accent); }
svg .threshold { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 3 2; }
svg .grid { stroke: #c9d0d9; stroke-width: 1; }
svg .needed { font-size: 11px; fill: var(--bad); }
ol.asks li, ul.plain li { margin-bottom: .35rem; }
ul.plain { padding-left: 1.2rem; }
.evidence { list-style: none; padding: 0; margin: .3rem 0 1rem; }
.evidence > li { border: 1px solid var(--line); border-left: 4px solid var(--accent);
  border-radius: 4px; padding: .45rem .8rem; margin-bottom: .45rem; }
.evidence > li.uncounted { border-left-color: var(--line); }
.evidence .head { font-weight: 600; }
.evidence ul { margin: .25rem 0 0; padding-left: 1.2rem; }
.question { border: 1px solid var(--line); border-radius: 6px; padding: .1rem 1rem .5rem;
  margin-bottom: .7rem; }
.question h3 { margin-top: .6rem; }
.answer { border-left: 3px solid var(--accent); padding: .2rem .8rem; background: var(--soft);
  margin: .2rem 0 .4rem; }
.answer.manager { border-left-color: var(--ok); }
.label-small { font-size: .8rem; color: var(--muted); margin: .4rem 0 .1rem; }
.empty { color: var(--muted); font-style: italic; }
.criterion { margin: .5rem 0 .7rem; }
.criterion ul { margin: .15rem 0; }
#case h3 { font-size: 1.05rem; margin-top: 1.4rem; padding-bottom: .15rem;
  border-bottom: 1px solid var(--line); }
ol.links { padding-left: 2.2rem; }
ol.links li { margin-bottom: .2rem; }
a { color: var(--accent); }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--muted); }

@page { margin: 14mm 13mm; }
@media print {
  html { font-size: 10pt; }
  body { background: none; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  /* The brief is made to fit the first page; should a huge one not, it flows on rather
     than leave the first page blank. */
  .brief { background: none; }
  .details.new-page { break-before: page; page-break-before: always; }
  .details.new-page > section:first-child h2 { margin-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, .evidence > li, .question, figure.chart, dl.facts, ol.asks li, .criterion, ol.links li {
    break-inside: avoid; page-break-inside: avoid; }
  tr.disagree td, .answer { background: none; }
  tr.disagree td:first-child { border-left: 3px solid var(--bad); }
  a { color: inherit; }
}
"""


def esc(text: str) -> str:
    """User or ladder text made inert for HTML (control characters dropped)."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def link(url: str) -> str:
    """An http(s)/mailto link as ``<a>``; anything else as text, never clickable."""
    safe = words.safe_link(url)
    if safe is None:
        return f'<span class="text">{esc(url)}</span> <span class="muted">(not a web link)</span>'
    return f'<a class="url" href="{esc(safe)}" rel="noopener noreferrer nofollow">{esc(safe)}</a>'


def ident(identifier: str) -> str:
    """A criterion or guideline id, small and monospaced."""
    return f'<span class="id">{esc(identifier)}</span>'


def thumb(value: Thumb | None) -> str:
    """👍 up / 👎 down / a dash: the picture and the word, so it reads without an emoji font."""
    if value is None:
        return '<span class="thumb none muted">— not rated</span>'
    return (
        f'<span class="thumb {value}"><span class="emoji" aria-hidden="true">'
        f'{words.THUMBS[value]}</span> <span class="word">{value}</span></span>'
    )


def table(header: Iterable[tuple[str, str]], rows: Iterable[str]) -> str:
    """A table from ``(label, class)`` headers and rows already made of safe HTML."""
    head = "".join(
        f'<th class="{cls}">{label}</th>' if cls else f"<th>{label}</th>" for label, cls in header
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def empty(text: str) -> str:
    """A muted line saying a section has nothing to show."""
    return f'<p class="empty">{esc(text)}</p>'


def section(key: str, title: str, body: str) -> str:
    """A section of the document with its heading."""
    return f'<section id="{key}"><h2>{esc(title)}</h2>{body}</section>'


def page(title: str, head: Iterable[str], details: Iterable[str], *, new_page: bool = True) -> str:
    """The whole document: ``head`` (who, when and the brief: the first printed page), then
    ``details``, starting on a page of their own when printed if ``new_page``."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        "<body>\n<main>\n"
        + "\n".join(head)
        + f'\n<div class="details{" new-page" if new_page else ""}">\n'
        + "\n".join(details)
        + "\n</div>\n"
        "<footer>Prepared with promo-planner from the engineer's own portfolio.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
