-- Moves the session at KEYS[1] to KEYS[2] with its TTL, for a new session id; not for Redis Cluster, where the
-- two keys are in different slots.
-- ARGV[1]  now, epoch ms
-- Returns 1 when moved, 0 when KEYS[1] holds no live session, -1 when KEYS[2] is taken.
if not isLiveSession(KEYS[1], ARGV[1]) then
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1
