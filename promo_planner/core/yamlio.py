"""Safe, bounded YAML reading that remembers where every value came from.

``read_yaml`` turns a YAML document into plain Python values (dicts, lists, text, numbers,
booleans, dates, None) plus a table of source marks keyed by the value's location path
(``("criteria", 3, "weight")``), so a validator's complaint about a path can be reported as
``FILE:LINE:COL``.

Why not ``yaml.safe_load``:

* it forgets positions, and the loader has to point at the offending node;
* it silently keeps the last of two equal keys, which hides typos;
* it expands aliases without limit (a "billion laughs" document of a few hundred bytes expands to
  gigabytes), and libyaml's composer recurses in C, so a deeply nested document can crash the
  process instead of raising.

So this module reads the *event* stream (libyaml's ``CParser`` when present; its parser keeps its
own stack and never recurses) and builds the values itself with an explicit stack: nesting depth,
alias uses and alias-expanded nodes are counted as they happen and the read stops at the first
bound crossed, before anything is expanded. Only the standard scalar tags are constructed; any
other tag (``!!python/object/apply:...``) is reported and never constructed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

try:  # the C parser is several times faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[Any, ...]
Mark = tuple[int, int]
"""A 1-based (line, column) position in the file."""

MAX_DEPTH: Final = 64
"""Deepest nesting of lists and mappings accepted; a ladder needs about five."""
MAX_ALIAS_USES: Final = 100
MAX_ALIAS_NODES: Final = 10_000
"""Nodes an alias may add by expansion, summed over the document."""

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = _TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "merge"
_SCALAR_TAGS: Final = frozenset(
    _TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp")
)


class _Rejected:
    """Stands in for a node whose tag was refused, so validation does not report it twice."""

    def __repr__(self) -> str:
        return "<rejected>"


REJECTED: Final = _Rejected()


class _Streamed:
    """Stands in for a list item handed to its section's handler instead of being kept."""

    def __repr__(self) -> str:
        return "<streamed>"


STREAMED: Final = _Streamed()


@dataclass
class YamlDocument:
    """What ``read_yaml`` found: the value, where each part of it is, and what was wrong.

    ``value`` is None for an empty file. ``problems`` are ``(mark, message)`` pairs; when
    ``fatal`` is set the document could not be read to the end and ``value`` is meaningless.
    ``rejected`` holds the paths of values replaced by ``REJECTED``.
    """

    value: Any = None
    marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)
    problems: list[tuple[Mark, str]] = field(default_factory=list)
    rejected: list[Loc] = field(default_factory=list)
    fatal: bool = False
    alias_marks: dict[Loc, Mark] = field(default_factory=dict)
    """Where each value that is an alias of another (``*name``) was used."""

    def mark_of(self, loc: Loc) -> Mark:
        """The mark of the deepest node along ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            found = self.marks.get(tuple(loc[:end]))
            if found is not None:
                return found
        return (1, 1)

    def use_mark_of(self, loc: Loc) -> Mark:
        """Like ``mark_of``, but inside a value copied by an alias, the mark of that alias.

        Problems of the text itself belong where the text is written (the anchor); problems of
        a value being somewhere twice (a duplicate id) belong where it was copied to.
        """
        for end in range(len(loc) + 1):
            found = self.alias_marks.get(tuple(loc[:end]))
            if found is not None:
                return found
        return self.mark_of(loc)

    def key_mark_of(self, loc: Loc) -> Mark:
        """The mark of the key at ``loc`` (for unknown keys), else of the nearest node."""
        return self.key_marks.get(tuple(loc)) or self.mark_of(loc)


class _Stop(Exception):
    """A bound was crossed: stop reading at once."""


_NO_KEY: Final = object()
_MERGE_KEY: Final = object()
_DISCARD: Final = object()
"""Path element for values that will not be kept (a repeated key, a collection used as a key)."""


@dataclass
class _Frame:
    """An open list or mapping while the events are read."""

    value: dict[Any, Any] | list[Any]
    path: Loc
    mark: Mark
    anchor: str | None
    rejected: bool
    entry: int
    """Index in the mark table where this node's entries start (for copying on alias)."""
    item_start: int = 0
    """Index in the mark table where the next item of this list starts."""
    size: int = 1
    key: Any = _NO_KEY
    key_mark: Mark = (1, 1)
    keys_first_line: dict[str, int] = field(default_factory=dict)
    merges: list[tuple[Any, Mark]] = field(default_factory=list)


@dataclass
class _Anchor:
    value: Any
    path: Loc
    size: int
    entries: list[tuple[Loc, bool, Mark]]
    """The node's own marks (copied: a streamed item's marks are dropped once handled)."""
    scalar_text: str | None
    """The scalar's text, so an aliased scalar can also serve as a mapping key."""


def _mark(m: Any) -> Mark:
    # Either yaml.Mark or libyaml's own mark type; both have 0-based line and column.
    return (m.line + 1, m.column + 1) if m is not None else (1, 1)


ItemHandler = Callable[[int, Any, "YamlDocument"], None]
"""Takes one item of a streamed top-level list: its index, its value and its own marks."""


class _Reader:
    def __init__(self, text: str, streamed: Mapping[str, ItemHandler] | None = None) -> None:
        self.text = text
        self.streamed = streamed or {}
        self.doc = YamlDocument()
        # (path, is_key, mark) in document order: a node's entries are contiguous, so an alias
        # can copy its anchor's marks under the new path.
        self.entries: list[tuple[Loc, bool, Mark]] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: set[str] = set()
        self.alias_uses = 0
        self.alias_nodes = 0
        self.documents = 0
        self.resolver = Resolver()
        self.constructor = SafeConstructor()

    # -- problems ------------------------------------------------------------------------

    def problem(self, mark: Mark, message: str) -> None:
        self.doc.problems.append((mark, message))

    def stop(self, mark: Mark, message: str) -> _Stop:
        self.problem(mark, message)
        self.doc.fatal = True
        return _Stop()

    # -- where the next node goes --------------------------------------------------------

    def next_path(self) -> tuple[Loc, bool]:
        """Path of the node about to start, and whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), False
        if top.key is _NO_KEY:
            return (*top.path, _DISCARD, "key"), True
        if top.key is _DISCARD:
            return (*top.path, _DISCARD), False
        return (*top.path, top.key), False

    def place(self, value: Any, mark: Mark, size: int, key_text: str | None) -> None:
        """Put a finished node into the open collection (or make it the document)."""
        if not self.stack:
            self.doc.value = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            handler = self.handler_of(top)
            if handler is None:
                top.value.append(value)
                return
            self.hand_over(handler, top, value)
            return
        if top.key is _NO_KEY:  # this node is a key
            if key_text is None:
                self.problem(mark, "a mapping key must be a plain name, not a list or mapping")
                top.key = _DISCARD
            elif key_text == "<<" and value is _MERGE_KEY:
                top.key = _MERGE_KEY
            elif key_text in top.keys_first_line:
                where = self.words(top.path)
                self.problem(
                    mark,
                    f"duplicate key {key_text!r} in {where} "
                    f"(first at line {top.keys_first_line[key_text]})",
                )
                top.key = _DISCARD
            else:
                top.keys_first_line[key_text] = mark[0]
                top.key = key_text
                self.entries.append(((*top.path, key_text), True, mark))
            top.key_mark = mark
            return
        if top.key is _MERGE_KEY:
            top.merges.append((value, top.key_mark))
        elif top.key is not _DISCARD:
            top.value[top.key] = value
        top.key = _NO_KEY

    def handler_of(self, top: _Frame) -> ItemHandler | None:
        """The handler of the list ``top``, when it is a streamed list at the top level."""
        if len(self.stack) != 2 or len(top.path) != 1 or not isinstance(self.stack[0].value, dict):
            return None
        return self.streamed.get(top.path[0])

    def hand_over(self, handler: ItemHandler, top: _Frame, value: Any) -> None:
        """Give a finished item of a streamed list to its handler, then forget it and its marks:
        a long list is read in the memory of one item."""
        index = len(top.value)
        start = top.item_start
        item = YamlDocument(
            value=value,
            problems=self.doc.problems,
            rejected=self.doc.rejected,
            alias_marks=self.doc.alias_marks,
        )
        for path, is_key, mark in self.entries[start:]:
            if _DISCARD not in path:
                (item.key_marks if is_key else item.marks)[path] = mark
        del self.entries[start:]
        assert isinstance(top.value, list)
        top.value.append(STREAMED)
        top.item_start = len(self.entries)
        handler(index, value, item)

    @staticmethod
    def words(path: Loc) -> str:
        return loc_words(path) or "the top level"

    # -- events --------------------------------------------------------------------------

    def start_collection(self, ev: yaml.CollectionStartEvent, kind: str) -> None:
        mark = _mark(ev.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise self.stop(mark, f"nested more than {MAX_DEPTH} levels deep")
        path, _ = self.next_path()
        tag = ev.tag
        expected = _SEQ if kind == "seq" else _MAP
        rejected = tag not in (None, "!", expected)
        if rejected:
            self.problem(mark, f"tag {_short_tag(tag)} is not allowed (only plain YAML data)")
            self.doc.rejected.append(path)
        self.entries.append((path, False, mark))
        value: dict[Any, Any] | list[Any] = [] if kind == "seq" else {}
        if ev.anchor is not None:
            self.open_anchors.add(ev.anchor)
        n = len(self.entries)
        self.stack.append(_Frame(value, path, mark, ev.anchor, rejected, entry=n - 1, item_start=n))

    def end_collection(self) -> None:
        frame = self.stack.pop()
        value: Any = frame.value
        if isinstance(value, dict) and frame.merges:
            self.apply_merges(frame, value)
        if frame.rejected:
            value = REJECTED
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = _Anchor(
                value, frame.path, frame.size, self.entries[frame.entry :], None
            )
        self.place(value, frame.mark, frame.size, None)

    def apply_merges(self, frame: _Frame, value: dict[Any, Any]) -> None:
        """YAML merge keys (``<<: *defaults``): keys written here win, then earlier merges."""
        for merged, mark in frame.merges:
            sources = merged if isinstance(merged, list) else [merged]
            if not all(isinstance(s, dict) for s in sources):
                self.problem(mark, "'<<' must merge a mapping or a list of mappings")
                continue
            for source in sources:
                for key, item in source.items():
                    if key not in value:
                        value[key] = item
                        # The merged value's own marks are elsewhere; point at the `<<`.
                        self.entries.append(((*frame.path, key), False, mark))
                        self.entries.append(((*frame.path, key), True, mark))

    def scalar(self, ev: yaml.ScalarEvent) -> None:
        mark = _mark(ev.start_mark)
        path, is_key = self.next_path()
        tag = ev.tag
        if tag is None or tag == "!":
            tag = str(self.resolver.resolve(ScalarNode, ev.value, ev.implicit))  # type: ignore[no-untyped-call]
        value: Any
        if is_key:
            if tag not in _SCALAR_TAGS and tag != _MERGE:
                self.problem(mark, f"tag {_short_tag(tag)} is not allowed (only plain YAML data)")
            value = _MERGE_KEY if tag == _MERGE else ev.value
        elif tag == _STR:
            value = ev.value
        elif tag in _SCALAR_TAGS:
            value = self.construct_scalar(tag, ev, mark, path)
        else:
            self.problem(mark, f"tag {_short_tag(tag)} is not allowed (only plain YAML data)")
            self.doc.rejected.append(path)
            value = REJECTED
        self.entries.append((path, False, mark))
        if ev.anchor is not None:
            self.anchors[ev.anchor] = _Anchor(value, path, 1, self.entries[-1:], ev.value)
        self.place(value, mark, 1, ev.value)

    def construct_scalar(self, tag: str, ev: yaml.ScalarEvent, mark: Mark, path: Loc) -> Any:
        node = ScalarNode(tag, ev.value)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            kind = tag.rsplit(":", 1)[-1]
            what = "a real date" if kind == "timestamp" else f"a valid {kind}"
            self.problem(mark, f"{ev.value!r} is not {what}")
            self.doc.rejected.append(path)
            return REJECTED

    def alias(self, ev: yaml.AliasEvent) -> None:
        mark = _mark(ev.start_mark)
        name = ev.anchor or ""
        if name in self.open_anchors:
            raise self.stop(mark, f"alias *{name} refers to a collection that contains it")
        anchor = self.anchors.get(name)
        if anchor is None:  # libyaml reports this itself; the Python parser may not
            raise self.stop(mark, f"unknown alias *{name}")
        self.alias_uses += 1
        self.alias_nodes += anchor.size
        if self.alias_uses > MAX_ALIAS_USES:
            raise self.stop(mark, f"more than {MAX_ALIAS_USES} aliases: refusing to expand")
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self.stop(
                mark, f"aliases expand to more than {MAX_ALIAS_NODES} nodes: refusing to expand"
            )
        path, is_key = self.next_path()
        if not is_key:
            if _DISCARD not in path:
                self.doc.alias_marks[path] = mark
            cut = len(anchor.path)
            self.entries.append((path, False, mark))
            for sub, key, where in anchor.entries[1:]:
                self.entries.append(((*path, *sub[cut:]), key, where))
        self.place(anchor.value, mark, anchor.size, anchor.scalar_text)

    def read(self) -> YamlDocument:
        loader = _Loader(self.text)
        try:
            while loader.check_event():
                ev = loader.get_event()
                if isinstance(ev, yaml.ScalarEvent):
                    self.scalar(ev)
                elif isinstance(ev, yaml.SequenceStartEvent):
                    self.start_collection(ev, "seq")
                elif isinstance(ev, yaml.MappingStartEvent):
                    self.start_collection(ev, "map")
                elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                    self.end_collection()
                elif isinstance(ev, yaml.AliasEvent):
                    self.alias(ev)
                elif isinstance(ev, yaml.DocumentStartEvent):
                    self.documents += 1
                    if self.documents > 1:
                        raise self.stop(
                            _mark(ev.start_mark), "only one YAML document per file (found '---')"
                        )
        except _Stop:
            pass
        except yaml.MarkedYAMLError as exc:
            self.doc.fatal = True
            mark = _mark(exc.problem_mark)
            self.problem(mark, _syntax_message(exc, self.char_at(mark)))
        except yaml.reader.ReaderError as exc:
            self.doc.fatal = True
            char = exc.character
            code = f"#x{char:04x}" if isinstance(char, int) else repr(char)
            self.problem(
                self.position_mark(exc.position),
                f"bad YAML: character {code} is not allowed ({exc.reason})",
            )
        except yaml.YAMLError as exc:  # anything else libyaml can say
            self.doc.fatal = True
            self.problem((1, 1), f"bad YAML: {' '.join(str(exc).split())}")
        finally:
            loader.dispose()
        for path, is_key, mark in self.entries:
            if _DISCARD in path:
                continue
            (self.doc.key_marks if is_key else self.doc.marks)[path] = mark
        return self.doc

    def char_at(self, mark: Mark) -> str:
        lines = self.text.split("\n", mark[0])
        if len(lines) < mark[0]:
            return ""
        line = lines[mark[0] - 1]
        return line[mark[1] - 1] if 0 < mark[1] <= len(line) else ""

    def position_mark(self, position: int) -> Mark:
        before = self.text[:position]
        return (before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def _short_tag(tag: str | None) -> str:
    text = tag or "!"
    return "!!" + text[len(_TAG) :] if text.startswith(_TAG) else text


def _syntax_message(exc: yaml.MarkedYAMLError, char: str) -> str:
    problem = exc.problem or "cannot read this"
    message = f"bad YAML: {problem}"
    if char == "\t" or "'\\t'" in problem:
        message = "bad YAML: a tab character here; indent YAML with spaces, not tabs"
    elif exc.context:
        where = ""
        context_mark = _mark(exc.context_mark)
        if exc.context_mark is not None and context_mark != _mark(exc.problem_mark):
            where = f" at {context_mark[0]}:{context_mark[1]}"
        message += f" ({exc.context}{where})"
    return " ".join(message.split())


def loc_words(loc: Loc) -> str:
    """A location path in words: ``("criteria", 3, "weight")`` -> ``criteria[3].weight``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Problems:
    """Collects ``FILE:LINE:COL: where: what`` lines against a document's marks: how a reader
    of a YAML file (the portfolio export, the check-in form) reports what it refuses."""

    def __init__(self, filename: str, doc: YamlDocument) -> None:
        self.filename = filename
        self.doc = doc
        self.lines: list[str] = []

    def add(self, loc: Loc, message: str, *, key: bool = False) -> None:
        """A problem at ``loc`` (at its key, for an unknown key)."""
        line, col = self.doc.key_mark_of(loc) if key else self.doc.mark_of(loc)
        where = f"{loc_words(loc)}: " if loc else ""
        self.lines.append(f"{self.filename}:{line}:{col}: {where}{message}")

    def raise_if_any(self) -> None:
        """InputError with every problem found, if any."""
        if self.lines:
            from promo_planner.core.errors import InputError

            raise InputError(self.lines)


def read_yaml(text: str, streamed: Mapping[str, ItemHandler] | None = None) -> YamlDocument:
    """Read one YAML document safely, with marks, bounded depth and bounded alias expansion.

    Never raises for bad input: every problem is in the returned document's ``problems``.

    ``streamed`` names lists under the top-level mapping whose items are handed, one at a time
    as each is read, to a handler with the item's own marks (its ``problems`` are the whole
    document's so far); the list keeps ``STREAMED`` in their place, so a file of any length is
    read in the memory of its other parts and one item.
    """
    return _Reader(text, streamed).read()
