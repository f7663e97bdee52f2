"""Cold import of the webhook path: ``django_linebot.sdk`` against ``linebot.v3``.

    python -m bench.import_time [--runs 7]

Each import runs in a fresh interpreter, which times it itself (``time.perf_counter()`` around it);
reported is the median over the runs. Timing the whole process less a ``python -c pass`` read 0.2 ms
once, and negative once: the start-up's noise on a busy host is larger than the import. Both
packages are byte-compiled first, as an installed package is: with ``PYTHONDONTWRITEBYTECODE`` set
(as in some sandboxes and containers), an editable install would otherwise compile its modules at
every import (97 ms instead of 2 ms here).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_MS = 50.0
MODULES = {
    "django_linebot.sdk (webhook path)": "import django_linebot.sdk as s; s.parse_events_from_json",
    "django_linebot.sdk + LineBotApi (client)": "import django_linebot.sdk; django_linebot.sdk.LineBotApi",
    "linebot.v3 (WebhookParser)": "from linebot.v3 import WebhookParser",
    "linebot.v3 webhook + messaging": "from linebot.v3 import WebhookParser; import linebot.v3.messaging",
}


def _once(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    return time.perf_counter() - started


def _import_time(code: str) -> float:
    """Seconds ``code`` takes in a fresh interpreter, timed inside it (its start-up not counted)."""
    timed = f"import time\nstarted = time.perf_counter()\n{code}\nprint(time.perf_counter() - started)"
    done = subprocess.run(
        [sys.executable, "-c", timed], check=True, timeout=120, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1])


def run(code: str, runs: int) -> float:
    """The import's cost in ms: the median over ``runs`` fresh interpreters, each timing it itself."""
    return statistics.median(_import_time(code) for _ in range(runs)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for package in ("django_linebot", "linebot"):
        spec = importlib.util.find_spec(package)
        for folder in spec.submodule_search_locations or [] if spec else []:
            compileall.compile_dir(folder, quiet=1)
    results = {"interpreter start-up": statistics.median(_once("pass") for _ in range(args.runs)) * 1000}
    print(f"{'import':<44} {'ms':>8}")
    for name, code in MODULES.items():
        try:
            results[name] = run(code, args.runs)
        except subprocess.CalledProcessError:
            print(f"{name:<44} {'(not installed)':>8}")
            continue
        print(f"{name:<44} {results[name]:>8.1f}")
    ours = results["django_linebot.sdk (webhook path)"]
    print(
        f"-> webhook path imports in {ours:.1f} ms; target under {TARGET_MS:.0f} ms: "
        f"{'met' if ours < TARGET_MS else 'NOT met'}"
    )
    if "linebot.v3 (WebhookParser)" in results:
        print(
            f"-> {results['linebot.v3 (WebhookParser)'] / ours:.1f}x faster than importing "
            "line-bot-sdk's parser"
        )
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "import_time.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
