"""Cold start: how long `import app` takes in a fresh process, against a bare `import boto3`.

    .venv/bin/python bench/cold_start.py [--runs 9]

A benchmark, not a test: run it on a quiet machine and record the figures in docs/benchmarks.md.
Target: median(import app) / median(import boto3) <= 0.6.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_TIMER = (
    "import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
)


# What the first POST of a fresh container imports on top of app (pydantic, pynamodb, services).
FIRST_POST = "app, chalicelib.api.requests, chalicelib.api.schemas, chalicelib.services.submissions"


def time_import(module: str) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    out = subprocess.run(
        [sys.executable, "-c", _TIMER.format(module=module)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per module (>= 7)")
    args = parser.parse_args()
    runs = max(args.runs, 7)
    # One warm-up each so both read .pyc files, as a Lambda's package would.
    time_import("app")
    time_import("boto3")
    app_ms, boto3_ms, full_ms = [], [], []
    for _ in range(runs):  # interleaved, so machine noise hits all alike
        app_ms.append(time_import("app"))
        boto3_ms.append(time_import("boto3"))
        full_ms.append(time_import(FIRST_POST))
    app_median, boto3_median = statistics.median(app_ms), statistics.median(boto3_ms)
    full_median = statistics.median(full_ms)
    print(f"runs per module         {runs}")
    print(f"import app              median {app_median:7.1f} ms  (min {min(app_ms):.1f})")
    print(f"import boto3            median {boto3_median:7.1f} ms  (min {min(boto3_ms):.1f})")
    print(f"ratio app / boto3       {app_median / boto3_median:.2f}x  (target <= 0.6x)")
    print(
        f"app + first POST's lazy imports  median {full_median:7.1f} ms  "
        f"({full_median / boto3_median:.2f}x boto3; paid on the first request, not at load)"
    )


if __name__ == "__main__":
    main()
