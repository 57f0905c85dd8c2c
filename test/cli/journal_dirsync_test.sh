#!/bin/sh
# The bulk journal's directory is fsynced after the journal file is created, so the new
# file's entry survives a crash (seen with strace: the journal is opened with O_CREAT|O_EXCL,
# mode 0600, then its directory is fsynced). Opening an existing journal syncs no directory.
# Exit 77 (a visible SKIP in Meson) when strace is missing or cannot trace here.
#
#   journal_dirsync_test.sh <path of the awsconnect CLI>
set -eu
cli=$1
if ! command -v strace >/dev/null 2>&1; then
  echo "strace is not installed: SKIP"
  exit 77
fi
if ! strace -o /dev/null true 2>/dev/null; then
  echo "strace cannot trace here (ptrace not permitted): SKIP"
  exit 77
fi
dir=$(mktemp -d /tmp/awsconnect-dirsync-XXXXXX)
trap 'rm -rf "$dir"' EXIT
: >"$dir/ids.txt"  # no ids: the run opens its journal and ends, no endpoint needed

run() {
  env -i PATH=/usr/bin:/bin HOME="$dir" AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
    AWS_EC2_METADATA_DISABLED=true \
    strace -f -y -e trace=openat,fsync -o "$1" \
    "$cli" release-phone-numbers --from-file "$dir/ids.txt" --journal "$dir/run.journal" \
    --region us-east-1 --endpoint-url http://127.0.0.1:9
}

fail() {
  echo "FAIL: $1"
  echo "--- strace:"
  grep -E 'run\.journal|fsync' "$2" || true
  exit 1
}

run "$dir/trace1" || fail "the run exited with $?" "$dir/trace1"
# The line numbers of the journal's creation and of the directory's fsync.
created=$(grep -n "openat(.*\"$dir/run.journal\", .*O_CREAT|O_EXCL.*, 0600) = [0-9]" "$dir/trace1" | head -1 | cut -d: -f1)
synced=$(grep -n "fsync([0-9]*<$dir>) = 0" "$dir/trace1" | head -1 | cut -d: -f1)
[ -n "$created" ] || fail "the journal was not created with O_CREAT|O_EXCL, mode 0600" "$dir/trace1"
[ -n "$synced" ] || fail "the journal's directory $dir was not fsynced" "$dir/trace1"
[ "$synced" -gt "$created" ] || fail "the directory was fsynced before the journal was created" "$dir/trace1"
mode=$(stat -c %a "$dir/run.journal")
[ "$mode" = 600 ] || fail "the journal's mode is $mode, not 600" "$dir/trace1"

# The journal exists now: nothing is created, no directory is synced.
run "$dir/trace2" || fail "the second run exited with $?" "$dir/trace2"
if grep -q "fsync([0-9]*<$dir>)" "$dir/trace2"; then fail "an existing journal's directory was fsynced" "$dir/trace2"; fi
echo "PASS: journal created (O_CREAT|O_EXCL, 0600) at trace line $created, directory fsynced at line $synced"
