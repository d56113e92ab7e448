#!/usr/bin/env python3
"""Instructions per POST /bookings (and per uncached GET of a month of slots), counted with
callgrind (valgrind), for comparing two builds where timing is too noisy.

    python3 docs/callgrind_bookings.py target/release/smartcal [N]

Signs up a host on a fresh SQLite database, makes the bench's agenda (all day, 5-minute slots,
UTC) with three questions and reminders 60 and 1440 minutes before (a build without them
ignores those fields), serves it under callgrind with instrumentation off, warms up, then
counts N bookings (default 300) at distinct starts with answers — including the outbox worker
writing their emails, which is waited for — and 50 uncached GETs of 31 days of slots. Prints
instructions per request; KEEP=DIR keeps the callgrind files. See docs/BENCHMARKS.md.
"""
import glob, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, time

binary = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 300
WARM, GETS = 20, 50
d = tempfile.mkdtemp()
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
env = dict(os.environ, DATABASE_URL=f"sqlite://{d}/cg.db", SMARTCAL_BIND=f"127.0.0.1:{port}",
           SMARTCAL_RATE_LIMIT_PER_MINUTE="0", RUST_LOG="warn", SMARTCAL_MAIL_DIR=f"{d}/mail")
out = f"{d}/callgrind.out"
logf = open(f"{d}/server.log", "w")
p = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p",
                      "--instr-atstart=no", binary, "serve"], env=env, stdout=logf, stderr=logf)


def conn():
    for _ in range(1200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120); c.connect(); return c
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


c = conn()
cookie = ""


def call(method, path, body=None, status=200, headers=None):
    global cookie, c
    h = {"content-type": "application/json"}
    if cookie: h["cookie"] = cookie
    h.update(headers or {})
    try:
        c.request(method, path, json.dumps(body) if body is not None else None, h)
        r = c.getresponse()
    except (http.client.RemoteDisconnected, ConnectionError):  # an idle keep-alive closed
        c = conn()
        c.request(method, path, json.dumps(body) if body is not None else None, h)
        r = c.getresponse()
    data = r.read()
    if r.getheader("set-cookie"): cookie = r.getheader("set-cookie").split(";")[0]
    assert r.status == status, (method, path, r.status, data[:300])
    return json.loads(data) if data else None


call("POST", "/api/v1/auth/signup", {"email": "cg@example.com", "name": "CG", "password":
     "correct horse battery", "time_zone": "UTC"}, 201)
agenda = call("POST", "/api/v1/agendas", {
    "title": "Quick call", "duration_minutes": 5, "slot_step_minutes": 5, "time_zone": "UTC",
    "availability": [{"weekday": w, "start": "00:00", "end": "24:00"}
                     for w in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]],
    "min_notice_minutes": 0, "horizon_days": 730,
    "questions": [
        {"key": "company", "label": "Company", "kind": "short_text", "required": True},
        {"key": "topic", "label": "Topic", "kind": "select", "required": True,
         "options": ["Pricing", "Support", "Partnership"]},
        {"key": "seats", "label": "Team size", "kind": "number"}],
    "reminders_minutes": [60, 1440]}, 201)
cookie = ""  # the bookings are a guest's
today = time.gmtime()
from datetime import date, timedelta
start_day = date(today.tm_year, today.tm_mon, today.tm_mday) + timedelta(days=2)
slots = call("GET", f"/api/v1/agendas/{agenda['id']}/slots?from={start_day}&to="
             f"{start_day + timedelta(days=30)}&time_zone=UTC")["slots"]
assert len(slots) >= N + WARM, len(slots)


def book(i):
    call("POST", "/api/v1/bookings", {
        "agenda_id": agenda["id"], "start": slots[i]["start"], "guest_name": f"Guest {i}",
        "guest_email": f"guest{i}@example.com",
        "answers": {"company": f"Company {i}", "topic": "Pricing", "seats": 12}}, 201)


def month():
    call("GET", f"/api/v1/agendas/{agenda['id']}/slots?from={start_day}&to="
         f"{start_day + timedelta(days=30)}&time_zone=UTC", headers={"cache-control": "no-cache"})


def measure(label, count, run):
    subprocess.run(["callgrind_control", "-z", str(p.pid)], check=True, capture_output=True)
    subprocess.run(["callgrind_control", "-i", "on", str(p.pid)], check=True, capture_output=True)
    run()
    subprocess.run(["callgrind_control", "-i", "off", str(p.pid)], check=True, capture_output=True)
    for f in glob.glob(out + ".*"): os.remove(f)
    subprocess.run(["callgrind_control", "-d", str(p.pid)], check=True, capture_output=True)
    time.sleep(1)
    total = 0
    for f in glob.glob(out + ".*"):
        a = subprocess.run(["callgrind_annotate", f], capture_output=True, text=True).stdout
        m = re.search(r"^([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", a, re.M)
        if m: total += int(m.group(1).replace(",", ""))
    print(f"{binary}: {total / count:,.0f} instructions per {label} ({count} requests)")
    keep = os.environ.get("KEEP")  # a folder to keep the callgrind files in, for callgrind_annotate
    if keep:
        for f in glob.glob(out + ".*"): shutil.copy(f, os.path.join(keep, label.split()[0] + "-" + os.path.basename(f)))


for i in range(WARM): book(i)
for _ in range(5): month()
time.sleep(3)


def bookings():
    for i in range(WARM, WARM + N): book(i)
    # The outbox worker writes their emails (polls every second): wait until it is done.
    before = -1
    while True:
        time.sleep(2)
        n = len(os.listdir(f"{d}/mail"))
        if n == before: break
        before = n


measure("POST /bookings (with its emails)", N, bookings)
measure("uncached GET of 31 days of slots", GETS, lambda: [month() for _ in range(GETS)])
p.terminate(); p.wait(timeout=120)
shutil.rmtree(d)
