-- wrk script for bench/compare: cycles through requests built before the run.
--
--   wrk -t2 -c16 -d5s -s bench.lua http://127.0.0.1:PORT/ -- OPERATION BODIES_FILE
--
-- BODIES_FILE holds one JSON request body per line. init() turns every line
-- into a complete HTTP request (X-Amz-Target, Content-Type, a dummy SigV4
-- Authorization that no server checks, X-Amz-Date) once, so that during the run
-- request() only hands out prebuilt strings and wrk spends its time on I/O.
-- done() prints one line "WRK_RESULT {json}" for bench/compare/run.

local threads_started = 0

function setup(thread)
  thread:set("thread_id", threads_started)  -- a global in that thread's Lua state
  threads_started = threads_started + 1
end

local requests = {}
local count = 0
local next_index = 1

function init(args)
  local operation, path = args[1], args[2]
  local headers = {
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["X-Amz-Target"] = "DynamoDB_20120810." .. operation,
    ["X-Amz-Date"] = "20250101T000000Z",
    ["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20250101/us-east-1/dynamodb/aws4_request, "
      .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
      .. "Signature=0000000000000000000000000000000000000000000000000000000000000000",
  }
  for line in io.lines(path) do
    if #line > 0 then
      count = count + 1
      requests[count] = wrk.format("POST", "/", headers, line)
    end
  end
  if count == 0 then error("no request bodies in " .. path) end
  -- Threads start at different places in the same shuffled list.
  next_index = (math.floor(count / 2) * (thread_id or 0)) % count + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > count then next_index = 1 end
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors_connect":%d,"errors_read":%d,'
      .. '"errors_write":%d,"errors_status":%d,"errors_timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
      .. '"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
