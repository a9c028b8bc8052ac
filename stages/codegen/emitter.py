"""Renders a lowered graph as a C++17 package: <prefix>_model.h, model.cpp, <prefix>_weights.h,
weights.cpp, weights.bin, runner, CMake.

Principle 8: one call per node in graph order, named after the node, commented with op, shapes,
MACs and arena offsets; the weights are one binary blob (weights.bin) linked in by weights.cpp,
declared as typed, aligned const arrays in <prefix>_weights.h.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

import ferry.stages.codegen.lowering  # noqa: F401  (registers every lowering)
from ferry.core.errors import FerryError
from ferry.core.names import IdentifierTable, quoted
from ferry.schemas.artifacts import (
    MemoryPlanRecord,
    Operand,
    PackageManifest,
    Place,
    PlannedLayer,
    PlannedTensor,
    TensorPort,
)
from ferry.stages.codegen.context import LoweringContext, c_type
from ferry.stages.codegen.kernel_call import LOWERINGS, KernelCall, Params, Scratch
from ferry.stages.codegen.lowering.sparse import storage_records
from ferry.stages.common.golden import tensor_qparams
from ferry.stages.common.graph import GraphView, unique_name
from ferry.stages.common.layout import (
    KERNELS_DIR,
    PLAN_FILE,
    WEIGHTS_BLOB,
    header_file,
    package_config_file,
    source_files,
    weights_header_file,
)
from ferry.stages.common.memory_plan import ALIGNMENT, plan_program
from ferry.stages.common.ops import Unsupported, count_macs, format_unsupported, unsupported_nodes

TEMPLATES_DIR = Path(__file__).parent / "templates"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class LoweredNode:
    index: int
    node: onnx.NodeProto
    params_name: str
    call: KernelCall
    macs: int


@dataclass(frozen=True)
class WeightSlot:
    """One const array in weights.bin."""
    identifier: str  # its C name in weights.h
    origin: str  # the ONNX constant, or what the table is for
    values: np.ndarray
    offset: int  # bytes from the start of weights.bin

    @property
    def nbytes(self) -> int:
        return max(self.values.nbytes, self.values.dtype.itemsize)  # an empty array keeps one element


@dataclass(frozen=True)
class ScratchBuffer:
    pointer: str  # C name of the pointer into the arena
    key: str  # its name in the memory plan
    scratch: Scratch


def _float_literal(value: float, c_name: str) -> str:
    if np.isnan(value):
        return f"std::numeric_limits<{c_name}>::quiet_NaN()"
    if np.isinf(value):
        sign = "-" if value < 0 else ""
        return f"{sign}std::numeric_limits<{c_name}>::infinity()"
    if c_name == "float":
        return f"{np.float32(value)}f"
    return repr(float(value))


def _literal(value: int | float | tuple | Params) -> str:
    if isinstance(value, Params):  # a nested struct: its fields named in comments too
        return "{" + _fields(value) + "}"
    if isinstance(value, tuple):
        return "{" + ", ".join(_literal(v) for v in value) + "}"
    if isinstance(value, float):
        return _float_literal(value, "float")
    return str(int(value))


def _fields(params: Params) -> str:
    return ", ".join(f"/*{name}=*/{_literal(value)}" for name, value in params.fields)


def _nbytes(port: TensorPort) -> int:
    """Exact bytes of a port: the runner's buffers have at least one element, even when empty."""
    return int(np.prod(port.shape, dtype=np.int64)) * np.dtype(port.dtype).itemsize


def _params_dict(params: Params) -> dict[str, object]:
    """A kernel parameter struct as JSON: nested structs as objects, arrays as lists."""
    def value(v: object) -> object:
        if isinstance(v, Params):
            return _params_dict(v)
        return [value(x) for x in v] if isinstance(v, tuple) else v
    return {name: value(v) for name, v in params.fields}


def _shape_text(shape: tuple[int, ...] | list[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def render_runner(template: Path, model_name: str, prefix: str, inputs: list[TensorPort],
                  outputs: list[TensorPort]) -> str:
    """A runner from its template: static buffers for every port, then per sample the reads,
    the run and the writes. The template defines `in`, `out`, `at_end`, `read_all`, `write_all`
    and `fail` (names a port can never take, see names._PACKAGE_NAMES) for its own I/O."""
    buffers = []
    for port in [*inputs, *outputs]:
        size = max(int(np.prod(port.shape, dtype=np.int64)), 1)
        buffers.append(f"static {c_type(np.dtype(port.dtype))} {port.c_name}[{size}];")
    reads = ["    if (at_end(in)) break;"]
    reads += [f'    if (!read_all(in, {p.c_name}, {_nbytes(p)})) return fail("truncated input file");'
              for p in inputs]
    writes = [f'    if (!write_all(out, {p.c_name}, {_nbytes(p)})) return fail("cannot write");'
              for p in outputs]
    arguments = ", ".join(p.c_name for p in [*inputs, *outputs])
    regions = [f"  ferry_count_region({p.c_name}, sizeof({p.c_name}), 0);" for p in [*inputs, *outputs]]
    return (
        template.read_text().replace("@MODEL@", quoted(model_name))
        .replace("@PREFIX@", prefix)
        .replace("@HEADER@", header_file(prefix))
        .replace("@COUNT_REGIONS@", "\n".join(regions))  # counting builds: the buffers are activations
        .replace("@BUFFERS@", "\n".join(buffers))
        .replace("@READS@", "\n".join(reads))
        .replace("@RUN@", f"{prefix}_run({arguments})")
        .replace("@WRITES@", "\n".join(writes))
    )


def render_cmake(prefix: str, header: str, sources: list[str]) -> str:
    """CMakeLists.txt for a package: its library (any assembly source enables ASM), the install
    and export rules of `find_package`, and the host runner outside `ALL`."""
    languages = "CXX ASM" if any(s.endswith((".S", ".s")) for s in sources) else "CXX"
    return ((TEMPLATES_DIR / "CMakeLists.txt").read_text()
            .replace("@PREFIX@", prefix).replace("@HEADER@", header)
            .replace("@LANGUAGES@", languages).replace("@SOURCES@", " ".join(sources)))


def render_package_config(prefix: str) -> str:
    return ((TEMPLATES_DIR / "Config.cmake").read_text().replace("@PREFIX@", prefix))


class PackageEmitter:
    """Lowers every node of a graph and writes the C++ package for it."""

    def __init__(self, graph: GraphView, model_name: str, prefix: str) -> None:
        self.graph = graph
        self.model_name = model_name
        self.prefix = prefix
        self.ids = IdentifierTable()
        self.weights: dict[str, tuple[str, np.ndarray]] = {}  # identifier -> (origin, values)
        self._weight_of_constant: dict[str, str] = {}
        self.qparams = tensor_qparams(graph.model)  # int8 programs: scale, zero point per tensor
        self.ports_in = [self._port(name) for name in graph.inputs]
        self.ports_out = [self._port(name) for name in graph.outputs]
        self._port_names = {p.onnx_name: p.c_name for p in [*self.ports_in, *self.ports_out]}
        self.lowered = self._lower_all()  # lowering names pointers; it needs no arena offsets
        self.lowered_by_index = {item.index: item for item in self.lowered}
        self.scratch = self._scratch_buffers()
        self.program_plan = plan_program(
            graph, {buffer.key: (buffer.scratch.nbytes, index) for index, buffer in self.scratch.items()})
        self.plan = self.program_plan.memory
        self.arena_tensors = list(self.program_plan.tensors)

    # -- where tensors live -------------------------------------------------------------------

    def _port(self, onnx_name: str) -> TensorPort:
        info = self.graph.tensor(onnx_name)
        try:
            c_type(info.dtype)  # refuse unknown element types early, with a message
        except Unsupported as reason:
            raise FerryError(f"model input or output {quoted(onnx_name)}: {reason}") from None
        scale, zero_point = self.qparams.get(onnx_name, (None, None))
        return TensorPort(
            onnx_name=onnx_name,
            c_name=self.ids.get("tensor", onnx_name),
            shape=list(info.shape),
            dtype=info.dtype.name,
            scale=scale,
            zero_point=zero_point,
        )

    @staticmethod
    def _node_text(node: onnx.NodeProto, index: int) -> str:
        """What the node's C identifiers read like."""
        return node.name or f"{node.op_type}_{index}"

    def _scratch_buffers(self) -> dict[int, ScratchBuffer]:
        """Node index -> the scratch buffer of its kernel, for the nodes whose kernel needs one."""
        taken = {name for node in self.graph.nodes for name in [*node.input, *node.output]}
        buffers = {}
        for item in self.lowered:
            if item.call.scratch is not None:
                buffers[item.index] = ScratchBuffer(
                    pointer=self.ids.get("scratch", str(item.index),
                                         text=self._node_text(item.node, item.index), prefix="s_"),
                    key=unique_name(f"scratch of node {item.index}", taken),  # never a tensor's name
                    scratch=item.call.scratch,
                )
        return buffers

    def pointer(self, onnx_name: str) -> str:
        if onnx_name in self._port_names:
            return self._port_names[onnx_name]
        if self.graph.is_constant(onnx_name):
            if onnx_name not in self._weight_of_constant:
                identifier = self.ids.get("weight", onnx_name, prefix="w_")
                self._weight_of_constant[onnx_name] = identifier
                self.weights[identifier] = (onnx_name, self.graph.constant(onnx_name))
            return self._weight_of_constant[onnx_name]
        return self.ids.get("tensor", onnx_name, prefix="t_")

    def table(self, hint: str, values: np.ndarray) -> str:
        identifier = self.ids.get("table", f"{hint}#{len(self.weights)}", prefix="k_")
        self.weights[identifier] = (f"table: {hint}", np.ascontiguousarray(values))
        return identifier

    # -- lowering -----------------------------------------------------------------------------

    def _lower_all(self) -> list[LoweredNode]:
        missing = unsupported_nodes(self.graph.model)
        if missing:
            raise FerryError(format_unsupported(missing))
        lowered, refused = [], []
        for index, node in enumerate(self.graph.nodes):
            label = self._node_text(node, index)
            context = LoweringContext(node, self.graph, self.pointer, self.table)
            try:
                call = LOWERINGS[node.op_type](context)
            except Unsupported as reason:
                refused.append(f"  {node.op_type} {quoted(label)}: {reason}")
                continue
            params_name = self.ids.get("node", str(index), text=label, prefix="p_")
            lowered.append(LoweredNode(index, node, params_name, call, count_macs(node, self.graph)))
        if refused:
            raise FerryError(
                f"{len(refused)} node(s) use features ferry does not support:\n" + "\n".join(refused)
            )
        return lowered

    # -- rendering ----------------------------------------------------------------------------

    def _signature(self) -> str:
        params = [f"const {c_type(np.dtype(p.dtype))}* {p.c_name}" for p in self.ports_in]
        params += [f"{c_type(np.dtype(p.dtype))}* {p.c_name}" for p in self.ports_out]
        return f"int {self.prefix}_run({', '.join(params)})"

    def render_header(self) -> str:
        guard = f"FERRY_{self.prefix.upper()}_MODEL_H"
        enum_lines = [f"  {self.prefix}_input_count = {len(self.ports_in)},"]
        enum_lines.append(f"  {self.prefix}_output_count = {len(self.ports_out)},")
        for kind, ports in (("input", self.ports_in), ("output", self.ports_out)):
            for i, port in enumerate(ports):
                size = int(np.prod(port.shape, dtype=np.int64))
                enum_lines.append(
                    f"  {self.prefix}_{kind}{i}_size = {size},  "
                    f"/* {quoted(port.onnx_name)} {port.dtype}{_shape_text(port.shape)} */"
                )
        doc = [
            f"/* ferry: generated from model {quoted(self.model_name)}. Do not edit; regenerate. */",
            f"#ifndef {guard}",
            f"#define {guard}",
            "",
            "#include <stdint.h>",
            "",
            "#ifdef __cplusplus",
            'extern "C" {',
            "#endif",
            "",
            "/* Element counts of the inputs and outputs, in the order of the run arguments. */",
            "enum {",
            *enum_lines,
            "};",
            "",
            "/* Memory: the weights are const arrays (flash); the activations share one static arena",
            "   (RAM, zeroed .bss). There is no heap and nothing to initialise before the first run. */",
            f"#define {self.prefix.upper()}_WEIGHTS_BYTES {self._weights_bytes()}",
            f"#define {self.prefix.upper()}_ARENA_BYTES {self.plan.arena_bytes}",
            *self._quantization_macros(),
            "/* Runs one inference. Inputs are read, outputs written; no heap, no global state",
            "   beyond the static activation arena, so calls must not overlap. Returns 0. */",
            f"{self._signature()};",
            "",
            "#ifdef __cplusplus",
            "}",
            "#endif",
            "",
            f"#endif /* {guard} */",
            "",
        ]
        return "\n".join(doc)

    def _weights_bytes(self) -> int:
        return sum(v.nbytes for _, v in self.weights.values())

    def _quantization_macros(self) -> list[str]:
        """Scale and zero point of every int8 port, so that firmware can quantize sensor data."""
        lines = []
        for kind, ports in (("INPUT", self.ports_in), ("OUTPUT", self.ports_out)):
            for i, port in enumerate(ports):
                if port.scale is not None:
                    name = f"{self.prefix.upper()}_{kind}{i}"
                    lines += [f"#define {name}_SCALE {_float_literal(port.scale, 'float')}",
                              f"#define {name}_ZERO_POINT ({port.zero_point})"]
        if not lines:
            return [""]
        return ["", "/* int8 ports: real = SCALE * (q - ZERO_POINT). Quantize an input value x as",
                "   q = clamp(round(x / SCALE) + ZERO_POINT, -128, 127). */", *lines, ""]

    @staticmethod
    def _label(item: LoweredNode) -> str:
        return quoted(item.node.name) if item.node.name else f"(unnamed #{item.index})"

    def _tensor_text(self, name: str) -> str:
        text = f"{quoted(name)}{_shape_text(self.graph.tensor(name).shape)}"
        if self.graph.is_constant(name):
            return text + " const"
        if name in self.qparams:
            scale, zero_point = self.qparams[name]
            return text + f" (s {scale:.6g}, z {zero_point})"
        return text

    def _node_comment(self, item: LoweredNode) -> list[str]:
        node = item.node
        ins = [self._tensor_text(name) for name in node.input if name]
        outs = [self._tensor_text(name) for name in node.output if name]
        lines = [f"// [{item.index}] {node.op_type} {self._label(item)}"]
        lines.append(f"//     in:  {', '.join(ins)}")
        lines.append(f"//     out: {', '.join(outs)}")
        placed = self.program_plan.tensors
        arena = [f"{quoted(name)} @{placed[name].offset}" for name in [*node.input, *node.output]
                 if name in placed]
        if item.index in self.scratch:
            arena.append(f"scratch @{self.plan.offsets[self.scratch[item.index].key]}")
        if arena:
            lines.append(f"//     arena: {', '.join(arena)}")
        if item.index in self.program_plan.views:
            lines.append(f"//     a view of {quoted(node.input[0])}: the same bytes, no code runs")
        elif item.index in self.program_plan.in_place:
            lines.append("//     in place: the output overwrites an input no later node reads")
        if item.macs:
            lines.append(f"//     MACs: {item.macs:,}")
        lines += [f"//     {note}" for note in item.call.notes]
        return lines

    def render_model(self) -> str:
        lines = [
            f"// ferry: generated from model {quoted(self.model_name)}. Do not edit; regenerate.",
            f"// {len(self.lowered)} nodes, {sum(i.macs for i in self.lowered):,} MACs.",
            f'#include "{header_file(self.prefix)}"',
            "",
            "#include <limits>",
            "",
            '#include "kernels/ferry_kernels.h"',
            f'#include "{weights_header_file(self.prefix)}"',
            "",
            f"using namespace {self.prefix}_weights;",
            "",
            "// Debug builds (-DFERRY_TRACE) hand every node's output to ferry_trace, which the host",
            "// runner writes out, so that each layer can be compared with the golden model.",
            "#ifdef FERRY_TRACE",
            'extern "C" void ferry_trace(const void* data, int32_t bytes);',
            "#define FERRY_TRACE_OUTPUT(data, bytes) ferry_trace(data, bytes)",
            "#else",
            "#define FERRY_TRACE_OUTPUT(data, bytes) ((void)0)",
            "#endif",
            "",
            "// Counting builds (-DFERRY_COUNT, host only, see counting.cpp) count each node's MACs and",
            "// memory accesses; profiling builds (-DFERRY_PROFILE, see profile.cpp) time each node.",
            "// FERRY_LAYER(index) starts node `index`'s count or time (-1: the run is over).",
            "#if defined(FERRY_COUNT)",
            'extern "C" void ferry_count_layer(int32_t index);',
            'extern "C" void ferry_count_region(const void* data, int64_t bytes, int32_t kind);',
            'extern "C" void ferry_count_scratch(const void* data, int64_t bytes);',
            "#define FERRY_LAYER(index) ferry_count_layer(index)",
            "#define FERRY_COUNT_SCRATCH(data, bytes) ferry_count_scratch(data, bytes)",
            "#elif defined(FERRY_PROFILE)",
            'extern "C" void ferry_profile_layer(int32_t index);',
            "#define FERRY_LAYER(index) ferry_profile_layer(index)",
            "#define FERRY_COUNT_SCRATCH(data, bytes) ((void)0)",
            "#else",
            "#define FERRY_LAYER(index) ((void)0)",
            "#define FERRY_COUNT_SCRATCH(data, bytes) ((void)0)",
            "#endif",
            "",
            "namespace {",
            "",
            f"// Activations: {len(self.arena_tensors)} tensors{self._scratch_text()} planned by lifetime "
            f"into {self.plan.arena_bytes:,} bytes",
            f"// (lower bound {self.plan.lower_bound_bytes:,} B, one buffer per tensor "
            f"{self.plan.naive_bytes:,} B).",
        ]
        if self.arena_tensors or self.scratch:
            lines.append(f"alignas(16) unsigned char arena[{max(self.plan.arena_bytes, 1)}];")
        for item in self.lowered:
            params = item.call.params
            if params is None:
                continue
            body = textwrap.wrap(_fields(params), width=96, break_long_words=False, break_on_hyphens=False)
            lines += ["", f"// {item.node.op_type} {self._label(item)}"]
            lines.append(f"constexpr {params.type} {item.params_name} = {{")
            lines += [f"    {row}" for row in body]
            lines.append("};")
            if item.index in self.scratch:
                scratch = self.scratch[item.index].scratch
                lines.append(f"static_assert({scratch.size_function}({item.params_name}) == {scratch.elements}, "
                             '"the scratch planned in the arena fits the kernel");')
        lines += ["", "}  // namespace", "", f'extern "C" {self._signature()} {{']
        views = {self.graph.nodes[i].output[0] for i in self.program_plan.views}
        for name in self.arena_tensors:
            info = self.graph.tensor(name)
            ctype = c_type(info.dtype)
            unused = "[[maybe_unused]] " if name in views else ""  # a view read only by views
            lines.append(
                f"  {unused}{ctype}* const {self.pointer(name)} = "
                f"reinterpret_cast<{ctype}*>(arena + {self.program_plan.tensors[name].offset});"
                f"  // {quoted(name)} {info.nbytes} B"
            )
        for index, buffer in self.scratch.items():
            ctype = buffer.scratch.c_type
            lines.append(
                f"  {ctype}* const {buffer.pointer} = "
                f"reinterpret_cast<{ctype}*>(arena + {self.plan.offsets[buffer.key]});"
                f"  // scratch of [{index}] {self._label(self.lowered_by_index[index])} {buffer.scratch.nbytes} B"
            )
        for item in self.lowered:
            lines.append("")
            lines += [f"  {line}" for line in self._node_comment(item)]
            lines.append(f"  FERRY_LAYER({item.index});")
            if item.index not in self.program_plan.views:
                args = list(item.call.args)
                if item.call.params is not None:
                    args.insert(0, item.params_name)
                if item.index in self.scratch:
                    buffer = self.scratch[item.index]
                    args.append(buffer.pointer)
                    lines.append(f"  FERRY_COUNT_SCRATCH({buffer.pointer}, {buffer.scratch.nbytes});")
                lines.append(f"  {item.call.function}({', '.join(args)});")
            lines += [f"  FERRY_TRACE_OUTPUT({self.pointer(name)}, {self.graph.tensor(name).nbytes});"
                      for name in item.node.output if name]
        lines += ["  FERRY_LAYER(-1);", "  return 0;", "}", ""]
        return "\n".join(lines + self._count_regions())

    def _count_regions(self) -> list[str]:
        """Counting builds: the arena and the const arrays, the regions the counters tell apart."""
        regions = ["  ferry_count_region(arena, sizeof(arena), 0);"] if self.arena_tensors else []
        regions += [f"  ferry_count_region({name}, sizeof({name}), 1);" for name in self.weights]
        return ["#ifdef FERRY_COUNT",
                "// The regions a counting build tells apart: activations (0) and const arrays (1).",
                f'extern "C" void {self.prefix}_count_regions(void) {{', *regions, "}", "#endif", ""]

    def _scratch_text(self) -> str:
        if not self.scratch:
            return ""
        largest = max(buffer.scratch.nbytes for buffer in self.scratch.values())
        return f" and {len(self.scratch)} kernel scratch buffers (largest {largest:,} B)"

    def weights_layout(self) -> list[WeightSlot]:
        """Where each const array sits in weights.bin: in order, each at an ALIGNMENT boundary."""
        slots, offset = [], 0
        for identifier, (origin, values) in self.weights.items():
            offset = -(-offset // ALIGNMENT) * ALIGNMENT
            slots.append(WeightSlot(identifier, origin, values, offset))
            offset += slots[-1].nbytes
        return slots

    def render_weights(self, slots: list[WeightSlot]) -> tuple[str, str]:
        """weights.h (a typed declaration per array, with its origin, shape, offset and
        quantization in a comment) and weights.cpp (the symbols, laid over one `.incbin` of
        weights.bin, which write_weights_blob writes)."""
        namespace = f"{self.prefix}_weights"
        blob_symbol = f"{self.prefix}_weights_blob"
        decls, symbols = [], []
        for slot in slots:
            values = slot.values
            ctype = c_type(values.dtype)
            symbol = f"{self.prefix}_{slot.identifier}"
            where = f"bytes {slot.offset:,}..{slot.offset + slot.nbytes:,} of weights.bin"
            decls += [f"// {quoted(slot.origin)} {values.dtype.name}{_shape_text(values.shape)}, {where}"
                      f"{self._weight_qparams_text(slot.origin)}",
                      f'extern const {ctype} {slot.identifier}[{max(values.size, 1)}] __asm__("{symbol}");']
            symbols.append(f'    ".global {symbol}\\n.type {symbol}, %object\\n.size {symbol}, {slot.nbytes}\\n'
                           f'.set {symbol}, {blob_symbol} + {slot.offset}\\n"')
        blob_bytes = slots[-1].offset + slots[-1].nbytes if slots else 0
        header = "\n".join([
            f"// ferry: weights of model {quoted(self.model_name)} (flash). Do not edit.",
            f"// The values are the bytes of weights.bin ({blob_bytes:,} B, little-endian, each array at a",
            f"// {ALIGNMENT}-byte boundary), linked in by weights.cpp; each array is a typed symbol of it.",
            "#pragma once",
            "#include <stdint.h>",
            "",
            f"namespace {namespace} {{",
            "",
            *decls,
            "",
            f"}}  // namespace {namespace}",
            "",
        ])
        source = "\n".join([
            f"// ferry: weights of model {quoted(self.model_name)} (flash). Do not edit.",
            "// weights.bin goes into read-only data as it is (.incbin, found through the -I of the",
            "// package folder); every array of weights.h is a symbol at its offset in it.",
            "__asm__(",
            f'    ".pushsection .rodata.{blob_symbol}, \\"a\\", %progbits\\n"',
            f'    ".balign {ALIGNMENT}\\n"',
            f'    "{blob_symbol}:\\n"',
            '    ".incbin \\"weights.bin\\"\\n"',
            *symbols,
            '    ".popsection\\n");',
            "",
        ])
        return header, source

    @staticmethod
    def write_weights_blob(slots: list[WeightSlot], path: Path) -> None:
        """weights.bin: each array's values at its offset (little-endian), zeros between; one
        array at a time, so that the blob is never a second copy of the weights in memory."""
        with open(path, "wb") as blob:
            for slot in slots:
                blob.write(bytes(slot.offset - blob.tell()))
                values = slot.values.astype(slot.values.dtype.newbyteorder("<"), copy=False)
                blob.write(np.ascontiguousarray(values).data if values.size else bytes(slot.nbytes))

    def _weight_qparams_text(self, name: str) -> str:
        if name not in self.qparams:
            return ""
        scale, zero_point = self.qparams[name]
        return f" (s {scale:.6g}, z {zero_point})"

    def render_runner(self) -> str:
        return render_runner(TEMPLATES_DIR / "runner.cpp", self.model_name, self.prefix,
                             self.ports_in, self.ports_out)

    def render_cmake(self) -> str:
        return render_cmake(self.prefix, header_file(self.prefix), self.manifest().sources)

    def manifest(self) -> PackageManifest:
        weights_bytes = self._weights_bytes()
        storage = storage_records(self.graph)
        return PackageManifest(
            model=self.model_name,
            prefix=self.prefix,
            inputs=self.ports_in,
            outputs=self.ports_out,
            sources=["model.cpp", "weights.cpp"],
            runner="runner.cpp",
            arena_bytes=self.plan.arena_bytes,
            arena_lower_bound_bytes=self.plan.lower_bound_bytes,
            arena_naive_bytes=self.plan.naive_bytes,
            arena_scratch_bytes=max((b.scratch.nbytes for b in self.scratch.values()), default=0),
            weights_bytes=weights_bytes,
            weights_bytes_dense=weights_bytes + sum(s.dense_bytes - s.bytes for s in storage),
            weight_storage=storage,
            macs=sum(i.macs for i in self.lowered),
            nodes=len(self.lowered),
        )

    def _operand(self, name: str) -> Operand:
        info = self.graph.tensor(name)
        place: Place = ("flash" if self.graph.is_constant(name) else
                        "arena" if name in self.program_plan.tensors else "io")
        return Operand(name=name, shape=list(info.shape), dtype=info.dtype.name, place=place)

    def _planned_layer(self, item: LoweredNode) -> PlannedLayer:
        view = item.index in self.program_plan.views
        used = [] if view else [token for arg in item.call.args for token in _IDENTIFIER.findall(arg)]
        params = item.call.params
        return PlannedLayer(
            index=item.index, node=item.node.name or f"#{item.index}", op=item.node.op_type,
            kernel=None if view else item.call.function,
            params=_params_dict(params) if params is not None and not view else {},
            inputs=[self._operand(name) for name in item.node.input if name],
            outputs=[self._operand(name) for name in item.node.output if name],
            weights={name: int(self.weights[name][1].nbytes) for name in dict.fromkeys(used)
                     if name in self.weights},
        )

    def memory_plan(self) -> MemoryPlanRecord:
        """Where each activation lives, and what each layer's call reads and writes."""
        tensors = [PlannedTensor(name=t.name, bytes=t.size, offset=t.offset, first=t.first_use,
                                 last=t.last_use, shares=None if t.buffer == name else t.buffer)
                   for name, t in self.program_plan.tensors.items()]
        return MemoryPlanRecord(
            alignment=ALIGNMENT, arena_bytes=self.plan.arena_bytes,
            arena_lower_bound_bytes=self.plan.lower_bound_bytes,
            arena_greedy_bytes=self.plan.greedy_bytes, arena_naive_bytes=self.plan.naive_bytes,
            io_bytes=sum(_nbytes(p) for p in [*self.ports_in, *self.ports_out]),
            weights_bytes=sum(v.nbytes for _, v in self.weights.values()),
            tensors=tensors, layers=[self._planned_layer(item) for item in self.lowered],
        )

    def write(self, folder: Path) -> PackageManifest:
        """Write every file of the package into `folder` (a fresh staging folder)."""
        (folder / "kernels").mkdir(parents=True)
        for header in sorted(KERNELS_DIR.glob("*.h")):
            shutil.copyfile(header, folder / "kernels" / header.name)
        model_source = self.render_model()  # renders first: lowering may add tables
        slots = self.weights_layout()
        weights_header, weights_source = self.render_weights(slots)
        files = dict(zip(source_files(self.prefix), (
            self.render_header(), model_source, weights_header, weights_source,
            self.render_runner(), self.render_cmake(), (TEMPLATES_DIR / "counting.cpp").read_text(),
            (TEMPLATES_DIR / "profile.cpp").read_text(),
        )))
        files[package_config_file(self.prefix)] = render_package_config(self.prefix)
        (folder / "cmake").mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="ascii")
        self.write_weights_blob(slots, folder / WEIGHTS_BLOB)
        manifest = self.manifest()
        (folder / "package.json").write_text(manifest.model_dump_json(indent=2) + "\n")
        (folder / PLAN_FILE).write_text(self.memory_plan().model_dump_json(indent=2) + "\n")
        return manifest
