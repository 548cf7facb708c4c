"""The core never imports Textual (nor genanki outside export): each module is imported alone in a subprocess."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import backhip_learn

CORE_PACKAGES = ("content", "study", "export")
CORE_MODULES = ("store",)


def core_modules() -> list[str]:
    """Every module under the core packages (found with pkgutil, so new modules are covered)."""
    root = backhip_learn.__path__
    names: list[str] = []
    present = {m.name for m in pkgutil.iter_modules(root)}
    for package in CORE_PACKAGES:
        if package not in present:
            continue
        pkg = __import__(f"backhip_learn.{package}", fromlist=["_"])
        names.append(pkg.__name__)
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg.__name__}.")]
    names += [f"backhip_learn.{m}" for m in CORE_MODULES if m in present]
    return sorted(names)


def imported_after(module: str) -> set[str]:
    code = f"import importlib, json, sys; importlib.import_module({module!r}); print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_discovery_finds_the_content_modules() -> None:
    names = core_modules()
    for expected in ("backhip_learn.content.load", "backhip_learn.content.lint", "backhip_learn.content.yamlsafe"):
        assert expected in names


@pytest.mark.parametrize("module", core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = imported_after(module)
    assert "textual" not in loaded, f"{module} imports textual"
    if not module.startswith("backhip_learn.export"):
        assert "genanki" not in loaded, f"{module} imports genanki"


def test_the_study_apps_first_card_needs_no_validator_yaml_nor_scheduler() -> None:
    """Everything the study app imports up to its first card leaves out pydantic, YAML and fsrs.

    They load when first needed (a file to validate, an answer to schedule): a warm start paints the
    first card without them (BENCHMARKS.md, "Study app").
    """
    modules = ("backhip_learn.cli", "backhip_learn.commands.study", "backhip_learn.content.cache",
               "backhip_learn.content.select", "backhip_learn.store", "backhip_learn.study.queue",
               "backhip_learn.tui.app", "backhip_learn.tui.context", "backhip_learn.tui.engine_backend",
               "backhip_learn.tui.screens.review", "backhip_learn.tui.widgets.choice_list")
    code = ("import importlib, json, sys; [importlib.import_module(m) for m in " + repr(modules) + "]; "
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "textual" in loaded  # the list above is the app's
    assert not {"pydantic", "yaml", "fsrs", "genanki"} & loaded
