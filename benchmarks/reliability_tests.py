"""The fuzzing and crash-safety suites, run once for the Reliability section: what they tried and whether it held.

Usage: python benchmarks/reliability_tests.py [--json]
Runs tests/test_fuzz.py and tests/test_crash_safety.py under pytest (the PostgreSQL half of the crash test
needs Debian's PostgreSQL binaries, as in CI) and reads the outcome from pytest's JUnit XML. What each suite
tries comes from the test modules themselves: the hypothesis properties with their example budgets, and the
generated articles and SIGKILLs of the crash test.
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from hypothesis import is_hypothesis_test  # noqa: E402

import test_crash_safety  # noqa: E402  (the crash test's own figures)
import test_fuzz  # noqa: E402  (the properties and their budgets)

SUITES = ("tests/test_fuzz.py", "tests/test_crash_safety.py")


def _properties() -> list[int]:
    """The example budget of each hypothesis property of tests/test_fuzz.py."""
    tests = [f for name, f in inspect.getmembers(test_fuzz, inspect.isfunction) if name.startswith("test_")]
    return [f._hypothesis_internal_use_settings.max_examples for f in tests if is_hypothesis_test(f)]


def _outcomes(suite: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.xml"
        subprocess.run([sys.executable, "-m", "pytest", suite, "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
                       cwd=REPO, capture_output=True, text=True, check=False)  # fmt: skip
        cases = ET.parse(report).getroot().iter("testcase")
        rows = [(case.get("name"), float(case.get("time") or 0), [c.tag for c in case]) for case in cases]
    return {
        "tests": len(rows),
        "passed": sum(1 for _, _, children in rows if not {"failure", "error", "skipped"} & set(children)),
        "skipped": sum(1 for _, _, children in rows if "skipped" in children),
        "seconds": round(sum(seconds for _, seconds, _ in rows), 1),
    }


def measure() -> dict:
    budgets = _properties()
    return {
        "fuzz": _outcomes(SUITES[0]) | {"properties": len(budgets), "examples": sum(budgets)},
        "crash": _outcomes(SUITES[1]) | {"articles": test_crash_safety.ARTICLES, "kills": test_crash_safety.KILLS,
                                          "backends": 2},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    result = measure()
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
