"""Runs the model corpus through ferry's real pipeline and prints one row per model.

    python -m bench.corpus [--corpus DIR] [--work DIR] [--jobs N] [--no-qemu] [--json FILE] [NAME ...]
    python -m bench.corpus --model PATH.onnx [--model ...] [--json FILE]    # any model, its data beside it

With --model, each given model runs instead of the corpus, with PATH_calib.npz and PATH_val.npz
beside it (tests/test_corpus.py runs the two committed in models/corpus/ci this way).

The corpus is models/corpus/build.py's models (built into --corpus, default ~/.cache/ferry/corpus,
on first use; that needs torch) and the nine light model-zoo models the onnx package ships
(`light_*`, fp32 only: their weights are ConstantOfShape fills, so quantizing them measures
nothing). For each model, in its own folder under --work (a fresh one: every time is cold):

1. `fp32`: import, codegen, compile, evaluate on the host; the C++ output vs onnxruntime.
2. onnxruntime's quantize_static on the same float model and calibration samples (QDQ, per-channel
   int8 weights, int8 activations, MinMax): its output SQNR on the validation samples, the same
   measure ferry's evaluate reports (golden int8 model vs float, all outputs, all samples).
3. `int8`: import, quantize (minmax, per-channel weights, asymmetric activations, on the model's
   calibration samples; budget `min_output_sqnr_db`: onnxruntime's SQNR rounded up to 0.01 dB,
   `fallback: auto`, so layers int8 alone leaves short get int16 activations, never float on the
   GPNPU), codegen, compile, evaluate on the host and gpnpu_1tops (which refuses any float layer);
   `doit --continue`, so the host result stands when the GPNPU refuses.
4. `int8` on cortex_m55 in QEMU, when the package fits the emulator's flash and RAM.

Columns: fp32 err = max |C++ - onnxruntime| / output range (float, measured on the validation
samples; the largest |output| where every output is equal); float/int16 = layers of the int8
program computed in float / int16 (host build);
SQNR = output SQNR in dB vs the float model of ferry's int8 program (golden model = C++), of ferry's
QDQ model (quantize/model.qdq.onnx) run by onnxruntime, and of onnxruntime's own QDQ model;
C++ = C++ outputs differing from the golden model (host + gpnpu); QEMU = Cortex-M55 outputs
differing from the golden model ("-": not run, does not fit); cold = wall seconds of all steps.
A model passes when fp32 is within 1e-4 of range, the int8 program runs on the host and
gpnpu_1tops with 0 mismatches (0 float layers: the GPNPU refuses them), QEMU (where run) has 0
mismatches, and ferry's SQNR is at or above onnxruntime's; otherwise the reason is the first failure.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import yaml
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

from ferry.stages.common.golden import int16_layers as int16_layers_of
from ferry.stages.common.reference import sqnr_db

ROOT = Path(__file__).resolve().parents[1]

ort.set_default_logger_severity(3)  # quantize_static's notes on unused initializers are not findings
logging.getLogger().setLevel(logging.ERROR)  # nor its advice to pre-process: it quantizes the model as given

LIGHT = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"
DEFAULT_CORPUS = Path.home() / ".cache" / "ferry" / "corpus"
FP32_TOLERANCE = 1e-4  # max |C++ - onnxruntime| relative to the output range
LIGHT_SAMPLES = 2
QEMU_MARGIN_BYTES = 64 * 1024  # code, stack, runner and I/O buffers beside weights and arena
MODEL_TIMEOUT_S = 1800


@dataclass(frozen=True)
class CorpusModel:
    """Where a model and its data are, and how the table names it."""

    name: str
    family: str
    exporter: str  # e.g. "torchscript 17", "model zoo 9"
    onnx: Path
    calibration: Path
    validation: Path
    int8: bool  # the light models run fp32 only


@dataclass
class Row:
    name: str
    family: str
    exporter: str
    fp32_err: float | None = None
    float_layers: int | None = None
    int16_layers: int | None = None
    sqnr_ferry: float | None = None
    sqnr_ferry_qdq: float | None = None
    sqnr_ort: float | None = None
    float_ops: dict[str, int] = field(default_factory=dict)  # "op (reason)" -> layers computed in float
    cpp_mismatches: int | None = None
    qemu_mismatches: int | None = None
    seconds: float = 0.0
    failure: str | None = None  # the first failure; None: passes

    def fail(self, reason: str) -> None:
        if self.failure is None:
            self.failure = reason


# --- the corpus ------------------------------------------------------------------------------


def corpus_models(corpus: Path) -> list[CorpusModel]:
    """Every built model in build.py's order, then the light models."""
    from models.corpus.build import CORPUS

    models = [CorpusModel(name, e.family, f"{e.exporter} {e.opset}", corpus / f"{name}.onnx",
                          corpus / f"{name}_calib.npz", corpus / f"{name}_val.npz", True)
              for name, e in CORPUS.items()]
    return models + light_models(corpus)


def given_model(path: Path) -> CorpusModel:
    """A model file named on the command line, int8 like the corpus's, its data beside it."""
    return CorpusModel(path.stem, "given", "-", path, path.with_name(f"{path.stem}_calib.npz"),
                       path.with_name(f"{path.stem}_val.npz"), True)


def light_models(corpus: Path) -> list[CorpusModel]:
    """The onnx package's light models with seeded uniform inputs (their outputs are checked vs onnxruntime)."""
    models = []
    for path in sorted(LIGHT.glob("light_*.onnx")):
        name = path.stem
        data = corpus / f"{name}_val.npz"
        if not data.exists():
            shape = [d.dim_value or 1 for d in input_port(path).type.tensor_type.shape.dim]
            x = np.random.default_rng(0).uniform(-1, 1, (LIGHT_SAMPLES, *shape[1:])).astype(np.float32)
            corpus.mkdir(parents=True, exist_ok=True)
            np.savez(data, input=x)
        models.append(CorpusModel(name, "model zoo", "caffe2 9", path, data, data, False))
    return models


def ensure_built(models: list[CorpusModel], corpus: Path) -> None:
    missing = [m.name for m in models if m.int8 and not m.onnx.exists()]
    if missing:
        subprocess.run([sys.executable, "-m", "models.corpus.build", "--out", str(corpus.resolve()), *missing],
                       cwd=ROOT, check=True)


# --- one model -------------------------------------------------------------------------------


def input_port(path: Path) -> onnx.ValueInfoProto:
    """The model's one real input (IR 3 models list their weights as inputs too)."""
    proto = onnx.load(str(path), load_external_data=False)
    weights = {t.name for t in proto.graph.initializer}
    return next(i for i in proto.graph.input if i.name not in weights)


def input_name(path: Path) -> tuple[str, bool]:
    """The model's one real input and whether any of its dimensions is dynamic."""
    port = input_port(path)
    return port.name, any(not d.dim_value for d in port.type.tensor_type.shape.dim)


def write_spec(folder: Path, model: CorpusModel, pipeline: str, targets: list[str], quantize: bool,
               min_sqnr_db: float | None = None) -> Path:
    """folder/<pipeline>.yaml for this model, its files and targets copied beside it; with
    `min_sqnr_db`, the quantize stage's budget, met by the fallback (int16 layers; float never on
    gpnpu_1tops) where int8 alone misses it."""
    name, dynamic = input_name(model.onnx)
    sample = np.load(model.validation)["input"]
    labels = "y" in np.load(model.validation).files

    def data(path: Path) -> dict:
        spec = {"path": path.name, "inputs": {name: "input"}}
        return {**spec, "labels": "y"} if labels else spec

    entry = {"name": model.name, "onnx": model.onnx.name, "calibration": data(model.calibration),
             "validation": data(model.validation)}
    if dynamic:
        entry["input_shapes"] = {name: [1, *sample.shape[1:]]}
    stages = [{"kind": "import"}]
    if quantize:
        budget = {} if min_sqnr_db is None else {"min_output_sqnr_db": min_sqnr_db, "fallback": "auto"}
        stages.append({"kind": "quantize", "calibration": "minmax", "weights": "per_channel",
                       "activations": "asymmetric", **budget})
    stages += [{"kind": "codegen"}, {"kind": "compile"}, {"kind": "evaluate"}]
    spec = {"pipeline": pipeline, "models": [entry], "targets": [f"targets/{t}.yaml" for t in targets],
            "stages": stages}
    path = folder / f"{pipeline}_{'_'.join(targets)}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def doit(folder: Path, spec: Path, keep_going: bool) -> str | None:
    """Run the spec; None, or the first line of what went wrong."""
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(folder),
               *(["--continue"] if keep_going else []), f"pipeline={spec}"]
    try:
        process = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=MODEL_TIMEOUT_S,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return f"timeout after {MODEL_TIMEOUT_S} s"
    if process.returncode == 0:
        return None
    return first_error(process.stdout + "\n" + process.stderr)


def first_error(log: str) -> str:
    """What failed first: doit's `FAILED task:` line and ferry's message after it, on one line;
    for a crash (a traceback), the exception's own line."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("FAILED ") and line.endswith(":") and i + 1 < len(lines):
            block = list(itertools.takewhile(lambda m: not m.startswith(("FAILED ", "ferry: ")), lines[i + 1:]))
            if block and block[0].startswith("PythonAction Error"):
                raised = [m for m in block if re.match(r"^[\w.]+(Error|Exception)\b.*:", m)]
                block = ["crash: " + (raised[-1] if raised else block[-1])]
            return f"{line[len('FAILED '):-1]}: {' '.join(block[:4])}"[:300]
    return (lines[-1] if lines else "failed without a message")[:300]


def compare(outputs: Path, pipeline: str, model: str, target: str) -> dict | None:
    path = outputs / pipeline / model / target / "evaluate" / "compare.json"
    return json.loads(path.read_text()) if path.exists() else None


def int16_layers(integer_onnx: Path) -> int:
    """Compute layers of the integer program on int16 activations (the 16x8 fallback precision,
    docs/int16.md), as its metadata lists them: borders and data movement are not layers."""
    return len(int16_layers_of(onnx.load(str(integer_onnx))))


def float_ops(integer_onnx: Path, layers: dict[str, str]) -> dict[str, int]:
    """The float layers of the int8 program counted by op type and the reason ferry gives."""
    ops = {node.name: node.op_type for node in onnx.load(str(integer_onnx)).graph.node}
    return dict(Counter(f"{ops.get(name, name)} ({reason})" for name, reason in layers.items()))


def fits_qemu(package_json: Path) -> bool:
    """Weights in the emulator's flash and the arena in its RAM, with a margin for code and stack."""
    target = yaml.safe_load((ROOT / "targets" / "cortex_m55.yaml").read_text())["emulator"]
    package = json.loads(package_json.read_text())
    return (package["weights_bytes"] + QEMU_MARGIN_BYTES <= target["flash_bytes"]
            and package["arena_bytes"] + package.get("arena_scratch_bytes", 0) + QEMU_MARGIN_BYTES
            <= target["ram_bytes"])


class _Samples(CalibrationDataReader):
    def __init__(self, name: str, x: np.ndarray) -> None:
        self.feeds = iter([{name: x[i:i + 1]} for i in range(len(x))])

    def get_next(self) -> dict | None:
        return next(self.feeds, None)


def onnxruntime_quantize(model: CorpusModel, folder: Path) -> Path:
    """onnxruntime's quantize_static (QDQ, per-channel int8 weights, int8 activations, MinMax) on the
    calibration samples."""
    name, _ = input_name(model.onnx)
    qdq = folder / "onnxruntime_qdq.onnx"
    quantize_static(str(model.onnx), str(qdq), _Samples(name, np.load(model.calibration)["input"]),
                    quant_format=QuantFormat.QDQ, per_channel=True, activation_type=QuantType.QInt8,
                    weight_type=QuantType.QInt8)
    return qdq


def onnxruntime_outputs(path: Path, model: CorpusModel) -> np.ndarray:
    """All outputs of all validation samples, flattened, by onnxruntime on one thread."""
    name, _ = input_name(model.onnx)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    x = np.load(model.validation)["input"]
    return np.concatenate([o.reshape(-1) for i in range(len(x)) for o in session.run(None, {name: x[i:i + 1]})])


def qdq_sqnr(model: CorpusModel, qdq: Path) -> float:
    """Output SQNR of a QDQ model run by onnxruntime vs the float model, over the validation samples."""
    return sqnr_db(onnxruntime_outputs(model.onnx, model), onnxruntime_outputs(qdq, model))


def output_range(model: CorpusModel) -> float:
    """max - min of the float outputs; for outputs that are all equal (the light models' constant
    fills make every logit equal) their largest magnitude, so the error is relative to the values."""
    outputs = onnxruntime_outputs(model.onnx, model)
    return max(float(np.ptp(outputs)) or float(np.abs(outputs).max()), 1e-12)


def copy_target(target: str, folder: Path) -> None:
    """The target with its budget reported, not enforced: the corpus asks whether a model crosses,
    and a reduced random model's latency or energy against a product budget is not that question."""
    spec = yaml.safe_load((ROOT / "targets" / f"{target}.yaml").read_text())
    spec.setdefault("budget", {})["enforce"] = False
    (folder / f"{target}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))


def run_model(model: CorpusModel, work: Path, qemu: bool) -> Row:
    """All steps for one model in a fresh folder under work; the table row."""
    start = time.monotonic()
    row = Row(model.name, model.family, model.exporter)
    folder = work / model.name
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "targets").mkdir(parents=True)
    for target in ("host", "gpnpu_1tops", "cortex_m55"):
        copy_target(target, folder / "targets")
    for path in {model.onnx, model.calibration, model.validation}:
        shutil.copy(path, folder / path.name)
    outputs = folder / "outputs"

    error = doit(folder, write_spec(folder, model, "fp32", ["host"], False), False)
    fp32 = compare(outputs, "fp32", model.name, "host")
    if fp32 is not None:
        row.fp32_err = fp32["fp32"]["max_abs_err"] / output_range(model)
    if error:
        row.fail(f"fp32: {error}")
    elif row.fp32_err is not None and row.fp32_err > FP32_TOLERANCE:
        row.fail(f"fp32: error {row.fp32_err:.1e} of range above {FP32_TOLERANCE:.0e}")
    if model.int8:
        run_int8(model, folder, row, qemu)
    row.seconds = time.monotonic() - start
    return row


def run_int8(model: CorpusModel, folder: Path, row: Row, qemu: bool) -> None:
    """ferry's int8 program with onnxruntime's quantize_static SQNR as its budget (int16 layers
    where int8 alone falls short, counted in the table), on the host and gpnpu_1tops, then in QEMU."""
    outputs = folder / "outputs"
    try:
        row.sqnr_ort = qdq_sqnr(model, onnxruntime_quantize(model, folder))
    except Exception as problem:  # noqa: BLE001 - onnxruntime's quantizer is measured, not trusted
        row.fail(f"onnxruntime quantize_static: {str(problem).splitlines()[0][:200]}")
    # the budget rounded up to 0.01 dB, so that meeting it is never below onnxruntime's figure
    budget = None if row.sqnr_ort is None else math.ceil(row.sqnr_ort * 100) / 100
    error = doit(folder, write_spec(folder, model, "int8", ["host", "gpnpu_1tops"], True, budget), True)
    host, gpnpu = (compare(outputs, "int8", model.name, t) for t in ("host", "gpnpu_1tops"))
    if host is not None:
        row.float_layers = len(host["int8"]["float_layers"])
        row.sqnr_ferry = host["int8"]["output_sqnr_db"]
        program = outputs / "int8" / model.name / "codegen" / "integer.onnx"
        row.int16_layers = int16_layers(program)
        row.float_ops = float_ops(program, host["int8"]["float_layers"])
        row.cpp_mismatches = host["int8"]["cpp_vs_golden_mismatches"] + (
            gpnpu["int8"]["cpp_vs_golden_mismatches"] if gpnpu is not None else 0)
    if error:
        row.fail(f"int8: {error}")
    elif row.cpp_mismatches:
        row.fail(f"int8: {row.cpp_mismatches} C++ outputs differ from the golden model")
    package = outputs / "int8" / model.name / "codegen" / "package" / "package.json"
    if qemu and host is not None and package.exists() and fits_qemu(package):
        # with gpnpu_1tops among the targets the fallback keeps no layer in float: QEMU runs the
        # GPNPU's program (its quantize and codegen are up to date)
        targets = ["host", "gpnpu_1tops", "cortex_m55"]
        error = doit(folder, write_spec(folder, model, "int8", targets, True, budget), False)
        embedded = outputs / "int8" / model.name / "cortex_m55" / "evaluate" / "embedded.json"
        if embedded.exists():
            report = json.loads(embedded.read_text())
            row.qemu_mismatches = report["golden_mismatches"] + report["qemu_mismatches"]
        if error:
            row.fail(f"cortex_m55: {error}")
        elif row.qemu_mismatches:
            row.fail(f"cortex_m55: {row.qemu_mismatches} QEMU outputs differ")
    ferry_qdq = outputs / "int8" / model.name / "quantize" / "model.qdq.onnx"
    if ferry_qdq.exists():
        row.sqnr_ferry_qdq = qdq_sqnr(model, ferry_qdq)
    if row.sqnr_ferry is not None and row.sqnr_ort is not None and row.sqnr_ferry < row.sqnr_ort:
        row.fail(f"SQNR {row.sqnr_ferry:.1f} dB below onnxruntime's {row.sqnr_ort:.1f} dB")


# --- table -----------------------------------------------------------------------------------


def _cell(value: float | int | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


HEADER = ("| model | family | exporter opset | fp32 err | float | int16 | SQNR ferry | ferry QDQ | SQNR ort "
          "| C++ | QEMU | cold s | result |")


def table_line(row: Row) -> str:
    return (f"| {row.name} | {row.family} | {row.exporter} | {_cell(row.fp32_err, '.1e')} "
            f"| {_cell(row.float_layers, 'd')} | {_cell(row.int16_layers, 'd')} | {_cell(row.sqnr_ferry, '.1f')} "
            f"| {_cell(row.sqnr_ferry_qdq, '.1f')} | {_cell(row.sqnr_ort, '.1f')} | {_cell(row.cpp_mismatches, 'd')} "
            f"| {_cell(row.qemu_mismatches, 'd')} "
            f"| {row.seconds:.0f} | {'pass' if row.failure is None else 'FAIL: ' + row.failure.replace('|', '/')} |")


def table(rows: list[Row]) -> str:
    passed = sum(1 for r in rows if r.failure is None)
    by_op: dict[str, list[str]] = {}
    for row in rows:
        for op, count in row.float_ops.items():
            by_op.setdefault(op, []).append(f"{row.name} {count}")
    return "\n".join([HEADER, "|" + " --- |" * 13, *(table_line(r) for r in rows),
                      "", f"{passed} of {len(rows)} models pass.", "", "Float layers of the int8 programs, by op:",
                      *(f"- {op}: {', '.join(models)}" for op, models in sorted(by_op.items()))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="built models (default %(default)s)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ferry-corpus"), help="pipeline folders")
    parser.add_argument("--jobs", type=int, default=1, help="models run concurrently")
    parser.add_argument("--no-qemu", action="store_true", help="skip the Cortex-M55 runs in QEMU")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="an ONNX file to run instead of the corpus (its _calib.npz and _val.npz beside it)")
    parser.add_argument("names", nargs="*", metavar="NAME", help="models to run (default: all)")
    args = parser.parse_args(argv)
    models = [given_model(path) for path in args.model] if args.model else corpus_models(args.corpus)
    unknown = set(args.names) - {m.name for m in models}
    if unknown:
        print(f"corpus.py: unknown model {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    models = [m for m in models if not args.names or m.name in args.names]
    ensure_built(models, args.corpus)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_model, m, args.work, not args.no_qemu) for m in models]
        for done in as_completed(futures):
            print(table_line(done.result()), file=sys.stderr, flush=True)  # progress; the table follows
        rows = [f.result() for f in futures]
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
