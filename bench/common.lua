-- Shared wrk plumbing for the etcdj benchmark (loaded by put.lua / get.lua).
--
-- * gives every wrk thread an id (so threads start at different keys),
-- * counts non-2xx responses per thread (wrk itself only counts >= 400),
-- * prints one machine-parseable line from done():
--   BENCHRESULT requests=.. duration_us=.. p50_us=.. p99_us=.. max_us=..
--               non2xx=.. bad_status=.. err_connect=.. err_read=..
--               err_write=.. err_timeout=.. err_status=..
--   Latencies are in microseconds.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

-- per-thread globals (every thread runs the script in its own Lua state)
id = id or 0
non2xx = 0
bad_status = 0

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      bad_status = status
   end
end

function done(summary, latency, requests)
   local n, bad = 0, 0
   for _, t in ipairs(threads) do
      n = n + (t:get("non2xx") or 0)
      local b = t:get("bad_status") or 0
      if b ~= 0 then bad = b end
   end
   local e = summary.errors
   io.write(string.format(
      "BENCHRESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
      "non2xx=%d bad_status=%d err_connect=%d err_read=%d err_write=%d " ..
      "err_timeout=%d err_status=%d\n",
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(99), latency.max,
      n, bad, e.connect, e.read, e.write, e.timeout, e.status))
end

-- 256 bytes of deterministic alphanumerics (no form-encoding needed)
function bench_value(len)
   local chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
   local out, x = {}, 12345
   for i = 1, len do
      x = (x * 1103515245 + 12345) % 2147483648
      local c = (math.floor(x / 65536) % #chars) + 1
      out[i] = chars:sub(c, c)
   end
   return table.concat(out)
end
