#!/usr/bin/env bash
# Refresh the translation sources from the code, then build the .qm files the app loads:
#   scripts/update_translations.sh          (after changing a visible string; translate the new entries in
#                                            Qt Linguist: .venv/bin/pyside6-linguist resources/i18n/kiosk_vi.ts)
# English is the source language: kiosk_en.ts holds only its plural forms ("1 event", "2 events").
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
mapfile -t sources < <(git ls-files 'gui/*.py' 'services/*.py' 'pipeline/*.py' 'pipeline/**/*.py' 'core/*.py' | xargs grep -l -E 'tr\(|translate\(|QT_TRANSLATE_NOOP')
"$bin/pyside6-lupdate" -silent -no-obsolete -locations none "${sources[@]}" -ts resources/i18n/kiosk_vi.ts resources/i18n/kiosk_zh_CN.ts
"$bin/pyside6-lupdate" -silent -no-obsolete -locations none -pluralonly "${sources[@]}" -ts resources/i18n/kiosk_en.ts
for ts in resources/i18n/*.ts; do
  "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
