"""ONNX backend node tests through ferry: import -> codegen -> g++ -> runner -> compare.

Runs every single-node test case of `onnx.backend.test.case.node` whose op ferry lists as
supported, and prints the pass count per op and the reason of every failure. With --target, an
emulated target file (targets/cortex_m55.yaml), each case is cross-compiled with the target's
flags and run in QEMU instead of on the host.

    python -m bench.onnx_conformance [--ops Conv,Relu] [--json results.json] [--jobs 2] [--target T]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import onnx

from ferry.core.errors import FerryError
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.ops import SUPPORTED_OPS
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import run_firmware
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.toolchain.hostrun import run_samples

FLAGS = ["-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror"]

# Inputs ferry requires to be constants (shapes, axes, pads, scales: everything that decides an
# output shape or a loop bound). The node tests feed them as graph inputs; a real model carries
# them as initializers, so the harness freezes them with the test's own values.
CONSTANT_INPUTS = {
    "Reshape": (1,), "Slice": (1, 2, 3, 4), "Pad": (1, 2, 3), "Squeeze": (1,), "Unsqueeze": (1,),
    "Resize": (1, 2, 3), "Clip": (1, 2), "ReduceMean": (1,), "ReduceSum": (1,), "Split": (1,),
    "Gather": (1,),
}


def freeze_constant_inputs(model: onnx.ModelProto, values: list[np.ndarray]) -> onnx.ModelProto:
    """The case's model with its constant-required graph inputs turned into initializers."""
    frozen = onnx.ModelProto()
    frozen.CopyFrom(model)
    node = frozen.graph.node[0]
    slots = CONSTANT_INPUTS.get(node.op_type, ())
    names = {node.input[i] for i in slots if i < len(node.input) and node.input[i]}
    by_name = dict(zip([i.name for i in model.graph.input], values))
    kept = [i for i in frozen.graph.input if i.name not in names]
    frozen.graph.initializer.extend(
        onnx.numpy_helper.from_array(np.asarray(by_name[n]), n) for n in sorted(names))
    del frozen.graph.input[:]
    frozen.graph.input.extend(kept)
    return frozen


def collect(ops: set[str]) -> list:
    from onnx.backend.test.case.node import collect_testcases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = collect_testcases(None)
    return [
        c for c in cases
        if c.kind == "node" and len(c.model.graph.node) == 1 and c.model.graph.node[0].op_type in ops
    ]


def run_case(case, target: TargetSpec | None = None) -> tuple[str, str, str]:
    """(op, case name, '' on success or the reason of the failure)."""
    op = case.model.graph.node[0].op_type
    try:
        with tempfile.TemporaryDirectory(prefix="ferry-conf-") as scratch:
            work = Path(scratch)
            for inputs, expected in case.data_sets:
                onnx.save(freeze_constant_inputs(case.model, inputs), str(work / "case.onnx"))
                model, _ = import_model(work / "case.onnx", case.name, {})
                onnx.save(model, str(work / "imported.onnx"))
                manifest = generate_package(work / "imported.onnx", "case", work / "package")
                feeds = dict(zip([i.name for i in case.model.graph.input], inputs))
                sample = {port.onnx_name: feeds[port.onnx_name] for port in manifest.inputs}
                if target is None:
                    runner = build_host(work / "package", work / "build", "g++", FLAGS)
                    got = run_samples(runner, manifest, [sample])[0]
                else:
                    assert target.emulator is not None
                    build_cross(work / "package", work / "build", target, [], host_reference=False)
                    got = run_firmware(work / "build" / "firmware.elf", target.emulator, manifest, [sample])[0]
                for port, want in zip(manifest.outputs, expected):
                    np.testing.assert_allclose(got[port.onnx_name], want, rtol=case.rtol,
                                               atol=case.atol)
        return op, case.name, ""
    except FerryError as error:
        return op, case.name, str(error).strip().splitlines()[-1][:200]
    except AssertionError as error:
        lines = [ln for ln in str(error).splitlines() if "Max absolute" in ln or "Mismatched" in ln]
        return op, case.name, "mismatch: " + "; ".join(x.strip() for x in lines)
    except Exception as error:  # noqa: BLE001 - a crash in one case must not stop the run
        return op, case.name, f"{type(error).__name__}: {error}"[:200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", help="comma-separated op types (default: every supported op)")
    parser.add_argument("--cases", help="comma-separated node test names of those ops (default: all)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--target", type=Path, help="an emulated target file: run each case in QEMU")
    args = parser.parse_args()
    ops = set(args.ops.split(",")) if args.ops else set(SUPPORTED_OPS)
    cases = collect(ops)
    if args.cases:
        cases = [case for case in cases if case.name in set(args.cases.split(","))]
    target = load_model(args.target, TargetSpec) if args.target else None
    with ProcessPoolExecutor(args.jobs) as pool:
        results = sorted(pool.map(run_case, cases, [target] * len(cases), chunksize=1))
    per_op: dict[str, list[int]] = {}
    for op, _, reason in results:
        counts = per_op.setdefault(op, [0, 0])
        counts[0] += not reason
        counts[1] += 1
    print(f"{'op':<20} passed / cases")
    for op, (passed, total) in sorted(per_op.items()):
        print(f"{op:<20} {passed:>6} / {total}")
    passed = sum(p for p, _ in per_op.values())
    total = sum(t for _, t in per_op.values())
    print(f"{'TOTAL':<20} {passed:>6} / {total}  ({100.0 * passed / max(total, 1):.1f}%)")
    failures = [(op, name, reason) for op, name, reason in results if reason]
    if failures:
        print("\nfailures:")
        for op, name, reason in failures:
            print(f"  {name} [{op}]: {reason}")
    if args.json:
        args.json.write_text(json.dumps(
            {"passed": passed, "total": total, "per_op": per_op, "cases": sorted(name for _, name, _ in results),
             "failures": [{"op": o, "case": n, "reason": r} for o, n, r in failures]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
