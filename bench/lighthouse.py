"""Lighthouse 12 on the resident pages (a benchmark, not a test; figures in docs/benchmarks.md).

    .venv/bin/python bench/lighthouse.py [--runs 1]

Starts the local stack on free ports and runs Lighthouse (pinned in package.json, dev-only,
from node_modules) in its default mobile mode (simulated Slow 4G and 4x CPU) with Debian's
Chromium (CHROME_PATH=/usr/bin/chromium) on each page; prints the performance score, LCP, TBT
and CLS, the median of --runs each. The JSON reports go to bench/results/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chalicelib.local.launcher import running_stack  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
RESULTS = ROOT / "bench" / "results"
PAGES = {
    "consultation (root /, pre-rendered)": "/",
    "section option (pre-rendered)": "/c/demo/en/o/a.html",
    "map option (pre-rendered)": "/c/demo/en/o/b.html",
    "consultation (plain)": "/index.html",
    "section option (plain)": "/option.html?o=a",
    "map option (plain)": "/option.html?o=b",
}


def lighthouse(url: str, out: Path) -> dict[str, float]:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    arguments = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with running_stack() as stack:
        print(f"{'page':38} {'score':>6} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>7} {'CLS':>6}")
        for name, path in PAGES.items():
            if arguments.only not in name:
                continue
            runs = []
            for n in range(arguments.runs):
                slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
                runs.append(lighthouse(stack.web + path, RESULTS / f"lighthouse-{slug}-{n}.json"))
            m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            print(
                f"{name:38} {m['score']:6.0f} {m['fcp']:6.2f} {m['lcp']:6.2f} {m['tbt']:7.0f} "
                f"{m['cls']:6.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
