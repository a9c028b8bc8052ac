"""Compile stage: the generated package built for one target: on the host (host and simulated
targets: stages/host_build.py) or cross-compiled for a microcontroller (stages/embedded/build.py)."""

from __future__ import annotations

from ferry.engine.contracts import CompileFiles, Figures, StageCall
from ferry.schemas.pipeline import CompileStage
from ferry.stages.embedded.build import build_cross
from ferry.stages.host_build import build_host


def run_compile(call: StageCall[CompileStage, CompileFiles]) -> Figures:
    """The compile stage's entry point (ferry/engine/registry.py): build/ with the library, the
    runners and, for a cross target, the firmware and sizes.json."""
    target = call.require_target()
    if target.cross_compiled:
        build = build_cross(call.files.package, call.out_dir / "build", target, call.params.extra_flags, profile=True)
        return {"text_bytes": build.library.text_bytes, "data_bytes": build.library.data_bytes,
                "bss_bytes": build.library.bss_bytes, "flash_bytes": build.library.flash_bytes,
                "sram_bytes": build.library.sram_bytes}
    flags = [*target.compiler.flags, *call.params.extra_flags]
    runner = build_host(call.files.package, call.out_dir / "build", target.compiler.cxx, flags, target.compiler.ar,
                        profile=target.kind == "host")
    return {"runner_bytes": runner.stat().st_size}
