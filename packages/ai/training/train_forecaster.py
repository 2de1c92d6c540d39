"""Trains Pointer's learned seasonal forecaster and writes it as ONNX.

The model is a small MLP (9 -> 32 tanh -> 32 tanh -> 1) that maps features of a series' recent
history to the value h steps ahead, direct (not recursive) for 1 <= h <= one period. Features
are described in packages/ai/src/forecast/learned-features.ts, which computes them at serving
time; the two must stay identical (FEATURE_VERSION).

It is trained only on synthetic series generated here (seasonal shapes, trends, AR noise, level
shifts, spikes), never on the benchmark data it is evaluated on. Reproducible: fixed seed, numpy
only, so `pip install -r requirements.txt && python train_forecaster.py` rebuilds the same file.

Usage: python packages/ai/training/train_forecaster.py [--out packages/ai/models/forecaster.onnx]
"""
import argparse
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

FEATURE_VERSION = 1
N_FEATURES = 9
SEED = 20241126


def synth_series(rng, period, length):
    t = np.arange(length)
    phase = 2 * np.pi * t / period
    season = np.zeros(length)
    for k in range(1, rng.integers(1, 4) + 1):
        season += rng.uniform(0.2, 1.0) / k * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    if rng.random() < 0.25:  # square-ish business-hours shapes
        season = np.sign(season) * np.minimum(np.abs(season) * 4, 1.0)
    if rng.random() < 0.3:  # weekly modulation (weekend dip)
        season *= 1 - 0.5 * ((t // period) % 7 >= 5)
    amp = rng.uniform(0.0, 3.0)
    level = rng.uniform(-2, 2)
    trend = rng.normal(0, 0.3) / period * (rng.random() < 0.5)
    phi = rng.uniform(0, 0.95)
    eps = rng.normal(0, 1, length)
    ar = np.zeros(length)
    for i in range(1, length):
        ar[i] = phi * ar[i - 1] + eps[i]
    noise = rng.uniform(0.02, 1.0) * ar * np.sqrt(1 - phi * phi)
    y = level + trend * t + amp * season + noise
    if rng.random() < 0.3:  # a level shift somewhere
        at = rng.integers(length // 2, length)
        y[at:] += rng.normal(0, 1.5)
    if rng.random() < 0.3:  # sparse spikes
        idx = rng.integers(0, length, rng.integers(1, 6))
        y[idx] += rng.normal(0, 4, idx.size)
    if rng.random() < 0.3:  # non-negative, counter-like
        y = np.maximum(y - y.min(), 0)
    return y


def features(y, t, h, period):
    """Mirror of learned-features.ts: y[..t] known, predict y[t+h]."""
    P = period
    last = y[t - P + 1 : t + 1]
    mu = last.mean()
    sc = np.abs(last - mu).mean()
    if not sc > 1e-9 * max(1.0, abs(mu)):
        sc = max(1.0, abs(mu)) * 1e-3
    n = lambda v: (v - mu) / sc
    return np.array(
        [
            n(y[t + h - P]),
            n(y[t + h - 2 * P]),
            n(y[t + h - 3 * P]),
            n(y[t]),
            n(y[t - 3 : t + 1].mean()),
            n(y[t - P]),
            n(y[t - P - 3 : t - P + 1].mean()),
            n(y[t - 2 * P + 1 : t - P + 1].mean()),
            h / P,
        ]
    ), mu, sc


def dataset(rng, count):
    X = np.zeros((count, N_FEATURES))
    Y = np.zeros(count)
    i = 0
    while i < count:
        period = int(rng.choice([12, 24, 48, 96, 144, 288]))
        length = 5 * period
        y = synth_series(rng, period, length)
        for _ in range(16):
            if i >= count:
                break
            t = int(rng.integers(3 * period + 4, length - period))
            h = int(rng.integers(1, period + 1))
            f, mu, sc = features(y, t, h, period)
            X[i] = f
            Y[i] = np.clip((y[t + h] - mu) / sc, -50, 50)
            i += 1
    np.clip(X, -50, 50, out=X)
    return X, Y


def train(X, Y, rng, hidden=32, epochs=12, batch=512, lr=2e-3):
    def init(a, b):
        return rng.normal(0, np.sqrt(1.0 / a), (a, b))

    params = {"W1": init(N_FEATURES, hidden), "b1": np.zeros(hidden), "W2": init(hidden, hidden), "b2": np.zeros(hidden), "W3": init(hidden, 1), "b3": np.zeros(1)}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    step = 0
    n = X.shape[0]
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s : s + batch]
            x, y = X[idx], Y[idx]
            # The model predicts the correction to the seasonal-naive value (feature 0).
            h1 = np.tanh(x @ params["W1"] + params["b1"])
            h2 = np.tanh(h1 @ params["W2"] + params["b2"])
            out = (h2 @ params["W3"] + params["b3"])[:, 0] + x[:, 0]
            err = out - y
            total += np.abs(err).sum()
            g = np.sign(err)[:, None] / len(idx)  # L1 loss: MASE is an absolute-error measure
            grads = {"W3": h2.T @ g, "b3": g.sum(0)}
            d2 = (g @ params["W3"].T) * (1 - h2 * h2)
            grads["W2"] = h1.T @ d2
            grads["b2"] = d2.sum(0)
            d1 = (d2 @ params["W2"].T) * (1 - h1 * h1)
            grads["W1"] = x.T @ d1
            grads["b1"] = d1.sum(0)
            step += 1
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9**step)
                vh = v[k] / (1 - 0.999**step)
                params[k] -= lr * mh / (np.sqrt(vh) + 1e-8)
        print(f"epoch {epoch + 1}: train MAE {total / n:.4f}")
    return params


def export(params, path):
    init = [numpy_helper.from_array(params[k].astype(np.float32), k) for k in ("W1", "b1", "W2", "b2", "W3", "b3")]
    init.append(numpy_helper.from_array(np.array([[1.0]] + [[0.0]] * (N_FEATURES - 1), dtype=np.float32), "pick0"))
    nodes = [
        helper.make_node("Gemm", ["features", "W1", "b1"], ["z1"]),
        helper.make_node("Tanh", ["z1"], ["h1"]),
        helper.make_node("Gemm", ["h1", "W2", "b2"], ["z2"]),
        helper.make_node("Tanh", ["z2"], ["h2"]),
        helper.make_node("Gemm", ["h2", "W3", "b3"], ["delta"]),
        helper.make_node("MatMul", ["features", "pick0"], ["naive"]),
        helper.make_node("Add", ["delta", "naive"], ["forecast"]),
    ]
    graph = helper.make_graph(
        nodes,
        "pointer_seasonal_forecaster",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", N_FEATURES])],
        [helper.make_tensor_value_info("forecast", TensorProto.FLOAT, ["N", 1])],
        init,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="pointer-ai-training")
    model.ir_version = 8
    helper.set_model_props(model, {"feature_version": str(FEATURE_VERSION), "seed": str(SEED)})
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="packages/ai/models/forecaster.onnx")
    ap.add_argument("--samples", type=int, default=200_000)
    args = ap.parse_args()
    rng = np.random.default_rng(SEED)
    X, Y = dataset(rng, args.samples)
    Xv, Yv = dataset(rng, 20_000)
    params = train(X, Y, rng)
    h1 = np.tanh(Xv @ params["W1"] + params["b1"])
    h2 = np.tanh(h1 @ params["W2"] + params["b2"])
    pred = (h2 @ params["W3"] + params["b3"])[:, 0] + Xv[:, 0]
    print(f"validation MAE {np.abs(pred - Yv).mean():.4f} (seasonal-naive {np.abs(Xv[:, 0] - Yv).mean():.4f})")
    export(params, args.out)
    # Check the exported graph computes what was trained.
    import onnxruntime as ort

    sess = ort.InferenceSession(args.out)
    got = sess.run(None, {"features": Xv[:256].astype(np.float32)})[0][:, 0]
    assert np.allclose(got, pred[:256], atol=1e-3), "ONNX output differs from the trained model"
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
