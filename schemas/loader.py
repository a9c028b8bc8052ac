"""Loading YAML specs safely, with every validation error pointing at FILE:LINE:COL.

PyYAML's composer keeps the position of every node; we build plain Python data from the node
tree ourselves (rejecting duplicate keys, which PyYAML silently accepts) and keep a map from each
data path to its position, so pydantic's error locations can be shown where the person typed.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ferry.core.errors import FerryError

Loc = tuple[str | int, ...]
Where = str  # 'FILE:LINE:COL', 1-based
M = TypeVar("M", bound=BaseModel)


class SpecError(FerryError):
    """One or more problems in a spec file, one line each."""


# What `ferry init` writes where only the person can say (a dynamic dimension, a data file): a
# spec that still holds one is refused at that line, before anything else is checked.
PLACEHOLDER = "FILL_IN"


# Bounds on what a spec may cost to read (docs/limits.md). A hand-written spec is a few KB, a
# few levels deep, with a few hundred values; aliases let 0.5 KB expand to gigabytes (a "billion
# laughs") or refer to themselves, and PyYAML's composer recurses once per level.
MAX_SPEC_BYTES = 1 << 20
MAX_DEPTH = 64  # nested mappings and sequences
MAX_VALUES = 100_000  # values built, every alias expansion counted


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[Loc, Where] = {}
        self.key_positions: dict[Loc, Where] = {}
        self.problems: list[str] = []
        self._scalars = yaml.SafeLoader("")
        self._values = 0
        self._open: set[int] = set()  # the collections being built: an alias to one is a cycle

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self._values += 1
        if self._values > MAX_VALUES:
            raise SpecError(f"{self._at(node)}: the spec expands to more than {MAX_VALUES} values "
                            "(aliases included); see docs/limits.md")
        if id(node) in self._open:
            raise SpecError(f"{self._at(node)}: {_dotted(loc) or 'top level'}: an alias refers to a "
                            "value that contains it (a recursive alias)")
        if isinstance(node, yaml.CollectionNode):
            self._open.add(id(node))
            try:
                return self._build_collection(node, loc)
            finally:
                self._open.discard(id(node))
        self.positions[loc] = self._at(node)
        try:
            return self._scalars.construct_object(node)
        except ValueError as error:  # e.g. an integer of more digits than Python converts
            raise SpecError(f"{self._at(node)}: {_dotted(loc) or 'top level'}: {error}") from None

    def _build_collection(self, node: yaml.CollectionNode, loc: Loc) -> Any:
        self.positions[loc] = self._at(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalars.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)):
                    self.problems.append(f"{self._at(key_node)}: {_dotted(loc) or 'top level'}: "
                                         "keys must be plain strings")
                    continue
                if key in result:
                    self.problems.append(f"{self._at(key_node)}: {_dotted((*loc, key))}: "
                                         f"duplicate key '{key}'")
                    continue
                at = (*loc, key)  # a name, not d[(*loc, key)]: mypy reads that as 3.11's d[*loc, key]
                self.key_positions[at] = self._at(key_node)
                result[key] = self.build(value_node, at)
            return result
        return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]

    def _at(self, node: yaml.Node) -> str:
        return f"{self.file}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (through Optional, Union, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model whose fields are valid at `loc` (through lists and stage unions)."""
    candidates: list[Any] = [root]
    for part in loc:
        following: list[Any] = []
        for current in candidates:
            origin = typing.get_origin(current)
            if isinstance(current, type) and issubclass(current, BaseModel):
                if isinstance(part, str) and part in current.model_fields:
                    following += _unwrap(current.model_fields[part].annotation)
                elif isinstance(part, str) and "kind" in current.model_fields:
                    kind = typing.get_args(current.model_fields["kind"].annotation)
                    if part in kind:
                        following.append(current)
            elif origin in (list, tuple) and isinstance(part, int):
                following += _unwrap(typing.get_args(current)[0])
            elif origin is dict and isinstance(part, str):
                following += _unwrap(typing.get_args(current)[1])
        models = [c for c in following if isinstance(c, type) and issubclass(c, BaseModel)]
        tagged = [m for m in models if "kind" in m.model_fields
                  and part in typing.get_args(m.model_fields["kind"].annotation)]
        candidates = tagged or following
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if len(models) == 1 else None


def _data_loc(loc: Loc, data: Any) -> Loc:
    """Drop the parts of pydantic's location that are not in the data (union tags)."""
    kept: list[str | int] = []
    for part in loc:
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if (isinstance(data, dict) and part in data) or in_list:
            data = data[part]
        else:
            continue
        kept.append(part)
    return tuple(kept)


def _message(error: Mapping[str, Any], root: type[BaseModel]) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"unknown field '{loc[-1]}' (expected one of: {', '.join(allowed)}){suggestion}"
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return (f"unknown {ctx.get('discriminator', 'kind').strip(chr(39))} '{ctx.get('tag')}' "
                f"(expected one of {ctx.get('expected_tags')})")
    if kind == "literal_error":
        return f"'{error['input']}' is not allowed ({error['msg'][0].lower()}{error['msg'][1:]})"
    return error["msg"]


def _placed(item: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], bool]]:
    """A validator may report several problems below its field, as ctx 'problems': [(location
    below the field, message)]. Each becomes an error of its own, flagged as placed (a problem
    at a key points at the key's line, one at a list index at that item's)."""
    problems = (item.get("ctx") or {}).get("problems")
    if problems is None:
        return [(item, False)]
    return [({**item, "loc": (*item["loc"], *at), "msg": message}, True) for at, message in problems]


def _read_spec(path: Path) -> str:
    if path.is_dir():
        raise SpecError(f"{path}: is a folder; expected a YAML file")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        raise SpecError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError(f"{path}: larger than {MAX_SPEC_BYTES} bytes, the limit for a spec (docs/limits.md)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SpecError(f"{path}:{line}: not UTF-8 text (byte {error.start})") from None


def _check_depth(text: str, path: Path) -> None:
    """Refuse nesting deeper than MAX_DEPTH from the event stream (the parser is iterative)
    before the recursive composer sees it."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
                raise SpecError(f"{where}: nested deeper than {MAX_DEPTH} levels, the limit for a spec "
                                "(docs/limits.md)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(path: Path) -> tuple[Any, _Builder]:
    text = _read_spec(path)
    builder = _Builder(str(path))
    try:
        _check_depth(text, path)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = builder.build(root, ()) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        context = ""
        if error.context and error.context_mark is not None and error.problem_mark is not None:
            context = (f" ({error.context} at line {error.context_mark.line + 1}, "
                       f"column {error.context_mark.column + 1})")
        raise SpecError(f"{where}: invalid YAML: {error.problem or error.context}{context}") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow: no mark, a position
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise SpecError(f"{path}:{line}:{column}: invalid YAML: unacceptable character #x{code:04x}") from None
    except yaml.YAMLError as error:
        raise SpecError(f"{path}: invalid YAML: {error}") from None
    return data, builder


def _merge(base: Any, override: Any) -> Any:
    """`extends:` semantics: mappings merge key by key, anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{key: _merge(base.get(key), value) for key, value in override.items()}}
    return override


def _load_extending(path: Path, chain: tuple[Path, ...] = ()) -> tuple[Any, _Builder]:
    """Load `path`; when it says `extends: FILE`, merge it over that sibling file (recursively).
    The returned builder keeps each value's position in the file that set it."""
    data, builder = load_yaml(path)
    parent = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(parent, str):
        return data, builder
    where = builder.positions.get(("extends",), f"{path}:1:1")
    base_path = path.parent / parent
    if "/" in parent or "\\" in parent or parent.startswith("."):
        raise SpecError(f"{where}: extends: expected a file name in the same folder, got '{parent}'")
    if base_path.resolve() in chain or base_path.resolve() == path.resolve():
        raise SpecError(f"{where}: extends: '{parent}' extends this file again (a cycle)")
    if not base_path.is_file():
        raise SpecError(f"{where}: extends: file not found: {base_path}")
    base_data, base_builder = _load_extending(base_path, (*chain, path.resolve()))
    if not isinstance(base_data, dict):
        raise SpecError(f"{base_path}:1:1: top level: expected a mapping of fields")
    base_builder.positions.update(builder.positions)
    base_builder.key_positions.update(builder.key_positions)
    base_builder.problems += builder.problems
    return _merge(base_data, data), base_builder


def load_model(path: Path, model: type[M], context: dict[str, Any] | None = None) -> M:
    """Parse and validate `path` as `model`; raise SpecError listing every problem. A model with
    an `extends` field may name a sibling file to inherit from."""
    if "extends" in model.model_fields:
        data, builder = _load_extending(path)
    else:
        data, builder = load_yaml(path)
    problems = list(builder.problems)
    placeholders = [f"{builder.positions.get(loc, f'{path}:1:1')}: {_dotted(loc)}: {PLACEHOLDER} is a placeholder "
                    "from `ferry init`: replace it (the comment on its line says with what)"
                    for loc in _placeholders(data, ())]
    if placeholders:
        raise SpecError("\n".join(placeholders))
    if not isinstance(data, dict):
        problems.append(f"{path}:1:1: top level: expected a mapping of fields")
    else:
        try:
            result = model.model_validate(data, context=context)
        except ValidationError as error:
            for item, placed in (placed for raw in error.errors(include_url=False) for placed in _placed(raw)):
                loc = _data_loc(item["loc"], data)
                if item["type"] == "extra_forbidden" or (placed and loc and isinstance(loc[-1], str)):
                    where = builder.key_positions.get(loc, builder.positions.get(loc[:-1]))
                else:
                    where = builder.positions.get(loc)
                problems.append(f"{where or f'{path}:1:1'}: {_dotted(item['loc']) or 'top level'}: "
                                f"{_message(item, model)}")
        else:
            if not problems:
                return result
    raise SpecError("\n".join(sorted(problems, key=_position_key)))


def _placeholders(data: Any, loc: Loc) -> list[Loc]:
    """Where the data still holds a placeholder, in file order."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _placeholders(value, (*loc, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _placeholders(value, (*loc, i))]
    return [loc] if isinstance(data, str) and PLACEHOLDER in data else []


def _position_key(problem: str) -> tuple[str, int, int]:
    """Problems in file order: 'FILE:LINE:COL: ...' sorted by file, line, then column."""
    parts = problem.split(":")
    numbers = [int(p) for p in parts[1:3] if p.isdigit()]
    return parts[0], ([*numbers, 0, 0])[0], ([*numbers, 0, 0])[1]
