"""A public sanity anchor: published MLPerf Tiny latencies of ResNet-8 (image classification),
DS-CNN (keyword spotting) and the visual-wake-words MobileNetV1 on Cortex-M4, M7, M33 and a
Helium part, against ferry's estimate for the same networks on the target file describing a
matching core.

    python -m bench.mlperf_tiny [--work DIR]

The published figures are the closed-division performance results (median throughput; latency =
1 / throughput) in MLCommons' results repositories, each row naming its file. They ran the
trained MLPerf models; ferry's are the same architectures with random weights (the corpus
script), which execute the same MACs. ferry's figures come from the reports of the pipeline
(bench/mcu_models.py): the cost model's estimate and the instructions measured in QEMU, both
turned into time by the target file's stated (ASSUMED) cycles per instruction at the published
part's clock. Cycles per MAC compare the code independently of the clock.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import mcu_models

NETWORKS = {"resnet8": "ic", "ds_cnn": "kws", "mobilenet_v1_vww": "vww"}


@dataclass(frozen=True)
class Published:
    network: str  # ferry's corpus name
    part: str
    core: str
    clock_mhz: float
    inferences_per_s: float  # the results file's median throughput
    stack: str
    source: str  # the results file
    target: str  # ferry's target file for the same core

    @property
    def latency_ms(self) -> float:
        return 1e3 / self.inferences_per_s


V11 = "mlcommons/tiny_results_v1.1"
V12 = "mlcommons/tiny_results_v1.2"
X_CUBE = "X-CUBE-AI 8.0 (Krai)"
HALE = "Bosch HALE 1.0, GCC 12.2"
TFLM = "TFLite Micro + CMSIS-NN (Helium), LLVM 17"
# (network, part, core, MHz, inferences/s, stack, results file, ferry target)
PUBLISHED = [Published(*row) for row in [
    ("resnet8", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 4.505, X_CUBE, f"{V11} closed/Krai/results/README.md", "cortex_m4"),
    ("ds_cnn", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 13.759, X_CUBE, f"{V11} closed/Krai/results/README.md", "cortex_m4"),
    ("mobilenet_v1_vww", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 4.522, X_CUBE, f"{V11} closed/Krai/results/README.md",
     "cortex_m4"),
    ("resnet8", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 2.567, "microTVM + CMSIS-NN (Krai)",
     f"{V11} closed/Krai/results/README.md", "cortex_m4"),
    ("ds_cnn", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 10.019, "microTVM + CMSIS-NN (Krai)",
     f"{V11} closed/Krai/results/README.md", "cortex_m4"),
    ("mobilenet_v1_vww", "NUCLEO-L4R5ZI", "Cortex-M4", 120, 3.324, "microTVM + CMSIS-NN (Krai)",
     f"{V11} closed/Krai/results/README.md", "cortex_m4"),
    ("resnet8", "DISCO-F746NG", "Cortex-M7", 216, 16.242, HALE,
     f"{V11} closed/bosch/results/DISCO_F746NG/ic/performance/results.txt", "cortex_m7"),
    ("ds_cnn", "DISCO-F746NG", "Cortex-M7", 216, 54.293, HALE,
     f"{V11} closed/bosch/results/DISCO_F746NG/kws/performance/results.txt", "cortex_m7"),
    ("mobilenet_v1_vww", "DISCO-F746NG", "Cortex-M7", 216, 17.490, HALE,
     f"{V11} closed/bosch/results/DISCO_F746NG/vww/performance/results.txt", "cortex_m7"),
    ("resnet8", "NUCLEO-U575ZI", "Cortex-M33", 160, 8.493, HALE,
     f"{V11} closed/bosch/results/NUCLEO_U575ZI/ic/performance/results.txt", "cortex_m33"),
    ("ds_cnn", "NUCLEO-U575ZI", "Cortex-M33", 160, 25.166, HALE,
     f"{V11} closed/bosch/results/NUCLEO_U575ZI/kws/performance/results.txt", "cortex_m33"),
    ("mobilenet_v1_vww", "NUCLEO-U575ZI", "Cortex-M33", 160, 8.715, HALE,
     f"{V11} closed/bosch/results/NUCLEO_U575ZI/vww/performance/results.txt", "cortex_m33"),
    # No CPU-only Cortex-M55 result is in the v0.5-v1.3 repositories; the nearest Helium core is
    # the Cortex-M85 (wider issue than the M55: cycles per MAC compare, milliseconds do not).
    ("resnet8", "EK-RA8D1", "Cortex-M85 (Helium)", 480, 117.948, TFLM,
     f"{V12} closed/Renesas/results/EK-RA8D1/ic/performance/results.txt", "cortex_m55"),
    ("ds_cnn", "EK-RA8D1", "Cortex-M85 (Helium)", 480, 288.611, TFLM,
     f"{V12} closed/Renesas/results/EK-RA8D1/kws/performance/results.txt", "cortex_m55"),
    ("mobilenet_v1_vww", "EK-RA8D1", "Cortex-M85 (Helium)", 480, 74.665, TFLM,
     f"{V12} closed/Renesas/results/EK-RA8D1/vww/performance/results.txt", "cortex_m55"),
]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=mcu_models.DEFAULT_WORK)
    args = parser.parse_args()
    names = list(NETWORKS)
    spec = mcu_models.write_spec(args.work, names)
    mcu_models.build(spec, args.work / "out")
    reports = mcu_models.reports(args.work / "out", names)
    print(f"{'network':17} {'part (core, MHz)':38} {'stack':30} {'published ms':>12} {'cyc/MAC':>7} | "
          f"{'ferry target':11} {'est ms':>8} {'meas ms':>8} {'cyc/MAC':>7} {'est/publ':>9}")
    for row in PUBLISHED:
        report = reports[(row.network, row.target)]
        assert report.profile is not None and report.profile.error is not None
        error = report.profile.error
        cpi = error.cycles_per_instruction
        macs = report.summary.macs
        estimate_ms = error.estimated_instructions * cpi / (row.clock_mhz * 1e3)
        measured_ms = error.measured_instructions * cpi / (row.clock_mhz * 1e3)
        published_cycles = row.latency_ms * row.clock_mhz * 1e3
        print(f"{row.network:17} {f'{row.part} ({row.core}, {row.clock_mhz:g})':38} {row.stack[:30]:30} "
              f"{row.latency_ms:12.2f} {published_cycles / macs:7.2f} | {row.target:11} {estimate_ms:8.2f} "
              f"{measured_ms:8.2f} {error.estimated_instructions * cpi / macs:7.2f} "
              f"{estimate_ms / row.latency_ms:8.1f}x")
    print("sources (median throughput of the closed-division performance run):")
    for source in dict.fromkeys(row.source for row in PUBLISHED):
        print(f"  {source}")
    print("ferry: est = cost model (targets/<target>.yaml), meas = instructions measured in QEMU; both x the "
          "target's stated CPI (ASSUMED) at the published part's clock. MACs: ferry's count of the network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
