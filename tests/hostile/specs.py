"""Malformed specs: each is the good spec of harness.py with one thing wrong, written over
pipeline.yaml (or a target file) of a project whose import stage is already built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tests.hostile.harness import SPEC, Case, Outcome, play

GOOD = SPEC


def _replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _stage(kind: str, lines: str) -> str:
    """The good spec with `lines` (indented params) added to the stage `kind`."""
    return _replace(f"  - kind: {kind}\n", f"  - kind: {kind}\n{lines}")


def _flags(*flags: str) -> str:
    return _replace("extra_flags: [-O0]", f"extra_flags: [{', '.join(flags)}]")


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9))

# (name, text of pipeline.yaml, phrase of the message, positioned: FILE:LINE[:COL] expected)
SPEC_TEXTS: list[tuple[str, str | bytes, str, bool]] = [
    # YAML itself
    ("tab indentation", _replace("  - name: a\n    onnx", "  - name: a\n\tonnx"), "invalid YAML", True),
    ("unclosed bracket", _replace("[targets/host.yaml]", "[targets/host.yaml"), "invalid YAML", True),
    ("duplicate key", _replace("pipeline: tiny\n", "pipeline: tiny\npipeline: tiny\n"), "duplicate key", True),
    ("mapping as key", _replace("pipeline: tiny\n", "pipeline: tiny\n? {a: 1}\n: x\n"), "plain strings", True),
    ("bad escape", _replace("pipeline: tiny", 'pipeline: "ti\\qny"'), "invalid YAML", True),
    ("billion laughs", LAUGHS + GOOD, "more than 100000 values", True),
    ("recursive alias in a list", "pipeline: &p [*p]\n", "recursive alias", True),
    ("recursive alias in a mapping", "pipeline: &p {again: *p}\n", "recursive alias", True),
    ("5000-deep flow nesting", "pipeline: " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper than 64", True),
    ("100-deep block nesting", "".join("  " * i + f"k{i}:\n" for i in range(100)), "nested deeper than 64", True),
    ("spec over 1 MiB", GOOD + "# " + "x" * (1 << 20) + "\n", "larger than 1048576 bytes", False),
    ("not UTF-8", GOOD.encode() + b"# \xff\xfe\n", "not UTF-8", True),
    ("integer of 5000 digits", _stage("evaluate", f"    max_samples: {'9' * 5000}\n"), "4300 digits", True),
    ("top level is a list", "- pipeline: tiny\n", "expected a mapping", True),
    ("top level is a scalar", "tiny\n", "expected a mapping", True),
    ("empty file", "", "expected a mapping", True),
    ("python object tag", _replace("pipeline: tiny", "pipeline: !!python/object:os.system x"), "invalid YAML", True),
    ("two documents", GOOD + "---\npipeline: other\n", "invalid YAML", True),
    ("NUL byte", _replace("pipeline: tiny", "pipeline: ti\x00ny"), "invalid YAML", True),
    ("undefined alias", _replace("pipeline: tiny", "pipeline: *nowhere"), "invalid YAML", True),
    # the schema
    ("unknown top-level field", GOOD + "pipelines: x\n", "unknown field 'pipelines'", True),
    ("misspelt model field", _replace("    onnx: a.onnx", "    onxx: a.onnx"), "did you mean 'onnx'", True),
    ("missing pipeline name", _replace("pipeline: tiny\n", ""), "missing required field 'pipeline'", True),
    ("no models", GOOD.split("models:")[0] + "models: []\ntargets:" + GOOD.split("targets:")[1],
     "at least 1 item", True),
    ("pipeline name with a path", _replace("pipeline: tiny", "pipeline: ../escape"), "should match pattern", True),
    ("model name with a slash", _replace("  - name: a\n", "  - name: a/b\n"), "should match pattern", True),
    ("pipeline name not a string", _replace("pipeline: tiny", "pipeline: [1, 2]"), "valid string", True),
    ("model file missing", _replace("onnx: a.onnx", "onnx: missing.onnx"), "file not found", True),
    ("both onnx and bundle", _replace("    onnx: a.onnx\n", "    onnx: a.onnx\n    bundle: a.onnx\n"),
     "exactly one of", True),
    ("target file missing", _replace("targets/host.yaml]", "targets/nope.yaml]"), "file not found", True),
    ("no targets", _replace("[targets/host.yaml]", "[]"), "at least 1 item", True),
    ("no stages", GOOD.split("stages:")[0] + "stages: []\n", "at least 1 item", True),
    ("unknown stage kind", _replace("  - kind: evaluate\n", "  - kind: evaluat\n"), "unknown kind 'evaluat'", True),
    ("stages out of order",
     _replace("  - kind: import\n  - kind: quantize\n", "  - kind: quantize\n  - kind: import\n"),
     "stages must start with import", True),
    ("stage twice", GOOD + "  - kind: evaluate\n", "each once", True),
    ("compile without codegen", _replace("  - kind: codegen\n", ""), "compile stage builds the generated package",
     True),
    ("evaluate without compile", _replace("  - kind: compile\n    extra_flags: [-O0]\n", ""),
     "evaluate stage runs the compiled program", True),
    ("bundle without evaluate", _replace("  - kind: evaluate\n", "  - kind: bundle\n"),
     "bundle stage packs the package", True),
    ("max_accuracy_drop .inf", _stage("quantize", "    max_accuracy_drop: .inf\n"), "finite number", True),
    ("min_output_sqnr_db .nan", _stage("quantize", "    min_output_sqnr_db: .nan\n"), "finite number", True),
    ("range_tolerance -.inf", _stage("evaluate", "    range_tolerance: -.inf\n"), "finite number", True),
    ("percentile .nan", _stage("quantize", "    percentile: .NaN\n"), "finite number", True),
    ("sparsity .inf", _replace("  - kind: quantize\n", "  - kind: sparsify\n    sparsity: .inf\n  - kind: quantize\n"),
     "finite number", True),
    ("flag -fplugin=", _flags("-fplugin=/tmp/evil.so"), "loads a shared object", True),
    ("flag -o", _flags("-o"), "not admitted", True),
    ("flag -wrapper", _flags("-wrapper"), "not admitted", True),
    ("flag -specs=", _flags("-specs=/tmp/evil.specs"), "not admitted", True),
    ("flag @file", _flags("'@/tmp/flags'"), "not admitted", True),
    ("flag -Wl,-T", _flags("'-Wl,-T,/tmp/evil.ld'"), "not admitted", True),
    ("flag -B", _flags("-B/tmp/evil"), "not admitted", True),
    ("flag -I", _flags("-I/etc"), "not admitted", True),
    ("flag -L and -l", _flags("-L/tmp"), "not admitted", True),
    ("flag -include", _flags("-include"), "not admitted", True),
    ("flag -l", _flags("-levil"), "not admitted", True),
    ("flag -fprofile-use=", _flags("-fprofile-use=/tmp/p"), "profile files", True),
    ("flag -fuse-ld=", _flags("-fuse-ld=evil"), "linker program", True),
    ("flag --sysroot=", _flags("--sysroot=/tmp"), "not admitted", True),
    ("flag -save-temps", _flags("-save-temps"), "not admitted", True),
    ("flag with a space", _flags("'-O2 -o /tmp/x'"), "not admitted", True),
    ("input shape negative", _replace("{x: [2, 1, 8, 8]}", "{x: [2, -1, 8, 8]}"), "greater than 0", True),
    ("input shape a string", _replace("{x: [2, 1, 8, 8]}", "{x: [2, one, 8, 8]}"), "valid integer", True),
    ("histogram_bins too few", _stage("quantize", "    histogram_bins: 10\n"), "greater than or equal to 128", True),
    ("samples 0", _stage("quantize", "    samples: 0\n"), "greater than 0", True),
    ("no calibration with quantize", _replace("    calibration: {path: calib.npz}\n", ""),
     "needs calibration data", True),
    ("calibration path is a folder", _replace("{path: calib.npz}", "{path: targets}"), "file not found", True),
    ("validation file missing", _replace("{path: val.npz}", "{path: nope.npz}"), "file not found", True),
    ("unknown calibration method", _stage("quantize", "    calibration: median\n"), "'median' is not allowed", True),
    ("sparsity over 1", _replace("  - kind: quantize\n", "  - kind: sparsify\n    sparsity: 1.5\n  - kind: quantize\n"),
     "less than", True),
    ("sweep of an unknown param", GOOD + "sweep:\n  quantize.nothing: [1, 2]\n", "nothing", True),
    ("sweep value NaN", GOOD + "sweep:\n  evaluate.max_abs_err: [.nan, 0.1]\n", "finite number", True),
    ("embedded_samples a float", _stage("evaluate", "    embedded_samples: 1.0e+100\n"), "integer", True),
]

# (name, text of targets/host.yaml, phrase): the target file is named in the message
HOST = Path(__file__).resolve().parents[2].joinpath("targets", "host.yaml").read_text()


def _target(old: str, new: str) -> str:
    assert old in HOST, old
    return HOST.replace(old, new, 1)


# (name, text of targets/host.yaml, phrase): the target file is named in the message
TARGET_TEXTS: list[tuple[str, str, str]] = [
    ("target flag -fplugin=", _target("-fno-rtti]", "-fno-rtti, -fplugin=/tmp/evil.so]"), "loads a shared object"),
    ("target flag -B", _target("-fno-rtti]", "-fno-rtti, -B/tmp/evil]"), "not admitted"),
    ("target compiler with a path", _target("cxx: g++", "cxx: /tmp/evil/g++"), "should match pattern"),
    ("target compiler with shell syntax", _target("cxx: g++", "cxx: 'g++; rm -rf ~'"), "should match pattern"),
    ("target extends a parent folder", "extends: ../host.yaml\n" + HOST, "a file name in the same folder"),
    ("target extends itself", "extends: host.yaml\n" + HOST, "a cycle"),
    ("target budget .inf", _target("sram_bytes: 262144", "sram_bytes: .inf"), "finite number"),
    ("target unknown kind", _target("kind: host", "kind: toaster"), "toaster"),
]


def _spec_case(name: str, text: str | bytes, phrase: str, positioned: bool) -> Case:
    def run(project: Path) -> Outcome:
        spec = project / "pipeline.yaml"
        spec.write_bytes(text if isinstance(text, bytes) else text.encode())
        return replace(play(project, spec, run_import=False), expected=phrase)
    return Case("spec", name, run, "pipeline.yaml", positioned)


def _target_case(name: str, text: str, phrase: str) -> Case:
    def run(project: Path) -> Outcome:
        (project / "targets" / "host.yaml").write_text(text)
        return replace(play(project, project / "pipeline.yaml", run_import=False), expected=phrase)
    return Case("spec", name, run, "host.yaml", True)


def _path_case(name: str, make: Callable[[Path], Path], phrase: str, names: str = "pipeline_") -> Case:
    def run(project: Path) -> Outcome:
        return replace(play(project, make(project), run_import=False), expected=phrase)
    return Case("spec", name, run, names)


def _folder_spec(project: Path) -> Path:
    (project / "pipeline_dir.yaml").mkdir()
    return project / "pipeline_dir.yaml"


def _outputs_file(project: Path) -> Path:
    """outputs/tiny is a file where the outputs folder should be: built into a second spec."""
    (project / "outputs" / "other").write_text("not a folder\n")
    spec = project / "pipeline_other.yaml"
    spec.write_text(GOOD.replace("pipeline: tiny", "pipeline: other"))
    return spec


def cases() -> list[Case]:
    return ([_spec_case(*entry) for entry in SPEC_TEXTS]
            + [_target_case(*entry) for entry in TARGET_TEXTS]
            + [_path_case("spec is a folder", _folder_spec, "is a folder"),
               _path_case("spec missing", lambda p: p / "pipeline_missing.yaml", "not found"),
               _path_case("outputs folder is a file", _outputs_file, "not a folder", "outputs/other")])
