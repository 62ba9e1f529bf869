#!/usr/bin/env python3
# startup.py PARLANCE BARE_WINDOW [RUNS] — time to first frame and idle RSS, parlance vs. a bare
# libadwaita window built in the same tree. Prints medians and ratios; never fails on figures.
# Starts its own Xvfb and D-Bus session when there is no display.
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

parlance, bare = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
# Run uninstalled: the settings schema is compiled into the build's data folder.
os.environ.setdefault('GSETTINGS_SCHEMA_DIR',
                      os.path.join(os.path.dirname(os.path.abspath(parlance)), '..', 'data'))
IDLE_SECONDS = 1.5


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def one_run(exe, renderer):
    home = tempfile.mkdtemp(prefix='parlance-bench-')
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=home + '/data', XDG_CONFIG_HOME=home + '/config',
               XDG_CACHE_HOME=home + '/cache', GSETTINGS_BACKEND='memory', GSK_RENDERER=renderer,
               PARLANCE_BENCH_FIRST_FRAME='1', NO_AT_BRIDGE='1')
    start = time.monotonic()
    proc = subprocess.Popen([exe], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        first_frame = time.monotonic() - start
        if line.strip() != 'first-frame':
            raise RuntimeError('%s did not report a first frame' % exe)
        time.sleep(IDLE_SECONDS)
        rss = rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    return first_frame * 1000, rss / 1024


def measure(renderer):
    figures = {'parlance': [], 'bare': []}
    # Alternate, so that a slow moment of the machine hits both alike.
    one_run(bare, renderer)  # warm the caches once
    for _ in range(runs):
        figures['bare'].append(one_run(bare, renderer))
        figures['parlance'].append(one_run(parlance, renderer))
    return {k: (statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals))
            for k, vals in figures.items()}


print('Start-up to first frame and idle RSS (%d runs each, medians; Xvfb 1280x800)' % runs)
print('%-9s %-10s %12s %12s' % ('renderer', 'program', 'first frame', 'idle RSS'))
for renderer in ('gl', 'cairo'):
    m = measure(renderer)
    for name in ('bare', 'parlance'):
        print('%-9s %-10s %9.0f ms %9.1f MB' % (renderer, name, m[name][0], m[name][1]))
    t_ratio = m['parlance'][0] / m['bare'][0]
    r_ratio = m['parlance'][1] / m['bare'][1]
    print('%-9s %-10s %11.2fx %11.2fx   (targets: <= 1.30x start, <= 1.50x RSS: %s, %s)' % (
        renderer, 'ratio', t_ratio, r_ratio,
        'met' if t_ratio <= 1.3 else 'MISSED', 'met' if r_ratio <= 1.5 else 'MISSED'))
