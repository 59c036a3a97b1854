"""The whole portfolio as YAML: ``export`` writes it, ``import`` reads it back (SPEC section 3).

The file is for people and for ``git diff``: keys in a fixed order, block style, multi-line text
(the guideline copy, long descriptions) as literal ``|`` blocks, dates as plain ``YYYY-MM-DD``.
Export → import → export is byte-identical: ids, order and every character survive.

Import reads with the bounded, position-keeping reader of ``yamlio``, validates everything
(structure, dates, the guideline copy, the plan against it, each evidence item by the same
rules the store applies) and only then replaces the portfolio in one transaction. A problem is
reported as ``FILE:LINE:COL: where: what`` and nothing is written. The file format itself (strict
pydantic models) is in ``export_format.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from promo_planner.core.errors import InputError
from promo_planner.core.export_format import (
    SCHEMA_ID,
    CandidateDoc,
    EvidenceDoc,
    PortfolioDoc,
    RatingDoc,
    ReportDoc,
)
from promo_planner.core.inbox import Candidate
from promo_planner.core.input_rules import (
    character_problem,
    clean_draft,
    date_problem,
    draft_problems,
    plan_field_problems,
    text_problems,
)
from promo_planner.core.ladder import Guideline
from promo_planner.core.records import (
    EARLIEST_DATE,
    QUESTION_KEYS,
    Checkin,
    CriterionLink,
    Evidence,
    Note,
    Plan,
    Profile,
    Rating,
)
from promo_planner.core.spool import Kept
from promo_planner.core.store import PortfolioContent, Store
from promo_planner.core.yamlio import STREAMED, Loc, Problems, YamlDocument, read_yaml

Doc = TypeVar("Doc", bound=BaseModel)
Item = TypeVar("Item")

# -- writing -------------------------------------------------------------------------------------


try:  # libyaml's emitter is ~20x faster: 10,000 evidence items export in about a second
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    """Safe dumper with literal blocks for multi-line text and exact numbers for Decimals."""


_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _represent_text(dumper: _BaseDumper, text: str) -> yaml.ScalarNode:
    # Literal blocks keep multi-line text readable and line-diffable; PyYAML falls back to a
    # quoted scalar by itself when a block cannot hold the text exactly. Carriage returns and
    # YAML 1.1's other line breaks (NEL, LS, PS) are normalised away in plain, single-quoted
    # and block scalars, so only an escaped double-quoted scalar keeps them.
    if _OTHER_BREAKS.search(text):  # one scan (a search per character was 1/3 of export)
        style: str | None = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_decimal(dumper: _BaseDumper, value: Decimal) -> yaml.ScalarNode:
    text = str(value)
    tag = "int" if re.fullmatch(r"-?\d+", text) else "float"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(Decimal, _represent_decimal)


def _plan_doc(plan: Plan, guideline: Guideline) -> dict[str, Any]:
    return {
        "guideline": plan.guideline_id,
        "guideline_version": plan.guideline_version,
        "current_level": plan.current_level,
        "target_level": plan.target_level,
        "target_date": plan.target_date,
        "capacity": plan.capacity,
        "lead_weeks": plan.lead_weeks,
        "sustain_weeks": plan.sustain_weeks,
        "readiness_threshold": plan.readiness_threshold,
        "nudge_weeks": plan.nudge_weeks,
        "guideline_copy": guideline.source,
    }


def _evidence_doc(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.id,
        "date": item.date,
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "impact": list(item.impact),
        "links": list(item.links),
        "tags": list(item.tags),
        "criteria": [_link_doc(c) for c in item.criteria],
        "created_at": item.created_at,
    }


def _link_doc(link: CriterionLink) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": link.criterion_id, "strength": link.strength}
    if link.linked_on is not None:
        doc["linked_on"] = link.linked_on
    if link.linked_at is not None:
        doc["linked_at"] = link.linked_at
    return doc


def _candidate_doc(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.id,
        "fingerprint": c.fingerprint,
        "source": c.source,
        "kind": c.kind,
        "title": c.title,
        "date": c.date,
        "description": c.description,
        "commits": list(c.commits),
        "lines_added": c.added,
        "lines_removed": c.removed,
        "file_count": c.file_count,
        "files": list(c.files),
        "areas": list(c.areas),
        "links": list(c.links),
        "tags": list(c.tags),
        "status": c.status,
        "found_at": c.found_at,
        "closed_at": c.closed_at,
        "evidence_id": c.evidence_id,
    }


def export_yaml(store: Store) -> str:
    """The whole portfolio as YAML text (stable, block style, diffable)."""
    content = store.content()
    doc: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "plan": (
            _plan_doc(content.plan, content.guideline)
            if content.plan is not None and content.guideline is not None
            else None
        ),
        "evidence": [_evidence_doc(item) for item in content.evidence],
        "ratings": [
            {
                "id": r.id,
                "criterion": r.criterion_id,
                "who": r.who,
                "value": r.value,
                "note": r.note,
                "rated_on": r.rated_on,
                "recorded_at": r.recorded_at,
            }
            for r in content.ratings
        ],
        "answers": dict(content.answers),
        "manager_answers": dict(content.manager_answers),
        "notes": [{"id": n.id, "date": n.date, "text": n.text} for n in content.notes],
        "checkins": [
            {
                "id": c.id,
                "date": c.date,
                "target_level": c.target_level,
                "readiness": c.readiness,
                "readiness_claimed": c.readiness_claimed,
                "evidence_ids": list(c.evidence_ids),
                "statuses": dict(c.statuses),
                "ratings": {k: list(v) for k, v in c.ratings.items()},
                "files": list(c.files),
                "created_at": c.created_at,
            }
            for c in content.checkins
        ],
        "profile": content.profile.fields(),
        "inbox": [_candidate_doc(c) for c in content.inbox],
    }
    body = yaml.dump(
        doc,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1_000_000,  # no folding: one paragraph stays one line in a diff
    )
    return "# promo-planner portfolio: promo-planner import FILE reads it back\n" + body


# -- reading -------------------------------------------------------------------------------------


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        return f"must be {error['ctx']['expected']}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


_INNER = re.compile(r"^guideline copy:(\d+):(\d+): (.*)$")


def _guideline_from_copy(text: str, problems: Problems) -> Guideline | None:
    from promo_planner.core.loader import parse_guideline

    try:
        return parse_guideline(text, "guideline copy")
    except InputError as exc:
        for inner in exc.lines:
            found = _INNER.match(inner)
            said = f"line {found[1]}, column {found[2]}: {found[3]}" if found else inner
            problems.add(("plan", "guideline_copy"), said)
        return None


def _check_unique(items: list[Any], key: str, path: str, problems: Problems) -> None:
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            problems.add((path, i, key), f"duplicate {value!r} (first at {path}[{seen[value]}])")
        seen.setdefault(value, i)


class _Items(Generic[Doc, Item]):
    """Checks each item of one streamed list (``section``) as the reader hands it over and
    keeps the valid ones in ``kept``; the problems wait, sorted by kind, for the rest of the
    file to be read (format first; then the rules, and last the duplicates of each key)."""

    section: str
    model: type[Doc]
    unique: tuple[str, ...] = ("id",)

    def __init__(self, filename: str, today: dt.date | None, kept: Kept[Item]) -> None:
        self.filename = filename
        self.today = today
        self.kept = kept
        self.count = 0
        self.structure: list[str] = []
        """Items that do not fit the format (reported like the rest of the file's)."""
        self.rules: list[str] = []
        """Items that break the rules typed input meets."""
        self.duplicates: dict[str, list[str]] = {key: [] for key in self.unique}
        self.first_at: dict[str, dict[Any, int]] = {key: {} for key in self.unique}

    def __call__(self, index: int, value: Any, doc: YamlDocument) -> None:
        self.count += 1
        if doc.problems:  # the YAML itself is wrong: only that is reported
            return
        problems = Problems(self.filename, doc)
        where: Loc = (self.section, index)
        try:
            parsed = self.model.model_validate(value)
        except ValidationError as exc:
            for error in exc.errors():
                loc = (*where, *error["loc"])
                problems.add(loc, _pydantic_message(error), key=error["type"] == "extra_forbidden")
            self.structure += problems.lines
            return
        if self.structure:
            return
        item = self.convert(parsed, where, problems)
        self.rules += problems.lines
        for key in self.unique:
            found = getattr(parsed, key)
            first = self.first_at[key].setdefault(found, index)
            if first != index:
                duplicate = Problems(self.filename, doc)
                duplicate.add(
                    (*where, key), f"duplicate {found!r} (first at {self.section}[{first}])"
                )
                self.duplicates[key] += duplicate.lines
        if not self.problems():
            self.kept.append(item)

    def convert(self, parsed: Doc, where: Loc, problems: Problems) -> Item:
        """The item to store, with what is wrong with it added to ``problems``."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        """The rules' problems, then the duplicates."""
        return self.rules + [line for key in self.unique for line in self.duplicates[key]]


class _EvidenceItems(_Items[EvidenceDoc, Evidence]):
    section = "evidence"
    model = EvidenceDoc

    def convert(self, parsed: EvidenceDoc, where: Loc, problems: Problems) -> Evidence:
        stored = clean_draft(
            Evidence(
                title=parsed.title,
                date=parsed.date,
                description=parsed.description,
                impact=tuple(parsed.impact),
                links=tuple(parsed.links),
                tags=tuple(parsed.tags),
                kind=parsed.kind,
                criteria=tuple(
                    CriterionLink(c.id, c.strength, c.linked_on, c.linked_at)
                    for c in parsed.criteria
                ),
                id=parsed.id,
                created_at=parsed.created_at,
            )
        )
        for field, message in draft_problems(stored, today=self.today):
            problems.add((*where, *_field_loc(field)), message)
        return stored


class _InboxItems(_Items[CandidateDoc, Candidate]):
    """The inbox of an export: ids and fingerprints unique, accepted ones name evidence."""

    section = "inbox"
    model = CandidateDoc
    unique = ("id", "fingerprint")

    def convert(self, parsed: CandidateDoc, where: Loc, problems: Problems) -> Candidate:
        c = parsed
        if not c.title.strip():
            problems.add((*where, "title"), "must not be empty")
        if c.evidence_id is not None and c.status != "accepted":
            problems.add((*where, "evidence_id"), "only an accepted candidate has evidence")
        return Candidate(
            fingerprint=c.fingerprint,
            source=c.source,
            kind=c.kind,
            title=c.title,
            date=c.date,
            description=c.description,
            commits=tuple(c.commits),
            added=c.lines_added,
            removed=c.lines_removed,
            file_count=c.file_count,
            files=tuple(c.files),
            areas=tuple(c.areas),
            links=tuple(c.links),
            tags=tuple(c.tags),
            id=c.id,
            status=c.status,
            found_at=c.found_at,
            closed_at=c.closed_at,
            evidence_id=c.evidence_id,
        )

    def problems(self) -> list[str]:
        # As before streaming: duplicate ids, duplicate fingerprints, then each item's.
        return [line for key in self.unique for line in self.duplicates[key]] + self.rules


_SECTIONS = tuple(PortfolioDoc.model_fields)
"""The export's top-level keys in the file's order (``schema_`` for ``schema``)."""


def _section_order(line: str, filename: str) -> int:
    # "FILE:LINE:COL: evidence[3].title: ..." -> the place of "evidence" among the sections.
    where = line[len(filename) :].split(": ", 2)[1] if ": " in line else ""
    name = re.split(r"[.\[]", where, maxsplit=1)[0]
    name = "schema_" if name == "schema" else name
    return _SECTIONS.index(name) if name in _SECTIONS else -1


def parse_export(
    text: str,
    filename: str,
    today: dt.date | None = None,
    kept: Kept[Evidence] | None = None,
    kept_inbox: Kept[Candidate] | None = None,
) -> PortfolioContent:
    """Validate an export file completely; the content to store, or InputError lines.

    The file is held to the rules typed input meets (``input_rules``): the same characters,
    links and date range, ids the store can hold, and, with ``today``, no evidence dated
    after it (SPEC 4).

    Evidence and inbox items are checked one at a time as they are read and go into ``kept``
    and ``kept_inbox`` (lists unless given: ``Spool`` keeps a long file's items on disk), so
    no more than one of them is held as YAML values at once.
    """
    items = _EvidenceItems(filename, today, kept if kept is not None else [])
    inbox = _InboxItems(filename, today, kept_inbox if kept_inbox is not None else [])
    doc = read_yaml(text, streamed={"evidence": items, "inbox": inbox})
    problems = Problems(filename, doc)
    for (line, col), message in doc.problems:
        problems.lines.append(f"{filename}:{line}:{col}: {message}")
    problems.raise_if_any()
    if not isinstance(doc.value, dict):
        problems.add((), "not a promo-planner export (expected a mapping with schema: ...)")
        problems.raise_if_any()
    for section in ("evidence", "inbox"):
        streamed = doc.value.get(section)
        if isinstance(streamed, list) and all(item is STREAMED for item in streamed):
            doc.value[section] = []  # every item was checked on its own as it was read
    try:
        parsed = PortfolioDoc.model_validate(doc.value)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.add(loc, _pydantic_message(error), key=error["type"] == "extra_forbidden")
    problems.lines += items.structure + inbox.structure
    problems.lines.sort(key=lambda line: _section_order(line, filename))
    problems.raise_if_any()

    plan: Plan | None = None
    guideline: Guideline | None = None
    if parsed.plan is not None:
        guideline = _guideline_from_copy(parsed.plan.guideline_copy, problems)
        plan = Plan(
            guideline_id=parsed.plan.guideline,
            guideline_version=parsed.plan.guideline_version,
            current_level=parsed.plan.current_level,
            target_level=parsed.plan.target_level,
            target_date=parsed.plan.target_date,
            capacity=parsed.plan.capacity,
            lead_weeks=parsed.plan.lead_weeks,
            sustain_weeks=parsed.plan.sustain_weeks,
            readiness_threshold=parsed.plan.readiness_threshold,
            nudge_weeks=parsed.plan.nudge_weeks,
        )
        if guideline is not None:
            if (plan.guideline_id, plan.guideline_version) != (guideline.id, guideline.version):
                problems.add(
                    ("plan", "guideline"),
                    f"{plan.guideline_id} {plan.guideline_version} does not match the"
                    f" guideline copy ({guideline.id} {guideline.version})",
                )
            for field, message in plan_field_problems(plan, guideline):
                problems.add(("plan", field), message)

    problems.lines += items.problems()

    _check_unique([r for r in parsed.ratings if r.id is not None], "id", "ratings", problems)
    for i, r in enumerate(parsed.ratings):
        said = character_problem(r.criterion)
        if said is not None:
            problems.add(("ratings", i, "criterion"), said)
        for _, message in text_problems(r.note, "note", required=False):
            problems.add(("ratings", i, "note"), message)
        if r.rated_on is not None:
            _check_date(r.rated_on, ("ratings", i, "rated_on"), problems)
    for section, given in (
        ("answers", parsed.answers),
        ("manager_answers", parsed.manager_answers),
    ):
        for key, answer in given.items():
            if key not in QUESTION_KEYS:
                problems.add(
                    (section, key),
                    f"unknown question (questions: {', '.join(QUESTION_KEYS)})",
                    key=True,
                )
            elif not answer.strip():
                problems.add((section, key), "must not be empty (leave the question out instead)")
            else:
                for _, message in text_problems(answer, "answer"):
                    problems.add((section, key), message)
    for i, n in enumerate(parsed.notes):
        for _, message in text_problems(n.text, "note"):
            problems.add(("notes", i, "text"), message)
        _check_date(n.date, ("notes", i, "date"), problems)
    for i, report in enumerate(parsed.reports):
        _check_date(report.today, ("reports", i, "today"), problems)
    _check_unique(list(parsed.notes), "id", "notes", problems)
    _check_unique(list(parsed.reports), "id", "reports", problems)
    _check_unique(list(parsed.checkins), "id", "checkins", problems)
    problems.lines += inbox.problems()
    problems.raise_if_any()

    return PortfolioContent(
        plan=plan,
        guideline=guideline,
        evidence=items.kept,
        ratings=tuple(_ratings(parsed.ratings)),
        answers={key: parsed.answers[key] for key in QUESTION_KEYS if key in parsed.answers},
        notes=tuple(Note(n.id, n.date, n.text) for n in parsed.notes),
        checkins=tuple(
            Checkin(
                id=c.id,
                date=c.date,
                target_level=c.target_level,
                readiness=c.readiness,
                readiness_claimed=c.readiness_claimed,
                evidence_ids=tuple(c.evidence_ids),
                statuses=dict(c.statuses),
                ratings={
                    k: (v[0], v[1]) if len(v) == 2 else (None, None) for k, v in c.ratings.items()
                },
                files=tuple(c.files),
                created_at=c.created_at,
            )
            for c in parsed.checkins
        )
        or _checkins_from_reports(parsed.reports, plan),
        manager_answers={
            key: parsed.manager_answers[key]
            for key in QUESTION_KEYS
            if key in parsed.manager_answers
        },
        profile=Profile(parsed.profile.name, parsed.profile.role, parsed.profile.manager),
        inbox=inbox.kept,
    )


def _ratings(docs: list[RatingDoc]) -> list[Rating]:
    """The rating history of an export; an entry written before the history was kept gets the
    next free id and is dated by its ``rated_on`` (or the earliest date, when it had none)."""
    next_id = max((r.id for r in docs if r.id is not None), default=0)
    out = []
    for r in docs:
        if r.id is None:
            next_id += 1
        day = r.rated_on or EARLIEST_DATE
        out.append(
            Rating(
                r.criterion,
                r.who,
                r.value,
                r.note,
                day,
                r.recorded_at or dt.datetime.combine(day, dt.time()),
                r.id if r.id is not None else next_id,
            )
        )
    return out


def _checkins_from_reports(reports: list[ReportDoc], plan: Plan | None) -> tuple[Checkin, ...]:
    """An export written before check-ins: its written reports, one check-in per day."""
    days: dict[dt.date, Checkin] = {}
    for r in reports:
        earlier = days.get(r.today)
        files = earlier.files if earlier else ()
        if r.path not in files:
            files = (*files, r.path)
        days[r.today] = Checkin(
            id=earlier.id if earlier else len(days) + 1,
            date=r.today,
            target_level=plan.target_level if plan else "",
            readiness=r.readiness,
            readiness_claimed=r.readiness,
            evidence_ids=tuple(r.evidence_ids),
            files=files,
            created_at=earlier.created_at if earlier else r.created_at,
        )
    return tuple(days[day] for day in sorted(days))


def _check_date(value: dt.date, loc: Loc, problems: Problems) -> None:
    said = date_problem(value)
    if said is not None:
        problems.add(loc, said)


def _field_loc(field: str) -> Loc:
    """``criteria[2].strength`` -> ``("criteria", 2, "strength")``."""
    out: list[str | int] = []
    for name, index in re.findall(r"([A-Za-z_]+)|\[(\d+)\]", field):
        out.append(name if name else int(index))
    return tuple(out)
