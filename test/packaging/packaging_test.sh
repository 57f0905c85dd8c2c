#!/usr/bin/env bash
# Packaging: `meson install` puts the headers, the library, the CLI, the emulator, the
# pkg-config files and the CMake package in place, and three consumers build and run: one
# against the installed tree (pkg-config), one that uses awsconnect as a Meson subproject,
# and a CMake project (find_package(awsconnect CONFIG)) against the installed tree moved to
# another directory, whose version file is also checked against compatible and
# incompatible requests.
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
         include/awsconnect/emulator.hpp include/awsconnect/log.hpp bin/awsconnect bin/awsconnect-emulator; do
  test -e "$prefix/$f" || { echo "missing after install: $f"; exit 1; }
done
ls "$prefix"/lib/*/libawsconnect.a "$prefix"/lib/*/libawsconnect_emulator.a >/dev/null
ls "$prefix"/lib/*/cmake/awsconnect/awsconnectConfig.cmake "$prefix"/lib/*/cmake/awsconnect/awsconnectConfigVersion.cmake >/dev/null
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
echo "== a CMake consumer: find_package(awsconnect CONFIG) from the installed tree, moved"
# The configured prefix must appear nowhere in the CMake files, nor the staging directory:
# every path is computed from the config file's own location.
install_prefix=$(meson introspect --buildoptions "$build" |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
cmake_dir=$(dirname "$(find "$prefix" -name awsconnectConfig.cmake)")
if grep -n -e "$install_prefix/" -e "$work" "$cmake_dir"/*.cmake; then
  echo "an absolute path is baked into the CMake package"; exit 1
fi
moved="$work/elsewhere/opt/awsconnect"
mkdir -p "$(dirname "$moved")"
mv "$prefix" "$moved"
cmake_build="$work/cmake-build"
configure_log=$(cmake -S "$src/test/packaging/cmake_consumer" -B "$cmake_build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$moved" -DCMAKE_BUILD_TYPE=Release 2>&1) ||
  { echo "$configure_log"; exit 1; }
echo "$configure_log" | grep -q "awsconnect 0.1.0 from $moved/lib/.*/cmake/awsconnect\$" ||
  { echo "$configure_log"; echo "the package was not found in the moved prefix"; exit 1; }
cmake --build "$cmake_build" -j "${JOBS:-$(nproc)}" >/dev/null
got=$("$cmake_build/client_consumer")
[ "$got" = "$expected" ] || { echo "unexpected output:"; echo "$got"; exit 1; }
got=$("$cmake_build/emulator_consumer")
want_cmake="awsconnect 0.1.0
released 00000000-0000-4000-8000-000000000000 in 1 attempt(s)
$(echo "$expected" | tail -1)
emulator commits 1"
[ "$got" = "$want_cmake" ] || { echo "unexpected output:"; echo "$got"; echo "expected:"; echo "$want_cmake"; exit 1; }

echo "== the CMake version file: which requested versions it accepts"
probe() {  # probe WANT -> FOUND as find_package reports it (1 or 0)
  local dir
  dir=$(mktemp -d "$work/probe-XXXXXX")
  cmake -S "$src/test/packaging/cmake_version_probe" -B "$dir" -DCMAKE_PREFIX_PATH="$moved" -DWANT="$1" 2>&1 |
    sed -n 's/^-- probe: WANT=.* FOUND=\([01]\) .*/\1/p'
  rm -rf "$dir"
}
for want in "" 0.1 0.1.0 "0.1...<0.2" "0.1.0...0.1.0" "0.1...1.0"; do
  [ "$(probe "$want")" = 1 ] || { echo "version request '$want' should be accepted"; exit 1; }
done
for want in 0.2 0.1.1 0.0.1 0.0 1.0 1 "0.2...1.0" "0.0.1...<0.1"; do
  [ "$(probe "$want")" = 0 ] || { echo "version request '$want' should be rejected"; exit 1; }
done
echo "packaging: OK"
