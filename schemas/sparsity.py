"""sparsity.json of the sparsify stage: what was pruned, how far, and what it cost."""

from __future__ import annotations

from ferry.schemas.artifacts import Contract


class LayerSparsity(Contract):
    node: str
    op: str
    method: str  # magnitude | n_m | channels | dense
    reason: str | None = None  # why a layer stays dense
    weights: int  # weights of the layer before pruning
    zeros: int  # weights now zero (channels: weights removed count as zeros)
    sparsity: float  # zeros / weights
    target: float | None = None  # the level asked for (n_m: 1 - n/m)
    channels_removed: int = 0  # output channels (channels method)
    inputs_removed: int = 0  # input channels or features removed because a producer lost channels
    # relative output error of the layer on calibration data, ||y - y_dense||² / ||y_dense||²,
    # with its inputs from the pruned model: after masking alone and after the refit
    error_masked: float | None = None
    error_refit: float | None = None


class Accuracy(Contract):
    """The float model on the validation data: top-1 with labels, else output SQNR vs dense."""

    metric: str  # "top1" or "output_sqnr_db"
    dense: float
    pruned: float  # masks alone
    refit: float  # masks and the least-squares refit


class SensitivityRow(Contract):
    """One layer pruned alone at each level: output SQNR against the dense model (dB)."""

    node: str
    weights: int
    levels: list[float]
    sqnr_db: list[float]
    chosen: float | None = None  # the level the 'sensitivity' allocation chose


class SparsityReport(Contract):
    method: str
    allocation: str
    refit: bool  # whether sparse.onnx carries the refit weights
    quantized: bool  # pruned int8 weights of a QDQ model (sparsify after quantize)
    samples: int  # calibration samples the refit saw
    weights: int  # in the layers considered
    zeros: int
    sparsity: float
    params_before: int  # every initializer element of the model
    params_after: int
    macs_before: int
    macs_after: int  # dense MACs of the (possibly smaller) model
    accuracy: Accuracy
    coupled: list[list[str]] = []  # layers whose channels were pruned together
    layers: list[LayerSparsity]
    not_layers: dict[str, str] = {}  # Conv/Gemm/MatMul nodes sparsify cannot prune -> why
    sensitivity: list[SensitivityRow] | None = None
