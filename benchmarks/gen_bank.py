"""Generate synthetic, lint-clean question banks: N items of all eight types over several files.

Reusable by every benchmark::

    from benchmarks.gen_bank import generate   # or put benchmarks/ on sys.path
    paths = generate(tmp_folder, 10_000, n_files=10, seed=0)

or from the shell: ``python benchmarks/gen_bank.py OUT_FOLDER --items 10000 --files 10 --seed 0``.
Besides the banks it writes ``misconceptions.yaml`` (the ids the choices use), ``exam.yaml`` and
``deck.yaml`` (a root deck with one subdeck per bank), so the result validates with no problem.
The text is random words: it is load, not study material.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

TYPES = ("basic", "mcq", "multi", "true_false", "cloze", "short", "matching", "ordering")
SECTIONS = (
    "overview", "referred-pain", "anatomy.si-joint", "anatomy.sciatic-nerve", "anatomy.gluteals",
    "anatomy.piriformis", "anatomy.iliopsoas", "anatomy.ligaments", "causes.disc-herniation",
    "causes.si-dysfunction", "causes.piriformis-syndrome", "causes.spinal-stenosis",
    "causes.osteoarthritis", "causes.muscle-strain", "causes.trochanteric-bursitis",
    "red-flags.persistent-pain", "red-flags.night-pain", "management.acute", "management.exercise",
    "conclusion",
)
WORDS = (
    "lumbar sacrum ilium nerve root disc bulge piriformis gluteus medius maximus minimus iliopsoas "
    "ligament joint stenosis canal bursa trochanter hip groin buttock thigh leg numbness tingling "
    "weakness posture core stretch walking rest ice heat referred pain pathway signal muscle strain "
    "imbalance cartilage wear inflammation pressure spine vertebra foramen sciatic"
).split()
MISCONCEPTIONS = tuple(f"gen-mis-{k}" for k in range(8))


def _words(rng: random.Random, lo: int, hi: int, vocab: tuple[str, ...] | list[str] = WORDS) -> str:
    return " ".join(rng.choice(vocab) for _ in range(rng.randint(lo, hi)))


def _distinct(
    rng: random.Random, n: int, lo: int, hi: int, mark: str = "", vocab: tuple[str, ...] | list[str] = WORDS
) -> list[str]:
    # ``mark`` keeps the numbering of two lists apart (matching sides sharing "1" would be a lint cue).
    out: dict[str, None] = {}
    while len(out) < n:
        out[f"{_words(rng, lo, hi, vocab)} {mark}{len(out) + 1}"] = None
    return list(out)


def make_item(i: int, rng: random.Random) -> dict[str, Any]:
    """One valid, lint-clean item; its type cycles through the eight types with ``i``."""
    kind = TYPES[i % len(TYPES)]
    item: dict[str, Any] = {"id": f"gen-{i:06d}", "type": kind}
    if i % 3 == 0:
        item["source"] = SECTIONS[i % len(SECTIONS)]
    if kind == "basic":
        item.update(front=_words(rng, 6, 14) + "?", back=_words(rng, 3, 10))
    elif kind in ("mcq", "multi"):
        # The key is the shortest text (the longest key is a lint cue); a multi has one or two of four right.
        texts = sorted(_distinct(rng, 4, 2, 6), key=len)
        n_correct = 1 if kind == "mcq" else rng.randint(1, 2)
        choices = []
        for k, text in enumerate(texts):
            choice: dict[str, Any] = {"text": text}
            if k < n_correct:
                choice["correct"] = True
            else:
                choice["feedback"] = _words(rng, 4, 12)
                if k == n_correct:
                    choice["misconception"] = rng.choice(MISCONCEPTIONS)
            choices.append(choice)
        rng.shuffle(choices)
        item.update(question=_words(rng, 6, 16) + "?", choices=choices)
    elif kind == "true_false":
        answer = rng.random() < 0.5
        item.update(statement=_words(rng, 6, 16) + ".", answer=answer)
        item["feedback_false" if answer else "feedback_true"] = _words(rng, 4, 12)
    elif kind == "cloze":
        # Gap answers carry a word of their own: an answer readable elsewhere on its card is a lint cue.
        a, b = f"{_words(rng, 0, 1)} gap{i}a".strip(), f"{_words(rng, 0, 1)} gap{i}b".strip()
        item.update(
            text=f"{_words(rng, 3, 8)} {{{{c1::{a}}}}} {_words(rng, 2, 6)} {{{{c2::{b}::hint}}}} {_words(rng, 1, 4)}.",
            accept={"c1": [f"{a} variant"]},
            # Answer tests, as every typed item of a real bank has: validate runs them.
            examples={"c1": {"right": [a], "wrong": [f"zq{i}x"]}, "c2": {"right": [b], "wrong": [f"zq{i}y"]}},
        )
    elif kind == "short":
        answer = f"{_words(rng, 0, 2)} answer{i}".strip()
        item.update(question=_words(rng, 6, 14) + "?", answer=answer, accept=[f"alt {k}" for k in range(2)],
                    examples={"right": [answer, "alt 1"], "wrong": [f"zq{i}w"]})
    elif kind == "matching":
        # Left and right sides from disjoint halves of the words: a shared word would be a lint cue.
        half = len(WORDS) // 2
        lefts, rights = _distinct(rng, 4, 1, 3, "l", WORDS[:half]), _distinct(rng, 4, 1, 4, "r", WORDS[half:])
        item.update(question="Match " + _words(rng, 3, 8), pairs=[{"left": x, "right": y} for x, y in zip(lefts, rights)])
    else:
        item.update(question="Order " + _words(rng, 3, 8), steps=_distinct(rng, 4, 2, 5))
    item["explanation"] = _words(rng, 8, 30) + "."
    item["tags"] = [rng.choice(("gen", "core", "review"))]
    return item


def generate(folder: str | Path, n_items: int, n_files: int = 10, seed: int = 0) -> list[Path]:
    """Write ``n_items`` items (all eight types) into ``n_files`` bank files plus extras; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_files = max(1, min(n_files, n_items or 1))
    paths: list[Path] = []
    per_file = -(-n_items // n_files) if n_items else 0
    bank_ids = []
    for f in range(n_files):
        bank_id = f"gen-bank-{f:02d}"
        bank_ids.append(bank_id)
        items = [make_item(i, rng) for i in range(f * per_file, min(n_items, (f + 1) * per_file))]
        bank = {
            "id": bank_id,
            "title": f"Generated bank {f}",
            "description": "Synthetic load for benchmarks.",
            "source": SECTIONS[f % len(SECTIONS)],
            "tags": ["generated"],
            "items": items,
        }
        path = folder / f"{bank_id}.yaml"
        path.write_text(
            "# yaml-language-server: $schema=bank.schema.json\n" + yaml.safe_dump(bank, sort_keys=False, allow_unicode=True, width=100),
            "utf-8",
        )
        paths.append(path)
    extras = {
        "misconceptions.yaml": {
            "kind": "misconceptions",
            "misconceptions": [
                {"id": m, "label": f"Generated misconception {k}", "correction": "What the article says instead."}
                for k, m in enumerate(MISCONCEPTIONS)
            ],
        },
        "exam.yaml": {
            "kind": "exam", "id": "gen-exam", "title": "Generated exam",
            "draw": [{"tags": ["generated"], "count": max(1, min(20, n_items))}],
            "time_limit_minutes": 30, "pass_mark": 80,
        },
        "deck.yaml": {
            "kind": "deck",
            "deck": {
                "id": "gen-root", "name": "Generated", "anki_id": 1_500_000_000_000,
                "children": [
                    {"id": f"{b}-deck", "name": f"Bank {k}", "anki_id": 1_500_000_000_001 + k, "banks": [b]}
                    for k, b in enumerate(bank_ids)
                ],
            },
        },
    }
    if n_items:
        for name, data in extras.items():
            path = folder / name
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), "utf-8")
            paths.append(path)
    return paths


def main() -> None:
    """Command line: write a synthetic bank folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.folder, args.items, n_files=args.files, seed=args.seed)
    print(f"wrote {len(paths)} files to {args.folder}")


if __name__ == "__main__":
    main()
