"""Contracts between stages: the JSON files one stage writes and a later one reads."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Place = Literal["arena", "io", "flash"]  # where a tensor lives; io: the caller's input and output buffers


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NodeSummary(Contract):
    name: str
    op: str
    inputs: list[list[int]]
    outputs: list[list[int]]
    params: int
    macs: int


class ImportSummary(Contract):
    """summary.json of the import stage: the model as ferry sees it after import."""

    model: str
    opset: int
    inputs: dict[str, list[int]]
    outputs: dict[str, list[int]]
    nodes: list[NodeSummary]
    total_params: int
    total_macs: int
    ops: dict[str, int]  # op type -> node count
    removed: dict[str, int]  # what import simplified away: folded constants, BatchNorms, Identities


class TensorPort(Contract):
    """One input or output of the generated C API."""

    onnx_name: str
    c_name: str
    shape: list[int]
    dtype: str  # numpy dtype name
    # int8 ports: real = scale * (q - zero_point); the caller quantizes inputs, dequantizes outputs
    scale: float | None = None
    zero_point: int | None = None


class WeightStorage(Contract):
    """How one int8 layer's weights are stored (stages/common/sparse.py) and what its kernel
    executes; MACs count taps inside the input (padding taps are skipped by every kernel)."""

    node: str
    format: str  # dense | bitmask | csr | n_m
    pattern: str | None = None  # n_m: "n:m"
    bytes: int  # the weight arrays in this format
    dense_bytes: int
    macs: int  # executed per inference
    dense_macs: int  # executed by the dense kernel


class PackageManifest(Contract):
    """package.json of the codegen stage: how to call the generated library."""

    model: str
    prefix: str  # C symbol prefix: <prefix>_run
    inputs: list[TensorPort]
    outputs: list[TensorPort]
    sources: list[str]  # translation units of the library, relative to the package folder
    runner: str  # host runner source
    arena_bytes: int
    arena_lower_bound_bytes: int
    arena_naive_bytes: int
    arena_scratch_bytes: int  # the largest kernel scratch buffer (im2col), planned inside the arena
    weights_bytes: int
    weights_bytes_dense: int  # the same constants with every layer's weights stored dense
    weight_storage: list[WeightStorage]  # int8 programs: per weighted layer
    macs: int
    nodes: int


class PlannedTensor(Contract):
    """One activation tensor in the arena."""

    name: str
    bytes: int
    offset: int
    first: int  # index of the node that writes it
    last: int  # index of the last node that reads it
    shares: str | None = None  # the tensor whose buffer it reuses (a view, or written in place)


class Operand(Contract):
    """A tensor one layer reads or writes, and where it lives."""

    name: str
    shape: list[int]
    dtype: str  # numpy dtype name
    place: Place


class PlannedLayer(Contract):
    """One node of the program: its kernel call, what it reads and writes, and where."""

    index: int
    node: str
    op: str
    kernel: str | None  # the C++ function, e.g. "ferry::q::conv"; None: a view, no code runs
    params: dict[str, Any]  # the kernel's parameter struct as emitted (nested structs as dicts)
    inputs: list[Operand]
    outputs: list[Operand]
    weights: dict[str, int]  # const arrays the call reads (weights and tables): C identifier -> bytes


class MemoryPlanRecord(Contract):
    """memory_plan.json of the codegen stage: where every activation lives, when, and what each
    layer reads from flash. The simulator and the report read it."""

    alignment: int
    arena_bytes: int
    arena_lower_bound_bytes: int  # the largest total of simultaneously live buffers
    arena_greedy_bytes: int  # greedy by size on the same buffers (the baseline)
    arena_naive_bytes: int  # one buffer per tensor
    io_bytes: int  # the caller's input and output buffers
    weights_bytes: int
    tensors: list[PlannedTensor]
    layers: list[PlannedLayer]


Figure = float | int | str | None


class StageRecord(Contract):
    """stage.json, written last by every stage: what ran, on what, producing what."""

    stage: str
    version: int
    model: str
    target: str | None
    params: dict[str, object]
    inputs: dict[str, str]  # path (relative to the spec folder) -> sha256
    outputs: dict[str, str]
    figures: dict[str, Figure]


class OutputComparison(Contract):
    max_abs_err: float  # over the elements finite on both sides
    max_rel_err: float  # max |cpp - ref| / max |ref|, per sample, worst sample
    cosine_min: float
    top1_agreement: float | None  # None when the output is not a class score vector
    nonfinite: int = 0  # elements NaN or infinite on one side, not the same on the other: must be 0
    range: float = 0.0  # max - min of the reference over every sample
    beyond_tolerance: int = 0  # fp32 programs: elements outside the Fp32Tolerance


class Fp32Tolerance(Contract):
    """An element of an fp32 program's output is right when |cpp - ref| <= max(range · (max - min
    of that output over the samples), relative · |ref|): float sums in another order differ in
    the last bits of the largest terms, whatever the output's scale."""

    range: float
    relative: float


class Accuracy(Contract):
    """Top-1 on the validation labels. int8: the golden model and the C++ must agree exactly."""

    fp32_top1: float | None  # onnxruntime on the float model; None: it arrived quantized, no float_onnx
    cpp_top1: float
    int8_top1: float | None = None  # the golden model (int8 programs only)
    qdq_onnxruntime_top1: float | None = None  # onnxruntime running model.qdq.onnx


class LayerComparison(Contract):
    """One int8 tensor of the program against the float model's tensor of the same name."""

    tensor: str
    node: str
    op: str
    sqnr_db: float | None  # None when the float model has no tensor of that name
    cosine: float | None
    max_abs_err: float | None  # in real units, dequantized
    cpp_mismatches: int  # elements where the C++ (trace build) differs from the golden model
    # False for layers computed in float and those downstream: compared within a tolerance
    exact: bool = True
    cpp_max_difference: float = 0.0  # largest C++ - golden difference (LSB, or float units)


class Int8Comparison(Contract):
    samples: int
    cpp_vs_golden_mismatches: int  # output elements; must be 0
    first_mismatch: str | None  # the first layer where the C++ differs from the golden model
    sqnr_db_min: float | None  # the worst layer; None: no float reference (arrived quantized)
    output_sqnr_db: float | None
    lsb_vs_onnxruntime: dict[str, int]  # |golden - onnxruntime on the QDQ model| in LSB -> elements
    float_layers: dict[str, str] = {}  # nodes the program computes in float -> why
    int16_layers: dict[str, str] = {}  # nodes the program computes on int16 activations -> why
    layers: list[LayerComparison]


class Comparison(Contract):
    """compare.json of the evaluate stage: the C++ against onnxruntime on the validation data."""

    samples: int
    dropped_samples: int  # left over when the data does not divide into the model's batch
    reference: str  # what the C++ was compared with
    outputs: dict[str, OutputComparison]
    fp32: OutputComparison  # the first output: the one the figures quote
    accuracy: Accuracy | None
    tolerance: Fp32Tolerance | None = None  # fp32 programs; int8 programs must match the golden model
    within_tolerance: bool
    int8: Int8Comparison | None = None


class ActivationQuantization(Contract):
    """One int8 activation tensor: the range its qparams cover, what calibration saw, the qparams."""

    low: float  # the range the scale was chosen for (after the method's clipping, shared or fixed)
    high: float
    min: float  # observed on the calibration data (for a constant: its values)
    max: float
    scale: float
    zero_point: int
    precision: Literal["int8", "int16"] = "int8"  # int16: the precision fallback (docs/int16.md)


class WeightQuantization(Contract):
    per_channel: bool
    scale_min: float
    scale_max: float


class CalibrationReport(Contract):
    """calibration.json of the quantize stage: how every tensor was quantized, and what was not."""

    method: str
    percentile: float | None  # only for the 'percentile' method
    samples: int
    activations: dict[str, ActivationQuantization]
    weights: dict[str, WeightQuantization]  # constant inputs quantized ahead of time, by name
    kept_float: dict[str, str]  # node name -> why it stays float
    int16: dict[str, str] = {}  # node name -> why its activations are int16 (docs/int16.md)
    bias_corrected: list[str]  # node names, graph order
    # The shipped model.qdq.onnx (stages/quantize/shipped.py): the source's dynamic dimensions it
    # keeps, as "input[axis]=name"; or why they stay at ferry's static shapes
    dynamic_dims: list[str] = []
    static_reason: str | None = None


class LayerLoss(Contract):
    node: str
    tensor: str
    sqnr_db: float  # the fake-quantized activation against the float tensor
    damage_db: float = 0.0  # how far below the worst SQNR of its producer's inputs: its own loss


class BudgetCheck(Contract):
    """The quantize stage's accuracy budget, measured on the validation data."""

    metric: str  # "top1_drop_points" (labelled data) or "output_sqnr_db"
    value: float
    limit: float
    passed: bool
    fp32_top1: float | None = None
    int8_top1: float | None = None  # the integer program (golden model): what the budget decides on
    onnxruntime_value: float | None = None  # the metric of onnxruntime on the QDQ model, beside it
    worst_layers: list[LayerLoss]
    kept_float: list[str] = []  # layers the fallback kept in float
    int16: list[str] = []  # layers the fallback gave int16 activations (tried before float)

