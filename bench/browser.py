"""Headless Chromium for the report pages: their layout measured in a real browser and screenshots
for the docs (bench/report_screenshots.py). The layout tests run it as a program:

    python -m bench.browser PAGE.html [--scratch DIR]    # prints the measurement as JSON

The page under test stays script-free: a copy gets a script appended that measures every SVG
text against its viewBox and every element that hides overflow, and writes what it finds into
the DOM, which `--dump-dom` prints.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
WINDOW = "1280,900"
TIMEOUT_S = 120

MEASURE = """
<script>
(() => {
  const problems = [];
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5 ||
          b.y + b.height > box.y + box.height + 0.5) {
        problems.push({kind: "svg text outside the viewBox", chart: svg.id, text: text.textContent,
                       box: [b.x, b.y, b.width, b.height].map(Math.round),
                       viewBox: [box.x, box.y, box.width, box.height]});
      }
    }
  }
  for (const element of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(element);
    const hides = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
    if (hides && element.scrollWidth > element.clientWidth + 1) {
      problems.push({kind: "clipped element", tag: element.tagName, text: element.textContent.slice(0, 80)});
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    problems.push({kind: "page wider than the window", width: page.scrollWidth, window: page.clientWidth});
  }
  const result = {problems, sections: [...document.querySelectorAll("section")].map(s => s.id),
                  charts: [...document.querySelectorAll("svg")].map(s => s.id)};
  const out = document.createElement("pre");
  out.id = "ferry-layout";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
})();
</script>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(arguments: list[str], page: Path) -> subprocess.CompletedProcess[str]:
    """One headless Chromium run on a local page, with a fresh profile folder."""
    program = chromium()
    if program is None:
        raise SystemExit("chromium not on PATH: install it with .ci/setup")
    with tempfile.TemporaryDirectory(prefix="ferry-chromium-") as profile:
        return subprocess.run([program, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WINDOW}",
                               *arguments, page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=False)


def measure_layout(page: Path, scratch: Path) -> dict[str, list]:
    """The page's sections, charts and layout problems, as Chromium lays it out."""
    probe = scratch / f"{page.stem}.measured.html"
    probe.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    done = run_chromium(["--dump-dom"], probe)
    match = re.search(r'<pre id="ferry-layout">(.*?)</pre>', done.stdout, re.DOTALL)
    if match is None:
        raise SystemExit(f"chromium printed no measurement (exit {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(unescape(match.group(1)))


def screenshot(page: Path, png: Path, height: int) -> None:
    """A PNG of the page's first `height` pixels at the test's window width."""
    width = WINDOW.split(",")[0]
    done = run_chromium([f"--screenshot={png.resolve()}", f"--window-size={width},{height}"], page)
    if not png.is_file():
        raise SystemExit(f"chromium wrote no screenshot (exit {done.returncode}): {done.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure a report page's layout in headless Chromium (JSON).")
    parser.add_argument("page", type=Path)
    parser.add_argument("--scratch", type=Path, help="where the measured copy goes (default: a temporary folder)")
    args = parser.parse_args()
    if args.scratch is not None:
        print(json.dumps(measure_layout(args.page, args.scratch)))
        return
    with tempfile.TemporaryDirectory(prefix="ferry-layout-") as scratch:
        print(json.dumps(measure_layout(args.page, Path(scratch))))


if __name__ == "__main__":
    main()
