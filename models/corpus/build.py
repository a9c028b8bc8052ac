"""Build ferry's model corpus: PyTorch architectures exported to ONNX, with calibration and validation data.

    python -m models.corpus.build --out DIR [--calibration 32] [--validation 16] [NAME ...]
    python -m models.corpus.build --list

No NAME: every model. For each NAME writes DIR/NAME.onnx, DIR/NAME_calib.npz and DIR/NAME_val.npz.
The .npz files hold one array per ONNX input, keyed by the input's name (`input`), first axis =
sample, the layout a pipeline.yaml `calibration:`/`validation:` entry reads with just `path:`;
classifiers also carry `y`, the fp32 model's own top-1 class of each sample (the weights are random, so "accuracy" is
agreement with the float model: give `labels: y`).

Weights are random (seeded) with BatchNorm statistics warmed on samples of the input
distribution and random BatchNorm affine parameters, so folded BatchNorms are not identities and
every activation has a realistic range. Inputs are synthetic but structured (smooth random
fields for images, decaying-variance coefficients for MFCCs). Each model is exported by the
exporter and opset named in its entry, then checked: onnxruntime on the validation samples agrees
with torch to 1e-4 of the output range, or the build fails. Everything is seeded and single
threaded; files are written atomically.

Tooling only: torch (and onnxscript for the dynamo exporter) is never a runtime dependency of ferry.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

from ferry.core.files import write_bytes_atomic
from ferry.stages.common.data import save_npz_atomic
from models.corpus import architectures as arch

HERE = Path(__file__).resolve().parent

SEED = 0
CALIBRATION_SAMPLES = 32
VALIDATION_SAMPLES = 16
WARMUP_SAMPLES = 128
AGREEMENT = 1e-4  # onnxruntime vs torch, max |difference| relative to the output range


@dataclass(frozen=True)
class Entry:
    """One corpus model: an architecture, its input, and how it is exported."""

    family: str
    make: Callable[[], nn.Module]
    shape: tuple[int, ...]          # one sample, without the batch axis
    data: str                       # image | mfcc | features | line
    exporter: str                   # torchscript | dynamo
    opset: int
    classifier: bool = True         # output [batch, classes]: labels are the fp32 top-1


def _image(size: int, channels: int = 3) -> tuple[int, ...]:
    return (channels, size, size)


CORPUS: dict[str, Entry] = {
    # MLPerf Tiny (the four benchmark networks at their benchmark input sizes)
    "resnet8": Entry("mlperf-tiny", arch.ResNet8, _image(32), "image", "torchscript", 17),
    "resnet8_dynamo": Entry("mlperf-tiny", arch.ResNet8, _image(32), "image", "dynamo", 19),
    "ds_cnn": Entry("mlperf-tiny", arch.DSCNN, (1, 49, 10), "mfcc", "torchscript", 13),
    "ds_cnn_dynamo": Entry("mlperf-tiny", arch.DSCNN, (1, 49, 10), "mfcc", "dynamo", 20),
    "mobilenet_v1_vww": Entry("mlperf-tiny", arch.MobileNetV1, _image(96), "image", "torchscript", 15),
    "mobilenet_v2_vww": Entry("mlperf-tiny", arch.MobileNetV2, _image(96), "image", "dynamo", 18),
    "ad_autoencoder": Entry("mlperf-tiny", arch.AnomalyAutoencoder, (640,), "features", "torchscript", 17,
                            classifier=False),
    # mobile CNNs
    "mobilenet_v3_small": Entry("mobilenet-v3", arch.MobileNetV3Small, _image(96), "image", "torchscript", 17),
    "mobilenet_v3_written": Entry("mobilenet-v3", lambda: arch.MobileNetV3Small(written_out=True), _image(96),
                                  "image", "torchscript", 13),
    "efficientnet_b0": Entry("efficientnet", arch.EfficientNetB0, _image(64), "image", "dynamo", 18),
    "shufflenet_v2": Entry("shufflenet", arch.ShuffleNetV2, _image(64), "image", "torchscript", 14),
    "squeezenet": Entry("squeezenet", arch.SqueezeNet, _image(64), "image", "torchscript", 13),
    "resnet18": Entry("resnet", arch.ResNet18, _image(64), "image", "dynamo", 20),
    "regnet_x": Entry("regnet", arch.RegNetX, _image(64), "image", "torchscript", 16),
    "unet_tiny": Entry("unet", arch.UNetTiny, _image(32), "image", "torchscript", 19, classifier=False),
    # LayerNorm-over-channels CNN and windowed attention
    "convnext": Entry("convnext", arch.ConvNeXt, _image(64), "image", "dynamo", 18),
    "convnext_opset13": Entry("convnext", arch.ConvNeXt, _image(64), "image", "torchscript", 13),
    "swin": Entry("swin", arch.Swin, _image(32), "image", "torchscript", 17),
    # vision transformers
    "vit_mha_mean": Entry("vit", lambda: arch.ViT(attention="mha", pool="mean"), _image(32), "image",
                          "torchscript", 17),
    "vit_mha_cls": Entry("vit", lambda: arch.ViT(attention="mha", pool="cls"), _image(32), "image", "dynamo", 19),
    "vit_sdpa_cls": Entry("vit", lambda: arch.ViT(attention="sdpa", pool="cls"), _image(32), "image",
                          "torchscript", 14),
    "vit_sdpa_mean": Entry("vit", lambda: arch.ViT(attention="sdpa", pool="mean"), _image(32), "image",
                           "dynamo", 20),
    # sequences and plain dense
    "text_recognizer": Entry("conv-transformer", arch.TextRecognizer, (1, 32, 128), "line", "torchscript", 17,
                             classifier=False),
    "tc_resnet": Entry("tc-resnet", arch.TCResNet, (40, 49), "mfcc", "dynamo", 18),
    "mlp": Entry("mlp", arch.MLP, (1, 28, 28), "line", "torchscript", 13),
    "mlp_dynamo": Entry("mlp", arch.MLP, (1, 28, 28), "line", "dynamo", 18),
}


# --- data ------------------------------------------------------------------------------------


def synthetic_inputs(kind: str, shape: tuple[int, ...], count: int, rng: np.random.Generator) -> np.ndarray:
    """Structured random samples: what a sensor front end would hand the model, not white noise."""
    if kind in ("image", "line"):
        channels, height, width = (1, *shape[-2:]) if len(shape) == 2 else shape[-3:]
        coarse = rng.standard_normal((count, channels, max(2, height // 8), max(2, width // 8)))
        smooth = torch.nn.functional.interpolate(torch.from_numpy(coarse), size=(height, width),
                                                 mode="bilinear", align_corners=False).numpy()
        x = smooth + 0.25 * rng.standard_normal(smooth.shape)
        if kind == "line":  # grey levels in [0, 1], like a scanned text line
            x = 1.0 / (1.0 + np.exp(-2.0 * x))
        return x.reshape((count, *shape)).astype(np.float32)
    if kind == "mfcc":  # coefficient k has a spread that decays with k; frames are correlated
        coefficients = shape[-1] if shape[0] == 1 else shape[0]
        spread = 8.0 / (1.0 + np.arange(coefficients))
        x = rng.standard_normal((count, *shape)) * (spread[None, None, None, :] if shape[0] == 1
                                                    else spread[None, :, None])
        return x.astype(np.float32)
    if kind == "features":  # log-mel energies: a per-band mean and a common spread
        bands = rng.uniform(-40.0, -10.0, shape)
        return (bands + 4.0 * rng.standard_normal((count, *shape))).astype(np.float32)
    raise ValueError(f"unknown data kind {kind!r}")


# --- model -----------------------------------------------------------------------------------


def warmed_model(entry: Entry, warmup: np.ndarray) -> nn.Module:
    """The architecture with seeded random weights, random BatchNorm affines and warmed running statistics."""
    torch.manual_seed(SEED)
    model = entry.make()
    generator = torch.Generator().manual_seed(SEED + 1)
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for bn in norms:
            bn.weight.copy_(0.5 + torch.rand(bn.num_features, generator=generator))
            bn.bias.copy_(0.2 * torch.randn(bn.num_features, generator=generator))
            bn.reset_running_stats()
            bn.momentum = None  # cumulative average over the warm-up batches
        if norms:
            model.train()
            for batch in np.array_split(warmup, 4):
                model(torch.from_numpy(batch))
    return model.eval()


def export(model: nn.Module, entry: Entry, example: torch.Tensor) -> bytes:
    """The model in one self-contained ONNX file, by the entry's exporter and opset."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if entry.exporter == "torchscript":
            buffer = io.BytesIO()
            torch.onnx.export(model, (example,), buffer, dynamo=False, opset_version=entry.opset,
                              input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                              do_constant_folding=True)
            proto = onnx.load_from_string(buffer.getvalue())
        elif entry.exporter == "dynamo":
            program = torch.onnx.export(model, (example,), dynamo=True, opset_version=entry.opset,
                                        input_names=["input"], output_names=["output"], verbose=False)
            proto = program.model_proto
        else:
            raise ValueError(f"unknown exporter {entry.exporter!r}")
    onnx.checker.check_model(proto)
    return proto.SerializeToString()


def check_agreement(onnx_bytes: bytes, model: nn.Module, x: np.ndarray) -> float:
    """Max |onnxruntime - torch| over the samples, relative to the torch output range."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    got = np.concatenate([session.run(None, {"input": x[i:i + 1]})[0] for i in range(len(x))])
    return float(np.abs(got - expected).max() / max(float(np.ptp(expected)), 1e-12))


def build(name: str, out: Path, calibration_samples: int = CALIBRATION_SAMPLES,
          validation_samples: int = VALIDATION_SAMPLES) -> float:
    """Write NAME.onnx, NAME_calib.npz, NAME_val.npz into out; return the onnxruntime agreement."""
    entry = CORPUS[name]
    rng = np.random.default_rng(SEED)
    warmup = synthetic_inputs(entry.data, entry.shape, WARMUP_SAMPLES, rng)
    calibration = synthetic_inputs(entry.data, entry.shape, calibration_samples, rng)
    validation = synthetic_inputs(entry.data, entry.shape, validation_samples, rng)
    model = warmed_model(entry, warmup)
    onnx_bytes = export(model, entry, torch.from_numpy(validation[:1]))
    error = check_agreement(onnx_bytes, model, validation)
    if error > AGREEMENT:
        raise SystemExit(f"{name}: onnxruntime differs from torch by {error:.2e} of the output range "
                         f"(allowed {AGREEMENT:.0e})")
    out.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(out / f"{name}.onnx", onnx_bytes)
    for suffix, x in (("calib", calibration), ("val", validation)):
        arrays = {"input": x}
        if entry.classifier:
            with torch.no_grad():
                arrays["y"] = model(torch.from_numpy(x)).argmax(-1).numpy().astype(np.int64)
        save_npz_atomic(out / f"{name}_{suffix}.npz", arrays)
    return error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path.home() / ".cache" / "ferry" / "corpus",
                        help="output folder (default: ~/.cache/ferry/corpus)")
    parser.add_argument("--calibration", type=int, default=CALIBRATION_SAMPLES, metavar="N",
                        help="calibration samples (default %(default)s)")
    parser.add_argument("--validation", type=int, default=VALIDATION_SAMPLES, metavar="N",
                        help="validation samples (default %(default)s)")
    parser.add_argument("--list", action="store_true", help="print the model names with family, exporter, opset")
    parser.add_argument("names", nargs="*", metavar="NAME", help="models to build (default: all)")
    args = parser.parse_args(argv)
    if args.list:
        for name, e in CORPUS.items():
            print(f"{name:22} {e.family:18} {e.exporter:12} opset {e.opset}")
        return 0
    unknown = [n for n in args.names if n not in CORPUS]
    if unknown:
        print(f"build.py: unknown model {', '.join(unknown)}; known: {', '.join(CORPUS)}", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    logging.getLogger("torch.onnx").setLevel(logging.ERROR)  # "torchvision is not installed": expected
    for name in args.names or list(CORPUS):
        error = build(name, args.out, args.calibration, args.validation)
        size = (args.out / f"{name}.onnx").stat().st_size
        print(f"{name:22} {size / 1024:8.1f} KB  onnxruntime vs torch {error:.1e} of range")
    return 0


if __name__ == "__main__":
    sys.exit(main())
