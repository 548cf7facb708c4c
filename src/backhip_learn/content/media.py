"""Course media: SVG pictures checked to exist, to stay inside the course folder and to be safe.

A safe SVG is a picture and nothing else: no script, no event handler, no embedded HTML, no
reference outside the file (a learner's Anki or browser would fetch it), no DTD (entity bombs).
"""

from __future__ import annotations

import re
from pathlib import Path

from backhip_learn.content.problems import Problem, clip

MAX_SVG_BYTES = 1_000_000
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object"}
# url(...) that is not a reference to an element of the same file.
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


class _Stop(Exception):
    """Ends parsing at the first DOCTYPE."""


def resolve_media(rel: str, base: Path, root: Path) -> tuple[Path | None, str, str]:
    """The file ``rel`` names (relative to ``base``), or None with the problem code and why."""
    if not rel.strip() or Path(rel).is_absolute() or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", rel):
        return None, "E053", f"media path '{clip(rel)}' must be a relative path inside the course folder"
    if "\0" in rel or len(rel) > 1000:
        return None, "E053", f"media path '{clip(rel)}' is not a usable file path"
    try:
        target = (base / rel).resolve()
        inside = target.is_relative_to(root.resolve())
        exists = inside and target.is_file()
    except (OSError, RuntimeError) as exc:  # a name too long, a symbolic-link loop
        why = exc.strerror if isinstance(exc, OSError) else exc
        return None, "E052", f"media file '{clip(rel)}' cannot be read: {why}"
    if not inside:
        return None, "E053", f"media path '{clip(rel)}' leads outside the course folder ({root})"
    if not exists:
        return None, "E052", f"media file '{clip(rel)}' does not exist (looked for {target})"
    if target.suffix.lower() != ".svg":
        return None, "E054", f"media file '{clip(rel)}' is not an SVG picture (.svg)"
    return target, "", ""


def check_svg(path: Path) -> tuple[list[Problem], set[str]]:
    """Problems that make an SVG unsafe or unreadable (at its own file:line), and its element ids."""
    from xml.parsers import expat

    name = str(path)
    problems: list[Problem] = []
    ids: set[str] = set()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(name, None, None, "error", f"cannot read the picture: {exc.strerror}", "E052")], ids
    if len(raw) > MAX_SVG_BYTES:
        return [Problem(name, None, None, "error", "picture larger than 1 MB: refused", "E054")], ids
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []

    def bad(message: str) -> None:
        problems.append(Problem(name, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, "error",
                                f"unsafe SVG: {message}", "E054"))

    def start(tag: str, attrs: dict[str, str]) -> None:
        ns, _, local = tag.rpartition(" ")
        if not stack and (local != "svg" or ns != _SVG_NS):
            bad(f"the root element is <{local}>, not an <svg> in the SVG namespace")
        stack.append(local)
        if local in _FORBIDDEN:
            bad(f"<{local}> is not allowed (scripts and embedded documents run code)")
        for key, value in attrs.items():
            attr_ns, _, attr = key.rpartition(" ")
            if attr.lower().startswith("on"):
                bad(f"event handler attribute '{attr}' on <{local}> is not allowed")
            elif attr == "href" and attr_ns in ("", _XLINK_NS) and not value.strip().startswith("#"):
                bad(f"<{local}> links outside the picture ('{value[:60]}'): only '#id' references are allowed")
            elif _EXTERNAL_URL.search(value):
                bad(f"attribute '{attr}' on <{local}> refers outside the picture: only url(#id) is allowed")
            if attr == "id":
                ids.add(value)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack and stack[-1] == "style" and (_EXTERNAL_URL.search(data) or _IMPORT.search(data)):
            bad("a <style> that imports or refers outside the picture")

    def doctype(*_: object) -> None:
        bad("a DOCTYPE is not allowed (entities can expand without bound)")
        raise _Stop  # nothing after a DTD is read: its entities are never expanded

    def instruction(target: str, data: str) -> None:
        bad(f"processing instruction '<?{target}' is not allowed")

    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(raw, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        problems.append(Problem(name, exc.lineno, exc.offset + 1, "error",
                                f"not a well-formed SVG: {expat.ErrorString(exc.code)}", "E054"))
    return problems, ids
