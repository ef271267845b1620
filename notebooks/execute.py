"""Runs notebooks headless with nbclient; exits non-zero when a cell fails or a notebook shows no
figure. Usage: python execute.py NOTEBOOK.ipynb...  (run.sh sets up the environment)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def images(nb) -> int:
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )


def main(paths: list[str]) -> int:
    if not paths:
        print("no notebooks given", file=sys.stderr)
        return 2
    out_dir = Path(os.environ.get("THIDUA_NOTEBOOK_OUT", "executed"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"tables: {os.environ.get('THIDUA_EXPORTS', '(default)')}")
    passed = failed = 0
    for p in map(Path, paths):
        nb = nbformat.read(p, as_version=4)
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(p.parent)}},
        )
        start = time.monotonic()
        try:
            client.execute()
            n = images(nb)
            if n == 0:
                raise RuntimeError("the notebook drew no figure")
            print(f"ok     {p.name}: {n} figures in {time.monotonic() - start:.1f}s")
            passed += 1
        except (CellExecutionError, RuntimeError) as e:
            print(f"FAILED {p.name}: {e}", file=sys.stderr)
            failed += 1
        finally:
            nbformat.write(nb, out_dir / p.name)
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
