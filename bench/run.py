"""Every benchmark in one command: speed (bench/speed.py), then agreement with Access Analyzer
(bench/accuracy.py). Extra arguments go to speed.py (e.g. --profile, --repeat 3, --no-peer).

    python3 bench/run.py [--profile] [--repeat N] [--no-peer]
"""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script, args in (("speed.py", sys.argv[1:]), ("accuracy.py", [])):
        print(f"== {script} {' '.join(args)}".rstrip(), flush=True)
        code = subprocess.call([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
        status = status or code
        print(flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
