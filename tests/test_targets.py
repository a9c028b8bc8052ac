"""Target files: validation, `extends` inheritance and its error positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from ferry.schemas.loader import SpecError, load_model
from ferry.schemas.target import TargetSpec

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted((ROOT / "targets").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_targets_validate(path: Path) -> None:
    target = load_model(path, TargetSpec)
    assert target.name == path.stem
    if target.kind != "host":
        assert target.array and target.sram and target.energy and target.clock_hz


def test_gpnpu_variants_are_1_4_16_tops_and_inherit() -> None:
    tops = {}
    for name in ("gpnpu_1tops", "gpnpu_4tops", "gpnpu_16tops"):
        target = load_model(ROOT / "targets" / f"{name}.yaml", TargetSpec)
        array = target.array
        tops[name] = 2 * array.rows * array.columns * array.macs_per_cycle.int8 * target.clock_hz / 1e12
    assert tops == pytest.approx({"gpnpu_1tops": 1.024, "gpnpu_4tops": 4.096, "gpnpu_16tops": 16.384})
    sixteen = load_model(ROOT / "targets" / "gpnpu_16tops.yaml", TargetSpec)
    assert sixteen.energy.mac_pj.int8 == 0.23  # from gpnpu_1tops, two levels up
    assert sixteen.energy.sram_read_pj_per_byte == 16  # from gpnpu_4tops
    assert sixteen.external.kind == "dram" and sixteen.external.latency_cycles == 100  # merged mapping


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_extends_error_points_into_the_file_that_set_the_value(tmp_path: Path) -> None:
    base = (ROOT / "targets" / "gpnpu_1tops.yaml").read_text().replace("rows: 16", "rows: -3")
    _write(tmp_path, "base.yaml", base)
    child = _write(tmp_path, "child.yaml", "extends: base.yaml\nname: child\nclock_hz: fast\n")
    with pytest.raises(SpecError) as error:
        load_model(child, TargetSpec)
    lines = str(error.value).splitlines()
    base_line = base.splitlines().index("  rows: -3") + 1
    assert any(line.startswith(f"{tmp_path / 'base.yaml'}:{base_line}:9: array.rows:") for line in lines), lines
    assert any(line.startswith(f"{child}:3:11: clock_hz:") for line in lines), lines


@pytest.mark.parametrize("extends, expected", [
    ("../host.yaml", "expected a file name in the same folder"),
    ("/etc/passwd.yaml", "expected a file name in the same folder"),
    ("self.yaml", "a cycle"),
    ("absent.yaml", "file not found"),
])
def test_extends_refuses_paths_cycles_and_missing_files(tmp_path: Path, extends: str, expected: str) -> None:
    path = _write(tmp_path, "self.yaml", f"name: t\nkind: host\nextends: {extends}\n")
    with pytest.raises(SpecError, match=expected) as error:
        load_model(path, TargetSpec)
    assert str(error.value).startswith(f"{path}:3:10: extends:")


def test_simulated_targets_must_describe_their_silicon(tmp_path: Path) -> None:
    path = _write(tmp_path, "npu.yaml", "name: npu\nkind: gpnpu\nclock_hz: 1.0e9\n")
    with pytest.raises(SpecError, match="a gpnpu target needs array, sram, external, energy"):
        load_model(path, TargetSpec)
