"""From a float model and its calibration statistics to standard QDQ ONNX.

The output opens in Netron, runs in onnxruntime and keeps the float graph's input and output
names and its compute nodes (by name, in order); int8 appears only as QuantizeLinear /
DequantizeLinear pairs and pre-quantized initializers. Conventions codegen relies on:

- activation `x` (int8, per tensor): `x` -QuantizeLinear `x_QuantizeLinear`-> `x_quantized`
  -DequantizeLinear `x_DequantizeLinear`-> `x_dequantized`, with initializers `x_scale` (float32
  scalar) and `x_zero_point` (int8 scalar). A quantized graph output `y` is produced as `y_float`
  and `y` is the DequantizeLinear's output, so the graph keeps its output name (and float type).
- weight `w` (second input of Conv, Gemm, MatMul): int8 `w_quantized` in [-127, 127], `w_scale`
  (per output channel, the DequantizeLinear's `axis`, or a scalar), int8 zeros `w_zero_point`.
- bias `b`: int32 `b_quantized` with scale input scale × weight scale and int32 zero points.
- a MatMul by a constant weight whose only reader is an Add of a constant bias (one value per
  output column; `stages.common.fusion.bias_add`) is one fully connected layer: the product has
  no Q/DQ and the bias is stored like a Gemm's, int32 in the accumulator's scale (its
  DequantizeLinear has `axis` the last one), so there is one rounding, after the Add.
- a Relu or Clip (constant bounds) that is the only reader of a Conv/Gemm/MatMul/Add output is
  fused: the tensor between them has no Q/DQ, the activation's output has. When only one of the
  two is quantized (keep_float, fallback), the tensor between takes the activation output's
  scale and zero point: the values the clamp cuts saturate, so nothing it keeps is lost, and
  calibration need not observe that tensor (chains.clamped_tensors).
- an element-wise chain of one activation (hard-swish as x * relu6(x + 3) / 6, x / 6, Sqrt, Erf,
  x * sigmoid(x): stages/quantize/chains.py) has Q/DQ on its source and its outputs only; its
  inner tensors stay float and its scalar constants plain, so that codegen makes each output
  one 256-entry table of the source.
- ops that move data (SCALE_PRESERVING_OPS) share one scale and zero point between their int8
  inputs and outputs (all of Split's); Concat shares the union range of all its inputs. Sigmoid,
  Softmax and Tanh outputs get the fixed qparams of the TFLite spec.

- int16 activations (the precision fallback, docs/int16.md): the layers `int16` names store their
  output and data inputs as int16 (zero point 0, symmetric scale) when every tensor sharing their
  qparams comes from an op with an int16 kernel (INT16_CAPABLE_OPS), a constant or a model input.
  A node reading a tensor in the other precision reads it through a border: a second Q/DQ pair
  on the first one's output, `x_dequantized` -QuantizeLinear-> `x_int16_quantized`
  -DequantizeLinear-> `x_int16_dequantized` (or `_int8_`), which codegen writes as one conversion.
  ONNX accepts int16 QuantizeLinear from opset 21: such a model is converted to opset 21 (and its
  readers, onnxruntime included, run it there). The metadata INT16_KEY names the int16 layers.

If a name the conventions ask for is taken by the model, a suffix `_2`, `_3`... makes it unique.
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference, version_converter

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import ActivationQuantization, CalibrationReport, WeightQuantization
from ferry.schemas.pipeline import QuantizeStage
from ferry.stages.common.fusion import bias_add
from ferry.stages.common.golden import INT16_KEY, KEEP_FLOAT_KEY
from ferry.stages.common.graph import GraphView, attribute, unique_name
from ferry.stages.common.ops import FIXED_OUTPUT_QPARAMS, INT8_OPS, SCALE_PRESERVING_OPS
from ferry.stages.common.padding import pad_pairs, taps_inside
from ferry.stages.common.quant import (
    QMAX,
    QMIN,
    WEIGHT_QMAX,
    choose_int16_qparams,
    choose_qparams,
    dequantize,
    int_limits,
    quantize,
    weight_scales,
)
from ferry.stages.importer import constants_to_initializers
from ferry.stages.quantize.calibrate import TensorStatistics
from ferry.stages.quantize.chains import CLAMPED_PRODUCERS, clamped_tensors, is_clamp, scaled_output, table_chains
from ferry.stages.quantize.ranges import activation_range

WEIGHTED_OPS = ("Conv", "ConvTranspose", "Gemm", "MatMul")
ELEMENTWISE_OPS = ("Add", "Sub", "Mul", "Div", "Sum", "Concat")  # every input carries int8 data
NO_INT8_PATH = "no int8 path"
RESIZE_INT8_MODES = ("nearest", "linear")
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# Ops with an int16 kernel (stages/codegen/integer_program.py, INT16_OPS and data movement); a
# table chain's node has none, whatever its op.
INT16_CAPABLE_OPS = frozenset({"Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Relu", "Clip",
                               *(SCALE_PRESERVING_OPS - {"Resize"})})
INT16_COMPUTE_OPS = ("Conv", "Gemm", "MatMul", "Add", "Sub", "Mul")  # the int16 layers reported
WRITES_INT16 = "its output is an int16 layer's input"
INT16_OPSET = 21  # the first opset whose QuantizeLinear / DequantizeLinear take int16
INT8, INT16 = np.dtype(np.int8), np.dtype(np.int16)

QParams = tuple[np.float32, int]


def quantize_model(float_model: onnx.ModelProto, stats: TensorStatistics, params: QuantizeStage,
                   keep: dict[str, str] | None = None, int16: dict[str, str] | None = None,
                   ) -> tuple[onnx.ModelProto, CalibrationReport]:
    """The QDQ model and the calibration report. `float_model` is the shape-inferred model the
    statistics were collected on; `keep` names more nodes to keep in float, `int16` nodes to give
    int16 activations, each with the reason."""
    quantizer = _Quantizer(GraphView(float_model), stats, params, keep or {}, int16 or {})
    model = quantizer.build()
    return model, quantizer.report()


def node_label(node: onnx.NodeProto, index: int) -> str:
    """The node's name, or what the import summary calls an unnamed node."""
    return node.name or f"{node.op_type}_{index}"


def input_roles(node: onnx.NodeProto, view: GraphView) -> dict[int, str]:
    """Input index -> 'data' (int8 activation or constant), 'weight' or 'bias'; inputs left out
    (shapes, axes, pads, Clip bounds) stay as they are."""
    if node.op_type in ELEMENTWISE_OPS:
        return {i: "data" for i, name in enumerate(node.input) if name}
    roles = {0: "data"}
    if node.op_type in WEIGHTED_OPS:
        roles[1] = "weight" if view.is_constant(node.input[1]) else "data"
        if len(node.input) > 2 and node.input[2]:
            roles[2] = "bias"
    return roles


def _no_int8_path(node: onnx.NodeProto, view: GraphView) -> str | None:
    """Why the node has no int8 path (its op is not in INT8_OPS, or this use of it), or None."""
    if node.domain not in ("", "ai.onnx") or node.op_type not in INT8_OPS:
        return NO_INT8_PATH
    roles = input_roles(node, view)
    names = [node.input[i] for i, role in roles.items() if role == "data"] + list(node.output[:1])
    if any(view.tensor(n).dtype != np.float32 for n in names):  # (MaxPool's Indices are not data)
        return f"{NO_INT8_PATH} (not float32)"
    if node.op_type in ("Conv", "ConvTranspose", "Gemm") and roles[1] != "weight":
        return f"{NO_INT8_PATH} (computed weights)"
    if node.op_type in ("Conv", "ConvTranspose") and 2 in roles and not view.is_constant(node.input[2]):
        return f"{NO_INT8_PATH} (computed bias)"
    if node.op_type == "ConvTranspose" and len(view.tensor(node.input[0]).shape) != 4:
        return f"{NO_INT8_PATH} (int8 ConvTranspose is 2-D only)"
    if node.op_type == "Resize" and attribute(node, "mode", "nearest") not in RESIZE_INT8_MODES:
        return f"{NO_INT8_PATH} (Resize mode '{attribute(node, 'mode', 'nearest')}')"
    if node.op_type == "LayerNormalization" and len([o for o in node.output if o]) > 1:
        return f"{NO_INT8_PATH} (LayerNormalization with Mean or InvStdDev outputs)"
    if node.op_type == "Gather" and not view.is_constant(node.input[1]):
        return f"{NO_INT8_PATH} (computed Gather indices)"
    if node.op_type == "Gemm":
        if attribute(node, "alpha", 1.0) != 1.0 or attribute(node, "beta", 1.0) != 1.0:
            return f"{NO_INT8_PATH} (Gemm alpha or beta is not 1)"
        if 2 in roles and _gemm_bias(node, view) is None:
            return f"{NO_INT8_PATH} (Gemm C is not a constant per-column bias)"
    return None


def _gemm_bias(node: onnx.NodeProto, view: GraphView) -> np.ndarray | None:
    """Gemm's C as a 1-D bias of N values, when it is one ([N] or [1, N])."""
    if not view.is_constant(node.input[2]):
        return None
    c = view.constant(node.input[2])
    n = view.tensor(node.output[0]).shape[1]
    return c.reshape(n) if c.size == n and (c.ndim == 1 or c.shape == (1, n)) else None


def _weight_axis(node: onnx.NodeProto, weight: np.ndarray, per_channel: bool) -> int | None:
    """The output-channel axis of the weight (None: one scale for the tensor)."""
    if not per_channel or weight.ndim < 2:
        return None
    if node.op_type == "Conv":
        return 0
    if node.op_type == "ConvTranspose":  # [in, out / group, kh, kw]: per channel without groups
        return 1 if attribute(node, "group", 1) == 1 else None
    if node.op_type == "Gemm":
        return 0 if attribute(node, "transB", 0) else 1
    return weight.ndim - 1  # MatMul: [..., K, N]


def _bias_shift(node: onnx.NodeProto, view: GraphView, error: np.ndarray, mean: np.ndarray) -> np.ndarray | None:
    """The mean output shift per output channel caused by the weight error (dequantized - float)
    on an input of the given per-channel mean; None where the mean does not say it. A Conv's
    kernel tap reads padding (zeros) at some output positions: its share of the mean is the
    fraction of positions where it reads the input (with pad 1 on a 5-wide map, a 3x3 tap's
    border column reads padding at a fifth of them; counted whole, the correction overshot)."""
    if node.op_type == "Conv":
        groups = attribute(node, "group", 1)
        out_channels, in_per_group = error.shape[0], error.shape[1]
        if mean.size != in_per_group * groups:
            return None
        # each output channel sees its group's input channels at every kernel position
        group_of = np.arange(out_channels) // (out_channels // groups)
        per_input = mean.reshape(groups, in_per_group)[group_of]
        taps = error * _inside_fractions(node, view, error.shape[2:])
        return (taps.reshape(out_channels, in_per_group, -1).sum(axis=2) * per_input).sum(axis=1)
    if node.op_type == "Gemm" and not attribute(node, "transA", 0):
        k_axis = 1 if attribute(node, "transB", 0) else 0
        if mean.size != error.shape[k_axis]:
            return None
        return error @ mean if k_axis == 1 else mean @ error
    return None  # MatMul has no bias input to correct; Gemm with transA: mean of the wrong axis


def _inside_fractions(node: onnx.NodeProto, view: GraphView, kernel: tuple[int, ...]) -> np.ndarray:
    """Per kernel tap of a Conv, the fraction of output positions at which it reads the input,
    not padding: the product over the spatial axes of each axis's fraction."""
    in_sizes = view.tensor(node.input[0]).shape[2:]
    out_sizes = view.tensor(node.output[0]).shape[2:]
    rank = len(kernel)
    strides = tuple(attribute(node, "strides", [1] * rank))
    dilations = tuple(attribute(node, "dilations", [1] * rank))
    begins, _ = pad_pairs(attribute(node, "auto_pad", "NOTSET"), attribute(node, "pads"), in_sizes,
                          out_sizes, kernel, strides, dilations)
    fractions = np.ones(kernel)
    for axis, sizes in enumerate(zip(in_sizes, out_sizes, kernel, strides, dilations, begins)):
        shape = [1] * rank
        shape[axis] = kernel[axis]
        fractions = fractions * taps_inside(*sizes).mean(axis=1).reshape(shape)
    return fractions


class _Groups:
    """Tensors that must share one scale and zero point (union-find), with fixed qparams."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.fixed: dict[str, QParams] = {}

    def find(self, name: str) -> str:
        root = self.parent.setdefault(name, name)
        if root != name:
            root = self.parent[name] = self.find(root)
        return root

    def fixed_of(self, names: list[str]) -> set[QParams]:
        return {self.fixed[r] for r in {self.find(n) for n in names} if r in self.fixed}

    def join(self, names: list[str]) -> None:
        roots = [self.find(n) for n in names]
        fixed = self.fixed_of(names)
        for root in roots[1:]:
            self.parent[root] = roots[0]
        if fixed:
            self.fixed[roots[0]] = fixed.pop()


class _Quantizer:
    def __init__(self, view: GraphView, stats: TensorStatistics, params: QuantizeStage,
                 keep: dict[str, str], int16: dict[str, str]) -> None:
        self.view, self.stats, self.params, self.keep = view, stats, params, keep
        self.symmetric = params.activations == "symmetric"
        self.per_channel = params.weights == "per_channel"
        self.kept: dict[str, str] = {}
        self.quantized: set[int] = set()  # node indices
        self.groups = _Groups()
        self.chains = table_chains(view, {i for i, node in enumerate(view.nodes) if not self._kept_by_user(node)})
        self._select_nodes()
        self.scalings = self._scalings()  # scaling node index -> the layer output it scales
        self._group_tensors()
        self.bias_adds = self._bias_adds()
        products = {self.view.nodes[matmul].output[0] for matmul, _ in self.bias_adds.values()}
        self.fused = self._fused_tensors() | products
        self.int8, self.constants = self._int8_tensors()
        # a clamp's input with a Q/DQ (one of the pair kept in float): the clamp output's qparams
        self.clamped = {name: out for name, out in clamped_tensors(view).items() if name in self.int8}
        for name, clamp_output in self.clamped.items():
            self.groups.join([clamp_output, name])
        self.own_ranges = {name: self._own_range(name)
                           for name in sorted(self.int8 | self.constants | set(self.clamped.values()))}
        self.ranges = self._group_ranges()
        self.producer_index = {name: i for i, node in enumerate(view.nodes) for name in node.output if name}
        self.wide = self._wide_roots(int16)  # group roots stored as int16
        absorbed = {*self.bias_adds, *self.scalings}  # a fused bias Add or scaling is its layer's
        self.int16 = {node_label(view.nodes[i], i): int16.get(node_label(view.nodes[i], i), WRITES_INT16)
                      for i in sorted(self.quantized) if view.nodes[i].op_type in INT16_COMPUTE_OPS
                      and i not in absorbed and self.read_precision(i) == INT16}
        self.taken = {name for node in view.nodes for name in [node.name, *node.input, *node.output]}
        self.taken |= {*view.constants, *view.inputs, *view.outputs}
        self.initializers: list[onnx.TensorProto] = []
        self.dequantized: dict[str, str] = {}  # tensor -> the DequantizeLinear output its readers use
        self.borders: dict[tuple[str, np.dtype], str] = {}  # (tensor, precision) -> its border's DQ output
        self.weight_outputs: dict[tuple[str, int | None], str] = {}  # (weight, axis) -> its DQ output
        self.weight_scales: dict[int, np.ndarray] = {}  # MatMul index -> its weight scales
        self.weights: dict[str, WeightQuantization] = {}
        self.activations: dict[str, ActivationQuantization] = {}
        self.bias_corrected: list[str] = []

    # -- the plan: which nodes, which tensors, which qparams ---------------------------------

    def _kept_by_user(self, node: onnx.NodeProto) -> str | None:
        """Why the spec (keep_float) or the budget's fallback keeps the node in float, or None."""
        return (self.keep.get(node.name)
                or next((f"keep_float glob '{g}'" for g in self.params.keep_float
                         if fnmatch.fnmatchcase(node.name, g)), None))

    def roles(self, index: int) -> dict[int, str]:
        """input_roles, except that a table chain's node reads only its chain's source as int8,
        and a scaling of a layer's output (scaled_output) only that output (its constant stays
        plain: the layer's requantization absorbs it)."""
        node = self.view.nodes[index]
        if index in self.chains.source_of:
            return {i: "data" for i, name in enumerate(node.input) if name == self.chains.source_of[index]}
        if index in self.scalings:
            return {i: "data" for i, name in enumerate(node.input) if name == self.scalings[index]}
        return input_roles(node, self.view)

    def _select_nodes(self) -> None:
        for index, node in enumerate(self.view.nodes):
            reason = self._kept_by_user(node) or (
                None if index in self.chains.source_of else _no_int8_path(node, self.view))
            if reason:
                self.kept[node_label(node, index)] = reason
            else:
                self.quantized.add(index)

    def _scalings(self) -> dict[int, str]:
        node_index = {id(node): i for i, node in enumerate(self.view.nodes)}
        found = {}
        for index in sorted(self.quantized):
            node = self.view.nodes[index]
            if index not in self.chains.source_of and scaled_output(self.view, node):
                reader = self.view.consumers[node.output[0]][0]
                if node_index[id(reader)] in self.quantized:
                    found[node_index[id(reader)]] = node.output[0]
        return found

    def _group_tensors(self) -> None:
        """Fixed-output and scale-preserving ops, in graph order (producers come first)."""
        for index in sorted(self.quantized):
            node = self.view.nodes[index]
            if node.op_type in FIXED_OUTPUT_QPARAMS:
                scale, zero_point = FIXED_OUTPUT_QPARAMS[node.op_type]
                self.groups.fixed[self.groups.find(node.output[0])] = (np.float32(scale), zero_point)
            if node.op_type in SCALE_PRESERVING_OPS:
                roles = self.roles(index)
                inputs = [node.input[i] for i, role in roles.items() if role == "data"]
                fixed = self.groups.fixed_of(inputs)
                free = any(self.groups.find(n) not in self.groups.fixed for n in inputs)
                if fixed and (len(fixed) > 1 or free):
                    # a Concat of a Sigmoid output with another range: one shared scale would
                    # clip the other input or break the fixed one
                    self.quantized.discard(index)
                    reason = f"{NO_INT8_PATH} (joins a fixed-scale output with others)"
                    self.kept[node_label(node, index)] = reason
                else:
                    self.groups.join([*inputs, *(o for o in node.output if o)])

    def _bias_adds(self) -> dict[int, tuple[int, int]]:
        """Add index -> (index of the MatMul whose bias it adds, the bias input), both nodes
        quantized: the product stays float (fused) and the bias becomes int32 in the
        accumulator's scale (see stages.common.fusion)."""
        node_index = {id(node): i for i, node in enumerate(self.view.nodes)}
        pairs = {}
        for index in sorted(self.quantized):
            found = bias_add(self.view, self.view.nodes[index], self.view.is_constant)
            if found is not None and node_index[id(found[0])] in self.quantized:
                pairs[node_index[id(found[0])]] = (index, found[1])
        return pairs

    def fused_bias(self, index: int) -> int | None:
        """The bias input of node `index` when it is a fused bias Add, else None."""
        return self.bias_adds[index][1] if index in self.bias_adds else None

    def _fused_tensors(self) -> set[str]:
        """Pre-activation tensors: a quantized Conv/Gemm/MatMul/Add output read only by a
        quantized clamp; they stay float."""
        node_index = {id(node): i for i, node in enumerate(self.view.nodes)}
        fused = set(self.chains.inner) | set(self.scalings.values())
        for index in self.quantized - set(self.chains.source_of):
            node = self.view.nodes[index]
            readers = self.view.consumers.get(node.output[0], [])
            reader = node_index[id(readers[0])] if len(readers) == 1 else None
            if (node.op_type in CLAMPED_PRODUCERS and reader in self.quantized
                    and reader not in self.chains.source_of and is_clamp(readers[0], self.view)
                    and node.output[0] not in self.view.outputs):
                fused.add(node.output[0])
        return fused

    def _int8_tensors(self) -> tuple[set[str], set[str]]:
        """(activations that get a Q/DQ pair, constants stored pre-quantized per tensor)."""
        activations: set[str] = set()
        constants: set[str] = set()
        for index in self.quantized:
            node = self.view.nodes[index]
            for i, role in self.roles(index).items():
                name = node.input[i]
                if role == "data" and name not in self.fused and i != self.fused_bias(index):
                    (constants if self.view.is_constant(name) else activations).add(name)
            activations |= {o for o in node.output
                            if o and o not in self.fused and self.view.tensor(o).dtype == np.float32}
        return activations, constants

    def _own_range(self, name: str) -> tuple[float, float, float, float]:
        """(low, high, min, max): the method's range and the observed one."""
        if name in self.constants:
            values = self.view.constant(name)
            low, high = float(values.min(initial=0.0)), float(values.max(initial=0.0))
            return low, high, low, high
        tensor = self.stats.get(self.clamped.get(name, name))  # calibration skips a clamp's input
        low, high = activation_range(tensor, self.params.calibration, self.params.percentile,
                                     self.symmetric)
        return low, high, tensor.minimum, tensor.maximum

    def _group_ranges(self) -> dict[str, tuple[float, float]]:
        """Group root -> the union of its members' ranges."""
        ranges: dict[str, tuple[float, float]] = {}
        for name, (low, high, _, _) in self.own_ranges.items():
            root = self.groups.find(name)
            old_low, old_high = ranges.get(root, (low, high))
            ranges[root] = (min(low, old_low), max(high, old_high))
        return ranges

    # -- precision: int8, or int16 for the layers the fallback names ------------------------

    def _computed_by(self, name: str) -> int | None:
        """The node whose arithmetic produces a quantized tensor (through a fused clamp, bias Add
        or scaling back to its layer); None for a model input or a constant."""
        index = self.producer_index.get(name)
        while index is not None:
            fused = [n for n in self.view.nodes[index].input if n in self.fused]
            if not fused:
                return index
            index = self.producer_index.get(fused[0])
        return None

    def int16_capable(self, index: int) -> bool:
        node = self.view.nodes[index]
        return (index in self.quantized and index not in self.chains.source_of
                and node.op_type in INT16_CAPABLE_OPS and node.domain in ("", "ai.onnx"))

    def layer_outputs(self, index: int) -> list[str]:
        """The quantized tensors a node's layer ends in (past a fused bias Add, scaling or clamp)."""
        found = []
        for name in (o for o in self.view.nodes[index].output if o):
            while name in self.fused and self.view.consumers.get(name):
                name = self.view.consumers[name][0].output[0]
            if name in self.int8:
                found.append(name)
        return found

    def data_inputs(self, index: int) -> list[str]:
        node = self.view.nodes[index]
        return [node.input[i] for i, role in self.roles(index).items()
                if role == "data" and node.input[i] not in self.fused and i != self.fused_bias(index)]

    def _wide_roots(self, int16: dict[str, str]) -> set[str]:
        """The groups stored as int16: those of the named layers' outputs and data inputs whose
        every member an int16 kernel (or the caller, or a constant) produces; then the model
        inputs that the layers computing in int16 read (int16 from the caller costs no border)."""
        members: dict[str, list[str]] = {}
        for name in self.own_ranges:
            members.setdefault(self.groups.find(name), []).append(name)

        def storable(roots: set[str]) -> set[str]:
            return {root for root in roots if root not in self.groups.fixed and all(
                (index := self._computed_by(name)) is None or self.int16_capable(index)
                for name in members.get(root, []))}

        wide = storable({self.groups.find(name) for index in sorted(self.quantized)
                         if node_label(self.view.nodes[index], index) in int16 and self.int16_capable(index)
                         for name in [*self.layer_outputs(index), *self.data_inputs(index)]})
        computing = [index for index in sorted(self.quantized) if self.int16_capable(index)
                     and any(self.groups.find(name) in wide for name in self.layer_outputs(index)[:1])]
        return wide | storable({self.groups.find(name) for index in computing for name in self.data_inputs(index)
                                if name in self.view.inputs})

    def precision(self, name: str) -> np.dtype:
        return INT16 if self.groups.find(name) in self.wide else INT8

    def read_precision(self, index: int) -> np.dtype:
        """The precision node `index` computes in: its layer output's, if it has an int16 kernel."""
        outputs = self.layer_outputs(index)
        return self.precision(outputs[0]) if outputs and self.int16_capable(index) else INT8

    def qparams(self, name: str, precision: np.dtype | None = None) -> QParams:
        """The tensor's qparams in its own precision, or in `precision` (a border's)."""
        root = self.groups.find(name)
        if root in self.groups.fixed:
            return self.groups.fixed[root]
        low, high = self.ranges[root]
        if (precision or self.precision(name)) == INT16:
            return choose_int16_qparams(low, high, self.params.power_of_two_scales)
        return choose_qparams(low, high, self.symmetric, self.params.power_of_two_scales)

    # -- writing the graph -------------------------------------------------------------------

    def unique(self, base: str) -> str:
        return unique_name(base, self.taken)

    def initializer(self, base: str, array: np.ndarray) -> str:
        name = self.unique(base)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def dequantize_node(self, base: str, values: np.ndarray, scale: np.ndarray, zero_point: np.ndarray,
                        axis: int | None) -> tuple[onnx.NodeProto, str]:
        """A DequantizeLinear of pre-quantized values stored as initializers."""
        inputs = [self.initializer(f"{base}_quantized", values), self.initializer(f"{base}_scale", scale),
                  self.initializer(f"{base}_zero_point", zero_point)]
        output = self.unique(f"{base}_dequantized")
        attributes: dict[str, Any] = {} if axis is None else {"axis": axis}
        node = helper.make_node("DequantizeLinear", inputs, [output],
                                name=self.unique(f"{base}_DequantizeLinear"), **attributes)
        return node, output

    def activation_qdq(self, name: str, source: str, output: str,
                       precision: np.dtype | None = None) -> list[onnx.NodeProto]:
        """Quantize `source` (the float values of tensor `name`) and dequantize into `output`, in
        the tensor's precision or, for a border, in `precision`."""
        border = precision is not None
        precision = precision or self.precision(name)
        scale, zero_point = self.qparams(name, precision)
        base = f"{name}_{precision.name}" if border else name
        scale_name = self.initializer(f"{base}_scale", np.array(scale, dtype=np.float32))
        zero_name = self.initializer(f"{base}_zero_point", np.array(zero_point, dtype=precision))
        quantized = self.unique(f"{base}_quantized")
        _, _, minimum, maximum = self.own_ranges[name]
        root = self.groups.find(name)
        if root in self.groups.fixed:  # the range the fixed qparams represent
            low, high = (QMIN - zero_point) * float(scale), (QMAX - zero_point) * float(scale)
        else:
            low, high = self.ranges[root]
        if not border:
            self.activations[name] = ActivationQuantization(
                low=low, high=high, min=minimum, max=maximum, scale=float(scale), zero_point=zero_point,
                precision="int16" if precision == INT16 else "int8")
        return [
            helper.make_node("QuantizeLinear", [source, scale_name, zero_name], [quantized],
                             name=self.unique(f"{base}_QuantizeLinear")),
            helper.make_node("DequantizeLinear", [quantized, scale_name, zero_name], [output],
                             name=self.unique(f"{base}_DequantizeLinear")),
        ]

    def border(self, name: str, precision: np.dtype) -> tuple[list[onnx.NodeProto], str]:
        """(Q/DQ nodes, output) of activation `name` re-quantized in the other precision."""
        if (name, precision) in self.borders:
            return [], self.borders[name, precision]
        output = self.borders[name, precision] = self.unique(f"{name}_{precision.name}_dequantized")
        return self.activation_qdq(name, self.dequantized[name], output, precision), output

    def constant_dq(self, name: str, precision: np.dtype) -> list[onnx.NodeProto]:
        """A constant data input (of Add, Mul...) quantized ahead of time with its group's
        qparams, in the precision its reader computes in."""
        if (name, precision) in self.borders:
            return []
        scale, zero_point = self.qparams(name, precision)
        values = quantize(self.view.constant(name), scale, zero_point, *int_limits(precision)).astype(precision)
        node, output = self.dequantize_node(name, values, np.array(scale, dtype=np.float32),
                                            np.array(zero_point, dtype=precision), None)
        self.borders[name, precision] = output
        self.weights[name] = WeightQuantization(per_channel=False, scale_min=float(scale),
                                                scale_max=float(scale))
        return [node]

    def weight_dq(self, node: onnx.NodeProto) -> tuple[list[onnx.NodeProto], str, np.ndarray, np.ndarray]:
        """(DequantizeLinear nodes, its output, the weight scales, dequantized - float weights)."""
        name = node.input[1]
        weights = self.view.constant(name)
        axis = _weight_axis(node, weights, self.per_channel)
        scales = weight_scales(weights, axis, self.params.power_of_two_scales)
        shape = [1] * weights.ndim
        if axis is not None:
            shape[axis] = -1
        values = quantize(weights, scales.reshape(shape), 0, -WEIGHT_QMAX, WEIGHT_QMAX).astype(np.int8)
        error = dequantize(values, scales.reshape(shape), 0).astype(np.float64) - weights
        self.weights[name] = WeightQuantization(per_channel=axis is not None, scale_min=float(scales.min()),
                                                scale_max=float(scales.max()))
        if (name, axis) in self.weight_outputs:  # shared by several nodes
            return [], self.weight_outputs[name, axis], scales, error
        stored = scales if axis is not None else scales.reshape(())
        dq, output = self.dequantize_node(name, values, stored, np.zeros(stored.shape, dtype=np.int8), axis)
        self.weight_outputs[name, axis] = output
        return [dq], output, scales, error

    def bias_dq(self, node: onnx.NodeProto, index: int, scales: np.ndarray, error: np.ndarray,
                ) -> tuple[list[onnx.NodeProto], str | None]:
        """The bias DequantizeLinear (corrected for the weights' mean error); None: no bias."""
        if node.op_type == "MatMul":
            return [], None
        has_bias = len(node.input) > 2 and bool(node.input[2])
        if has_bias:
            given = (_gemm_bias(node, self.view) if node.op_type == "Gemm"
                     else self.view.constant(node.input[2]))
            assert given is not None, "a Gemm whose C is not a vector bias keeps float (_no_int8_path)"
            bias = given.astype(np.float64)
        else:
            bias = np.zeros(self.view.tensor(node.output[0]).shape[1])
        shift = (_bias_shift(node, self.view, error, self.stats.get(node.input[0]).channel_mean)
                 if self.params.bias_correction else None)
        if shift is not None and np.any(shift != 0):
            bias = bias - shift
            self.bias_corrected.append(node_label(node, index))
        elif not has_bias:
            return [], None
        base = node.input[2] if has_bias else f"{node_label(node, index)}_bias"
        dq, output = self.int32_bias_dq(base, bias, node.input[0], scales, self.read_precision(index))
        return [dq], output

    def int32_bias_dq(self, base: str, bias: np.ndarray, input_name: str, scales: np.ndarray,
                      precision: np.dtype) -> tuple[onnx.NodeProto, str]:
        """The DequantizeLinear of an int32 bias in the accumulator's scale: the scale of
        `input_name` as its reader reads it (`precision`) times the weight scales (per output
        channel: the bias's last axis)."""
        input_scale, _ = self.qparams(input_name, precision)
        bias_scales = (np.float64(input_scale) * scales.astype(np.float64)).astype(np.float32)
        per_channel = scales.size > 1
        values = quantize(bias, bias_scales, 0, INT32_MIN, INT32_MAX).astype(np.int32)
        stored = bias_scales if per_channel else bias_scales.reshape(())
        return self.dequantize_node(base, values, stored, np.zeros(stored.shape, dtype=np.int32),
                                    bias.ndim - 1 if per_channel else None)

    def fused_bias_dq(self, index: int) -> tuple[onnx.NodeProto, str]:
        """The int32 bias of the fused bias Add `index`, in its MatMul's accumulator scale."""
        matmul_index, bias_index = self.bias_adds[index]
        name = self.view.nodes[index].input[bias_index]
        return self.int32_bias_dq(name, self.view.constant(name).astype(np.float64),
                                  self.view.nodes[matmul_index].input[0], self.weight_scales[matmul_index],
                                  self.read_precision(matmul_index))

    def rewrite(self, index: int) -> list[onnx.NodeProto]:
        """The node (inputs rewired to dequantized tensors) and the DequantizeLinear nodes it needs."""
        original = self.view.nodes[index]
        node = onnx.NodeProto()
        node.CopyFrom(original)
        before: list[onnx.NodeProto] = []
        if index in self.quantized:
            roles = self.roles(index)
            bias_index = self.fused_bias(index)
            precision = self.read_precision(index)
            for i, role in sorted(roles.items()):
                if role == "data" and original.input[i] in self.constants and i != bias_index:
                    before += self.constant_dq(original.input[i], precision)
                    node.input[i] = self.borders[original.input[i], precision]
                elif (role == "data" and original.input[i] in self.int8
                      and self.precision(original.input[i]) != precision):
                    nodes, node.input[i] = self.border(original.input[i], precision)
                    before += nodes
            if bias_index is not None:
                dq, node.input[bias_index] = self.fused_bias_dq(index)
                before.append(dq)
            if roles.get(1) == "weight":
                nodes, node.input[1], scales, error = self.weight_dq(original)
                self.weight_scales[index] = scales
                before += nodes
                nodes, bias = self.bias_dq(original, index, scales, error)
                before += nodes
                if bias is not None:
                    node.input.extend([""] * (3 - len(node.input)))
                    node.input[2] = bias
            reads = [i for i, role in roles.items() if role == "data"]
        else:
            reads = [i for i, name in enumerate(node.input)
                     if self.producer_index.get(name) in self.quantized]
        for i in reads:
            node.input[i] = self.dequantized.get(node.input[i], node.input[i])
        return [*before, node]

    def build(self) -> onnx.ModelProto:
        view = self.view
        nodes: list[onnx.NodeProto] = []
        for name in view.inputs:
            if name in self.int8:
                self.dequantized[name] = self.unique(f"{name}_dequantized")
                nodes += self.activation_qdq(name, name, self.dequantized[name])
        for index, original in enumerate(view.nodes):
            rewritten = self.rewrite(index)
            nodes += rewritten
            node = rewritten[-1]
            for position, name in enumerate(original.output):
                if name not in self.int8:
                    continue
                if name in view.outputs and index in self.quantized:
                    node.output[position] = self.unique(f"{name}_float")
                    self.dequantized[name] = name
                else:
                    self.dequantized[name] = self.unique(f"{name}_dequantized")
                nodes += self.activation_qdq(name, node.output[position], self.dequantized[name])
        return self._model(nodes)

    def _model(self, nodes: list[onnx.NodeProto]) -> onnx.ModelProto:
        model = onnx.ModelProto()
        model.CopyFrom(self.view.model)
        graph = model.graph
        used = {name for node in nodes for name in node.input}
        kept = [t for t in graph.initializer if t.name in used]
        inputs = [i for i in graph.input if i.name not in self.view.constants or i.name in used]
        del graph.node[:], graph.initializer[:], graph.value_info[:], graph.input[:]
        graph.node.extend(nodes)
        graph.initializer.extend([*kept, *self.initializers])
        graph.input.extend(inputs)
        # DQ -> op -> Q around a kept node reads like an int8 layer: say it stays float
        model.metadata_props.add(key=KEEP_FLOAT_KEY, value=json.dumps(self.kept, sort_keys=True))
        if self.wide:
            model.metadata_props.add(key=INT16_KEY, value=json.dumps(self.int16, sort_keys=True))
            model = _at_int16_opset(model)
        try:
            model = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
            onnx.checker.check_model(model)
        except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as error:
            first_line = str(error).strip().splitlines()[0]
            raise FerryError(f"the quantized model is not valid ONNX: {first_line}") from None
        return model

    def report(self) -> CalibrationReport:
        return CalibrationReport(
            method=self.params.calibration,
            percentile=self.params.percentile if self.params.calibration == "percentile" else None,
            samples=self.stats.samples,
            activations=self.activations,
            weights=self.weights,
            kept_float=self.kept,
            int16=self.int16,
            bias_corrected=self.bias_corrected,
        )


def _at_int16_opset(model: onnx.ModelProto) -> onnx.ModelProto:
    """The model at INT16_OPSET, where QuantizeLinear takes int16 (ops whose inputs changed form
    on the way, e.g. ReduceMean's axes, get Constant nodes, folded here into initializers)."""
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), INT16_OPSET)
    if opset >= INT16_OPSET:
        return model
    try:
        converted = version_converter.convert_version(model, INT16_OPSET)
    except Exception as error:  # noqa: BLE001 - the converter raises several types
        raise FerryError(f"int16 activations need opset {INT16_OPSET}; converting opset {opset}: "
                         f"{str(error).strip().splitlines()[0]}") from None
    constants_to_initializers(converted)
    return converted
