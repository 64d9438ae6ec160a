-- wrk script of benchmarks/sessions.sh: every request carries the cookie of an existing session, taken in turn
-- from a file that the harness wrote after creating the sessions (one "NAME=value" per line; wrk itself keeps no
-- cookies).
--
--   wrk -t1 -c50 -d10s --latency -s benchmarks/sessions.lua http://127.0.0.1:PORT/ -- cookies.txt
--
-- With N sessions, request k carries session k mod N; with as many sessions as connections, most requests in flight
-- have their session to themselves, as with many users each waiting for their answer (a slow one can still overlap
-- the next request of its session, N requests later). With one line, every request shares one session (the worst
-- case: contention on one key). The requests are formatted once, in init(), so wrk's cost per request is returning
-- a string, the same for every contender.

local requests = {}
local next_index = 1
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  local path = args[1]
  local file = path and io.open(path, "r")
  if file == nil then
    io.stderr:write("sessions.lua: pass the cookie file as an argument after the URL: -- cookies.txt\n")
    os.exit(2)
  end
  for line in file:lines() do
    if line:find("=", 1, true) then
      requests[#requests + 1] = wrk.format(nil, nil, { ["Cookie"] = line })
    end
  end
  file:close()
  if #requests == 0 then
    io.stderr:write("sessions.lua: no NAME=value line in " .. path .. "\n")
    os.exit(2)
  end
  -- with several wrk threads, each starts at another session
  next_index = ((thread_number or 0) * 7) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
