#!/usr/bin/env bash
# kill-test.sh: kills `sakuin index` with SIGKILL at random moments and checks the index after
# every run.
#
#   Scripts/kill-test.sh [N]
#
# Builds sakuin in release mode (unless SAKUIN names a built executable), makes a corpus in a
# temporary folder from seeds/ (copies of the seed papers and generated Japanese text, each file
# carrying a marker word unique to its version), commits it, then repeats until N runs (default
# 1000) were killed: change the corpus (edit, add and delete files), run `sakuin index` on it and
# kill it after a random delay (the first run and every sixth are left to finish, to measure how
# long a run takes and to move the last successful commit on). After every run:
#   - `sakuin check` exits 0;
#   - the index holds exactly the documents of the last successful commit, or exactly those of
#     the commit the killed run would have made, each whole: every passage of every document is
#     in the catalog and found by its marker, and no other version's marker is found;
#   - the writer lock is free: a lock file left by the dead writer blocks no one.
# After the last run, which finishes, `sakuin check` must report no file left over.
#
# Prints the tally; exits 0 when nothing failed, 1 when something did (the details are in a log
# whose path it prints), 2 on a usage or setup error.
#
# Environment:
#   SAKUIN             a built sakuin executable to test, instead of building one
#   SWIFT_BUILD_FLAGS  extra flags for that build, e.g. "--scratch-path .build-release"
#   KILL_TEST_SEED     seed of the random choices (default 1); the same seed makes the same
#                      corpus changes and delays
#   KEEP=1             keep the temporary folder (it is always kept when something failed)

set -u
cd "$(dirname "$0")/.." || exit 2
root=$PWD

kills_wanted=${1:-1000}
case $kills_wanted in
    '' | *[!0-9]* | 0) echo "usage: $0 [N]   (N: how many runs to kill, default 1000)" >&2; exit 2 ;;
esac
command -v timeout >/dev/null || { echo "kill-test: needs timeout(1) (GNU coreutils)" >&2; exit 2; }

if [ -n "${SAKUIN:-}" ]; then
    sakuin=$SAKUIN
else
    echo "kill-test: building sakuin (release)" >&2
    # shellcheck disable=SC2086  # the flags are meant to be split
    swift build -c release --product sakuin ${SWIFT_BUILD_FLAGS:-} >&2 || exit 2
    # shellcheck disable=SC2086
    sakuin="$(swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/sakuin" || exit 2
fi
[ -x "$sakuin" ] || { echo "kill-test: $sakuin is not an executable" >&2; exit 2; }

seeds=("$root"/seeds/*.txt)
[ -f "${seeds[0]}" ] || { echo "kill-test: no seed papers in $root/seeds" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sakuin-kill-test.XXXXXX") || exit 2
corpus=$work/corpus
index=$work/index
log=$work/failures.log
mkdir -p "$corpus"
: > "$log"
failures=0
finish() {
    if [ "$failures" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "kill-test: files kept in $work" >&2; fi
}
trap finish EXIT
trap 'exit 130' INT TERM

RANDOM=${KILL_TEST_SEED:-1}

# ---------------------------------------------------------------------------------------------
# The corpus. File i is f%04d.txt; `kind[i]` is g (generated text of `paragraphs[i]` paragraphs)
# or s (a copy of seed paper `seed[i]` with a paragraph holding the marker); `version[i]` counts
# its edits. Its marker, mk<file>x<version>, is in no other file or version.

declare -a kind=() seed=() version=() paragraphs=() present=()
declare -a seed_passages=()
next_file=1

words=(停戦 交渉 外交 安全保障 経済 制裁 同盟 国境 選挙 議会 政府 首脳 会談 合意 条約 地域 情勢 軍事 支援
       復興 難民 世論 報道 資源 エネルギー パイプライン ドローン サミット ウクライナ ロシア ヨーロッパ 国連)
particles=(は が を に と の で へ から について)
endings=(である。 が続いた。 と考えられる。 を求めた。 が進んだ。 は難航した。 に合意した。)

# These print into a variable (`-v NAME`) rather than to standard output, to spare a subshell.
name_of() { printf -v "$1" 'f%04d.txt' "$2"; }
marker_of() { printf -v "$1" 'mk%04dx%04d' "$2" "$3"; }

# Writes file $1 as its current version says.
write_file() {
    local file=$1 marker name path text sentence p s w
    marker_of marker "$file" "${version[$file]}"
    name_of name "$file"
    path=$corpus/$name
    if [ "${kind[$file]}" = s ]; then
        { cat "${seeds[${seed[$file]}]}"; printf '\n\n写しの標識 %s です。\n' "$marker"; } > "$path"
        return
    fi
    text="# 合成文書 $marker"$'\n'
    for ((p = 0; p < paragraphs[file]; p++)); do
        text+=$'\n'
        for ((s = 0; s < 5 + RANDOM % 4; s++)); do
            sentence=
            for ((w = 0; w < 2 + RANDOM % 3; w++)); do
                sentence+=${words[RANDOM % ${#words[@]}]}${particles[RANDOM % ${#particles[@]}]}
            done
            sentence+=${words[RANDOM % ${#words[@]}]}${endings[RANDOM % ${#endings[@]}]}
            [ "$s" -eq 0 ] && sentence+=" $marker "
            text+=$sentence
        done
        text+=$'\n'
    done
    printf '%s' "$text" > "$path"
}

add_generated() {
    kind[next_file]=g; version[next_file]=1; paragraphs[next_file]=$((4 + RANDOM % 7)); present[next_file]=1
    write_file "$next_file"
    next_file=$((next_file + 1))
}

add_seed_copy() {
    kind[next_file]=s; seed[next_file]=$1; version[next_file]=1; present[next_file]=1
    write_file "$next_file"
    next_file=$((next_file + 1))
}

present_files() { local i; for i in "${!present[@]}"; do echo "$i"; done; }

# A random file of the corpus.
pick_file() {
    local files
    mapfile -t files < <(present_files)
    echo "${files[RANDOM % ${#files[@]}]}"
}

# Between two runs: one to three files edited, and one file added or deleted.
change_corpus() {
    local n file count name
    for ((n = 0; n < 1 + RANDOM % 3; n++)); do
        file=$(pick_file)
        version[file]=$((version[file] + 1))
        [ "${kind[$file]}" = g ] && paragraphs[file]=$((4 + RANDOM % 7))
        write_file "$file"
    done
    count=${#present[@]}
    case $((RANDOM % 3)) in
        0) [ "$count" -lt 20 ] && add_generated ;;
        1) if [ "$count" -gt 10 ]; then
               file=$(pick_file)
               name_of name "$file"
               rm -f "$corpus/$name"
               unset "present[$file]"
           fi ;;
        *) [ "$count" -lt 20 ] && add_seed_copy $((RANDOM % ${#seeds[@]})) ;;
    esac
}

# The corpus now, one line per file: what `expected` needs.
state() {
    local i
    for i in $(present_files); do
        echo "$i ${kind[$i]} ${seed[$i]:--} ${version[$i]} ${paragraphs[$i]:-0}"
    done
}

# What the index holds when it holds state file $1: "name marker passages hits" per document,
# hits being the passages its marker finds.
expected() {
    local file kind_ seed_ version_ paragraphs_ marker name
    while read -r file kind_ seed_ version_ paragraphs_; do
        marker_of marker "$file" "$version_"
        name_of name "$file"
        if [ "$kind_" = g ]; then
            echo "$name $marker $((paragraphs_ + 1)) $((paragraphs_ + 1))"
        else
            echo "$name $marker ${seed_passages[$seed_]:-?} 1"
        fi
    done < "$1" | LC_ALL=C sort
}

# What the index holds, in the form of `expected`: the passages of each document (from
# `export`, the catalog) with the markers in them, and the hits of one search for every marker
# of state files $1 and $2 (from the postings).
observe() {
    local query
    "$sakuin" export --index "$index" > "$work/export.jsonl" 2> "$work/export.err" || return 1
    query=$(cat "$1" "$2" | while read -r file _ _ version_ _; do printf 'mk%04dx%04d\n' "$file" "$version_"; done |
            LC_ALL=C sort -u | awk 'NR > 1 { printf " OR " } { printf "%s", $0 }')
    "$sakuin" search "$query" --passages --limit 100000 --json --index "$index" > "$work/search.json" 2> "$work/search.err"
    [ $? -le 1 ] || return 1
    grep -o '"path":"[^"]*"' "$work/search.json" | sed 's|.*/||; s|"$||' > "$work/hits.txt"
    awk 'FNR == NR { hits[$0]++; next }
         match($0, /"path":"[^"]*"/) {
             name = substr($0, RSTART + 8, RLENGTH - 9); sub(/.*\//, "", name)
             passages[name]++
             line = $0
             while (match(line, /mk[0-9][0-9][0-9][0-9]x[0-9][0-9][0-9][0-9]/)) {
                 marker = substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
                 if (!((name, marker) in seen)) {
                     seen[name, marker] = 1
                     if (name in markers) markers[name] = markers[name] "," marker
                     else markers[name] = marker
                 }
             }
         }
         END {
             for (name in passages) print name, ((name in markers) ? markers[name] : "-"), passages[name], hits[name] + 0
             for (name in hits) if (!(name in passages)) print name, "-", 0, hits[name]
         }' "$work/hits.txt" "$work/export.jsonl" | LC_ALL=C sort
}

fail() {
    failures=$((failures + 1))
    printf 'run %d: %s\n' "$runs" "$1" >> "$log"
}

# Checks the index after run $runs; $1 says how it ended. Sets `holds` to committed or target.
verify() {
    local how=$1
    holds=
    if ! "$sakuin" check --index "$index" > "$work/check.out" 2>&1; then
        fail "$how; sakuin check failed:"$'\n'"$(cat "$work/check.out")"
        return
    fi
    if ! observe "$work/committed.state" "$work/target.state" > "$work/observed"; then
        fail "$how; the index cannot be read:"$'\n'"$(cat "$work/export.err" "$work/search.err")"
        return
    fi
    expected "$work/committed.state" > "$work/committed.expected"
    expected "$work/target.state" > "$work/target.expected"
    if cmp -s "$work/observed" "$work/committed.expected"; then
        holds=committed
    elif cmp -s "$work/observed" "$work/target.expected"; then
        holds=target
    else
        fail "$how; the index holds neither the last commit nor the next one (name marker passages hits):"$'\n'"$(
            diff "$work/committed.expected" "$work/observed" | sed 's/^/    last commit /'
            diff "$work/target.expected" "$work/observed" | sed 's/^/    next commit /')"
    fi
}

milliseconds() { echo $(($(date +%s%N) / 1000000)); }

# ---------------------------------------------------------------------------------------------

for i in "${!seeds[@]}"; do add_seed_copy "$i"; add_seed_copy "$i"; done
for _ in 1 2 3 4 5 6; do add_generated; done
state > "$work/target.state"
runs=0
started=$(milliseconds)
if ! "$sakuin" index "$corpus" --index "$index" > "$work/run.out" 2>&1; then
    echo "kill-test: the first commit failed:" >&2; cat "$work/run.out" >&2; exit 2
fi
run_milliseconds=$(($(milliseconds) - started))
# A copy's passages: the seed's, plus the marker paragraph.
"$sakuin" export --index "$index" > "$work/export.jsonl" || exit 2
for i in "${!seeds[@]}"; do
    name_of name $((2 * i + 1))
    seed_passages[i]=$(grep -c "\"path\":\"$corpus/$name\"" "$work/export.jsonl")
done
cp "$work/target.state" "$work/committed.state"
verify "first commit"
[ -n "$holds" ] || { echo "kill-test: the first commit does not check out:" >&2; cat "$log" >&2; exit 2; }

kills=0 finished=0 before_segment=0 writing_segment=0 before_commit=0 after_commit=0 stale_locks=0
iteration=0
while [ "$kills" -lt "$kills_wanted" ] && [ "$failures" -lt 20 ]; do
    iteration=$((iteration + 1))
    runs=$((runs + 1))
    change_corpus
    state > "$work/target.state"
    touch "$work/stamp"
    started=$(milliseconds)
    if [ "$iteration" -eq 1 ] || [ $((iteration % 6)) -eq 0 ]; then
        "$sakuin" index "$corpus" --index "$index" > "$work/run.out" 2>&1
        status=$?
    else
        # Half the delays anywhere in a run, half in its second half, where the segment is
        # written and the catalog committed.
        if [ $((RANDOM % 2)) -eq 0 ]; then
            delay=$((1 + RANDOM * run_milliseconds * 11 / 10 / 32768))
        else
            delay=$((1 + run_milliseconds / 2 + RANDOM * run_milliseconds * 6 / 10 / 32768))
        fi
        { timeout -s KILL "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))" \
              "$sakuin" index "$corpus" --index "$index" > "$work/run.out" 2>&1; } 2> /dev/null
        status=$?
    fi
    elapsed=$(($(milliseconds) - started))

    if [ "$status" -eq 137 ]; then
        kills=$((kills + 1))
        [ -s "$index/write.lock" ] && stale_locks=$((stale_locks + 1))
        verify "killed after $elapsed ms"
        if [ "$holds" = target ]; then
            after_commit=$((after_commit + 1))
            cp "$work/target.state" "$work/committed.state"
        elif [ "$holds" = committed ]; then
            if [ -n "$(find "$index/segments" -newer "$work/stamp" -name '*.tmp' 2> /dev/null)" ]; then
                writing_segment=$((writing_segment + 1))
            elif [ -n "$(find "$index/segments" -newer "$work/stamp" -name '*.skn' 2> /dev/null)" ]; then
                before_commit=$((before_commit + 1))
            else
                before_segment=$((before_segment + 1))
            fi
        fi
        if command -v flock > /dev/null && [ -e "$index/write.lock" ] && ! flock -n "$index/write.lock" true; then
            fail "the writer lock is still held after the writer was killed"
        fi
        [ $((kills % 100)) -eq 0 ] && echo "kill-test: $kills/$kills_wanted kills, $failures failures" >&2
    elif [ "$status" -eq 0 ]; then
        finished=$((finished + 1))
        run_milliseconds=$(((run_milliseconds + elapsed) / 2))
        verify "finished"
        [ "$holds" = target ] && cp "$work/target.state" "$work/committed.state"
        [ "$holds" = committed ] && fail "finished, yet the index holds the commit before"
    else
        fail "failed on its own with status $status:"$'\n'"$(cat "$work/run.out")"
    fi
done

# One last run, left to finish: it must leave no file of the killed runs behind.
runs=$((runs + 1))
change_corpus
state > "$work/target.state"
if "$sakuin" index "$corpus" --index "$index" > "$work/run.out" 2>&1; then
    finished=$((finished + 1))
    verify "the last run"
    [ "$holds" = committed ] && fail "the last run finished, yet the index holds the commit before"
    if grep -q 'warning' "$work/check.out"; then
        fail "files left over after the last run:"$'\n'"$(cat "$work/check.out")"
    fi
else
    fail "the last run failed:"$'\n'"$(cat "$work/run.out")"
fi

echo "kill-test: $kills kills ($before_segment before any segment file, $writing_segment while writing a segment," \
     "$before_commit after the segments before the catalog commit, $after_commit after the commit);" \
     "$finished runs finished; $stale_locks stale lock files; $failures failures"
if [ "$failures" -gt 0 ]; then
    echo "kill-test: failures are described in $log" >&2
    exit 1
fi
exit 0
