"""The reference half of scripts/side-by-side: DatasetGAN's own pipeline on dgan's weights.

Subcommands (scripts/side-by-side runs them in this order, each in its own process so that each
peak resident size is that step's alone):

  convert    dgan init's generator.safetensors -> a g_all state dict .pt (torch.save, as DatasetGAN
             ships *.for_g_all.pt), and its ensemble.safetensors -> model_<i>.pth files holding the
             state dict of the reference's pixel_classifier (wrapped in DataParallel, as
             train_interpreter.py saves them).
  reference  imports models/stylegan1.py, utils/utils.py and datasetGAN/train_interpreter.py from
             the user's datasetGAN_release checkout and labels seeds 0..N-1 the way its
             generate_data does: latent_to_image (every tap upsampled to full size and
             concatenated), each classifier on every pixel, the ensemble's mode, the
             Jensen-Shannon map and score; then writes image, label and map as it does.
             Times each stage and records the peak resident size.
  table      the markdown table of both runs and the label agreement.

Nothing from the checkout is copied: it is imported from --reference at run time. Two settings
differ from its experiment JSONs, so that both label the same pixels: labels are made at the
generator's full resolution (car_20 crops 512 px to 512x384, face_34 labels 1024 px faces at 512),
and the noise maps are dgan's for the same latent, given through NoiseLayer.noise (the reference
otherwise draws fresh noise on every call).
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "device-check.d"))
from naive_interpreter import read_safetensors  # noqa: E402  (dgan's safetensors, read without extra packages)

# DatasetGAN's prepare_stylegan knows three StyleGAN1 sizes, each by a category: resolution -> (category, max_layer)
CATEGORIES = {256: ("cat", 7), 512: ("car", 8), 1024: ("face", 8)}
# dgan's segmentation MLP names -> the reference pixel_classifier's nn.Sequential indices
LAYERS = {"l1": "layers.0", "bn1": "layers.2", "l2": "layers.3", "bn2": "layers.5", "l3": "layers.6"}
WARMUP_SEED = 1_000_000  # dgan bench's warm-up samples start here; the measured ones at 0
MASK64 = (1 << 64) - 1


def fail(message):
    print("side-by-side: " + message, file=sys.stderr)
    sys.exit(2)


def read_json(path):
    with open(path) as f:
        return json.load(f)


# ----- convert -------------------------------------------------------------------------------

def convert(a):
    work = a.work
    config = read_json(os.path.join(work, "config.json"))
    task = read_json(os.path.join(work, "model", "task.json"))
    resolution = config.get("resolution")
    if resolution not in CATEGORIES:
        fail("%s: resolution: expected one of %s (the sizes DatasetGAN's prepare_stylegan knows), got %s"
             % (os.path.join(work, "config.json"), sorted(CATEGORIES), resolution))
    if config.get("max_layer") != CATEGORIES[resolution][1]:
        fail("%s: max_layer: DatasetGAN truncates %d ws at %d px, got %s"
             % (os.path.join(work, "config.json"), CATEGORIES[resolution][1], resolution, config.get("max_layer")))
    out = os.path.join(work, "reference")
    os.makedirs(out, exist_ok=True)

    g_all = read_safetensors(os.path.join(work, "generator.safetensors"))
    torch.save(g_all, os.path.join(out, "g_all.pt"))

    mlp, classes = task["mlp"], len(task["labels"])
    # pixel_classifier's widths are fixed by the class count; other widths cannot be expressed there
    expected = (128, 32) if classes < 32 else (256, 128)
    if (mlp["hidden1"], mlp["hidden2"]) != expected:
        fail("%s: mlp hidden widths %d,%d: DatasetGAN's pixel_classifier has %d,%d for %d classes (init without -O hidden)"
             % (os.path.join(work, "model", "task.json"), mlp["hidden1"], mlp["hidden2"], expected[0], expected[1], classes))
    w = read_safetensors(os.path.join(work, "model", "ensemble.safetensors"))
    for m in range(task["models"]):
        sd = {}
        for ours, theirs in LAYERS.items():
            for field in ("weight", "bias", "running_mean", "running_var"):
                if ours + "." + field in w:
                    sd["module.%s.%s" % (theirs, field)] = w[ours + "." + field][m].clone()
            if ours.startswith("bn"):
                sd["module.%s.num_batches_tracked" % theirs] = torch.tensor(0)
        torch.save({"model_state_dict": sd}, os.path.join(out, "model_%d.pth" % m))
    setup = {"resolution": resolution, "category": CATEGORIES[resolution][0], "classes": classes,
             "channels": mlp["inputs"], "models": task["models"],
             "average_latent": os.path.abspath(os.path.join(work, config["average_latent"])),
             "truncation": read_json(os.path.join(work, "model", "model.json"))["truncation"]}
    with open(os.path.join(out, "setup.json"), "w") as f:
        json.dump(setup, f, indent=1)
    print("converted %s to %s (g_all.pt, model_0..%d.pth)" % (work, out, task["models"] - 1))


# ----- reference ------------------------------------------------------------------------------

def import_reference(root):
    """The checkout's modules, importable as its own scripts import them (from the root and datasetGAN/)."""
    needed = ["datasetGAN/train_interpreter.py", "models/stylegan1.py", "utils/utils.py"]
    for rel in needed:
        if not os.path.isfile(os.path.join(root, rel)):
            fail("--reference %s: expected a datasetGAN_release checkout (%s missing)" % (root, rel))
    sys.path[:0] = [root, os.path.join(root, "datasetGAN")]
    if not torch.cuda.is_available():
        # the reference assumes CUDA (.cuda() on its models and on latent_to_image's output buffer);
        # on a CPU-only torch those calls become no-ops so its code runs unchanged
        torch.nn.Module.cuda = lambda self, *args, **kwargs: self
        torch.Tensor.cuda = lambda self, *args, **kwargs: self
    try:
        import train_interpreter
    except ImportError as e:
        fail("--reference %s: importing datasetGAN/train_interpreter.py failed: %s (it needs numpy, scipy, opencv-python"
             " and Pillow besides torch)" % (root, e))
    return train_interpreter


def latent_seed(z32):
    """dgan's noise seed for a latent: FNV-1a over its float bits, as StyleGan1Backbone.latentSeeds computes it."""
    h = 0xcbf29ce484222325
    for bits in z32.view(np.int32).ravel().tolist():
        h = ((h ^ (bits & MASK64)) * 0x100000001b3) & MASK64  # Java's long ^= int sign-extends the int
    # StyleGan1Noise.noiseSeed: SplitMix64's finaliser over the seed plus a constant
    z = (h + 0x6E6F697365) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def noise_layers(g_synthesis):
    """The NoiseLayer modules in dgan's order: 4x4 epi1, epi2, 8x8 epi1, ... with their side."""
    out = []
    for name, block in g_synthesis.blocks.items():
        side = int(name.split("x")[0])
        out += [(block.epi1.top_epi.noise, side), (block.epi2.top_epi.noise, side)]
    return out


def set_noise(layers, z32, device):
    """Gives every NoiseLayer the map dgan draws for this latent (the reference's own fixed-noise hook, .noise)."""
    g = torch.Generator().manual_seed(latent_seed(z32))
    for layer, side in layers:
        layer.noise = torch.randn(1, 1, side, side, generator=g).to(device)


def vm_hwm_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reference(a):
    torch.set_num_threads(a.threads)
    setup = read_json(os.path.join(a.work, "reference", "setup.json"))
    ti = import_reference(os.path.abspath(a.reference))
    import scipy.stats
    from PIL import Image
    from torch.distributions import Categorical
    device = ti.device
    res, channels = setup["resolution"], setup["channels"]
    if abs(setup["truncation"] - 0.7) > 1e-9:
        fail("%s: truncation %s: DatasetGAN's prepare_stylegan truncates with psi 0.7 (dgan init --truncation 0.7)"
             % (os.path.join(a.work, "model", "model.json"), setup["truncation"]))
    ref = os.path.join(a.work, "reference")
    # the reference's own setup, unchanged: a DatasetGAN experiment's fields for this size (labels at full resolution)
    args = {"stylegan_ver": "1", "category": setup["category"], "average_latent": setup["average_latent"],
            "stylegan_checkpoint": os.path.join(ref, "g_all.pt"), "dim": [res, res, channels], "upsample_mode": "bilinear",
            "number_class": setup["classes"], "model_num": setup["models"]}
    g_all, _, upsamplers = ti.prepare_stylegan(args)
    classifiers = []
    for m in range(args["model_num"]):
        c = torch.nn.DataParallel(ti.pixel_classifier(numpy_class=args["number_class"], dim=args["dim"][-1]),
                                  device_ids=ti.device_ids).cuda()
        c.load_state_dict(torch.load(os.path.join(ref, "model_%d.pth" % m), map_location=device)["model_state_dict"])
        c.eval()
        classifiers.append(c)
    layers = noise_layers(g_all.module.g_synthesis)

    def sync():
        if str(device).startswith("cuda"):
            torch.cuda.synchronize()

    # the synthesis' end, by a hook: latent_to_image runs mapping, truncation, synthesis, then upsamples
    marks = {}

    def synthesis_done(*_):
        sync()
        marks["synthesis"] = time.perf_counter()  # returns None: the output stays as it is

    g_all.module.g_synthesis.register_forward_hook(synthesis_done)
    softmax = torch.nn.Softmax(dim=1)
    warnings.simplefilter("ignore", FutureWarning)  # scipy.stats.mode's notice about keepdims
    os.makedirs(a.out, exist_ok=True)

    def one(seed, write):
        z = np.random.RandomState(seed).randn(1, 512)  # dgan draws sample i's z from RandomState(i)
        set_noise(layers, z.astype(np.float32), device)
        sync()
        t0 = time.perf_counter()
        latent = torch.from_numpy(z).type(torch.FloatTensor).to(device)
        img, affine_layers = ti.latent_to_image(g_all, upsamplers, latent, dim=res, return_upsampled_layers=True)
        sync()
        t1 = time.perf_counter()
        img = img[0]
        affine_layers = affine_layers[0].reshape(channels, -1).transpose(1, 0)
        entropies, votes, mean_seg = [], [], None
        for c in classifiers:
            seg = c(affine_layers).squeeze()
            entropies.append(Categorical(logits=seg).entropy())
            mean_seg = softmax(seg) if mean_seg is None else mean_seg + softmax(seg)
            votes.append(ti.oht_to_scalar(seg).reshape(res, res, 1).cpu().detach().numpy())
        mean_seg = mean_seg / len(classifiers)
        js = Categorical(mean_seg).entropy() - torch.mean(torch.stack(entropies), 0)
        score = js.sort()[0][-int(js.shape[0] / 10):].mean().item()
        label = scipy.stats.mode(np.concatenate(votes, axis=-1), 2)[0].reshape(res, res)
        del affine_layers
        sync()
        t2 = time.perf_counter()
        if write:
            Image.fromarray(img).save(os.path.join(a.out, "%d.png" % seed))
            Image.fromarray(label.astype("uint8")).save(os.path.join(a.out, "label_%d.png" % seed))
            np.save(os.path.join(a.out, "%d.npy" % seed), js.cpu().numpy().reshape(res, res))
        t3 = time.perf_counter()
        return {"seed": seed, "generator_ms": (marks["synthesis"] - t0) * 1e3, "upsample_ms": (t1 - marks["synthesis"]) * 1e3,
                "classify_ms": (t2 - t1) * 1e3, "write_ms": (t3 - t2) * 1e3, "score": score}

    with torch.no_grad():
        for i in range(a.warmup):
            one(WARMUP_SEED + i, write=False)
        start = time.perf_counter()
        samples = [one(i, write=True) for i in range(a.count)]
        seconds = time.perf_counter() - start
    result = {"samples": samples, "seconds": seconds, "pairs_per_s": a.count / seconds, "vm_hwm_kib": vm_hwm_kib(),
              "threads": torch.get_num_threads(), "torch": torch.__version__, "device": str(device),
              "blas": blas_info(), "python": platform.python_version(), "resolution": res, "channels": channels,
              "models": len(classifiers), "classes": args["number_class"], "count": a.count, "warmup": a.warmup}
    with open(os.path.join(a.out, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("reference: %d samples in %.1f s = %.3f pairs/s" % (a.count, seconds, a.count / seconds))


def blas_info():
    """Which BLAS torch runs its matrix products on: it decides the reference's classifier time."""
    try:  # a torch built with BLAS_INFO=generic (e.g. Debian's) uses whatever libblas.so.3 the system points at
        with open("/proc/self/maps") as f:
            paths = {os.path.realpath(line.split()[-1]) for line in f if line.count(" ") >= 5 and "/" in line}
        libs = sorted(p for p in paths if ".so" in os.path.basename(p)
                      and os.path.basename(p).startswith("lib") and any(k in os.path.basename(p) for k in ("blas", "mkl")))
        if libs:
            return ", ".join(os.path.join(os.path.basename(os.path.dirname(p)), os.path.basename(p)) for p in libs)
    except OSError:
        pass
    cfg = torch.__config__.show()
    return cfg.split("BLAS_INFO=", 1)[1].split(",")[0] if "BLAS_INFO=" in cfg else "unknown"


# ----- table ----------------------------------------------------------------------------------

def png(path):
    from PIL import Image
    with Image.open(path) as im:
        return np.array(im)


def agreement(a, count):
    """Label and image agreement of the same seeds: dgan generate's files against the reference's."""
    same = total = 0
    per_sample, image_diff = [], []
    for i in range(count):
        ours = png(os.path.join(a.dgan_labels, "label", "%06d.png" % i))
        theirs = png(os.path.join(a.reference_out, "label_%d.png" % i))
        if ours.shape != theirs.shape:
            fail("label %d: dgan's is %s, the reference's %s" % (i, ours.shape, theirs.shape))
        eq = int((ours == theirs).sum())
        same, total = same + eq, total + ours.size
        per_sample.append(100.0 * eq / ours.size)
        d = np.abs(png(os.path.join(a.dgan_labels, "image", "%06d.png" % i)).astype(int)
                   - png(os.path.join(a.reference_out, "%d.png" % i)).astype(int))
        image_diff.append((float(d.mean()), int(d.max()), 100.0 * float((d == 0).mean())))
    return 100.0 * same / total, total - same, total, per_sample, image_diff


def stage_ms(bench, names, count):
    """Per-image time of dgan bench stages: each stage's total (count x mean; batches for the backbone) / samples."""
    return sum(bench["stages"][n]["count"] * bench["stages"][n]["mean_ms"] for n in names if n in bench["stages"]) / count


def table(a):
    bench = read_json(a.dgan_bench)
    ref = read_json(os.path.join(a.reference_out, "result.json"))
    n = ref["count"]
    if bench["samples"] != n:
        fail("%s: %d samples, the reference ran %d" % (a.dgan_bench, bench["samples"], n))
    mean = lambda key: sum(s[key] for s in ref["samples"]) / n  # noqa: E731
    ours = {"gen": stage_ms(bench, ["backbone"], n), "label": stage_ms(bench, ["interpreter"], n),
            "write": stage_ms(bench, ["encode", "write"], n), "total": 1e3 / bench["pairsPerSecond"],
            "rate": bench["pairsPerSecond"], "up": None}
    theirs = {"gen": mean("generator_ms"), "label": mean("upsample_ms") + mean("classify_ms"), "up": mean("upsample_ms"),
              "write": mean("write_ms"), "total": 1e3 * ref["seconds"] / n, "rate": ref["pairs_per_s"]}
    rss = {"dgan": read_rss(a.dgan_time, bench.get("peakMemoryBytes", 0) // 1024),
           "ref": read_rss(a.reference_time, ref["vm_hwm_kib"])}
    agree, differ, pixels, per_sample, image_diff = agreement(a, n)

    def ms(v):
        return "n/a" if v is None else "{:,.0f}".format(v).replace(",", " ")

    def ratio(x, y):  # how many times dgan's x beats the reference's y (below 1: the reference is ahead)
        return "" if x is None or y is None or x == 0 else "%.1fx" % (y / x)

    rows = [("generator (mapping, truncation, synthesis), ms", ours["gen"], theirs["gen"]),
            ("labeling incl. upsampling (ensemble, vote, uncertainty), ms", ours["label"], theirs["label"]),
            ("&nbsp;&nbsp;of which upsampling + concatenation, ms", ours["up"], theirs["up"]),
            ("encode + write (image, label; dgan also an overlay, the reference a JS map), ms", ours["write"], theirs["write"]),
            ("**total per image** (wall time / samples), ms", ours["total"], theirs["total"])]
    lines = ["| per image | dgan | DatasetGAN pipeline | dgan's advantage |", "|---|---:|---:|---:|"]
    for name, x, y in rows:
        lines.append("| %s | %s | %s | %s |" % (name, ms(x), ms(y), ratio(x, y)))
    lines.append("| **pairs/s** (end to end) | %.3f | %.3f | %s |" % (ours["rate"], theirs["rate"], ratio(theirs["rate"], ours["rate"])))
    lines.append("| peak resident (RSS), MiB | %s | %s | %s |" % (ms(rss["dgan"] / 1024), ms(rss["ref"] / 1024),
                                                                  ratio(rss["dgan"], rss["ref"])))
    machine, threads = bench.get("machine", {}), bench.get("threads", {})
    text = "\n".join([
        "StyleGAN1 %d px (DatasetGAN's layout, random weights of the real shapes, %d taps, %d channels), %d-model %d-class"
        " ensemble (untrained, dgan init), psi 0.7, %d samples (seeds 0..%d) after %d warm-up, dgan batch %s, %s."
        % (ref["resolution"], len(read_json(os.path.join(a.work, "model", "task.json"))["taps"]), ref["channels"], ref["models"],
           ref["classes"], n, n - 1, ref["warmup"], bench.get("batch", "?"), bench.get("device", "cpu")),
        "Threads: dgan %s intra-op + %s OpenBLAS, the reference %d (torch.set_num_threads; OMP/OPENBLAS/MKL_NUM_THREADS the same)."
        % (threads.get("intraOp", "?"), threads.get("blas", "?"), ref["threads"]),
        "Machine: %s, %s processors; dgan %s (%s) on libtorch %s; the reference on PyTorch %s (BLAS: %s), Python %s."
        % (machine.get("cpu", "?"), machine.get("processors", "?"), bench.get("dgan", {}).get("version", "?"),
           bench.get("dgan", {}).get("revision", "?")[:12], bench.get("libtorch", "?"), ref["torch"], ref["blas"], ref["python"]),
        "", *lines, "",
        "dgan's advantage: the reference's time or memory over dgan's, and dgan's pairs/s over the reference's (below 1x:"
        " the reference is ahead).",
        "Label agreement on the same seeds: **%.4f%%** of pixels, %d of %d differ (per sample: %s)."
        % (agree, differ, pixels, ", ".join("%.4f%%" % p for p in per_sample)),
        "Images: mean |difference| %.4f of 255, largest %d, identical values %.3f%% (8-bit PNGs of the same latents and noise)."
        % (sum(d[0] for d in image_diff) / n, max(d[1] for d in image_diff), sum(d[2] for d in image_diff) / n), ""])
    with open(a.out, "w") as f:
        f.write(text)
    print(text)


def read_rss(time_file, fallback_kib):
    """Peak RSS in KiB from /usr/bin/time -f %M's file, else the process' own VmHWM."""
    try:
        with open(time_file) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError, TypeError):
        return fallback_kib or 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--work", required=True, help="dgan init's --out folder")
    r = sub.add_parser("reference")
    r.add_argument("--reference", required=True, help="a datasetGAN_release checkout")
    r.add_argument("--work", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--count", type=int, required=True)
    r.add_argument("--warmup", type=int, default=1)
    r.add_argument("--threads", type=int, required=True)
    t = sub.add_parser("table")
    for name in ("--work", "--dgan-bench", "--dgan-time", "--dgan-labels", "--reference-out", "--reference-time", "--out"):
        t.add_argument(name, required=True)
    a = p.parse_args()
    {"convert": convert, "reference": reference, "table": table}[a.command](a)


if __name__ == "__main__":
    main()
