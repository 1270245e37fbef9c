#!/usr/bin/env bash
# CUPS for the real print tests (labels/test/print-cups.test.ts): starts cupsd without systemd and
# creates a raw queue (no PPD, bytes unchanged) writing each job to a file, so a test can check that
# the job's bytes arrived.
# Idempotent and fast: safe to run again while cupsd is already up.
set -euo pipefail
QUEUE="${PICKPACK_TEST_CUPS_QUEUE:-pickpack-raw}"
OUT_DIR=/tmp/pickpack-cups
command -v cupsd >/dev/null || { echo "setup-cups: cupsd not installed (apt-get install cups cups-client cups-bsd)"; exit 1; }

mkdir -p "$OUT_DIR"
chmod 1777 "$OUT_DIR"
# A tiny backend that writes each job's bytes, unchanged, to <path>.<job-id> (atomically), so a test
# can find exactly its own job. (cupsd's built-in file: device with a raw queue completes jobs without
# writing them on Debian 12's CUPS 2.4, so we do not rely on it.) Mode 0700: CUPS runs it as root.
BACKEND=/usr/lib/cups/backend/pickpackfile
if [[ ! -x "$BACKEND" ]]; then
  cat > "$BACKEND" <<'SH'
#!/bin/sh
# CUPS backend for pickpack tests. URI: pickpackfile:/dir/name -> writes /dir/name.<job-id>
if [ $# -eq 0 ]; then echo 'direct pickpackfile "Unknown" "pickpack test file backend"'; exit 0; fi
out="${DEVICE_URI#pickpackfile:}.$1"
if [ -n "$6" ]; then cat "$6" > "$out.part" || exit 1; else cat > "$out.part" || exit 1; fi
chmod 0644 "$out.part" && mv "$out.part" "$out"
SH
  chmod 0700 "$BACKEND"
fi
if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
  echo "setup-cups: starting cupsd"
  cupsd
  for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.1; done
fi
if ! lpstat -v "$QUEUE" 2>/dev/null | grep -q pickpackfile; then
  # No PPD/model: a raw queue, bytes go to the device unchanged.
  lpadmin -p "$QUEUE" -E -v "pickpackfile:$OUT_DIR/$QUEUE.out"
fi
cupsenable "$QUEUE"
cupsaccept "$QUEUE"
# A stopped queue, for the "printer offline" test.
if ! lpstat -v pickpack-offline 2>/dev/null | grep -q pickpackfile; then
  lpadmin -p pickpack-offline -E -v "pickpackfile:$OUT_DIR/pickpack-offline.out"
fi
cupsdisable pickpack-offline
echo "setup-cups: queue $QUEUE -> $OUT_DIR/$QUEUE.out.<job-id>"
