"""The naive DatasetGAN labeling step in plain PyTorch, on a dgan segmentation model's weights.

Every feature tap is upsampled to the image size and concatenated into one [C, H, W] map, which
is flattened to H*W pixel vectors and run through each model of the ensemble (linear, ReLU,
batch norm, linear, ReLU, batch norm, linear), as DatasetGAN's official pipeline labels a
sample. The taps are random maps of the model's tap shapes: the time does not depend on their
values. Prints one JSON line: milliseconds per image (mean over --count after --warmup).

    python3 naive_interpreter.py --model MODEL_DIR [--device cuda] [--count 8] [--warmup 2]
"""
import argparse
import json
import os
import struct
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[entry["dtype"]])
        out[name] = t.reshape(entry["shape"])
    return out


def label(taps, w, size, models):
    up = [F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False) for t in taps]
    x = torch.cat(up, dim=1)[0].reshape(x_channels(up), -1).t().contiguous()
    probs = []
    for m in range(models):
        h = F.relu(F.linear(x, w["l1.weight"][m], w["l1.bias"][m]))
        h = F.batch_norm(h, w["bn1.running_mean"][m], w["bn1.running_var"][m], w["bn1.weight"][m], w["bn1.bias"][m], False, 0.0, 1e-5)
        h = F.relu(F.linear(h, w["l2.weight"][m], w["l2.bias"][m]))
        h = F.batch_norm(h, w["bn2.running_mean"][m], w["bn2.running_var"][m], w["bn2.weight"][m], w["bn2.bias"][m], False, 0.0, 1e-5)
        probs.append(torch.softmax(F.linear(h, w["l3.weight"][m], w["l3.bias"][m]), dim=1))
    votes = torch.stack([p.argmax(1) for p in probs])
    return votes.mode(0).values.reshape(size, size).to("cpu")


def x_channels(up):
    return sum(t.shape[1] for t in up)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--device", default="cuda")
    p.add_argument("--count", type=int, default=8)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    with open(os.path.join(a.model, "task.json")) as f:
        task = json.load(f)
    size = task["width"]
    dev = torch.device(a.device)
    w = {k: v.to(dev) for k, v in read_safetensors(os.path.join(a.model, "ensemble.safetensors")).items()}
    models = w["l1.weight"].shape[0]
    g = torch.Generator().manual_seed(0)
    taps = [torch.randn(1, t["channels"], t["resolution"], t["resolution"], generator=g).to(dev) for t in task["taps"]]
    with torch.no_grad():
        for _ in range(a.warmup):
            label(taps, w, size, models)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(a.count):
            label(taps, w, size, models)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        ms = (time.perf_counter() - start) * 1000 / a.count
    print(json.dumps({"naiveInterpreterMsPerImage": ms, "models": models, "size": size, "device": str(dev),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
