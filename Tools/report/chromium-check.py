#!/usr/bin/env python3
"""Opens stt-sim HTML reports in headless Chromium over the DevTools protocol (a pipe, no
third-party packages) and checks what a reader relies on:

  * no exception and no console error while it loads and while it is zoomed;
  * no network request besides the file itself (the report opens offline);
  * each expected chart is there and carries the expected series (data attributes);
  * zooming the time-sequence graph with the mouse wheel narrows its visible range;
  * a screenshot is saved.

usage: chromium-check.py REPORT.html --expect CHART:SERIES[,SERIES...] ... [--screenshot OUT.png]
                         [--no-zoom]
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class DevTools:
    """The DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL, written
    to the browser's fd 3 and read from its fd 4."""

    def __init__(self, browser):
        self.to_browser_r, self.to_browser_w = os.pipe()
        self.from_browser_r, self.from_browser_w = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="stt-report-chromium-")
        args = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps", "--mute-audio",
                f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "--window-size=900,1400"]
        command = " ".join(f"'{a}'" for a in args)
        command = f"exec {command} 3<&{self.to_browser_r} 4>&{self.from_browser_w}"
        self.process = subprocess.Popen(["sh", "-c", command], pass_fds=(self.to_browser_r, self.from_browser_w),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(self.to_browser_r)
        os.close(self.from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_browser_r, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe (did it start? try running it by hand)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser_w, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = self._read_message(deadline)
            if e.get("method") == method:
                return e
            self.events.append(e)

    def drain(self, seconds):
        """Collects events for a while (late console errors, requests)."""
        deadline = time.time() + seconds
        import select
        while time.time() < deadline:
            ready, _, _ = select.select([self.from_browser_r], [], [], max(0, deadline - time.time()))
            if not ready:
                break
            self.buffer += os.read(self.from_browser_r, 1 << 16)
            while b"\0" in self.buffer:
                message, self.buffer = self.buffer.split(b"\0", 1)
                self.events.append(json.loads(message))


def evaluate(dt, session, expression):
    result = dt.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"evaluating {expression[:60]}...: {result['exceptionDetails']}")
    return result["result"].get("value")


def check(report, expectations, screenshot, zoom):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        sys.exit("chromium-check: no chromium on PATH (apt-get install chromium)")
    if not os.path.isfile(report):
        sys.exit(f"chromium-check: {report}: no such file")
    url = "file://" + os.path.abspath(report)
    problems = []
    dt = DevTools(browser)
    try:
        target = dt.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = dt.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            dt.send(f"{domain}.enable", {}, session)
        dt.send("Page.navigate", {"url": url}, session)
        dt.wait_for("Page.loadEventFired")
        dt.drain(0.5)
        charts = evaluate(dt, session, """Array.from(document.querySelectorAll('svg[data-chart]')).map(
            s => ({chart: s.dataset.chart, series: Array.from(s.querySelectorAll('[data-series]')).map(
            p => [p.dataset.series, +p.dataset.points])}))""")
        for chart, series in expectations:
            found = [c for c in charts if c["chart"] == chart]
            if not found:
                problems.append(f"no '{chart}' chart (charts: {sorted({c['chart'] for c in charts})})")
                continue
            for name in series:
                if not any(any(s[0] == name and s[1] > 0 for s in c["series"]) for c in found):
                    problems.append(f"no '{chart}' chart has a non-empty '{name}' series")
        if zoom:
            box = evaluate(dt, session, """(() => { const s = document.querySelector(
                'svg[data-chart="time-sequence"]'); if (!s) return null; s.scrollIntoView();
                const r = s.querySelector('svg.plot').getBoundingClientRect();
                return {x: r.left + r.width / 2, y: r.top + r.height / 2, view: s.dataset.view}; })()""")
            if box is None:
                problems.append("no time-sequence graph to zoom")
            else:
                dt.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": box["x"], "y": box["y"],
                                                     "deltaX": 0, "deltaY": -400}, session)
                dt.drain(0.3)
                after = evaluate(dt, session, "document.querySelector('svg[data-chart=\"time-sequence\"]').dataset.view")
                before_x = [float(v) for v in box["view"].split()][:2]
                after_x = [float(v) for v in after.split()][:2]
                if not (after_x[1] - after_x[0] < before_x[1] - before_x[0]):
                    problems.append(f"wheel zoom did not narrow the time-sequence graph: {box['view']} -> {after}")
                else:
                    print(f"chromium-check: zoom narrowed time {before_x} -> {after_x}")
                evaluate(dt, session, "window.scrollTo(0, 0)")
        if screenshot:
            shot = dt.send("Page.captureScreenshot", {"format": "png"}, session)
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        dt.drain(0.3)
        for e in dt.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append(f"exception: {params['exceptionDetails'].get('exception', {}).get('description') or params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                problems.append(f"console error: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                problems.append(f"log error: {params['entry'].get('text')} {params['entry'].get('url', '')}")
            elif method == "Network.requestWillBeSent" and params["request"]["url"] != url:
                problems.append(f"network request: {params['request']['url']}")
        print(f"chromium-check: {report}: {len(charts)} charts")
    finally:
        dt.close()
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report")
    parser.add_argument("--expect", action="append", default=[], help="CHART:SERIES[,SERIES...]")
    parser.add_argument("--screenshot")
    parser.add_argument("--no-zoom", action="store_true")
    a = parser.parse_args()
    expectations = []
    for e in a.expect:
        chart, _, series = e.partition(":")
        expectations.append((chart, [s for s in series.split(",") if s]))
    problems = check(a.report, expectations, a.screenshot, not a.no_zoom)
    if problems:
        print(f"chromium-check: {a.report}: FAILED", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print(f"chromium-check: {a.report}: ok (no exception, no console error, no network request)")


if __name__ == "__main__":
    main()
