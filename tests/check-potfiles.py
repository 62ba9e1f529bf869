#!/usr/bin/env python3
# check-potfiles.py — every file with translatable strings is in po/POTFILES.in, and only those.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

root = sys.argv[1]
MARKS = {
    '.c': re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
}
DATA_SUFFIXES = ('.desktop.in.in', '.metainfo.xml.in.in', '.gschema.xml.in')

with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]

needed = set()
for top in ('src', 'data'):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if name.endswith(DATA_SUFFIXES):
                needed.add(rel)
                continue
            ext = os.path.splitext(name)[1]
            if ext in MARKS:
                with open(path, encoding='utf-8') as f:
                    if MARKS[ext].search(f.read()):
                        needed.add(rel)

checks = []
missing = sorted(needed - set(listed))
checks.append(('every file with translatable strings is listed', not missing,
               'missing from po/POTFILES.in: ' + ', '.join(missing)))
gone = sorted(p for p in listed if not os.path.exists(os.path.join(root, p)))
checks.append(('every listed file exists', not gone, 'listed but absent: ' + ', '.join(gone)))
checks.append(('the list is sorted', listed == sorted(listed), 'po/POTFILES.in is not sorted'))
dupes = sorted({p for p in listed if listed.count(p) > 1})
checks.append(('no file is listed twice', not dupes, 'listed twice: ' + ', '.join(dupes)))

print('1..%d' % len(checks))
failed = 0
for i, (name, ok, why) in enumerate(checks, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        failed += 1
        print('# ' + why)
sys.exit(1 if failed else 0)
