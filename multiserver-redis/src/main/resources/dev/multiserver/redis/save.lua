-- Applies the changes of one request to the session hash KEYS[1], all or nothing.
-- ARGV[1]  mode: 'new' replaces whatever is there; 'update' needs a live session there;
--          'copy' needs the key to be free
-- ARGV[2]  now, epoch ms
-- ARGV[3]  meta:created, ARGV[4] meta:accessed (epoch ms), ARGV[5] meta:maxInactive (ms)
-- ARGV[6]  expiry, epoch ms, or '' when the session never expires
-- ARGV[7]  how many fields to set; that many field/value pairs follow, then the fields to delete
-- Returns 1 when the changes were written, 0 when nothing was written.
local key = KEYS[1]
local mode = ARGV[1]
if mode == 'update' then
  if not isLiveSession(key, ARGV[2]) then
    return 0
  end
elseif mode == 'copy' then
  if redis.call('EXISTS', key) == 1 then
    return 0
  end
else
  redis.call('DEL', key)
end

-- unpack() has a limit on how many values it returns, so large sessions are written in batches.
local BATCH = 256
local batch = {'meta:created', ARGV[3], 'meta:accessed', ARGV[4], 'meta:maxInactive', ARGV[5]}
local index = 8
for _ = 1, tonumber(ARGV[7]) do
  batch[#batch + 1] = ARGV[index]
  batch[#batch + 1] = ARGV[index + 1]
  index = index + 2
  if #batch >= BATCH then
    redis.call('HSET', key, unpack(batch))
    batch = {}
  end
end
if #batch > 0 then
  redis.call('HSET', key, unpack(batch))
end

batch = {}
for i = index, #ARGV do
  batch[#batch + 1] = ARGV[i]
  if #batch >= BATCH then
    redis.call('HDEL', key, unpack(batch))
    batch = {}
  end
end
if #batch > 0 then
  redis.call('HDEL', key, unpack(batch))
end

if ARGV[6] == '' then
  redis.call('PERSIST', key)
else
  redis.call('PEXPIREAT', key, ARGV[6])
end
return 1
