"""Tensors and untyped values (infos, options, kwargs, metadata) <-> gymbridge.v1 messages.

Tensors move as whole NumPy buffers: ``np.frombuffer`` on the way in, ``tobytes`` on the way out,
little-endian and C-ordered as the protocol says, never element by element.

Python types map to ``Value`` kinds as docs/protocol.md section 2 lists them: ``bool`` and
``np.bool_`` -> bool_value, other NumPy scalars -> a tensor of shape [] with their dtype, ``int``
-> int_value, ``float`` -> double_value, ``str`` -> string_value, ``dict`` with string keys ->
map_value, ``list``/``tuple`` -> list_value, ``np.ndarray`` -> tensor, ``None`` -> an unset Value.
Anything else (a set, an object, a float16 array, an int beyond int64) is the env's problem, not
the client's: it travels as its ``repr`` string and the caller is told through ``on_unsupported``
(the server logs one warning per env and info key), so one odd info entry never fails a step.

Decoding checks what arrives and raises ValueError naming what is wrong (the server answers
INVALID_ARGUMENT "malformed <what>: ...").
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

import numpy as np

from gymbridge_server.errors import clip
from gymbridge_server.proto import values_pb2

_DTYPE_NAMES = (
    "float32",
    "float64",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "bool",
)
#: DType enum number -> little-endian NumPy dtype.
NUMPY_BY_DTYPE = {i + 1: np.dtype(name).newbyteorder("<") for i, name in enumerate(_DTYPE_NAMES)}
#: NumPy dtype name -> DType enum number.
DTYPE_BY_NAME = {name: i + 1 for i, name in enumerate(_DTYPE_NAMES)}
# np.dtype -> DType enum number (a dict lookup is ~50x faster than dtype.name).
_DTYPE_BY_NUMPY = {np.dtype(name): i + 1 for i, name in enumerate(_DTYPE_NAMES)}
_DTYPE_BY_NUMPY.update({np.dtype(name).newbyteorder(">"): i + 1
                        for i, name in enumerate(_DTYPE_NAMES)})
_MAX_DIM = 2**31 - 1
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1

#: Called with a value that has no Value kind; returns the text to send instead.
OnUnsupported = Callable[[Any], str]


def _repr_unsupported(value: Any) -> str:
    return repr(value)


# ---- tensors ----


def dtype_number(dtype: np.dtype) -> int:
    """The DType enum number of a NumPy dtype; ValueError if the protocol has no such dtype."""
    number = _DTYPE_BY_NUMPY.get(dtype)
    if number is None:
        number = DTYPE_BY_NAME.get(np.dtype(dtype).name)
    if number is None:
        raise ValueError(f"dtype {np.dtype(dtype).name} cannot be sent (gymbridge.v1 carries "
                         f"{', '.join(_DTYPE_NAMES)})")
    return number


def describe_tensor(array: np.ndarray) -> str:
    """A tensor's dtype and shape as the Java side prints them, e.g. ``float32[2, 1]``."""
    return f"{array.dtype.name}{list(array.shape)}"


def tensor_to_array(tensor: values_pb2.Tensor) -> np.ndarray:
    """Decodes a tensor into a new writable array; ValueError if it is malformed.

    A tensor of shape [] decodes to a 0-d array (see :func:`to_python` for NumPy scalars).
    """
    dtype = NUMPY_BY_DTYPE.get(tensor.dtype)
    if dtype is None:
        name = values_pb2.DType.Name(tensor.dtype) if tensor.dtype == 0 else str(tensor.dtype)
        raise ValueError(f"tensor dtype is unset or unknown ({name})")
    shape = tuple(tensor.shape)
    size = 1
    for axis, dim in enumerate(shape):
        if dim < 0 or dim > _MAX_DIM:
            raise ValueError(f"tensor shape has an invalid dimension {dim} at {axis}")
        size *= dim
    expected = size * dtype.itemsize
    data = tensor.data
    if len(data) != expected:
        raise ValueError(f"a {dtype.name} tensor of shape {list(shape)} needs {expected} bytes "
                         f"of data, got {len(data)}")
    if dtype.kind == "b":  # any nonzero byte is True, as the Java side reads it
        return (np.frombuffer(data, dtype=np.uint8) != 0).reshape(shape)
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def fill_tensor(out: values_pb2.Tensor, array: Any) -> None:
    """Encodes an array (or anything np.asarray takes) into ``out``; ValueError for bad dtypes."""
    array = np.asarray(array)
    out.dtype = dtype_number(array.dtype)
    out.shape.extend(array.shape)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    out.data = array.tobytes()  # C order, whatever the array's strides


# ---- untyped values ----


def fill_value(out: values_pb2.Value, value: Any,
               on_unsupported: OnUnsupported = _repr_unsupported) -> None:
    """Encodes a Python value into ``out`` (see the module docstring for the mapping)."""
    if value is None:
        return
    kind = type(value)
    if kind is bool or kind is np.bool_:
        out.bool_value = bool(value)
    elif isinstance(value, np.ndarray):
        if value.dtype in _DTYPE_BY_NUMPY:
            fill_tensor(out.tensor, value)
        else:
            out.string_value = on_unsupported(value)
    elif isinstance(value, np.generic):  # before int and float: np.float64 is a float
        if value.dtype in _DTYPE_BY_NUMPY:
            fill_tensor(out.tensor, np.asarray(value))
        else:
            out.string_value = on_unsupported(value)
    elif isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            out.int_value = value
        else:
            out.string_value = on_unsupported(value)
    elif isinstance(value, float):
        out.double_value = value
    elif isinstance(value, str):
        out.string_value = value
    elif isinstance(value, dict):
        if all(type(k) is str for k in value):
            fill_map(out.map_value, value, on_unsupported)
        else:
            out.string_value = on_unsupported(value)
    elif isinstance(value, (list, tuple)):
        values = out.list_value
        values.SetInParent()  # an empty list is still a list
        for element in value:
            fill_value(values.values.add(), element, on_unsupported)
    elif isinstance(value, SpaceValue):
        value.space.fill(out, value.value)
    else:
        out.string_value = on_unsupported(value)


def fill_map(out: values_pb2.ValueMap, values: dict,
             on_unsupported: OnUnsupported = _repr_unsupported) -> None:
    """Encodes a dict with string keys into ``out``."""
    out.SetInParent()
    entries = out.entries
    for key, value in values.items():
        fill_value(entries[key], value, on_unsupported)


def to_python(value: values_pb2.Value) -> Any:
    """Decodes a Value without a space (infos, options, kwargs); ValueError if malformed.

    A tensor of shape [] becomes a NumPy scalar of its dtype, any other tensor an array.
    """
    kind = value.WhichOneof("kind")
    if kind is None:
        return None
    if kind == "tensor":
        array = tensor_to_array(value.tensor)
        return array[()] if array.ndim == 0 else array
    if kind == "map_value":
        return map_to_python(value.map_value)
    if kind == "list_value":
        return [to_python(v) for v in value.list_value.values]
    return getattr(value, kind)


def map_to_python(values: values_pb2.ValueMap) -> dict:
    """Decodes a ValueMap into a dict (see :func:`to_python`)."""
    return {key: to_python(v) for key, v in values.entries.items()}


def fill_infos(out, infos: list, on_unsupported: Callable[[str, Any], str]) -> None:
    """Appends per-env infos to a repeated ValueMap field: nothing if every info is empty.

    ``on_unsupported(key, value)`` gets the top-level info key of each value with no Value kind.
    """
    if not any(infos):
        return
    for info in infos:
        entries = out.add().entries
        for key, value in info.items():
            fill_value(entries[str(key)], value,
                       lambda v, key=key: on_unsupported(str(key), v))


class SpaceValue:
    """A value to encode as a value of ``space`` rather than by its Python type.

    The SAME_STEP autoreset puts the episode's last observation in the info as "final_obs"; it is
    a single value of the observation space (a Discrete one goes as int_value, not as a NumPy
    scalar tensor), so it is wrapped in one of these.
    """

    __slots__ = ("space", "value")

    def __init__(self, space, value):
        self.space = space
        self.value = value

    def __repr__(self) -> str:
        return f"SpaceValue({self.space}, {self.value!r})"


def java_double(value: float) -> str:
    """A float as Java's Double.toString prints the special values (NaN, Infinity)."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def describe(value: Any) -> Optional[str]:
    """A short description of a value's type for error messages, e.g. ``tensor int64[3]``."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return "tensor " + describe_tensor(value)
    if isinstance(value, (bool, int, float, str, np.generic)):
        return f"{type(value).__name__} {clip(repr(value))}"
    return type(value).__name__
