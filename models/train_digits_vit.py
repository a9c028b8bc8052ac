"""Train the transformer example: a small vision transformer on scikit-learn's 8x8 digits.

Run from the repository root (needs the optional tooling: torch, scikit-learn, onnxruntime):

    python -m models.train_digits_vit

The model: 2x2 patches as 16 tokens (a stride-2 convolution embeds each to 32 features), a class
token, a learned position embedding, two pre-norm encoder blocks (LayerNorm, 2-head
self-attention, residual; LayerNorm, GELU MLP 32 -> 64 -> 32, residual), a final LayerNorm and a
linear head on the class token. Attention is written out (one qkv Linear, Split, Reshape,
Transpose, MatMul, Softmax) so the exports show the ops a transformer is made of.

Writes, next to this script:

    digits_vit_opset17.onnx   opset 17: LayerNormalization is one op, GELU the Erf pattern
    digits_vit_opset13.onnx   opset 13: the exporter decomposes LayerNorm (ReduceMean, Sub, Pow,
                              ReduceMean, Add, Sqrt, Div, Mul, Add); GELU the same Erf pattern

Both: input "input" float32 [batch, 1, 8, 8] -> output "logits" [batch, 10], the same weights.
The data is the CNN example's (digits_calib.npz, digits_val.npz, same split by the same seed);
this script checks that the split it trains around equals those files and does not rewrite them.
Seeded, single threaded, deterministic kernels; files are written atomically.
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
from models.train_digits_cnn import (
    CALIB_PATH,
    VAL_PATH,
    load_splits,
    make_deterministic,
    torch_logits,
    train,
)

HERE = Path(__file__).resolve().parent
EXPORTS = {17: HERE / "digits_vit_opset17.onnx", 13: HERE / "digits_vit_opset13.onnx"}

DIM = 32
HEADS = 2
MLP_DIM = 64
BLOCKS = 2
PATCH = 2
TOKENS = (8 // PATCH) ** 2
EPOCHS = 150
LR = 3e-3
WEIGHT_DECAY = 1e-4


class Attention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.qkv = nn.Linear(DIM, 3 * DIM)
        self.proj = nn.Linear(DIM, DIM)
        self.scale = (DIM // HEADS) ** -0.5

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, tokens, _ = x.shape
        q, k, v = self.qkv(x).split(DIM, dim=-1)
        q, k, v = (t.reshape(batch, tokens, HEADS, DIM // HEADS).transpose(1, 2) for t in (q, k, v))
        weights = torch.softmax((q * self.scale) @ k.transpose(-2, -1), dim=-1)
        out = (weights @ v).transpose(1, 2).reshape(batch, tokens, DIM)
        return self.proj(out)


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(DIM)
        self.attn = Attention()
        self.norm2 = nn.LayerNorm(DIM)
        self.mlp = nn.Sequential(nn.Linear(DIM, MLP_DIM), nn.GELU(), nn.Linear(MLP_DIM, DIM))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class DigitsViT(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.patch = nn.Conv2d(1, DIM, PATCH, stride=PATCH)
        self.cls = nn.Parameter(torch.zeros(1, 1, DIM))
        self.pos = nn.Parameter(torch.randn(1, TOKENS + 1, DIM) * 0.02)
        self.blocks = nn.Sequential(*(Block() for _ in range(BLOCKS)))
        self.norm = nn.LayerNorm(DIM)
        self.head = nn.Linear(DIM, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.patch(x).flatten(2).transpose(1, 2)             # [batch, 16, DIM]
        cls = self.cls.expand(x.shape[0], -1, -1)
        tokens = torch.cat([cls, tokens], dim=1) + self.pos           # [batch, 17, DIM]
        return self.head(self.norm(self.blocks(tokens))[:, 0])


def export_onnx(model: nn.Module, opset: int) -> bytes:
    """The legacy TorchScript exporter, dynamic batch, one self-contained file."""
    model.eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
        torch.onnx.export(
            model, (torch.zeros(1, 1, 8, 8),), buffer, dynamo=False, export_params=True,
            opset_version=opset, input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            do_constant_folding=True,
        )
    proto = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(proto, full_check=True)
    ops = {node.op_type for node in proto.graph.node}
    assert ("LayerNormalization" in ops) == (opset >= 17), sorted(ops)
    assert "Erf" in ops, sorted(ops)
    return proto.SerializeToString(deterministic=True)


def check_export(onnx_bytes: bytes, x: np.ndarray, reference: np.ndarray) -> float:
    """Max |onnxruntime - torch| over the samples, batched and one by one; predictions must agree."""
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    got = session.run(["logits"], {"input": x})[0]
    one = np.concatenate([session.run(["logits"], {"input": x[i:i + 1]})[0] for i in range(len(x))])
    assert (got.argmax(1) == reference.argmax(1)).all() and (one.argmax(1) == reference.argmax(1)).all()
    return float(max(np.abs(got - reference).max(), np.abs(one - reference).max()))


def check_data(splits: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    for path, name in ((CALIB_PATH, "calib"), (VAL_PATH, "val")):
        with np.load(path) as stored:
            x, y = splits[name]
            assert np.array_equal(stored["x"], x) and np.array_equal(stored["y"], y), path


def main() -> None:
    make_deterministic()
    splits = load_splits()
    check_data(splits)
    model = DigitsViT()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    train(model, *splits["train"], torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY),
          EPOCHS, log_every=25)

    x_val, y_val = splits["val"]
    reference = torch_logits(model, x_val)
    print(f"fp32 validation top-1 (torch): {(reference.argmax(1) == y_val).mean():.4f}")
    for opset, path in EXPORTS.items():
        onnx_bytes = export_onnx(model, opset)
        max_err = check_export(onnx_bytes, x_val, reference)
        print(f"opset {opset}: onnxruntime vs torch max |diff| {max_err:.2e}")
        assert max_err < 1e-4, "the ONNX model does not reproduce the torch model"
        write_bytes_atomic(path, onnx_bytes)
        print(f"wrote {path.name} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
