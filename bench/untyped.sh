#!/usr/bin/env bash
# How much of a generated client crate is untyped, i.e. falls back to
# `serde_json::Value`. The same method for any generator's output (apigen,
# ploidy, openapi-to-rust, ...), so that their crates can be compared. From the
# repository root:
#
#   bench/untyped.sh [-v] <crate folder>...
#
# Every `*.rs` file under each folder is read (target/ and hidden folders left
# out; a crate's examples/, tests/, benches/ and build.rs too, as they are not
# its API). A small Rust tokenizer (comments, strings, raw strings, chars and
# lifetimes skipped) finds the items, and for each folder this counts:
#
#   fields    struct fields in all: named fields and tuple-struct elements;
#   untyped   fields whose type mentions `Value`, split in two:
#     other   Value that is not only a map's value: `Value`, `Option<Value>`,
#             `Vec<Value>`, `Box<Value>`, `AbsentOr<Value>`, ...
#     map     Value only as the value type of a map (`HashMap`, `BTreeMap`,
#             `IndexMap`, `serde_json::Map`, ...): `Option<HashMap<String,
#             Value>>`, `Vec<BTreeMap<String, Value>>`, flattened extra
#             properties; often a deliberate `additionalProperties: true`;
#   params    parameters (not `self`) of `pub fn`s, in `impl` blocks or free,
#             whose type mentions Value, out of all such parameters;
#   variants  enum variants whose payload mentions Value, out of all variants;
#             in brackets those of them that are catch-alls for a value the
#             client does not know (named `Unknown`, `Other`, `Unrecognized`,
#             `Fallback`, ...), a deliberate forward-compatibility fallback.
#
# "Mentions Value" is: the path `serde_json::Value` (with or without a leading
# `::`), or a bare `Value` (or its `as` rename) where the file has `use
# serde_json::Value`, `use serde_json::{.., Value, ..}` or `use serde_json::*`;
# `ploidy_util::serde_json::Value` and other re-exports ending in
# `serde_json::Value` too. Type aliases (`type X = ...;`) and single-field
# tuple structs (`struct X(Value);`, newtypes) defined in the crate are
# followed, and so are enums each of whose variants holds nothing but a Value
# (an untagged `enum E { E1(Value), E2(Value) }` is as untyped as Value): a
# field of a type alias for `BTreeMap<String, Value>` counts as a map of Value.
# A path is looked up by its module (`crate::`, `super::`, `self::` and
# relative paths; `src/types/foo.rs` and `mod types { }` in it are modules);
# a bare name goes to the definition in the nearest module.
#
# Prints a markdown table, a row per folder. With -v, every untyped field,
# parameter and variant is listed (file:line, item, type) after the table.
# Needs python3 only; installs nothing.
set -euo pipefail
if [ $# -eq 0 ]; then
    sed -n '2,/^set /p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 2
fi
exec python3 - "$@" <<'PY'
import os
import re
import sys

VERBOSE = False
folders = []
for a in sys.argv[1:]:
    if a == "-v":
        VERBOSE = True
    else:
        folders.append(a)

# variants that keep a value the client does not know (forward compatibility),
# counted apart from the others
CATCH_ALL = re.compile(r"^(Unknown|Unrecognized|Other|Fallback|Untyped|Raw)([A-Z0-9_]\w*)?$")
MAPS = {"HashMap", "BTreeMap", "IndexMap", "Map", "HashMapExt", "FxHashMap", "AHashMap"}


# ---------------------------------------------------------------- tokenizer
IDENT = re.compile(r"r#[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*")
NUM = re.compile(r"[0-9][0-9A-Za-z_.]*")
PUNCT3 = ("::", "->", "=>", "..", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=")


def tokenize(src):
    """Tokens as (text, line). `<`/`>` are single tokens (never `>>`), so
    generics nest by counting."""
    toks = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            line += src.count("\n", i, j)
            i = j
        elif c in "rb" and re.match(r'(br|r)#*"', src[i:i + 40]):
            m = re.match(r'(br|r)(#*)"', src[i:])
            close = '"' + m.group(2)
            j = src.find(close, i + m.end())
            j = n if j < 0 else j + len(close)
            line += src.count("\n", i, j)
            toks.append(("<str>", line))
            i = j
        elif c == '"' or (c == "b" and i + 1 < n and src[i + 1] == '"'):
            j = i + (2 if c == "b" else 1)
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            line += src.count("\n", i, j)
            toks.append(("<str>", line))
            i = j + 1
        elif c == "'":
            # char literal or lifetime
            m = re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|\\x..|[^\\'])'", src[i:i + 12])
            if m:
                toks.append(("<char>", line))
                i += m.end()
            else:
                m = IDENT.match(src, i + 1)
                toks.append(("'" + (m.group(0) if m else ""), line))
                i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = IDENT.match(src, i)
            if c == "b" and src.startswith("b'", i):
                m2 = re.match(r"b'(\\.|\\x..|[^\\'])'", src[i:i + 8])
                if m2:
                    toks.append(("<char>", line))
                    i += m2.end()
                    continue
            toks.append((m.group(0), line))
            i = m.end()
        elif c.isdigit():
            m = NUM.match(src, i)
            toks.append(("<num>", line))
            i = m.end()
        else:
            for p in PUNCT3:
                if src.startswith(p, i):
                    toks.append((p, line))
                    i += len(p)
                    break
            else:
                toks.append((c, line))
                i += 1
    return toks


OPEN = {"(": ")", "[": "]", "{": "}"}


def skip_group(toks, i):
    """toks[i] is an opening bracket; index after its match."""
    depth = 0
    while i < len(toks):
        t = toks[i][0]
        if t in OPEN:
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def skip_attrs(toks, i):
    while i < len(toks) and toks[i][0] == "#":
        j = i + 1
        if j < len(toks) and toks[j][0] == "!":
            j += 1
        if j < len(toks) and toks[j][0] == "[":
            i = skip_group(toks, j)
        else:
            break
    return i


def skip_vis(toks, i):
    vis = False
    if i < len(toks) and toks[i][0] == "pub":
        vis = True
        i += 1
        if i < len(toks) and toks[i][0] == "(":
            inner = [t for t, _ in toks[i + 1:skip_group(toks, i) - 1]]
            vis = inner == []  # pub(crate) / pub(super) are not public
            i = skip_group(toks, i)
    return vis, i


def skip_generics(toks, i):
    """toks[i] may be `<`: skip to after the matching `>`."""
    if i < len(toks) and toks[i][0] == "<":
        depth = 0
        while i < len(toks):
            t = toks[i][0]
            if t == "<":
                depth += 1
            elif t == ">":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif t in OPEN:
                i = skip_group(toks, i) - 1
            i += 1
    return i


def split_top(toks, i, j, sep=","):
    """Split toks[i:j] at top-level `sep` (brackets and <> nest); lists of
    token slices, empty ones dropped."""
    parts, cur, depth, angle = [], [], 0, 0
    k = i
    while k < j:
        t = toks[k][0]
        if t in OPEN:
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        elif t == "<":
            angle += 1
        elif t == ">" and not (k > i and toks[k - 1][0] == "-"):
            angle -= 1
        if t == sep and depth == 0 and angle == 0:
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(toks[k])
        k += 1
    if cur:
        parts.append(cur)
    return parts


def strip_where(ty):
    out = []
    for t in ty:
        if t[0] == "where":
            break
        out.append(t)
    return out


# ------------------------------------------------------------- type parser
class Ty:
    """A parsed type: `name` is the last path segment (or '&', 'tuple',
    'slice', 'dyn', 'fn'), `full` the whole path, `args` the type arguments."""
    __slots__ = ("name", "full", "args")

    def __init__(self, name, full, args):
        self.name, self.full, self.args = name, full, args


def parse_type(toks):
    ty, _ = _parse(toks, 0)
    return ty


def _parse(toks, i):
    n = len(toks)
    if i >= n:
        return Ty("?", "?", []), i
    t = toks[i][0]
    if t in ("&", "*"):
        i += 1
        while i < n and (toks[i][0].startswith("'") or toks[i][0] in ("mut", "const")):
            i += 1
        inner, i = _parse(toks, i)
        return Ty("&", "&", [inner]), i
    if t in ("dyn", "impl"):
        # the first bound is enough: `impl Into<Value>` mentions Value
        args, i = [], i + 1
        while i < n:
            a, i = _parse(toks, i)
            args.append(a)
            if i < n and toks[i][0] == "+":
                i += 1
                continue
            break
        return Ty(t, t, args), i
    if t == "(":
        end = skip_group(toks, i)
        args = [parse_type(p) for p in split_top(toks, i + 1, end - 1)]
        return Ty("tuple", "tuple", args), end
    if t == "[":
        end = skip_group(toks, i)
        parts = split_top(toks, i + 1, end - 1, ";")
        return Ty("slice", "slice", [parse_type(parts[0])] if parts else []), end
    if t == "fn" or t == "for":
        end = i + 1
        while end < n and toks[end][0] != "(":
            end += 1
        end = skip_group(toks, end)
        args = [parse_type(p) for p in split_top(toks, i + 2, end - 1)]
        if end < n and toks[end][0] == "->":
            r, end = _parse(toks, end + 1)
            args.append(r)
        return Ty("fn", "fn", args), end
    # a path: [::] seg [<..>] :: seg ...
    segs, args = [], []
    if t == "::":
        i += 1
    while i < n:
        t = toks[i][0]
        if IDENT.fullmatch(t) or t in ("<num>",):
            segs.append(t)
            i += 1
        else:
            break
        if i < n and toks[i][0] == "<":
            end = skip_generics(toks, i)
            args = []
            for p in split_top(toks, i + 1, end - 1):
                if p and p[0][0].startswith("'"):
                    continue  # lifetime argument
                if len(p) > 2 and p[1][0] == "=":
                    p = p[2:]  # Item = T
                args.append(parse_type(p))
            i = end
        if i < n and toks[i][0] == "(" and segs and segs[-1] in ("Fn", "FnMut", "FnOnce"):
            end = skip_group(toks, i)
            args = [parse_type(p) for p in split_top(toks, i + 1, end - 1)]
            i = end
            if i < n and toks[i][0] == "->":
                r, i = _parse(toks, i + 1)
                args.append(r)
        if i < n and toks[i][0] == "::":
            i += 1
            continue
        break
    if not segs:
        return Ty("?", "?", []), i + 1
    return Ty(segs[-1], "::".join(segs), args), i


# ------------------------------------------------------------ item scanner
class Crate:
    def __init__(self):
        self.fields = []     # (file, line, owner, name, Ty, value_names)
        self.params = []     # (file, line, fn, name, Ty, value_names)
        self.variants = []   # (file, line, enum, variant, [Ty], value_names)
        # name -> [[module, kind, data, ctx]]: kind "alias" (data: the Ty) for
        # `type` aliases and newtypes, "enum" (data: a payload list per variant)
        self.defs = {}

    def define(self, name, kind, data, ctx):
        entry = [ctx.mod, kind, data, ctx]
        self.defs.setdefault(name, []).append(entry)
        return entry

    def resolve(self, ty, ctx):
        """The crate's definition that a path names, or None."""
        cands = self.defs.get(ty.name)
        if not cands:
            return None
        segs = ty.full.lstrip(":").split("::")
        if len(segs) > 1:
            if segs[0] == "crate":
                target = tuple(segs[1:-1])
            elif segs[0] in ("super", "self"):
                target = ctx.mod
                for sg in segs[:-1]:
                    if sg == "super":
                        target = target[:-1]
                    elif sg != "self":
                        target = target + (sg,)
            else:
                target = ctx.mod + tuple(segs[:-1])
                if not any(c[0][:len(target)] == target for c in cands):
                    return None  # another crate's type (std::..., reqwest::...)
            inside = [c for c in cands if c[0][:len(target)] == target]
            exact = [c for c in inside if c[0] == target]
            if exact:
                return exact[0]
            if inside:  # re-exported from a child module
                return min(inside, key=lambda c: len(c[0]))
            return cands[0]
        # a bare name: the definition nearest to the module that uses it
        def shared(c):
            n = 0
            while n < min(len(c[0]), len(ctx.mod)) and c[0][n] == ctx.mod[n]:
                n += 1
            return (n, -len(c[0]))
        return max(cands, key=shared)


class Ctx:
    """Where a type is written: the names that mean serde_json::Value in its
    file, and its module path (`src/types/foo.rs` is ("types", "foo"))."""
    __slots__ = ("names", "mod")

    def __init__(self, names, mod):
        self.names, self.mod = names, mod


def value_names_of(toks):
    """Names that mean serde_json::Value in a file, from its `use` items."""
    names = set()
    i = 0
    while i < len(toks):
        if toks[i][0] == "use":
            j = i
            while j < len(toks) and toks[j][0] != ";":
                j += 1
            text = " ".join(t for t, _ in toks[i + 1:j])
            flat = text.replace(" ", "")
            if re.search(r"serde_json::\*$", flat):
                names.add("Value")
            m = re.search(r"serde_json::Value(?:as(\w+))?$", text.replace(" :: ", "::").replace(" as ", "as"))
            if m:
                names.add(m.group(1) or "Value")
            m = re.search(r"serde_json::\{(.*)\}", flat)
            if m:
                for part in m.group(1).replace("as", " as ").split(","):
                    part = part.strip()
                    if part == "Value":
                        names.add("Value")
                    mm = re.match(r"Value\s+as\s+(\w+)", part)
                    if mm:
                        names.add(mm.group(1))
            i = j
        i += 1
    return names


def module_of(rel):
    parts = rel.replace(os.sep, "/").split("/")
    if parts and parts[0] == "src":
        parts = parts[1:]
    parts[-1] = parts[-1][:-3]
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def scan_file(path, rel, crate):
    src = open(path, encoding="utf-8", errors="replace").read()
    toks = tokenize(src)
    vnames = Ctx(value_names_of(toks), module_of(rel))
    scan_items(toks, 0, len(toks), rel, crate, vnames, in_impl=False)


def scan_items(toks, i, end, rel, crate, vnames, in_impl):
    while i < end:
        i = skip_attrs(toks, i)
        if i >= end:
            break
        pub, j = skip_vis(toks, i)
        # qualifiers before fn
        while j < end and toks[j][0] in ("const", "async", "unsafe", "extern", "default", "<str>"):
            if toks[j][0] == "const" and j + 1 < end and toks[j + 1][0] not in ("fn", "async", "unsafe", "extern"):
                break
            j += 1
        t = toks[j][0] if j < end else ""
        if t == "struct" or t == "union":
            i = scan_struct(toks, j, end, rel, crate, vnames)
        elif t == "enum":
            i = scan_enum(toks, j, end, rel, crate, vnames)
        elif t == "type" and not in_impl:
            k = j + 2
            k = skip_generics(toks, k)
            e = k
            while e < end and toks[e][0] != ";":
                e += 1
            if k < end and toks[k][0] == "=":
                crate.define(toks[j + 1][0], "alias", parse_type(strip_where(toks[k + 1:e])), vnames)
            i = e + 1
        elif t == "fn":
            i = scan_fn(toks, j, end, rel, crate, vnames, pub)
        elif t == "impl" or t == "trait":
            k = j
            while k < end and toks[k][0] != "{":
                if toks[k][0] == ";":
                    break
                k += 1
            if k < end and toks[k][0] == "{":
                close = skip_group(toks, k)
                # methods of a trait impl are as public as the trait: count
                # only inherent impls' `pub fn`s and trait definitions not
                if t == "impl":
                    scan_items(toks, k + 1, close - 1, rel, crate, vnames, in_impl=True)
                i = close
            else:
                i = k + 1
        elif t == "mod":
            k = j + 2
            if k < end and toks[k][0] == "{":
                close = skip_group(toks, k)
                inner = Ctx(vnames.names, vnames.mod + (toks[j + 1][0],))
                scan_items(toks, k + 1, close - 1, rel, crate, inner, in_impl=False)
                i = close
            else:
                i = k + 1
        elif t in ("macro_rules",):
            k = j
            while k < end and toks[k][0] not in ("{", "(", "["):
                k += 1
            i = skip_group(toks, k) if k < end else end
        else:
            # anything else: skip to the end of the item (`;` or a group)
            k = j
            while k < end:
                tk = toks[k][0]
                if tk == ";":
                    k += 1
                    break
                if tk == "{":
                    k = skip_group(toks, k)
                    break
                if tk in ("(", "["):
                    k = skip_group(toks, k)
                    continue
                k += 1
            i = max(k, i + 1)
    return i


def field_list(toks, i, j):
    """Named fields `[attrs] [vis] name: Type` in toks[i:j]."""
    out = []
    for part in split_top(toks, i, j):
        k = skip_attrs(part, 0)
        _, k = skip_vis(part, k)
        if k + 1 < len(part) and part[k + 1][0] == ":":
            out.append((part[k][1], part[k][0], parse_type(strip_where(part[k + 2:]))))
    return out


def tuple_list(toks, i, j):
    out = []
    for n, part in enumerate(split_top(toks, i, j)):
        k = skip_attrs(part, 0)
        _, k = skip_vis(part, k)
        if k < len(part):
            out.append((part[k][1], str(n), parse_type(part[k:])))
    return out


def scan_struct(toks, j, end, rel, crate, vnames):
    name = toks[j + 1][0]
    k = skip_generics(toks, j + 2)
    while k < end and toks[k][0] == "where" or (k < end and toks[k][0] not in ("{", "(", ";")):
        k += 1
    if k >= end:
        return end
    if toks[k][0] == ";":
        return k + 1
    close = skip_group(toks, k)
    if toks[k][0] == "{":
        fs = field_list(toks, k + 1, close - 1)
    else:
        fs = tuple_list(toks, k + 1, close - 1)
        if len(fs) == 1:
            crate.define(name, "alias", fs[0][2], vnames)  # a newtype
    for line, fname, ty in fs:
        crate.fields.append((rel, line, name, fname, ty, vnames))
    while close < end and toks[close][0] != ";" and toks[close][0] != "}" and toks[k][0] == "(":
        close += 1
    return close + 1 if close < end and toks[close][0] == ";" else close


def scan_enum(toks, j, end, rel, crate, vnames):
    name = toks[j + 1][0]
    k = j + 2
    while k < end and toks[k][0] != "{":
        k += 1
    close = skip_group(toks, k)
    entry = crate.define(name, "enum", [], vnames)
    for part in split_top(toks, k + 1, close - 1):
        p = skip_attrs(part, 0)
        if p >= len(part):
            continue
        vname, line = part[p]
        tys = []
        if p + 1 < len(part) and part[p + 1][0] in ("(", "{"):
            e = skip_group(part, p + 1)
            if part[p + 1][0] == "(":
                tys = [t for _, _, t in tuple_list(part, p + 2, e - 1)]
            else:
                tys = [t for _, _, t in field_list(part, p + 2, e - 1)]
        crate.variants.append((rel, line, name, vname, tys, vnames))
        entry[2].append(tys)
    return close


def scan_fn(toks, j, end, rel, crate, vnames, pub):
    name, line = toks[j + 1]
    k = skip_generics(toks, j + 2)
    if k >= end or toks[k][0] != "(":
        return k + 1
    close = skip_group(toks, k)
    if pub:
        for part in split_top(toks, k + 1, close - 1):
            p = skip_attrs(part, 0)
            pat = [t for t, _ in part[p:]]
            if "self" in pat[:4] and ":" not in pat[:3]:
                continue  # self, &self, &mut self, mut self
            # the pattern ends at the first top-level `:`
            depth, c = 0, None
            for q in range(p, len(part)):
                tq = part[q][0]
                if tq in OPEN:
                    depth += 1
                elif tq in (")", "]", "}"):
                    depth -= 1
                elif tq == ":" and depth == 0:
                    c = q
                    break
            if c is None:
                continue
            pname = " ".join(t for t, _ in part[p:c])
            if pname in ("self", "mut self"):
                continue
            crate.params.append((rel, part[p][1], name, pname, parse_type(part[c + 1:]), vnames))
    # skip the rest of the signature and the body
    m = close
    while m < end and toks[m][0] not in ("{", ";"):
        if toks[m][0] in ("(", "["):
            m = skip_group(toks, m)
            continue
        m += 1
    if m < end and toks[m][0] == "{":
        return skip_group(toks, m)
    return m + 1


# ------------------------------------------------------------ classifying
def is_value(ty, vnames):
    if ty.name == "Value" and ty.args == []:
        full = ty.full.lstrip(":")
        if full.endswith("serde_json::Value"):
            return True
        if full == "Value" and "Value" in vnames.names:
            return True
    return ty.full in vnames.names and ty.full != "Value" and not ty.args


def occurrences(ty, vnames, crate, under_map, seen):
    """Kinds of Value occurrences in ty: a set of 'map' and 'other'."""
    kinds = set()
    if is_value(ty, vnames):
        kinds.add("map" if under_map else "other")
        return kinds
    d = crate.resolve(ty, vnames) if not ty.args else None
    if d is not None and id(d) not in seen:
        seen = seen | {id(d)}
        if d[1] == "alias":
            return occurrences(d[2], d[3], crate, under_map, seen)
        # an enum each of whose variants holds only a Value (e.g. an untagged
        # enum of `Variant1(Value)`, ...) is as untyped as Value itself
        if d[2] and all(len(p) == 1 and occurrences(p[0], d[3], crate, False, seen) == {"other"}
                        for p in d[2]):
            kinds.add("map" if under_map else "other")
            return kinds
    is_map = ty.name in MAPS
    for n, a in enumerate(ty.args):
        # a map's value argument is the last one (`Map<K, V>`, `HashMap<K, V, S>`
        # takes V at index 1)
        value_arg = is_map and n == 1
        kinds |= occurrences(a, vnames, crate, value_arg, seen)
    return kinds


def classify(ty, vnames, crate):
    k = occurrences(ty, vnames, crate, False, frozenset())
    if not k:
        return None
    return "other" if "other" in k else "map"


def render(ty):
    if ty.name in ("&", "slice", "tuple", "dyn", "impl", "fn"):
        inner = ", ".join(render(a) for a in ty.args)
        return {"&": "&%s", "slice": "[%s]", "tuple": "(%s)", "dyn": "dyn %s",
                "impl": "impl %s", "fn": "fn(%s)"}[ty.name] % inner
    s = ty.full
    if ty.args:
        s += "<" + ", ".join(render(a) for a in ty.args) + ">"
    return s


def crate_files(folder):
    out = []
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "target"
                         and not (rel_root == "." and d in ("examples", "tests", "benches")))
        for f in sorted(files):
            if f.endswith(".rs") and not (rel_root == "." and f == "build.rs"):
                out.append(os.path.join(root, f))
    return out


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


print("| crate | struct fields | untyped fields (other / map of Value) | % untyped (other) "
      "| pub fn params with Value | enum variants with Value (of which catch-all) |")
print("|---|---:|---:|---:|---:|---:|")
details = []
status = 0
for folder in folders:
    if not os.path.isdir(folder):
        print("no such folder: %s" % folder, file=sys.stderr)
        status = 1
        continue
    crate = Crate()
    files = crate_files(folder)
    for f in files:
        scan_file(f, os.path.relpath(f, folder), crate)
    other = mapv = 0
    lines = []
    for rel, line, owner, fname, ty, vn in crate.fields:
        c = classify(ty, vn, crate)
        if c == "other":
            other += 1
        elif c == "map":
            mapv += 1
        if c:
            lines.append("  field   %-5s %s:%d %s.%s: %s" % (c, rel, line, owner, fname, render(ty)))
    up = 0
    for rel, line, fn, pname, ty, vn in crate.params:
        c = classify(ty, vn, crate)
        if c:
            up += 1
            lines.append("  param   %-5s %s:%d %s(%s: %s)" % (c, rel, line, fn, pname, render(ty)))
    uv = catch = 0
    for rel, line, en, vname, tys, vn in crate.variants:
        cs = [classify(t, vn, crate) for t in tys]
        cs = [c for c in cs if c]
        if cs:
            uv += 1
            c = "other" if "other" in cs else "map"
            if CATCH_ALL.match(vname.replace("r#", "")):
                catch += 1
                c = "catch"
            lines.append("  variant %-5s %s:%d %s::%s(%s)" % (c, rel, line, en, vname,
                                                             ", ".join(render(t) for t in tys)))
    nf = len(crate.fields)
    print("| %s | %d | %d / %d | %s | %d of %d | %d (%d) of %d |" % (
        folder.rstrip("/"), nf, other, mapv, pct(other, nf), up, len(crate.params), uv, catch,
        len(crate.variants)))
    if VERBOSE:
        details.append("%s (%d .rs files):" % (folder, len(files)))
        details.extend(lines)
if details:
    print()
    print("\n".join(details))
sys.exit(status)
PY
