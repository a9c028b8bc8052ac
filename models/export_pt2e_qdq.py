"""Quantize the example CNN with PyTorch's PT2E flow, post-training and quantization-aware, and
export both to QDQ ONNX: the fixtures of tests/test_qdq_intake.py (the tests cannot use torch).

Run from the repository root (needs the optional tooling: torch >= 2.10 and torchao, whose
`torchao.quantization.pt2e` is where PT2E quantization lives since it left `torch.ao`):

    python -m models.export_pt2e_qdq

Both start from the float weights of models/digits_cnn.onnx (BatchNorm included), are captured
with torch.export, quantized by torchao's X86InductorQuantizer (uint8 activations, int8 weights
per output channel, float biases) and written by the dynamo ONNX exporter (opset 18), which
turns quantized_decomposed ops into QuantizeLinear/DequantizeLinear:

    digits_cnn_pt2e.onnx  prepare_pt2e, calibrated on 64 calibration samples, convert_pt2e
    digits_cnn_qat.onnx   prepare_qat_pt2e (fake quantization, BatchNorm kept in training), two
                          epochs of fine-tuning on the training split, convert_pt2e

The exporter's per-node metadata (Python stack traces) is dropped; nothing else is changed.
Seeded and single threaded; files written atomically.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from ferry.core.files import write_bytes_atomic
from models.train_digits_cnn import DigitsCNN, load_splits, make_deterministic, train

HERE = Path(__file__).resolve().parent
CALIBRATION_SAMPLES = 64
QAT_EPOCHS = 2
QAT_LR = 1e-4


def float_model() -> DigitsCNN:
    """The example's float model with the weights of models/digits_cnn.onnx."""
    model = DigitsCNN()
    exported = onnx.load(str(HERE / "digits_cnn.onnx"))
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in exported.graph.initializer}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    assert not unexpected and all(name.endswith("num_batches_tracked") for name in missing), (missing, unexpected)
    return model.eval()


def quantized(model: torch.nn.Module, qat: bool, fit: Callable[[torch.nn.Module], None]) -> torch.nn.Module:
    from torchao.quantization.pt2e import allow_exported_model_train_eval, move_exported_model_to_eval
    from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e, prepare_qat_pt2e
    from torchao.quantization.pt2e.quantizer.x86_inductor_quantizer import (
        X86InductorQuantizer,
        get_default_x86_inductor_quantization_config,
    )

    example = (torch.zeros(2, 1, 8, 8),)
    captured = torch.export.export(model.train() if qat else model.eval(), example,
                                   dynamic_shapes={"x": {0: torch.export.Dim("batch")}}).module()
    quantizer = X86InductorQuantizer().set_global(get_default_x86_inductor_quantization_config(is_qat=qat))
    prepared = (prepare_qat_pt2e if qat else prepare_pt2e)(captured, quantizer)
    allow_exported_model_train_eval(prepared)  # train() switches BatchNorm and Dropout
    fit(prepared)
    move_exported_model_to_eval(prepared)
    return convert_pt2e(prepared)


def to_onnx(model: torch.nn.Module) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        program = torch.onnx.export(model, (torch.zeros(1, 1, 8, 8),), input_names=["input"],
                                    output_names=["logits"], dynamo=True, opset_version=18, verbose=False)
    assert program is not None
    proto = program.model_proto
    for node in proto.graph.node:  # the exporter's Python stack traces: most of the file's bytes
        del node.metadata_props[:]
    onnx.checker.check_model(proto)
    return proto.SerializeToString()


def main() -> None:
    make_deterministic()
    splits = load_splits()
    calibration = splits["calib"][0][:CALIBRATION_SAMPLES]

    def calibrate(prepared: torch.nn.Module) -> None:
        with torch.no_grad():
            for sample in calibration:
                prepared(torch.from_numpy(sample[None]))

    def fine_tune(prepared: torch.nn.Module) -> None:
        x, y = splits["train"]
        train(prepared, x, y, torch.optim.SGD(prepared.parameters(), lr=QAT_LR, momentum=0.9), QAT_EPOCHS, 1)

    for name, qat, fit in (("digits_cnn_pt2e", False, calibrate), ("digits_cnn_qat", True, fine_tune)):
        model = quantized(float_model(), qat, fit)
        x, y = splits["val"]
        with torch.no_grad():
            accuracy = float(np.mean(model(torch.from_numpy(x)).argmax(1).numpy() == y))
        write_bytes_atomic(HERE / f"{name}.onnx", to_onnx(model))
        print(f"{name}.onnx: validation accuracy {accuracy:.4f} in torch")


if __name__ == "__main__":
    main()
