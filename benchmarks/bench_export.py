"""Benchmark: `export anki` on a generated 10,000-item bank against genanki alone.

The floor is genanki writing the very same notes (same fields, tags, GUIDs, same models, one
deck) with nothing of ours around it, measured in the same run. Printed:

- export step: build the notes from the loaded library + write the .apkg (ours), vs the floor;
- whole command: ``backhip-learn export anki --bank ...`` in-process (adds YAML loading and
  validation, which the validate benchmark covers), vs the floor.

Usage: python benchmarks/bench_export.py [--items 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _private_generate(folder: Path, n_items: int, n_files: int = 10, seed: int = 0) -> list[Path]:
    """A minimal bank generator (used when benchmarks/gen_bank.py is not available)."""
    from backhip_learn.content.outline import load_outline

    rng = random.Random(seed)
    sections = load_outline().ids()
    words = ("lumbar sciatic nerve hip joint pain pelvis gluteal piriformis disc stenosis bursa "
             "muscle ligament posture exercise rest heat ice flexion spine root").split()

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize()

    def item(i: int) -> dict[str, object]:
        kind = ("basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering")[i % 8]
        base: dict[str, object] = {"id": f"gen-{i:05d}", "type": kind, "source": rng.choice(sections),
                                   "explanation": text(14), "difficulty": rng.choice(["easy", "medium", "hard"])}
        if kind == "basic":
            base.update(front=text(10) + "?", back=text(8))
        elif kind in ("mcq", "multi"):
            base.update(question=text(12) + "?", choices=[
                {"text": text(5), "correct": j == 0 or (kind == "multi" and j == 1), "feedback": text(8)}
                for j in range(4)])
        elif kind == "true_false":
            base.update(statement=text(12), answer=bool(i % 2), feedback_true=text(6), feedback_false=text(6))
        elif kind == "cloze":
            base.update(text=f"{text(4)} {{{{c1::{text(2)}}}}} {text(4)} {{{{c2::{text(1)}}}}} {text(3)}.")
        elif kind == "short":
            base.update(question=text(10) + "?", answer=text(2), accept=[text(2)])
        elif kind == "matching":
            base.update(question=text(8), pairs=[{"left": text(3), "right": text(4)} for _ in range(4)])
        else:
            base.update(question=text(8), steps=[text(5) for _ in range(4)])
        return base

    per_file = -(-n_items // n_files)
    paths = []
    for f in range(n_files):
        items = [item(i) for i in range(f * per_file, min(n_items, (f + 1) * per_file))]
        path = folder / f"gen-{f:02d}.yaml"
        path.write_text(yaml.safe_dump({"id": f"gen-bank-{f:02d}", "title": f"Generated {f}", "items": items},
                                       sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def generate(folder: Path, n_items: int) -> str:
    """Write the bank with the shared generator if present; say which one was used."""
    try:
        from gen_bank import generate as shared  # benchmarks/gen_bank.py, when it exists
    except ImportError:
        _private_generate(folder, n_items)
        return "private generator"
    shared(folder, n_items, n_files=10, seed=0)
    return "benchmarks/gen_bank.py"


def interleaved(repeat: int, **fns: Callable[[], object]) -> dict[str, float]:
    """The fastest of ``repeat`` runs of each function, in CPU seconds of this process.

    Run in turns so that load from other work on the shared machine falls on all of them alike;
    CPU time rather than wall time, as other sessions share the two cores.
    """
    best = {name: float("inf") for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import genanki
    from click.testing import CliRunner

    from backhip_learn.cli import main as cli
    from backhip_learn.content.sources import load_content
    from backhip_learn.export.anki import NOTE_TYPES, build_export, genanki_model, write_apkg

    timestamp = 1_700_000_000.0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = Path(tmp)
        bank = root / "bank"
        bank.mkdir()
        which = generate(bank, args.items)
        lib = load_content([bank])
        if lib.errors:
            sys.exit(f"generated bank does not validate: {lib.errors[0]}")
        export = build_export(lib)
        deck_id = export.decks[0].anki_id

        def ours() -> None:
            write_apkg(build_export(lib), root / "ours.apkg", timestamp=timestamp)

        def floor() -> None:
            # genanki alone: the same notes (fields precomputed above), same models, one deck;
            # GUIDs from genanki's own guid_for, as any genanki user with stable ids writes them.
            models = {k: genanki_model(nt) for k, nt in NOTE_TYPES.items()}
            deck = genanki.Deck(deck_id, export.decks[0].name)
            for row in export.notes:
                deck.add_note(genanki.Note(model=models[row.note_type], fields=list(row.fields),
                                           sort_field=row.sort_field, tags=list(row.tags),
                                           guid=genanki.guid_for("backhip-learn", row.item_id)))
            genanki.Package(deck).write_to_file(str(root / "floor.apkg"), timestamp=timestamp)

        runner = CliRunner()

        def command() -> None:
            result = runner.invoke(cli, ["export", "anki", "--bank", str(bank), "-o", str(root / "cmd.apkg")])
            assert result.exit_code == 0, result.output

        t = interleaved(args.repeat, floor=floor, ours=ours, build=lambda: build_export(lib), command=command)
        t_floor, t_ours, t_build, t_cmd = t["floor"], t["ours"], t["build"], t["command"]

    notes = len(export.notes)
    cards = sum(export.cards_by_type().values())
    print(f"bank: {args.items} items ({which}), {notes} notes, {cards} cards; CPU time, best of {args.repeat}")
    print(f"genanki alone (floor)        {t_floor:7.3f} s")
    print(f"export step (build + write)  {t_ours:7.3f} s   ratio {t_ours / t_floor:.2f}x  (goal <= 1.5x)")
    print(f"  of which building notes    {t_build:7.3f} s")
    print(f"whole command (load + export){t_cmd:7.3f} s   ratio {t_cmd / t_floor:.2f}x")


if __name__ == "__main__":
    main()
