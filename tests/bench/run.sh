#!/usr/bin/env bash
# retort's benchmark: one command, prints a Markdown table of figures and ratios with the
# machine it ran on. Never fails on time (it is not a test). Builds retort in Release mode
# in build-bench/ if needed, generates every input in a temporary directory, and times
# with hyperfine (medians of repeated runs) and /usr/bin/time -v (peak memory).
#
#   tests/bench/run.sh            (from anywhere; about 5 minutes on 2 cores)
#
# Paths are used unquoted in hyperfine's -N commands: the temporary directory and the
# checkout must not contain spaces.
# Environment: SQUAWK=path uses that squawk instead of installing squawk-cli from npm;
# BENCH_SCALE="1000 10000 50000" changes the revision counts of the scaling rows.
set -uo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
build=$src/build-bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scale=(${BENCH_SCALE:-1000 10000 50000})

note() { printf '%s\n' "$*" >&2; }
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { note "run.sh: $tool is missing (scripts/setup.sh installs it)"; exit 2; }
done

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)

note "== building retort (Release) in $build"
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 \
    || { cat "$tmp/cmake.log" >&2; exit 2; }
fi
cmake --build "$build" -j2 >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log" >&2; exit 2; }
retort=$build/retort

note "== generating inputs in $tmp"
sql_stmts=$($py "$src/tests/bench/gen_sql.py" "$tmp/sql" 2000)
$py "$src/tests/bench/gen_alembic.py" "$tmp/p300" 300
for n in "${scale[@]}"; do $py "$src/tests/bench/gen_alembic.py" "$tmp/p$n" "$n"; done
one=$(ls "$tmp/p300/migrations/versions/"*.py | sed -n 150p)
sql_mb=$(cat "$tmp"/sql/*.sql | wc -c | awk '{printf "%.1f", $1 / 1e6}')

# median wall SECONDS of a hyperfine JSON export, and mean CPU seconds (user + system)
median() { $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
cpu_mean() { $py -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["user"] + r["system"])' "$1"; }
# hf NAME RUNS [hyperfine options...] COMMAND: times COMMAND, leaves the median wall time
# in $tmp/NAME and the mean CPU time in $tmp/NAME.cpu; HF_ENV="VAR=value" sets the
# environment of the timed command
hf() {
  local name=$1 runs=$2
  shift 2
  note "== timing $name"
  if env ${HF_ENV:-} hyperfine -i --style basic --runs "$runs" --export-json "$tmp/$name.json" "$@" >&2; then
    median "$tmp/$name.json" >"$tmp/$name"
    cpu_mean "$tmp/$name.json" >"$tmp/$name.cpu"
  else
    echo nan >"$tmp/$name"
    echo nan >"$tmp/$name.cpu"
  fi
}
get() { cat "$tmp/$1"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
sec() { awk -v s="$1" 'BEGIN { printf "%.3f s", s }'; }
# "WALL (CPU c)" for timing NAME, in ms or s
wall_cpu_ms() { echo "$(ms "$(get "$1")") (CPU $(ms "$(get "$1.cpu")"))"; }
wall_cpu_s() { echo "$(sec "$(get "$1")") (CPU $(sec "$(get "$1.cpu")"))"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "n/a" }'; }
# peak resident memory in MB of one run of a command
peak_mb() {
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt"
  awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/time.txt"
}

# --- squawk ---------------------------------------------------------------------------
squawk=${SQUAWK:-}
squawk_why=""
if [[ -z $squawk ]]; then
  if ! command -v npm >/dev/null; then
    squawk_why="npm is not installed"
  elif npm install --prefix "$tmp/npm" squawk-cli >"$tmp/npm.log" 2>&1 \
      && [[ -x $tmp/npm/node_modules/.bin/squawk ]]; then
    squawk=$tmp/npm/node_modules/.bin/squawk
  else
    squawk_why="npm install squawk-cli failed: $(tail -1 "$tmp/npm.log")"
  fi
fi
[[ -n $squawk_why ]] && note "run.sh: skipping squawk: $squawk_why"

# Which rules retort runs on the SQL corpus: the PostgreSQL rules when it has them.
if "$retort" rules | awk '{print $3}' | grep -qx postgresql; then
  sql_select=(--select postgresql)
  sql_what="\`retort check DIR --select postgresql\`"
else
  sql_select=()
  sql_what="\`retort check DIR\` with its default rules: this build has no postgresql rules, so no rule asks for a SQL parse and retort only finds and reads the files"
fi

# --- timings -----------------------------------------------------------------------------
if [[ -n $squawk ]]; then
  squawk_version=$("$squawk" --version 2>/dev/null | head -1)
  hf squawk 3 --warmup 1 "cd '$tmp/sql' && '$squawk' *.sql"
fi
hf retort_sql 10 --warmup 2 -N "$retort check $tmp/sql ${sql_select[*]}"
HF_ENV=RETORT_THREADS=1 hf retort_sql_1 10 --warmup 2 -N "$retort check $tmp/sql ${sql_select[*]}"
hf retort_sql_sarif 5 --warmup 1 -N "$retort check $tmp/sql ${sql_select[*]} --format sarif"
hf alembic 5 --warmup 1 "cd '$tmp/p300' && $py -m alembic heads"
hf retort_p300 20 --warmup 3 -N "$retort check $tmp/p300"
HF_ENV=RETORT_THREADS=1 hf retort_p300_1 20 --warmup 3 -N "$retort check $tmp/p300"
hf one_file 50 --warmup 5 -N "$retort check $one"
hf one_in_project 30 --warmup 3 -N "$retort check --alembic-ini $tmp/p300/alembic.ini $one"
for n in "${scale[@]}"; do
  runs=5
  ((n >= 50000)) && runs=3
  hf "scale$n" "$runs" --warmup 1 -N "$retort check $tmp/p$n"
  peak_mb "$retort" check "$tmp/p$n" >"$tmp/peak$n"
done

note "== front-end benchmarks"
# one warm-up run each first: the first run after the timings above was seen up to 1.8x
# slower than the next (cold caches, the CPU's clock), the following ones agree
"$build/tests/bench_sql_frontend" >/dev/null 2>&1
"$build/tests/bench_secrets_scan" >/dev/null 2>&1
pyfe=$("$build/tests/bench_python_frontend" --rounds 5 2>&1)
secrets=$("$build/tests/bench_secrets_scan" 2>&1)
sqlfe=$("$build/tests/bench_sql_frontend" 2>&1)
pyfe_files=$(sed -n 's/^files: \(.*\), syntax.*/\1/p' <<<"$pyfe")
pyfe_tok=$(awk '/^tokenize:/ {print $2}' <<<"$pyfe")
pyfe_parse=$(awk '/^tokenize \+ parse:/ {print $4}' <<<"$pyfe")
secrets_cpu=$(sed -n 's/^secrets scan: .* MB\/s wall, \([0-9.]*\) MB\/s CPU/\1/p' <<<"$secrets")
secrets_mb=$(sed -n 's/^secrets scan: \([0-9.]*\) MB corpus.*/\1/p' <<<"$secrets")
sqlfe_line=$(grep 'retort rt_sql_parse:' <<<"$sqlfe" | sed 's/^ *retort rt_sql_parse: *//')
sqlfe_head=$(head -1 <<<"$sqlfe" | sed 's/^sql front-end: //')

# --- the table -------------------------------------------------------------------------
cat <<EOF

### retort benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $cpu; load average at start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg).
retort checks files on $(nproc) threads (the online CPUs) unless a row says otherwise.
retort $(git -C "$src" rev-parse --short HEAD 2>/dev/null) (Release build), $(hyperfine --version), Alembic $($py -c 'import alembic; print(alembic.__version__)').
Times are hyperfine medians of repeated runs (wall clock, process start to exit), with the
mean CPU time (user + system) beside them: on a shared, loaded machine CPU time is the steadier figure.

| what | figure | compared with | ratio | target |
| --- | --- | --- | --- | --- |
EOF
if [[ -n $squawk ]]; then
  echo "| 2,000 SQL files ($sql_stmts statements, $sql_mb MB): retort | $(wall_cpu_s retort_sql) | $squawk_version: $(wall_cpu_s squawk) | $(ratio "$(get squawk)" "$(get retort_sql)") squawk's throughput (CPU: $(ratio "$(get squawk.cpu)" "$(get retort_sql.cpu)")) | ≥ 4× |"
else
  echo "| 2,000 SQL files ($sql_stmts statements, $sql_mb MB): retort | $(wall_cpu_s retort_sql) | squawk skipped: $squawk_why | n/a | ≥ 4× |"
fi
sql_1_ratio=n/a
[[ -n $squawk ]] && sql_1_ratio="$(ratio "$(get squawk)" "$(get retort_sql_1)") squawk's throughput"
echo "| the same, one thread (\`RETORT_THREADS=1\`) | $(wall_cpu_s retort_sql_1) | | $sql_1_ratio | |"
sql_findings=$("$retort" check "$tmp/sql" "${sql_select[@]}" --format json 2>/dev/null |
  $py -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
echo "| the same as SARIF (\`--format sarif\`, $sql_findings findings) | $(wall_cpu_s retort_sql_sarif) | | | |"
echo "| ~300-revision project: \`retort check\` (all rules) | $(wall_cpu_ms retort_p300) | \`alembic heads\`: $(wall_cpu_ms alembic) | $(ratio "$(get alembic)" "$(get retort_p300)") faster (CPU: $(ratio "$(get alembic.cpu)" "$(get retort_p300.cpu)")) | ≥ 50× |"
echo "| the same, one thread (\`RETORT_THREADS=1\`) | $(wall_cpu_ms retort_p300_1) | | $(ratio "$(get alembic)" "$(get retort_p300_1)") | |"
echo "| one migration file end to end (\`retort check FILE\`, no alembic.ini: the file alone) | $(wall_cpu_ms one_file) | | | < 5 ms |"
echo "| the same file in its ~300-revision project (\`--alembic-ini\`: the other files are read for the revision graph) | $(wall_cpu_ms one_in_project) | | | |"
for n in "${scale[@]}"; do
  t=$(get "scale$n")
  per=$(awk -v t="$t" -v c="$(get "scale$n.cpu")" -v n="$n" \
    'BEGIN { printf "%.1f µs/revision (CPU %.1f µs/revision)", t / n * 1e6, c / n * 1e6 }')
  target=""
  [[ $n == 10000 ]] && target="< 1 s, < 100 MB"
  echo "| $n revisions: \`retort check\` | $(wall_cpu_s "scale$n"), $(get "peak$n") MB peak RSS | $per | | $target |"
done
echo "| Python front-end, tokenize + parse ($pyfe_files) | $pyfe_parse MB/s per core (tokenize alone $pyfe_tok MB/s) | | | ≥ 150 MB/s |"
echo "| secrets scanner ($secrets_mb MB generated corpus) | $secrets_cpu MB/s per core | | | |"
echo "| SQL front-end, rt_sql_parse ($sqlfe_head) | $sqlfe_line | | | |"
cat <<EOF

What retort ran on the SQL corpus: $sql_what.
Peak memory: /usr/bin/time -v, one run. Front-end rows: the bench_* programs, CPU time, single thread.
EOF
