#!/usr/bin/env python3
# sidebar-startup.py PARLANCE GENERATE_STORE [RUNS] — time from start to the first frame that shows
# the listed conversations, on the benchmark database (2,000 conversations, 200,000 messages) and
# on an empty one. Prints medians and the ratio (issue #11's target: at most 1.2×); never fails on
# figures. Starts its own Xvfb and D-Bus session when there is no display.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

if not os.environ.get('DISPLAY') and not os.environ.get('PARLANCE_BENCH_INNER'):
    env = dict(os.environ, PARLANCE_BENCH_INNER='1')
    cmd = ['xvfb-run', '-a', '-s', '-screen 0 1280x800x24 -nolisten tcp',
           'dbus-run-session', '--', sys.executable] + sys.argv
    sys.exit(subprocess.call(cmd, env=env))

parlance, generate = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
os.environ.setdefault('GSETTINGS_SCHEMA_DIR',
                      os.path.join(os.path.dirname(os.path.abspath(parlance)), '..', 'data'))


def one_run(data_home, renderer):
    home = tempfile.mkdtemp(prefix='parlance-bench-')
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=data_home, XDG_CONFIG_HOME=home + '/config',
               XDG_CACHE_HOME=home + '/cache', GSETTINGS_BACKEND='memory', GSK_RENDERER=renderer,
               PARLANCE_BENCH_SIDEBAR='1', NO_AT_BRIDGE='1')
    start = time.monotonic()
    proc = subprocess.Popen([parlance], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        line = proc.stdout.readline()
        elapsed = time.monotonic() - start
        if line.strip() != 'sidebar-ready':
            raise RuntimeError('parlance did not report a listed sidebar')
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    return elapsed * 1000


def main():
    root = tempfile.mkdtemp(prefix='parlance-bench-sidebar-')
    try:
        full = os.path.join(root, 'full')
        empty = os.path.join(root, 'empty')
        os.makedirs(os.path.join(empty, 'parlance'), mode=0o700)
        os.makedirs(os.path.join(full, 'parlance'), mode=0o700)
        t = time.monotonic()
        subprocess.check_call([generate, os.path.join(full, 'parlance', 'parlance.db')],
                              stdout=subprocess.DEVNULL)
        print('generated the benchmark database in %.1f s' % (time.monotonic() - t))
        for renderer in ('cairo', 'gl'):
            figures = {'empty': [], 'full': []}
            one_run(empty, renderer)  # warm the caches once
            one_run(full, renderer)
            for _ in range(runs):
                figures['empty'].append(one_run(empty, renderer))
                figures['full'].append(one_run(full, renderer))
            e = statistics.median(figures['empty'])
            f = statistics.median(figures['full'])
            print('%s: start to listed sidebar, median of %d: empty store %.0f ms, '
                  '2,000 conversations / 200,000 messages %.0f ms, ratio %.2f×'
                  % (renderer, runs, e, f, f / e))
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
