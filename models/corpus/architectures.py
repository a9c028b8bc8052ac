"""The corpus architectures, written compactly in PyTorch (torchvision is not available here).

Each keeps the feature that makes its family hard for a compiler (hard-swish, squeeze-excite,
channel shuffle, LayerNorm over channels, window attention, class tokens, ...) at a reduced width
and input resolution, so that the whole corpus runs through ferry on two cores. Tooling only:
torch is never a runtime dependency of ferry.
"""

from __future__ import annotations

import itertools
import math

import torch
import torch.nn.functional as F
from torch import nn


def _divisible(channels: float, by: int = 8) -> int:
    return max(by, int(channels + by / 2) // by * by)


def conv_bn(cin: int, cout: int, kernel: int | tuple[int, int] = 3, stride: int = 1, groups: int = 1,
            act: type[nn.Module] | None = nn.ReLU, padding: int | tuple[int, int] | None = None) -> nn.Sequential:
    """Conv without bias, BatchNorm, optional activation: the unit every CNN family here stacks."""
    pad = padding if padding is not None else (
        tuple(k // 2 for k in kernel) if isinstance(kernel, tuple) else kernel // 2)
    layers: list[nn.Module] = [nn.Conv2d(cin, cout, kernel, stride, pad, groups=groups, bias=False),
                               nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


# --- MLPerf Tiny -----------------------------------------------------------------------------


class _ResBlock(nn.Module):
    """ResNet-8's basic block: two 3x3 convs, identity or strided 1x1 shortcut."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 3, stride), conv_bn(cout, cout, 3, act=None))
        self.shortcut = (nn.Identity() if stride == 1 and cin == cout
                         else nn.Conv2d(cin, cout, 1, stride))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.body(x) + self.shortcut(x))


class ResNet8(nn.Module):
    """MLPerf Tiny image classification (CIFAR-10, 32x32): 16-32-64 channels, 3 stacks."""

    def __init__(self, classes: int = 10) -> None:
        super().__init__()
        self.stem = conv_bn(3, 16)
        self.stacks = nn.Sequential(_ResBlock(16, 16, 1), _ResBlock(16, 32, 2), _ResBlock(32, 64, 2))
        self.fc = nn.Linear(64, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stacks(self.stem(x))
        return self.fc(torch.flatten(F.avg_pool2d(x, x.shape[-1]), 1))


class DSCNN(nn.Module):
    """MLPerf Tiny keyword spotting DS-CNN-S (49x10 MFCC): a 10x4 stride-2 conv, 4 depthwise-separable blocks."""

    def __init__(self, classes: int = 12, width: int = 64) -> None:
        super().__init__()
        blocks = [conv_bn(1, width, (10, 4), 2, padding=(5, 1))]
        for _ in range(4):
            blocks += [conv_bn(width, width, 3, groups=width), conv_bn(width, width, 1)]
        self.features = nn.Sequential(*blocks)
        self.fc = nn.Linear(width, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class MobileNetV1(nn.Module):
    """MLPerf Tiny visual wake words: MobileNetV1 with width 0.25 at 96x96, 2 classes."""

    PLAN = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1),
            (512, 1), (512, 1), (1024, 2), (1024, 1))

    def __init__(self, width: float = 0.25, classes: int = 2) -> None:
        super().__init__()
        cin = int(32 * width)
        layers = [conv_bn(3, cin, 3, 2)]
        for channels, stride in self.PLAN:
            cout = int(channels * width)
            layers += [conv_bn(cin, cin, 3, stride, groups=cin), conv_bn(cin, cout, 1)]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class _InvertedResidual(nn.Module):
    """MobileNetV2's block: expand 1x1, depthwise 3x3, linear project 1x1, residual when shapes allow."""

    def __init__(self, cin: int, cout: int, expand: int, stride: int) -> None:
        super().__init__()
        hidden = cin * expand
        layers = [conv_bn(cin, hidden, 1, act=nn.ReLU6)] if expand != 1 else []
        layers += [conv_bn(hidden, hidden, 3, stride, groups=hidden, act=nn.ReLU6),
                   conv_bn(hidden, cout, 1, act=None)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2(nn.Module):
    """MobileNetV2 (Sandler et al. 2018) at a width multiplier; ReLU6 as Clip."""

    PLAN = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
            (6, 320, 1, 1))

    def __init__(self, width: float = 0.35, classes: int = 2, last: int = 1280) -> None:
        super().__init__()
        cin = _divisible(32 * width)
        layers: list[nn.Module] = [conv_bn(3, cin, 3, 2, act=nn.ReLU6)]
        for t, c, n, s in self.PLAN:
            cout = _divisible(c * width)
            for i in range(n):
                layers.append(_InvertedResidual(cin, cout, t, s if i == 0 else 1))
                cin = cout
        layers.append(conv_bn(cin, last, 1, act=nn.ReLU6))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(last, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class AnomalyAutoencoder(nn.Module):
    """MLPerf Tiny anomaly detection (ToyADMOS): 640-128x4-8-128x4-640 dense, BatchNorm, ReLU."""

    def __init__(self, features: int = 640, hidden: int = 128, code: int = 8) -> None:
        super().__init__()
        widths = [features, hidden, hidden, hidden, hidden, code, hidden, hidden, hidden, hidden]
        layers: list[nn.Module] = []
        for cin, cout in itertools.pairwise(widths):
            layers += [nn.Linear(cin, cout), nn.BatchNorm1d(cout), nn.ReLU()]
        layers.append(nn.Linear(hidden, features))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


# --- MobileNetV3 and EfficientNet ------------------------------------------------------------


class HardSwishDiv(nn.Module):
    """x * relu6(x + 3) / 6 written out, as Keras-converted models carry it (Add, Clip, Mul, Div)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * F.relu6(x + 3.0) / 6.0


class HardSigmoidDiv(nn.Module):
    """relu6(x + 3) / 6 written out."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu6(x + 3.0) / 6.0


class SqueezeExcite(nn.Module):
    """Global average, reduce 1x1, activation, expand 1x1, gate, channel-wise scale."""

    def __init__(self, channels: int, squeeze: int, act: type[nn.Module], gate: type[nn.Module]) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(channels, squeeze, 1)
        self.expand = nn.Conv2d(squeeze, channels, 1)
        self.act, self.gate = act(), gate()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.adaptive_avg_pool2d(x, 1)
        return x * self.gate(self.expand(self.act(self.reduce(s))))


class _V3Block(nn.Module):
    def __init__(self, cin: int, hidden: int, cout: int, kernel: int, stride: int, se: bool,
                 act: type[nn.Module], hswish: type[nn.Module], hsigmoid: type[nn.Module]) -> None:
        super().__init__()
        layers: list[nn.Module] = [conv_bn(cin, hidden, 1, act=act)] if hidden != cin else []
        layers.append(conv_bn(hidden, hidden, kernel, stride, groups=hidden, act=act))
        if se:
            layers.append(SqueezeExcite(hidden, _divisible(hidden // 4), nn.ReLU, hsigmoid))
        layers.append(conv_bn(hidden, cout, 1, act=None))
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV3Small(nn.Module):
    """MobileNetV3-Small (Howard et al. 2019): hard-swish, squeeze-excite with hard-sigmoid gates.

    `written_out` spells hard-swish and hard-sigmoid as Add/Clip/Mul/Div instead of the
    HardSwish/HardSigmoid ops, the form of a model converted from another framework.
    """

    # kernel, hidden, out, squeeze-excite, hard-swish, stride
    PLAN = ((3, 16, 16, True, False, 2), (3, 72, 24, False, False, 2), (3, 88, 24, False, False, 1),
            (5, 96, 40, True, True, 2), (5, 240, 40, True, True, 1), (5, 120, 48, True, True, 1),
            (5, 144, 48, True, True, 1), (5, 288, 96, True, True, 2), (5, 576, 96, True, True, 1))

    def __init__(self, width: float = 0.5, classes: int = 10, written_out: bool = False) -> None:
        super().__init__()
        hswish = HardSwishDiv if written_out else nn.Hardswish
        hsigmoid = HardSigmoidDiv if written_out else nn.Hardsigmoid
        cin = _divisible(16 * width)
        layers: list[nn.Module] = [conv_bn(3, cin, 3, 2, act=hswish)]
        for k, hidden, out, se, hs, s in self.PLAN:
            cout = _divisible(out * width)
            layers.append(_V3Block(cin, _divisible(hidden * width), cout, k, s, se,
                                   hswish if hs else nn.ReLU, hswish, hsigmoid))
            cin = cout
        last = _divisible(576 * width)
        layers.append(conv_bn(cin, last, 1, act=hswish))
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Linear(last, 256), hswish(), nn.Linear(256, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class EfficientNetB0(nn.Module):
    """EfficientNet-B0 (Tan and Le 2019): MBConv with SiLU and sigmoid squeeze-excite, reduced width."""

    # expansion, kernel, stride, out, repeats
    PLAN = ((1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3),
            (6, 5, 2, 192, 4), (6, 3, 1, 320, 1))

    def __init__(self, width: float = 0.25, depth: float = 0.5, classes: int = 10) -> None:
        super().__init__()
        cin = _divisible(32 * width)
        layers: list[nn.Module] = [conv_bn(3, cin, 3, 2, act=nn.SiLU)]
        for t, k, s, c, n in self.PLAN:
            cout = _divisible(c * width)
            for i in range(max(1, math.ceil(n * depth))):
                hidden = cin * t
                block = ([conv_bn(cin, hidden, 1, act=nn.SiLU)] if t != 1 else []) + [
                    conv_bn(hidden, hidden, k, s if i == 0 else 1, groups=hidden, act=nn.SiLU),
                    SqueezeExcite(hidden, max(1, cin // 4), nn.SiLU, nn.Sigmoid),
                    conv_bn(hidden, cout, 1, act=None)]
                layers.append(_Residual(nn.Sequential(*block)) if (s == 1 and cin == cout) or i > 0
                              else nn.Sequential(*block))
                cin = cout
        layers.append(conv_bn(cin, 320, 1, act=nn.SiLU))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(320, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class _Residual(nn.Module):
    def __init__(self, body: nn.Module) -> None:
        super().__init__()
        self.body = body

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


# --- ShuffleNetV2, SqueezeNet, ResNet-18, RegNet ---------------------------------------------


def channel_shuffle(x: torch.Tensor, groups: int) -> torch.Tensor:
    b, c, h, w = x.shape
    return x.view(b, groups, c // groups, h, w).transpose(1, 2).reshape(b, c, h, w)


class _ShuffleUnit(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        branch = cout // 2
        self.stride = stride
        if stride == 2:
            self.left = nn.Sequential(conv_bn(cin, cin, 3, 2, groups=cin, act=None), conv_bn(cin, branch, 1))
        self.right = nn.Sequential(conv_bn(cin if stride == 2 else branch, branch, 1),
                                   conv_bn(branch, branch, 3, stride, groups=branch, act=None),
                                   conv_bn(branch, branch, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.stride == 1:
            a, b = x.chunk(2, dim=1)
            out = torch.cat((a, self.right(b)), 1)
        else:
            out = torch.cat((self.left(x), self.right(x)), 1)
        return channel_shuffle(out, 2)


class ShuffleNetV2(nn.Module):
    """ShuffleNetV2 0.5x (Ma et al. 2018): channel split, concat, channel shuffle."""

    def __init__(self, stages: tuple[int, ...] = (48, 96, 192), repeats: tuple[int, ...] = (2, 4, 2),
                 classes: int = 10) -> None:
        super().__init__()
        layers: list[nn.Module] = [conv_bn(3, 24, 3, 2), nn.MaxPool2d(3, 2, 1)]
        cin = 24
        for cout, n in zip(stages, repeats):
            layers += [_ShuffleUnit(cin if i == 0 else cout, cout, 2 if i == 0 else 1) for i in range(n)]
            cin = cout
        layers.append(conv_bn(cin, 256, 1))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(256, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x).mean((2, 3)))


class _Fire(nn.Module):
    def __init__(self, cin: int, squeeze: int, expand: int) -> None:
        super().__init__()
        self.squeeze = nn.Conv2d(cin, squeeze, 1)
        self.e1 = nn.Conv2d(squeeze, expand, 1)
        self.e3 = nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.relu(self.squeeze(x))
        return torch.cat((F.relu(self.e1(s)), F.relu(self.e3(s))), 1)


class SqueezeNet(nn.Module):
    """SqueezeNet 1.1 (Iandola et al. 2016) at half width: fire modules, ceil-mode max pools, conv classifier."""

    def __init__(self, classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True),
            _Fire(32, 8, 32), _Fire(64, 8, 32), nn.MaxPool2d(3, 2, ceil_mode=True),
            _Fire(64, 16, 64), _Fire(128, 16, 64), nn.MaxPool2d(3, 2, ceil_mode=True),
            _Fire(128, 24, 96), _Fire(192, 24, 96), _Fire(192, 32, 128), _Fire(256, 32, 128))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(256, classes, 1), nn.ReLU(),
                                        nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


class ResNet18(nn.Module):
    """ResNet-18 (He et al. 2016): 7x7 stem, max pool, four stages of two basic blocks, at a width."""

    def __init__(self, width: int = 16, classes: int = 10) -> None:
        super().__init__()
        self.stem = nn.Sequential(conv_bn(3, width, 7, 2), nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], width
        for i, mult in enumerate((1, 2, 4, 8)):
            blocks += [_ResBlock(cin, width * mult, 1 if i == 0 else 2), _ResBlock(width * mult, width * mult, 1)]
            cin = width * mult
        self.stages = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.stages(self.stem(x)), 1), 1))


class _RegNetBlock(nn.Module):
    """RegNetX's bottleneck: 1x1, grouped 3x3 (group width g), 1x1, projection shortcut when needed."""

    def __init__(self, cin: int, cout: int, stride: int, group_width: int) -> None:
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cout, 1), conv_bn(cout, cout, 3, stride, groups=cout // group_width),
                                  conv_bn(cout, cout, 1, act=None))
        self.shortcut = (nn.Identity() if stride == 1 and cin == cout else conv_bn(cin, cout, 1, stride, act=None))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.body(x) + self.shortcut(x))


class RegNetX(nn.Module):
    """RegNetX-200MF-style (Radosavovic et al. 2020): widths 24-56-152-368, group width 8, reduced depth."""

    def __init__(self, widths: tuple[int, ...] = (24, 56, 152, 368), depths: tuple[int, ...] = (1, 1, 2, 2),
                 group_width: int = 8, classes: int = 10) -> None:
        super().__init__()
        layers: list[nn.Module] = [conv_bn(3, 32, 3, 2)]
        cin = 32
        for w, d in zip(widths, depths):
            layers += [_RegNetBlock(cin if i == 0 else w, w, 2 if i == 0 else 1, group_width) for i in range(d)]
            cin = w
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


# --- ConvNeXt and Swin -----------------------------------------------------------------------


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of an NCHW tensor, through a permute (ConvNeXt's channels_first form)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class _ConvNeXtBlock(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))
        self.gamma = nn.Parameter(torch.full((dim,), 0.5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dw(x).permute(0, 2, 3, 1)
        y = self.gamma * self.mlp(self.norm(y))
        return x + y.permute(0, 3, 1, 2)


class ConvNeXt(nn.Module):
    """ConvNeXt (Liu et al. 2022): patchify stem, depthwise 7x7, LayerNorm over channels, GELU MLP, layer scale."""

    def __init__(self, dims: tuple[int, ...] = (24, 48, 96), depths: tuple[int, ...] = (1, 1, 2),
                 classes: int = 10) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Conv2d(3, dims[0], 4, 4), LayerNorm2d(dims[0], eps=1e-6)]
        for i, (dim, depth) in enumerate(zip(dims, depths)):
            if i:
                layers += [LayerNorm2d(dims[i - 1], eps=1e-6), nn.Conv2d(dims[i - 1], dim, 2, 2)]
            layers += [_ConvNeXtBlock(dim) for _ in range(depth)]
        self.features = nn.Sequential(*layers)
        self.norm = nn.LayerNorm(dims[-1], eps=1e-6)
        self.fc = nn.Linear(dims[-1], classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.norm(self.features(x).mean((2, 3))))


class _WindowAttention(nn.Module):
    """Multi-head self-attention inside non-overlapping windows, with a learned relative position bias."""

    def __init__(self, dim: int, heads: int, window: int) -> None:
        super().__init__()
        self.heads, self.window = heads, window
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.bias = nn.Parameter(torch.randn(heads, window * window, window * window) * 0.02)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q * (c // self.heads) ** -0.5) @ k.transpose(-2, -1) + self.bias
        return self.proj((attn.softmax(-1) @ v).transpose(1, 2).reshape(b, n, c))


class _SwinBlock(nn.Module):
    def __init__(self, dim: int, heads: int, window: int, shift: int) -> None:
        super().__init__()
        self.window, self.shift = window, shift
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = _WindowAttention(dim, heads, window)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, h, w, c = x.shape
        y = self.norm1(x)
        if self.shift:
            y = torch.roll(y, (-self.shift, -self.shift), (1, 2))
        s = self.window
        y = y.reshape(b, h // s, s, w // s, s, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, s * s, c)
        y = self.attn(y).reshape(b, h // s, w // s, s, s, c).permute(0, 1, 3, 2, 4, 5).reshape(b, h, w, c)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        x = x + y
        return x + self.mlp(self.norm2(x))


class Swin(nn.Module):
    """Swin-style (Liu et al. 2021): patch embedding, windowed and shifted-window attention, patch merging.

    The shifted block rolls the tokens but, to stay compact, leaves out the attention mask of the
    wrapped-around border (the data movement is the part a compiler meets).
    """

    def __init__(self, dim: int = 32, heads: int = 2, window: int = 4, classes: int = 10) -> None:
        super().__init__()
        self.embed = nn.Conv2d(3, dim, 4, 4)
        self.stage1 = nn.Sequential(_SwinBlock(dim, heads, window, 0), _SwinBlock(dim, heads, window, window // 2))
        self.merge_norm = nn.LayerNorm(4 * dim)
        self.merge = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.stage2 = nn.Sequential(_SwinBlock(2 * dim, 2 * heads, window, 0))
        self.norm = nn.LayerNorm(2 * dim)
        self.fc = nn.Linear(2 * dim, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stage1(self.embed(x).permute(0, 2, 3, 1))
        x = torch.cat((x[:, 0::2, 0::2], x[:, 1::2, 0::2], x[:, 0::2, 1::2], x[:, 1::2, 1::2]), -1)
        x = self.stage2(self.merge(self.merge_norm(x)))
        return self.fc(self.norm(x.mean((1, 2))))


# --- vision transformers, MLP, text recognizer -----------------------------------------------


class _SDPABlock(nn.Module):
    """Pre-norm encoder block with separate Q/K/V projections and F.scaled_dot_product_attention."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.q, self.k, self.v, self.o = (nn.Linear(dim, dim) for _ in range(4))
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, c = x.shape
        y = self.norm1(x)
        q, k, v = (p(y).reshape(b, n, self.heads, c // self.heads).transpose(1, 2) for p in (self.q, self.k, self.v))
        x = x + self.o(F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, c))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    """A small ViT: conv patch embedding, learned positions, pre-norm blocks, class token or mean pooling.

    `attention` 'mha' uses nn.TransformerEncoderLayer (nn.MultiheadAttention inside), 'sdpa' the
    block above with separate Q/K/V projections and scaled_dot_product_attention.
    """

    def __init__(self, image: int = 32, patch: int = 4, dim: int = 48, depth: int = 2, heads: int = 4,
                 attention: str = "mha", pool: str = "mean", classes: int = 10) -> None:
        super().__init__()
        tokens = (image // patch) ** 2 + (pool == "cls")
        self.pool = pool
        self.embed = nn.Conv2d(3, dim, patch, patch)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.02) if pool == "cls" else None
        self.pos = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        self.blocks = nn.Sequential(*(
            nn.TransformerEncoderLayer(dim, heads, 2 * dim, 0.0, "gelu", batch_first=True, norm_first=True)
            if attention == "mha" else _SDPABlock(dim, heads) for _ in range(depth)))
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.embed(x).flatten(2).transpose(1, 2)
        if self.cls is not None:
            x = torch.cat((self.cls.expand(x.shape[0], -1, -1), x), 1)
        x = self.norm(self.blocks(x + self.pos))
        return self.fc(x[:, 0] if self.pool == "cls" else x.mean(1))


class MLP(nn.Module):
    """A plain multilayer perceptron on flattened 28x28 images."""

    def __init__(self, sizes: tuple[int, ...] = (784, 256, 128, 10)) -> None:
        super().__init__()
        layers: list[nn.Module] = [nn.Flatten()]
        for i, (cin, cout) in enumerate(itertools.pairwise(sizes)):
            layers += [nn.Linear(cin, cout)] + ([nn.ReLU()] if i < len(sizes) - 2 else [])
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class TextRecognizer(nn.Module):
    """A CRNN-style line recognizer: conv stack with hard-swish, columns as tokens, transformer encoder,
    per-column class scores (CTC alphabet). Input: a 32x128 grey line image."""

    def __init__(self, dim: int = 64, heads: int = 4, depth: int = 2, classes: int = 37) -> None:
        super().__init__()
        self.convs = nn.Sequential(conv_bn(1, 16, 3, act=nn.Hardswish), nn.MaxPool2d(2),
                                   conv_bn(16, 32, 3, act=nn.Hardswish), nn.MaxPool2d(2),
                                   conv_bn(32, dim, 3, act=nn.Hardswish), nn.MaxPool2d((2, 1)),
                                   conv_bn(dim, dim, 3, act=nn.Hardswish), nn.MaxPool2d((4, 1)))
        self.pos = nn.Parameter(torch.randn(1, 32, dim) * 0.02)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(dim, heads, 2 * dim, 0.0, "gelu", batch_first=True), depth,
            enable_nested_tensor=False)
        self.fc = nn.Linear(dim, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.convs(x).squeeze(2).transpose(1, 2)
        return self.fc(self.encoder(x + self.pos))


class TCResNet(nn.Module):
    """TC-ResNet8 (Choi et al. 2019) keyword spotting: MFCC coefficients as channels, 1-D temporal convs."""

    def __init__(self, mfcc: int = 40, widths: tuple[int, ...] = (16, 24, 32, 48), classes: int = 12) -> None:
        super().__init__()
        self.stem = nn.Conv1d(mfcc, widths[0], 3, padding=1, bias=False)
        blocks = []
        for cin, cout in itertools.pairwise(widths):
            blocks.append(_Res1d(cin, cout))
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(widths[-1], classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.blocks(self.stem(x)).mean(-1))


class _Res1d(nn.Module):
    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv1d(cin, cout, 9, 2, 4, bias=False), nn.BatchNorm1d(cout), nn.ReLU(),
                                  nn.Conv1d(cout, cout, 9, 1, 4, bias=False), nn.BatchNorm1d(cout))
        self.shortcut = nn.Sequential(nn.Conv1d(cin, cout, 1, 2, bias=False), nn.BatchNorm1d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.body(x) + self.shortcut(x))


class UNetTiny(nn.Module):
    """A two-level U-Net for segmentation: strided encoder, nearest upsampling (Resize), skip concat."""

    def __init__(self, width: int = 8, classes: int = 3) -> None:
        super().__init__()
        self.enc1 = conv_bn(3, width)
        self.enc2 = conv_bn(width, 2 * width, 3, 2)
        self.mid = conv_bn(2 * width, 4 * width, 3, 2)
        self.dec2 = conv_bn(6 * width, 2 * width)
        self.dec1 = conv_bn(3 * width, width)
        self.out = nn.Conv2d(width, classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        m = F.interpolate(self.mid(e2), scale_factor=2.0, mode="nearest")
        d2 = F.interpolate(self.dec2(torch.cat((m, e2), 1)), scale_factor=2.0, mode="nearest")
        return self.out(self.dec1(torch.cat((d2, e1), 1)))
