#!/usr/bin/env python3
"""Supporter-mailing benchmark: appeal against mailmerge 2.3.0 and Postfix's smtp-source, in the
same run, on the same machine. Prints ratios; the README quotes the latest figures.

  1. render only: `mailmerge --dry-run --no-limit` vs `appeal mail` dry run writing every message;
  2. sending to one local smtp-sink: `smtp-source -s 8` vs `appeal mail --send --concurrency 8`,
     unsigned, DKIM-signed with RSA-2048 and with Ed25519, alternating for BENCH_ROUNDS rounds
     (default 5), median ratio of each to smtp-source in the same round;
  3. peak memory of an `appeal mail` dry run over 1,000,000 supporters, with standard error on
     a terminal and not, and over a file with one 300 MB field;
  4. suppression lookups: the same 1,000,000-supporter dry run with an empty ledger and with
     100,000 suppressions (none of them supporters, so the work is the same but the lookups),
     alternating, time and peak memory.

Parts can be run alone: BENCH_ONLY=render,send,memory,suppress (default: all; send needs render).
BENCH_APPEAL=path uses that binary instead of building a release one.

Run: bench/mailing.py   (installs mailmerge 2.3.0 with pip and Postfix via scripts/setup)
"""
import os, random, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(os.environ.get("BENCH_SUPPORTERS", "10000"))
BIG = int(os.environ.get("BENCH_BIG", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
HOSTILE_MB = int(os.environ.get("BENCH_HOSTILE_MB", "300"))
ONLY = set(os.environ.get("BENCH_ONLY", "render,send,memory,suppress").split(","))
SUPPRESSED = int(os.environ.get("BENCH_SUPPRESSED", "100000"))
# Alerts carry per-supporter unsubscribe tokens; sending refuses without the secret.
os.environ.setdefault("APPEAL_TOKEN_SECRET", "benchmark secret, not for real use")
TODAY = "2018-05-20"
CASE = "ua-82-18"

NAMES = {
    "kk": ["Айгерім Сәрсенова", "Нұрлан Әбілов", "Гүлнұр Қасымова", "Дәулет Өмірзақов", "Әсел Құрманғалиева"],
    "ru": ["Ольга Петрова", "Сергей Иванов", "Наталья Ким", "Дмитрий Соколов", "Елена Пак"],
    "en": ["Jane Doe", "John Smith", "Mary O'Neil", "Peter Brown", "Anna Lee"],
}
COUNTRIES = ["GB", "DE", "US", "BE", "FR", ""]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def make_supporters(path, n):
    rnd = random.Random(42)
    with open(path, "w", encoding="utf-8") as f:
        f.write("email,name,language,country\n")
        for i in range(n):
            lang = ("en", "ru", "kk")[i % 3]
            f.write(f"s{i}@example.net,{rnd.choice(NAMES[lang])},{lang},{rnd.choice(COUNTRIES)}\n")


def make_ledger(path, n):
    """A suppression ledger of `n` addresses that are not in the supporters file."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("# appeal suppressions v1\n")
        for i in range(n):
            f.write(f"2026-11-01T10:00:00Z\tadd\tgone{i}@example.org\thard-bounce\tall\tbench\n")


def make_hostile(path, megabytes):
    """A supporters file whose second row has one field of `megabytes` MB, then valid rows."""
    chunk = "x" * (1 << 20)
    with open(path, "w", encoding="utf-8") as f:
        f.write("email,name,language\na@example.net,A,en\nb@example.net,\"")
        for _ in range(megabytes):
            f.write(chunk)
        f.write("\",en\nc@example.net,C,en\n")


# A fresh Python parent, so the peak is appeal's own and no other child's. With `tty`, standard
# error is a pseudo-terminal (drained by a thread), so the progress bar is drawn.
PROBE = r"""
import os, resource, subprocess, sys, threading, time
tty = sys.argv[1] == "1"
stderr = subprocess.DEVNULL
if tty:
    master, slave = os.openpty()
    threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(master, 65536), b"")], daemon=True).start()
    stderr = slave
t = time.perf_counter()
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL, stderr=stderr)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss(cmd, tty):
    out = subprocess.run([sys.executable, "-c", PROBE, "1" if tty else "0"] + cmd, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def timed(cmd, **kw):
    t = time.perf_counter()
    sh(cmd, **kw)
    return time.perf_counter() - t


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("smtp-sink did not start")


def signed_project(work, algorithm):
    """A copy of the sample project whose alerts are DKIM-signed with a fresh key."""
    root = os.path.join(work, f"project-{algorithm}")
    for sub in ("appeals", "templates", "locales"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(root, sub))
    key = os.path.join(root, "dkim.pem")
    if algorithm == "rsa":
        sh(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key], stderr=subprocess.DEVNULL)
        dkim = "  dkim: {domain: example.org, selector: s1, key_file: dkim.pem}\n"
    else:
        sh(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], stderr=subprocess.DEVNULL)
        dkim = "  dkim: {domain: example.org, selector: e1, algorithm: ed25519-sha256, key_file: dkim.pem}\n"
    settings = os.path.join(root, "appeals", "campaign.yaml")
    text = open(settings, encoding="utf-8").read()
    assert "\n  fax_gateway:" in text
    open(settings, "w", encoding="utf-8").write(text.replace("\n  fax_gateway:", "\n" + dkim + "  fax_gateway:", 1))
    return root


def mailmerge_template(appeal, work):
    """An equivalent template: the same alert text per language, selected by the language column."""
    out = os.path.join(work, "sample")
    sample = os.path.join(work, "sample.csv")
    with open(sample, "w", encoding="utf-8") as f:
        f.write("email,name,language,country\nx0@example.net,NAMEX,en,GB\nx1@example.net,NAMEX,ru,GB\nx2@example.net,NAMEX,kk,GB\n")
    sh([appeal, "--root", ROOT, "--today", TODAY, "mail", CASE, "--supporters", sample, "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bodies = {}
    for name in sorted(os.listdir(os.path.join(out, CASE, "mail"))):
        lang = name.rsplit("-", 1)[1].split(".")[0]
        import email, email.policy
        msg = email.message_from_bytes(open(os.path.join(out, CASE, "mail", name), "rb").read(), policy=email.policy.default)
        text = msg.get_body(preferencelist=("plain",)).get_content().replace("NAMEX", "{{name}}")
        html = msg.get_body(preferencelist=("html",)).get_content().replace("NAMEX", "{{name}}")
        bodies[lang] = (str(msg["Subject"]), text, html)
    # The same message as appeal's: text and HTML alternatives, in the supporter's language.
    def part(kind):
        index = 1 if kind == "plain" else 2
        blocks = "".join(f"{{% {'if' if i == 0 else 'elif'} language == '{lang}' %}}{b[index]}" for i, (lang, b) in enumerate(sorted(bodies.items())))
        return f"--boundary\nContent-Type: text/{kind}; charset=utf-8\n\n{blocks}{{% endif %}}\n"
    template = (
        "TO: {{email}}\nFROM: Kazakhstan Appeals Network <actions@example.org>\nSUBJECT: " + bodies["en"][0] + "\n"
        "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"boundary\"\n\n"
        + part("plain") + part("html") + "--boundary--\n"
    )
    path = os.path.join(work, "mailmerge_template.txt")
    open(path, "w", encoding="utf-8").write(template)
    return path


def main():
    # The sample settings key unsubscribe tokens (and VERP tags) from this variable.
    os.environ.setdefault("APPEAL_TOKEN_SECRET", "benchmark token secret, not a real one")
    if ONLY & {"render", "send"}:
        sh([os.path.join(ROOT, "scripts", "setup")])
        try:
            import importlib.metadata as md
            if md.version("mailmerge") != "2.3.0":
                raise ImportError
        except Exception:
            sh([sys.executable, "-m", "pip", "install", "-q", "mailmerge==2.3.0"])
    appeal = os.environ.get("BENCH_APPEAL")
    if not appeal:
        sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        appeal = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "appeal")
    sink_bin = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
    source_bin = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
    work = tempfile.mkdtemp(prefix="appeal-bench-")
    supporters = os.path.join(work, "supporters.csv")
    make_supporters(supporters, N)
    print(f"supporters: {N} (en/ru/kk, Cyrillic and Kazakh names); machine: {os.cpu_count()} cores")

    if ONLY & {"render", "send"}:
        # 1. Render only.
        template = mailmerge_template(appeal, work)
        config = os.path.join(work, "mailmerge_server.conf")
        open(config, "w").write("[smtp_server]\nhost = 127.0.0.1\nport = 25\nsecurity = Never\nusername = none\n")
        mm = timed(["mailmerge", "--dry-run", "--no-limit", "--output-format", "raw", "--template", template, "--database", supporters, "--config", config], stdout=subprocess.DEVNULL)
        # appeal writes every message, as mailmerge prints every one: an mbox on standard output.
        ap = timed([appeal, "--root", ROOT, "--today", TODAY, "mail", CASE, "--supporters", supporters, "--out", "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"render: mailmerge {N / mm:8.0f} msg/s; appeal {N / ap:8.0f} msg/s (mbox to stdout)  -> {mm / ap:.1f}x mailmerge (goal >= 60x)")
        out = os.path.join(work, "out")
        files = timed([appeal, "--root", ROOT, "--today", TODAY, "mail", CASE, "--supporters", supporters, "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        written = len(os.listdir(os.path.join(out, CASE, "mail")))
        assert written == N, written
        print(f"        (one .eml file per message instead: appeal {N / files:8.0f} msg/s -> {mm / files:.1f}x mailmerge; disk-bound)")

    if "send" in ONLY:
        # 2. Sending to the same smtp-sink.
        port = free_port()
        args = [sink_bin] + (["-u", "nobody"] if os.geteuid() == 0 else []) + [f"127.0.0.1:{port}", "256"]
        sink = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(port)
            mail_dir = os.path.join(out, CASE, "mail")
            # smtp-source sends messages of the average size appeal's messages have.
            size = sum(os.path.getsize(os.path.join(mail_dir, f)) for f in os.listdir(mail_dir)) // N
            # The machine's noise is larger than the difference measured, so smtp-source and the
            # three appeal variants (unsigned, DKIM RSA-2048, DKIM Ed25519) alternate for ROUNDS
            # rounds (a fresh journal each time); each variant's ratio to the smtp-source run of
            # its own round is taken, and the median is the result. smtp-source sends unsigned
            # messages of the unsigned size: the ceiling the issue sets for all three.
            variants = [("unsigned", ROOT), ("rsa-2048", signed_project(work, "rsa")), ("ed25519", signed_project(work, "ed25519"))]
            ratios = {label: [] for label, _ in variants}
            for round in range(ROUNDS):
                src = timed([source_bin, "-s", "8", "-m", str(N), "-l", str(size), f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL)
                line = [f"send:   ({size} bytes a message) smtp-source -s 8 {N / src:8.0f} msg/s"]
                for label, root in variants:
                    journal = os.path.join(work, f"journal-{label}-{round}.tsv")
                    snd = timed([appeal, "--root", root, "--today", TODAY, "mail", CASE, "--supporters", supporters, "--send", "--smtp", f"smtp://127.0.0.1:{port}",
                                 "--concurrency", "8", "--per-second", "100000", "--journal", journal], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    ratios[label].append(src / snd)
                    line.append(f"{label} {N / snd:6.0f} msg/s {src / snd:.2f}x")
                print("; ".join(line))
            goals = {"unsigned": 1.0, "rsa-2048": 0.6, "ed25519": 0.6}
            for label, r in ratios.items():
                r.sort()
                print(f"send:   {label}: median of {ROUNDS} rounds {r[len(r) // 2]:.2f}x smtp-source (range {r[0]:.2f}-{r[-1]:.2f}x; goal >= {goals[label]}x)")
        finally:
            sink.kill()

    if "memory" in ONLY:
        # 3. Peak memory: a large dry run with and without a terminal (the progress bar), and a
        # hostile file with one 300 MB field (the row is cut at 64 KiB and rejected).
        big = os.path.join(work, "big.csv")
        make_supporters(big, BIG)
        hostile = os.path.join(work, "hostile.csv")
        make_hostile(hostile, HOSTILE_MB)
        for label, csv, tty in [(f"{BIG} supporters, no terminal", big, False),
                                (f"{BIG} supporters, terminal", big, True),
                                (f"one {HOSTILE_MB} MB field", hostile, False)]:
            secs, peak_kb = peak_rss([appeal, "--root", ROOT, "--today", TODAY, "mail", CASE, "--supporters", csv], tty)
            print(f"memory: {label}: dry run in {secs:.1f} s, peak RSS {peak_kb / 1024:.1f} MB (goal <= 64 MB)")

    if "suppress" in ONLY:
        # 4. Suppression lookups: every supporter is looked up, none is suppressed, so the two
        # runs render the same messages; alternate to share the machine's noise.
        big = os.path.join(work, "big.csv")
        if not os.path.exists(big):
            make_supporters(big, BIG)
        empty = os.path.join(work, "empty-ledger.tsv")
        full = os.path.join(work, "ledger.tsv")
        make_ledger(full, SUPPRESSED)
        runs = {"empty": [], "full": []}
        for _ in range(3):
            for label, ledger in [("empty", empty), ("full", full)]:
                secs, peak_kb = peak_rss([appeal, "--root", ROOT, "--today", TODAY, "mail", CASE, "--supporters", big, "--suppressions", ledger], False)
                runs[label].append((secs, peak_kb))
        med = lambda xs: sorted(xs)[len(xs) // 2]
        t0, t1 = med([r[0] for r in runs["empty"]]), med([r[0] for r in runs["full"]])
        m0, m1 = max(r[1] for r in runs["empty"]), max(r[1] for r in runs["full"])
        print(f"suppress: {BIG} supporters, no ledger: {t0:.1f} s, peak {m0 / 1024:.1f} MB; "
              f"{SUPPRESSED} suppressions: {t1:.1f} s, peak {m1 / 1024:.1f} MB  -> {t1 / t0:.3f}x time, "
              f"+{(m1 - m0) / 1024:.1f} MB (goal: no measurable cost, <= 64 MB)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
