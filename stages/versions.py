"""Each task kind's implementation version: part of every task's `config_changed` and stage-cache
key, so a bump re-runs that stage everywhere and restores nothing the old code stored.

Bump a stage's number when the same inputs and params give different outputs. The table lives
apart from the stage code so that loading the task graph, which every doit run does (a no-op
included), imports none of it.
"""

VERSIONS: dict[str, int] = {
    "intake": 1,
    "import": 2,
    "sparsify": 1,
    "calibrate": 3,  # calibrate and quantize share the quantize stage's version
    "quantize": 4,  # 4: a MatMul's bias Add is fused (int32 bias, no Q/DQ on the product)
    "codegen": 8,  # 7: a MatMul and its bias Add become one QGemm; 8: FERRY_LAYER hooks, profile.cpp
    "compile": 3,  # 3: profiling builds (firmware_profile.elf, host runner_profile)
    "evaluate": 4,  # 4: profile.json (per-layer measured profile)
    "simulate": 4,  # 4: mcu cost model (calibrated kernel costs), MAC rate check
    "report": 7,  # 6: origin (a model received in a bundle); 7: profile, model error, measured verdict
    "bundle": 3,  # 2: the manifest names the shipped model (ferry-bundle/2); 3: provenance in a DSSE envelope
    "sweep": 1,
}
