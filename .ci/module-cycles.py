#!/usr/bin/env python3
"""Module import cycles inside one crate's src (file-level modules).

Issue 13's rule: no module imports a module that imports it back, directly or
through others; a parent mod.rs that calls into a child while the child uses
the parent's items through super:: counts as a loop too. An edge A -> B is
drawn when A's code (comments, strings and a trailing #[cfg(test)] module are
ignored) names a path that resolves into module B: crate::…, super::…,
self::…, or a child module by its bare name. Each cycle (a strongly connected
component of that graph) is printed with its edges; the exit status is 1 when
there is one. Usage: module-cycles.py CRATE/src"""
import os, re, sys
from collections import defaultdict
root = sys.argv[1]
mods = {}  # modpath tuple -> file
for dp, dn, fn in os.walk(root):
    for f in fn:
        if not f.endswith('.rs'): continue
        p = os.path.relpath(os.path.join(dp, f), root)
        parts = p[:-3].split('/')
        if parts[-1] in ('mod', 'lib', 'main'):
            parts = parts[:-1]
        if p in ('main.rs',): continue
        mods[tuple(parts)] = os.path.join(dp, f)
def strip(src):
    out=[]; i=0; n=len(src)
    while i<n:
        c=src[i]
        if src.startswith('//',i):
            j=src.find('\n',i); i = n if j<0 else j; continue
        if src.startswith('/*',i):
            j=src.find('*/',i+2); i = n if j<0 else j+2; continue
        if c=='r' and re.match(r'r#*"', src[i:i+10]) and (i==0 or not (src[i-1].isalnum() or src[i-1]=='_')):
            m=re.match(r'r(#*)"', src[i:]); h=m.group(1); end=src.find('"'+h, i+len(m.group(0)))
            i = n if end<0 else end+1+len(h); out.append('""'); continue
        if c=='"':
            j=i+1
            while j<n and src[j]!='"':
                j += 2 if src[j]=='\\' else 1
            i=j+1; out.append('""'); continue
        if c=="'" and i+2<n and (src[i+2]=="'" or (src[i+1]=='\\')):
            j=src.find("'", i+2 if src[i+1]!='\\' else i+3); i=j+1; out.append("' '"); continue
        out.append(c); i+=1
    src=''.join(out)
    m = re.search(r'#\[cfg\(test\)\]\s*mod\s+\w+\s*\{', src)
    if m: src = src[:m.start()]
    return src
def resolve(segs):
    # deepest module prefix
    best = None
    for i in range(len(segs), 0, -1):
        if tuple(segs[:i]) in mods:
            return tuple(segs[:i])
    return ()
edges = defaultdict(set)
for m, f in mods.items():
    src = strip(open(f).read())
    # expand use groups roughly: capture path heads
    paths = re.findall(r'\b((?:crate|super|self)(?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))+)', src)
    # use-group: crate::a::{b, c::d}
    for g in re.finditer(r'\b((?:crate|super|self)(?:::[A-Za-z_]\w*)*)::\{([^}]*)\}', src):
        head = g.group(1)
        for item in g.group(2).split(','):
            item = item.strip().split(' as ')[0].strip()
            if item and item != 'self': paths.append(head + '::' + item.split('::')[0] + ('::' + '::'.join(item.split('::')[1:]) if '::' in item else ''))
    # child modules referenced by bare name: `child::x` where child is a submodule
    for c in set(re.findall(r'\b([a-z_][a-z0-9_]*)::', src)):
        if m + (c,) in mods: paths.append('self::' + c)
    for p in paths:
        segs = p.split('::')
        if segs[0] == 'crate': base = []; rest = segs[1:]
        else:
            base = list(m); rest = segs
            # for a mod.rs/lib file, self is m; super is parent
            while rest and rest[0] in ('self', 'super'):
                if rest[0] == 'super': base = base[:-1]
                rest = rest[1:]
        tgt = resolve(base + rest)
        if tgt != m and tgt != ():
            edges[m].add(tgt)
        elif tgt == () and m != ():
            edges[m].add(())
# Tarjan SCC
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(comp)
for v in list(mods): 
    if v not in idx: sc(v)
for comp in sccs:
    names = sorted('::'.join(x) or 'crate' for x in comp)
    print('CYCLE:', ' '.join(names))
    cs = set(comp)
    for a in comp:
        for b in edges[a]:
            if b in cs: print('   ', '::'.join(a) or 'crate', '->', '::'.join(b) or 'crate')
print(len(sccs), 'cycles')
sys.exit(1 if sccs else 0)
