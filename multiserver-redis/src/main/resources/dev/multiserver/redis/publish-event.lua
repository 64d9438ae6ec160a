-- Appends an event to a topic's stream and keeps the stream within its retention, in one round trip.
-- KEYS[1]: the stream; ARGV[1]: the payload; ARGV[2]: entries kept (about); ARGV[3]: retention in milliseconds.
-- The age limit is reckoned on the server's clock, which also makes the entries' ids, not on the publisher's.
local retention = tonumber(ARGV[3])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'p', ARGV[1])
local now = redis.call('TIME')
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - retention
if oldest > 0 then
  redis.call('XTRIM', KEYS[1], 'MINID', '~', oldest)
end
-- a topic nobody publishes to any more leaves nothing behind once its last event is older than the retention
redis.call('PEXPIRE', KEYS[1], retention)
return 1
