-- wrk script for the benchmark (bench/lib/load.ts runs wrk with it). What each request sends comes from
-- the environment, set per load: BENCH_METHOD, BENCH_BODY and BENCH_HEADERS (one "name: value" a line,
-- e.g. a bearer token). At the end it prints one JSON line: requests, duration, errors and latencies.

wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then wrk.body = body end
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

-- BENCH_FRESH_KEY=1: every request carries an Idempotency-Key of its own (a keyed create, never a replay).
if os.getenv("BENCH_FRESH_KEY") == "1" then
  local sent = 0
  local prefix = string.format("%d-%d", os.time(), math.random(1, 1000000000))
  request = function()
    sent = sent + 1
    wrk.headers["idempotency-key"] = prefix .. "-" .. sent
    return wrk.format()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"errors":%d,"non2xx":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
