#!/usr/bin/env bash
# Packaging: `meson install` puts the headers, the library, the CLI, the emulator and the
# pkg-config file in place, and two consumers build and run: one against the installed
# tree (pkg-config), one that uses awsconnect as a Meson subproject.
#   packaging_test.sh SOURCE_ROOT BUILD_ROOT
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d /tmp/awsconnect-packaging-XXXXXX)
trap 'rm -rf "$work"' EXIT
expected='awsconnect 0.1.0
{"success":false,"error":{"code":"VALIDATION_ERROR","message":"PhoneNumberId is required and must not be empty","reason":"invalid_phone_number_id","attempts":0}}'

echo "== install into a staging tree"
meson install -C "$build" --no-rebuild --destdir "$work/stage" --quiet
prefix=$(find "$work/stage" -name awsconnect.pc -path '*pkgconfig*' | head -1 | sed 's|/lib/.*||')
for f in include/awsconnect/awsconnect.hpp include/awsconnect/client.hpp include/awsconnect/version.hpp \
         include/awsconnect/emulator.hpp bin/awsconnect bin/awsconnect-emulator; do
  test -e "$prefix/$f" || { echo "missing after install: $f"; exit 1; }
done
ls "$prefix"/lib/*/libawsconnect.a >/dev/null
pcdir=$(dirname "$(find "$work/stage" -name awsconnect.pc | head -1)")

echo "== a consumer built with pkg-config against the installed tree"
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --define-variable=prefix="$prefix" --cflags --libs awsconnect)
# shellcheck disable=SC2086
c++ -O1 "$src/test/packaging/consumer.cpp" -o "$work/consumer-pc" $flags
got=$("$work/consumer-pc")
[ "$got" = "$expected" ] || { echo "unexpected output:"; echo "$got"; exit 1; }
"$prefix/bin/awsconnect" --version | grep -q '^awsconnect 0.1.0$'

echo "== a consumer that uses awsconnect as a Meson subproject"
mkdir -p "$work/proj/subprojects"
cp "$src/test/packaging/subproject_consumer/meson.build" "$work/proj/"
cp "$src/test/packaging/consumer.cpp" "$work/proj/consumer.cpp"
ln -s "$src" "$work/proj/subprojects/awsconnect"
meson setup "$work/proj/build" "$work/proj" --wrap-mode=nodownload >/dev/null
ninja -C "$work/proj/build" -j "${JOBS:-$(nproc)}" consumer >/dev/null
got=$("$work/proj/build/consumer")
[ "$got" = "$expected" ] || { echo "unexpected output:"; echo "$got"; exit 1; }
echo "packaging: OK"
