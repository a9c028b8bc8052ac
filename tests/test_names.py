"""ONNX names are untrusted text: whatever they hold, the package compiles and computes right.

Comment terminators, line splices, quotes, preprocessor lines, C++ keywords, leading digits,
non-ASCII, names that sanitize to the same identifier, names of the runner's own variables, of C
macros and of the prefix-derived API symbols, in node, tensor, input and output names alike.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.core.names import IdentifierTable, quoted, sanitize
from ferry.stages.codegen import generate_package
from ferry.stages.codegen.kernel_call import LOWERINGS
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.toolchain.hostrun import run_samples
from tests import onnx_builders as builders

FLAGS = ["-std=c++17", "-O0", "-Wall", "-Wextra", "-Werror"]
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CPP_KEYWORDS = set("""
    alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
    char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
    co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
    extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
    nullptr operator or or_eq private protected public register reinterpret_cast requires return
    short signed sizeof static static_assert static_cast struct switch template this thread_local
    throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
    xor xor_eq
""".split())


def ort_run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))


def compile_and_compare(original: onnx.ModelProto, model_name: str, work: Path) -> Path:
    """import -> codegen -> g++ -Werror -> runner; outputs equal onnxruntime's.

    Returns the package folder."""
    onnx.save(original, str(work / "model.onnx"))
    model, _ = import_model(work / "model.onnx", model_name, {})
    missing = sorted({n.op_type for n in model.graph.node} - set(LOWERINGS))
    if missing:
        pytest.skip(f"no lowering yet for {', '.join(missing)}")
    onnx.save(model, str(work / "imported.onnx"))
    package = work / "package"
    manifest = generate_package(work / "imported.onnx", model_name, package)
    runner = build_host(package, work / "build", "g++", FLAGS)
    rng = np.random.default_rng(0)
    samples = [{p.onnx_name: rng.standard_normal(p.shape).astype(np.float32)
                for p in manifest.inputs} for _ in range(2)]
    assert {p.onnx_name for p in manifest.inputs} == {i.name for i in original.graph.input}
    assert [p.onnx_name for p in manifest.outputs] == [o.name for o in original.graph.output]
    for sample, got in zip(samples, run_samples(runner, manifest, samples)):
        want = ort_run(original, sample)
        assert set(got) == set(want)
        for name in want:
            np.testing.assert_allclose(got[name], want[name], rtol=0, atol=1e-5,
                                       err_msg=f"output {name!r}")
    # every C name in the API is a distinct, plain identifier
    c_names = [p.c_name for p in [*manifest.inputs, *manifest.outputs]]
    assert len(set(c_names)) == len(c_names)
    assert all(IDENTIFIER.fullmatch(c) and c not in CPP_KEYWORDS for c in c_names)
    return package


def generated_files(package: Path) -> list[Path]:
    return [p for p in sorted(package.iterdir())
            if p.is_file() and p.suffix not in (".json", ".bin")]  # C++, CMake (not the weights blob)


# -- the hostile model --------------------------------------------------------------------------


def test_hostile_names_compile_and_compute(tmp_path):
    original = builders.hostile_names_model()
    package = compile_and_compare(original, 'évil */ model "名" \\', tmp_path)

    files = generated_files(package)
    prefix = json.loads((package / "package.json").read_text())["prefix"]
    expected = {f"{prefix}_model.h", "model.cpp", f"{prefix}_weights.h", "weights.cpp", "runner.cpp"}
    assert expected <= {f.name for f in files}
    for path in sorted((package / "kernels").iterdir()):
        assert path.read_bytes().isascii(), f"kernels/{path.name} is not pure ASCII"
    for path in files:
        data = path.read_bytes()
        assert data.isascii(), f"{path.name} is not pure ASCII"
        for number, line in enumerate(data.decode("ascii").splitlines(), 1):
            assert not line.endswith("\\"), f"{path.name}:{number} ends with a backslash: {line}"
            assert "??" not in line, f"{path.name}:{number} holds a trigraph start: {line}"

    model_cpp = (package / "model.cpp").read_text()
    header = (package / f"{prefix}_model.h").read_text()
    # the hostile text never reaches the code raw: the only preprocessor lines are ours, and
    # no quoted name holds a comment start or end
    directive = re.compile(r'#(?:include (?:"[\w/.]+"|<[\w/]+\.?h?>)|pragma once|ifndef FERRY_\w+|'
                           r"define FERRY_\w+|ifdef (?:__cplusplus|FERRY_TRACE|FERRY_COUNT|FERRY_PROFILE)|else|"
                           r"endif(?: /\* FERRY_\w+ \*/)?|(?:el)?if defined\((?:FERRY_\w+|__linux__)\)|"
                           r"if defined\(FERRY_TRACE\) \|\| defined\(FERRY_COUNT\)(?: \|\| defined\(FERRY_PROFILE\))?|"
                           r"define FERRY_LAYER\(index\) (?:ferry_(?:count|profile)_layer\(index\)|\(\(void\)0\))|"
                           r"define FERRY_COUNT_SCRATCH\(data, bytes\) "
                           r"(?:ferry_count_scratch\(data, bytes\)|\(\(void\)0\))|"
                           r"define [A-Z0-9_]+_(?:WEIGHTS_BYTES \d+|ARENA_BYTES \d+|(?:INPUT|OUTPUT)\d+_SCALE "
                           r"[-+0-9.e]+f|(?:INPUT|OUTPUT)\d+_ZERO_POINT \(-?\d+\))|"
                           r"define FERRY_TRACE_OUTPUT\(data, bytes\) (?:ferry_trace\(data, bytes\)|\(\(void\)0\)))")
    for path in [f for f in files if f.suffix in (".h", ".cpp")]:
        text = path.read_text()
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                assert directive.fullmatch(line.strip()), f"{path.name}: {line}"
        for literal in re.findall(r'"(?:[^"\\\n]|\\.)*"', text):
            assert "/*" not in literal and "*/" not in literal, f"{path.name}: {literal}"
    # ... but every node and tensor is still named in the comments, escaped
    for name in builders.HOSTILE_NODES.values():
        if name:
            assert quoted(name) in model_cpp, name
    for key, name in builders.HOSTILE.items():
        if key not in ("in_c", "out_a", "out_b", "out_c", "in_a", "in_b"):
            assert quoted(name) in model_cpp + (package / f"{prefix}_weights.h").read_text(), name
    for key in ("in_a", "in_b", "in_c", "out_a", "out_b", "out_c"):
        assert quoted(builders.HOSTILE[key]) in header
    # /* */ comments hold no nested comment start and end where they should
    for path in files:
        text = path.read_text()
        for comment in re.findall(r"/\*.*?\*/", text, flags=re.S):
            assert "/*" not in comment[2:], f"{path.name}: nested /* in {comment!r}"


RUNNER_AND_API_NAMES = [
    # the runner's own locals and helpers
    "in", "out", "samples", "argc", "argv", "fail", "read_all", "write_all", "at_end", "main",
    # macros and typedefs of the headers the package includes
    "INT64_MIN", "EOF", "NULL", "INFINITY", "M_PI", "int64_t", "size_t", "stdout", "offsetof",
    # what the emitter derives from the package prefix "api"
    "api_run", "api_weights", "api_input0_size", "api_output1_size", "api_input_count",
    # the emitter's own file-scope names
    "arena", "ferry", "std", "weights",
]


def test_names_of_runner_macros_and_api_symbols(tmp_path):
    """Ports and tensors named like what the generated files already use still work."""
    names = RUNNER_AND_API_NAMES
    half = len(names) // 2
    inputs, middles = names[:4], names[4:half]
    outputs = names[half:]
    # a chain: in + out -> fail; fail * samples -> read_all; ...; then unary ops from the last
    # intermediate to every output; the node names reuse the list backwards
    nodes, current, operands = [], inputs[0], inputs[1:]
    for index, name in enumerate(middles + outputs[:1]):
        op = ("Add", "Mul", "Sub")[index % 3]
        nodes.append(helper.make_node(op, [current, operands[index % len(operands)]], [name],
                                      name=names[-1 - index]))
        current = name
    for index, name in enumerate(outputs[1:]):
        op = ("Relu", "Sigmoid", "Tanh")[index % 3]
        nodes.append(helper.make_node(op, [current], [name], name=f"{name}_node"))
    graph = helper.make_graph(
        nodes, "api",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in outputs])
    original = builders.make(graph, 17, "test", "0")
    compile_and_compare(original, "api", tmp_path)


def test_weights_with_colliding_names(tmp_path):
    """Initializers whose names sanitize alike, or to keywords, stay separate arrays."""
    rng = np.random.default_rng(1)
    names = ["w.1", "w-1", "w/1", "w 1", "1w", "class", "class_", "__", "ü", "层"]
    inits = [numpy_helper.from_array(rng.standard_normal((1, 4)).astype(np.float32), n)
             for n in names]
    nodes, current = [], "x"
    for index, name in enumerate(names):
        out = "y" if index == len(names) - 1 else f"t{index}"
        nodes.append(helper.make_node("Add", [current, name], [out], name=name))
        current = out
    graph = helper.make_graph(
        nodes, "w", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], inits)
    compile_and_compare(builders.make(graph, 17, "test", "0"), "w", tmp_path)


# -- the helpers themselves ---------------------------------------------------------------------


def _random_names(count: int, seed: int) -> list[str]:
    alphabet = [*list("aZ09_ ./-*\\\"'#<>?\n\t\x00"), "ü", "层", "😀", "*/", "/*", "??", "int", "class", "main", "out",
                "M_PI", "_run"]
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_identifier_table_is_unique_and_valid():
    table = IdentifierTable()
    names = _random_names(3000, seed=3)
    got = {}
    for name in names:
        for kind, prefix in (("tensor", ""), ("weight", "w_"), ("node", "p_")):
            got[(kind, name)] = table.get(kind, name, prefix=prefix)
    identifiers = list(got.values())
    assert len(set(identifiers)) == len(identifiers)
    for identifier in identifiers:
        assert IDENTIFIER.fullmatch(identifier), identifier
        assert identifier not in CPP_KEYWORDS and "__" not in identifier
    # stable: asking again gives the same identifier
    assert all(table.get(kind, name) == got[(kind, name)] for kind, name in list(got)[:50])


def test_sanitize_examples():
    assert sanitize("/features/conv1/Conv") == "features_conv1_Conv"
    assert sanitize("onnx::Conv_12") == "onnx_Conv_12"
    assert sanitize("123abc") == "t_123abc"
    assert sanitize("Ünïcødé") == "n_c_d"
    assert sanitize("层") == "t" and sanitize("") == "t" and sanitize("___") == "t"
    for word in ("int", "class", "return", "main", "arena", "std", "ferry"):
        assert sanitize(word) == f"{word}_"
    assert len(sanitize("x" * 500)) <= 48


def test_identifier_table_avoids_package_names():
    table = IdentifierTable()
    got = [table.get("tensor", n) for n in
           ["out", "out.", "in", "int64_t", "M_PI", "M PI", "M.PI", "NCHW", "NCHW ", "m_run",
            "x_input0_size", "X", "x", "int", "int "]]
    assert got == ["out_", "out_2", "in_", "int64_t_", "M_PI_", "M_PI_2_", "M_PI_3_", "NCHW_",
                   "NCHW_2_", "m_run_", "x_input0_size_", "X", "x", "int_", "int_2"]


def test_no_identifier_is_a_macro_of_the_included_headers(tmp_path):
    """Every macro the generated translation units can see is renamed by the table."""
    source = tmp_path / "all.cpp"
    source.write_text('#include "ferry_kernels.h"\n#include <cstdio>\n#include <limits>\n'
                      "#include <stdint.h>\n#include <stddef.h>\n#include <math.h>\n")
    result = subprocess.run(["g++", "-std=c++17", "-dM", "-E", "-I", str(KERNELS_DIR),
                             str(source)], capture_output=True, text=True, check=True)
    macros = {line.split()[1].split("(")[0] for line in result.stdout.splitlines()
              if line.startswith("#define ")}
    visible = sorted(m for m in macros if not m.startswith("_"))
    assert "INT64_MIN" in visible and "EOF" in visible  # the probe works
    table = IdentifierTable()
    assert [m for m in visible if table.get("tensor", m) == m] == []


@pytest.mark.parametrize("text", [
    "*/", "/*", "*/*", "/*/", "a\\", "\\", "x\n#define Y", '"', "??/", "???/", "\u2028",
    "😀", "\x00", "\r", "a */ b /* c \\",
])
def test_quoted_is_safe_in_any_comment(text):
    q = quoted(text)
    assert q.isascii() and q.startswith('"') and q.endswith('"') and q.isprintable()
    inner = q[1:-1]
    assert "*/" not in q and "/*" not in q and "??" not in q
    assert "\n" not in q and "\r" not in q
    # no unescaped quote inside, so the literal ends where it seems to
    assert re.fullmatch(r'(?:[^"\\]|\\.)*', inner), q


def test_quoted_compiles_in_comments_and_literals(tmp_path):
    """Every hostile name in a // comment, a /* */ comment and a string literal: the file
    compiles with -Wall -Wextra -Werror and the literal holds exactly the name's UTF-8 bytes."""
    texts = [*builders.HOSTILE.values(), *builders.HOSTILE_NODES.values(),
             *[t for t in _random_names(300, seed=9) if "\x00" not in t]]
    lines = ["#include <cstdio>", "", "static void hex(const char* text) {",
             '  for (const char* p = text; *p; ++p) std::printf("%02x", (unsigned char)*p);',
             '  std::printf("|\\n");', "}", "", "int main() {"]
    for text in texts:
        lines += [f"  // {quoted(text)}", f"  /* {quoted(text)} */",
                  f"  hex({quoted(text)});  /* {quoted(text)} */ // {quoted(text)}"]
    lines += ["  return 0;", "}", ""]
    source = tmp_path / "q.cpp"
    source.write_text("\n".join(lines), encoding="ascii")
    subprocess.run(["g++", *FLAGS, str(source), "-o", str(tmp_path / "q")], check=True,
                   capture_output=True, text=True)
    printed = subprocess.run([str(tmp_path / "q")], check=True, capture_output=True,
                             text=True).stdout.split("|\n")[:-1]
    assert printed == [t.encode("utf-8").hex() for t in texts]
