#!/usr/bin/env python3
"""Prints the benchmark's tables from run.sh's raw figures: report.py ENV_TXT RAW_TSV.

Each figure is the median over the runs (min–max beside it). Hugo + Pagefind is the sum of the two
run by run, then its median; its peak memory is the larger of the two (they run one after the
other). Ratios are planverk / the other, so below 1 means planverk is faster or smaller.
"""

import re
import statistics
import sys
from collections import defaultdict


def load(path):
    rows = defaultdict(list)  # (case, pages, tool) -> [(run, wall, rss_kb, cpu)]
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            case, pages, tool, run, wall, rss, cpu = line.rstrip("\n").split("\t")
            fail = "FAIL" in (wall, rss, cpu)
            rows[(case, int(pages), tool)].append(
                (int(run), None if fail else float(wall), None if fail else int(rss) / 1024,
                 None if fail else float(cpu)))
    return rows


def values(runs, i):
    """The i-th figure of every run, or None if any run failed."""
    out = [r[i] for r in runs]
    return None if not out or any(v is None for v in out) else out


def med(xs):
    return statistics.median(xs) if xs else None


def fmt_s(xs):
    if xs is None:
        return "FAIL"
    m = med(xs)
    return f"{m:.2f}" if len(xs) == 1 else f"{m:.2f} ({min(xs):.2f}–{max(xs):.2f})"


def fmt_mb(xs):
    return "FAIL" if xs is None else f"{med(xs):.0f}"


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def main():
    env = dict(line.rstrip("\n").split("=", 1) for line in open(sys.argv[1], encoding="utf-8") if "=" in line)
    rows = load(sys.argv[2])
    out = []
    p = out.append
    p("# planverk benchmark")
    p("")
    p(f"{env.get('date', '?')} · {env.get('cores', '?')} cores, {env.get('memory', '?')} · "
      f"load average before {env.get('load_before', '?')}, after {env.get('load_after', '?')}")
    p(f"planverk {env.get('planverk', '?')} · Hugo {env.get('hugo', '–')} · Pagefind {env.get('pagefind', '–')}")
    p("")
    p("Wall time in seconds: median (min–max) of the runs; peak memory (max RSS) in MB, median.")
    p("Ratios are planverk / Hugo+Pagefind: below 1 is better for planverk. Pages: Markdown files, all languages.")
    p("")
    p("| figure | pages | runs | planverk s | planverk MB | Hugo s | Pagefind s | Hugo+Pagefind s "
      "| Hugo MB | Pagefind MB | wall ratio | memory ratio (vs Hugo) |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    # "pages" is the number of Markdown files (all languages); planverk writes more HTML pages
    # than that (overviews, and a fallback page per missing translation).

    labels = {
        "bundled": "bundled plan: full build",
        "full": "full build",
        "nosearch": "full build without search",
        "check": "`planverk check` (no writing)",
        "same": "rebuild, nothing changed",
        "edit1": "rebuild after editing 1 page",
    }
    cases = sorted({(c, n) for (c, n, _) in rows},
                   key=lambda k: (k[0] != "bundled", k[1], list(labels).index(k[0]) if k[0] in labels else 9))
    medians = {}  # (case, pages) -> planverk (wall, MB)
    others = {}  # (case, pages) -> Hugo+Pagefind wall, Hugo MB
    cpu_lines = []
    for case, pages in cases:
        pv = rows.get((case, pages, "planverk"), [])
        hg = rows.get((case, pages, "hugo"), [])
        pf = rows.get((case, pages, "pagefind"), [])
        pv_wall, pv_mb, pv_cpu = values(pv, 1), values(pv, 2), values(pv, 3)
        medians[(case, pages)] = (med(pv_wall) if pv_wall else None, med(pv_mb) if pv_mb else None,
                                  med(pv_cpu) if pv_cpu else None)
        cells = [labels.get(case, case), str(pages), str(len(pv) or len(hg)), fmt_s(pv_wall) if pv else "–",
                 fmt_mb(pv_mb) if pv else "–"]
        if hg:
            hg_wall, hg_mb, hg_cpu = values(hg, 1), values(hg, 2), values(hg, 3)
            pf_wall, pf_mb, pf_cpu = values(pf, 1), values(pf, 2), values(pf, 3)
            both = None
            if hg_wall and pf_wall and len(hg_wall) == len(pf_wall):
                both = [a + b for a, b in zip(hg_wall, pf_wall)]
            cells += [fmt_s(hg_wall), fmt_s(pf_wall), fmt_s(both), fmt_mb(hg_mb), fmt_mb(pf_mb),
                      ratio(med(pv_wall) if pv_wall else None, med(both) if both else None),
                      ratio(med(pv_mb) if pv_mb else None, med(hg_mb) if hg_mb else None)]
            others[(case, pages)] = (med(both) if both else None, med(hg_mb) if hg_mb else None)
            if pv_cpu and hg_cpu and pf_cpu:
                other = med([a + b for a, b in zip(hg_cpu, pf_cpu)])
                cpu_lines.append(f"| {labels.get(case, case)} | {pages} | {med(pv_cpu):.2f} | {med(hg_cpu):.2f} "
                                 f"| {med(pf_cpu):.2f} | {other:.2f} | {ratio(med(pv_cpu), other)} |")
        else:
            cells += ["–"] * 7
        p("| " + " | ".join(cells) + " |")

    if cpu_lines:
        p("")
        p("CPU time (user + system, seconds, median): less sensitive than wall time to other load on the machine.")
        p("")
        p("| figure | pages | planverk | Hugo | Pagefind | Hugo+Pagefind | ratio |")
        p("|---|---:|---:|---:|---:|---:|---:|")
        out.extend(cpu_lines)
    alone = [(c, n) for (c, n) in cases if c != "full"]
    if alone:
        p("")
        p("planverk alone, CPU time (user + system, seconds, median):")
        p("")
        p("| figure | pages | planverk CPU s |")
        p("|---|---:|---:|")
        for c, n in alone:
            cpu = medians.get((c, n), (None, None, None))[2]
            p(f"| {labels.get(c, c)} | {n} | {'FAIL' if cpu is None else f'{cpu:.2f}'} |")

    # The targets, at the largest size measured.
    full_sizes = sorted(n for (c, n) in cases if c == "full")
    p("")
    p("## Targets")
    p("")
    p("| target | figure | goal | met |")
    p("|---|---:|---:|:---:|")

    def row(name, value, goal, ok):
        p(f"| {name} | {value} | {goal} | {'–' if ok is None else ('yes' if ok else 'NO')} |")

    if full_sizes:
        n = full_sizes[-1]
        pv_wall, pv_mb, pv_cpu = medians.get(("full", n), (None, None, None))
        other_wall, hugo_mb = others.get(("full", n), (None, None))
        if other_wall and pv_wall:
            r = pv_wall / other_wall
            row(f"full build, {n} pages: planverk / (Hugo+Pagefind) wall time", f"{r:.2f}",
                "≤ 0.50 (goal 0.33)", r <= 0.5)
        if hugo_mb and pv_mb:
            r = pv_mb / hugo_mb
            row(f"peak memory, {n} pages: planverk / Hugo", f"{r:.2f}", "≤ 1.00 (goal 0.50)", r <= 1.0)
        hugo_runs = values(rows.get(("full", n, "hugo"), []), 1)
        hugo_cpu = values(rows.get(("full", n, "hugo"), []), 3)
        ns_wall, _, ns_cpu = medians.get(("nosearch", n), (None, None, None))
        if hugo_runs and ns_wall:
            r = ns_wall / med(hugo_runs)
            cpu = f" (CPU time: {ns_cpu / med(hugo_cpu):.2f})" if ns_cpu and hugo_cpu else ""
            row(f"without search, {n} pages: planverk / Hugo wall time", f"{r:.2f}{cpu}", "≤ 0.17", r <= 1 / 6)
        edit_wall, _, edit_cpu = medians.get(("edit1", n), (None, None, None))
        if edit_wall and pv_wall:
            r = edit_wall / pv_wall
            cpu = f" (CPU time: {edit_cpu / pv_cpu:.2f})" if edit_cpu and pv_cpu else ""
            row(f"rebuild after editing 1 page, {n} pages: / full build", f"{r:.2f}{cpu}",
                "≤ 0.10 (goal 0.05)", r <= 0.10)
        same_wall = medians.get(("same", n), (None, None, None))[0]
        if same_wall and pv_wall:
            r = same_wall / pv_wall
            row(f"rebuild with nothing changed, {n} pages: / full build", f"{r:.2f}", "–", None)
        same = env.get(f"identical_{n}")
        if same:
            row(f"rebuild after editing 1 page, {n} pages: byte-identical to a full build", same, "yes",
                same == "yes")
    if len(full_sizes) > 1:
        # Linear growth: the cost per page stays about the same from the smallest size to the largest.
        lo, hi = full_sizes[0], full_sizes[-1]
        w_lo, m_lo, _ = medians.get(("full", lo), (None, None, None))
        w_hi, m_hi, _ = medians.get(("full", hi), (None, None, None))
        if w_lo and w_hi:
            r = (w_hi / hi) / (w_lo / lo)
            row(f"wall time per page, {hi} / {lo} pages", f"{r:.2f}", "≈ 1 (linear)", r <= 1.3)
        if m_lo and m_hi:
            r = (m_hi / hi) / (m_lo / lo)
            row(f"peak memory per page, {hi} / {lo} pages", f"{r:.2f}", "≤ 1 (linear or better)", r <= 1.3)
    for (case, pages), (wall, _, _) in medians.items():
        if case == "bundled" and wall is not None:
            row(f"bundled plan ({pages} pages): full build", f"{wall:.3f} s", "< 0.2 s", wall < 0.2)
    reload = env.get("reload")
    if reload:
        median = re.search(r"median ([0-9.]+) ms", reload)
        value = f"{median.group(1)} ms" if median else reload
        row("preview: save to reload event (bundled plan), median of 10", value, "< 100 ms",
            float(median.group(1)) < 100 if median else False)
    print("\n".join(out))


if __name__ == "__main__":
    main()
