"""Train the bundled example model: a small CNN on scikit-learn's 8x8 digits, exported to ONNX.

Run from the repository root (needs the optional tooling: torch, scikit-learn, onnxruntime):

    python -m models.train_digits_cnn

Writes, next to this script:

    digits_cnn.onnx    float model, opset 17, input "input" [batch, 1, 8, 8] -> output "logits" [batch, 10]
    digits_calib.npz   calibration samples: x float32 [200, 1, 8, 8], y int64 [200]
    digits_val.npz     validation samples:  x float32 [360, 1, 8, 8], y int64 [360]

The split is stratified by class and fixed by SEED, and the three parts are disjoint:
validation 360 samples, calibration 200 samples, training the remaining 1237. The calibration
samples are not used for training, so quantization is calibrated on data the model has not fit.

Everything is seeded, single threaded and uses deterministic kernels, so a rerun with the same
library versions writes the same bytes. Each file is written to a temporary name in this folder
and renamed into place, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import io
import random
import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

from ferry.core.files import write_bytes_atomic
from ferry.stages.common.data import save_npz_atomic

HERE = Path(__file__).resolve().parent
ONNX_PATH = HERE / "digits_cnn.onnx"
CALIB_PATH = HERE / "digits_calib.npz"
VAL_PATH = HERE / "digits_val.npz"

SEED = 0
N_VAL = 360
N_CALIB = 200
EPOCHS = 60
BATCH = 64
LR = 3e-3
WEIGHT_DECAY = 1e-4
OPSET = 17


def make_deterministic() -> None:
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


# --- data ------------------------------------------------------------------------------------


def load_splits() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Digits scaled to [0, 1], shaped N x 1 x 8 x 8; stratified, disjoint train/calib/val."""
    digits = load_digits()
    x = (digits.images.astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8)
    y = digits.target.astype(np.int64)
    x_rest, x_val, y_rest, y_val = train_test_split(
        x, y, test_size=N_VAL, stratify=y, random_state=SEED)
    x_train, x_calib, y_train, y_calib = train_test_split(
        x_rest, y_rest, test_size=N_CALIB, stratify=y_rest, random_state=SEED)
    return {
        "train": (x_train, y_train),
        "calib": (np.ascontiguousarray(x_calib), y_calib),
        "val": (np.ascontiguousarray(x_val), y_val),
    }


# --- model -----------------------------------------------------------------------------------


class DigitsCNN(nn.Module):
    """About 12k parameters. BatchNorm and Dropout are kept on purpose: the importer folds and
    removes them, and the example should exercise that."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.MaxPool2d(2),                                       # 8x8 -> 4x4
            nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),                                          # 16 * 4 * 4 = 256
            nn.Linear(256, 32), nn.ReLU(),
            nn.Dropout(0.25),
            nn.Linear(32, 10),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def train(model: nn.Module, x: np.ndarray, y: np.ndarray, optimizer: torch.optim.Optimizer, epochs: int,
          log_every: int) -> None:
    """Mini-batches of BATCH in a seeded order, cross-entropy, cosine learning-rate decay (both
    example models: the ViT script calls this with its own optimizer and epochs)."""
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    loss_fn = nn.CrossEntropyLoss()
    order_rng = torch.Generator().manual_seed(SEED)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xs), generator=order_rng)
        total = 0.0
        for start in range(0, len(xs), BATCH):
            idx = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(xs[idx]), ys[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        scheduler.step()
        if (epoch + 1) % log_every == 0:
            print(f"epoch {epoch + 1:3d}  train loss {total / len(xs):.4f}")


@torch.no_grad()
def torch_logits(model: nn.Module, x: np.ndarray) -> np.ndarray:
    model.eval()
    return model(torch.from_numpy(x)).numpy()


# --- export ----------------------------------------------------------------------------------


def export_onnx(model: nn.Module) -> bytes:
    """Opset 17, dynamic batch, one self-contained file, BatchNormalization nodes kept.

    The legacy TorchScript exporter is used (the dynamo exporter needs onnxscript). Exporting
    with TrainingMode.EVAL runs an eval peephole pass that fuses BatchNorm into the preceding
    Conv; TrainingMode.PRESERVE on a model already in eval mode skips that pass, so the graph
    keeps its BatchNormalization nodes (with inference semantics) while the trace still uses
    running statistics and drops Dropout.
    """
    model.eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Both are expected here: the legacy exporter is chosen on purpose, and the constant
        # folding advice is about PRESERVE on a model in *training* mode, which this is not.
        warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
        warnings.filterwarnings("ignore", message=".*constant folding be turned off.*")
        torch.onnx.export(
            model,
            (torch.zeros(1, 1, 8, 8),),
            buffer,
            dynamo=False,
            export_params=True,
            opset_version=OPSET,
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            training=torch.onnx.TrainingMode.PRESERVE,
            do_constant_folding=True,
        )
    proto = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(proto, full_check=True)
    for tensor in proto.graph.initializer:
        assert tensor.data_location != onnx.TensorProto.EXTERNAL, tensor.name
    ops = [node.op_type for node in proto.graph.node]
    assert "BatchNormalization" in ops, f"BatchNormalization was folded away: {ops}"
    return proto.SerializeToString(deterministic=True)


# --- files -----------------------------------------------------------------------------------


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    make_deterministic()
    splits = load_splits()
    for name, (_, y) in splits.items():
        print(f"{name:5s} {len(y):5d} samples, per class {np.bincount(y, minlength=10).tolist()}")

    model = DigitsCNN()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    train(model, *splits["train"], torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY),
          EPOCHS, log_every=10)

    x_val, y_val = splits["val"]
    ref = torch_logits(model, x_val)
    onnx_bytes = export_onnx(model)

    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    got = session.run(["logits"], {"input": x_val})[0]
    one = np.concatenate([session.run(["logits"], {"input": x_val[i:i + 1]})[0]
                          for i in range(len(x_val))])
    max_err = float(max(np.abs(got - ref).max(), np.abs(one - ref).max()))
    agree = bool((got.argmax(1) == ref.argmax(1)).all() and (one.argmax(1) == ref.argmax(1)).all())
    print(f"onnxruntime vs torch: max |diff| {max_err:.2e}, predictions identical: {agree}")
    assert agree and max_err < 1e-4, "the ONNX model does not reproduce the torch model"

    accuracy = float((got.argmax(1) == y_val).mean())
    calib_accuracy = float((torch_logits(model, splits["calib"][0]).argmax(1)
                            == splits["calib"][1]).mean())
    print(f"fp32 validation top-1: {accuracy:.4f} ({round(accuracy * len(y_val))}/{len(y_val)})")
    print(f"fp32 calibration top-1: {calib_accuracy:.4f}")

    write_bytes_atomic(ONNX_PATH, onnx_bytes)
    for path, (x, y) in ((CALIB_PATH, splits["calib"]), (VAL_PATH, splits["val"])):
        save_npz_atomic(path, {"x": x.astype(np.float32), "y": y.astype(np.int64)})
    for path in (ONNX_PATH, CALIB_PATH, VAL_PATH):
        print(f"wrote {path.name} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
