-- wrk script: GET rotating keys of a pre-populated set
--   /v2/keys/bench/get/k<n mod BENCH_GET_KEYS>  (bench/run populates them)
-- GET_QUERY (a global set by a wrapper such as qget.lua) is appended, e.g. "?quorum=true"
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local nkeys = tonumber(os.getenv("BENCH_GET_KEYS") or "1000")
local query = GET_QUERY or ""
local reqs, i

function init(args)
   reqs = {}
   for k = 0, nkeys - 1 do
      reqs[k] = wrk.format("GET", "/v2/keys/bench/get/k" .. k .. query)
   end
   i = (id * 7919) % nkeys
end

function request()
   local r = reqs[i]
   i = (i + 1) % nkeys
   return r
end
