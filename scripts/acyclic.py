#!/usr/bin/env python3
"""Check that no two source files of a crate import each other, directly or through others.

For each crate (the engine, src/, and the web app, web/src/) this builds the graph "file A imports file B"
and prints every strongly connected component of more than one file as import cycles; it exits 1 if there
is any, else prints `no import cycles (N files)` and exits 0.

What counts as "A imports B":
- a `use` declaration in A (grouped trees like `use super::{a, b::C}` included), or an inline path in A's
  code (`super::foo::bar(`, `crate::engine::x::Y`, and paths through a child module or an imported name);
- the path is resolved to the deepest module file it names (`crate::engine::plan::Plan` is
  src/engine/plan.rs); when the next segment is a name that file imports (`use crate::engine::Config`,
  where engine/mod.rs has `pub use config::Config`), the path follows that import to config.rs — so a
  child reaching a sibling through its parent's re-exports is not a cycle with the parent;
- importing a module itself (`use crate::engine::{self}`) is not an edge; what is used through it is;
- `mod x;` declarations are not imports, and a file never imports itself (`use super::*` in an inline
  `mod tests` of the same file is a self-import). A test module in its own file (kept/tests.rs) does
  import its parent.

Usage: scripts/acyclic.py [-v] [REPO]   (-v: print the line behind each edge of a cycle)
       scripts/acyclic.py --self-test
"""

import re
import sys
import tempfile
from bisect import bisect
from pathlib import Path

# (source directory, the library's name as the crate's binaries spell it)
CRATES = [("src", "initscope"), ("web/src", "initscope_web")]

# Comments, strings and char literals (skipped), then identifiers, `::` and single punctuation.
TOKEN = re.compile(
    r"""(?P<skip>//[^\n]*|/\*[\s\S]*?\*/|b?r(?P<h>\#*)"[\s\S]*?"(?P=h)|b?"(?:\\[\s\S]|[^"\\])*"
                 |b?'(?:\\(?:x\w\w|u\{\w*\}|.)|[^'\\\n])'|'\w+)
       |(?P<tok>\w+|::|\S)""",
    re.VERBOSE,
)
RELATIVE = {"crate", "self", "super"}


def tokenize(text):
    """The tokens of Rust source as (text, line) pairs, without comments and literals."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    return [(m["tok"], bisect(newlines, m.start()) + 1) for m in TOKEN.finditer(text) if m["tok"]]


def parse_use(toks, i, prefix):
    """Parse the use tree at toks[i]; return ([(path, name)], next index). name is None for a glob."""
    path = list(prefix)
    while True:
        t = toks[i][0]
        if t == "{":
            i, found = i + 1, []
            while toks[i][0] != "}":
                sub, i = parse_use(toks, i, path)
                found += sub
                i += toks[i][0] == ","
            return found, i + 1
        if t == "*":
            return [(path, None)], i + 1
        if t != "::":
            path.append(t)
        i += 1
        if t == "::" or toks[i][0] == "::":
            continue
        if path[-1] == "self" and len(path) > 1:
            path.pop()
        name = path[-1]
        if toks[i][0] == "as":
            name, i = toks[i + 1][0], i + 2
        return [(path, name)], i


class Crate:
    """The module files of one crate (its library plus its binaries) and what each file imports."""

    def __init__(self, root, src, lib_name):
        src = Path(root) / src
        self.mods = {}  # module path (tuple) of the library -> file
        self.bins = sorted(src.glob("bin/*.rs")) + sorted(src.glob("main.rs"))
        for f in sorted(src.rglob("*.rs")):
            if f in self.bins:
                continue
            parts = f.relative_to(src).with_suffix("").parts
            self.mods[parts[:-1] if parts[-1] in ("lib", "mod") else parts] = f
        self.lib_name = lib_name
        self.uses, self.exports, self.aliases = {}, {}, {}
        self.toks = {f: tokenize(f.read_text()) for f in self.files()}
        for f in self.files():
            self.scan_uses(f)

    def files(self):
        return list(self.mods.values()) + self.bins

    def module_of(self, f):
        """The module path of a library file, or None for a binary's root."""
        return next((m for m, g in self.mods.items() if g == f), None)

    def absolute(self, f, mod, path, aliases):
        """The library module path `path` names in module `mod` of file f, or None (external or a binary)."""
        head, rest = path[0], tuple(path[1:])
        if mod is None:  # a binary: only its library is another file
            return rest if head == self.lib_name else None
        if head == "crate":
            return rest
        if head in ("self", "super"):
            while path and path[0] in ("self", "super"):
                mod, path = (mod[:-1] if path[0] == "super" else mod), path[1:]
            return mod + tuple(path)
        if mod + (head,) in self.mods:  # a child module (2018 uniform paths)
            return mod + tuple(path)
        if head in aliases:
            return aliases[head] + rest
        return None

    def locate(self, path, depth=0):
        """The file a library path resolves to: its deepest module file, through that file's imports."""
        n = next(n for n in range(len(path), -1, -1) if path[:n] in self.mods)
        f, rest = self.mods[path[:n]], path[n:]
        target = self.exports.get(f, {}).get(rest[0]) if rest else None
        if target is not None and depth < 10:
            return self.locate(target + rest[1:], depth + 1)
        return f

    def scan_uses(self, f):
        """Record the `use` declarations of f: its imports, top-level names (exports) and aliases."""
        toks, uses, exports, aliases = self.toks[f], [], {}, {}
        for i, mod, depth in self.walk(f):
            if toks[i][0] != "use":
                continue
            for path, name in parse_use(toks, i + 1, [])[0]:
                target = self.absolute(f, mod, path, {})
                if target is None:
                    continue
                uses.append((toks[i][1], "use " + "::".join(path), target, name is None))
                if name and name != "_":
                    aliases[name] = target
                    if depth == 0:
                        exports[name] = target
        self.uses[f], self.exports[f], self.aliases[f] = uses, exports, aliases

    def walk(self, f):
        """Yield (token index, module path, brace depth) over f's tokens; depth 0 is f's own item level."""
        toks, stack, depth = self.toks[f], [], 0
        base = self.module_of(f)
        for i, (t, _) in enumerate(toks):
            if t == "{":
                if i >= 2 and toks[i - 2][0] == "mod":
                    stack.append((toks[i - 1][0], depth))
                depth += 1
            elif t == "}":
                depth -= 1
                if stack and stack[-1][1] == depth:
                    stack.pop()
            mod = None if base is None else base + tuple(name for name, _ in stack)
            yield i, mod, depth

    def imports(self, f):
        """Yield (file, line, evidence) for every library file that f imports."""
        toks, aliases = self.toks[f], self.aliases[f]
        for line, text, target, glob in self.uses[f]:
            if glob or target not in self.mods:  # importing a module alone is no edge
                yield self.locate(target), line, text
        in_use = False
        for i, mod, _ in self.walk(f):
            t = toks[i][0]
            in_use = (in_use or t == "use") and t != ";"
            before = [tok for tok, _ in toks[max(i - 2, 0) : i]]
            starts = i + 1 < len(toks) and toks[i + 1][0] == "::" and before[-1:] != ["::"]
            if in_use or not starts or before == ["(", "in"] or not re.match(r"[a-z_]", t):
                continue
            path = [t]
            while i + 2 < len(toks) and toks[i + 1][0] == "::" and re.match(r"\w", toks[i + 2][0]):
                path.append(toks[i + 2][0])
                i += 2
            target = self.absolute(f, mod, path, aliases)
            if target is not None:
                yield self.locate(target), toks[i][1], "::".join(path)


def graph(root):
    """{file: {imported file: (line, evidence)}} over every crate, with paths relative to root."""
    edges = {}
    for src, lib_name in CRATES:
        if not (Path(root) / src).is_dir():
            continue
        crate = Crate(root, src, lib_name)
        for f in crate.files():
            name = str(f.relative_to(root))
            out = edges.setdefault(name, {})
            for g, line, text in crate.imports(f):
                if g != f:
                    out.setdefault(str(g.relative_to(root)), (line, text))
    return edges


def components(edges):
    """The strongly connected components of more than one file (Tarjan), each sorted."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while not comp or comp[-1] != v:
                comp.append(stack.pop())
                on.discard(comp[-1])
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def shortest_cycle(edges, start, within):
    """The shortest cycle from start back to start inside one component (breadth-first)."""
    before, queue = {start: None}, [start]
    for v in queue:
        for w in sorted(edges[v]):
            if w == start:
                path = [v]
                while before[path[-1]] is not None:
                    path.append(before[path[-1]])
                return path[::-1] + [start]
            if w in within and w not in before:
                before[w] = v
                queue.append(w)
    return [start]


def cycles(edges, comp):
    """Shortest cycles that between them pass through each file of one component."""
    found, covered = [], set()
    for v in comp:
        if v not in covered:
            cycle = shortest_cycle(edges, v, set(comp))
            covered.update(cycle)
            found.append(cycle)
    return found


def report(root, verbose=False):
    edges = graph(root)
    comps = components(edges)
    for comp in comps:
        if len(comp) > 2:
            print(f"{len(comp)} files import each other: {', '.join(comp)}")
        for cycle in cycles(edges, comp):
            print("cycle: " + " -> ".join(cycle))
            for a, b in zip(cycle, cycle[1:]) if verbose else ():
                line, text = edges[a][b]
                print(f"    {a}:{line}: {text}")
    if not comps:
        print(f"no import cycles ({len(edges)} files)")
    return 1 if comps else 0


def self_test():
    """A tree with one 2-file cycle, a re-export that must not make one, and a test module's self-import."""
    files = {
        "src/lib.rs": "pub mod a;\npub mod b;\npub mod m;\n",
        "src/a.rs": "use crate::b::{self, B};\npub struct A;\n",
        "src/b.rs": "pub struct B;\npub fn f() { let _ = super::a::A; }\n",
        "src/m/mod.rs": "mod x;\nmod y;\npub use x::X;\npub use y::Y;\n// use crate::a::A;\n",
        "src/m/x.rs": 'use super::Y;\npub struct X;\nconst S: &str = "crate::b::B";\n',
        "src/m/y.rs": "pub struct Y;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        "src/bin/tool.rs": "fn main() { initscope::b::f(); }\n",
    }
    with tempfile.TemporaryDirectory() as root:
        for name, text in files.items():
            (Path(root) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(root) / name).write_text(text)
        edges = graph(root)
        assert edges["src/m/x.rs"] == {"src/m/y.rs": (1, "use super::Y")}, edges["src/m/x.rs"]
        assert edges["src/m/y.rs"] == {} and edges["src/m/mod.rs"].keys() == {"src/m/x.rs", "src/m/y.rs"}
        assert edges["src/bin/tool.rs"].keys() == {"src/b.rs"}, edges["src/bin/tool.rs"]
        assert components(edges) == [["src/a.rs", "src/b.rs"]], components(edges)
        assert cycles(edges, ["src/a.rs", "src/b.rs"]) == [["src/a.rs", "src/b.rs", "src/a.rs"]]
    print("self-test passed")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--self-test" in args:
        sys.exit(self_test())
    verbose = "-v" in args
    rest = [a for a in args if a != "-v"]
    sys.exit(report(rest[0] if rest else Path(__file__).resolve().parent.parent, verbose))
