-- wrk script: cycles through the request paths in the file named by the
-- PATHS environment variable, one per request.
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(os.getenv("PATHS")) do
    paths[#paths + 1] = line
  end
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
