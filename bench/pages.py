"""Weight and speed of the resident pages (a benchmark, not a test; figures in docs/benchmarks.md).

    .venv/bin/python bench/pages.py [--runs 5]

Starts the local stack on free ports, then in Debian's Chromium:
- bytes each page loads from sayso itself (the pages' origin: HTML, JS, CSS, JSON; the map
  library counted apart; the API's JSON answers listed apart), uncompressed;
- time until the consultation page and the street editor are usable, cold cache, under CDP CPU
  throttling ×4 and DevTools' "Slow 4G" profile (562.5 ms latency, 180 KB/s down, 84 KB/s up),
  median of --runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chalicelib.local.launcher import running_stack  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "consultation": ("/", ".option-card a"),
    "section option": ("/option.html?o=a", "#segments [role=option]"),
    "street editor": ("/option.html?o=a&mode=edit", ".palette button"),
    "map option": ("/option.html?o=b", ".leaflet-container"),
}
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 180 * 1024,
    "uploadThroughput": 84 * 1024,
}


def weigh(browser, web: str, api: str, path: str, ready: str) -> dict[str, int]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes = {"sayso": 0, "map library": 0, "api json": 0}

    def count(response) -> None:
        try:
            size = len(response.body())
        except Exception:  # redirects and aborted answers have no body
            return
        url = response.url
        if url.startswith(f"{web}/vendor/leaflet/"):
            sizes["map library"] += size
        elif url.startswith(web + "/"):
            sizes["sayso"] += size
        elif url.startswith(api + "/"):
            sizes["api json"] += size

    page.on("response", count)
    page.goto(web + path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes


def time_to_usable(browser, web: str, path: str, ready: str) -> float:
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    started = time.perf_counter()
    page.goto(web + path, wait_until="commit")
    page.wait_for_selector(ready, timeout=60_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright

    with running_stack() as stack, sync_playwright() as playwright:
        web, api = stack.web, stack.api
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        header = f"{'page':16} {'sayso KB':>9} {'map lib KB':>11} {'API KB':>7}"
        print(f"{header} {'usable s (median)':>18}")
        for name, (path, ready) in PAGES.items():
            sizes = weigh(browser, web, api, path, ready)
            times = [time_to_usable(browser, web, path, ready) for _ in range(runs)]
            print(
                f"{name:16} {sizes['sayso'] / 1024:9.1f} {sizes['map library'] / 1024:11.1f} "
                f"{sizes['api json'] / 1024:7.1f} {statistics.median(times):18.2f}"
                f"   (runs: {', '.join(f'{t:.2f}' for t in times)})"
            )
        browser.close()


if __name__ == "__main__":
    main()
