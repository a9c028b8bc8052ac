"""The onnx package's nine model-zoo "light" models through ferry's fp32 path, against onnxruntime.

Each model (opset 9, IR version 3) is imported, generated, compiled with the host target's flags
and run on the input onnx's test runner feeds (arange(n)/n), twice: with the weights as shipped
(one value per tensor: every logit equal, so the output range is 0 and the error is relative to
the largest magnitude instead) and
with seeded random weights (bench/light.py). One row per model: parameters, import ok, the
largest error of the C++ outputs (the softmax and the logits before it) against onnxruntime on the
same model and input, relative to that output's range, and the seconds of import + codegen +
compile + one run. Passing means within 1e-4 of the range (the float-layer tolerance of evaluate).

    python -m bench.onnx_light [--models squeezenet,vgg19] [--weights random|shipped|both] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from bench.light import NAMES, LightResult, run_light
from ferry.core.errors import FerryError
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec

TOLERANCE = 1e-4  # of the output range
HOST = Path(__file__).resolve().parents[1] / "targets" / "host.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(NAMES))
    parser.add_argument("--weights", choices=("shipped", "random", "both"), default="both")
    parser.add_argument("--json", type=Path, help="also write the rows (and failures) here")
    args = parser.parse_args()
    flags = load_model(HOST, TargetSpec).compiler.flags
    kinds = ("shipped", "random") if args.weights == "both" else (args.weights,)
    print(f"{'model':<14} {'params':>12} {'weights':<8} {'import':<7} {'max |err|':>10} "
          f"{'range':>10} {'err/scale':>10} {'seconds':>8}  verdict")
    failed = 0
    rows: list[dict] = []
    for name in args.models.split(","):
        for kind in kinds:
            try:
                result: LightResult = run_light(name, kind, flags)
            except FerryError as error:
                failed += 1
                rows.append({"name": name, "weights": kind, "error": str(error)})
                print(f"{name:<14} {'':>12} {kind:<8} {'FAIL':<7} {str(error).splitlines()[0][:80]}", flush=True)
                continue
            rows.append({**asdict(result), "relative_error": result.relative_error})
            ok = result.relative_error <= TOLERANCE
            failed += not ok
            print(f"{name:<14} {result.params:>12,} {kind:<8} {'ok':<7} {result.max_abs_error:>10.3g} "
                  f"{result.output_range:>10.3g} {result.relative_error:>10.3g} {result.seconds:>8.1f}  "
                  f"{'pass' if ok else 'FAIL'}", flush=True)
    print(f"{'all pass' if not failed else f'{failed} failed'} (tolerance {TOLERANCE:g} of the output range; "
          "with a range of 0, of the largest magnitude)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
