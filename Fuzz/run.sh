#!/usr/bin/env bash
# Builds one fuzz target with libFuzzer and AddressSanitizer, then runs it.
#
#   Fuzz/run.sh TARGET [EXECUTIONS]
#
# TARGET is `query` (any bytes, read leniently as UTF-8), `query-utf8` (valid UTF-8 only) or
# `splitter`; EXECUTIONS (default 1000000) is passed to libFuzzer as -runs. The library's sources
# are compiled here with swiftc into one fuzzing binary (module `Sakuin`, so the target sees its
# internal types); `swift build` and `swift test` never see this folder's Swift files.
#
# Environment: SAKUIN_FUZZ_BUILD (build folder, default .build-fuzz at the repository root),
# SAKUIN_FUZZ_SANITIZERS (default fuzzer,address), SWIFTC, CLANG, and FUZZ_ARGS (more libFuzzer
# options, e.g. "-seed=1 -max_total_time=600").
set -euo pipefail

usage() {
    echo "usage: Fuzz/run.sh query|query-utf8|splitter [EXECUTIONS]" >&2
    exit 64
}

target=${1:-}
executions=${2:-1000000}
[[ $executions =~ ^[0-9]+$ ]] || usage
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SAKUIN_FUZZ_BUILD:-$root/.build-fuzz}
sanitizers=${SAKUIN_FUZZ_SANITIZERS:-fuzzer,address}
swiftc=${SWIFTC:-swiftc}
clang=${CLANG:-$(dirname "$(command -v "$swiftc")")/clang}

defines=()
case $target in
    query)      entry=QueryParserFuzzTarget.swift;     corpus=query;    max_len=5000 ;;
    query-utf8) entry=QueryParserFuzzTarget.swift;     corpus=query;    max_len=5000; defines=(-D VALID_UTF8_ONLY) ;;
    splitter)   entry=PassageSplitterFuzzTarget.swift; corpus=splitter; max_len=8192 ;;
    *) usage ;;
esac
# max_len: a query may have 4,096 scalars, so longer inputs reach the length check; a passage is
# cut at 2,000 UTF-16 units, so splitter inputs reach the cutter.

binary=$build/fuzz-$target
work=$build/$target
mkdir -p "$build/modules/ICUBridge" "$work/corpus" "$work/artifacts"

mapfile -t library < <(find "$root/Sources/Sakuin" -name '*.swift' | sort)
inputs=("${library[@]}" "$root/Fuzz/$entry" "$root/Fuzz/FuzzFailure.swift"
        "$root/Sources/ICUBridge/sakuin_icu.c" "$root/Sources/ICUBridge/include/sakuin_icu.h"
        "$root/Fuzz/run.sh")
# The dictionary only steers mutations; changing it needs no rebuild.

is_stale() {
    [[ -x $binary ]] || return 0
    local input
    for input in "${inputs[@]}"; do [[ $input -nt $binary ]] && return 0; done
    return 1
}

if is_stale; then
    echo "building $target with -sanitize=$sanitizers" >&2
    # The C bridge gets coverage and ASan too; -no-link leaves libFuzzer's main to the Swift link.
    c_sanitizers=${sanitizers//fuzzer/fuzzer-no-link}
    # shellcheck disable=SC2046  # pkg-config prints separate flags
    "$clang" -c -O1 -g -fsanitize="$c_sanitizers" $(pkg-config --cflags icu-uc icu-i18n 2>/dev/null || true) \
        -I "$root/Sources/ICUBridge/include" "$root/Sources/ICUBridge/sakuin_icu.c" -o "$build/sakuin_icu.o"
    # SwiftPM writes this module map for the C target; outside SwiftPM we write it ourselves.
    cat > "$build/modules/ICUBridge/module.modulemap" <<EOF
module ICUBridge {
    header "$root/Sources/ICUBridge/include/sakuin_icu.h"
    export *
}
EOF
    "$swiftc" -O -wmo -g -swift-version 6 -parse-as-library -module-name Sakuin \
        -sanitize="$sanitizers" "${defines[@]}" \
        -I "$build/modules/ICUBridge" -I "$root/Sources/CSQLite" \
        "${library[@]}" "$root/Fuzz/$entry" "$root/Fuzz/FuzzFailure.swift" "$build/sakuin_icu.o" \
        -licui18n -licuuc -licudata -lsqlite3 -use-ld=lld -o "$binary"
fi

# New inputs go to the first folder, so the seed corpus in the repository stays as it is.
log=$work/last-run.log
started=$SECONDS
set +e
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of options
"$binary" -runs="$executions" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$root/Fuzz/$corpus.dict" -artifact_prefix="$work/artifacts/" ${FUZZ_ARGS:-} "$work/corpus" "$root/Fuzz/corpus/$corpus" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
elapsed=$((SECONDS - started))

done_line=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
executed=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1 || true)
echo "----"
echo "target:     $target"
echo "executions: ${executed:-unknown} (${done_line:-libFuzzer did not finish})"
echo "wall time:  ${elapsed} s"
echo "status:     $status$( ((status == 0)) || echo " (see $work/artifacts/)")"
exit "$status"
