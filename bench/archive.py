#!/usr/bin/env python3
"""Archive benchmark: what a command costs as `appeals/cases/` grows to thousands of documents.

A campaign's archive only grows: every UA, update and closure stays. This script generates
archives of BENCH_SIZES cases (default 1,000 and 10,000) in temporary projects: the two sample
cases as they are, plus copies of them with their own id, reference and dates; every 7th action
has an update that follows it, every 13th a closure (a copy of tests/fixtures/life's), so the
archive has chains, superseded and closed documents. Then, with the release build:

  1. one case (`render ua-82-18`, `send ua-82-18` dry run, `translations ua-82-18`): CPU time
     and peak memory in each archive against the sample project (2 cases), the same case and
     the same output, once the index cache is written (the first run, without it, is shown
     apart); goal <= 2x at 1,000, <= 3x at 10,000;
  2. whole-archive commands (`check`, `list`, `deadlines`, `who --changes-affect`): time and
     peak memory at each size, and the ratio of the largest to the smallest; goal <= 10x from
     1,000 to 10,000, <= 500 MB. Each command keeps what it found in each case file
     (`.appeal/memo-<command>.tsv`): the runs measured are those of a day's later commands,
     nothing changed since the first; the first run, which reads and judges every file (as
     after a change to the settings, the directory or a template), is shown apart, with its
     own ratio;
  3. `appeal site` with fax PDFs over BENCH_SITE_CASES (default 1,000): the first build, the
     same build again when nothing changed, and a build after one case changed: time, peak
     memory, PDFs rendered; goal <= 300 MB, unchanged rebuild <= 15% of the first and <= 3 s.

Time is CPU time (user + system) of the one process, from wait4, the median of BENCH_RUNS
(default 3) runs: the machine is shared, and wall time says more about the neighbours.
Peak memory is the process's maximum resident set (ru_maxrss). BENCH_APPEAL=path uses that
binary instead of building a release one; BENCH_ONLY=case,archive,site runs parts.

Run: bench/archive.py
"""
import datetime, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
SITE_N = int(os.environ.get("BENCH_SITE_CASES", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
ONLY = set(os.environ.get("BENCH_ONLY", "case,archive,site").split(","))
TODAY = "2018-05-20"
CASE = "ua-82-18"


def appeal_binary():
    given = os.environ.get("BENCH_APPEAL")
    if given:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "appeal")


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def sample_project():
    """A copy of the sample project (its two cases)."""
    d = tempfile.mkdtemp(prefix="archive-bench-")
    for sub in ("appeals", "templates", "locales"):
        shutil.copytree(os.path.join(ROOT, sub), os.path.join(d, sub))
    return d


def ua_copy(i, due):
    """UA 82/18 as another action: its own id, reference and deadline."""
    text = read("appeals/cases/ua-82-18.yaml")
    text = text.replace("id: ua-82-18\n", f"id: ua-bench-{i}\n", 1)
    text = text.replace("reference: UA 82/18", f"reference: UA {1000 + i}/18", 1)
    return re.sub(r"send_before: \d{4}-\d\d-\d\d", f"send_before: {due}", text)


def fld_copy(i, issued):
    """The Front Line Defenders appeal as another action, issued on `issued` (its deadline is
    30 working days from then)."""
    text = read("appeals/cases/fld-2014-mukhortova.yaml")
    text = text.replace("id: fld-2014-mukhortova\n", f"id: fld-bench-{i}\n", 1)
    text = text.replace("reference: FLD 2014/Mukhortova", f"reference: FLD {i}/Bench", 1)
    return text.replace("issued: 2014-08-15", f"issued: {issued}", 1)


def update_of(first_id, reference, i, issued):
    """An update of the action `first_id` (a copy of UA 82/18), issued on `issued`."""
    text = ua_copy(i, datetime.date(2018, 7, 5))
    text = text.replace(f"id: ua-bench-{i}\n", f"id: {first_id}-update\n", 1)
    text = text.replace(f"reference: UA {1000 + i}/18", f"reference: {reference}", 1)
    return text.replace("kind: update\nupdate: 1\n",
                        f"kind: update\nupdate: 2\nfollows: {first_id}\nissued: {issued}\n", 1)


def closure_of(first_id, reference, issued):
    """The closure of the action `first_id`."""
    text = read("tests/fixtures/life/ua-17-19-close.yaml")
    text = text.replace("id: ua-17-19-close", f"id: {first_id}-close", 1)
    text = text.replace("reference: UA 17/19", f"reference: {reference}", 1)
    text = text.replace("follows: ua-17-19", f"follows: {first_id}", 1)
    return text.replace("issued: 2019-03-15", f"issued: {issued}", 1)


def archive_project(n):
    """The sample project with generated documents added, `n` case files in all."""
    d = sample_project()
    cases = os.path.join(d, "appeals", "cases")
    count, i = 2, 0
    while count < n:
        # Deadlines from 15 May to 28 June 2018: some past, many closing soon, most open.
        due = datetime.date(2018, 5, 15) + datetime.timedelta(days=i % 45)
        issued = datetime.date(2018, 3, 20) + datetime.timedelta(days=i % 60)
        if i % 2 == 0:
            first, reference = f"ua-bench-{i}", f"UA {1000 + i}/18"
            write(os.path.join(cases, f"{first}.yaml"), ua_copy(i, due))
        else:
            first, reference = f"fld-bench-{i}", f"FLD {i}/Bench"
            write(os.path.join(cases, f"{first}.yaml"), fld_copy(i, issued))
        count += 1
        later = datetime.date(2018, 5, 1) + datetime.timedelta(days=i % 40)
        if i % 7 == 3 and count < n:
            write(os.path.join(cases, f"{first}-update.yaml"),
                  update_of(first, reference, i, later))
            count += 1
        elif i % 13 == 5 and count < n:
            write(os.path.join(cases, f"{first}-close.yaml"), closure_of(first, reference, later))
            count += 1
        i += 1
    return d


def run(appeal, root, *args, ok=(0,)):
    """Runs `appeal --root ROOT --today TODAY ARGS` once: (CPU s, wall s, peak RSS MB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen([appeal, "--root", root, "--today", TODAY, *args],
                             stdout=out, stderr=err, cwd=root)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if p.returncode not in ok:
        sys.exit(f"appeal {' '.join(args)} failed ({p.returncode}):\n{stderr[-3000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, stdout


def median_run(appeal, root, *args, ok=(0,)):
    """The run of median CPU time among RUNS runs, and the highest peak memory seen."""
    runs = sorted(run(appeal, root, *args, ok=ok) for _ in range(RUNS))
    cpu, wall, _, stdout = runs[len(runs) // 2]
    return cpu, wall, max(r[2] for r in runs), stdout


ONE_CASE = [
    ("render", ["render", CASE, "--out", "out"]),
    ("send (dry run)", ["send", CASE]),
    ("translations", ["translations", CASE]),
]

WHOLE = [
    ("check", ["check"], (0,)),
    ("list", ["list"], (0,)),
    ("deadlines", ["deadlines"], (0,)),
    ("who --changes-affect", ["who", "--changes-affect"], (0,)),
]


def one_case(appeal, projects):
    sample = sample_project()
    try:
        base = {name: median_run(appeal, sample, *args) for name, args in ONE_CASE}
    finally:
        shutil.rmtree(sample, ignore_errors=True)
    for name, _ in ONE_CASE:
        cpu, wall, rss, _ = base[name]
        print(f"{name} {CASE}, sample project (2 cases): {cpu:.3f} s CPU ({wall:.3f} s wall), "
              f"{rss:.0f} MB")
    for n, root in projects:
        goal = 2 if n <= 1000 else 3
        # The first command after a checkout has no index cache (.appeal/case-index.tsv) and
        # scans every file's top lines; it writes the cache the later runs read. A file
        # changed within 2 s of that is not cached, so wait past the generation first.
        time.sleep(2.5)
        cpu, wall, rss, _ = run(appeal, root, *ONE_CASE[0][1])
        print(f"{ONE_CASE[0][0]} {CASE}, {n:,} cases, first run (no index cache): {cpu:.3f} s CPU "
              f"({wall:.3f} s wall), {rss:.0f} MB: {cpu / base[ONE_CASE[0][0]][0]:.2f}x the "
              f"sample's time")
        for name, args in ONE_CASE:
            cpu, wall, rss, _ = median_run(appeal, root, *args)
            print(f"{name} {CASE}, {n:,} cases: {cpu:.3f} s CPU ({wall:.3f} s wall), {rss:.0f} MB: "
                  f"{cpu / base[name][0]:.2f}x the sample's time, {rss / base[name][2]:.2f}x its "
                  f"memory (goal <= {goal}x)")


def forget(root):
    """Removes the commands' memos: the next command reads and judges every case file."""
    memo = os.path.join(root, ".appeal")
    for name in os.listdir(memo) if os.path.isdir(memo) else []:
        if name.startswith("memo-"):
            os.remove(os.path.join(memo, name))


def whole_archive(appeal, projects):
    seen, first = {}, {}
    # A file changed within 2 s of a memo's writing is not kept in it: wait past the generation.
    time.sleep(2.5)
    for name, args, ok in WHOLE:
        for n, root in projects:
            forget(root)
            cpu, wall, rss, _ = run(appeal, root, *args, ok=ok)
            first.setdefault(name, []).append((n, cpu, rss))
            print(f"{name}, {n:,} cases, first run (every file read): {cpu:.2f} s CPU "
                  f"({wall:.2f} s wall), {rss:.0f} MB")
            cpu, wall, rss, _ = median_run(appeal, root, *args, ok=ok)
            seen.setdefault(name, []).append((n, cpu, rss))
            print(f"{name}, {n:,} cases: {cpu:.2f} s CPU ({wall:.2f} s wall), {rss:.0f} MB")
        for label, runs in (("first run", first[name]), ("later runs", seen[name])):
            (n0, cpu0, _), (n1, cpu1, rss1) = runs[0], runs[-1]
            if n1 > n0:
                print(f"  {name}, {label}: {cpu1 / cpu0:.1f}x the time for {n1 / n0:.0f}x the "
                      f"cases (goal <= 10x), {rss1:.0f} MB at {n1:,} (goal <= 500 MB)")


def pdfs_rendered(stdout):
    """The PDF count from the build's summary line, as `appeal site` prints it."""
    found = re.search(r"(\d+) PDFs? rendered", stdout)
    return int(found.group(1)) if found else None


def site(appeal):
    root = archive_project(SITE_N)
    try:
        out = os.path.join(root, "public")
        args = ["site", "--out", out, "--base-url", "https://example.org/actions/"]
        cpu, wall, rss, stdout = run(appeal, root, *args)
        pdfs = sum(1 for _, _, files in os.walk(out) for f in files if f.endswith(".pdf"))
        print(f"site with fax, {SITE_N:,} cases: {cpu:.1f} s CPU ({wall:.1f} s wall), "
              f"{rss:.0f} MB peak (goal <= 300 MB), {pdfs:,} PDFs; {stdout.strip()}")
        cpu2, wall2, rss2, stdout2 = median_run(appeal, root, *args)
        print(f"  again, nothing changed: {cpu2:.2f} s CPU ({wall2:.2f} s wall), {rss2:.0f} MB: "
              f"{100 * cpu2 / cpu:.1f}% of the first build's CPU time, {100 * wall2 / wall:.1f}% "
              f"of its wall time (goal <= 15%, <= 3 s); {stdout2.strip()}")
        changed = os.path.join(root, "appeals", "cases", "ua-bench-2.yaml")
        with open(changed, encoding="utf-8") as f:
            text = f.read()
        write(changed, re.sub(r"send_before: \d{4}-\d\d-\d\d", "send_before: 2018-06-27", text))
        cpu3, wall3, rss3, stdout3 = run(appeal, root, *args)
        print(f"  one case changed (ua-bench-2's deadline): {cpu3:.2f} s CPU ({wall3:.2f} s "
              f"wall), {rss3:.0f} MB; {stdout3.strip()}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    appeal = appeal_binary()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the start; "
          f"{RUNS} runs each, median CPU time")
    projects = []
    try:
        if ONLY & {"case", "archive"}:
            projects = [(n, archive_project(n)) for n in SIZES]
        if "case" in ONLY:
            one_case(appeal, projects)
        if "archive" in ONLY:
            whole_archive(appeal, projects)
        if "site" in ONLY:
            site(appeal)
    finally:
        for _, root in projects:
            shutil.rmtree(root, ignore_errors=True)
    print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
