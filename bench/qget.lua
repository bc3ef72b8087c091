-- wrk script: quorum GET of the pre-populated keys (get.lua with ?quorum=true)
--   /v2/keys/bench/get/k<n mod BENCH_GET_KEYS>?quorum=true
-- A quorum read goes through the leader and consensus (etcd 0.4: "linearized" read;
-- etcd 3.4 v2: a quorum GET is proposed through raft).
GET_QUERY = "?quorum=true"
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "get.lua")
