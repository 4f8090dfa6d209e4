"""Weight and speed of the resident pages (a benchmark, not a test; figures in docs/benchmarks.md).

    .venv/bin/python bench/pages.py [--runs 5]

Starts the local stack on free ports, then in Debian's Chromium:
- bytes each page loads from sayso itself (the pages' origin: HTML, JS, CSS, JSON; the map
  chunk with Leaflet and its stylesheet counted apart; the API's JSON answers listed apart),
  uncompressed (the pages server gzips them on the wire, as CloudFront does);
- time until the consultation page and the street editor are usable, cold cache, under CDP CPU
  throttling ×4 and DevTools' "Slow 4G" profile (562.5 ms latency, 180 KB/s down, 84 KB/s up),
  median of --runs;
- sequential round trips before usable: the longest chain of requests each of which started
  only after the one before it had finished (a request that started after another ended is
  counted as depending on it: an upper bound of the latencies a page waits for);
- layout shift (CLS, as the Web Vitals sum it) until 1.5 s after usable, at phone width under
  the throttling and at desktop width without it;
- the plain pages (index.html, option.html, responses.html: everything fetched by script) and
  the pre-rendered ones (/c/demo/en/…, and the site's root /: content and first data in the
  HTML; "readable" = the content is there, "interactive" = the script has drawn the same thing
  as on the plain page).
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
    "consultation": ("/index.html", ".option-card a"),
    "section option": ("/option.html?o=a", "#segments [role=option]"),
    "street editor": ("/option.html?o=a&mode=edit", ".palette button"),
    "map option": ("/option.html?o=b", ".leaflet-container"),
    "pre: consultation": ("/c/demo/en/index.html", ".option-card a"),
    # the static content, or the script's drawing when it has already replaced it
    "pre: section readable": ("/c/demo/en/o/a.html", ".plan-list li, #segments [role=option]"),
    "pre: section interactive": ("/c/demo/en/o/a.html", "#segments [role=option]"),
    "pre: street editor": ("/c/demo/en/o/a.html?mode=edit", ".palette button"),
    "pre: map readable": ("/c/demo/en/o/b.html", ".plan-list li, .leaflet-container"),
    "pre: map interactive": ("/c/demo/en/o/b.html", ".leaflet-container"),
    # the site's root: the stack's consultation, rendered
    "root /": ("/", ".option-card a"),
    "responses": ("/responses.html", "main h1 + p:not([aria-busy])"),
}
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 180 * 1024,
    "uploadThroughput": 84 * 1024,
}


# Cumulative layout shift so far (shifts right after an input do not count), as Lighthouse and
# the Web Vitals sum it for a page load; read through DevTools, so the CSP does not apply.
CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 100);
})"""


def layout_shift(page) -> float:
    page.wait_for_timeout(1500)  # what moves once the page is usable counts too
    return float(page.evaluate(CLS))


def weigh(browser, web: str, api: str, path: str, ready: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes = {"sayso": 0, "map library": 0, "api json": 0}

    def count(response) -> None:
        try:
            size = len(response.body())
        except Exception:  # redirects and aborted answers have no body
            return
        url = response.url
        if url.startswith((f"{web}/vendor/leaflet/", f"{web}/assets/map-")):
            sizes["map library"] += size
        elif url.startswith((api + "/", web + "/api/")):
            sizes["api json"] += size
        elif url.startswith(web + "/"):
            sizes["sayso"] += size

    page.on("response", count)
    page.goto(web + path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    sizes["cls"] = layout_shift(page)  # desktop width
    context.close()
    return sizes


def round_trips(spans: list[tuple[float, float]], until: float) -> int:
    """The longest chain of (start, end) requests, each started after the previous ended,
    among the requests started before `until`."""
    depth: list[int] = []
    ordered = sorted(span for span in spans if span[0] <= until)
    for i, (start, _) in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j][1] <= start]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


def time_to_usable(browser, web: str, path: str, ready: str) -> tuple[float, int, float]:
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    spans: list[tuple[float, float]] = []

    def finished(request) -> None:
        timing = request.timing
        if timing["startTime"] > 0 and timing["responseEnd"] >= 0:
            spans.append((timing["startTime"], timing["startTime"] + timing["responseEnd"]))

    page.on("requestfinished", finished)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    started = time.perf_counter()
    page.goto(web + path, wait_until="commit")
    page.wait_for_selector(ready, timeout=60_000)
    elapsed = time.perf_counter() - started
    usable_at = time.time() * 1000
    shift = layout_shift(page)  # phone width, throttled
    context.close()
    return elapsed, round_trips(spans, usable_at), shift


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    arguments = parser.parse_args()
    runs = arguments.runs
    from playwright.sync_api import sync_playwright

    with running_stack() as stack, sync_playwright() as playwright:
        web, api = stack.web, stack.api
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        header = f"{'page':25} {'sayso KB':>9} {'map lib KB':>11} {'API KB':>7}"
        print(
            f"{header} {'usable s (median)':>18} {'round trips':>12} {'CLS phone':>10} "
            f"{'CLS desktop':>12}",
            flush=True,
        )
        for name, (path, ready) in PAGES.items():
            if arguments.only not in name:
                continue
            sizes = weigh(browser, web, api, path, ready)
            measured = [time_to_usable(browser, web, path, ready) for _ in range(runs)]
            times = [t for t, _, _ in measured]
            trips = statistics.median(n for _, n, _ in measured)
            shift = statistics.median(c for _, _, c in measured)
            print(
                f"{name:25} {sizes['sayso'] / 1024:9.1f} {sizes['map library'] / 1024:11.1f} "
                f"{sizes['api json'] / 1024:7.1f} {statistics.median(times):18.2f} {trips:12g} "
                f"{shift:10.3f} {sizes['cls']:12.3f}"
                f"   (runs: {', '.join(f'{t:.2f}' for t in times)})",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
