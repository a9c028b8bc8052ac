"""The sparsity figures of the digits example: accuracy of pruned int8 models (with and without
the refit, both stage orders), weight bytes and executed MACs of the generated code (counted by
an instrumented build), and channel pruning's smaller dense model.

    python -m bench.sparsity
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from ferry.stages.simulate.counting import count_total_macs

ROOT = Path(__file__).resolve().parents[1]

HEAD = f"""\
pipeline: digits
models:
  - name: digits_cnn
    onnx: {ROOT}/models/digits_cnn.onnx
    input_shapes: {{input: [1, 1, 8, 8]}}
    calibration: {{path: {ROOT}/models/digits_calib.npz, inputs: {{input: x}}, labels: y}}
    validation: {{path: {ROOT}/models/digits_val.npz, inputs: {{input: x}}, labels: y}}
targets: [{ROOT}/targets/host.yaml@CROSS@]
stages:
  - kind: import
"""
QUANTIZE = "  - kind: quantize\n"
TAIL = "  - kind: codegen\n  - kind: compile\n  - kind: evaluate\n"

RUNS = {
    "50% refit": "  - kind: sparsify\n    sparsity: 0.5\n" + QUANTIZE,
    "50% no refit": "  - kind: sparsify\n    sparsity: 0.5\n    refit: false\n" + QUANTIZE,
    "75% global": "  - kind: sparsify\n    sparsity: 0.75\n    allocation: global\n" + QUANTIZE,
    "2:4": "  - kind: sparsify\n    method: n_m\n" + QUANTIZE,
    "int8 then 2:4": QUANTIZE + "  - kind: sparsify\n    method: n_m\n",
    "channels 25%": "  - kind: sparsify\n    method: channels\n    sparsity: 0.25\n" + QUANTIZE,
}


CROSS = "50% refit"  # also cross-compiled for the Cortex-M55 and run in QEMU


def build(name: str, compression: str, scratch: Path) -> Path:
    folder = scratch / name.replace(" ", "_").replace("%", "").replace(":", "_")
    folder.mkdir()
    cross = f", {ROOT}/targets/cortex_m55.yaml" if name == CROSS else ""
    (folder / "pipeline.yaml").write_text(HEAD.replace("@CROSS@", cross) + compression + TAIL)
    subprocess.run([sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(folder),
                    f"pipeline={folder / 'pipeline.yaml'}"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return folder / "outputs" / "digits" / "digits_cnn"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ferry-sparsity-") as scratch_dir:
        scratch = Path(scratch_dir)
        results = {}
        for name, compression in RUNS.items():
            base = build(name, compression, scratch)
            report = json.loads((base / "host" / "report.json").read_text())
            results[name] = (base, report)
        dense_fp32 = results["50% refit"][1]["sparsity"]["accuracy"]["dense"]
        print(f"digits_cnn, 360 validation samples; fp32 dense top-1 {dense_fp32:.4f}")
        print("top-1 of the int8 C++ (bit-exact with the golden model in every run):")
        for name, (_, report) in results.items():
            sparsity, accuracy = report["sparsity"], report["accuracy"]
            exact = report["compare"]["int8"]["cpp_vs_golden_mismatches"] == 0
            print(f"  {name:14s} sparsity {100 * sparsity['sparsity']:5.1f}%  int8 C++ {accuracy['cpp_top1']:.4f} "
                  f"({100 * (accuracy['cpp_top1'] - dense_fp32):+.2f} points vs fp32)  float pruned "
                  f"{sparsity['accuracy']['pruned']:.4f} / refit {sparsity['accuracy']['refit']:.4f}"
                  f"{'' if exact else '  C++ != golden!'}")
        for name in ("50% refit", "75% global"):
            memory = results[name][1]["memory"]
            weights = sum(layer["bytes"] for layer in memory["weight_storage"])
            dense = sum(layer["dense_bytes"] for layer in memory["weight_storage"])
            formats = ", ".join(sorted({layer["format"] for layer in memory["weight_storage"]}))
            print(f"weight bytes at {name}: weight arrays {weights:,} / {dense:,} dense = {weights / dense:.3f}x "
                  f"({formats}); all constants (with bias, multipliers, shifts) {memory['weights_bytes']:,} / "
                  f"{memory['weights_bytes_dense']:,} = {memory['weights_bytes'] / memory['weights_bytes_dense']:.3f}x")
        base, report = results["50% refit"]
        storage = report["memory"]["weight_storage"]
        counted = count_total_macs(base / "codegen" / "package", scratch / "count")
        executed, dense = sum(layer["macs"] for layer in storage), sum(layer["dense_macs"] for layer in storage)
        assert counted == executed, (counted, executed)  # every kernel, sparse or dense, counts
        print(f"MACs at 50%: {counted:,} counted by the instrumented build (= codegen's {executed:,}) "
              f"of {dense:,} dense = {counted / dense:.3f}x")
        embedded = json.loads((results[CROSS][0] / "cortex_m55" / "report.json").read_text())["embedded"]
        print(f"Cortex-M55 (QEMU) at 50%: {embedded['qemu_mismatches']} outputs differ from the host build, "
              f"{embedded['golden_mismatches']} from the golden model ({embedded['samples']} samples); library "
              f"text {embedded['text_bytes']:,} B, bss {embedded['bss_bytes']:,} B")
        base, report = results["channels 25%"]
        sparsity = report["sparsity"]
        compare = report["compare"]["int8"]
        print(f"channels 25%: parameters {sparsity['params_before']:,} -> {sparsity['params_after']:,} "
              f"({sparsity['params_after'] / sparsity['params_before']:.3f}x), MACs {sparsity['macs_before']:,} -> "
              f"{sparsity['macs_after']:,} ({sparsity['macs_after'] / sparsity['macs_before']:.3f}x); C++ vs golden "
              f"mismatches {compare['cpp_vs_golden_mismatches']}; weights stored "
              f"{', '.join(sorted({stored['format'] for stored in report['memory']['weight_storage']}))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
