"""Drop the benchmark's databases (only cppcc_bench_* names are ever touched).

    .venv/bin/python -m bench.drop --scales 1 10
"""

from __future__ import annotations

import argparse

from . import db


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.drop")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    for scale in parser.parse_args(argv).scales:
        url = db.url_for(scale)
        db.drop(url)
        print(f"dropped {db.name_of(url)}")


if __name__ == "__main__":
    main()
