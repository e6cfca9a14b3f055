-- wrk script: authenticated GET /v1/profiles/{id} over the seeded ids, chosen at random.
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local token = os.getenv("BENCH_TOKEN")
math.randomseed(os.time())

request = function()
    local id = ids[math.random(#ids)]
    return wrk.format("GET", "/v1/profiles/" .. id, { ["Authorization"] = "Bearer " .. token })
end

local non200 = 0
response = function(status)
    if status ~= 200 then non200 = non200 + 1 end
end

done = function(summary, latency, requests)
    io.write(string.format("non2xx_or_errors=%d\n", summary.errors.status + summary.errors.connect
        + summary.errors.read + summary.errors.timeout))
end
