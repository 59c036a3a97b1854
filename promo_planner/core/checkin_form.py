"""The manager's side of the check-in (SPEC 6): a YAML form the engineer sends, the manager
fills in any editor, and ``checkin import`` reads back.

``form_yaml(snapshot)`` writes, for every criterion of the target level, its id, title and area,
the engineer's own rating and the titles of the evidence that counts for it, with blank
``manager:`` (up or down) and ``note:`` fields; then the four open questions with the engineer's
answers and a blank ``manager:`` answer; and a ``date:`` the manager may change.

``parse_form`` reads it back through the position-keeping YAML reader (``yamlio``) and checks
everything before anything is written: a problem is a ``FILE:LINE:COL: where: what`` line, and
a form with any problem is refused as a whole. ``Store.record_review`` then writes the manager's
ratings (dated the form's date, with their notes) and answers in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from promo_planner.core.errors import InputError
from promo_planner.core.input_rules import date_problem, text_problems
from promo_planner.core.records import QUESTION_KEYS, QUESTIONS, Evidence, Rating, Thumb
from promo_planner.core.yamlio import REJECTED, Loc, Problems, read_yaml

if TYPE_CHECKING:
    from promo_planner.core.ladder import Guideline
    from promo_planner.core.snapshot import Snapshot

SCHEMA = "promo-planner/checkin/v1"
EVIDENCE_NAMED = 8
"""Evidence titles listed per criterion (the newest); the rest are counted."""

_TOP_KEYS = ("schema", "engineer", "manager_name", "target_level", "date", "criteria", "questions")
_CRITERION_KEYS = (
    "id",
    "title",
    "area",
    "status",
    "self",
    "evidence",
    "manager_before",
    "manager",
    "note",
)
_QUESTION_KEYS = ("key", "question", "engineer", "manager")
_THUMBS: dict[str, Thumb] = {"up": "up", "down": "down", "👍": "up", "👎": "down"}


# -- writing ---------------------------------------------------------------------------------


try:  # the C emitter when PyYAML has it; the pure one writes the same text
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Blank fields stay blank (``manager:``), text is quoted only when it must be."""


def _represent_none(dumper: _BaseDumper, _: None) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


def _represent_text(dumper: _BaseDumper, text: str) -> yaml.ScalarNode:
    # Multi-line answers as literal blocks; line breaks other than \n only survive in a
    # double-quoted scalar (see exchange.py).
    if any(ch in text for ch in "\r\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    )


_Dumper.add_representer(type(None), _represent_none)
_Dumper.add_representer(str, _represent_text)

_HEADER = """\
# promo-planner check-in form
#
# For the manager: under each criterion write `manager: up` (shown at the target level) or
# `manager: down` (not yet), and a `note:` if you like; leave `manager:` blank to skip one.
# Answer any of the questions under `manager:`. `date:` is the day of your ratings: change it
# if you rate on another day. Everything else is for reference.
# Then send the file back; the engineer runs: promo-planner checkin import FILE
"""


def _newest_first(snapshot: Snapshot) -> list[list[int]]:
    """Each criterion's evidence ids, newest first, in the form's order."""
    dates = snapshot.evidence_dates
    return [
        sorted(cp.evidence_ids, key=lambda i: (dates.get(i, dt.date.min), i), reverse=True)
        for cp in snapshot.assessment.criteria
    ]


ReadEvidence = Callable[[set[int]], Iterable[Evidence]]
"""Reads the evidence with these ids in full (``Store.evidence_items``)."""


def form_document(snapshot: Snapshot, read: ReadEvidence | None = None) -> dict[str, Any]:
    """The form's content for ``snapshot``'s target level, as plain values. The titles named
    (the newest few per criterion) are read with ``read``, else taken from the snapshot's
    evidence in full: a snapshot of the index alone and ``read`` spare reading every item."""
    found = snapshot.assessment
    guideline = snapshot.guideline
    titles: dict[int, str] = {}
    newest_first = _newest_first(snapshot)
    wanted = {i for newest in newest_first for i in newest[:EVIDENCE_NAMED]}
    for e in read(wanted) if read is not None else snapshot.evidence or ():
        if e.id in wanted:
            titles[e.id] = f"{e.title} ({e.date})"
    criteria = []
    for cp, newest in zip(found.criteria, newest_first, strict=True):
        area = guideline.area_by_id.get(cp.criterion.area)
        named = [titles[i] for i in newest[:EVIDENCE_NAMED] if i in titles]
        if len(newest) > EVIDENCE_NAMED:
            named.append(f"and {len(newest) - EVIDENCE_NAMED} more")
        before = cp.manager_rating
        criteria.append(
            {
                "id": cp.criterion.id,
                "title": cp.criterion.title,
                "area": area.name if area else cp.criterion.area,
                "status": cp.status,
                "self": cp.self_thumb or "not rated",
                "evidence": named,
                "manager_before": (
                    f"{before.value} on {before.rated_on}"
                    + (f": {before.note}" if before.note else "")
                    if before is not None
                    else "not rated"
                ),
                "manager": None,
                "note": None,
            }
        )
    profile = snapshot.profile
    return {
        "schema": SCHEMA,
        "engineer": profile.name or None,
        "manager_name": profile.manager or None,
        "target_level": snapshot.plan.target_level,
        "date": snapshot.today,
        "criteria": criteria,
        "questions": [
            {"key": key, "question": text, "engineer": snapshot.answers.get(key), "manager": None}
            for key, text in QUESTIONS
        ],
    }


def form_yaml(snapshot: Snapshot, read: ReadEvidence | None = None) -> str:
    """The check-in form as YAML text (``read`` as for ``form_document``)."""
    body = yaml.dump(
        form_document(snapshot, read),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )
    return _HEADER + body


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """What a filled-in form says: the manager's ratings and answers, dated ``date``."""

    date: dt.date
    ratings: tuple[tuple[str, Thumb, str], ...]
    """``(criterion id, up/down, note)`` in the form's order."""
    answers: dict[str, str] = field(default_factory=dict)

    def as_ratings(self) -> list[Rating]:
        """The ratings to store: the manager's, dated the form's date (``record_review`` stamps
        the moment they are recorded)."""
        return [Rating(cid, "manager", thumb, note, self.date) for cid, thumb, note in self.ratings]


def _text(value: Any) -> str | None:
    """A blank field is None; text is text; anything else is not text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    raise TypeError(value)


def _keys(value: dict[Any, Any], allowed: tuple[str, ...], loc: Loc, problems: Problems) -> bool:
    """Report the keys not in ``allowed``; True when there were none."""
    clean = True
    for key in value:
        if key not in allowed:
            hint = (
                f" (did you mean {_near(str(key), allowed)}?)" if _near(str(key), allowed) else ""
            )
            problems.add((*loc, key), f"unknown key{hint}", key=True)
            clean = False
    return clean


def _near(key: str, allowed: tuple[str, ...]) -> str | None:
    import difflib

    found = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return found[0] if found else None


def _date(value: Any, loc: Loc, today: dt.date, problems: Problems) -> dt.date | None:
    if isinstance(value, str):
        from promo_planner.core.records import read_date

        parsed, wrong = read_date(value.strip())
        if parsed is None:
            problems.add(loc, wrong)
            return None
        value = parsed
    said = date_problem(value)
    if said is not None:
        problems.add(loc, said)
        return None
    if value > today:
        problems.add(loc, f"{value} is after today ({today}): date the ratings on or before today")
        return None
    assert isinstance(value, dt.date)
    return value


def _thumb(value: Any, loc: Loc, problems: Problems) -> Thumb | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        problems.add(loc, f"{'yes' if value else 'no'}: write up or down (or leave it blank)")
        return None
    if isinstance(value, str) and value.strip().casefold() in _THUMBS:
        return _THUMBS[value.strip().casefold()]
    problems.add(loc, f"{value!r}: write up or down (or leave it blank)")
    return None


def parse_form(
    text: str, filename: str, *, guideline: Guideline, target_level: str, today: dt.date
) -> Review:
    """Check a filled-in form completely; the manager's review, or InputError lines
    ``FILE:LINE:COL: where: what`` (the form is refused as a whole)."""
    doc = read_yaml(text)
    problems = Problems(filename, doc)
    for (line, col), message in doc.problems:
        if "mapping values are not allowed" in message:
            message += " (text with ': ' in it needs quotes: \"like: this\")"
        problems.lines.append(f"{filename}:{line}:{col}: {message}")
    if doc.fatal or problems.lines:
        raise InputError(problems.lines)
    top = doc.value
    if not isinstance(top, dict):
        problems.add((), f"not a check-in form (expected a mapping with schema: {SCHEMA})")
        raise InputError(problems.lines)
    _keys(top, _TOP_KEYS, (), problems)
    if top.get("schema") != SCHEMA:
        where = ("schema",) if "schema" in top else ()
        problems.add(where, f"not a check-in form (expected schema: {SCHEMA})")
        raise InputError(problems.lines)
    if "target_level" not in top:
        problems.add((), "target_level: required (the level the form was made for)")
    elif top["target_level"] != target_level:
        problems.add(
            ("target_level",),
            f"the form is for {top['target_level']!r}, but the plan now targets {target_level}:"
            " export a new form (promo-planner checkin export)",
        )
    day = None
    if "date" not in top:
        problems.add((), "date: required (the day of the manager's ratings, YYYY-MM-DD)")
    else:
        day = _date(top["date"], ("date",), today, problems)
    ratings = _criteria(top.get("criteria"), guideline, problems)
    answers = _questions(top.get("questions"), problems)
    if problems.lines:
        raise InputError(problems.lines)
    assert day is not None
    return Review(day, tuple(ratings), answers)


def _criteria(value: Any, guideline: Guideline, problems: Problems) -> list[tuple[str, Thumb, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(("criteria",), "must be a list of criteria (- id: ...)")
        return []
    out: list[tuple[str, Thumb, str]] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(value):
        loc: Loc = ("criteria", i)
        if not isinstance(entry, dict):
            problems.add(loc, "must be a mapping (id:, manager:, note:)")
            continue
        clean = _keys(entry, _CRITERION_KEYS, loc, problems)
        name = entry.get("id")
        if not isinstance(name, str) or not name.strip():
            problems.add((*loc, "id") if "id" in entry else loc, "id: required (a criterion id)")
            continue
        criterion_id = guideline.canonical_id(name.strip())
        if criterion_id is None:
            problems.add((*loc, "id"), f"{name!r} is not a criterion of {guideline.id}")
            continue
        if criterion_id in seen:
            problems.add(
                (*loc, "id"), f"{name!r} is listed twice (first at criteria[{seen[criterion_id]}])"
            )
            continue
        seen[criterion_id] = i
        given = entry.get("manager")
        thumb = _thumb(given, (*loc, "manager"), problems)
        note = _note(entry.get("note"), (*loc, "note"), problems)
        # (A misspelt key is the likelier slip: "manger: up" beside a note.)
        if clean and note and (given is None or (isinstance(given, str) and not given.strip())):
            problems.add(
                (*loc, "note"), "a note needs a rating beside it: write manager: up or down"
            )
        if thumb is not None:
            out.append((criterion_id, thumb, note))
    return out


def _note(value: Any, loc: Loc, problems: Problems) -> str:
    try:
        text = _text(value)
    except TypeError:
        problems.add(loc, "must be text")
        return ""
    if value is REJECTED or text is None:
        return ""
    for _, message in text_problems(text, "note", required=False):
        problems.add(loc, message)
    return text.strip()


def _questions(value: Any, problems: Problems) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, list):
        problems.add(("questions",), "must be a list of questions (- key: ...)")
        return {}
    out: dict[str, str] = {}
    for i, entry in enumerate(value):
        loc: Loc = ("questions", i)
        if not isinstance(entry, dict):
            problems.add(loc, "must be a mapping (key:, manager:)")
            continue
        _keys(entry, _QUESTION_KEYS, loc, problems)
        key = entry.get("key")
        if key not in QUESTION_KEYS:
            problems.add(
                (*loc, "key") if "key" in entry else loc,
                f"{key!r} is not a question (questions: {', '.join(QUESTION_KEYS)})",
            )
            continue
        if key in out:
            problems.add((*loc, "key"), f"{key!r} is answered twice")
            continue
        try:
            answer = _text(entry.get("manager"))
        except TypeError:
            problems.add((*loc, "manager"), "must be text")
            continue
        if answer is None:
            continue
        said = text_problems(answer, "answer")
        for _, message in said:
            problems.add((*loc, "manager"), message)
        if not said:
            out[str(key)] = answer.strip()
    return out
