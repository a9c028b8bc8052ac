"""The weights as one binary blob: weights.bin holds every constant where weights.h says, the
symbols of weights.cpp sit at those offsets, the bytes are deterministic, and the host and trace
builds share one weights object."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

from ferry.stages.codegen import generate_package
from ferry.stages.common.layout import weights_header_file
from ferry.stages.common.memory_plan import ALIGNMENT
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from tests import onnx_builders as builders

FLAGS = ["-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror"]
DECLARATION = re.compile(r'// "(?P<origin>[^"]*)" (?P<dtype>\w+)\[(?P<shape>[\d,]*)\], bytes (?P<start>[\d,]+)\.\.'
                         r'(?P<end>[\d,]+) of weights\.bin.*\n'
                         r'extern const \w+ (?P<identifier>\w+)\[\d+\] __asm__\("(?P<symbol>\w+)"\);')


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_weights_bin_holds_every_constant_where_weights_h_says(tmp_path: Path) -> None:
    onnx.save(builders.pytorch_style(), str(tmp_path / "model.onnx"))
    model, _ = import_model(tmp_path / "model.onnx", "blob", {"input": [2, 3, 8, 8]})
    onnx.save(model, str(tmp_path / "imported.onnx"))
    constants = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    generate_package(tmp_path / "imported.onnx", "blob", tmp_path / "a")
    generate_package(tmp_path / "imported.onnx", "blob", tmp_path / "b")
    for name in ("weights.bin", weights_header_file("blob"), "weights.cpp"):  # deterministic bytes
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    blob = (tmp_path / "a" / "weights.bin").read_bytes()
    declared = list(DECLARATION.finditer((tmp_path / "a" / weights_header_file("blob")).read_text()))
    weights = [d for d in declared if d["origin"] in constants]
    assert len(weights) == len(constants) == 4  # conv and gemm, weight and bias each
    for item in weights:
        start, end = _number(item["start"]), _number(item["end"])
        assert start % ALIGNMENT == 0
        value = constants[item["origin"]]
        assert item["dtype"] == value.dtype.name and item["shape"] == ",".join(map(str, value.shape))
        np.testing.assert_array_equal(np.frombuffer(blob[start:end], value.dtype.newbyteorder("<")),
                                      value.reshape(-1))
    # the compiled symbols sit at those offsets of the one blob, with those sizes
    runner = build_host(tmp_path / "a", tmp_path / "build", "g++", FLAGS)
    symbols = {}
    for line in subprocess.run(["nm", "-S", str(tmp_path / "build" / "weights.o")], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 4:
            symbols[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
    for item in declared:
        assert symbols[item["symbol"]] == (_number(item["start"]), _number(item["end"]) - _number(item["start"]))
    # one weights object, archived into the library and the trace library alike
    assert runner.is_file() and not list((tmp_path / "build").glob("weights_trace.o"))
    for library in ("libblob.a", "libblob_trace.a"):
        members = subprocess.run(["ar", "t", str(tmp_path / "build" / library)], capture_output=True,
                                 text=True, check=True).stdout.split()
        assert "weights.o" in members
