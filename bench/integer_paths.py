"""Integer paths on exporter-written models: how many layers stay float, and the int8 accuracy.

    python -m bench.integer_paths [--samples 32] [--opset 13 17]

Five small models are written in PyTorch the way public code writes them and exported by
PyTorch's TorchScript exporter (torch is a tooling dependency of this script, never of ferry):
a MobileNetV3-small-style classifier (hard-swish as `x * relu6(x + 3) / 6`, squeeze-excite with
hard-sigmoid), a ViT with separate Q/K/V projections, attention `/ sqrt(d)` and mean pooling
over tokens, a recognizer-style conv stem + transformer over a text line, a U-Net (ConvTranspose
up-convolutions, skip concatenations) and an FPN (nearest top-down upsampling, bilinear merge). Weights are random
(seeded), BatchNorm statistics warmed on random data; inputs are standard normal.

Per model and opset it prints: the int8 program's layers (int8 / int16 / float) with the float
ones named, and the output SQNR against fp32 (onnxruntime on the imported model) of
- ferry: its quantizer, then the integer golden model (the arithmetic the C++ performs, which the
  tests hold bit-exact with the C++);
- ort: onnxruntime's quantize_static (QDQ, per-channel int8, MinMax) on the same calibration
  samples, run by onnxruntime;
- ferry(ort): the same onnxruntime QDQ model lowered by ferry, run by the golden model.
Calibration and validation samples are disjoint. Figures are measured, float SQNR in dB.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

import numpy as np
import onnx

from ferry.schemas.pipeline import QuantizeStage
from ferry.stages.codegen.qdq_lowering import lower_qdq
from ferry.stages.common.golden import DOMAIN, GoldenModel, float_layers
from ferry.stages.common.quant import dequantize, quantize
from ferry.stages.common.reference import onnxruntime_tensors, sqnr_db
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model


def _models():
    import torch
    from torch import nn
    from torch.nn import functional as F

    def hard_swish(x):  # as public MobileNetV3 code writes it; exported as Add, Clip, Mul, Div
        return x * F.relu6(x + 3.0) / 6.0

    class ConvBN(nn.Sequential):
        def __init__(self, cin, cout, k=3, stride=1, groups=1):
            super().__init__(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout))

    class SqueezeExcite(nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.reduce = nn.Conv2d(channels, channels // 4, 1)
            self.expand = nn.Conv2d(channels // 4, channels, 1)

        def forward(self, x):
            s = F.adaptive_avg_pool2d(x, 1)
            return x * F.hardsigmoid(self.expand(F.relu(self.reduce(s))))

    class InvertedResidual(nn.Module):
        def __init__(self, cin, hidden, cout, stride, se, hs):
            super().__init__()
            self.expand, self.depthwise = ConvBN(cin, hidden, 1), ConvBN(hidden, hidden, 3, stride, hidden)
            self.se, self.project, self.hs = SqueezeExcite(hidden) if se else None, ConvBN(hidden, cout, 1), hs
            self.residual = stride == 1 and cin == cout

        def forward(self, x):
            act = hard_swish if self.hs else F.relu
            y = act(self.depthwise(act(self.expand(x))))
            y = self.project(self.se(y) if self.se is not None else y)
            return x + y if self.residual else y

    class MobileNetV3Small(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = ConvBN(3, 16, 3, 2)
            self.blocks = nn.Sequential(InvertedResidual(16, 16, 16, 2, True, False),
                                        InvertedResidual(16, 72, 24, 2, False, False),
                                        InvertedResidual(24, 88, 24, 1, False, False),
                                        InvertedResidual(24, 96, 40, 2, True, True),
                                        InvertedResidual(40, 120, 40, 1, True, True))
            self.head, self.fc1, self.fc2 = ConvBN(40, 96, 1), nn.Linear(96, 128), nn.Linear(128, 10)

        def forward(self, x):
            x = hard_swish(self.head(self.blocks(hard_swish(self.stem(x)))))
            x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
            return self.fc2(hard_swish(self.fc1(x)))

    class Attention(nn.Module):
        def __init__(self, dim, heads):
            super().__init__()
            self.heads, self.head_dim = heads, dim // heads
            self.q, self.k, self.v, self.out = (nn.Linear(dim, dim) for _ in range(4))

        def forward(self, x):
            b, n, d = x.shape

            def split(t):
                return t.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)

            q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
            scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
            y = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, d)
            return self.out(y)

    class Block(nn.Module):
        def __init__(self, dim, heads):
            super().__init__()
            self.norm1, self.attention = nn.LayerNorm(dim), Attention(dim, heads)
            self.norm2, self.mlp = nn.LayerNorm(dim), nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(),
                                                                    nn.Linear(2 * dim, dim))

        def forward(self, x):
            x = x + self.attention(self.norm1(x))
            return x + self.mlp(self.norm2(x))

    class ViT(nn.Module):
        def __init__(self, dim=64, heads=4, depth=2):
            super().__init__()
            self.patch = nn.Conv2d(3, dim, 4, 4)
            self.position = nn.Parameter(torch.randn(1, 16, dim) * 0.02)
            self.blocks = nn.Sequential(*(Block(dim, heads) for _ in range(depth)))
            self.norm, self.fc = nn.LayerNorm(dim), nn.Linear(dim, 10)

        def forward(self, x):
            x = self.patch(x).flatten(2).transpose(1, 2) + self.position
            return self.fc(self.norm(self.blocks(x)).mean(dim=1))  # mean pooling over tokens

    class Recognizer(nn.Module):
        def __init__(self, dim=64, classes=40):
            super().__init__()
            self.conv1, self.conv2 = ConvBN(1, 32, 3, 2), ConvBN(32, dim, 3, 2)
            self.block, self.fc = Block(dim, 4), nn.Linear(dim, classes)

        def forward(self, x):  # a text line [1, 1, 16, 64] -> [1, 16 steps, classes]
            x = hard_swish(self.conv2(hard_swish(self.conv1(x))))
            x = x.mean(dim=2).transpose(1, 2)  # height pooled: [1, steps, dim]
            return self.fc(self.block(x))

    def conv_relu(cin, cout, stride=1):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.ReLU())

    class UNet(nn.Module):  # up-convolutions (ConvTranspose) and skip concatenations
        def __init__(self):
            super().__init__()
            self.enc1, self.enc2, self.enc3 = conv_relu(3, 16), conv_relu(16, 32, 2), conv_relu(32, 64, 2)
            self.up2, self.dec2 = nn.ConvTranspose2d(64, 32, 2, 2), conv_relu(64, 32)
            self.up1, self.dec1 = nn.ConvTranspose2d(32, 16, 2, 2), conv_relu(32, 16)
            self.head = nn.Conv2d(16, 2, 1)

        def forward(self, x):
            e1 = self.enc1(x)
            e2 = self.enc2(e1)
            d2 = self.dec2(torch.cat([F.relu(self.up2(self.enc3(e2))), e2], 1))
            return self.head(self.dec1(torch.cat([F.relu(self.up1(d2)), e1], 1)))

    class FPN(nn.Module):  # top-down path by nearest upsampling, bilinear merge of the levels
        def __init__(self):
            super().__init__()
            self.c1, self.c2, self.c3 = conv_relu(3, 16, 2), conv_relu(16, 32, 2), conv_relu(32, 64, 2)
            self.l1, self.l2, self.l3 = nn.Conv2d(16, 32, 1), nn.Conv2d(32, 32, 1), nn.Conv2d(64, 32, 1)
            self.smooth, self.head = conv_relu(32, 32), nn.Conv2d(96, 4, 1)

        def forward(self, x):
            c1 = self.c1(x)
            c2 = self.c2(c1)
            c3 = self.c3(c2)
            p3 = self.l3(c3)
            p2 = self.l2(c2) + F.interpolate(p3, scale_factor=2.0, mode="nearest")
            p1 = self.smooth(self.l1(c1) + F.interpolate(p2, scale_factor=2.0, mode="nearest"))
            size = p1.shape[-2:]
            merged = torch.cat([p1, F.interpolate(p2, size=size, mode="bilinear", align_corners=False),
                                F.interpolate(p3, size=size, mode="bilinear", align_corners=True)], 1)
            return self.head(merged)

    torch.manual_seed(0)
    return [("mobilenetv3_small", MobileNetV3Small(), (1, 3, 32, 32)), ("vit_qkv_mean", ViT(), (1, 3, 16, 16)),
            ("conv_transformer_ocr", Recognizer(), (1, 1, 16, 64)), ("unet_small", UNet(), (1, 3, 32, 32)),
            ("fpn_small", FPN(), (1, 3, 32, 32))]


def _export(module, shape: tuple[int, ...], path: Path, opset: int) -> None:
    import torch

    module.train()
    with torch.no_grad():
        for _ in range(8):  # warm the BatchNorm statistics
            module(torch.randn(16, *shape[1:]))
    module.eval()
    torch.onnx.export(module, torch.randn(*shape), str(path), input_names=["x"], output_names=["y"],
                      opset_version=opset, dynamo=False)


def _ort_qdq(source: Path, target: Path, calibration: np.ndarray) -> None:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.samples = iter([{"x": s[None]} for s in calibration])

        def get_next(self) -> dict | None:
            return next(self.samples, None)

    quantize_static(str(source), str(target), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)


def _golden_outputs(program: onnx.ModelProto, path: Path, samples: np.ndarray) -> np.ndarray:
    onnx.save(program, str(path))
    golden = GoldenModel(path)
    x_scale, x_zero_point = golden.qparams["x"]
    y_scale, y_zero_point = golden.qparams["y"]
    outputs = [golden.run({"x": quantize(s[None], x_scale, x_zero_point).astype(np.int8)})["y"] for s in samples]
    return dequantize(np.stack(outputs), y_scale, y_zero_point)


def _layer_counts(program: onnx.ModelProto) -> tuple[int, int, list[str]]:
    """(int8 layers, int16 layers, float layers) of an integer program: compute nodes, not the
    borders of float islands."""
    floats = float_layers(program)
    borders = {"Quantize", "Dequantize"}
    int8 = [n for n in program.graph.node if n.name not in floats and not (n.domain == DOMAIN and n.op_type in borders)]
    return len(int8), 0, sorted(floats)


def measure(name: str, module, shape: tuple[int, ...], opset: int, samples: int, tmp: Path) -> str:
    exported = tmp / f"{name}_{opset}.onnx"
    _export(module, shape, exported, opset)
    imported, _ = import_model(exported, name, {})
    imported_path = tmp / f"{name}_{opset}_imported.onnx"
    onnx.save(imported, str(imported_path))
    rng = np.random.default_rng(1)
    calibration = rng.standard_normal((samples, *shape[1:])).astype(np.float32)
    validation = rng.standard_normal((samples, *shape[1:])).astype(np.float32)
    fp32 = np.stack([b["y"] for b in onnxruntime_tensors(imported_path, [{"x": s[None]} for s in validation], ["y"])])

    stats = collect_statistics(imported_path, ({"x": s[None]} for s in calibration), 2048)
    qdq, _ = quantize_model(imported, stats, QuantizeStage.model_validate({"kind": "quantize"}))
    program = lower_qdq(qdq)
    ferry = sqnr_db(fp32, _golden_outputs(program, tmp / f"{name}_{opset}_integer.onnx", validation))

    ort_path = tmp / f"{name}_{opset}_ort.onnx"
    _ort_qdq(imported_path, ort_path, calibration)
    ort_out = np.stack([b["y"] for b in onnxruntime_tensors(ort_path, [{"x": s[None]} for s in validation], ["y"])])
    ort = sqnr_db(fp32, ort_out)
    ort_program = lower_qdq(onnx.load(str(ort_path)))
    ferry_on_ort = sqnr_db(fp32, _golden_outputs(ort_program, tmp / f"{name}_{opset}_ort_integer.onnx", validation))

    int8, int16, floats = _layer_counts(program)
    _, _, ort_floats = _layer_counts(ort_program)
    return (f"{name:22s} {opset:5d} {len(imported.graph.node):5d} {int8:5d} {int16:5d} {len(floats):5d} "
            f"{ferry:8.1f} {ort:8.1f} {ferry_on_ort:10.1f} {len(ort_floats):9d}  "
            f"{', '.join(floats + [f'ort:{f}' for f in ort_floats]) or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=32, help="calibration and validation samples each")
    parser.add_argument("--opset", type=int, nargs="+", default=[13, 17])
    args = parser.parse_args()
    print(f"{'model':22s} {'opset':>5s} {'nodes':>5s} {'int8':>5s} {'int16':>5s} {'float':>5s} "
          f"{'ferry dB':>8s} {'ort dB':>8s} {'ferry(ort)':>10s} {'ort float':>9s}  float layers")
    with tempfile.TemporaryDirectory() as tmp:
        for opset in args.opset:
            for name, module, shape in _models():
                print(measure(name, module, shape, opset, args.samples, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
