#!/usr/bin/env python3
# check-test-summary.py — build-aux/test's closing line counts test cases, skipped ones too.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
summary = os.path.join(root, 'build-aux', 'test-summary')

CASES = [
    ('cases, skips and a whole skipped program',
     [('a', 'OK', '1..3\nok 1 /a/one\nok 2 /a/two # SKIP no keyring\nok 3 /a/three\n'),
      ('b', 'SKIP', '1..0 # SKIP PARLANCE_RECORDINGS_DIR is not set\n'),
      ('c', 'OK', '')],
     '3 passed, 0 failed, 2 skipped', 0),
    ('a failed case, and a crash after the last result',
     [('a', 'FAIL', '1..2\nok 1 /a/one\nnot ok 2 /a/two\n'),
      ('b', 'ERROR', '1..3\nok 1 /b/one\nBail out! ERROR:x.c:1:boom\n'),
      ('c', 'OK', 'ok 1 /c/one # TODO later\n')],
     '3 passed, 2 failed, 0 skipped', 1),
    ('nothing skipped still says so', [('a', 'OK', 'ok 1 /a\n')], '1 passed, 0 failed, 0 skipped', 0),
]

print('1..%d' % len(CASES))
failed = False
for i, (what, tests, expected, expected_status) in enumerate(CASES, 1):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
        for name, result, stdout in tests:
            f.write(json.dumps({'name': name, 'result': result, 'stdout': stdout}) + '\n')
        path = f.name
    p = subprocess.run([sys.executable, summary, path], stdout=subprocess.PIPE, text=True)
    os.unlink(path)
    line = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ''
    if line == expected and p.returncode == expected_status:
        print('ok %d %s' % (i, what))
    else:
        failed = True
        print('not ok %d %s: got "%s" (exit %d), expected "%s" (exit %d)'
              % (i, what, line, p.returncode, expected, expected_status))
sys.exit(1 if failed else 0)
