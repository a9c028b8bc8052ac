"""The activation arena of the example and of MobileNetV2-style models against its lower bound,
the greedy-by-size baseline and one buffer per tensor, with and without buffer sharing.

    python -m bench.memory_plan

Target (issue 5): arena <= 1.05 x lower bound, and never above greedy by size.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.mobilenet_v2 import build_package
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.stages.common.memory_plan import BufferRequest, plan_buffers

ROOT = Path(__file__).resolve().parents[1]


def example_package(outputs: Path) -> Path:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
               f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={outputs}", "codegen"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return outputs / "digits/digits_cnn/codegen/package"


def report(name: str, plan: MemoryPlanRecord) -> bool:
    shared = sum(1 for t in plan.tensors if t.shares)
    alone = plan_buffers([BufferRequest(t.name, t.bytes, t.first, t.last) for t in plan.tensors])
    ratio = plan.arena_bytes / plan.arena_lower_bound_bytes
    ok = ratio <= 1.05 and plan.arena_bytes <= plan.arena_greedy_bytes
    print(f"{name}: {len(plan.tensors)} tensors, {shared} sharing a buffer (in place or views)")
    print(f"  arena {plan.arena_bytes:,} B = {ratio:.3f} x lower bound {plan.arena_lower_bound_bytes:,} B; "
          f"greedy by size {plan.arena_greedy_bytes:,} B; one buffer per tensor {plan.arena_naive_bytes:,} B "
          f"[{'ok' if ok else 'MISSED'}]")
    print(f"  without sharing: arena {alone.arena_bytes:,} B (lower bound {alone.lower_bound_bytes:,} B, "
          f"greedy {alone.greedy_bytes:,} B)")
    return ok


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory(prefix="ferry-plan-") as scratch:
        folder = Path(scratch)
        package = example_package(folder / "example")
        ok &= report("digits example", MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text()))
        for size, width in ((224, 0.35), (96, 1.0)):
            work = folder / f"mobilenet_{size}_{width}"
            work.mkdir()
            package = build_package(work, size, width)
            plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
            ok &= report(f"MobileNetV2-style {size}x{size} width {width}", plan)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
