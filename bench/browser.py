"""The map in headless Chromium: how long until it is drawn, and until a tap opens a panel.

"Drawn" is the time from the start of navigation to /map until the network is on the
screen (the page marks it drawn once painted: its first picture, map-picture.js, on a
large view, or the map itself); "ready" until Cytoscape.js holds it all (the page marks it
loaded and two frames have been painted); "tap" is from a
mouse click on the best-connected organization until its side panel shows its name;
"frame" is the median time between painted frames while the map is panned and zoomed
(40 steps, one per frame, as a hand on a trackpad does).
Wall times, so noisier than the CPU table: the median of BENCH_ROUNDS visits is shown
(and read by the targets), the best beside it. On the phone (390×844, touch, CPU slowed
4× through the DevTools protocol) the organization is tapped on the touch screen.
"""

import os
import shutil
import statistics

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TIMEOUT = 300_000  # ms: a 10,000-organization map on a slow machine
# The map's modules define no global: scripts that drive the page (these timings, the
# browser tests) reach them as `ConstellationMap` (`.cy`, the map's Cytoscape.js instance;
# `.exporter`, `.compact`), imported once the page ran them: the same modules, through the
# page's import map. Given to a browser context as an init script.
MAP_MODULES = """
addEventListener("DOMContentLoaded", () => {
  const entry = document.querySelector('script[type="module"][src*="/js/map."]');
  if (!entry) { return; }
  const near = (name) => import(new URL(name, entry.src).href);
  Promise.all([import(entry.src), near("map-export.js"), near("map-compact.js")])
    .then(([map, exporter, compact]) => {
      window.ConstellationMap = {get cy() { return map.cy; }, exporter, compact};
    });
});
"""
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
FRAMES = """async () => {
  const cy = ConstellationMap.cy;
  const gaps = [];
  let last = await new Promise(done => requestAnimationFrame(done));
  for (let step = 0; step < 40; step += 1) {
    const zoomIn = step % 20 < 10;
    cy.viewport({zoom: cy.zoom() * (zoomIn ? 1.05 : 1 / 1.05),
                 pan: {x: cy.pan().x + (step % 2 ? 7 : -5), y: cy.pan().y + 3}});
    const now = await new Promise(done => requestAnimationFrame(done));
    gaps.push(now - last);
    last = now;
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}"""
HUB_POINT = """() => {
  const cy = ConstellationMap.cy;
  const hub = cy.nodes().max(node => node.degree()).ele;
  const box = cy.container().getBoundingClientRect();
  const at = hub.renderedPosition();
  return {x: box.left + at.x, y: box.top + at.y, nodes: cy.nodes().length};
}"""


# A tap must land on the screen: if the best-connected organization is outside the window
# (a phone's map can reach below the fold), the map is scrolled to and centred on it.
IN_VIEW = """() => {
  const cy = ConstellationMap.cy;
  const hub = cy.nodes().max(node => node.degree()).ele;
  const box = cy.container().getBoundingClientRect();
  const at = hub.renderedPosition();
  const x = box.left + at.x, y = box.top + at.y;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) {
    cy.container().scrollIntoView({block: "center"});
    cy.center(hub);
  }
}"""


def available() -> str | None:
    """Return why the map cannot be timed here, or None when it can."""
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make install-dev)"
    return None


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}  # fmt: skip
PHONE_SLOWDOWN = 4  # CDP Emulation.setCPUThrottlingRate: a mid-range phone's CPU


def time_map(base: str, rounds: int, phone: bool = False) -> dict:
    """Open the map at `base` `rounds` times; return the median (and best) times in ms.

    On a `phone`, the page is 390×844 with touch, its CPU slowed PHONE_SLOWDOWN times,
    and the organization is tapped on the touch screen.
    """
    from playwright.sync_api import sync_playwright

    drawn, ready, tapped, frames, nodes = [], [], [], [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(rounds):
                context = browser.new_context(
                    **(PHONE if phone else {"viewport": {"width": 1280, "height": 800}})
                )
                context.add_init_script(MAP_MODULES)
                page = context.new_page()
                if phone:
                    cdp = context.new_cdp_session(page)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_SLOWDOWN})
                page.goto(f"{base}/map", timeout=TIMEOUT)
                page.wait_for_selector("#map-app[data-drawn]", timeout=TIMEOUT)
                drawn.append(page.evaluate("performance.now()"))
                page.wait_for_selector("#map-app[data-loaded]", timeout=TIMEOUT)
                page.evaluate(PAINTED)
                ready.append(page.evaluate("performance.now()"))
                page.wait_for_function("() => !ConstellationMap.cy.animated()", timeout=TIMEOUT)
                frames.append(page.evaluate(FRAMES))  # zooms in and out as much: the view is back
                page.evaluate(IN_VIEW)
                page.evaluate(PAINTED)
                point = page.evaluate(HUB_POINT)
                nodes = point["nodes"]
                started = page.evaluate("performance.now()")
                if phone:
                    page.touchscreen.tap(point["x"], point["y"])
                else:
                    page.mouse.click(point["x"], point["y"])
                page.locator("#map-panel-body h3").first.wait_for(timeout=TIMEOUT)
                page.evaluate(PAINTED)
                tapped.append(page.evaluate("performance.now()") - started)
                context.close()
        finally:
            browser.close()
    # The median visit, read by the targets; the best beside it.
    return {
        "nodes": nodes,
        "drawn": statistics.median(drawn),
        "ready": statistics.median(ready),
        "tap": statistics.median(tapped),
        "frame": statistics.median(frames),
        "drawn_best": min(drawn),
        "tap_best": min(tapped),
    }
