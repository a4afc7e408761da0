#!/usr/bin/env python3
"""Turns a JMH JSON result of RuleBenchmark + BandwidthFloor into a Markdown table.

Each cell is the time per round and its multiple of the memory-bandwidth floor, n*d*4 bytes read
once at the bandwidth BandwidthFloor measured in the same run. If the run also has
GramComputeFloor, the Krum family is reported against that compute floor too (the multiply-adds
of an exact Gram matrix alone, by OpenBLAS on every core). Usage:

    python3 bench/ratios.py result.json > table.md
"""
import json
import sys

FLOOR_BYTES = 256 * 1024 * 1024  # BandwidthFloor.BYTES
ANCHOR_MS = 3400.0  # Flower's numpy Krum at n=1000, d=101,770 (issue 3)
SHAPES = ["10x101770", "100x101770", "1000x101770", "100x1000000"]


def main(path):
    with open(path) as f:
        results = json.load(f)
    to_ms = {"ms/op": 1.0, "s/op": 1000.0, "us/op": 1e-3}
    floor_ms = None
    gram_ms = {}
    cells = {}
    rules = []
    for r in results:
        m = r["primaryMetric"]
        ms = m["score"] * to_ms[m["scoreUnit"]]
        err = m["scoreError"] * to_ms[m["scoreUnit"]]
        if r["benchmark"].endswith("BandwidthFloor.sumFloats"):
            floor_ms = ms
            continue
        p = r["params"]
        if r["benchmark"].endswith("GramComputeFloor.gram"):
            gram_ms[p["shape"]] = ms
            continue
        if p["rule"] not in rules:
            rules.append(p["rule"])
        cells[(p["rule"], p["shape"])] = (ms, err)
    if floor_ms is None:
        sys.exit("no BandwidthFloor result in " + path)
    gbps = FLOOR_BYTES / (floor_ms / 1000) / 1e9
    shapes = [s for s in SHAPES if any(k[1] == s for k in cells)]

    def floor_of(shape):
        n, d = (int(v) for v in shape.split("x"))
        return n * d * 4 / (gbps * 1e9) * 1000

    print(f"Measured bandwidth: {gbps:.2f} GB/s (256 MiB read in {floor_ms:.1f} ms).")
    print()
    print("| rule | " + " | ".join(f"n×d = {s.replace('x', ' × ')}" for s in shapes) + " |")
    print("|---|" + "---:|" * len(shapes))
    print("| *floor* | " + " | ".join(f"{floor_of(s):.2f} ms" for s in shapes) + " |")
    for rule in rules:
        row = []
        for s in shapes:
            if (rule, s) in cells:
                ms, err = cells[(rule, s)]
                row.append(f"{ms:.1f} ± {err:.1f} ms ({ms / floor_of(s):.1f}×)")
            else:
                row.append("not run")
        print(f"| {rule} | " + " | ".join(row) + " |")
    krums = [
        r + v for v in ("", "-java", "-2t") for r in ("krum", "multi-krum", "bulyan")
    ]
    if gram_ms:
        print()
        print("Compute floor of an exact Gram matrix (GramComputeFloor: n(n+1)/2·d multiply-adds")
        print("by OpenBLAS ssyrk on every core, data already centred and packed):")
        print()
        print("| | " + " | ".join(s for s in shapes) + " |")
        print("|---|" + "---:|" * len(shapes))

        def gmacs(s):
            n, d = (int(v) for v in s.split("x"))
            return n * (n + 1) / 2 * d / (gram_ms[s] / 1000) / 1e9

        print(
            "| *compute floor* | "
            + " | ".join(
                f"{gram_ms[s]:.1f} ms ({gmacs(s):.0f} GMAC/s)" if s in gram_ms else "not run"
                for s in shapes
            )
            + " |"
        )
        for rule in krums:
            if not any((rule, s) in cells for s in shapes):
                continue
            row = []
            for s in shapes:
                if (rule, s) in cells and s in gram_ms:
                    row.append(f"{cells[(rule, s)][0] / gram_ms[s]:.2f}×")
                else:
                    row.append("—")
            print(f"| {rule} | " + " | ".join(row) + " |")
    print()
    print("Targets (issue 3):")

    def ratio(rule, s):
        return cells[(rule, s)][0] / floor_of(s) if (rule, s) in cells else None

    def check(label, rule_list, shape_list, limit):
        for rule in rule_list:
            for s in shape_list:
                r = ratio(rule, s)
                if r is not None:
                    verdict = "holds" if r <= limit else "MISSED"
                    print(f"- {label} {rule} at {s}: {r:.1f}× ≤ {limit}× floor: {verdict}")

    check("", ["fedavg"], shapes, 1.5)
    check("", ["median", "trimmed-mean", "median-2t", "trimmed-mean-2t"], shapes, 10)
    check("", krums, ["100x101770", "100x1000000"], 10)
    for rule in krums:
        if (rule, "1000x101770") in cells:
            ms = cells[(rule, "1000x101770")][0]
            verdict = "holds" if ms <= ANCHOR_MS / 10 else "MISSED"
            print(
                f"- {rule} at 1000x101770: {ms:.0f} ms vs ≤ {ANCHOR_MS / 10:.0f} ms"
                f" (10× faster than {ANCHOR_MS:.0f} ms), {ANCHOR_MS / ms:.1f}× faster: {verdict}"
            )


if __name__ == "__main__":
    main(sys.argv[1])
