"""Benchmark the study app's startup and memory.

- Startup: wall time from process start to the first card painted by the real command
  (``backhip-learn study --data-dir D``), against a floor measured in the same run: a minimal
  Textual app that paints one Static. Both run in a pseudo-terminal and quit themselves right
  after their first paint (the app via ``BACKHIP_LEARN_BENCH_EXIT_AFTER_FIRST_CARD``), printing a
  marker that the benchmark checks; runs alternate floor/app so that machine noise hits both.
- Memory: peak RSS (``ru_maxrss`` of the child, from ``os.wait4``) of the same command on a
  generated 10,000-item bank (``benchmarks/gen_bank.py``), next to the floor's.

Run: ``python benchmarks/bench_tui.py [--runs N] [--items 10000]``. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_bank import generate  # noqa: E402

from backhip_learn.tui.app import BENCH_EXIT_ENV, FIRST_CARD_MARKER  # noqa: E402

FLOOR_MARKER = "floor: first paint"
FLOOR_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static

class Floor(App):
    def compose(self) -> ComposeResult:
        yield Static("What is the piriformis?")

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit, message={FLOOR_MARKER!r})

Floor().run()
"""
# A second floor: the same one-widget app after loading the bundled content (what any client of the
# content model pays: pydantic, YAML, the files). The gap to it is the TUI's own cost.
CONTENT_FLOOR_MARKER = "content floor: first paint"
CONTENT_FLOOR_APP = f"""
from backhip_learn.content.load import load_content
from textual.app import App, ComposeResult
from textual.widgets import Static

library = load_content()

class Floor(App):
    def compose(self) -> ComposeResult:
        yield Static(library.items[0].prompt, markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit, message={CONTENT_FLOOR_MARKER!r})

Floor().run()
"""


def run_in_pty(argv: list[str], marker: str, env: dict[str, str]) -> tuple[float, int]:
    """Run ``argv`` in a 100x30 pty; (seconds from spawn to exit, peak RSS in KiB). Checks the marker."""
    import fcntl
    import pty
    import struct
    import termios

    out = bytearray()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

    def drain() -> None:  # the child blocks if nobody reads the terminal
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            out.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    reader.join(timeout=5)
    os.close(fd)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or marker.encode() not in out:
        tail = bytes(out[-2000:]).decode("utf-8", "replace")
        raise SystemExit(f"{argv!r} did not reach its first paint (status {status}):\n{tail}")
    return elapsed, int(usage.ru_maxrss)


def main() -> None:
    """Alternate floor and app runs; print medians, ratio and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color", BENCH_EXIT_ENV: "1", "COLUMNS": "100", "LINES": "30"}
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        floor_cmd = [python, "-c", FLOOR_APP]
        app_cmd = [python, "-m", "backhip_learn", "study", "--data-dir", str(data)]
        run_in_pty(app_cmd, FIRST_CARD_MARKER, env)  # creates the database; warms the disk cache
        run_in_pty(floor_cmd, FLOOR_MARKER, env)
        content_cmd = [python, "-c", CONTENT_FLOOR_APP]
        floor_t, content_t, app_t, floor_rss = [], [], [], []
        for _ in range(args.runs):
            t, rss = run_in_pty(floor_cmd, FLOOR_MARKER, env)
            floor_t.append(t)
            floor_rss.append(rss)
            content_t.append(run_in_pty(content_cmd, CONTENT_FLOOR_MARKER, env)[0])
            app_t.append(run_in_pty(app_cmd, FIRST_CARD_MARKER, env)[0])
        f, c, a = statistics.median(floor_t), statistics.median(content_t), statistics.median(app_t)
        print(f"startup to first paint and exit, median of {args.runs} (bundled content):")
        print(f"  floor (Textual app, one Static):          {f * 1000:7.0f} ms")
        print(f"  floor + load_content() (content model):   {c * 1000:7.0f} ms   {c / f:.2f}x the floor")
        print(f"  backhip-learn study (first card):         {a * 1000:7.0f} ms   {a / f:.2f}x the floor"
              f" (goal <= 1.3x), {a / c:.2f}x the content floor")

        bank = Path(tmp) / "bank"
        generate(bank, args.items, n_files=10, seed=0)
        big_cmd = [python, "-m", "backhip_learn", "--bank", str(bank), "study", "--data-dir", str(Path(tmp) / "big")]
        run_in_pty(big_cmd, FIRST_CARD_MARKER, env)
        big = [run_in_pty(big_cmd, FIRST_CARD_MARKER, env) for _ in range(max(3, args.runs // 3))]
        big_t = statistics.median(t for t, _ in big)
        big_rss = max(r for _, r in big)
        print(f"{args.items:,}-item generated bank:")
        print(f"  startup to first card:           {big_t * 1000:7.0f} ms   ratio {big_t / f:.2f}x the floor")
        print(f"  peak RSS:                        {big_rss / 1024:7.1f} MiB  (floor {max(floor_rss) / 1024:.1f} MiB;"
              f" goal <= 100 MiB)")


if __name__ == "__main__":
    main()
