"""Time `validate` on 10,000 generated items against PyYAML's CSafeLoader alone, same run.

    python benchmarks/bench_validate.py [--items 10000] [--files 10] [--repeat 3]

Three figures, best of ``--repeat`` runs each:
- floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` on every file (reading included);
- in-process: ``load_paths(paths, lint=True)``, the code path of ``validate`` (safe positional
  parsing, schema, lint, cross-file checks);
- CLI: ``backhip-learn validate FOLDER`` as a subprocess (adds interpreter start and imports).
The ratios are printed; the goal is in-process / floor at most 2.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_bank import generate  # noqa: E402

from backhip_learn.content.load import load_paths  # noqa: E402


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Generate, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        sys.exit("PyYAML was built without libyaml: the floor would not be CSafeLoader")
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(tmp, args.items, n_files=args.files, seed=0)
        size = sum(p.stat().st_size for p in paths)

        def floor() -> None:
            for p in paths:
                yaml.load(p.read_text("utf-8"), Loader=loader)

        def in_process() -> None:
            lib = load_paths([tmp], lint=True)
            assert len(lib.items) == args.items and not lib.problems, lib.problems[:3]

        def cli() -> None:
            out = subprocess.run([sys.executable, "-m", "backhip_learn", "validate", tmp], capture_output=True, text=True)
            assert out.returncode == 0, out.stdout[-500:] + out.stderr[-500:]

        def startup() -> None:
            subprocess.run([sys.executable, "-m", "backhip_learn", "--version"], capture_output=True, check=True)

        in_process()  # warm imports and caches once, like a second run of the command
        t_floor = best(floor, args.repeat)
        t_in = best(in_process, args.repeat)
        t_cli = best(cli, args.repeat)
        t_start = best(startup, args.repeat)
    print(f"{args.items} items in {len(paths)} files, {size / 1e6:.1f} MB; best of {args.repeat}")
    print(f"floor  yaml.load(CSafeLoader)         {t_floor:7.3f} s")
    print(f"validate in-process (load_paths+lint) {t_in:7.3f} s   ratio {t_in / t_floor:.2f}x")
    print(f"validate CLI (subprocess)             {t_cli:7.3f} s   ratio {t_cli / t_floor:.2f}x"
          f"   (interpreter start + --version alone: {t_start:.3f} s)")


if __name__ == "__main__":
    main()
