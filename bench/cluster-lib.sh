# shellcheck shell=bash
# Cluster pieces shared by bench/cluster and bench/cold: the two three-member clusters (settings, start-up, readiness,
# leader lookup), peer and client TLS. Sourced after bench/lib.sh. Every loop is bounded.

# ours: the etcd README's three-machine cluster, on other ports. Each command is run
# with bash -c from the repo root; $tmp is the run's temp dir.
# BENCH_PEER_TLS=1: members of both clusters talk mutual TLS to each other (one certs-gen peer certificate
# and CA for all six processes).
# BENCH_TLS=1: every member of both clusters serves its clients over HTTPS (make_client_certs in bench/lib.sh).
BENCH_PEER_TLS=${BENCH_PEER_TLS:-0}
BENCH_TLS=${BENCH_TLS:-0}
CLIENT_SCHEME=http
[[ $BENCH_TLS == 1 ]] && CLIENT_SCHEME=https
PEER_SCHEME=http
[[ $BENCH_PEER_TLS == 1 ]] && PEER_SCHEME=https
PEER_TLS_OURS=""
REF_PEER_TLS=()

OURS_NAME=${OURS_NAME:-etcdj}
OURS_CLUSTER_URLS=${OURS_CLUSTER_URLS:-"$CLIENT_SCHEME://127.0.0.1:14001 $CLIENT_SCHEME://127.0.0.1:14002 $CLIENT_SCHEME://127.0.0.1:14003"}
# shellcheck disable=SC2016  # expanded later, by bash -c, with $tmp exported
OURS_CLUSTER_CMD1=${OURS_CLUSTER_CMD1:-'./etcd -peer-addr 127.0.0.1:17001 -addr 127.0.0.1:14001 -data-dir "$tmp/c1" -name machine1 $PEER_TLS_OURS $TLS_OURS'}
# shellcheck disable=SC2016
OURS_CLUSTER_CMD2=${OURS_CLUSTER_CMD2:-'./etcd -peer-addr 127.0.0.1:17002 -addr 127.0.0.1:14002 -peers 127.0.0.1:17001 -data-dir "$tmp/c2" -name machine2 $PEER_TLS_OURS $TLS_OURS'}
# shellcheck disable=SC2016
OURS_CLUSTER_CMD3=${OURS_CLUSTER_CMD3:-'./etcd -peer-addr 127.0.0.1:17003 -addr 127.0.0.1:14003 -peers 127.0.0.1:17001 -data-dir "$tmp/c3" -name machine3 $PEER_TLS_OURS $TLS_OURS'}
# 1: start member n+1 only once member n answers /version (etcd 0.4 joins through a
# running peer); 0: start all at once (needed when the commands are a static etcd 3.x cluster)
OURS_CLUSTER_SEQUENTIAL=${OURS_CLUSTER_SEQUENTIAL:-1}

REF_NAME=${REF_NAME:-etcd3.4}
REF_ETCD=${REF_ETCD:-etcd}
REF_CLUSTER_CLIENT_PORTS=${REF_CLUSTER_CLIENT_PORTS:-"12379 22379 32379"}
REF_CLUSTER_PEER_PORTS=${REF_CLUSTER_PEER_PORTS:-"12380 22380 32380"}
REF_CLUSTER_TOKEN=${REF_CLUSTER_TOKEN:-etcdj-bench-cluster}

declare -A MURL=()                        # process key -> client URL of that member
declare -A LEADER_START=() LEADER_CHANGES=()

# ---------------------------------------------------------------- cluster helpers
# find_leader URL...: prints the client URL (one of the given) of the current leader, or fails.
#  1. each member's /v2/stats/self: "state" is "leader" (etcd 0.4) or "StateLeader" (etcd 3.x);
#     exactly one member must say so;
#  2. otherwise /v2/leader (etcd 0.4: the leader's PEER url), mapped to its client url with
#     /v2/keys/_etcd/machines (values "etcd=<urlencoded client>&raft=<urlencoded peer>").
find_leader() {
    python3 - "$@" <<'PY'
import json, os, ssl, sys, urllib.parse, urllib.request

urls = [u.rstrip("/") for u in sys.argv[1:]]
# BENCH_CA_FILE: the client CA in a client TLS mode
ctx = ssl.create_default_context(cafile=os.environ["BENCH_CA_FILE"]) if os.environ.get("BENCH_CA_FILE") else None

def get(url):
    with urllib.request.urlopen(url, timeout=1, context=ctx) as r:
        return r.read().decode()

leaders = []
for u in urls:
    try:
        st = json.loads(get(u + "/v2/stats/self")).get("state", "")
    except Exception:
        continue
    if st.lower() in ("leader", "stateleader"):
        leaders.append(u)
if len(leaders) == 1:
    print(leaders[0]); sys.exit(0)

for u in urls:
    try:
        peer = get(u + "/v2/leader").strip().rstrip("/")
        if not peer.startswith("http"):
            continue
        nodes = json.loads(get(u + "/v2/keys/_etcd/machines")).get("node", {}).get("nodes", [])
    except Exception:
        continue
    for n in nodes:
        q = urllib.parse.parse_qs(n.get("value", ""))
        raft, client = q.get("raft", [""])[0].rstrip("/"), q.get("etcd", [""])[0].rstrip("/")
        if raft == peer and client in urls:
            print(client); sys.exit(0)
sys.exit(1)
PY
}

# machines_ok URL EXPECTED...: URL/v2/machines lists exactly the EXPECTED client URLs
machines_ok() {
    local url=$1; shift
    local got
    got=$(curl -sf "${CURL_TLS[@]}" --max-time 1 "$url/v2/machines") || return 1
    python3 - "$got" "$@" <<'PY'
import sys
got = sorted(u.strip().rstrip("/") for u in sys.argv[1].split(",") if u.strip())
want = sorted(u.rstrip("/") for u in sys.argv[2:])
sys.exit(0 if got == want else 1)
PY
}

# wait_cluster TARGET: every member alive and answering, /v2/machines lists all of them,
# one leader; URL[TARGET] = the leader's client URL; then a v2 write on it. Bounded.
wait_cluster() {
    local t=$1 k i urls=() leader="" up
    for k in ${MEMBERS[$t]}; do urls+=("${MURL[$k]}"); done
    for k in ${MEMBERS[$t]}; do wait_version "$k" "${MURL[$k]}" "${NAME[$t]} $k"; done
    for ((i = 0; i < BENCH_CLUSTER_TRIES; i++)); do
        check_alive "$t"
        up=1
        for k in ${MEMBERS[$t]}; do
            machines_ok "${MURL[$k]}" "${urls[@]}" || { up=0; break; }
        done
        if ((up)) && leader=$(find_leader "${urls[@]}"); then
            break
        fi
        sleep 0.1
    done
    if ((i >= BENCH_CLUSTER_TRIES)); then
        for k in ${MEMBERS[$t]}; do
            log "$k ${MURL[$k]}/v2/machines: $(curl -s "${CURL_TLS[@]}" --max-time 1 "${MURL[$k]}/v2/machines" || echo '(no answer)')"
            log "$k ${MURL[$k]}/v2/stats/self: $(curl -s "${CURL_TLS[@]}" --max-time 1 "${MURL[$k]}/v2/stats/self" || echo '(no answer)')"
            tail -n 15 "$tmp/$k.log" | sed "s/^/   $k | /" >&2 || true
        done
        die "${NAME[$t]}: no ${#urls[@]}-member cluster with a leader after $BENCH_CLUSTER_TRIES tries (above: each member's view and log tail)"
    fi
    URL[$t]=$leader
    LEADER_START[$t]=$leader
    LEADER_CHANGES[$t]=0
    wait_write "$t"
    log "${NAME[$t]}: ${#urls[@]} members (${urls[*]}), leader ${URL[$t]}"
}

# before_cell TARGET (hook of run_cell): drive whoever leads now; count leader changes
before_cell() {
    local t=$1 k urls=() leader
    for k in ${MEMBERS[$t]}; do urls+=("${MURL[$k]}"); done
    if leader=$(find_leader "${urls[@]}"); then
        if [[ $leader != "${URL[$t]}" ]]; then
            log "!! ${NAME[$t]}: leader changed ${URL[$t]} -> $leader"
            LEADER_CHANGES[$t]=$((${LEADER_CHANGES[$t]} + 1))
            URL[$t]=$leader
        fi
    else
        log "!! ${NAME[$t]}: no leader found right now; keeping ${URL[$t]}"
    fi
}

# ---------------------------------------------------------------- servers
# start_ref_cluster [TARGET [LABEL]]: TARGET (default ref) names the cluster and prefixes its members' keys; the
# ports, schemes and TLS options are read from REF_CLUSTER_*_PORTS, CLIENT_SCHEME, PEER_SCHEME, REF_PEER_TLS, REF_TLS
start_ref_cluster() {
    local t=${1:-ref}
    NAME[$t]=${2:-$REF_NAME}
    local cports=() pports=() n i k initial="" url
    read -r -a cports <<<"$REF_CLUSTER_CLIENT_PORTS"
    read -r -a pports <<<"$REF_CLUSTER_PEER_PORTS"
    n=${#cports[@]}
    ((n == ${#pports[@]} && n > 0)) || die "REF_CLUSTER_CLIENT_PORTS and REF_CLUSTER_PEER_PORTS must list the same number of ports"
    for ((i = 0; i < n; i++)); do
        initial+="${initial:+,}$t$((i + 1))=$PEER_SCHEME://127.0.0.1:${pports[i]}"
    done
    MEMBERS[$t]=""
    for ((i = 0; i < n; i++)); do
        k=$t$((i + 1))
        url="$CLIENT_SCHEME://127.0.0.1:${cports[i]}"
        port_free "$url" || die "something already answers at $url; stop it first"
        MEMBERS[$t]+="${MEMBERS[$t]:+ }$k"
        MURL[$k]=$url
    done
    log "starting ${NAME[$t]} $n-member cluster ($("$REF_ETCD" --version | head -n1)): $initial"
    for ((i = 0; i < n; i++)); do
        k=$t$((i + 1))
        url=${MURL[$k]}
        start_proc "$k" "$tmp/$k.log" "$REF_ETCD" --enable-v2=true \
            --name "$k" --data-dir "$tmp/$k" \
            --listen-client-urls "$url" --advertise-client-urls "$url" \
            --listen-peer-urls "$PEER_SCHEME://127.0.0.1:${pports[i]}" \
            --initial-advertise-peer-urls "$PEER_SCHEME://127.0.0.1:${pports[i]}" \
            --initial-cluster "$initial" --initial-cluster-token "$REF_CLUSTER_TOKEN" \
            --initial-cluster-state new "${REF_PEER_TLS[@]}" "${REF_TLS[@]}"
    done
    wait_cluster "$t"
}

# start_ours_cluster [TARGET [LABEL]]: TARGET (default ours) names the cluster and prefixes its members' keys; the
# members are OURS_CLUSTER_URLS, started by OURS_CLUSTER_CMD1, 2, ...
start_ours_cluster() {
    local t=${1:-ours}
    NAME[$t]=${2:-$OURS_NAME}
    local urls=() n i k cmd
    read -r -a urls <<<"$OURS_CLUSTER_URLS"
    n=${#urls[@]}
    ((n > 0)) || die "OURS_CLUSTER_URLS is empty"
    MEMBERS[$t]=""
    for ((i = 0; i < n; i++)); do
        k=$t$((i + 1))
        cmd="OURS_CLUSTER_CMD$((i + 1))"
        [[ -n ${!cmd:-} ]] || die "$cmd is not set (OURS_CLUSTER_URLS lists $n members)"
        port_free "${urls[i]}" || die "something already answers at ${urls[i]}; stop it first"
        MEMBERS[$t]+="${MEMBERS[$t]:+ }$k"
        MURL[$k]=${urls[i]}
    done
    for ((i = 0; i < n; i++)); do
        k=$t$((i + 1))
        cmd="OURS_CLUSTER_CMD$((i + 1))"
        log "starting ${NAME[$t]} $k: ${!cmd}"
        start_proc "$k" "$tmp/$k.log" bash -c "${!cmd}"
        if ((OURS_CLUSTER_SEQUENTIAL)); then
            wait_version "$k" "${MURL[$k]}" "${NAME[$t]} $k"
        fi
    done
    wait_cluster "$t"
}

# warm_up_all [READ_SCRIPT]: BENCH_JIT_WARMUP seconds of writes, then of reads (qget.lua, quorum reads, unless told),
# against the leader of each cluster in TARGETS, not recorded. A JVM runs interpreted code and spends a core on its JIT
# compilers for its first tens of seconds; the cells measure the steady state of both servers (Go's etcd needs no
# warm-up; it gets the same load anyway).
warm_up_all() {
    local t secs=$BENCH_JIT_WARMUP reads=${1:-qget.lua}
    ((secs > 0)) || return 0
    for t in "${TARGETS[@]}"; do
        before_cell "$t"
        log "warm-up: ${secs}s of PUTs and ${secs}s of $reads on ${NAME[$t]} (${URL[$t]}), not recorded"
        run_wrk "${URL[$t]}" put.lua 64 "$secs" "$tmp/warmup.out" || true
        run_wrk "${URL[$t]}" "$reads" 64 "$secs" "$tmp/warmup.out" || true
        check_alive "$t"
    done
}

describe() {
    local t=$1 k first=1
    for k in ${MEMBERS[$t]}; do
        ((first)) || printf ', '
        printf '%s' "${MURL[$k]}"
        first=0
    done
    printf '; leader at start %s, at end %s, %s leader change(s) seen between cells' \
        "${LEADER_START[$t]}" "${URL[$t]}" "${LEADER_CHANGES[$t]}"
}

# make_peer_certs: a CA and one peer certificate (server + client usage, SAN 127.0.0.1) for every member
make_peer_certs() {
    local d="$tmp/peer-certs"
    "$REPO_ROOT/bin/certs-gen" ca --name bench-peer-ca --out "$d" >/dev/null || die "certs-gen ca failed"
    "$REPO_ROOT/bin/certs-gen" peer --name bench-peer --ip 127.0.0.1 --ca "$d/bench-peer-ca.crt" \
        --ca-key "$d/bench-peer-ca.key" --out "$d" >/dev/null || die "certs-gen peer failed"
    export PEER_TLS_OURS="-peer-cert-file $d/bench-peer.crt -peer-key-file $d/bench-peer.key -peer-ca-file $d/bench-peer-ca.crt"
    REF_PEER_TLS=(--peer-cert-file "$d/bench-peer.crt" --peer-key-file "$d/bench-peer.key"
        --peer-trusted-ca-file "$d/bench-peer-ca.crt" --peer-client-cert-auth)
    log "peer TLS mode: certificates in $d"
}

