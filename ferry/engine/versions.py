"""Each task kind's implementation version: part of every task's `config_changed` and stage-cache
key, so a bump re-runs that stage everywhere and restores nothing the old code stored.

Bump a stage's number when the same inputs and params give different outputs. The table lives
apart from the stage code so that loading the task graph, which every doit run does (a no-op
included), imports none of it.
"""

VERSIONS: dict[str, int] = {
    "intake": 1,
    "import": 3,  # 3: QuantizeLinear of a constant folds (QDQ models from other tools)
    "sparsify": 1,
    "calibrate": 4,  # calibrate and quantize share the quantize stage's version; 4: channel sums reordered
    "quantize": 5,  # 4: a MatMul's bias Add is fused; 5: the budget is measured on the integer program (golden model)
    "codegen": 9,  # 8: FERRY_LAYER hooks, profile.cpp; 9: AveragePool rounds once, LayerNorm root with fraction bits, elementwise chains as tables
    "compile": 3,  # 3: profiling builds (firmware_profile.elf, host runner_profile)
    "evaluate": 5,  # 4: profile.json; 5: per-element fp32 tolerance, float_onnx reference, streamed tallies
    "simulate": 4,  # 4: mcu cost model (calibrated kernel costs), MAC rate check
    "report": 8,  # 7: profile, model error, measured verdict; 8: what the layer check verified, counted; the reference of a model that arrived quantized
    "bundle": 3,  # 2: the manifest names the shipped model (ferry-bundle/2); 3: provenance in a DSSE envelope
    "sweep": 1,
}
