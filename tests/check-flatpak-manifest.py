#!/usr/bin/env python3
# check-flatpak-manifest.py — the Flatpak manifest can't be built here (no Flathub), so check
# what can be checked: valid JSON, the right ID and command, a tight sandbox, and that every
# library meson asks for is in the GNOME runtime or built as a module.
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import json
import os
import re
import sys

root, app_id = sys.argv[1], sys.argv[2]
path = os.path.join(root, 'flatpak', app_id + '.json')

# What org.gnome.Platform provides, by pkg-config name.
RUNTIME = {
    'glib-2.0', 'gio-2.0', 'gio-unix-2.0', 'gobject-2.0', 'gtk4', 'libadwaita-1',
    'libsoup-3.0', 'json-glib-1.0', 'libsecret-1', 'sqlite3', 'gtksourceview-5',
}
# pkg-config name -> the module that provides it.
MODULE_FOR = {'md4c': 'md4c'}

checks = []


def check(name, ok, why=''):
    checks.append((name, bool(ok), why))


try:
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    check('manifest is valid JSON', True)
except (OSError, ValueError) as e:
    check('manifest is valid JSON', False, str(e))
    manifest = {}

check('app id', manifest.get('id') == app_id, 'id is %r' % manifest.get('id'))
check('command', manifest.get('command') == 'parlance', 'command is %r' % manifest.get('command'))
check('GNOME runtime', manifest.get('runtime') == 'org.gnome.Platform'
      and manifest.get('sdk') == 'org.gnome.Sdk', 'runtime/sdk are not GNOME\'s')
check('runtime version is a release', re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))),
      'runtime-version %r' % manifest.get('runtime-version'))

args = manifest.get('finish-args', [])
check('network access', '--share=network' in args)
check('Wayland with X11 fallback', '--socket=wayland' in args and '--socket=fallback-x11' in args
      and '--socket=x11' not in args)
broad = [a for a in args if a in ('--socket=session-bus', '--socket=system-bus')
         or a.startswith('--filesystem=host') or a.startswith('--filesystem=home')
         or a == '--device=all']
check('no blanket filesystem or bus access', not broad, 'too broad: %s' % broad)
talk = [a for a in args if a.startswith('--talk-name=org.freedesktop.secrets')]
check('secrets go through the portal, not the session bus', not talk, 'found %s' % talk)

modules = manifest.get('modules', [])
names = [m.get('name') for m in modules if isinstance(m, dict)]
check('parlance is the last module', names and names[-1] == 'parlance', 'modules: %s' % names)
app_module = modules[-1] if modules else {}
check('parlance builds with meson', app_module.get('buildsystem') == 'meson')
for m in modules:
    if not isinstance(m, dict):
        continue
    for s in m.get('sources', []):
        ok = s.get('type') == 'dir' or ('commit' in s if s.get('type') == 'git' else 'sha256' in s)
        check('module %s source is pinned' % m.get('name'), ok, 'source %s' % s)

# GNOME Shell's search provider and D-Bus activation (issue 12): Flatpak exports only files named
# after the app id, and the sandbox may own only the app id's bus name, so these must agree.
cleanup = manifest.get('cleanup', [])
for kept in ('/share/gnome-shell', '/share/dbus-1'):
    check('cleanup keeps %s' % kept, not any(c == kept or kept.startswith(c.rstrip('/') + '/')
                                               or c.startswith(kept) for c in cleanup),
          'cleanup: %s' % cleanup)


def read_data(name):
    try:
        with open(os.path.join(root, 'data', name), encoding='utf-8') as f:
            return f.read()
    except OSError:
        return ''


def keys(text):
    return dict(line.split('=', 1) for line in text.splitlines() if '=' in line
                and not line.startswith('#'))


ini = keys(read_data(app_id + '.search-provider.ini.in'))
check('search provider: DesktopId is the app', ini.get('DesktopId') == '@app_id@.desktop',
      'DesktopId=%r' % ini.get('DesktopId'))
check('search provider: BusName is the app id', ini.get('BusName') == '@app_id@',
      'BusName=%r' % ini.get('BusName'))
check('search provider: on the application\'s object path',
      ini.get('ObjectPath') == '@object_path@/SearchProvider', 'ObjectPath=%r' % ini.get('ObjectPath'))
check('search provider: version 2', ini.get('Version') == '2', 'Version=%r' % ini.get('Version'))
service = keys(read_data(app_id + '.service.in'))
check('D-Bus service: the app id', service.get('Name') == '@app_id@', 'Name=%r' % service.get('Name'))
check('D-Bus service: runs the manifest\'s command as a service',
      service.get('Exec', '').split() == ['@bindir@/' + str(manifest.get('command')), '--gapplication-service'],
      'Exec=%r' % service.get('Exec'))
desktop = keys(read_data(app_id + '.desktop.in.in'))
check('desktop file is D-Bus activatable', desktop.get('DBusActivatable') == 'true',
      'DBusActivatable=%r' % desktop.get('DBusActivatable'))
with open(os.path.join(root, 'data', 'meson.build'), encoding='utf-8') as f:
    data_build = re.sub(r'\s+', ' ', f.read())
check('meson installs the search provider, named after the app id',
      "output: app_id + '.search-provider.ini'" in data_build
      and "install_dir: datadir / 'gnome-shell' / 'search-providers'" in data_build)
check('meson installs the D-Bus service, named after the app id',
      "output: app_id + '.service'" in data_build
      and "install_dir: datadir / 'dbus-1' / 'services'" in data_build)

wanted = set()
for build in glob.glob(os.path.join(root, '**', 'meson.build'), recursive=True):
    if os.sep + '_build' in build or os.sep + 'tests' + os.sep in build:
        continue
    with open(build, encoding='utf-8') as f:
        text = f.read()
    for m in re.finditer(r"dependency\(\s*'([^']+)'(.*?)\)", text, re.S):
        if "required: false" in m.group(2) or "required : false" in m.group(2):
            continue
        wanted.add(m.group(1))
for dep in sorted(wanted):
    ok = dep in RUNTIME or MODULE_FOR.get(dep) in names
    check('dependency %s is in the runtime or a module' % dep, ok,
          '%s is neither in the GNOME runtime nor built as a module' % dep)

print('1..%d' % len(checks))
failed = 0
for i, (name, ok, why) in enumerate(checks, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        failed += 1
        print('# ' + why)
sys.exit(1 if failed else 0)
