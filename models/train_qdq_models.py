"""Train the float models that the QDQ intake tests hand to onnxruntime's `quantize_static`.

Run from the repository root (needs the optional tooling: torch, scikit-learn, onnxruntime):

    python -m models.train_qdq_models

Two models real users bring, trained on the digits split of `train_digits_cnn.py` (the same
calibration and validation files), exported by the legacy TorchScript exporter as PyTorch writes
them (no ferry import step: the tests quantize these files as a user would):

    digits_vit_qkv_opset17.onnx  a ViT whose attention has separate Q, K and V Linear layers (three
                                 MatMul + bias Add per block), LayerNormalization as one op,
                                 GELU as the Erf pattern, Softmax in the attention
    digits_vit_qkv_opset13.onnx  the same weights at opset 13 (LayerNorm decomposed by the exporter)
    digits_mnv3.onnx             a MobileNetV3-style net: Conv-BN-HardSwish stem, inverted residual
                                 blocks (expand, depthwise, squeeze-and-excite with HardSigmoid,
                                 project, residual Add), global pooling, HardSwish head and a
                                 Softmax output (a fixed-scale output), opset 17

Seeded, single threaded, deterministic kernels; files written atomically.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

from ferry.core.files import write_bytes_atomic
from models.train_digits_cnn import load_splits, make_deterministic, torch_logits, train

HERE = Path(__file__).resolve().parent
EPOCHS = 40
LR = 3e-3


class Attention(nn.Module):
    """Separate Q, K and V projections, as most exported transformers have them."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.q, self.k, self.v = nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape
        split = lambda t: t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        attention = torch.softmax(q @ k.transpose(-2, -1) * self.scale, dim=-1)
        return self.proj((attention @ v).transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, mlp: int) -> None:
        super().__init__()
        self.norm1, self.attention = nn.LayerNorm(dim), Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViTQKV(nn.Module):
    def __init__(self, dim: int = 32, heads: int = 2, mlp: int = 64, blocks: int = 2) -> None:
        super().__init__()
        self.patch = nn.Conv2d(1, dim, 2, stride=2)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, 17, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp) for _ in range(blocks)])
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.patch(x).flatten(2).transpose(1, 2)
        tokens = torch.cat([self.cls.expand(x.shape[0], -1, -1), tokens], dim=1) + self.pos
        return self.head(self.norm(self.blocks(tokens))[:, 0])


def conv_bn(cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]


class SqueezeExcite(nn.Module):
    def __init__(self, channels: int, squeezed: int) -> None:
        super().__init__()
        self.gate = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(channels, squeezed, 1), nn.ReLU(),
                                  nn.Conv2d(squeezed, channels, 1), nn.Hardsigmoid())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gate(x)


class InvertedResidual(nn.Module):
    def __init__(self, cin: int, expanded: int, cout: int, stride: int) -> None:
        super().__init__()
        self.residual = stride == 1 and cin == cout
        self.body = nn.Sequential(*conv_bn(cin, expanded, 1), nn.Hardswish(),
                                  *conv_bn(expanded, expanded, 3, stride, expanded), nn.Hardswish(),
                                  SqueezeExcite(expanded, expanded // 4), *conv_bn(expanded, cout, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV3Style(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(*conv_bn(1, 16, 3), nn.Hardswish(), InvertedResidual(16, 32, 16, 1),
                                      InvertedResidual(16, 48, 24, 2), InvertedResidual(24, 64, 24, 1),
                                      nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Sequential(nn.Linear(24, 64), nn.Hardswish(), nn.Linear(64, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.head(self.features(x)), dim=-1)


def export_onnx(model: nn.Module, opset: int, output: str) -> bytes:
    model.eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
        torch.onnx.export(model, (torch.zeros(1, 1, 8, 8),), buffer, dynamo=False, export_params=True,
                          opset_version=opset, input_names=["input"], output_names=[output],
                          dynamic_axes={"input": {0: "batch"}, output: {0: "batch"}}, do_constant_folding=True)
    proto = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(proto, full_check=True)
    return proto.SerializeToString(deterministic=True)


def write_checked(model: nn.Module, opset: int, output: str, path: Path, x: np.ndarray, y: np.ndarray) -> None:
    onnx_bytes = export_onnx(model, opset, output)
    reference = torch_logits(model, x)
    got = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"]).run([output], {"input": x})[0]
    max_err = float(np.abs(got - reference).max())
    assert max_err < 1e-4 and (got.argmax(1) == reference.argmax(1)).all(), max_err
    write_bytes_atomic(path, onnx_bytes)
    print(f"{path.name}: opset {opset}, top-1 {(got.argmax(1) == y).mean():.4f}, "
          f"onnxruntime vs torch {max_err:.1e}, {path.stat().st_size} bytes")


def main() -> None:
    splits = load_splits()
    x_val, y_val = splits["val"]
    make_deterministic()
    vit = ViTQKV()
    train(vit, *splits["train"], torch.optim.AdamW(vit.parameters(), lr=LR, weight_decay=1e-4), EPOCHS, log_every=20)
    for opset in (17, 13):
        write_checked(vit, opset, "logits", HERE / f"digits_vit_qkv_opset{opset}.onnx", x_val, y_val)
    make_deterministic()
    mnv3 = MobileNetV3Style()

    class Logits(nn.Module):  # trained on logits; exported with its softmax
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return mnv3.head(mnv3.features(x))

    train(Logits(), *splits["train"], torch.optim.Adam(mnv3.parameters(), lr=LR, weight_decay=1e-4), EPOCHS,
          log_every=20)
    write_checked(mnv3, 17, "probabilities", HERE / "digits_mnv3.onnx", x_val, y_val)


if __name__ == "__main__":
    main()
