-- wrk script for bench/circulation_http.py: POSTs circulation transactions, one barcode each.
--
--   wrk ... -s bench/circulation_wrk.lua URL -- MODE BARCODES READERS TOKEN PATH LOGPREFIX THREADS
--
-- MODE is "checkout", "checkin" or "get" (the ceiling: GET PATH, no body). BARCODES and READERS
-- are files with one value a line. Thread t (0-based) of THREADS takes barcodes t+1,
-- t+1+THREADS, ... so no two requests share a barcode; checkout k is for reader k (round robin).
-- A thread stops when its barcodes run out. Each request is logged as "> <barcode>" and each
-- answer as "<status> <loan id> <barcode>" ("-" unless 2xx) in LOGPREFIX<t>.log, so that the
-- benchmark can match each 2xx answer to exactly one loan in the database afterwards.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if #line > 0 then lines[#lines + 1] = line end
  end
  return lines
end

function init(args)
  mode = args[1]
  barcodes = mode == "get" and {} or read_lines(args[2])
  readers = mode == "get" and {} or read_lines(args[3])
  path = args[5]
  stride = tonumber(args[7])
  index = id + 1
  ok, failed = 0, 0
  statuses = {}
  log = io.open(args[6] .. id .. ".log", "w")
  log:setvbuf("line")
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Token " .. args[4]
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  if mode == "get" then
    return wrk.format("GET", path)
  end
  if index > #barcodes then
    wrk.thread:stop()
    -- a request must still be returned: a harmless one, not counted (see response)
    return wrk.format("GET", "/healthz")
  end
  local barcode = barcodes[index]
  local body
  if mode == "checkout" then
    local card = readers[((index - 1) % #readers) + 1]
    body = string.format('{"item": "%s", "reader": "%s"}', barcode, card)
  else
    body = string.format('{"item": "%s"}', barcode)
  end
  index = index + stride
  log:write("> ", barcode, "\n")
  return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
  if mode ~= "get" and string.find(body, '"checks"', 1, true) then
    return -- the GET /healthz sent after this thread's barcodes ran out
  end
  local loan, barcode = "-", "-"
  if status >= 200 and status < 300 then
    ok = ok + 1
    -- checkout answers with the loan ({"id": ...}), check-in with {"loan": ...}; both name the item
    loan = string.match(body, '"loan"%s*:%s*(%d+)') or string.match(body, '"id"%s*:%s*(%d+)') or "?"
    barcode = string.match(body, '"item"%s*:%s*"([^"]*)"') or "?"
  else
    failed = failed + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
  if mode ~= "get" then
    log:write(status, " ", loan, " ", barcode, "\n")
  end
  if status >= 300 and failed <= 5 then
    log:write("# ", string.sub(body, 1, 300), "\n")
  end
end

function done(summary, latency, requests)
  local total_ok, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
  end
  io.write("BENCH-JSON {")
  io.write(string.format('"requests": %d, "duration_us": %d, "ok": %d, "failed": %d, ',
    summary.requests, summary.duration, total_ok, total_failed))
  io.write(string.format('"connect_errors": %d, "read_errors": %d, "write_errors": %d, ',
    summary.errors.connect, summary.errors.read, summary.errors.write))
  io.write(string.format('"timeouts": %d, "status_errors": %d, ',
    summary.errors.timeout, summary.errors.status))
  io.write(string.format('"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}',
    latency.min, latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
  io.write("}\n")
end
