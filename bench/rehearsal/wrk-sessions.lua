-- wrk script for bin/rehearse-failover: every request carries one of the session cookies created
-- before the run (one cookie per line in the file given after `--`), round robin per thread, and
-- waits WRK_DELAY_MS (the second argument) before the next one so that wrk does not eat the two
-- cores the rehearsal runs on. done() prints the error counts as key=value for the script.
local cookies = {}
local next_cookie = 1
local pause = 50
local threads = {}
statuses = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      cookies[#cookies + 1] = line
    end
  end
  pause = tonumber(args[2] or "50")
  next_cookie = math.random(1, math.max(#cookies, 1))
end

function request()
  local headers = {}
  if #cookies > 0 then
    headers["Cookie"] = "connect.sid=" .. cookies[next_cookie]
    next_cookie = next_cookie % #cookies + 1
  end
  return wrk.format("GET", "/", headers)
end

function response(status, headers, body)
  if status >= 400 then
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function delay()
  return pause
end

function done(summary, latency, requests)
  local e = summary.errors
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  local detail = ""
  for status, n in pairs(by_status) do
    detail = detail .. string.format(" http%d=%d", status, n)
  end
  io.write(string.format("wrk requests=%d non2xx3xx=%d connect=%d read=%d write=%d timeout=%d p99ms=%.1f%s\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout, latency:percentile(99) / 1000, detail))
end
