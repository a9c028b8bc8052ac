"""Screenshots of the report pages for docs/reports.md, taken with headless Chromium.

Builds the bundled example in a temporary folder, rebuilds it with the percentile calibration (so
that the reports compare the run with the previous one), and writes docs/images/report_*.png:
the evidence and budget, the per-layer table, the comparison and the artifacts of the Cortex-M55
page. With --sweep it also builds pipeline_sweep.yaml (about 30 s more) for docs/images/sweep.png.
Prints each page's layout measurement (sections, problems), which must have no problems.

    python -m bench.report_screenshots [--sweep]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.browser import measure_layout, screenshot

ROOT = Path(__file__).resolve().parents[1]

IMAGES = ROOT / "docs" / "images"
# (image, page, sections shown, height in pixels)
SHOTS = [("report_evidence.png", "cortex_m55/report.html", ["summary", "verification", "accuracy", "budget"], 1400),
         ("report_layers.png", "cortex_m55/report.html", ["layers", "simulation"], 1200),
         ("report_previous.png", "cortex_m55/report.html", ["embedded", "previous", "artifacts"], 1000)]


def _doit(spec: Path, outputs: Path) -> None:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT), f"pipeline={spec}",
               f"outputs={outputs}", "cache=off"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"doit failed:\n{done.stdout}{done.stderr}")


def _only(page: Path, sections: list[str], scratch: Path) -> Path:
    """A copy of the page showing only `sections` (and its title), for a shot of them."""
    hidden = ", ".join(f"section:not(#{name})" for name in sections[:1])
    keep = " ".join(f"#{name} {{ display: block !important; }}" for name in sections)
    style = f"<style>section, nav, {hidden} {{ display: none; }} {keep}</style>"
    copy = scratch / f"{page.parent.name}-{'-'.join(sections)}.html"
    copy.write_text(page.read_text().replace("</head>", style + "</head>"))
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also build pipeline_sweep.yaml for sweep.png")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ferry-shots-") as scratch:
        work = Path(scratch)
        for item in ("models", "targets"):
            shutil.copytree(ROOT / item, work / item)
        spec = work / "pipeline.yaml"
        text = (ROOT / "pipeline.yaml").read_text()
        spec.write_text(text)
        _doit(spec, work / "outputs")
        spec.write_text(text.replace("calibration: minmax", "calibration: percentile"))
        _doit(spec, work / "outputs")  # the second run compares itself with the first
        model = work / "outputs" / "digits" / "digits_cnn"
        for target in ("host", "gpnpu_1tops", "cortex_m55"):
            layout = measure_layout(model / target / "report.html", work)
            print(f"{target}/report.html: sections {', '.join(layout['sections'])}; "
                  f"layout problems {len(layout['problems'])} {layout['problems'] or ''}")
        for image, page, sections, height in SHOTS:
            screenshot(_only(model / page, sections, work), IMAGES / image, height)
            print(f"docs/images/{image}: {page}, sections {', '.join(sections)}")
        if args.sweep:
            sweep_spec = work / "pipeline_sweep.yaml"
            sweep_spec.write_text((ROOT / "pipeline_sweep.yaml").read_text())
            _doit(sweep_spec, work / "outputs")
            page = next((work / "outputs").glob("*/digits_cnn/sweep/sweep.html"))
            layout = measure_layout(page, work)
            print(f"sweep.html: layout problems {len(layout['problems'])} {layout['problems'] or ''}")
            screenshot(page, IMAGES / "sweep.png", 1700)
            print("docs/images/sweep.png")


if __name__ == "__main__":
    main()
