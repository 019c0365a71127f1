"""The extension loader: plug-ins found through the `lakou.extensions` entry point group.

An installed distribution declares, in its own pyproject.toml:

    [project.entry-points."lakou.extensions"]
    booking = "lakou_booking.module:MODULE"

and `LAKOU_EXTENSIONS=booking` enables it. The entry point names a `ModuleSpec` (or a function
returning one) of the same shape as a core module's. Nothing of a disabled extension is loaded:
no routes, pages, menu entries, actors or jobs; its tables, if it was enabled once, stay as
they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points

from infra.modules import ModuleError, ModuleSpec

GROUP = "lakou.extensions"


def available() -> dict[str, EntryPoint]:
    return {entry.name: entry for entry in entry_points(group=GROUP)}


def load_extensions(
    enabled: Sequence[str],
    core: Iterable[ModuleSpec],
    found: Callable[[], dict[str, EntryPoint]] = available,
) -> list[ModuleSpec]:
    """The enabled extensions' specs; an unknown name or a missing dependency is an error
    naming it (the caller turns it into a start-up failure)."""
    if not enabled:
        return []
    entries = found()
    unknown = [name for name in enabled if name not in entries]
    if unknown:
        known = ", ".join(sorted(entries)) or "none installed"
        raise ModuleError(
            f"LAKOU_EXTENSIONS names {', '.join(unknown)}, which is not installed "
            f"(installed extensions: {known})"
        )
    specs = []
    for name in enabled:
        loaded = entries[name].load()
        spec = loaded() if callable(loaded) and not isinstance(loaded, ModuleSpec) else loaded
        if not isinstance(spec, ModuleSpec):
            raise ModuleError(f"extension {name!r} does not point at a ModuleSpec")
        if spec.name != name:
            raise ModuleError(f"extension {name!r} declares itself as {spec.name!r}")
        specs.append(spec)
    present = {spec.name for spec in core} | {spec.name for spec in specs}
    for spec in specs:
        missing = [dependency for dependency in spec.depends_on if dependency not in present]
        if missing:
            raise ModuleError(
                f"extension {spec.name!r} needs {', '.join(missing)}: enable it in "
                "LAKOU_EXTENSIONS (or install it)"
            )
    return specs
