-- wrk script: PUT a 256-byte value (form body) to rotating keys
--   /v2/keys/bench/k<n mod BENCH_KEYS>   (BENCH_KEYS env, default 1000)
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local nkeys = tonumber(os.getenv("BENCH_KEYS") or "1000")
local value_len = tonumber(os.getenv("BENCH_VALUE_BYTES") or "256")
local reqs, i

function init(args)
   local body = "value=" .. bench_value(value_len)
   local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
   reqs = {}
   for k = 0, nkeys - 1 do
      reqs[k] = wrk.format("PUT", "/v2/keys/bench/k" .. k, headers, body)
   end
   -- spread threads over the key space
   i = (id * 7919) % nkeys
end

function request()
   local r = reqs[i]
   i = (i + 1) % nkeys
   return r
end
