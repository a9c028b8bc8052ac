"""Hostile model files, written over a.onnx of a project whose import stage is already built:
what is not ONNX is refused while doit loads (exit 2), what is ONNX but cannot be built fails
the import task (exit 1); either way with one line naming a.onnx."""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tests.conftest import tiny_cnn
from tests.hostile.harness import Case, Outcome, play

X = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 8, 8])


def _model(nodes: list, outputs: list, initializers: list | None = None, opset: int = 17,
           inputs: list | None = None) -> bytes:
    graph = helper.make_graph(nodes, "hostile", inputs or [X], outputs, initializers or [])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]).SerializeToString()


def _out(name: str = "y", shape: list | None = None) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape or ["N", 1, 8, 8])


GOOD = tiny_cnn(0).SerializeToString()


def _external_data() -> bytes:
    model = tiny_cnn(0)
    weight = model.graph.initializer[0]
    weight.ClearField("raw_data")
    del weight.float_data[:]
    weight.data_location = TensorProto.EXTERNAL
    weight.external_data.add(key="location", value="../../../../etc/passwd")
    return model.SerializeToString()


def _bad_raw_data() -> bytes:
    model = tiny_cnn(0)
    model.graph.initializer[0].raw_data = b"\x00" * 7
    return model.SerializeToString()


def _with_opset(opset: int) -> bytes:
    model = tiny_cnn(0)
    model.opset_import[0].version = opset
    return model.SerializeToString()


def _no_opset() -> bytes:
    model = tiny_cnn(0)
    del model.opset_import[:]
    return model.SerializeToString()


def _conv_weights(shape: tuple[int, ...]) -> onnx.TensorProto:
    return numpy_helper.from_array(np.ones(shape, np.float32), "w")


# (name, bytes of a.onnx, phrase of the message)
MODELS: list[tuple[str, bytes, str]] = [
    ("empty file", b"", "ir_version"),
    ("truncated to half", GOOD[: len(GOOD) // 2], "not a readable ONNX model"),
    ("truncated to 10 bytes", GOOD[:10], "not a readable ONNX model"),
    ("random bytes", np.random.default_rng(20).bytes(4096), "not a readable ONNX model"),
    ("a text file", b"this is not a model\n" * 20, "not a readable ONNX model"),
    ("a JSON file", b'{"graph": {"node": []}}\n', "not a readable ONNX model"),
    ("a gzip file", gzip.compress(GOOD), "not a readable ONNX model"),
    ("one flipped byte", GOOD[:40] + bytes([GOOD[40] ^ 0xFF]) + GOOD[41:], "a.onnx"),
    ("external data reference", _external_data(), "external file"),
    ("initializer of the wrong size", _bad_raw_data(), "a.onnx"),
    ("opset 99", _with_opset(99), "opset"),
    ("a Loop with a subgraph", _model([helper.make_node("Loop", ["", ""], ["y"], body=helper.make_graph(
        [], "body", [], []))], [_out("y")]), "a.onnx"),
    ("no opset import", _no_opset(), "a.onnx"),
    ("graph with no nodes", _model([], [_out("x", ["N", 1, 8, 8])]), "no nodes"),
    ("output is also an input",
     _model([helper.make_node("Relu", ["x"], ["y"])], [_out("y"), _out("x", ["N", 1, 8, 8])]), "is also a graph input"),
    ("no graph outputs", _model([helper.make_node("Relu", ["x"], ["y"])], []), "no outputs"),
    ("a cycle", _model([helper.make_node("Relu", ["z"], ["y"]), helper.make_node("Relu", ["y"], ["z"])],
                       [_out("y")]), "a.onnx"),
    ("two nodes write one tensor",
     _model([helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Sigmoid", ["x"], ["y"])], [_out("y")]),
     "a.onnx"),
    ("undefined input", _model([helper.make_node("Add", ["x", "ghost"], ["y"])], [_out("y")]), "a.onnx"),
    ("unknown operator", _model([helper.make_node("Frobnicate", ["x"], ["y"])], [_out("y")]), "a.onnx"),
    ("custom domain operator", _model([helper.make_node("Evil", ["x"], ["y"], domain="com.evil")], [_out("y")]),
     "a.onnx"),
    ("unsupported operator", _model([helper.make_node("NonZero", ["x"], ["y"])],
                                    [helper.make_tensor_value_info("y", TensorProto.INT64, None)]), "a.onnx"),
    ("conv weights of the wrong rank",
     _model([helper.make_node("Conv", ["x", "w"], ["y"])], [_out("y", ["N", 4, 6, 6])], [_conv_weights((4, 1, 3))]),
     "a.onnx"),
    ("conv without weights", _model([helper.make_node("Conv", ["x"], ["y"])], [_out("y")]), "a.onnx"),
    ("string input", _model([helper.make_node("Identity", ["s"], ["y"])],
                            [helper.make_tensor_value_info("y", TensorProto.STRING, [1])],
                            inputs=[helper.make_tensor_value_info("s", TensorProto.STRING, [1])]), "a.onnx"),
    ("a tensor of 1e9 elements", _model(
        [helper.make_node("Pad", ["x", "pads"], ["y"])], [_out("y", [2, 7812500, 8, 8])],
        [numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 7812499, 0, 0], np.int64), "pads")]), "over the limit"),
    ("input dims that disagree with input_shapes", _model(
        [helper.make_node("Relu", ["x"], ["y"])], [_out("y")],
        inputs=[helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 1, 8, 8])]), "input_shapes"),
    ("input of another rank", _model(
        [helper.make_node("Relu", ["x"], ["y"])], [_out("y")],
        inputs=[helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 8])]), "rank"),
    ("input of another name", _model(
        [helper.make_node("Relu", ["z"], ["y"])], [_out("y")],
        inputs=[helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", 1, 8, 8])]), "input_shapes names 'x'"),
]


def _model_case(name: str, data: bytes, phrase: str) -> Case:
    def run(project: Path) -> Outcome:
        (project / "a.onnx").write_bytes(data)
        return replace(play(project, project / "pipeline.yaml", run_import=True), expected=phrase)
    return Case("model", name, run, "a.onnx")


def _folder_model(project: Path) -> Outcome:
    (project / "a.onnx").unlink()
    (project / "a.onnx").mkdir()
    return replace(play(project, project / "pipeline.yaml", run_import=True), expected="file not found")


def cases() -> list[Case]:
    return [*(_model_case(*entry) for entry in MODELS),
            Case("model", "model path is a folder", _folder_model, "a.onnx")]
