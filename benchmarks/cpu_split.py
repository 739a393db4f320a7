"""CPU of a ``kg build`` split between its main process and its worker processes.

    .venv/bin/python benchmarks/cpu_split.py build FILE --out DIR --no-view --no-export -q --jobs 2

Runs ``kg`` with the given arguments in this process, then prints the wall time, the main
process's CPU seconds (all its threads: the bulk loader's and RocksDB's included) and the
workers' (``getrusage``), and the main process's peak RSS.
"""

from __future__ import annotations

import resource
import sys
import time


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    from kg.cli import main as kg_main

    sys.argv = ["kg", *argv]
    t0 = time.perf_counter()
    code = 0
    try:
        kg_main()
    except SystemExit as exc:  # typer exits with the command's code
        code = exc.code if isinstance(exc.code, int) else 1
    wall = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall {wall:.1f} s; CPU: main process {me.ru_utime + me.ru_stime:.1f} s, "
        f"workers {kids.ru_utime + kids.ru_stime:.1f} s; main peak RSS {me.ru_maxrss // 1024} MiB; exit {code}",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
