"""Tensors, values, infos and spaces <-> gymbridge.v1 messages, both ways; batch_space of every
kind; action checks and their messages; malformed messages rejected with clear messages."""

import unittest

from _support import GYMNASIUM_HINT, has_gymnasium, require_dependencies

require_dependencies()

import numpy as np  # noqa: E402

import gym_api_envs as g  # noqa: E402
from gymbridge_server import codec, spaces  # noqa: E402
from gymbridge_server.proto import values_pb2  # noqa: E402

DTYPES = ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
          "uint64", "bool"]


def encoded(value, on_unsupported=None):
    out = values_pb2.Value()
    if on_unsupported is None:
        codec.fill_value(out, value)
    else:
        codec.fill_value(out, value, on_unsupported)
    return values_pb2.Value.FromString(out.SerializeToString())  # through the wire format


def tensor(dtype, shape, data):
    return values_pb2.Tensor(dtype=dtype, shape=shape, data=data)


class TensorTest(unittest.TestCase):
    def test_roundTrip_everyDtypeAndShape(self):
        for name in DTYPES:
            for shape in [(), (0,), (3,), (2, 3), (2, 0, 4)]:
                array = (np.arange(int(np.prod(shape))) % 2 == 1 if name == "bool"
                         else np.arange(int(np.prod(shape))).astype(name)).reshape(shape)
                out = values_pb2.Tensor()
                codec.fill_tensor(out, array)
                self.assertEqual(codec.NUMPY_BY_DTYPE[out.dtype].name, name)
                self.assertEqual(list(out.shape), list(shape))
                back = codec.tensor_to_array(values_pb2.Tensor.FromString(out.SerializeToString()))
                self.assertEqual(back.dtype, np.dtype(name))
                np.testing.assert_array_equal(back, array)
                self.assertTrue(back.flags.writeable, name)

    def test_encode_isLittleEndianAndCOrder(self):
        out = values_pb2.Tensor()
        codec.fill_tensor(out, np.array([[1, 2], [3, 4]], dtype=">i4").T)  # big-endian, F order
        self.assertEqual(out.data, np.array([[1, 3], [2, 4]], dtype="<i4").tobytes())
        self.assertEqual(out.data[:4], b"\x01\x00\x00\x00")

    def test_decode_unsetDtype_rejected(self):
        with self.assertRaisesRegex(ValueError, r"dtype is unset or unknown \(DTYPE_UNSPECIFIED\)"):
            codec.tensor_to_array(tensor(0, [1], b"\0" * 8))
        with self.assertRaisesRegex(ValueError, r"unset or unknown \(99\)"):
            codec.tensor_to_array(tensor(99, [1], b"\0" * 8))

    def test_decode_wrongByteLength_rejectedNamingTheSizes(self):
        with self.assertRaisesRegex(ValueError,
                                    r"a int64 tensor of shape \[1\] needs 8 bytes of data, got 5"):
            codec.tensor_to_array(tensor(values_pb2.DTYPE_INT64, [1], b"\0" * 5))
        with self.assertRaisesRegex(ValueError, "needs 0 bytes"):
            codec.tensor_to_array(tensor(values_pb2.DTYPE_FLOAT32, [2, 0], b"\0"))

    def test_decode_negativeDimension_rejected(self):
        with self.assertRaisesRegex(ValueError, "invalid dimension -1 at 1"):
            codec.tensor_to_array(tensor(values_pb2.DTYPE_INT8, [2, -1], b""))

    def test_decode_boolBytes_anyNonzeroIsTrue(self):
        back = codec.tensor_to_array(tensor(values_pb2.DTYPE_BOOL, [3], b"\x00\x01\x02"))
        np.testing.assert_array_equal(back, [False, True, True])

    def test_encode_unsupportedDtype_rejected(self):
        with self.assertRaisesRegex(ValueError, "float16 cannot be sent"):
            codec.fill_tensor(values_pb2.Tensor(), np.zeros(2, np.float16))


class ValueTest(unittest.TestCase):
    def test_pythonTypes_encodeAsTheirKinds(self):
        cases = [
            (None, None), (True, "bool_value"), (np.bool_(False), "bool_value"),
            (3, "int_value"), (-(2**63), "int_value"), (2.5, "double_value"),
            ("text", "string_value"), ({"a": 1}, "map_value"), ([1, "x"], "list_value"),
            ((1, 2), "list_value"), ([], "list_value"), ({}, "map_value"),
            (np.arange(3), "tensor"), (np.float32(0.5), "tensor"), (np.int64(7), "tensor"),
            (np.float64(1.5), "tensor"), (np.uint8(200), "tensor"),
        ]
        for value, kind in cases:
            with self.subTest(value=value):
                self.assertEqual(encoded(value).WhichOneof("kind"), kind)

    def test_roundTrip_keepsValuesAndNumpyDtypes(self):
        values = [None, True, False, 0, -5, 2**63 - 1, 0.25, float("inf"), "", "héllo",
                  {"k": {"nested": [1, 2.0, None, "s"]}}, [[], {}],
                  np.float32(0.5), np.int64(-3), np.uint16(9), np.int8(-1)]
        for value in values:
            with self.subTest(value=value):
                back = codec.to_python(encoded(value))
                self.assertEqual(back, value)
                self.assertEqual(type(back), type(value))
        back = codec.to_python(encoded(np.arange(6, dtype=np.int32).reshape(2, 3)))
        self.assertEqual(back.dtype, np.int32)
        np.testing.assert_array_equal(back, np.arange(6).reshape(2, 3))
        self.assertEqual(codec.to_python(encoded((1, "a"))), [1, "a"])  # a tuple comes back a list
        self.assertIs(codec.to_python(encoded(np.bool_(True))), True)

    def test_unsupportedValue_sentAsItsReprAndReported(self):
        seen = []

        def on_unsupported(value):
            seen.append(value)
            return repr(value)

        for value in [{1, 2}, 2**64, np.float16(1.0), np.zeros(2, np.complex64), {1: "a"},
                      object]:
            with self.subTest(value=value):
                out = encoded(value, on_unsupported)
                self.assertEqual(out.string_value, repr(value))
        self.assertEqual(len(seen), 6)
        nested = encoded({"ok": 1, "odd": {3}}, on_unsupported)
        self.assertEqual(nested.map_value.entries["ok"].int_value, 1)
        self.assertEqual(nested.map_value.entries["odd"].string_value, "{3}")

    def test_infos_emptyWhenAllEmpty_elseOnePerEnv(self):
        holder = _Infos()
        codec.fill_infos(holder.infos, [{}, {}], lambda k, v: repr(v))
        self.assertEqual(len(holder.infos), 0)
        codec.fill_infos(holder.infos, [{}, {"a": 1}, {}], lambda k, v: repr(v))
        self.assertEqual([sorted(m.entries) for m in holder.infos], [[], ["a"], []])

    def test_infos_unsupportedValue_reportedWithItsTopLevelKey(self):
        holder = _Infos()
        keys = []
        codec.fill_infos(holder.infos, [{"deep": {"x": {1}}}],
                         lambda k, v: keys.append(k) or repr(v))
        self.assertEqual(keys, ["deep"])


class _Infos:
    def __init__(self):
        from gymbridge_server.proto import env_service_pb2

        self.infos = env_service_pb2.StepResponse().infos


def all_spaces():
    """One space of every kind, as the server's classes."""
    return {
        "box_f32": spaces.Box([-4.8, -np.inf], [4.8, np.inf], np.float32, (2,)),
        "box_u8": spaces.Box(0, 255, np.uint8, (2, 3, 3)),
        "box_f64_2d": spaces.Box(-1.0, [[1.0, 2.0]], np.float64, (1, 2)),
        "discrete": spaces.Discrete(3, start=-1),
        "multi_discrete": spaces.MultiDiscrete([[2, 3], [4, 5]], [[0, 1], [0, 0]]),
        "multi_binary": spaces.MultiBinary((2, 2)),
        "text": spaces.Text(1, 4, "abc"),
        "tuple": spaces.Tuple([spaces.Discrete(2), spaces.Box(0.0, 1.0, np.float32, (1,))]),
        "dict": spaces.Dict([("b", spaces.Discrete(4)), ("a", spaces.MultiBinary((3,)))]),
    }


class SpaceTest(unittest.TestCase):
    def test_toProtoAndBack_everyKind(self):
        for name, space in all_spaces().items():
            with self.subTest(space=name):
                message = values_pb2.Space.FromString(space.to_proto().SerializeToString())
                self.assertEqual(spaces.from_proto(message), space)

    def test_box_boundsAreFloat64TensorsOfTheShapeWithInfinities(self):
        box = all_spaces()["box_f32"].to_proto().box
        self.assertEqual(box.dtype, values_pb2.DTYPE_FLOAT32)
        self.assertEqual(list(box.shape), [2])
        self.assertEqual(box.low.dtype, values_pb2.DTYPE_FLOAT64)
        np.testing.assert_array_equal(codec.tensor_to_array(box.low), [np.float32(-4.8), -np.inf])
        np.testing.assert_array_equal(codec.tensor_to_array(box.high), [np.float32(4.8), np.inf])
        broadcast = all_spaces()["box_u8"].to_proto().box
        self.assertEqual(list(broadcast.high.shape), [2, 3, 3])

    def test_box_float32KeepsFloat32RepresentableBounds(self):
        box = spaces.Box(-0.1, 0.1, np.float32, (1,))
        self.assertEqual(box.high[0], float(np.float32(0.1)))
        self.assertNotEqual(box.high[0], 0.1)

    def test_multiDiscrete_nvecAndStartAreInt64(self):
        md = all_spaces()["multi_discrete"].to_proto().multi_discrete
        self.assertEqual((md.nvec.dtype, md.start.dtype),
                         (values_pb2.DTYPE_INT64, values_pb2.DTYPE_INT64))
        np.testing.assert_array_equal(codec.tensor_to_array(md.start), [[0, 1], [0, 0]])

    def test_dict_entriesInTheSpaceKeyOrder(self):
        entries = all_spaces()["dict"].to_proto().dict.entries
        self.assertEqual([e.key for e in entries], ["b", "a"])

    def test_str_asTheJavaSideWordsIt(self):
        s = all_spaces()
        self.assertEqual(str(s["box_f32"]), "Box([-4.8 -inf], [4.8 inf], (2,), float32)")
        self.assertEqual(str(spaces.Box(-2.0, 2.0, np.float32, (1,))),
                         "Box(-2.0, 2.0, (1,), float32)")
        self.assertEqual(str(s["box_u8"]), "Box(0, 255, (2, 3, 3), uint8)")
        self.assertEqual(str(s["discrete"]), "Discrete(3, start=-1)")
        self.assertEqual(str(spaces.Discrete(2)), "Discrete(2)")
        self.assertEqual(str(spaces.MultiDiscrete([2, 2, 2])), "MultiDiscrete([2 2 2])")
        self.assertEqual(str(s["multi_discrete"]), "MultiDiscrete([2 3 4 5], start=[0, 1, 0, 0])")
        self.assertEqual(str(s["multi_binary"]), "MultiBinary((2, 2))")
        self.assertEqual(str(spaces.MultiBinary((5,))), "MultiBinary(5)")
        self.assertEqual(str(s["text"]), "Text(1, 4)")
        self.assertEqual(str(s["dict"]), "Dict('b': Discrete(4), 'a': MultiBinary(3))")
        self.assertEqual(str(s["tuple"]), "Tuple(Discrete(2), Box(0.0, 1.0, (1,), float32))")

    def test_fromEnvSpace_readsLookAlikesByNameAndAttributes(self):
        env = g.SpaceZooEnv()
        obs = spaces.from_env_space(env.observation_space)
        self.assertEqual([k for k, _ in obs.entries],
                         ["box", "discrete", "multi_binary", "multi_discrete", "text", "tuple"])
        self.assertEqual(obs.entries[1][1], spaces.Discrete(3, 1))
        self.assertEqual(obs.entries[4][1], spaces.Text(0, 5, "abc"))
        cart = spaces.from_env_space(g.CartPoleEnv().observation_space)
        self.assertEqual(cart.dtype, np.float32)
        np.testing.assert_array_equal(
            cart.high, np.array([4.8, np.inf, 12 * 2 * np.pi / 360 * 2, np.inf], np.float32))

    def test_fromEnvSpace_unsupportedKind_rejected(self):
        class Graph:
            pass

        with self.assertRaisesRegex(ValueError, "Graph spaces cannot be sent"):
            spaces.from_env_space(Graph())
        with self.assertRaisesRegex(ValueError, "float16 cannot be sent"):
            spaces.from_env_space(g.Box(-1, 1, (2,), np.float16))

    def test_fromEnvSpace_subclassOfAKnownKind_counts(self):
        class MyBox(g.Box):
            pass

        self.assertEqual(spaces.from_env_space(MyBox(0, 1, (1,), np.float64)),
                         spaces.Box(0, 1, np.float64, (1,)))


class BatchTest(unittest.TestCase):
    """gymnasium.vector.utils.batch_space, as Spaces.batch on the Java side."""

    def test_batch_everyKind(self):
        s = all_spaces()
        b = s["box_f32"].batch(3)
        self.assertEqual((b.shape, b.dtype), ((3, 2), np.float32))
        np.testing.assert_array_equal(b.low, [[np.float32(-4.8), -np.inf]] * 3)
        self.assertEqual(s["discrete"].batch(3),
                         spaces.MultiDiscrete([3, 3, 3], [-1, -1, -1]))
        md = s["multi_discrete"].batch(2)
        self.assertEqual((type(md), md.dtype, md.shape), (spaces.Box, np.int64, (2, 2, 2)))
        np.testing.assert_array_equal(md.low[1], [[0, 1], [0, 0]])
        np.testing.assert_array_equal(md.high[1], [[1, 3], [3, 4]])
        self.assertEqual(s["multi_binary"].batch(2), spaces.Box(0, 1, np.int8, (2, 2, 2)))
        self.assertEqual(s["text"].batch(2), spaces.Tuple([s["text"], s["text"]]))
        self.assertEqual(s["tuple"].batch(2),
                         spaces.Tuple([spaces.MultiDiscrete([2, 2]),
                                       spaces.Box(0.0, 1.0, np.float32, (2, 1))]))
        self.assertEqual(s["dict"].batch(2),
                         spaces.Dict([("b", spaces.MultiDiscrete([4, 4])),
                                      ("a", spaces.Box(0, 1, np.int8, (2, 3)))]))

    def test_concatenate_thenEncodeThenDecode_roundTripsEveryKind(self):
        s = all_spaces()
        singles = {
            "box_f32": [np.array([0.5, -1.0], np.float32), np.array([1.0, 2.0], np.float64)],
            "discrete": [np.int64(1), 0],
            "multi_discrete": [np.array([[1, 2], [3, 4]], np.int32)] * 2,
            "multi_binary": [np.array([[1, 0], [0, 1]])] * 2,
            "text": ["ab", "c"],
            "tuple": [(1, np.array([0.5], np.float32)), (0, np.array([0.25], np.float32))],
            "dict": [{"a": np.array([1, 0, 1]), "b": 3}, {"a": np.zeros(3, np.int8), "b": 0}],
        }
        for name, values in singles.items():
            with self.subTest(space=name):
                space = s[name]
                batched = space.concatenate(values)
                batch_space = space.batch(len(values))
                message = values_pb2.Value()
                batch_space.fill(message, batched)
                back = batch_space.decode(values_pb2.Value.FromString(message.SerializeToString()))
                self.assertTrue(space.can_unbatch(back, 2))
                for i, (value, again) in enumerate(zip(values, space.split(back, 2))):
                    _assert_same(self, value, again)
                    _assert_same(self, value, space.item(back, i))

    def test_concatenate_usesTheBatchedDtypes(self):
        s = all_spaces()
        self.assertEqual(s["discrete"].concatenate([1, 2]).dtype, np.int64)
        self.assertEqual(s["box_f32"].concatenate([np.zeros(2)]).dtype, np.float32)
        self.assertEqual(s["multi_discrete"].concatenate([np.zeros((2, 2), np.int8)]).dtype,
                         np.int64)
        self.assertEqual(s["multi_binary"].concatenate([np.zeros((2, 2), bool)]).dtype, np.int8)
        with self.assertRaises(ValueError):
            s["box_f32"].concatenate([np.zeros(3)])

    def test_decode_wrongKind_rejectedNamingSpace(self):
        batched = spaces.Discrete(2).batch(3)
        with self.assertRaisesRegex(ValueError,
                                    r"expected a tensor for MultiDiscrete\(\[2 2 2\]\), got "
                                    r"string_value"):
            batched.decode(values_pb2.Value(string_value="left"))
        with self.assertRaisesRegex(ValueError, "got nothing"):
            batched.decode(values_pb2.Value())
        d = all_spaces()["dict"]
        message = values_pb2.Value()
        message.map_value.entries["b"].int_value = 1
        with self.assertRaisesRegex(ValueError, r"expected keys \[b, a\] .*got \[b\]"):
            d.decode(message)
        with self.assertRaisesRegex(ValueError, "expected 2 elements"):
            all_spaces()["tuple"].decode(values_pb2.Value(list_value=values_pb2.ValueList()))

    def test_spaceValue_encodesBySpace_discreteAsInt(self):
        out = encoded(codec.SpaceValue(spaces.Discrete(3), np.int64(2)))
        self.assertEqual(out.WhichOneof("kind"), "int_value")
        box = encoded(codec.SpaceValue(spaces.Box(0, 1, np.float32, (2,)), [0.5, 1.0]))
        self.assertEqual(box.tensor.dtype, values_pb2.DTYPE_FLOAT32)


def _assert_same(test, expected, actual):
    if isinstance(expected, dict):
        test.assertEqual(sorted(expected), sorted(actual))
        for k in expected:
            _assert_same(test, expected[k], actual[k])
    elif isinstance(expected, (tuple, list)) and not isinstance(expected, str):
        test.assertEqual(len(expected), len(actual))
        for e, a in zip(expected, actual):
            _assert_same(test, e, a)
    else:
        np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected))


class ActionCheckTest(unittest.TestCase):
    """action_mismatch: kind, shape and dtype, finiteness, integer ranges; Box bounds pass."""

    def check(self, space, value):
        return space.action_mismatch(value)

    def test_box(self):
        box = spaces.Box(-2.0, 2.0, np.float32, (1,))
        self.assertIsNone(self.check(box, np.array([100.0], np.float32)))  # the env clips
        self.assertEqual(self.check(box, np.array([np.nan], np.float32)),
                         "element [0] = NaN is not finite, in Box(-2.0, 2.0, (1,), float32)")
        self.assertIn("-Infinity", self.check(box, np.array([-np.inf], np.float32)))
        self.assertEqual(self.check(box, np.array([0.0])),
                         "expected float32[1] in Box(-2.0, 2.0, (1,), float32), got float64[1]")
        self.assertIn("expected a tensor", self.check(box, 1.0))
        grid = spaces.Box(0, 1, np.float64, (2, 2))
        self.assertIn("element [1, 0] = Infinity",
                      self.check(grid, np.array([[0, 0], [np.inf, 0]])))

    def test_discrete(self):
        d = spaces.Discrete(2)
        self.assertIsNone(self.check(d, np.int64(1)))
        self.assertEqual(self.check(d, 2), "2 is outside Discrete(2)")
        self.assertEqual(self.check(d, -1), "-1 is outside Discrete(2)")
        self.assertIn("expected an integer", self.check(d, 1.0))
        self.assertIn("expected an integer", self.check(d, True))

    def test_multiDiscreteAndMultiBinary(self):
        md = spaces.MultiDiscrete([2, 3])
        self.assertIsNone(self.check(md, np.array([1, 2], np.int32)))
        self.assertEqual(self.check(md, np.array([1, 3])),
                         "element [1] = 3 is outside MultiDiscrete([2 3])")
        self.assertIn("expected int64[2]", self.check(md, np.array([1.0, 2.0])))
        mb = spaces.MultiBinary((3,))
        self.assertIsNone(self.check(mb, np.array([True, False, True])))
        self.assertEqual(self.check(mb, np.array([0, 2, 1])),
                         "element [1] = 2 is not 0 or 1, in MultiBinary(3)")
        self.assertIn("expected int8[3]", self.check(mb, np.zeros(3, np.float32)))

    def test_textDictTuple(self):
        t = spaces.Text(1, 3, "ab")
        self.assertIsNone(self.check(t, "ab"))
        self.assertEqual(self.check(t, "abab"), "string of length 4 is outside Text(1, 3)")
        self.assertEqual(self.check(t, "ac"),
                         "character [1] 'c' is not in the charset of Text(1, 3)")
        d = spaces.Dict([("x", spaces.Discrete(2))])
        self.assertEqual(self.check(d, {"x": 5}), "['x']: 5 is outside Discrete(2)")
        self.assertIn("expected keys [x]", self.check(d, {"y": 1}))
        tup = spaces.Tuple([spaces.Discrete(2), t])
        self.assertEqual(self.check(tup, (1, "zz")),
                         "[1]: character [0] 'z' is not in the charset of Text(1, 3)")
        self.assertIn("expected 2 elements", self.check(tup, (1,)))

    def test_fastOk_neverAcceptsWhatTheFullChecksReject(self):
        rng = np.random.default_rng(0)
        n = 3
        candidates = {
            "discrete": [np.array([0, 1, 2]), np.array([0, 3, 1]), np.array([-1, 0, 0]),
                         np.array([0, 1], np.int64), np.zeros(3, np.float32),
                         np.zeros(3, np.uint8), np.zeros(3, bool), np.int64(1)],
            "box_f32": [rng.normal(size=(n, 2)).astype(np.float32),
                        np.array([[0, np.nan]] * n, np.float32), np.zeros((n, 2)),
                        np.zeros((n, 3), np.float32), np.full((n, 2), 1e9, np.float32)],
            "multi_discrete": [np.array([[[1, 2], [3, 4]]] * n), np.zeros((n, 2, 2), np.int32),
                               np.array([[[2, 2], [3, 4]]] * n)],
            "multi_binary": [np.ones((n, 2, 2), np.int8), np.full((n, 2, 2), -1, np.int8),
                             np.ones((n, 2, 2), bool), np.full((n, 2, 2), 2, np.int8)],
            "text": [["a", "bb", "abc"], ["a", "d", "a"], ["a", ""], ["abcab", "a", "a"]],
            "tuple": [[np.array([0, 1, 1]), np.zeros((n, 1), np.float32)],
                      [np.array([0, 2, 1]), np.zeros((n, 1), np.float32)]],
            "dict": [{"a": np.ones((n, 3), np.int8), "b": np.array([0, 1, 3])},
                     {"a": np.ones((n, 3), np.int8), "b": np.array([0, 1, 4])},
                     {"a": np.ones((n, 3), np.int8)}],
        }
        accepted = 0
        for name, batches in candidates.items():
            single = all_spaces()[name]
            batched_space = single.batch(n)
            for batch in batches:
                with self.subTest(space=name, batch=batch):
                    full = (single.can_unbatch(batch, n)
                            and not single.bad_envs(batch, n).any()
                            and batched_space.action_mismatch(batch) is None)
                    if single.fast_ok(batch, n):
                        accepted += 1
                        self.assertTrue(full)
        self.assertGreaterEqual(accepted, 8)

    def test_badEnvs_vectorizedPerEnvChecks(self):
        d = spaces.Discrete(2)
        np.testing.assert_array_equal(d.bad_envs(np.array([0, 2, 1, -1]), 4),
                                      [False, True, False, True])
        box = spaces.Box(-1, 1, np.float32, (2,))
        np.testing.assert_array_equal(
            box.bad_envs(np.array([[0, 0], [np.nan, 0], [9, 9]], np.float32), 3),
            [False, True, False])
        dict_space = spaces.Dict([("a", d), ("b", box)])
        batch = {"a": np.array([0, 1]), "b": np.array([[0, 0], [0, np.inf]], np.float32)}
        np.testing.assert_array_equal(dict_space.bad_envs(batch, 2), [False, True])
        self.assertIn("['b']: element [1] = Infinity",
                      dict_space.action_mismatch(dict_space.item(batch, 1)))


@unittest.skipUnless(has_gymnasium(), GYMNASIUM_HINT)
class RealGymnasiumSpacesTest(unittest.TestCase):
    def test_everyGymnasiumSpace_readAndBatchedAsGymnasiumBatchesIt(self):
        import gymnasium.spaces as gs
        from gymnasium.vector.utils import batch_space

        cases = [gs.Box(-1, 1, (2, 3), np.float32), gs.Discrete(4, start=2),
                 gs.MultiDiscrete([[2, 3]], start=[[1, 0]]), gs.MultiBinary([2, 2]),
                 gs.Text(5, min_length=2, charset="xyz"),
                 gs.Dict({"b": gs.Discrete(2), "a": gs.Box(0, 1, (1,))}),
                 gs.Tuple((gs.Discrete(3), gs.MultiBinary(2)))]
        for space in cases:
            with self.subTest(space=space):
                ours = spaces.from_env_space(space)
                theirs = spaces.from_env_space(batch_space(space, 3))
                if isinstance(space, gs.Text):
                    self.assertEqual(ours.batch(3), theirs)
                else:
                    self.assertEqual(ours.batch(3), _int64(theirs))

    def test_gymnasiumText_charsetIsItsSortedCharacters(self):
        import gymnasium.spaces as gs

        self.assertEqual(spaces.from_env_space(gs.Text(3, charset="cab")).charset, "abc")


def _int64(space):
    """Gymnasium batches integer spaces in their own dtype; the protocol always uses int64."""
    if isinstance(space, spaces.Box) and space.dtype.kind in "iu" and space.dtype != np.int8:
        return spaces.Box(space.low, space.high, np.int64, space.shape)
    if isinstance(space, spaces.Dict):
        return spaces.Dict([(k, _int64(s)) for k, s in space.entries])
    if isinstance(space, spaces.Tuple):
        return spaces.Tuple([_int64(s) for s in space.spaces])
    return space


if __name__ == "__main__":
    unittest.main()
