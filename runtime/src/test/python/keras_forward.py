"""A second reader of the workbench's Keras export: reads config.json and model.weights.h5 from a
.keras archive with h5py and numpy only (no Keras, no DL4J), runs the forward pass itself in
channels_last order, and prints the predicted digit of each image, one per line.

usage: keras_forward.py MODEL.keras IMAGES.u8   (IMAGES: N x 28 x 28 bytes, 0..255, ink bright)
"""
import io
import json
import sys
import zipfile

import h5py
import numpy as np


def conv2d(x, kernel, bias, strides, padding):
    # x: N,H,W,C; kernel: kh,kw,in,out (Keras's HWIO)
    kh, kw, _, out = kernel.shape
    if padding == "same":
        ph, pw = kh - 1, kw - 1
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    n, h, w, c = x.shape
    sh, sw = strides
    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    y = np.zeros((n, oh, ow, out), dtype=np.float32)
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + sh * oh:sh, j:j + sw * ow:sw, :]
            y += np.tensordot(patch, kernel[i, j], axes=([3], [0]))
    return y + bias if bias is not None else y


def max_pool(x, pool, strides, padding):
    if padding != "valid":
        raise SystemExit("padding " + padding + " not handled by this reader")
    n, h, w, c = x.shape
    (ph, pw), (sh, sw) = pool, strides
    oh, ow = (h - ph) // sh + 1, (w - pw) // sw + 1
    y = np.full((n, oh, ow, c), -np.inf, dtype=np.float32)
    for i in range(ph):
        for j in range(pw):
            y = np.maximum(y, x[:, i:i + sh * oh:sh, j:j + sw * ow:sw, :])
    return y


def activate(x, name):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise SystemExit("activation " + name + " not handled by this reader")


def forward(layers, params, x):
    for layer in layers:
        kind, c = layer["class_name"], layer["config"]
        v = params.get(c["name"], [])
        if kind in ("InputLayer", "Dropout"):
            continue
        elif kind == "Conv2D":
            x = activate(conv2d(x, v[0], v[1] if c.get("use_bias", True) else None, c["strides"], c["padding"]),
                         c["activation"])
        elif kind == "MaxPooling2D":
            x = max_pool(x, c["pool_size"], c["strides"] or c["pool_size"], c["padding"])
        elif kind == "Flatten":
            x = x.reshape(x.shape[0], -1)  # channels_last: H, W, C order
        elif kind == "Dense":
            x = activate(x @ v[0] + (v[1] if c.get("use_bias", True) else 0), c["activation"])
        elif kind == "BatchNormalization":
            gamma, beta, mean, var = v
            x = gamma * (x - mean) / np.sqrt(var + c["epsilon"]) + beta
        elif kind == "Activation":
            x = activate(x, c["activation"])
        else:
            raise SystemExit("layer " + kind + " not handled by this reader")
    return x


def main():
    archive, images = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(archive) as z:
        config = json.loads(z.read("config.json"))
        weights = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
    layers = config["config"]["layers"]
    params = {}
    for layer in layers:
        name = layer["config"]["name"]
        if layer["class_name"] != "InputLayer":
            group = weights["layers"][name]["vars"]
            params[name] = [np.asarray(group[str(i)]) for i in range(len(group))]
    x = np.fromfile(images, dtype=np.uint8).reshape(-1, 28, 28, 1).astype(np.float32) / 255.0
    digits = np.concatenate([forward(layers, params, x[i:i + 500]).argmax(axis=1) for i in range(0, len(x), 500)])
    sys.stdout.write("\n".join(str(d) for d in digits) + "\n")


if __name__ == "__main__":
    main()
