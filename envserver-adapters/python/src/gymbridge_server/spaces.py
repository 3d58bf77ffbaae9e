"""Spaces as the protocol sees them: encoding, batching, decoding and checking of values.

An env's spaces (gymnasium.spaces or any look-alike) are read once, by class name and attributes
(:func:`from_env_space`), into the small immutable classes here. They do what the Java side's
``ProtoCodec``, ``Spaces`` and space classes do, with the same rules and messages:

- ``to_proto``: the Space message (Box bounds as float64 tensors; float32 boxes keep
  float32-representable bounds; MultiDiscrete nvec/start int64; Dict entries in key order).
- ``batch(n)``: ``gymnasium.vector.utils.batch_space`` (Gymnasium 1.x): Box -> Box [n, ...];
  Discrete -> MultiDiscrete [n]; MultiDiscrete -> int64 Box of [start, start + nvec - 1];
  MultiBinary -> int8 Box of [0, 1]; Dict and Tuple per subspace; Text -> Tuple of n Texts.
- ``concatenate`` (observations of n envs -> one batched value), ``split`` (a checked batched
  action -> n single actions), ``decode`` (a Value of this space), ``fill`` (encode a value).
- ``action_mismatch``: why a value is not a valid action, or None. As Gymnasium's envs clip Box
  actions themselves, Box values outside [low, high] pass; NaN and infinities do not.
- ``bad_envs`` / ``item``: the per-env checks of a batch, vectorized; ``item`` picks env i's value
  only to word the message once a check has failed.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from gymbridge_server import codec
from gymbridge_server.codec import describe, describe_tensor, java_double
from gymbridge_server.errors import clip
from gymbridge_server.proto import values_pb2

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _kind_mismatch(space, expected: str, value: values_pb2.Value) -> ValueError:
    got = value.WhichOneof("kind") or "nothing"
    return ValueError(f"expected {expected} for {space}, got {got}")


def _tensor(space, value: values_pb2.Value) -> np.ndarray:
    if value.WhichOneof("kind") != "tensor":
        raise _kind_mismatch(space, "a tensor", value)
    return codec.tensor_to_array(value.tensor)


def _first(mask: np.ndarray) -> int:
    return int(np.argmax(mask.reshape(-1)))


_INT64_MAX = 2**63 - 1


def _as_int64(values: np.ndarray):
    """Integer values as int64, and a mask of those int64 cannot hold (uint64 values above
    2^63 - 1; None if there can be none). NumPy compares uint64 with int64 through float64, which
    is inexact past 2^53, and ``astype(np.int64)`` wraps 2^64 - 1 to -1: both are avoided."""
    if values.dtype == np.uint64:
        return values.astype(np.int64), values > np.uint64(_INT64_MAX)
    return values.astype(np.int64, copy=False), None


def _outside(values: np.ndarray, start, end) -> np.ndarray:
    """Which of the integer ``values`` are outside [start, end), exactly, whatever their dtype."""
    as_int64, too_big = _as_int64(values)
    bad = (as_int64 < start) | (as_int64 >= end)
    return bad if too_big is None else bad | too_big


class Space:
    """Base of the protocol's spaces; see the module docstring for what each method does."""

    def to_proto(self) -> values_pb2.Space:
        out = values_pb2.Space()
        self.fill_proto(out)
        return out

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and (
            other.to_proto().SerializeToString(deterministic=True)
            == self.to_proto().SerializeToString(deterministic=True))

    __hash__ = None

    def fast_ok(self, batched, n: int) -> bool:
        """A cheap test that a batch of n actions is valid: True only if it certainly is (then
        ``bad_envs`` and the batched space's ``action_mismatch`` would find nothing); False
        sends the batch through the full checks, which word the message."""
        return False

    def can_unbatch(self, batched, n: int) -> bool:
        """True if ``batched`` has at least n values of this space along its first axis."""
        return isinstance(batched, np.ndarray) and batched.ndim >= 1 and batched.shape[0] >= n

    def item(self, batched, i: int):
        return batched[i]

    def split(self, batched, n: int) -> list:
        return list(batched[:n])

    def fill(self, out: values_pb2.Value, value) -> None:
        codec.fill_tensor(out.tensor, np.asarray(value, dtype=self.dtype))

    def decode(self, value: values_pb2.Value):
        return _tensor(self, value)


class Box(Space):
    """gymnasium.spaces.Box: arrays of one dtype and shape, each element in [low, high]."""

    def __init__(self, low, high, dtype, shape):
        self.dtype = np.dtype(dtype)
        self.shape = tuple(int(d) for d in shape)
        codec.dtype_number(self.dtype)  # ValueError for dtypes the protocol cannot carry
        bounds = []
        for b in (low, high):
            b = np.broadcast_to(np.asarray(b, dtype=np.float64), self.shape)
            if self.dtype == np.float32:  # as Gymnasium casts its bounds to the dtype
                b = b.astype(np.float32).astype(np.float64)
            bounds.append(np.array(b, dtype=np.float64))
        self.low, self.high = bounds
        self._floating = self.dtype.kind == "f"

    def __str__(self) -> str:
        return (f"Box({self._bound(self.low)}, {self._bound(self.high)}, {self.shape}, "
                f"{self.dtype.name})")

    def _number(self, v: float) -> str:
        if np.isinf(v):
            return "inf" if v > 0 else "-inf"
        if self.dtype == np.float32:
            return str(np.float32(v))
        return repr(float(v)) if self._floating else str(int(v))

    def _bound(self, b: np.ndarray) -> str:
        flat = b.reshape(-1)
        if flat.size and (flat == flat[0]).all():
            return self._number(flat[0])
        return "[" + " ".join(self._number(v) for v in flat) + "]"

    def _index(self, flat: int) -> str:
        if len(self.shape) <= 1:
            return f"[{flat}]"
        return str([int(i) for i in np.unravel_index(flat, self.shape)])

    def fill_proto(self, out: values_pb2.Space) -> None:
        box = out.box
        box.dtype = codec.dtype_number(self.dtype)
        box.shape.extend(self.shape)
        codec.fill_tensor(box.low, self.low)
        codec.fill_tensor(box.high, self.high)

    def batch(self, n: int) -> "Box":
        shape = (n,) + self.shape
        return Box(np.broadcast_to(self.low, shape), np.broadcast_to(self.high, shape),
                   self.dtype, shape)

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, np.ndarray):
            return f"expected a tensor in {self}, got {describe(value)}"
        if value.dtype != self.dtype or value.shape != self.shape:
            return (f"expected {self.dtype.name}{list(self.shape)} in {self}, got "
                    f"{describe_tensor(value)}")
        if self._floating:
            finite = np.isfinite(value)
            if np.count_nonzero(finite) != finite.size:
                i = _first(~finite)
                return (f"element {self._index(i)} = {java_double(value.reshape(-1)[i])} "
                        f"is not finite, in {self}")
        return None

    def fast_ok(self, batched, n: int) -> bool:
        if (batched.__class__ is not np.ndarray or batched.dtype != self.dtype
                or batched.shape != (n,) + self.shape):
            return False
        return not self._floating or np.count_nonzero(np.isfinite(batched)) == batched.size

    def bad_envs(self, batched: np.ndarray, n: int) -> np.ndarray:
        rows = batched[:n]
        if rows.dtype != self.dtype or rows.shape[1:] != self.shape:
            return np.ones(n, dtype=bool)
        if self._floating:
            return ~np.isfinite(rows).reshape(n, -1).all(axis=1)
        return np.zeros(n, dtype=bool)

    def concatenate(self, values: list) -> np.ndarray:
        if len(values) == 1:
            out = np.asarray(values[0], dtype=self.dtype)[np.newaxis]
        else:
            out = np.stack([np.asarray(v, dtype=self.dtype) for v in values])
        if out.shape[1:] != self.shape:
            raise ValueError(f"observation of shape {out.shape[1:]} in {self}")
        return out


class Discrete(Space):
    """gymnasium.spaces.Discrete: the integers start, ..., start + n - 1."""

    dtype = np.dtype(np.int64)

    def __init__(self, n: int, start: int = 0):
        self.n = int(n)
        self.start = int(start)

    def __str__(self) -> str:
        if self.start == 0:
            return f"Discrete({self.n})"
        return f"Discrete({self.n}, start={self.start})"

    def fill_proto(self, out: values_pb2.Space) -> None:
        out.discrete.n = self.n
        out.discrete.start = self.start

    def batch(self, n: int) -> "MultiDiscrete":
        return MultiDiscrete(np.full((n,), self.n), np.full((n,), self.start))

    def decode(self, value: values_pb2.Value) -> int:
        kind = value.WhichOneof("kind")
        if kind == "int_value":
            return value.int_value
        if kind == "tensor" and len(value.tensor.shape) == 0:
            array = codec.tensor_to_array(value.tensor)
            if array.dtype.kind in "iub":
                return int(array)
        raise _kind_mismatch(self, "an integer", value)

    def fill(self, out: values_pb2.Value, value) -> None:
        out.int_value = int(value)

    def action_mismatch(self, value) -> Optional[str]:
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            return f"expected an integer in {self}, got {describe(value)}"
        if not self.start <= value < self.start + self.n:
            return f"{value} is outside {self}"
        return None

    # A batch of Discrete actions is an integer tensor; env i's action is its element i.
    def fast_ok(self, batched, n: int) -> bool:
        if (batched.__class__ is not np.ndarray or batched.dtype.kind not in "iu"
                or batched.dtype == np.uint64 or batched.shape != (n,)):
            return False
        if n == 1:
            return self.start <= batched[0] < self.start + self.n
        return n == 0 or (self.start <= batched.min() and batched.max() < self.start + self.n)

    def can_unbatch(self, batched, n: int) -> bool:
        return isinstance(batched, np.ndarray) and batched.size >= n

    def _values(self, batched: np.ndarray, n: int) -> np.ndarray:
        return batched.reshape(-1)[:n].astype(np.int64)

    def bad_envs(self, batched: np.ndarray, n: int) -> np.ndarray:
        if batched.dtype == np.uint64:
            return _outside(batched.reshape(-1)[:n], self.start, self.start + self.n)
        values = self._values(batched, n)
        return (values < self.start) | (values >= self.start + self.n)

    def item(self, batched, i: int):
        if batched.dtype == np.uint64:
            return int(batched.reshape(-1)[i])  # its real value, which int64 may not hold
        return self._values(batched, i + 1)[i]

    def split(self, batched, n: int) -> list:
        if batched.dtype != np.int64:
            batched = batched.astype(np.int64)
        return list(batched[:n])  # np.int64 each, as gymnasium's iterate gives

    def concatenate(self, values: list) -> np.ndarray:
        out = np.array(values, dtype=np.int64)
        if out.shape != (len(values),):
            raise ValueError(f"observations of shape {out.shape[1:]} in {self}")
        return out


class MultiDiscrete(Space):
    """gymnasium.spaces.MultiDiscrete: integer arrays, element i in [start[i], start[i]+nvec[i])."""

    dtype = np.dtype(np.int64)

    def __init__(self, nvec, start=None):
        self.nvec = np.array(nvec, dtype=np.int64)
        self.start = (np.zeros_like(self.nvec) if start is None
                      else np.array(np.broadcast_to(np.asarray(start, np.int64), self.nvec.shape)))
        self.shape = self.nvec.shape
        self._end = self.start + self.nvec

    def __str__(self) -> str:
        text = "MultiDiscrete([" + " ".join(str(v) for v in self.nvec.reshape(-1)) + "]"
        if self.start.any():
            text += f", start={self.start.reshape(-1).tolist()}"
        return text + ")"

    def fill_proto(self, out: values_pb2.Space) -> None:
        codec.fill_tensor(out.multi_discrete.nvec, self.nvec)
        codec.fill_tensor(out.multi_discrete.start, self.start)

    def batch(self, n: int) -> Box:
        low = np.broadcast_to(self.start, (n,) + self.shape)
        return Box(low, low + np.broadcast_to(self.nvec, low.shape) - 1, np.int64, low.shape)

    def _type_ok(self, dtype, shape) -> bool:
        return dtype.kind not in "fb" and shape == self.shape

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, np.ndarray):
            return f"expected a tensor in {self}, got {describe(value)}"
        if not self._type_ok(value.dtype, value.shape):
            return f"expected int64{list(self.shape)} in {self}, got {describe_tensor(value)}"
        bad = _outside(value, self.start, self._end)
        if np.count_nonzero(bad):
            i = _first(bad)
            return f"element [{i}] = {value.reshape(-1)[i]} is outside {self}"
        return None

    def fast_ok(self, batched, n: int) -> bool:
        if (batched.__class__ is not np.ndarray or batched.dtype != np.int64
                or batched.shape != (n,) + self.shape):
            return False
        return np.count_nonzero((batched < self.start) | (batched >= self._end)) == 0

    def bad_envs(self, batched: np.ndarray, n: int) -> np.ndarray:
        rows = batched[:n]
        if not self._type_ok(rows.dtype, rows.shape[1:]):
            return np.ones(n, dtype=bool)
        return _outside(rows, self.start, self._end).reshape(n, -1).any(axis=1)

    def concatenate(self, values: list) -> np.ndarray:
        out = np.stack([np.asarray(v) for v in values]).astype(np.int64, copy=False)
        if out.shape[1:] != self.shape:
            raise ValueError(f"observation of shape {out.shape[1:]} in {self}")
        return out


class MultiBinary(Space):
    """gymnasium.spaces.MultiBinary: arrays of 0s and 1s (int8, as in Gymnasium)."""

    dtype = np.dtype(np.int8)

    def __init__(self, shape):
        self.shape = tuple(int(d) for d in np.atleast_1d(np.asarray(shape, dtype=np.int64)))

    def __str__(self) -> str:
        return f"MultiBinary({self.shape[0] if len(self.shape) == 1 else self.shape})"

    def fill_proto(self, out: values_pb2.Space) -> None:
        out.multi_binary.SetInParent()
        out.multi_binary.shape.extend(self.shape)

    def batch(self, n: int) -> Box:
        return Box(0, 1, np.int8, (n,) + self.shape)

    def _type_ok(self, dtype, shape) -> bool:
        return dtype.kind != "f" and shape == self.shape

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, np.ndarray):
            return f"expected a tensor in {self}, got {describe(value)}"
        if not self._type_ok(value.dtype, value.shape):
            return f"expected int8{list(self.shape)} in {self}, got {describe_tensor(value)}"
        bad = (value != 0) & (value != 1)
        if np.count_nonzero(bad):
            i = _first(bad)
            return f"element [{i}] = {value.reshape(-1)[i]} is not 0 or 1, in {self}"
        return None

    def fast_ok(self, batched, n: int) -> bool:
        if (batched.__class__ is not np.ndarray or batched.dtype != np.int8
                or batched.shape != (n,) + self.shape):
            return False
        return np.count_nonzero(batched.view(np.uint8) > 1) == 0

    def bad_envs(self, batched: np.ndarray, n: int) -> np.ndarray:
        rows = batched[:n]
        if not self._type_ok(rows.dtype, rows.shape[1:]):
            return np.ones(n, dtype=bool)
        return ((rows != 0) & (rows != 1)).reshape(n, -1).any(axis=1)

    def concatenate(self, values: list) -> np.ndarray:
        out = np.stack([np.asarray(v) for v in values]).astype(np.int8, copy=False)
        if out.shape[1:] != self.shape:
            raise ValueError(f"observation of shape {out.shape[1:]} in {self}")
        return out


class Text(Space):
    """gymnasium.spaces.Text: strings of min_length..max_length characters of a charset."""

    def __init__(self, min_length: int, max_length: int, charset: str = ALPHANUMERIC):
        self.min_length = int(min_length)
        self.max_length = int(max_length)
        self.charset = charset or ALPHANUMERIC
        self._chars = frozenset(self.charset)

    def __str__(self) -> str:
        return f"Text({self.min_length}, {self.max_length})"

    def fill_proto(self, out: values_pb2.Space) -> None:
        out.text.min_length = self.min_length
        out.text.max_length = self.max_length
        out.text.charset = self.charset

    def batch(self, n: int) -> "Tuple":
        return Tuple([self] * n)

    def decode(self, value: values_pb2.Value) -> str:
        if value.WhichOneof("kind") != "string_value":
            raise _kind_mismatch(self, "a string", value)
        return value.string_value

    def fill(self, out: values_pb2.Value, value) -> None:
        out.string_value = str(value)

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, str):
            return f"expected a string in {self}, got {describe(value)}"
        if not self.min_length <= len(value) <= self.max_length:
            return f"string of length {len(value)} is outside {self}"
        for i, c in enumerate(value):
            if c not in self._chars:
                return f"character [{i}] '{clip(c)}' is not in the charset of {self}"
        return None

    def fast_ok(self, batched, n: int) -> bool:
        return (isinstance(batched, list) and len(batched) == n
                and all(self.action_mismatch(s) is None for s in batched))

    def can_unbatch(self, batched, n: int) -> bool:
        return isinstance(batched, (list, tuple)) and len(batched) >= n

    def bad_envs(self, batched, n: int) -> np.ndarray:
        return np.array([self.action_mismatch(s) is not None for s in batched[:n]], dtype=bool)

    def concatenate(self, values: list) -> list:
        return [str(v) for v in values]


class Dict(Space):
    """gymnasium.spaces.Dict: named subspaces, in the space's key order."""

    def __init__(self, entries):
        self.entries = tuple((str(k), s) for k, s in entries)
        self.keys = [k for k, _ in self.entries]

    def __str__(self) -> str:
        return "Dict(" + ", ".join(f"'{k}': {s}" for k, s in self.entries) + ")"

    def fill_proto(self, out: values_pb2.Space) -> None:
        out.dict.SetInParent()
        for key, space in self.entries:
            entry = out.dict.entries.add()
            entry.key = key
            space.fill_proto(entry.space)

    def batch(self, n: int) -> "Dict":
        return Dict([(k, s.batch(n)) for k, s in self.entries])

    def decode(self, value: values_pb2.Value) -> dict:
        if value.WhichOneof("kind") != "map_value":
            raise _kind_mismatch(self, "a map", value)
        got = value.map_value.entries
        if set(got.keys()) != set(self.keys):
            raise ValueError(f"expected keys [{', '.join(self.keys)}] of {self}, got "
                             f"[{clip(', '.join(sorted(got.keys())), 256)}]")
        return {k: s.decode(got[k]) for k, s in self.entries}

    def fill(self, out: values_pb2.Value, value) -> None:
        out.map_value.SetInParent()
        entries = out.map_value.entries
        for key, space in self.entries:
            space.fill(entries[key], value[key])

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, dict):
            return f"expected a map in {self}, got {describe(value)}"
        if set(value.keys()) != set(self.keys):
            return (f"expected keys [{', '.join(self.keys)}] in Dict space, got "
                    f"[{clip(', '.join(sorted(map(str, value.keys()))), 256)}]")
        for key, space in self.entries:
            why = space.action_mismatch(value[key])
            if why is not None:
                return f"['{key}']: {why}"
        return None

    def fast_ok(self, batched, n: int) -> bool:
        return (isinstance(batched, dict) and len(batched) == len(self.keys)
                and all(k in batched and s.fast_ok(batched[k], n) for k, s in self.entries))

    def can_unbatch(self, batched, n: int) -> bool:
        return (isinstance(batched, dict) and set(batched.keys()) == set(self.keys)
                and all(s.can_unbatch(batched[k], n) for k, s in self.entries))

    def bad_envs(self, batched, n: int) -> np.ndarray:
        bad = np.zeros(n, dtype=bool)
        for key, space in self.entries:
            bad |= space.bad_envs(batched[key], n)
        return bad

    def item(self, batched, i: int) -> dict:
        return {k: s.item(batched[k], i) for k, s in self.entries}

    def split(self, batched, n: int) -> list:
        columns = [(k, s.split(batched[k], n)) for k, s in self.entries]
        return [{k: column[i] for k, column in columns} for i in range(n)]

    def concatenate(self, values: list) -> dict:
        return {k: s.concatenate([v[k] for v in values]) for k, s in self.entries}


class Tuple(Space):
    """gymnasium.spaces.Tuple: subspaces in order; values are tuples."""

    def __init__(self, spaces):
        self.spaces = tuple(spaces)

    def __str__(self) -> str:
        return "Tuple(" + ", ".join(str(s) for s in self.spaces) + ")"

    def fill_proto(self, out: values_pb2.Space) -> None:
        out.tuple.SetInParent()
        for space in self.spaces:
            space.fill_proto(out.tuple.spaces.add())

    def batch(self, n: int) -> "Tuple":
        return Tuple([s.batch(n) for s in self.spaces])

    def decode(self, value: values_pb2.Value) -> list:
        if value.WhichOneof("kind") != "list_value":
            raise _kind_mismatch(self, "a list", value)
        values = value.list_value.values
        if len(values) != len(self.spaces):
            raise ValueError(f"expected {len(self.spaces)} elements of {self}, got {len(values)}")
        return [s.decode(v) for s, v in zip(self.spaces, values)]

    def fill(self, out: values_pb2.Value, value) -> None:
        out.list_value.SetInParent()
        for space, element in zip(self.spaces, value):
            space.fill(out.list_value.values.add(), element)

    def action_mismatch(self, value) -> Optional[str]:
        if not isinstance(value, (list, tuple)):
            return f"expected a list in {self}, got {describe(value)}"
        if len(value) != len(self.spaces):
            return f"expected {len(self.spaces)} elements in {self}, got {len(value)}"
        for i, (space, element) in enumerate(zip(self.spaces, value)):
            why = space.action_mismatch(element)
            if why is not None:
                return f"[{i}]: {why}"
        return None

    def fast_ok(self, batched, n: int) -> bool:
        return (isinstance(batched, (list, tuple)) and len(batched) == len(self.spaces)
                and all(s.fast_ok(b, n) for s, b in zip(self.spaces, batched)))

    def can_unbatch(self, batched, n: int) -> bool:
        return (isinstance(batched, (list, tuple)) and len(batched) == len(self.spaces)
                and all(s.can_unbatch(b, n) for s, b in zip(self.spaces, batched)))

    def bad_envs(self, batched, n: int) -> np.ndarray:
        bad = np.zeros(n, dtype=bool)
        for space, column in zip(self.spaces, batched):
            bad |= space.bad_envs(column, n)
        return bad

    def item(self, batched, i: int) -> tuple:
        return tuple(s.item(b, i) for s, b in zip(self.spaces, batched))

    def split(self, batched, n: int) -> list:
        columns = [s.split(b, n) for s, b in zip(self.spaces, batched)]
        return [tuple(column[i] for column in columns) for i in range(n)]

    def concatenate(self, values: list) -> list:
        return [s.concatenate([v[j] for v in values]) for j, s in enumerate(self.spaces)]


# ---- reading an env's spaces ----

_KINDS = ("Box", "Discrete", "MultiDiscrete", "MultiBinary", "Dict", "Tuple", "Text")


def _kind_of(space) -> Optional[str]:
    for cls in type(space).__mro__:  # subclasses of gymnasium's spaces count as their base
        if cls.__name__ in _KINDS:
            return cls.__name__
    return None


def _charset(space) -> str:
    chars = getattr(space, "characters", None)  # gymnasium 1.x: the sorted characters
    if isinstance(chars, str):
        return chars
    for name in ("character_set", "charset"):
        chars = getattr(space, name, None)
        if isinstance(chars, str):
            return "".join(dict.fromkeys(chars))  # keep the order, drop repeats
        if chars is not None:
            return "".join(sorted(chars))
    return ALPHANUMERIC


def from_env_space(space: Any) -> Space:
    """Reads a gymnasium.spaces (or look-alike) space by its class name and attributes.

    Raises ValueError for a space the protocol cannot carry (Graph, Sequence, OneOf, a float16
    Box, ...).
    """
    kind = _kind_of(space)
    if kind == "Box":
        return Box(space.low, space.high, space.dtype, space.shape)
    if kind == "Discrete":
        return Discrete(int(space.n), int(getattr(space, "start", 0)))
    if kind == "MultiDiscrete":
        return MultiDiscrete(space.nvec, getattr(space, "start", None))
    if kind == "MultiBinary":
        return MultiBinary(tuple(space.shape))
    if kind == "Dict":
        return Dict([(k, from_env_space(s)) for k, s in space.spaces.items()])
    if kind == "Tuple":
        return Tuple([from_env_space(s) for s in space.spaces])
    if kind == "Text":
        return Text(space.min_length, space.max_length, _charset(space))
    raise ValueError(f"{type(space).__name__} spaces cannot be sent over gymbridge.v1 (it has "
                     f"{', '.join(_KINDS)})")


def from_proto(message: values_pb2.Space) -> Space:
    """Decodes a Space message (used by tests and clients written in Python)."""
    kind = message.WhichOneof("kind")
    if kind == "box":
        m = message.box
        return Box(codec.tensor_to_array(m.low), codec.tensor_to_array(m.high),
                   codec.NUMPY_BY_DTYPE[m.dtype], tuple(m.shape))
    if kind == "discrete":
        return Discrete(message.discrete.n, message.discrete.start)
    if kind == "multi_discrete":
        m = message.multi_discrete
        nvec = codec.tensor_to_array(m.nvec)
        return MultiDiscrete(nvec, codec.tensor_to_array(m.start) if m.HasField("start") else None)
    if kind == "multi_binary":
        return MultiBinary(tuple(message.multi_binary.shape))
    if kind == "dict":
        return Dict([(e.key, from_proto(e.space)) for e in message.dict.entries])
    if kind == "tuple":
        return Tuple([from_proto(s) for s in message.tuple.spaces])
    if kind == "text":
        m = message.text
        return Text(m.min_length, m.max_length, m.charset)
    raise ValueError("space kind is unset")
