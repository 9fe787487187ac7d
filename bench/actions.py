#!/usr/bin/env python3
"""Actions benchmark: how fast `appeal serve` records "I sent my appeal", and how fast
`appeal report` reads a large actions ledger. Prints the figures the README quotes.

  1. server throughput on one core: `appeal serve` pinned to CPU 0 (taskset), this script's
     load generator (asyncio, keep-alive connections) on CPU 1. Tokens are sealed here, in
     Python, from the format the README documents (HKDF-SHA256, ChaCha20-Poly1305), so the run
     also checks that format independently. Three phases: POSTs of new actions (each on disk,
     fdatasync, before its 200), the same POSTs again (repeats: nothing written), and GETs of
     the page. Every answer must be 200, and the ledger must hold exactly one line per action.
  2. `appeal report` over a ledger of BENCH_ROWS rows (default 1,000,000: ten cases), median of
     BENCH_ROUNDS runs, wall time and peak memory; then with a supporters file of the same size
     (per-language counts: every supporter fingerprinted).

BENCH_APPEAL=path uses that binary instead of building a release one. BENCH_ONLY=server,report.

Run: bench/actions.py
"""
import asyncio, base64, hashlib, hmac, os, random, re, shutil, statistics, subprocess, sys
import tempfile, time

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = b"benchmark secret, not for real use"
os.environ["APPEAL_TOKEN_SECRET"] = SECRET.decode()
POSTS = int(os.environ.get("BENCH_POSTS", "20000"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ONLY = set(os.environ.get("BENCH_ONLY", "server,report").split(","))
LIST = "urgent-actions.example.org"


def hkdf(secret, info):
    """HKDF-SHA256 with the salt `appeal unsubscribe`, one block of output (32 bytes)."""
    prk = hmac.new(b"appeal unsubscribe", secret, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


ENC = ChaCha20Poly1305(hkdf(SECRET, b"encryption"))
NONCE_KEY = hkdf(SECRET, b"nonce")
FINGERPRINT_KEY = hkdf(SECRET, b"action fingerprint")


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def acted_token(case, lang, address):
    payload = b"\0".join([b"a", case.encode(), lang.encode(), LIST.encode(), address.encode()])
    nonce = hmac.new(NONCE_KEY, payload, hashlib.sha256).digest()[:12]
    return b64(nonce + ENC.encrypt(nonce, payload, b"appeal token v2"))


def fingerprint(address):
    return b64(hmac.new(FINGERPRINT_KEY, address.encode(), hashlib.sha256).digest()[:16])


def binary():
    given = os.environ.get("BENCH_APPEAL")
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "appeal")


def project(tmp):
    for sub in ("appeals", "templates", "locales"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(tmp, sub))
    return tmp


async def client(port, requests, statuses):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for method, path in requests:
        body = b"acted=1" if method == "POST" else b""
        writer.write(
            f"{method} {path} HTTP/1.1\r\nHost: example.org\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        await reader.readexactly(length)
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()


async def load(port, requests):
    statuses = {}
    slices = [requests[i::CONNECTIONS] for i in range(CONNECTIONS)]
    started = time.perf_counter()
    await asyncio.gather(*(client(port, s, statuses) for s in slices if s))
    return time.perf_counter() - started, statuses


def server_bench(appeal, tmp):
    root = project(os.path.join(tmp, "server"))
    server = subprocess.Popen(
        ["taskset", "-c", "0", appeal, "--root", root, "serve", "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+);", line).group(1))
        os.sched_setaffinity(0, {1})
        cases = [f"ua-{n}-18" for n in range(10)]
        posts = [
            ("POST", "/acted/" + acted_token(cases[i % 10], ("en", "ru", "kk")[i % 3], f"s{i}@example.net"))
            for i in range(POSTS)
        ]
        print(f"server on CPU 0, {CONNECTIONS} keep-alive connections from CPU 1, {POSTS} requests a phase")
        for name, requests in [
            ("new actions (each fdatasync'd before its 200)", posts),
            ("repeats (nothing written)", posts),
            ("GET the page", [("GET", p) for _, p in posts]),
        ]:
            cpu = cpu_seconds(server.pid)
            seconds, statuses = asyncio.run(load(port, requests))
            busy = (cpu_seconds(server.pid) - cpu) / seconds
            assert statuses == {200: len(requests)}, statuses
            print(f"  {name}: {len(requests) / seconds:,.0f} requests/s ({seconds:.2f} s; "
                  f"server CPU {busy:.0%} of its core)")
        ledger = open(os.path.join(root, ".appeal", "actions.tsv")).read().splitlines()
        assert len(ledger) == POSTS + 1, len(ledger)
    finally:
        server.kill()
        server.wait()
        os.sched_setaffinity(0, set(range(os.cpu_count())))


def cpu_seconds(pid):
    """User and system CPU time of a process and its threads so far (taskset's child: the
    server replaced taskset by exec, so the pid is the server's)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(cmd):
    """Wall seconds and peak memory (MB) of one run."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True, check=True)
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb) / 1024, out.stdout


def report_bench(appeal, tmp):
    root = project(os.path.join(tmp, "report"))
    os.makedirs(os.path.join(root, ".appeal"))
    rnd = random.Random(42)
    per_case = ROWS // 10
    with open(os.path.join(root, ".appeal", "actions.tsv"), "w") as f:
        f.write("# appeal actions v1\n")
        for i in range(ROWS):
            case = f"ua-{i // per_case}-18"
            day = 1 + rnd.randrange(28)
            # Fingerprints of supporters s0… so that the supporters file below matches them.
            fp = fingerprint(f"s{i % per_case}@example.net")
            f.write(f"2026-11-{day:02}T10:{i % 60:02}:00Z\t{case}\t{LIST}\t{fp}\tacted link\n")
    size = os.path.getsize(os.path.join(root, ".appeal", "actions.tsv"))
    with open(os.path.join(root, "people.csv"), "w") as f:
        f.write("email,name,language\n")
        for i in range(ROWS):
            f.write(f"s{i}@example.net,Supporter {i},{('en', 'ru', 'kk')[i % 3]}\n")
    print(f"report over {ROWS:,} actions ({size / 2**20:.0f} MB), {ROUNDS} runs each, median:")
    for name, extra in [("report", []), ("report --json", ["--json"]),
                        (f"report --supporters ({ROWS:,} supporters)", ["--supporters", os.path.join(root, "people.csv")])]:
        runs = [timed([appeal, "--root", root, "report"] + extra) for _ in range(ROUNDS)]
        wall = statistics.median(r[0] for r in runs)
        mem = max(r[1] for r in runs)
        print(f"  {name}: {wall:.2f} s, peak {mem:.0f} MB")
        if not extra:
            assert f"acted {per_case}" in runs[0][2], runs[0][2][:300]


def main():
    appeal = binary()
    with tempfile.TemporaryDirectory() as tmp:
        if "server" in ONLY:
            server_bench(appeal, tmp)
        if "report" in ONLY:
            report_bench(appeal, tmp)


if __name__ == "__main__":
    sys.exit(main())
