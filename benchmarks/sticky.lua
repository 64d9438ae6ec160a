-- wrk script for the ms-sticky contender of benchmarks/run.sh: every request carries one fixed
-- cookie, as a returning client pinned to a backend would (wrk itself never keeps cookies).
--
--   wrk -t1 -c50 -d10s --latency -s benchmarks/sticky.lua http://127.0.0.1:PORT/ -- 'MSBACKEND=<id>'
--
-- The argument is the cookie pair, "name=value"; run.sh takes it from the Set-Cookie of one request
-- through the sticky balancer. The header is set in init(), before wrk formats its request, so the
-- request stays static (built once, not per request by Lua) and wrk's own cost is the same as
-- without a script.

function init(args)
  local cookie = args[1]
  if cookie == nil or not cookie:find("=", 1, true) then
    io.stderr:write("sticky.lua: pass the cookie as an argument after the URL: -- 'NAME=value'\n")
    os.exit(2)
  end
  wrk.headers["Cookie"] = cookie
end
