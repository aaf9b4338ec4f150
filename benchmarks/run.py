"""Run every benchmark in this folder: `python benchmarks/run.py [NAME ...] [--OPTION ...]`.

Each `bench_*.py` is a script that prints its own table; this runs them one after another
in fresh interpreters so one benchmark's imports and caches never flatter another's.
Arguments starting with `--` (such as `--quick`) are passed on to every script run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(arguments: list[str]) -> int:
    options = [argument for argument in arguments if argument.startswith("--")]
    names = [argument for argument in arguments if not argument.startswith("--")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [script for script in scripts if any(name in script.stem for name in names)]
    status = 0
    for script in scripts:
        print(f"\n== {script.stem}", flush=True)
        status |= subprocess.run([sys.executable, str(script), *options], check=False).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
