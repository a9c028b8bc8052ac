"""ResNet-50 and VGG-19 as ONNX, for bench/large_models.py: the sizes ferry's build must carry.

torchvision cannot be imported beside torch 2.13 here, so both networks are written out below
(ResNet-50 v1.5: bottlenecks [3, 4, 6, 3], stride on the 3x3; VGG-19: configuration E without
BatchNorm). Weights are random (He-normal convolutions, seeded); BatchNorm statistics are warmed
by running random batches in training mode, so that the folded weights look like trained ones.
Exported with the TorchScript exporter at opset 17, input "input" [1, 3, 224, 224]. Also writes
calibration and validation samples (random images, no labels).

Needs torch (tooling only, never a dependency of ferry). Run from the repository root:

    python -m models.large_models [--out ~/.cache/ferry/large] [resnet50 vgg19]

The files go outside git (hundreds of MB); each is written to a temporary name and renamed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from ferry.stages.common.data import save_npz_atomic

DEFAULT_OUT = Path.home() / ".cache" / "ferry" / "large"
SEED = 0
CALIBRATION_SAMPLES = 8
VALIDATION_SAMPLES = 4
WARM_BATCHES = 4


def _networks():
    import torch
    from torch import nn

    class Bottleneck(nn.Module):
        expansion = 4

        def __init__(self, inputs: int, width: int, stride: int) -> None:
            super().__init__()
            out = width * self.expansion
            self.conv1, self.bn1 = nn.Conv2d(inputs, width, 1, bias=False), nn.BatchNorm2d(width)
            self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.conv3, self.bn3 = nn.Conv2d(width, out, 1, bias=False), nn.BatchNorm2d(out)
            self.relu = nn.ReLU()
            self.down = None
            if stride != 1 or inputs != out:
                self.down = nn.Sequential(nn.Conv2d(inputs, out, 1, stride, bias=False), nn.BatchNorm2d(out))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = self.relu(self.bn1(self.conv1(x)))
            y = self.relu(self.bn2(self.conv2(y)))
            y = self.bn3(self.conv3(y))
            return self.relu(y + (x if self.down is None else self.down(x)))

    class ResNet50(nn.Module):
        def __init__(self, classes: int = 1000) -> None:
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                                      nn.MaxPool2d(3, 2, 1))
            blocks, inputs = [], 64
            for width, count, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
                for index in range(count):
                    blocks.append(Bottleneck(inputs, width, stride if index == 0 else 1))
                    inputs = width * Bottleneck.expansion
            self.blocks = nn.Sequential(*blocks)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(inputs, classes)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.fc(torch.flatten(self.pool(self.blocks(self.stem(x))), 1))

    class VGG19(nn.Module):
        LAYERS = (64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
                  512, 512, 512, 512, "M")

        def __init__(self, classes: int = 1000) -> None:
            super().__init__()
            layers, inputs = [], 3
            for item in self.LAYERS:
                if item == "M":
                    layers.append(nn.MaxPool2d(2, 2))
                else:
                    layers += [nn.Conv2d(inputs, item, 3, padding=1), nn.ReLU()]
                    inputs = item
            self.features = nn.Sequential(*layers)
            self.classifier = nn.Sequential(nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(),
                                            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
                                            nn.Linear(4096, classes))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.classifier(torch.flatten(self.features(x), 1))

    return {"resnet50": ResNet50, "vgg19": VGG19}


def _initialize(model) -> None:
    from torch import nn

    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            if module.bias is not None:
                nn.init.normal_(module.bias, 0.0, 0.01)
        elif isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, 0.0, 0.01)
            nn.init.normal_(module.bias, 0.0, 0.01)
        elif isinstance(module, nn.BatchNorm2d):
            nn.init.uniform_(module.weight, 0.5, 1.5)
            nn.init.normal_(module.bias, 0.0, 0.1)
            module.momentum = None  # the running statistics become the average over the warm-up


def _images(count: int, rng: np.random.Generator) -> np.ndarray:
    """Smooth random images, normalized as ImageNet inputs are (roughly zero mean, unit spread)."""
    coarse = rng.standard_normal((count, 3, 14, 14)).astype(np.float32)
    return np.repeat(np.repeat(coarse, 16, axis=2), 16, axis=3)


def _save_atomic(path: Path, write) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(temporary)
    os.replace(temporary, path)


def make(name: str, out: Path) -> Path:
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = _networks()[name]()
    _initialize(model)
    with torch.no_grad():
        model.train()
        for _ in range(WARM_BATCHES):
            model(torch.from_numpy(_images(4, rng)))
        model.eval()
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / f"{name}.onnx"
    example = torch.from_numpy(_images(1, rng))
    _save_atomic(onnx_path, lambda path: torch.onnx.export(
        model, (example,), str(path), opset_version=17, input_names=["input"], output_names=["logits"],
        dynamo=False))
    for part, count in (("calib", CALIBRATION_SAMPLES), ("val", VALIDATION_SAMPLES)):
        save_npz_atomic(out / f"{name}_{part}.npz", {"x": _images(count, rng)})
    return onnx_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("models", nargs="*", default=["resnet50", "vgg19"])
    args = parser.parse_args()
    for name in args.models:
        print(f"{name}: {make(name, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
