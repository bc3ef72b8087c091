# shellcheck shell=bash
# Shared pieces of bench/run (single node) and bench/cluster (3 members): process
# control, readiness, population, wrk cells, clean-up. Sourced after the caller has
# set BENCH_DIR, REPO_ROOT, REF_ETCD and the BENCH_* settings. Every loop is bounded.

# ---------------------------------------------------------------- state
tmp=""
WRK_PID=""
RAW=""
declare -A PID=()      # process key -> pid (== process group id, started with setsid)
declare -A URL=()      # target -> client URL that wrk drives (a cluster: its leader)
declare -A NAME=()     # target -> display name
declare -A MEMBERS=()  # target -> its process keys ("ours1 ours2 ours3"); unset = the target itself

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '\n[bench] FATAL: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
ensure_tools() {
    local missing=()
    command -v "$REF_ETCD" >/dev/null 2>&1 || missing+=(etcd-server)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    command -v cc >/dev/null 2>&1 || missing+=(gcc) # bench/watchers builds its wake client, bench/wake.c
    if ((${#missing[@]})); then
        [[ $(id -u) == 0 ]] || die "missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
        log "installing ${missing[*]} (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
            apt-get update -qq >/dev/null 2>&1 || true
            apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
        fi
    fi
    command -v "$REF_ETCD" >/dev/null 2>&1 || die "no etcd binary ($REF_ETCD) after install"
    # Build now if sources changed (./etcd builds on first use), not inside a server's start-up wait.
    ETCDJ_JAVA_OPTS=-Xmx64m "$REPO_ROOT/etcd" -h >/dev/null 2>&1 || die "./etcd -h failed: the build is broken (run ./build)"
}

# ---------------------------------------------------------------- processes
# start_proc KEY LOGFILE CMD...: runs CMD in its own process group from the repo root
start_proc() {
    local key=$1 logfile=$2; shift 2
    (cd "$REPO_ROOT" && exec setsid "$@") >"$logfile" 2>&1 </dev/null &
    PID[$key]=$!
}

# stop_procs KEY...: TERM every process group at once, KILL whatever is left after 5 s, reap
stop_procs() {
    local k pid live i
    for k in "$@"; do
        pid=${PID[$k]:-}
        [[ -n $pid ]] || continue
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    for ((i = 0; i < 50; i++)); do
        live=0
        for k in "$@"; do
            pid=${PID[$k]:-}
            [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && live=1
        done
        ((live)) || break
        sleep 0.1
    done
    for k in "$@"; do
        pid=${PID[$k]:-}
        [[ -n $pid ]] || continue
        # anything left in the group (e.g. a JVM under a launcher script)
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        unset "PID[$k]"
    done
}

stop_proc() { stop_procs "$1"; }

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n ${WRK_PID:-} ]]; then
        kill -TERM "$WRK_PID" 2>/dev/null || true   # timeout(1) passes it on to wrk
        wait "$WRK_PID" 2>/dev/null || true
    fi
    ((${#PID[@]})) && stop_procs "${!PID[@]}"
    [[ -n $tmp && -d $tmp ]] && rm -rf "$tmp"
    exit "$rc"
}

# setup_run PREFIX: temp dir, traps, empty raw file
setup_run() {
    LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    export tmp
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    RAW="$tmp/raw.tsv"
    : >"$RAW"
}

# extra curl options (make_client_certs sets --cacert in a TLS mode)
CURL_TLS=("${CURL_TLS[@]}")
REF_TLS=()
TLS_OURS=""

# make_client_certs: a CA and a server certificate for 127.0.0.1, shared by every server (BENCH_TLS=1): clients
# (curl, wrk, python) trust the CA; server authentication only (wrk cannot present a client certificate).
make_client_certs() {
    local d="$tmp/certs"
    "$REPO_ROOT/bin/certs-gen" ca --name bench-ca --out "$d" >/dev/null || die "certs-gen ca failed"
    "$REPO_ROOT/bin/certs-gen" server --name bench-server --ip 127.0.0.1 --ca "$d/bench-ca.crt" \
        --ca-key "$d/bench-ca.key" --out "$d" >/dev/null || die "certs-gen server failed"
    CURL_TLS=(--cacert "$d/bench-ca.crt")
    export BENCH_CA_FILE="$d/bench-ca.crt"
    export TLS_OURS="-cert-file $d/bench-server.crt -key-file $d/bench-server.key"
    REF_TLS=(--cert-file "$d/bench-server.crt" --key-file "$d/bench-server.key")
    log "client TLS mode: certificates in $d"
}

# rss_kib KEY: resident set of the process group KEY was started in (a launcher script and its JVM count together)
rss_kib() {
    local pgid=${PID[$1]} total=0 p r
    for p in $(pgrep -g "$pgid" 2>/dev/null || true); do
        r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
        total=$((total + ${r:-0}))
    done
    echo "$total"
}

# threads_of KEY: threads of every process in KEY's process group
threads_of() {
    local pgid=${PID[$1]} total=0 p n
    for p in $(pgrep -g "$pgid" 2>/dev/null || true); do
        n=$(find "/proc/$p/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
        total=$((total + n))
    done
    echo "$total"
}

# cpu_ms TARGET: CPU time (user + system, ms) used so far by every process of TARGET: each member's process group for
# a cluster (MEMBERS), else the target's own; read around a measurement, the difference is the CPU that cell cost
# the server (wrk's own CPU is not in it)
cpu_ms() {
    local keys=${MEMBERS[$1]:-$1} k p ticks=0 hz
    hz=$(getconf CLK_TCK)
    for k in $keys; do
        for p in $(pgrep -g "${PID[$k]}" 2>/dev/null || true); do
            # fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name
            ticks=$((ticks + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
        done
    done
    echo $((ticks * 1000 / hz))
}

# children_cpu_ms: CPU time (user + system, ms) of this shell's children that have ended and been waited for (fields
# cutime and cstime of /proc/$$/stat, read with builtins so that the reading starts no child itself); read around
# run_wrk, the difference is what wrk (with its timeout wrapper) cost: the client's share of the two cores
children_cpu_ms() {
    local stat fields hz
    read -r stat </proc/$$/stat
    read -r -a fields <<<"${stat##*) }"
    hz=$(getconf CLK_TCK)
    echo $(((fields[13] + fields[14]) * 1000 / hz))
}

# summary_row METRIC OURS REF: one line of the machine-readable summary (bench/issue14 reads these)
summary_row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$tmp/summary.tsv"; }

# port_free URL: nothing must already answer there (we would measure a stranger)
port_free() {
    ! curl -s "${CURL_TLS[@]}" -o /dev/null --max-time 1 "$1/version"
}

# members TARGET: its process keys
members() { echo "${MEMBERS[$1]:-$1}"; }

# died KEY WHAT: the process KEY is gone; show its log and stop
died() {
    tail -n 30 "$tmp/$1.log" >&2 || true
    die "$2 (log of $1 above)"
}

# wait_version KEY URL LABEL: poll URL/version (bounded) while the process lives
wait_version() {
    local key=$1 url=$2 label=$3 i
    for ((i = 0; i < BENCH_READY_TRIES; i++)); do
        kill -0 "${PID[$key]}" 2>/dev/null || died "$key" "$label exited during start-up"
        curl -sf "${CURL_TLS[@]}" -o /dev/null --max-time 1 "$url/version" && return 0
        sleep 0.1
    done
    died "$key" "$label not ready at $url/version after $BENCH_READY_TRIES tries"
}

# wait_write TARGET: a v2 PUT on URL[TARGET] must succeed (bounded)
wait_write() {
    local t=$1 url=${URL[$1]} i first
    for ((i = 0; i < BENCH_READY_TRIES; i++)); do
        curl -sf "${CURL_TLS[@]}" -o /dev/null --max-time 2 -X PUT -d value=ready "$url/v2/keys/bench/ready" && return 0
        sleep 0.1
    done
    first=$(members "$t")
    died "${first%% *}" "${NAME[$t]} answers /version but v2 PUT fails at $url"
}

# wait_ready TARGET: a single server: /version, then a v2 write
wait_ready() {
    local t=$1
    wait_version "$t" "${URL[$t]}" "${NAME[$t]}"
    wait_write "$t"
}

check_alive() {
    local t=$1 k
    for k in $(members "$t"); do
        kill -0 "${PID[$k]}" 2>/dev/null || died "$k" "${NAME[$t]} ($k) died during the benchmark"
    done
}

# populate TARGET: BENCH_GET_KEYS keys of BENCH_VALUE_BYTES under /v2/keys/bench/get/
populate() {
    local t=$1
    log "populating $BENCH_GET_KEYS keys on ${NAME[$t]} (${URL[$t]})"
    python3 - "${URL[$t]}" "$BENCH_GET_KEYS" "$BENCH_VALUE_BYTES" <<'PY' || die "populating ${NAME[$1]} failed"
import http.client, os, ssl, sys, urllib.parse
url, n, size = urllib.parse.urlsplit(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
if url.scheme == "https":
    ctx = ssl.create_default_context(cafile=os.environ.get("BENCH_CA_FILE"))
    conn = http.client.HTTPSConnection(url.hostname, url.port, timeout=10, context=ctx)
else:
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
body = "value=" + ("v" * size)
hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
for k in range(n):
    conn.request("PUT", "/v2/keys/bench/get/k%d" % k, body, hdrs)
    r = conn.getresponse(); r.read()
    if not 200 <= r.status < 300:
        sys.exit("PUT k%d -> %d" % (k, r.status))
PY
}

# ---------------------------------------------------------------- single-member servers
# start_ours / start_ref: one member each (bench/run, bench/watchers); the caller sets OURS_CMD, OURS_URL, OURS_NAME,
# REF_URL, REF_PEER_PORT, REF_NAME (and REF_TLS/TLS_OURS through make_client_certs)
start_ours() {
    NAME[ours]=$OURS_NAME
    URL[ours]=$OURS_URL
    port_free "$OURS_URL" || die "something already answers at $OURS_URL; stop it first"
    mkdir -p "$tmp/ours"
    export tmp
    log "starting ${NAME[ours]}: $OURS_CMD"
    start_proc ours "$tmp/ours.log" bash -c "$OURS_CMD"
    wait_ready ours
    log "${NAME[ours]} ready at ${URL[ours]} (pid ${PID[ours]})"
}

start_ref() {
    NAME[ref]=$REF_NAME
    URL[ref]=$REF_URL
    port_free "$REF_URL" || die "something already answers at $REF_URL; stop it first"
    local peer="http://127.0.0.1:$REF_PEER_PORT"
    log "starting ${NAME[ref]} ($("$REF_ETCD" --version | head -n1))"
    start_proc ref "$tmp/ref.log" "$REF_ETCD" --enable-v2=true \
        --name default --data-dir "$tmp/ref" \
        --listen-client-urls "$REF_URL" --advertise-client-urls "$REF_URL" \
        --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
        --initial-cluster "default=$peer" --initial-cluster-state new "${REF_TLS[@]}"
    wait_ready ref
    log "${NAME[ref]} ready at ${URL[ref]} (pid ${PID[ref]})"
}

# ---------------------------------------------------------------- load
# run_wrk URL SCRIPT CONNS SECONDS OUTFILE
run_wrk() {
    local url=$1 script=$2 conns=$3 secs=$4 out=$5 rc=0 threads=$BENCH_THREADS
    # wrk refuses fewer connections than threads (a 1-connection cell runs one thread)
    ((conns < threads)) && threads=$conns
    # in the background + wait, so a signal to this script is handled at once
    timeout --kill-after=10 $((secs + 60)) \
        wrk -t "$threads" -c "$conns" -d "${secs}s" --timeout "$BENCH_TIMEOUT" \
        -s "$BENCH_DIR/$script" "$url" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || rc=$?
    WRK_PID=""
    return "$rc"
}

# before_cell TARGET: hook run before every measurement (bench/cluster re-resolves the leader)
before_cell() { :; }

# run_cell RUN WORKLOAD SCRIPT CONNS TARGET: warm-up + measurement, appends a raw row
run_cell() {
    local run=$1 workload=$2 script=$3 conns=$4 t=$5
    local out="$tmp/wrk.out" rc=0 line
    check_alive "$t"
    before_cell "$t"
    if ((BENCH_WARMUP > 0)); then
        run_wrk "${URL[$t]}" "$script" "$conns" "$BENCH_WARMUP" "$out" || true
    fi
    local cpu_before cpu_after client_before client_after
    cpu_before=$(cpu_ms "$t")
    client_before=$(children_cpu_ms)
    run_wrk "${URL[$t]}" "$script" "$conns" "$BENCH_SECONDS" "$out" || rc=$?
    client_after=$(children_cpu_ms)
    cpu_after=$(cpu_ms "$t")
    check_alive "$t"
    line=$(grep '^BENCHRESULT ' "$out" | tail -n1 || true)
    if ((rc != 0)) || [[ -z $line ]]; then
        log "!! wrk failed (rc=$rc) for $workload c=$conns on ${NAME[$t]}:"
        sed 's/^/   | /' "$out" >&2
        line="BENCHRESULT requests=0 duration_us=0 p50_us=0 p99_us=0 max_us=0 non2xx=0 bad_status=0 err_connect=0 err_read=0 err_write=0 err_timeout=0 err_status=0 wrk_failed=1"
    fi
    printf 'run=%s\tworkload=%s\tconns=%s\ttarget=%s\t%s cpu_ms=%s client_cpu_ms=%s\n' "$run" "$workload" "$conns" \
        "$t" "${line#BENCHRESULT }" $((cpu_after - cpu_before)) $((client_after - client_before)) >>"$RAW"
    log "$(printf 'run %s %-10s c=%-3s %-8s %s' "$run" "$workload" "$conns" "${NAME[$t]}" \
        "$(python3 -c 'import sys
d=dict(kv.split("=") for kv in sys.argv[1].split())
r=int(d["requests"]); s=int(d["duration_us"])/1e6 or 1
e=int(d["non2xx"])+sum(int(d[k]) for k in ("err_connect","err_read","err_write","err_timeout"))
print("%.0f ops/s p50 %.2fms p99 %.2fms errors %d" % (r/s, int(d["p50_us"])/1e3, int(d["p99_us"])/1e3, e))' "${line#BENCHRESULT }")")"
}

# run_all: every cell of `cells` ("workload|script|conns" lines) for ours and ref,
# BENCH_RUNS times, interleaved
run_all() {
    local run workload script conns order i=0 t
    for ((run = 1; run <= BENCH_RUNS; run++)); do
        while IFS='|' read -r workload script conns; do
            # alternate which target goes first, so drift/noise hits both
            if ((i++ % 2 == 0)); then order="ours ref"; else order="ref ours"; fi
            for t in $order; do
                run_cell "$run" "$workload" "$script" "$conns" "$t"
            done
        done < <(cells)
    done
}

# machine_header: the first lines of a report
machine_header() {
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
    echo "loadavg: at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)  (other load on the host skews results)"
}

# save_results PREFIX REPORT_FN: raw rows + the report (tee'd) into bench/results/; returns report.py's status
save_results() {
    local prefix=$1 fn=$2 stamp rc=0
    mkdir -p "$RESULTS_DIR"
    stamp=$prefix$(date +%Y%m%d-%H%M%S)
    cp "$RAW" "$RESULTS_DIR/$stamp.raw.tsv"
    touch "$tmp/summary.tsv"
    BENCH_SUMMARY_FILE="$tmp/summary.tsv" "$fn" "$RESULTS_DIR/$stamp.txt" || rc=$?
    cp "$tmp/summary.tsv" "$RESULTS_DIR/$stamp.summary.tsv"
    # bench/issue14 names where it wants the summary
    if [[ -n ${BENCH_SUMMARY_TSV:-} ]]; then cp "$tmp/summary.tsv" "$BENCH_SUMMARY_TSV"; fi
    log "written $RESULTS_DIR/$stamp.txt (raw: $stamp.raw.tsv, summary: $stamp.summary.tsv)"
    return "$rc"
}
