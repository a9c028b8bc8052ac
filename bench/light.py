"""The onnx package's model-zoo "light" models (onnx/backend/test/data/light) through ferry's fp32 path.

These nine files are the model zoo's first generation (opset 9, IR version 3, initializers listed
as graph inputs) with every weight replaced by a ConstantOfShape of one value, so that the
package stays small. With one value per tensor every class gets the same logit: the shipped
expected outputs (`light_<name>_output_0.pb`, for the input onnx's test runner feeds,
arange(n)/n) are a constant 1/1000. That checks the graph runs, not that the kernels compute
the right thing; so `random_weights` also gives each weight seeded random values of its shape
(He-scaled conv and gemm weights, BatchNorm statistics near 1), and the C++ is compared with
onnxruntime on both.

Run by bench/onnx_light.py (all nine; tests/test_light_models.py runs it on a subset).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

from ferry.stages.codegen import generate_package
from ferry.stages.common.reference import onnxruntime_tensors
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.toolchain.hostrun import run_samples

LIGHT_DIR = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"
NAMES = ("bvlc_alexnet", "densenet121", "inception_v1", "inception_v2", "resnet50", "shufflenet",
         "squeezenet", "vgg19", "zfnet512")
SEED = 0


def light_path(name: str) -> Path:
    return LIGHT_DIR / f"light_{name}.onnx"


def dummy_input(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    """The input onnx's backend test runner feeds the light models: arange(n)/n in its shape."""
    initializers = {t.name for t in model.graph.initializer}
    feeds = {}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        shape = tuple(d.dim_value or 1 for d in value.type.tensor_type.shape.dim)
        size = int(np.prod(shape))
        feeds[value.name] = (np.arange(size).reshape(shape) / size).astype(np.float32)
    return feeds


def _role(model: onnx.ModelProto, name: str) -> tuple[str, int]:
    """(op type, input slot) of the first reader of `name`, looking through Unsqueeze (the zoo's
    densenet and inception_v2 unsqueeze a per-channel scale before a Mul or an Add)."""
    for node in model.graph.node:
        if name in node.input:
            if node.op_type == "Unsqueeze":
                return _role(model, node.output[0])
            return node.op_type, list(node.input).index(name)
    return "", -1


def _random_values(role: tuple[str, int], shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    op, slot = role
    if op in ("Conv", "Gemm") and slot == 1:
        fan_in = int(np.prod(shape[1:])) if op == "Conv" else shape[-1]
        return rng.normal(0.0, np.sqrt(2.0 / max(fan_in, 1)), shape)
    if (op == "BatchNormalization" and slot in (1, 4)) or op == "Mul":  # scale, variance
        return rng.uniform(0.5, 1.5, shape)
    return rng.normal(0.0, 0.1, shape)  # biases, BatchNorm bias and mean, added constants


def random_weights(model: onnx.ModelProto, seed: int = SEED) -> onnx.ModelProto:
    """The model with each ConstantOfShape weight given seeded random values of its shape."""
    rng = np.random.default_rng(seed)
    result = onnx.ModelProto()
    result.CopyFrom(model)
    shapes = {t.name: numpy_helper.to_array(t) for t in result.graph.initializer}
    for node in result.graph.node:
        if node.op_type != "ConstantOfShape" or node.input[0] not in shapes:
            continue
        shape = tuple(int(d) for d in shapes[node.input[0]])
        values = _random_values(_role(result, node.output[0]), shape, rng).astype(np.float32)
        node.op_type = "Constant"
        del node.input[:]
        del node.attribute[:]
        node.attribute.append(onnx.helper.make_attribute("value", numpy_helper.from_array(values)))
    return result


def with_logits(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> onnx.ModelProto:
    """The model with the input of a final Softmax as a second output (its shape as onnxruntime
    computes it): a saturated softmax (1.0 for one class) would hide any error before it."""
    result = onnx.ModelProto()
    result.CopyFrom(model)
    last = result.graph.node[-1]
    if last.op_type == "Softmax" and last.output[0] in {o.name for o in result.graph.output}:
        logits = onnxruntime_tensors(model, [feeds], names=[last.input[0]])[0][last.input[0]]
        result.graph.output.append(onnx.helper.make_tensor_value_info(
            last.input[0], onnx.TensorProto.FLOAT, list(logits.shape)))
    return result


@dataclass(frozen=True)
class LightResult:
    name: str
    weights: str  # "shipped" or "random"
    params: int
    max_abs_error: float  # fp32 C++ against onnxruntime on the same model and input, worst output
    output_range: float  # max - min of onnxruntime's output, that output
    output_magnitude: float  # max |value| of it
    seconds: float  # import + codegen + compile + one run

    @property
    def relative_error(self) -> float:
        """The error as a fraction of the output range; of the largest magnitude when every value
        is equal (the shipped weights); absolute when the output is all zero."""
        scale = self.output_range or self.output_magnitude or 1.0
        return self.max_abs_error / scale


def run_light(name: str, weights: str, flags: list[str], work: Path | None = None) -> LightResult:
    """Import, generate, compile and run one light model in fp32; compare with onnxruntime."""
    original = onnx.load(str(light_path(name)))
    feeds = dummy_input(original)
    model = with_logits(random_weights(original) if weights == "random" else original, feeds)
    expected = onnxruntime_tensors(model, [feeds])[0]
    with tempfile.TemporaryDirectory(prefix=f"ferry-light-{name}-", dir=work) as scratch:
        folder = Path(scratch)
        source = folder / "model.onnx"
        onnx.save(model, str(source))
        start = time.perf_counter()
        imported, summary = import_model(source, name, {})
        onnx.save(imported, str(folder / "imported.onnx"))
        del imported
        manifest = generate_package(folder / "imported.onnx", name, folder / "package")
        runner = build_host(folder / "package", folder / "build", os.environ.get("CXX", "g++"), flags)
        got = run_samples(runner, manifest, [{port.onnx_name: feeds[port.onnx_name]
                                               for port in manifest.inputs}])[0]
        seconds = time.perf_counter() - start
    results = []
    for port in manifest.outputs:
        want = expected[port.onnx_name].astype(np.float64)
        error = float(np.max(np.abs(got[port.onnx_name].reshape(want.shape) - want)))
        results.append(LightResult(name, weights, summary.total_params, error,
                                   float(want.max() - want.min()), float(np.abs(want).max()), seconds))
    return max(results, key=lambda result: result.relative_error)
