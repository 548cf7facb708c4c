"""Benchmark the study app's startup and memory.

- Startup: time from process start to the first card painted by the real command
  (``backhip-learn study --data-dir D``), against a floor measured in the same run: a minimal
  Textual app that paints one Static. Both run in a pseudo-terminal and quit themselves right
  after their first paint (the app via ``BACKHIP_LEARN_BENCH_EXIT_AFTER_FIRST_CARD``), printing a
  marker with the ``time.monotonic()`` of that paint. Two figures per program:
  *first paint* (spawn to that paint: what a learner waits for) and *exit* (spawn to process exit:
  the paint plus Textual's shutdown, ~100-200 ms of waiting for its input thread, which depends on
  how long after the driver started the app quits, plus interpreter teardown).
- The app runs warm (the validated-content cache filled by an earlier run: the usual start) and
  cold (its cache folder emptied before each run: a first start, or one after the content
  changed, which also writes the cache). The cache lives in a temporary folder
  (``BACKHIP_LEARN_CACHE_DIR``), never the user's.
- Runs alternate floor / content floor / warm / cold so that machine noise hits all alike.
- Bytecode: the children cache bytecode in a temporary ``PYTHONPYCACHEPREFIX``, as an installed
  package has its ``.pyc`` files (this environment sets ``PYTHONDONTWRITEBYTECODE``, under which our
  modules would be compiled from source at every start while the floor's Textual is precompiled).
- Memory: peak RSS (``ru_maxrss`` of the child, from ``os.wait4``) of the same command on a
  generated 10,000-item bank (``benchmarks/gen_bank.py``), cold and warm, next to the floor's.

Run: ``python benchmarks/bench_tui.py [--runs N] [--items 10000]`` (``--items 0``: startup only). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backhip_learn.content.cache import CACHE_ENV  # noqa: E402
from backhip_learn.tui.app import BENCH_EXIT_ENV, FIRST_CARD_MARKER  # noqa: E402
from gen_bank import generate  # noqa: E402

FLOOR_MARKER = "floor: first paint"
FLOOR_APP = f"""
import time
from textual.app import App, ComposeResult
from textual.widgets import Static

class Floor(App):
    def compose(self) -> ComposeResult:
        yield Static("What is the piriformis?")

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: self.exit(
            message=f"{FLOOR_MARKER} at {{time.monotonic():.6f}} cpu {{time.process_time():.6f}}"))

Floor().run()
"""
# A second floor: the same one-widget app after loading the bundled content (what any client of the
# content model pays: pydantic, YAML, the files). The gap to it is the TUI's own cost.
CONTENT_FLOOR_MARKER = "content floor: first paint"
CONTENT_FLOOR_APP = f"""
import time
from backhip_learn.content.sources import load_content
from textual.app import App, ComposeResult
from textual.widgets import Static

library = load_content()

class Floor(App):
    def compose(self) -> ComposeResult:
        yield Static(str(len(library.items)) + " items: " + library.items[0].prompt, markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: self.exit(
            message=f"{CONTENT_FLOOR_MARKER} at {{time.monotonic():.6f}} cpu {{time.process_time():.6f}}"))

Floor().run()
"""


# What each program's first screen puts on the terminal (read from the pty as it arrives, colour
# codes removed): the screen counts as shown once every one of these is there.
FLOOR_SCREEN = (b"What is the piriformis?",)
CONTENT_FLOOR_SCREEN = (b" items: ",)
SGR = re.compile(rb"\x1b\[[0-9;?]*m")


def first_card_screen(banks: list[str]) -> tuple[bytes, ...]:
    """What the first card of a new learner shows: the start of its prompt and of each option.

    Asked of the engine itself (a fresh store in a temporary folder), so the benchmark waits for the
    card the app will put up, with its choices drawn, not for any partial frame before it.
    """
    from backhip_learn.content.sources import load_content
    from backhip_learn.store import Store
    from backhip_learn.study.queue import StudyQueue
    from backhip_learn.tui.engine_backend import utc_now

    library = load_content(banks)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "progress.sqlite3")
        entry = StudyQueue(store, library, utc_now()).next(utc_now())
        store.close()
    assert entry is not None
    item = entry.item
    texts = [item.prompt if item.type != "cloze" else item.prompt.split("[...]")[0]]
    texts += [c.text for c in item.choice_list()]
    return tuple(t[:24].encode() for t in texts if t[:24].strip())


@dataclass
class Run:
    """One run: seconds to the screen on the terminal, to the paint callback, to exit; CPU seconds the
    process had used at the paint callback; peak RSS in KiB."""

    shown: float
    paint: float
    cpu: float
    exit: float
    rss: int


def run_in_pty(argv: list[str], marker: str, env: dict[str, str], screen: tuple[bytes, ...]) -> Run:
    """Run ``argv`` in a 100x30 pty until it exits; checks the marker and reads the paint time from it.

    ``shown`` is when every text of ``screen`` has reached the terminal (the reader's clock, the same
    for every program): the first screen as the learner sees it.
    """
    import fcntl
    import pty
    import struct
    import termios

    out = bytearray()
    seen: list[float] = []
    start = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child
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
            if not seen:
                plain = SGR.sub(b"", bytes(out))
                if all(text in plain for text in screen):
                    seen.append(time.monotonic())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.monotonic() - start
    reader.join(timeout=5)
    os.close(fd)
    found = re.search(re.escape(marker).encode() + rb" at (\d+\.\d+) cpu (\d+\.\d+)", bytes(out))
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or found is None or not seen:
        tail = bytes(out[-2000:]).decode("utf-8", "replace")
        raise SystemExit(f"{argv!r} did not reach its first paint (status {status}):\n{tail}")
    return Run(seen[0] - start, float(found.group(1)) - start, float(found.group(2)), elapsed, int(usage.ru_maxrss))


def median_ms(runs: list[Run], attr: str) -> float:
    """Median of one field, in milliseconds."""
    return statistics.median(getattr(r, attr) for r in runs) * 1000


def main() -> None:
    """Alternate floor and app runs; print medians, ratios and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "TERM": "xterm-256color", BENCH_EXIT_ENV: "1", "COLUMNS": "100", "LINES": "30",
               CACHE_ENV: str(cache), "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        data = Path(tmp) / "data"
        floor_cmd = [python, "-c", FLOOR_APP]
        content_cmd = [python, "-c", CONTENT_FLOOR_APP]
        # The learner's command: the installed `backhip-learn` script (python -m when it is not installed).
        script = Path(python).with_name("backhip-learn")
        app = [str(script)] if script.exists() else [python, "-m", "backhip_learn"]
        app_cmd = [*app, "study", "--data-dir", str(data)]
        card = first_card_screen([])

        def cold(cmd: list[str], screen: tuple[bytes, ...]) -> Run:
            shutil.rmtree(cache, ignore_errors=True)
            return run_in_pty(cmd, FIRST_CARD_MARKER, env, screen)

        run_in_pty(app_cmd, FIRST_CARD_MARKER, env, card)  # creates the database and the cache; warms the disk cache
        run_in_pty(floor_cmd, FLOOR_MARKER, env, FLOOR_SCREEN)
        floor: list[Run] = []
        content: list[Run] = []
        warm: list[Run] = []
        cold_runs: list[Run] = []
        for _ in range(args.runs):
            floor.append(run_in_pty(floor_cmd, FLOOR_MARKER, env, FLOOR_SCREEN))
            content.append(run_in_pty(content_cmd, CONTENT_FLOOR_MARKER, env, CONTENT_FLOOR_SCREEN))
            warm.append(run_in_pty(app_cmd, FIRST_CARD_MARKER, env, card))
            cold_runs.append(cold(app_cmd, card))
            run_in_pty(app_cmd, FIRST_CARD_MARKER, env, card)  # refill the cache for the next warm run (not timed)
        print(f"startup, median of {args.runs} (bundled content; ratio to the floor in the same run):")
        print(f"  {'':44} {'on the terminal':>18} {'paired':>7} {'paint callback':>18} {'CPU to paint':>18}"
              f" {'exit':>18}")
        fs, fp, fc, fe = (median_ms(floor, a) for a in ("shown", "paint", "cpu", "exit"))
        rows = [
            ("floor (Textual app, one Static)", floor),
            ("floor + load_content() (no cache)", content),
            ("backhip-learn study, warm (cache)", warm),
            ("backhip-learn study, cold (no cache)", cold_runs),
        ]
        for label, runs in rows:
            sh, p, c, e = (median_ms(runs, a) for a in ("shown", "paint", "cpu", "exit"))
            # Paired: the median of each run's ratio to the floor run just before it (steadier when the
            # machine's load drifts during the benchmark).
            paired = statistics.median(r.shown / f.shown for r, f in zip(runs, floor))
            print(f"  {label:44} {sh:6.0f} ms {sh / fs:5.2f}x {paired:6.2f}x {p:6.0f} ms {p / fp:5.2f}x"
                  f" {c:6.0f} ms {c / fc:5.2f}x {e:6.0f} ms {e / fe:5.2f}x")
        print("  goal: first card on the terminal <= 1.3x the floor")

        if args.items <= 0:
            return
        bank = Path(tmp) / "bank"
        generate(bank, args.items, n_files=10, seed=0)
        big_cmd = [*app, "--bank", str(bank), "study", "--data-dir", str(Path(tmp) / "big")]
        big_card = first_card_screen([str(bank)])
        run_in_pty(big_cmd, FIRST_CARD_MARKER, env, big_card)
        big_warm, big_cold = [], []
        for _ in range(max(3, args.runs // 3)):
            big_warm.append(run_in_pty(big_cmd, FIRST_CARD_MARKER, env, big_card))
            big_cold.append(cold(big_cmd, big_card))
            run_in_pty(big_cmd, FIRST_CARD_MARKER, env, big_card)
        floor_rss = max(r.rss for r in floor) / 1024
        print(f"{args.items:,}-item generated bank (on the terminal, exit, peak RSS; floor {floor_rss:.1f} MiB; "
              "goal <= 100 MiB):")
        for label, runs in (("warm (cache)", big_warm), ("cold (no cache)", big_cold)):
            sh, e = median_ms(runs, "shown"), median_ms(runs, "exit")
            print(f"  {label:18} {sh:6.0f} ms {sh / fs:5.2f}x {e:6.0f} ms {e / fe:5.2f}x"
                  f"   peak RSS {max(r.rss for r in runs) / 1024:6.1f} MiB")


if __name__ == "__main__":
    main()
