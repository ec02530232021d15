"""What the browser benchmarks share: a Dash app served on 127.0.0.1 in a thread, and a headless
Chrome that runs a probe script before each page's own scripts (the probe records when the view is
drawn). Used by tools/benchmark_dashboard.py and tools/benchmark_maps.py."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from werkzeug.serving import make_server


@contextmanager
def served_in_chrome(app, flags, probe: str):
    """Yield (base URL, driver); the server and the browser are stopped on exit."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = Options()
    for flag in flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": probe})
    try:
        yield f"http://127.0.0.1:{server.port}", driver
    finally:
        driver.quit()
        server.shutdown()
