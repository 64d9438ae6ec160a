-- Shared by the scripts below: whether `key` holds a session this library wrote that has not expired at
-- `now` (epoch ms) by its own metadata, even if Redis has not fired its TTL yet.
local function isLiveSession(key, now)
  if redis.call('TYPE', key).ok ~= 'hash' then
    return false
  end
  local meta = redis.call('HMGET', key, 'meta:created', 'meta:accessed', 'meta:maxInactive')
  local accessed, maxInactive = tonumber(meta[2]), tonumber(meta[3])
  if tonumber(meta[1]) == nil or accessed == nil or maxInactive == nil then
    return false
  end
  return maxInactive <= 0 or accessed + maxInactive > tonumber(now)
end

