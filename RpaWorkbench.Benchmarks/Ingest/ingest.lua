-- wrk script for the ingest benchmark (RpaWorkbench.Benchmarks -- ingest): every request posts a new run.
-- Arguments (from WrkLoad): first run number, thread count, API key ("-" for none), body template with four %s
-- (account, app, start, end), account count, apps separated by "|". Run n starts n seconds after the Unix epoch;
-- thread i sends runs first + i, first + i + threads, ... so no two requests share a run. See CallbackPayload.cs.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  first = tonumber(args[1])
  stride = tonumber(args[2])
  template = args[4]
  accounts = tonumber(args[5])
  apps = {}
  for app in string.gmatch(args[6], "[^|]+") do
    table.insert(apps, app)
  end
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if args[3] ~= "-" then
    wrk.headers["X-Api-Key"] = args[3]
  end
end

function request()
  local run = first + index + counter * stride
  counter = counter + 1
  local account = string.format("tygj%05d", run % accounts + 1)
  local app = apps[run % #apps + 1]
  local body = string.format(template, account, app,
    os.date("!%Y-%m-%d %H:%M:%S", run), os.date("!%Y-%m-%d %H:%M:%S", run + 1800))
  return wrk.format(nil, nil, nil, body)
end

-- One line for WrkLoad to parse. "sent" counts requests built (wrk builds one extra to check the script), so the
-- requests still in flight when wrk stopped are sent - completed: the server may have stored them.
function done(summary, latency, requests)
  local sent = 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("counter")
  end
  local errors = summary.errors
  io.write(string.format(
    "INGEST completed=%d non2xx=%d socket_errors=%d sent=%d duration_us=%d p50_us=%.0f p99_us=%.0f\n",
    summary.requests, errors.status, errors.connect + errors.read + errors.write + errors.timeout, sent,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
