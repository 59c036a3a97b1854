"""Reading a published ladder's YAML node by node, so every complaint points at FILE:LINE:COL.

The importers walk the composed node tree (not the constructed Python values) because only the
nodes know where they were written. YAML is composed with the safe loader; an alias is the same
node seen twice, so nothing is ever expanded beyond what the walk asks for, and the importers cap
how many items they accept.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from promo_planner.core.errors import InputError
from promo_planner.core.input_rules import character_problem

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"

MAX_LIST_ITEMS = 100_000
"""Most list items one document may hand out (aliases counted each time they are used)."""


class Fields(dict[str, Node]):
    """The value nodes of a mapping by key, plus the key nodes (to point at a bad key)."""

    def __init__(self) -> None:
        super().__init__()
        self.key_nodes: dict[str, Node] = {}


class SourceYaml:
    """One YAML document of a published ladder, with errors that name its file and position.

    ``line_offset`` is how many lines of the file come before the YAML (front matter starts
    on the line after its opening ``---``).
    """

    def __init__(self, filename: str, line_offset: int = 0) -> None:
        self.filename = filename
        self.line_offset = line_offset
        self._items_read = 0

    # -- positions and errors ------------------------------------------------------------

    def where(self, node: Node) -> str:
        """``FILE:LINE:COL`` of a node (1-based, counted in the whole file)."""
        mark = node.start_mark
        return f"{self.filename}:{mark.line + 1 + self.line_offset}:{mark.column + 1}"

    def error(self, node: Node, message: str) -> InputError:
        """An InputError pointing at ``node``."""
        return InputError(f"{self.where(node)}: {message}")

    def compose(self, text: str) -> Node:
        """The document's root node; InputError for bad YAML or an empty document."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            parts = [part for part in (exc.context, exc.problem) if part]
            problem = ", ".join(parts) or "not valid YAML"
            if mark is None:
                raise InputError(f"{self.filename}: not valid YAML: {problem}") from None
            where = f"{self.filename}:{mark.line + 1 + self.line_offset}:{mark.column + 1}"
            raise InputError(f"{where}: not valid YAML: {problem}") from None
        except yaml.reader.ReaderError as exc:  # a character YAML refuses: no mark, a position
            before = text[: exc.position]
            line = before.count("\n") + 1 + self.line_offset
            column = exc.position - (before.rfind("\n") + 1) + 1
            char = exc.character
            code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
            raise InputError(
                f"{self.filename}:{line}:{column}: not valid YAML: character {code} is not allowed"
            ) from None
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "not valid YAML"
            raise InputError(f"{self.filename}: not valid YAML: {first}") from None
        if root is None:
            raise InputError(f"{self.filename}: the document is empty")
        return root

    # -- typed access --------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> Fields:
        """The keys of a mapping node and their value nodes; InputError if not a mapping."""
        if not isinstance(node, MappingNode):
            raise self.error(node, f"{what} must be a mapping, not {_kind(node)}")
        fields = Fields()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error(key_node, f"{what}: keys must be plain names")
            key = str(key_node.value)
            if key in fields:
                raise self.error(key_node, f"{what}: duplicate key {key!r}")
            fields[key] = value_node
            fields.key_nodes[key] = key_node
        return fields

    def only(self, fields: Fields, allowed: tuple[str, ...], what: str) -> None:
        """InputError at the first key not in ``allowed``: content this importer would drop."""
        for key, key_node in fields.key_nodes.items():
            if key not in allowed:
                expected = ", ".join(allowed)
                raise self.error(key_node, f"{what}: unknown key {key!r} (expected: {expected})")

    def sequence(self, node: Node, what: str) -> list[Node]:
        """The items of a sequence node; InputError if not a list."""
        if not isinstance(node, SequenceNode):
            raise self.error(node, f"{what} must be a list, not {_kind(node)}")
        # Aliases let a short file name the same long list many times over; count every item
        # handed out so such a file is refused instead of expanded.
        self._items_read += len(node.value)
        if self._items_read > MAX_LIST_ITEMS:
            raise self.error(node, f"more than {MAX_LIST_ITEMS} list items in all; not a ladder")
        return list(node.value)

    def required(self, fields: Fields, parent: Node, key: str, what: str) -> Node:
        """The value node of ``key``; InputError at ``parent`` when it is missing or empty."""
        node = fields.get(key)
        if node is None:
            raise self.error(parent, f"{what}: missing key {key!r}")
        if _is_null(node):
            raise self.error(node, f"{what}: {key!r} is empty")
        return node

    @staticmethod
    def optional(fields: Fields, key: str) -> Node | None:
        """The value node of ``key``, or None when it is missing or null."""
        node = fields.get(key)
        return None if node is None or _is_null(node) else node

    def text(self, node: Node, what: str, *, multiline: bool = False) -> str:
        """A non-empty text scalar, stripped. Numbers are accepted as their written text.

        The text obeys the one character rule (``input_rules.character_problem``): no control
        characters or bidi overrides, and one line unless ``multiline``.
        """
        if not isinstance(node, ScalarNode) or node.tag not in (_STR, _INT, _FLOAT):
            raise self.error(node, f"{what} must be text, not {_kind(node)}")
        value = str(node.value).strip()
        if not value:
            raise self.error(node, f"{what} is empty")
        problem = character_problem(value, multiline=multiline)
        if problem:
            raise self.error(node, f"{what} {problem}")
        return value

    def integer(self, node: Node, what: str) -> int:
        """A whole number scalar."""
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            raise self.error(node, f"{what} must be a whole number, not {_kind(node)}")
        value = yaml.safe_load(node.value)
        if not isinstance(value, int) or isinstance(value, bool):  # e.g. `!!int "six"`
            raise self.error(node, f"{what} must be a whole number")
        return value


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if _is_null(node):
        return "empty"
    value = str(node.value)
    shown = value if len(value) <= 30 else value[:27] + "..."
    return f"{node.tag.rsplit(':', 1)[-1]} {shown!r}"
