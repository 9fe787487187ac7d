#!/usr/bin/env python3
"""Action-site benchmark: `appeal site` over many cases in three languages.

  1. BENCH_CASES (default 1,000) cases x 3 languages, without fax PDFs (`--no-fax`): the goal
     is 5 s on 2 cores; then the same build again, when nothing changed (no file rewritten);
  2. BENCH_FAX_CASES (default 50) cases with their fax PDFs: PDFs a second, bounded by the fax
     rate on both cores.

The cases are copies of the sample UA 82/18 with their own id, reference and deadline, so a
third are closing soon and some are past their deadline.
BENCH_APPEAL=path uses that binary instead of building a release one.

Run: bench/site.py
"""
import datetime, os, re, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(os.environ.get("BENCH_CASES", "1000"))
FAX_N = int(os.environ.get("BENCH_FAX_CASES", "50"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TODAY = "2018-05-20"


def appeal_binary():
    given = os.environ.get("BENCH_APPEAL")
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "appeal")


def project(n):
    """A copy of the sample project with `n` generated cases instead of the samples."""
    d = tempfile.mkdtemp(prefix="site-bench-")
    for sub in ("appeals", "templates", "locales"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(d, sub))
    cases = os.path.join(d, "appeals", "cases")
    with open(os.path.join(cases, "ua-82-18.yaml"), encoding="utf-8") as f:
        sample = f.read()
    for name in os.listdir(cases):
        os.remove(os.path.join(cases, name))
    for i in range(n):
        # Deadlines from 15 May to 28 June 2018: some past, many closing soon, most open.
        due = datetime.date(2018, 5, 15) + datetime.timedelta(days=i % 45)
        text = sample.replace("id: ua-82-18\n", f"id: ua-bench-{i}\n", 1)
        text = text.replace("reference: UA 82/18", f"reference: UA {1000 + i}/18", 1)
        text = re.sub(r"send_before: \d{4}-\d\d-\d\d", f"send_before: {due}", text)
        with open(os.path.join(cases, f"ua-bench-{i}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def build(appeal, root, out, *extra):
    """Runs one build; returns wall seconds, CPU seconds (user + system) and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    run = subprocess.run(
        [appeal, "--root", root, "--today", TODAY, "site", "--out", out,
         "--base-url", "https://example.org/actions/", *extra],
        capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode != 0:
        sys.exit(f"appeal site failed:\n{run.stderr[-3000:]}")
    return elapsed, cpu, run.stdout.strip()


def load_average():
    return os.getloadavg()[0]


def main():
    appeal = appeal_binary()
    cores = os.cpu_count()
    root = project(N)
    try:
        # On disk beside the project, and on tmpfs when there is one: creating ten thousand
        # files costs the file system more than rendering them.
        outs = [("disk", os.path.join(root, "public"))]
        if os.path.isdir("/dev/shm"):
            outs.append(("tmpfs", tempfile.mkdtemp(prefix="site-bench-", dir="/dev/shm")))
        for where, out in outs:
            runs = []
            for _ in range(RUNS):
                shutil.rmtree(out, ignore_errors=True)
                runs.append(build(appeal, root, out, "--no-fax"))
            runs.sort()
            wall, cpu, summary = runs[len(runs) // 2]
            pages = sum(1 for _, _, files in os.walk(out) for f in files if f == "index.html")
            print(f"{N} cases x 3 languages, no fax, output on {where}, {cores} cores "
                  f"(load {load_average():.1f}): median {wall:.2f} s wall (best {runs[0][0]:.2f} s), "
                  f"{cpu:.2f} s CPU; {pages} pages; {summary.split(': ', 1)[-1]}; goal <= 5 s")
            wall, cpu, summary = build(appeal, root, out, "--no-fax")
            print(f"  again, nothing changed: {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"({summary.split(': ', 1)[-1]})")
            if where == "tmpfs":
                shutil.rmtree(out, ignore_errors=True)
        # What every command pays before rendering: loading and validating the cases.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([appeal, "--root", root, "--today", TODAY, "check"], capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"  of which loading and checking {N} cases (`appeal check`): "
              f"{time.perf_counter() - t:.2f} s wall, "
              f"{after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime:.2f} s CPU")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    root = project(FAX_N)
    try:
        out = os.path.join(root, "public")
        wall, cpu, summary = build(appeal, root, out)
        pdfs = sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".pdf"))
        wall_nofax, _, _ = build(appeal, root, os.path.join(root, "nofax"), "--no-fax")
        rate = pdfs / max(wall - wall_nofax, 1e-9)
        print(f"{FAX_N} cases with fax PDFs: {wall:.2f} s wall, {cpu:.2f} s CPU, {pdfs} PDFs: "
              f"{rate:.0f} PDFs/s beyond the {wall_nofax:.2f} s without them")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
