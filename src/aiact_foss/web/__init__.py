"""`aiact-foss serve`: a local web workbench over the same JSON contract as the command
line (POST /solve, /diff, /explain), with one self-contained page (no CDN, no network
besides the loopback it is served on). Needs the optional extra `[web]`."""
