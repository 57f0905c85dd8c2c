#!/bin/sh
# A runner of a suite written by others must fail when it has nothing to check, and must name
# the case that fails. This runs the real test binary (its one runner test case) with the
# suite's variable pointing at:
#   1. an empty temporary folder: the run must fail, saying the suite has no cases;
#   2. a temporary copy of the suite with one expected value changed: the run must fail and
#      name exactly that case (one failing case, the one changed);
#   3. an unchanged temporary copy: the run must pass (so 1 and 2 failed for their reason).
#
#   suite_runner_fails_test.sh <test binary> <variable> <doctest test case> <suite file> <kind>
# kind: "parser" (profile-parser-tests.json: a profile's first plain value is changed) or
# "assume-role" (assume-role-tests.json: the first AssumeRole role_arn is changed).
set -eu
bin=$1 var=$2 test_case=$3 suite=$4 kind=$5
dir=$(mktemp -d /tmp/awsconnect-suite-runner-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/empty" "$dir/corrupt" "$dir/intact"
name=$(basename "$suite")

fail() {
  echo "FAIL: $1"
  [ -f "${2:-}" ] && { echo "--- output:"; cat "$2"; }
  exit 1
}

run() {  # run <suite folder> <output file>: the runner's exit status
  env "$var=$1" "$bin" --test-case="$test_case" --no-colors >"$2" 2>&1
}

# 1. An empty folder.
if run "$dir/empty" "$dir/out-empty"; then
  fail "the runner passed on an empty folder" "$dir/out-empty"
fi
grep -q "the suite has no cases" "$dir/out-empty" ||
  fail "the runner failed on an empty folder without saying the suite has no cases" "$dir/out-empty"
echo "empty folder: failed, as it must"

# 2. A corrupted copy; the script prints the label the runner must use for the changed case.
label=$(python3 - "$suite" "$dir/corrupt/$name" "$kind" <<'EOF'
import json, sys
src, dst, kind = sys.argv[1:]
doc = json.load(open(src, encoding="utf-8"))
cases = doc["tests"] if kind == "parser" else doc
def corrupt(i, c):
    out = c["output"]
    if kind == "parser":
        for props in out.get("config", {}).get("profiles", {}).values():
            for k, v in props.items():
                if not v.startswith("\n"):
                    props[k] = v + "-corrupted"
                    return True
    else:
        for step in out.get("ProfileChain", []):
            if "AssumeRole" in step:
                step["AssumeRole"]["role_arn"] += "-corrupted"
                return True
    return False
for i, c in enumerate(cases):
    if corrupt(i, c):
        json.dump(doc, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
        print('case %d "%s"' % (i + 1, c["name"] if kind == "parser" else c["docs"]))
        break
else:
    sys.exit("no case to corrupt")
EOF
)
if run "$dir/corrupt" "$dir/out-corrupt"; then
  fail "the runner passed on a corrupted copy ($label changed)" "$dir/out-corrupt"
fi
grep -qF "ERROR: $label: " "$dir/out-corrupt" ||
  fail "the runner did not name the changed case, $label" "$dir/out-corrupt"
n=$(grep -c "ERROR: case [0-9]" "$dir/out-corrupt" || true)
[ "$n" = 1 ] || fail "the runner reported $n failing cases, expected 1 ($label)" "$dir/out-corrupt"
echo "corrupted copy: failed, naming $label"

# 3. The same copy unchanged passes.
cp "$suite" "$dir/intact/$name"
run "$dir/intact" "$dir/out-intact" || fail "the runner failed on an intact copy" "$dir/out-intact"
echo "intact copy: passed"
