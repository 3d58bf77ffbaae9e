"""The types a Make's kwargs must have, read from the env constructor's signature.

Python envs take any value for any argument, so ``sutton_barto_reward="yes"`` would make a
CartPole whose reward rule is silently "true" (a non-empty string). The Java server's envs reject
kwargs of the wrong type; this gives the Python server the same check, before the constructor
runs: a value of the wrong kind is INVALID_ARGUMENT "CartPole-v1 kwarg 'sutton_barto_reward'
must be a boolean, got str 'yes'".

What a parameter takes is read from its annotation if it is a plain one (``bool``, ``int``,
``float``, ``str``, ``Optional[...]``/``... | None`` of those, as strings too, for modules with
``from __future__ import annotations``), else from its default's type (``False`` -> boolean,
``0`` or ``0.0`` -> number, since authors write ``=0`` for floats too, ``""`` -> string). A
parameter with neither (no annotation, default None), an annotation of another type, ``**kwargs``
or a constructor whose signature cannot be read are not checked. Values are only checked, never
converted: a string "false" for a boolean is refused, not read as False (passed on, it would be
true).

    kinds       accepts
    boolean     bool, numpy.bool_
    integer     int, NumPy integers (not bool)
    number      int, float, NumPy integers and floats (not bool)
    string      str
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any, Callable, Dict, FrozenSet, Optional, Tuple

import numpy as np

from gymbridge_server.codec import describe
from gymbridge_server.errors import clip

_CHECKS: Dict[str, Callable[[Any], bool]] = {
    "boolean": lambda v: isinstance(v, (bool, np.bool_)),
    "integer": lambda v: isinstance(v, (int, np.integer)) and not isinstance(v, bool),
    "number": lambda v: (isinstance(v, (int, float, np.integer, np.floating))
                         and not isinstance(v, bool)),
    "string": lambda v: isinstance(v, str),
}
_ARTICLE = {"boolean": "a boolean", "integer": "an integer", "number": "a number",
            "string": "a string"}
_BY_TYPE = {bool: "boolean", int: "integer", float: "number", str: "string"}
_BY_NAME = {"bool": "boolean", "int": "integer", "float": "number", "str": "string"}
_OPTIONAL = re.compile(r"^(?:typing\.)?Optional\[(.*)\]$")
_UNION = re.compile(r"^(?:typing\.)?Union\[(.*)\]$")


class KwargRule:
    """What one parameter accepts: some kinds, and None if it is optional."""

    __slots__ = ("kinds", "optional")

    def __init__(self, kinds: FrozenSet[str], optional: bool):
        self.kinds = kinds
        self.optional = optional

    def accepts(self, value: Any) -> bool:
        if value is None:
            return self.optional
        return any(_CHECKS[kind](value) for kind in self.kinds)

    def expected(self) -> str:
        words = [_ARTICLE[k] for k in ("boolean", "integer", "number", "string")
                 if k in self.kinds]
        if self.optional:
            words.append("None")
        return " or ".join(words)

    def __repr__(self) -> str:
        return f"KwargRule({self.expected()})"


def rules_of(creator: Callable[..., Any]) -> Dict[str, KwargRule]:
    """The checkable parameters of a constructor (or factory) and what each accepts; empty if
    its signature cannot be read."""
    try:
        signature = inspect.signature(creator)
    except (TypeError, ValueError):  # a builtin, or something odd
        return {}
    hints = _type_hints(creator)
    rules = {}
    for p in signature.parameters.values():
        if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            continue
        annotation = hints.get(p.name, p.annotation)
        rule = None
        if annotation is not p.empty:
            rule = _from_annotation(annotation)
        elif p.default is not p.empty and p.default is not None:
            rule = _from_default(p.default)
        if rule is not None:
            rules[p.name] = rule
    return rules


def mismatch(env_id: str, rules: Dict[str, KwargRule], kwargs: Dict[str, Any]) -> Optional[str]:
    """Why a kwarg's value does not fit its parameter (the first such kwarg), or None."""
    for name, value in kwargs.items():
        rule = rules.get(name)
        if rule is not None and not rule.accepts(value):
            return (f"{env_id} kwarg '{clip(name)}' must be {rule.expected()}, got "
                    f"{describe(value)}")
    return None


# ---- reading annotations and defaults ----


def _type_hints(creator) -> dict:
    """Resolved annotations (string ones evaluated), or {} if they cannot be resolved."""
    target = creator.__init__ if inspect.isclass(creator) else creator
    try:
        return typing.get_type_hints(target)
    except Exception:  # a name the module does not define, a syntax only newer Pythons know
        return {}


def _from_default(default) -> Optional[KwargRule]:
    if isinstance(default, (bool, np.bool_)):
        return KwargRule(frozenset({"boolean"}), False)
    if isinstance(default, (int, float, np.integer, np.floating)):
        return KwargRule(frozenset({"number"}), False)
    if isinstance(default, str):
        return KwargRule(frozenset({"string"}), False)
    return None


def _from_annotation(annotation) -> Optional[KwargRule]:
    if isinstance(annotation, str):
        return _from_text(annotation.replace(" ", ""))
    members, optional = _union_members(annotation)
    kinds = set()
    for member in members:
        kind = _BY_TYPE.get(member)
        if kind is None:
            return None  # a type this does not know how to check: no check
        kinds.add(kind)
    return KwargRule(frozenset(kinds), optional) if kinds else None


def _union_members(annotation) -> Tuple[tuple, bool]:
    """The members of Union[...] / X | None (without NoneType), and whether None was one."""
    if typing.get_origin(annotation) is typing.Union or type(annotation).__name__ == "UnionType":
        args = typing.get_args(annotation)
        members = tuple(a for a in args if a is not type(None))
        return members, len(members) != len(args)
    return (annotation,), False


def _from_text(text: str) -> Optional[KwargRule]:
    """An annotation left as a string (it did not resolve): the plain forms only."""
    match = _OPTIONAL.match(text)
    if match:
        names, optional = match.group(1).split(","), True
    else:
        match = _UNION.match(text)
        names = (match.group(1) if match else text).split("," if match else "|")
        optional = False
    kinds = set()
    for name in names:
        if name == "None":
            optional = True
        elif name in _BY_NAME:
            kinds.add(_BY_NAME[name])
        else:
            return None
    return KwargRule(frozenset(kinds), optional) if kinds else None
