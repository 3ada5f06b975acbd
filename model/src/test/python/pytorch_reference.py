#!/usr/bin/env python3
"""Reference values for Nowcast's recurrent cells, from PyTorch's documented equations.

PyTorch cannot be installed where Nowcast is built, so this script implements the equations of
torch.nn.RNN (tanh, relu), torch.nn.GRU and torch.nn.LSTM exactly as PyTorch documents them, in double
precision, with the state_dict names, shapes (weight_ih_l{k}: [G*H, in], row-major) and gate orders
(LSTM i, f, g, o; GRU r, z, n with the reset gate applied to W_hn h + b_hn), including stacked layers and
bidirectional layers (layer k+1 reads concat(forward, reverse) outputs of layer k).

Weights and inputs come from a fixed-seed generator, so running the script again reproduces the committed
fixture byte for byte. Standard library only.

    python3 model/src/test/python/pytorch_reference.py > model/src/test/resources/fixtures/pytorch_reference.json
"""
import json
import math
import random

GATES = {"ELMAN_TANH": 1, "ELMAN_RELU": 1, "GRU": 3, "LSTM": 4}


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


def matvec(w, x):
    return [sum(wi * xi for wi, xi in zip(row, x)) for row in w]


def add(*vs):
    return [sum(t) for t in zip(*vs)]


def cell_step(cell, p, x, h, c):
    """One step; returns (h', c'). p holds weight_ih, weight_hh, bias_ih, bias_hh for this layer/direction."""
    hs = len(h)
    gi = add(matvec(p["weight_ih"], x), p["bias_ih"])
    gh = add(matvec(p["weight_hh"], h), p["bias_hh"])
    if cell in ("ELMAN_TANH", "ELMAN_RELU"):
        pre = add(gi, gh)
        act = math.tanh if cell == "ELMAN_TANH" else (lambda v: max(0.0, v))
        return [act(v) for v in pre], None
    if cell == "GRU":
        r = [sigmoid(gi[j] + gh[j]) for j in range(hs)]
        z = [sigmoid(gi[hs + j] + gh[hs + j]) for j in range(hs)]
        n = [math.tanh(gi[2 * hs + j] + r[j] * gh[2 * hs + j]) for j in range(hs)]
        return [(1 - z[j]) * n[j] + z[j] * h[j] for j in range(hs)], None
    pre = add(gi, gh)
    i = [sigmoid(pre[j]) for j in range(hs)]
    f = [sigmoid(pre[hs + j]) for j in range(hs)]
    g = [math.tanh(pre[2 * hs + j]) for j in range(hs)]
    o = [sigmoid(pre[3 * hs + j]) for j in range(hs)]
    c2 = [f[j] * c[j] + i[j] * g[j] for j in range(hs)]
    return [o[j] * math.tanh(c2[j]) for j in range(hs)], c2


def run(case, rng):
    cell, n_in, hs, layers, bidir, steps = (case[k] for k in
                                            ("cell", "input", "hidden", "layers", "bidirectional", "steps"))
    g = GATES[cell] * hs
    dirs = 2 if bidir else 1
    k = 1 / math.sqrt(hs)
    tensors = {}
    for l in range(layers):
        width = n_in if l == 0 else dirs * hs
        for d in range(dirs):
            sfx = "_l%d%s" % (l, "_reverse" if d else "")
            tensors["rnn.weight_ih" + sfx] = [[rng.uniform(-k, k) for _ in range(width)] for _ in range(g)]
            tensors["rnn.weight_hh" + sfx] = [[rng.uniform(-k, k) for _ in range(hs)] for _ in range(g)]
            tensors["rnn.bias_ih" + sfx] = [rng.uniform(-k, k) for _ in range(g)]
            tensors["rnn.bias_hh" + sfx] = [rng.uniform(-k, k) for _ in range(g)]
    inputs = [[rng.uniform(-2, 2) for _ in range(n_in)] for _ in range(steps)]
    seq = inputs
    final = []
    for l in range(layers):
        outs = [[0.0] * (dirs * hs) for _ in range(steps)]
        for d in range(dirs):
            sfx = "_l%d%s" % (l, "_reverse" if d else "")
            p = {name: tensors["rnn." + name + sfx] for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
            h, c = [0.0] * hs, [0.0] * hs
            order = range(steps - 1, -1, -1) if d else range(steps)
            for t in order:
                h, c2 = cell_step(cell, p, seq[t], h, c)
                c = c2 if c2 is not None else c
                outs[t][d * hs:(d + 1) * hs] = h
            final.append({"h": h, "c": c if cell == "LSTM" else None})
        seq = outs
    flat = {name: [v for row in t for v in row] if isinstance(t[0], list) else t for name, t in tensors.items()}
    out = dict(case)
    out.update(tensors=flat, inputs=inputs, outputs=seq, finalStates=final)
    return out


CASES = [
    dict(name="elman_tanh_1layer", cell="ELMAN_TANH", input=3, hidden=5, layers=1, bidirectional=False, steps=6),
    dict(name="elman_relu_2layer", cell="ELMAN_RELU", input=3, hidden=5, layers=2, bidirectional=False, steps=6),
    dict(name="gru_1layer", cell="GRU", input=4, hidden=5, layers=1, bidirectional=False, steps=6),
    dict(name="gru_3layer", cell="GRU", input=3, hidden=4, layers=3, bidirectional=False, steps=7),
    dict(name="lstm_1layer", cell="LSTM", input=4, hidden=6, layers=1, bidirectional=False, steps=6),
    dict(name="lstm_2layer", cell="LSTM", input=3, hidden=5, layers=2, bidirectional=False, steps=8),
    dict(name="lstm_bidirectional_2layer", cell="LSTM", input=3, hidden=4, layers=2, bidirectional=True, steps=5),
    dict(name="gru_bidirectional_1layer", cell="GRU", input=2, hidden=4, layers=1, bidirectional=True, steps=5),
    dict(name="elman_tanh_bidirectional_2layer", cell="ELMAN_TANH", input=3, hidden=4, layers=2,
         bidirectional=True, steps=5),
]

if __name__ == "__main__":
    rng = random.Random(20240611)
    print(json.dumps({"source": "model/src/test/python/pytorch_reference.py",
                      "cases": [run(c, rng) for c in CASES]}, indent=1))
