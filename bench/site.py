#!/usr/bin/env python3
"""Action-site benchmark: `appeal site` over many cases in three languages.

  1. BENCH_CASES (default 1,000) cases x 3 languages, as `appeal site` builds by default: with
     the fax PDFs. Time, CPU time and peak memory of the first build, then of the same build
     again when nothing changed (pages and PDFs reused, no file rewritten); goals: <= 300 MB,
     the rebuild <= 15% of the first build and <= 3 s;
  2. the same cases without fax PDFs (`--no-fax`), on disk and on tmpfs: the goal is 5 s on 2
     cores; then again, when nothing changed.

The cases are copies of the sample UA 82/18 with their own id, reference and deadline, so a
third are closing soon and some are past their deadline. BENCH_FAX=0 skips part 1.
BENCH_APPEAL=path uses that binary instead of building a release one.

Run: bench/site.py
"""
import datetime, os, re, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(os.environ.get("BENCH_CASES", "1000"))
FAX = os.environ.get("BENCH_FAX", "1") != "0"
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
    """Runs one build; returns wall seconds, CPU seconds (user + system), peak memory (MB) and
    its summary line."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        t = time.perf_counter()
        p = subprocess.Popen(
            [appeal, "--root", root, "--today", TODAY, "site", "--out", out,
             "--base-url", "https://example.org/actions/", *extra],
            stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - t
        stdout.seek(0)
        stderr.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"appeal site failed:\n{stderr.read().decode()[-3000:]}")
        summary = stdout.read().decode().strip()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary


def load_average():
    return os.getloadavg()[0]


def with_fax(appeal, root):
    """The default build, with the fax PDFs, then the same build when nothing changed."""
    out = os.path.join(root, "public")
    wall, cpu, rss, summary = build(appeal, root, out)
    pdfs = sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".pdf"))
    print(f"{N} cases x 3 languages with fax PDFs, {os.cpu_count()} cores "
          f"(load {load_average():.1f}): {wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MB peak "
          f"(goal <= 300 MB); {pdfs} PDFs; {summary.split(': ', 1)[-1]}")
    runs = sorted(build(appeal, root, out) for _ in range(RUNS))
    again, again_cpu, again_rss, again_summary = runs[len(runs) // 2]
    print(f"  again, nothing changed: median {again:.2f} s wall, {again_cpu:.2f} s CPU, "
          f"{again_rss:.0f} MB: {100 * again / wall:.1f}% of the first build's time "
          f"({100 * again_cpu / cpu:.1f}% of its CPU; goal <= 15%, <= 3 s); "
          f"{again_summary.split(': ', 1)[-1]}")
    shutil.rmtree(out, ignore_errors=True)


def without_fax(appeal, root):
    """`--no-fax`, on disk and on tmpfs, then again when nothing changed."""
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
        wall, cpu, rss, summary = runs[len(runs) // 2]
        pages = sum(1 for _, _, files in os.walk(out) for f in files if f == "index.html")
        print(f"{N} cases x 3 languages, no fax, output on {where}, {os.cpu_count()} cores "
              f"(load {load_average():.1f}): median {wall:.2f} s wall (best {runs[0][0]:.2f} s), "
              f"{cpu:.2f} s CPU, {rss:.0f} MB; {pages} pages; {summary.split(': ', 1)[-1]}; "
              f"goal <= 5 s")
        wall, cpu, rss, summary = build(appeal, root, out, "--no-fax")
        print(f"  again, nothing changed: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"({summary.split(': ', 1)[-1]})")
        shutil.rmtree(out, ignore_errors=True)
    # What every command over the archive pays before rendering: reading and checking it.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([appeal, "--root", root, "--today", TODAY, "check"], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"  of which reading and checking {N} cases (`appeal check`): "
          f"{time.perf_counter() - t:.2f} s wall, "
          f"{after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime:.2f} s CPU")


def main():
    appeal = appeal_binary()
    root = project(N)
    try:
        if FAX:
            with_fax(appeal, root)
        without_fax(appeal, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
