"""Helpers for the Anki export tests."""

from __future__ import annotations

from pathlib import Path


def import_apkg(col: object, path: Path) -> object:
    """Import a package the way Anki's desktop importer does by default; return the log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log  # type: ignore[attr-defined]
