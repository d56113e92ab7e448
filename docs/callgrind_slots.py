#!/usr/bin/env python3
"""Instructions per cached GET /agendas/{id}/slots, counted with callgrind (valgrind).

    python3 docs/callgrind_slots.py target/release/smartcal [RUST_LOG] [DIR]

Seeds the demo agenda in a fresh SQLite database, serves it under callgrind with instrumentation
off, sends 50 warm-up requests over one keep-alive connection, then counts 1,000 (all threads)
and prints instructions per request. RUST_LOG defaults to warn (no request log line); `info`
logs one line per request to a file, as `just bench` does. DIR keeps the callgrind files (for
`callgrind_annotate`). Counting is used where timing is too noisy: see docs/BENCHMARKS.md.
ACCEPT_ENCODING=br (or gzip) in the environment asks for a compressed answer, as a browser does.
NO_CACHE=1 reads every answer fresh (`Cache-Control: no-cache`: the uncached path, 200 requests).
Besides the total it prints the request's own part: the inclusive cost of actix's HTTP/1
dispatcher (`h1::dispatcher::Dispatcher::poll`), which leaves out background polling.
"""
import http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, time, glob
binary = sys.argv[1]; log = sys.argv[2] if len(sys.argv) > 2 else "warn"
NO_CACHE = os.environ.get("NO_CACHE") == "1"
N, WARM = (200, 20) if NO_CACHE else (1000, 50)
d = tempfile.mkdtemp()
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
env = dict(os.environ, DATABASE_URL=f"sqlite://{d}/cg.db", SMARTCAL_BIND=f"127.0.0.1:{port}",
           SMARTCAL_RATE_LIMIT_PER_MINUTE="0", RUST_LOG=log, SMARTCAL_MAIL_DIR=f"{d}/mail")
# seed the demo first (no valgrind), then serve under callgrind
subprocess.run([binary, "demo"], env=env, check=True, capture_output=True)
out = f"{d}/callgrind.out"
logf = open(f"{d}/server.log", "w")
p = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p",
                      "--instr-atstart=no", binary, "serve"], env=env, stdout=logf, stderr=logf)
def conn():
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60); c.connect(); return c
        except OSError: time.sleep(0.1)
    raise SystemExit("server did not start")
c = conn()
c.request("GET", "/api/v1/public/hosts/demo/agendas/intro"); r = c.getresponse(); a = json.loads(r.read())
path = f"/api/v1/agendas/{a['id']}/slots"
encoding = os.environ.get("ACCEPT_ENCODING") or None
headers = {"Accept-Encoding": encoding} if encoding else {}
if NO_CACHE: headers["Cache-Control"] = "no-cache"
def get():
    c.request("GET", path, headers=headers); r = c.getresponse(); r.read(); assert r.status == 200, r.status
    assert r.getheader("Content-Encoding") == encoding, r.getheader("Content-Encoding")
for _ in range(WARM): get()
subprocess.run(["callgrind_control", "-i", "on", str(p.pid)], check=True, capture_output=True)
for _ in range(N): get()
subprocess.run(["callgrind_control", "-i", "off", str(p.pid)], check=True, capture_output=True)
subprocess.run(["callgrind_control", "-d", str(p.pid)], check=True, capture_output=True)
time.sleep(1)
p.terminate(); p.wait(timeout=120)
total, dispatcher = 0, 0
for f in glob.glob(out + ".*"):
    a = subprocess.run(["callgrind_annotate", f], capture_output=True, text=True).stdout
    m = re.search(r"^([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", a, re.M)
    if m: total += int(m.group(1).replace(",", ""))
    a = subprocess.run(["callgrind_annotate", "--inclusive=yes", f], capture_output=True,
                       text=True).stdout
    polls = [int(m.group(1).replace(",", "")) for m in
             re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+\S*h1::dispatcher::Dispatcher<[^\n]*>::poll\b", a, re.M)]
    dispatcher += max(polls, default=0)
print(f"{binary} RUST_LOG={log} Accept-Encoding={encoding} no-cache={NO_CACHE}: {total/N:,.0f} instructions per "
      f"request, {dispatcher/N:,.0f} in the dispatcher ({N} requests)")
if len(sys.argv) > 3:
    for f in glob.glob(out + ".*"): shutil.copy(f, sys.argv[3])
shutil.rmtree(d)
