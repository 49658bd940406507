#!/usr/bin/env python3
"""Fails when two files under src/ import each other.

A file imports another when it names a path (`use` or inline) that resolves
to that file's module: `crate::a::b::Item` resolves to the file of the
deepest module of the path (a/b.rs or a/b/mod.rs, else a.rs or a/mod.rs);
`super::` and `self::` paths resolve from the file's own module. A module's
declaration and re-export of its own submodules (`mod x; pub use x::Y;`)
is its structure, not an import, so edges from a module to its descendants
are not counted. Usage: python3 .ci/import_cycles.py [src]
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
PATH = re.compile(r"\b((?:crate|super|self)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*|\{))+)")


def module_of(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


files = {}
for p in ROOT.rglob("*.rs"):
    files[module_of(p)] = p


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def expand(text):
    """`use a::{b, c::d}` → paths a::b, a::c::d (one level of braces)."""
    out = []
    for m in re.finditer(r"((?:crate|super|self)(?:::\w+)*)::\{([^{}]*)\}", text):
        for item in m.group(2).split(","):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                out.append(m.group(1) + "::" + item)
            elif item == "self":
                out.append(m.group(1))
    return out


def resolve(module, path):
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    else:
        base = list(module)
        if segs[0] == "self":
            segs = segs[1:]
        while segs and segs[0] == "super":
            base = base[:-1]
            segs = segs[1:]
    full = base + [s for s in segs if s != "{"]
    for k in range(len(full), -1, -1):
        if tuple(full[:k]) in files:
            return tuple(full[:k])
    return None


edges = {}
for module, p in files.items():
    text = strip_comments(p.read_text())
    paths = [m.group(1).rstrip(":{") for m in PATH.finditer(text)] + expand(text)
    for path in paths:
        target = resolve(module, path)
        if target is None or target == module or target[: len(module)] == module:
            continue
        edges.setdefault(module, set()).add(target)

cycles = sorted(
    (a, b) for a, ts in edges.items() for b in ts if a < b and a in edges.get(b, ())
)
for a, b in cycles:
    print(f"{files[a]} <-> {files[b]}")
print(f"{len(cycles)} pairs of files import each other ({len(files)} files)")

# The same between the crate's top-level modules (cohort, datasets, survival, ...).
top = {}
for a, ts in edges.items():
    for b in ts:
        if a and b and a[0] != b[0]:
            top.setdefault(a[0], {}).setdefault(b[0], files[a])
module_cycles = sorted(
    (a, b) for a, ts in top.items() for b in ts if a < b and a in top.get(b, {})
)
for a, b in module_cycles:
    print(f"modules {a} <-> {b} (e.g. {top[a][b]} and {top[b][a]})")
print(f"{len(module_cycles)} pairs of top-level modules import each other")
sys.exit(1 if cycles or module_cycles else 0)
