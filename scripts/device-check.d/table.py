"""Builds the device check's one table from the JSON files its steps wrote in OUT.

    python3 table.py OUT      (prints Markdown; also writes OUT/table.md)
"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def ms(stages, name, key):
    s = (stages or {}).get(name)
    return "-" if s is None else "%.1f" % s[key]


def main(out):
    meta = load(os.path.join(out, "meta.json")) or {}
    peak = meta.get("fp32PeakGflops")
    rows = []
    lines = ["# dgan device check", "",
             "%s; libtorch %s at %s; device %s; python's torch %s (naive comparison)" % (
                 meta.get("gpu", "?"), meta.get("libtorchVersion", "?"), meta.get("libtorch", "?"), meta.get("device", "?"),
                 meta.get("pythonTorch", "?")), ""]
    parity = load(os.path.join(out, "parity.json")) or {}
    lines.append("parity fixtures on the device: %s" % (
        "%d passed, %d failed, %d skipped (%s)" % (parity["passed"], parity["failed"], parity["skipped"], parity.get("classes", ""))
        if parity else "not run"))
    demo = load(os.path.join(out, "demo", "demo-report.json"))
    if demo:
        rate = demo["generated"] / demo["generateSeconds"] if demo.get("generateSeconds") else 0
        lines.append("demo: %d pairs at %.1f pairs/s (train %.1f s); generated vs rule mIoU %.3f; downstream on real test mIoU %.3f" % (
            demo["generated"], rate, demo["trainSeconds"], demo["keptVsRule"]["meanIou"], demo["downstream"]["test"]["meanIou"]))
    else:
        lines.append("demo: not run or failed")
    for name, label in (("agree-cpu", "labels, device vs CPU"), ("agree-tf32", "labels, TF32 vs FP32"), ("agree-bf16", "labels, BF16 vs FP32")):
        ev = load(os.path.join(out, name, "evaluation.json"))
        if ev and "labelsVsReference" in ev:
            s = ev["labelsVsReference"]["scores"]
            lines.append("%s: pixel agreement %.5f, mIoU %.4f over %d samples" % (
                label, s.get("pixelAccuracy", float("nan")), s.get("meanIou", float("nan")), ev["labelsVsReference"]["matchedSamples"]))
    lines += ["", "| bench | batch | pairs/s | backbone p50/p99 ms | interpreter p50/p99 ms | encode p50 ms | write p50 ms"
                  " | backbone GFLOP/s | interpreter GFLOP/s | % of FP32 peak | peak memory GiB | libtorch calls/img | naive interpreter ms/img | fused speed-up |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in meta.get("benches", []):
        b = load(os.path.join(out, "bench-%s.json" % name))
        if not b:
            lines.append("| %s | failed | | | | | | | | | | | | |" % name)
            continue
        st = b["stages"]
        g = b.get("gflopsPerSecond", {})
        total_flops = b.get("backboneFlopsPerImage", 0) + b.get("interpreterFlopsPerImage", 0)
        achieved = total_flops * b["pairsPerSecond"] / 1e9
        share = "%.1f" % (100 * achieved / peak) if peak else "-"
        naive = load(os.path.join(out, "naive-%s.json" % name))
        interp = st.get("interpreter", {}).get("mean_ms")
        per_image = interp / b["batch"] if interp else None
        speedup = "%.1fx" % (naive["naiveInterpreterMsPerImage"] / per_image) if naive and per_image else "-"
        lines.append("| %s | %d | %.2f | %s / %s | %s / %s | %s | %s | %s | %s | %s | %.2f | %.0f | %s | %s |" % (
            name, b["batch"], b["pairsPerSecond"], ms(st, "backbone", "p50_ms"), ms(st, "backbone", "p99_ms"),
            ms(st, "interpreter", "p50_ms"), ms(st, "interpreter", "p99_ms"), ms(st, "encode", "p50_ms"), ms(st, "write", "p50_ms"),
            "%.0f" % g["backbone"] if "backbone" in g else "-", "%.0f" % g["interpreter"] if "interpreter" in g else "-", share,
            b["peakMemoryBytes"] / 2 ** 30, b.get("dispatcherCallsPerImage", float("nan")), "%.1f" % naive["naiveInterpreterMsPerImage"] if naive else "-", speedup))
    lines += ["", "Stage times are per batch; GFLOP/s are the FLOPs counted from the models' shapes over the stage's time;"
                  " % of peak is both stages' FLOPs at the end-to-end rate against the GPU's FP32 peak"
                  " (SMs x FP32 lanes x 2 x max SM clock). Peak memory on a GPU is cudaMemGetInfo's used memory.",
              "Steps: " + ", ".join("%s %s (%.0f s)" % (s["name"], "ok" if s["rc"] == 0 else "FAILED rc=%d" % s["rc"], s["seconds"])
                                    for s in meta.get("steps", []))]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1])
