#!/usr/bin/env python3
# stream-bench.py PARLANCE_CLI FAKE_PROVIDER [RUNS] — the cost of streaming a long reply:
# `parlance-cli chat` against curl reading the same bytes from the same fake provider.
# Two shapes of the same stream: as fast as loopback allows in 64 KB pieces (target: parlance-cli
# <= 2x curl's CPU), and in small chunks of 1 to 4,096 bytes (random, seeded), one write each, as
# real servers send (target: <= 5x). Prints medians of wall and CPU time (user + sys of the
# child) and the CPU ratio against the target. Never fails on figures.
# STREAM_BENCH_CLI_FLAGS adds options to `parlance-cli chat`: "--render" times the Markdown
# rendering of the same stream (compare with "--raw", the default into /dev/null).
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

N_DELTAS = 50000
KEEPALIVE_EVERY = 1000
WORDS = ('the', ' quick', ' brown', ' fox', ' jumps', ' over', ' a', ' lazy', ' dog', '.',
         ' Parlance', ' streams', ' tokens', ',', ' one', ' by', ' one', ' —', ' héllo', ' 👋', '\n\n')

cli, fake = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
# (name, fake-provider options, CPU target against curl)
SHAPES = (('64 KB pieces', [], 2.0),
          ('chunks of 1-4,096 bytes, one write each (seed 1)', ['--random-chunks', '4096', '--seed', '1'], 5.0))


def chunk(delta, finish=None, usage=None):
    body = {
        'id': 'gen-1764000000-ParlanceBench00001',
        'provider': 'Fixture',
        'model': 'meta-llama/llama-3.3-70b-instruct:free',
        'object': 'chat.completion.chunk',
        'created': 1764000000,
        'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': delta},
                     'finish_reason': finish, 'native_finish_reason': finish, 'logprobs': None}],
    }
    if usage is not None:
        body['usage'] = usage
    return 'data: ' + json.dumps(body, ensure_ascii=False, separators=(',', ':')) + '\n\n'


def write_stream(path):
    text = []
    with open(path, 'w', encoding='utf-8') as f:
        f.write(': OPENROUTER PROCESSING\n\n')
        f.write(chunk(''))
        for i in range(N_DELTAS):
            if i and i % KEEPALIVE_EVERY == 0:
                f.write(': OPENROUTER PROCESSING\n\n')
            word = WORDS[i % len(WORDS)]
            text.append(word)
            f.write(chunk(word))
        f.write(chunk('', finish='stop'))
        f.write(chunk('', usage={'prompt_tokens': 12, 'completion_tokens': N_DELTAS,
                                 'total_tokens': N_DELTAS + 12, 'cost': 0, 'is_byok': False}))
        f.write('data: [DONE]\n\n')
    return ''.join(text).encode('utf-8')


def timed(argv, env, stdout=subprocess.DEVNULL):
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=stdout, stderr=subprocess.PIPE)
    # Read stderr only after the child is gone: the benchmark prints nothing there unless it fails.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode('utf-8', 'replace')
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError('%s exited with %d: %s' % (argv[0], proc.returncode, err.strip()))
    return wall, usage.ru_utime + usage.ru_stime


def bench_shape(tmp, sse, expected, shape, options, target):
    server = None
    try:
        server = subprocess.Popen([fake, '--replay', sse] + options, stdout=subprocess.PIPE, text=True)
        base_url = server.stdout.readline().strip()
        if not base_url.startswith('http://'):
            raise RuntimeError('fake-provider did not print its URL')

        env = dict(os.environ, OPENROUTER_API_KEY='dummy', PARLANCE_OPENROUTER_BASE_URL=base_url,
                   HOME=tmp, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_CACHE_HOME=tmp)
        env.pop('PARLANCE_MODEL', None)
        flags = os.environ.get('STREAM_BENCH_CLI_FLAGS', '').split()
        programs = {'parlance-cli': [cli, 'chat'] + flags + ['hi']}
        curl = shutil.which('curl')
        if curl:
            programs['curl'] = [curl, '-sN', '-X', 'POST', '-d', '{}', base_url + '/chat/completions']

        # The figures mean nothing if the reply is wrong.
        out = os.path.join(tmp, 'reply.txt')
        with open(out, 'wb') as f:
            timed(programs['parlance-cli'], env, stdout=f)
        with open(out, 'rb') as f:
            exact = f.read() == expected

        figures = {name: [] for name in programs}
        for argv in programs.values():  # warm the caches once
            timed(argv, env)
        for _ in range(runs):  # alternate, so that a slow moment of the machine hits both alike
            for name, argv in programs.items():
                figures[name].append(timed(argv, env))

        print('Shape: %s' % shape)
        print('parlance-cli output: %s (%d bytes)' % ('exact' if exact else 'rendered' if '--render' in flags else 'WRONG', len(expected)))
        print('%-13s %10s %10s' % ('program', 'wall', 'CPU'))
        med = {}
        for name, values in figures.items():
            med[name] = (statistics.median(v[0] for v in values),
                         statistics.median(v[1] for v in values))
            print('%-13s %7.0f ms %7.0f ms' % (name, med[name][0] * 1000, med[name][1] * 1000))
        if 'curl' in med and med['curl'][1] > 0:
            ratio = med['parlance-cli'][1] / med['curl'][1]
            print('%-13s %9.2fx %9.2fx   (target: CPU <= %.2fx curl: %s)' % (
                'ratio', med['parlance-cli'][0] / med['curl'][0], ratio, target,
                'met' if ratio <= target else 'MISSED'))
            print('per delta: parlance-cli %.1f us CPU, curl %.1f us CPU' % (
                med['parlance-cli'][1] / N_DELTAS * 1e6, med['curl'][1] / N_DELTAS * 1e6))
        else:
            print('curl not found: no comparison')
        print()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)


def main():
    tmp = tempfile.mkdtemp(prefix='parlance-stream-bench-')
    try:
        sse = os.path.join(tmp, 'bench.200.sse')
        expected = write_stream(sse)
        size = os.path.getsize(sse)
        print('Streaming %d deltas (%.1f MB of SSE, keep-alive every %d) to /dev/null, '
              'median of %d runs' % (N_DELTAS, size / 1e6, KEEPALIVE_EVERY, runs))
        print()
        for shape, options, target in SHAPES:
            bench_shape(tmp, sse, expected, shape, options, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
