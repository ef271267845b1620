"""Loading the tables that `thidua ingest` / `thidua export` write, checked against docs/tables.md.

The notebooks import this module. `exports_dir()` is `$THIDUA_EXPORTS`, or `../exports` relative
to the notebooks. `load(name)` reads a table in whichever layout is there (a single Parquet file,
or hive partitions by year) and checks its columns and types against the schema documented in
`docs/tables.md`, so a notebook fails loudly when the files and the documentation disagree.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs" / "tables.md"


def exports_dir() -> Path:
    """The folder holding the tables."""
    return Path(os.environ.get("THIDUA_EXPORTS", HERE.parent / "exports")).resolve()


def figures_dir() -> Path:
    """Where the notebooks save their figures (created on demand)."""
    d = Path(os.environ.get("THIDUA_FIGURES", exports_dir() / "figures"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _dtype(text: str) -> pl.DataType:
    text = text.strip()
    simple = {
        "String": pl.String(),
        "Int32": pl.Int32(),
        "Int64": pl.Int64(),
        "Float64": pl.Float64(),
        "Date": pl.Date(),
        "Categorical": pl.Categorical(),
        "List(String)": pl.List(pl.String()),
    }
    if text in simple:
        return simple[text]
    m = re.fullmatch(r"Enum\((.*)\)", text)
    if m:
        return pl.Enum([v.strip() for v in m.group(1).split(",")])
    raise ValueError(f"unknown type in docs/tables.md: {text!r}")


def documented_schemas() -> dict[str, dict[str, pl.DataType]]:
    """Table name -> column -> dtype, read from the schema section of docs/tables.md."""
    schemas: dict[str, dict[str, pl.DataType]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"### `(\w+)`", line.strip())
        if m:
            current = schemas.setdefault(m.group(1), {})
            continue
        m = re.fullmatch(r"\| `(\w+)` \| ([^|]+) \|.*", line.strip())
        if m and current is not None:
            current[m.group(1)] = _dtype(m.group(2))
    if not schemas:
        raise RuntimeError(f"no schemas found in {DOCS}")
    return schemas


def _same_type(got: pl.DataType, want: pl.DataType) -> bool:
    if isinstance(want, pl.Categorical):
        return isinstance(got, pl.Categorical)
    return got == want


def load(name: str) -> pl.DataFrame:
    """Table `name` with its documented schema (raises if the files disagree with the docs)."""
    want = documented_schemas()[name]
    base = exports_dir()
    flat = base / f"{name}.parquet"
    folder = base / name
    if flat.is_file():
        df = pl.read_parquet(flat)
    elif folder.is_dir():
        # Hive partitions: the year lives in the folder names; readers infer Int64.
        df = pl.scan_parquet(folder, hive_partitioning=True).collect()
        if "year" in df.columns:
            df = df.with_columns(pl.col("year").cast(pl.Int32))
        df = df.select(list(want))
    else:
        present = sorted(p.name for p in base.iterdir()) if base.is_dir() else []
        raise FileNotFoundError(
            f"table {name!r} not found in {base} (run `thidua ingest` first); found: {present}"
        )
    if list(df.columns) != list(want):
        raise AssertionError(f"{name}: columns {df.columns} != documented {list(want)}")
    for col, dtype in want.items():
        if not _same_type(df.schema[col], dtype):
            raise AssertionError(f"{name}.{col}: {df.schema[col]} != documented {dtype}")
    return df


def load_all() -> dict[str, pl.DataFrame]:
    """Every documented table that `thidua` writes (all but the `history` view)."""
    return {n: load(n) for n in documented_schemas() if n != "history"}


def current_identity(df: pl.DataFrame, id_col: str = "agency_id") -> pl.DataFrame:
    """Adds `current_id`: the successor's id where the lineage leads somewhere, else the id."""
    return df.with_columns(pl.coalesce("successor_id", id_col).alias("current_id"))
