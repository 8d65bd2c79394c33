"""Independent numpy reference for `initscope simulate --arch transformer`.

Written from the specification only (not from the Rust sources). For each configuration it runs a
hand-written numpy forward/backward pass (f32 compute, f64 statistics) over S seeds and the CLI over
S seeds, and compares the per-block means of every statistic (and, for positive statistics, the means
of their logarithms) with a tolerance nsig*sqrt(se_a^2+se_b^2) + rel*max|mean| derived from the two
samples' standard errors. Each config uses its own seed range. The CLI's "theory" rows and preset
expansions (its JSON "config" echo) are checked exactly. The numpy backward pass is validated once
by central finite differences in float64.

Usage: python3 benches/transformer_reference.py [--seeds S] [--bin PATH] [--quick] [--only NAME]
                                                [--nsig 4] [--rel 1e-6]
Build the CLI first: cargo build --release --bin initscope
Exit status is non-zero if any comparison fails. Needs numpy only.
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import math
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

EPS_LN = 1e-5
FIELDS = ("stream_var", "stream_grad_var", "logit_var", "attn_entropy", "attn_max",
          "token_corr", "ffn_grad_norm")

# ---------------------------------------------------------------------------------------------
# Configuration: user-level flags -> fully expanded model description (independent expansion)
# ---------------------------------------------------------------------------------------------

DEFAULTS = dict(batch=4, tokens=32, width=128, heads=4, depth=12, init=None, activation="gelu",
                scale=1.0, ln="pre", attn_scale="sqrt", causal=False, skip_scale=1.0,
                branch_scale=1.0, value_gain=1.0, zero_query=False, zero_init_last=False,
                preset=None)


def expand(flags):
    """Flags as given on the command line -> model parameters (preset applied)."""
    c = dict(DEFAULTS)
    c.update(flags)
    L, d = c["depth"], c["width"]
    p = c["preset"]
    if p == "pytorch":
        c.update(init="pytorch-default", ln="post", activation="relu")
    elif p == "gpt2":
        c.update(init="normal", scale=0.02, ln="pre", branch_scale=1.0 / math.sqrt(2 * L))
    elif p == "deepnorm":
        c.update(init="xavier-normal", ln="post", skip_scale=(2 * L) ** 0.25,
                 value_gain=(8 * L) ** -0.25)
    elif p == "mup":
        c.update(init="lecun-normal", ln="pre", attn_scale="inverse", zero_query=True)
    elif p == "small-init":
        c.update(init="normal", scale=math.sqrt(2.0 / (5 * d)), ln="pre",
                 branch_scale=math.sqrt(10.0) / L)
    elif p is not None:
        raise ValueError(p)
    assert c["init"] is not None
    dk = d // c["heads"]
    c["dk"] = dk
    c["tau"] = {"sqrt": 1.0 / math.sqrt(dk), "none": 1.0, "inverse": 1.0 / dk}[c["attn_scale"]]
    return c


def cli_args(flags):
    out = ["simulate", "--arch", "transformer", "--format", "json"]
    f = dict(DEFAULTS)
    f.update(flags)
    for k in ("batch", "tokens", "width", "heads", "depth"):
        out += ["--" + k, str(f[k])]
    if f["preset"]:
        out += ["--preset", f["preset"]]
    for k in ("init", "activation", "ln", "attn_scale", "scale", "skip_scale", "branch_scale",
              "value_gain"):
        if k in flags or (k == "activation" and not f["preset"]):
            out += ["--" + k.replace("_", "-"), str(f[k])]
    for k in ("causal", "zero_query", "zero_init_last"):
        if flags.get(k):
            out += ["--" + k.replace("_", "-")]
    return out


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

def draw_matrix(rng, init, fi, fo, scale):
    if init == "xavier-normal":
        std = math.sqrt(2.0 / (fi + fo))
    elif init == "he-normal":
        std = math.sqrt(2.0 / fi)
    elif init == "lecun-normal":
        std = math.sqrt(1.0 / fi)
    elif init == "normal":
        std = scale
    else:
        raise ValueError(init)
    return rng.standard_normal((fi, fo)) * std


def init_block(rng, c):
    d = c["width"]
    f = 4 * d
    p = {}
    if c["init"] == "pytorch-default":
        lim_in = math.sqrt(6.0 / (4 * d))
        for n in ("Q", "K", "V"):
            p["W" + n] = rng.uniform(-lim_in, lim_in, (d, d))
            p["b" + n] = np.zeros(d)
        p["WO"] = rng.uniform(-1 / math.sqrt(d), 1 / math.sqrt(d), (d, d))
        p["bO"] = np.zeros(d)
        p["W1"] = rng.uniform(-1 / math.sqrt(d), 1 / math.sqrt(d), (d, f))
        p["b1"] = rng.uniform(-1 / math.sqrt(d), 1 / math.sqrt(d), f)
        p["W2"] = rng.uniform(-1 / math.sqrt(f), 1 / math.sqrt(f), (f, d))
        p["b2"] = rng.uniform(-1 / math.sqrt(f), 1 / math.sqrt(f), d)
    else:
        for n in ("Q", "K", "V", "O"):
            p["W" + n] = draw_matrix(rng, c["init"], d, d, c["scale"])
            p["b" + n] = np.zeros(d)
        p["W1"] = draw_matrix(rng, c["init"], d, f, c["scale"])
        p["b1"] = np.zeros(f)
        p["W2"] = draw_matrix(rng, c["init"], f, d, c["scale"])
        p["b2"] = np.zeros(d)
    if c["zero_query"]:
        p["WQ"][:] = 0
    beta = c["value_gain"]
    for n in ("WV", "WO", "W1", "W2"):
        p[n] = p[n] * beta
    if c["zero_init_last"]:
        for n in ("WO", "bO", "W2", "b2"):
            p[n][:] = 0
    return p


def theory_logit_var(c):
    """tau^2 d_k (d sQ^2 + s_bQ^2)(d sK^2 + s_bK^2) from the initializer's variances."""
    d = c["width"]
    if c["init"] == "pytorch-default":
        vq = (6.0 / (4 * d)) / 3.0
    elif c["init"] == "xavier-normal":
        vq = 2.0 / (2 * d)
    elif c["init"] == "he-normal":
        vq = 2.0 / d
    elif c["init"] == "lecun-normal":
        vq = 1.0 / d
    elif c["init"] == "normal":
        vq = c["scale"] ** 2
    vk = vq
    if c["zero_query"]:
        vq = 0.0
    return c["tau"] ** 2 * c["dk"] * (d * vq) * (d * vk)


def theory_entropy(c, lv):
    if lv > 1:
        return None
    T = c["tokens"]
    n = np.arange(1, T + 1, dtype=np.float64) if c["causal"] else np.full(T, float(T))
    return float(np.mean(np.log(n) - lv * (n - 1) / (2 * n)))


# ---------------------------------------------------------------------------------------------
# Numerics
# ---------------------------------------------------------------------------------------------

_erf64 = np.frompyfunc(math.erf, 1, 1)


def erf(x):
    if x.dtype == np.float64:
        return _erf64(x).astype(np.float64)
    # Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7, below f32 resolution of the result)
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-a * a)
    return (s * y).astype(x.dtype)


def act_fwd(name, h):
    if name == "gelu":
        return h * (0.5 * (1.0 + erf(h / math.sqrt(2.0)))).astype(h.dtype)
    if name == "relu":
        return np.maximum(h, 0)
    if name == "tanh":
        return np.tanh(h)
    raise ValueError(name)


def act_grad(name, h):
    if name == "gelu":
        cdf = 0.5 * (1.0 + erf(h / math.sqrt(2.0)))
        pdf = np.exp(-0.5 * h * h) / math.sqrt(2 * math.pi)
        return (cdf + h * pdf).astype(h.dtype)
    if name == "relu":
        return (h > 0).astype(h.dtype)
    if name == "tanh":
        return 1 - np.tanh(h) ** 2
    raise ValueError(name)


def ln_fwd(x):
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(-1, keepdims=True)
    rs = 1.0 / np.sqrt(var + x.dtype.type(EPS_LN))
    return xc * rs, rs


def ln_bwd(g, xh, rs):
    return rs * (g - g.mean(-1, keepdims=True) - xh * (g * xh).mean(-1, keepdims=True))


def attn_fwd(U, p, c, dt):
    B, T, h, dk = c["batch"], c["tokens"], c["heads"], c["dk"]
    tau = dt(c["tau"])

    def heads(M):
        return M.reshape(B, T, h, dk).transpose(0, 2, 1, 3)

    Q = heads(U @ p["WQ"] + p["bQ"])
    K = heads(U @ p["WK"] + p["bK"])
    V = heads(U @ p["WV"] + p["bV"])
    S = tau * (Q @ K.transpose(0, 1, 3, 2))  # B,h,T,T scaled logits
    if c["causal"]:
        mask = np.triu(np.ones((T, T), dtype=bool), 1)
        Sm = np.where(mask, dt(-np.inf), S)
    else:
        mask = None
        Sm = S
    E = np.exp(Sm - Sm.max(-1, keepdims=True))
    A = E / E.sum(-1, keepdims=True)
    O = (A @ V).transpose(0, 2, 1, 3).reshape(B * T, h * dk)
    out = O @ p["WO"] + p["bO"]
    cache = dict(U=U, Q=Q, K=K, V=V, A=A, O=O, S=S, mask=mask)
    return out, cache


def attn_bwd(gout, p, cache, c, dt):
    B, T, h, dk = c["batch"], c["tokens"], c["heads"], c["dk"]
    tau = dt(c["tau"])
    Q, K, V, A = cache["Q"], cache["K"], cache["V"], cache["A"]
    gO = (gout @ p["WO"].T).reshape(B, T, h, dk).transpose(0, 2, 1, 3)
    gA = gO @ V.transpose(0, 1, 3, 2)
    gV = A.transpose(0, 1, 3, 2) @ gO
    gS = A * (gA - (gA * A).sum(-1, keepdims=True)) * tau
    gQ = gS @ K
    gK = gS.transpose(0, 1, 3, 2) @ Q

    def flat(M):
        return M.transpose(0, 2, 1, 3).reshape(B * T, h * dk)

    return flat(gQ) @ p["WQ"].T + flat(gK) @ p["WK"].T + flat(gV) @ p["WV"].T


def mlp_fwd(U, p, c):
    H = U @ p["W1"] + p["b1"]
    P = act_fwd(c["activation"], H)
    return P @ p["W2"] + p["b2"], dict(H=H, P=P)


def mlp_bwd(gout, p, cache, c):
    gW2 = cache["P"].T @ gout
    gH = (gout @ p["W2"].T) * act_grad(c["activation"], cache["H"])
    return gH @ p["W1"].T, gW2


def attn_stats(cache, c):
    A = cache["A"].astype(np.float64)
    S = cache["S"].astype(np.float64)
    if cache["mask"] is not None:
        keep = ~cache["mask"]
        lv = S[..., keep].var()
    else:
        lv = S.var()
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(A > 0, A * np.log(np.where(A > 0, A, 1.0)), 0.0)
    ent = float((-plogp.sum(-1)).mean())
    amax = float(A.max(-1).mean())
    return float(lv), ent, amax


def token_corr(X, c):
    B, T, d = c["batch"], c["tokens"], c["width"]
    Xr = X.astype(np.float64).reshape(B, T, d)
    n = np.linalg.norm(Xr, axis=-1, keepdims=True)
    Xn = Xr / n
    C = Xn @ Xn.transpose(0, 2, 1)
    off = C.sum() - np.trace(C, axis1=1, axis2=2).sum()
    return float(off / (B * T * (T - 1)))


def run_model(c, params, X0, G, dt):
    """Forward + hand-written backward. Returns (loss, per-block stats, dL/dX0, [dL/dW2])."""
    a, al = dt(c["skip_scale"]), dt(c["branch_scale"])
    ln = c["ln"]
    X = X0
    caches, stats = [], []
    for p in params:
        blk = dict(Xin=X)
        if ln == "pre":
            U1, rs1 = ln_fwd(X)
            att, ca = attn_fwd(U1, p, c, dt)
            Y = a * X + al * att
            U2, rs2 = ln_fwd(Y)
            m, cm = mlp_fwd(U2, p, c)
            Xn = a * Y + al * m
            blk.update(U1=U1, rs1=rs1, U2=U2, rs2=rs2)
        elif ln == "post":
            att, ca = attn_fwd(X, p, c, dt)
            Y, rs1 = ln_fwd(a * X + al * att)
            m, cm = mlp_fwd(Y, p, c)
            Xn, rs2 = ln_fwd(a * Y + al * m)
            blk.update(Y=Y, rs1=rs1, Xn=Xn, rs2=rs2)
        elif ln == "none":
            att, ca = attn_fwd(X, p, c, dt)
            Y = a * X + al * att
            m, cm = mlp_fwd(Y, p, c)
            Xn = a * Y + al * m
        else:
            raise ValueError(ln)
        blk.update(ca=ca, cm=cm)
        caches.append(blk)
        lv, ent, amax = attn_stats(ca, c)
        stats.append(dict(stream_var=float(Xn.astype(np.float64).var()), logit_var=lv,
                          attn_entropy=ent, attn_max=amax, token_corr=token_corr(Xn, c)))
        X = Xn
    if ln == "pre":
        Z, rsf = ln_fwd(X)
        g = ln_bwd(G, Z, rsf)
    else:
        Z = X
        g = G
    loss = float((Z.astype(np.float64) * G.astype(np.float64)).sum())
    gW2s = [None] * len(params)
    for l in reversed(range(len(params))):
        p, blk = params[l], caches[l]
        stats[l]["stream_grad_var"] = float(g.astype(np.float64).var())
        if ln == "pre":
            gm = al * g
            gU2, gW2 = mlp_bwd(gm, p, blk["cm"], c)
            gY = a * g + ln_bwd(gU2, blk["U2"], blk["rs2"])
            gU1 = attn_bwd(al * gY, p, blk["ca"], c, dt)
            g = a * gY + ln_bwd(gU1, blk["U1"], blk["rs1"])
        elif ln == "post":
            gpre2 = ln_bwd(g, blk["Xn"], blk["rs2"])
            gU2, gW2 = mlp_bwd(al * gpre2, p, blk["cm"], c)
            gY = a * gpre2 + gU2
            gpre1 = ln_bwd(gY, blk["Y"], blk["rs1"])
            g = a * gpre1 + attn_bwd(al * gpre1, p, blk["ca"], c, dt)
        else:
            gU2, gW2 = mlp_bwd(al * g, p, blk["cm"], c)
            gY = a * g + gU2
            g = a * gY + attn_bwd(al * gY, p, blk["ca"], c, dt)
        gW2s[l] = gW2
        stats[l]["ffn_grad_norm"] = float(np.linalg.norm(gW2.astype(np.float64)))
    return loss, stats, g, gW2s


def sample(c, seed, dt=np.float32):
    rng = np.random.default_rng(seed)
    N, d = c["batch"] * c["tokens"], c["width"]
    X0 = rng.standard_normal((N, d)).astype(dt)
    params = [{k: v.astype(dt) for k, v in init_block(rng, c).items()} for _ in range(c["depth"])]
    G = rng.standard_normal((N, d)).astype(dt)
    return X0, params, G


def numpy_run(c, seed):
    X0, params, G = sample(c, seed, np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        return run_model(c, params, X0, G, np.float32)[1]


# ---------------------------------------------------------------------------------------------
# Finite-difference validation of the backward pass (float64)
# ---------------------------------------------------------------------------------------------

def fd_check():
    worst = 0.0
    rows = []
    cases = [
        dict(ln="pre", init="pytorch-default", activation="gelu", causal=True),
        dict(ln="post", init="pytorch-default", activation="tanh", skip_scale=1.3, branch_scale=0.7),
        dict(ln="none", init="xavier-normal", activation="gelu", causal=True, attn_scale="none",
             branch_scale=0.8),
        dict(ln="post", init="he-normal", activation="gelu", skip_scale=1.7, value_gain=0.6),
    ]
    for i, f in enumerate(cases):
        f = dict(f, batch=2, tokens=5, width=8, heads=2, depth=3)
        c = expand(f)
        X0, params, G = sample(c, 1000 + i, np.float64)
        _, _, gX, gW2 = run_model(c, params, X0, G, np.float64)
        rng = np.random.default_rng(7 + i)
        h = 1e-5

        def L(X, P):
            return run_model(c, P, X, G, np.float64)[0]

        D = rng.standard_normal(X0.shape)
        fd = (L(X0 + h * D, params) - L(X0 - h * D, params)) / (2 * h)
        an = float((gX * D).sum())
        err = abs(fd - an) / max(1e-8, abs(fd), abs(an))
        rows.append((f"case{i} {f['ln']:<4} dL/dX0 . D", fd, an, err))
        worst = max(worst, err)
        for l in range(c["depth"]):
            D = rng.standard_normal(params[l]["W2"].shape)
            Pp = [dict(q) for q in params]
            Pm = [dict(q) for q in params]
            Pp[l]["W2"] = params[l]["W2"] + h * D
            Pm[l]["W2"] = params[l]["W2"] - h * D
            fd = (L(X0, Pp) - L(X0, Pm)) / (2 * h)
            an = float((gW2[l] * D).sum())
            err = abs(fd - an) / max(1e-8, abs(fd), abs(an))
            rows.append((f"case{i} {f['ln']:<4} dL/dW2[{l + 1}] . D", fd, an, err))
            worst = max(worst, err)
    print("Finite-difference check of the numpy backward pass (float64, central, h=1e-5):")
    for name, fd, an, err in rows:
        print(f"  {name:<28} fd={fd: .9e} analytic={an: .9e} rel.err={err:.1e}")
    ok = worst < 1e-6
    print(f"  worst relative error {worst:.2e} -> {'OK' if ok else 'FAIL'}\n")
    return ok


# ---------------------------------------------------------------------------------------------
# CLI side and comparison
# ---------------------------------------------------------------------------------------------

def cli_run(binary, flags, seed):
    out = subprocess.run([binary] + cli_args(flags) + ["--seed", str(seed)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


CONFIGS = [
    ("pre xavier gelu", dict(init="xavier-normal", ln="pre"), 48),
    ("post xavier gelu", dict(init="xavier-normal", ln="post"), 48),
    ("none xavier gelu", dict(init="xavier-normal", ln="none"), 48),
    ("pre causal", dict(init="xavier-normal", ln="pre", causal=True), 48),
    ("pre attn-scale none", dict(init="xavier-normal", ln="pre", attn_scale="none"), 48),
    ("preset pytorch", dict(preset="pytorch"), 48),
    ("preset gpt2", dict(preset="gpt2"), 48),
    ("preset deepnorm", dict(preset="deepnorm"), 48),
    ("preset mup", dict(preset="mup"), 48),
    ("preset small-init", dict(preset="small-init"), 48),
    ("pre zero-query", dict(init="xavier-normal", ln="pre", zero_query=True), 48),
    ("pre zero-init-last", dict(init="xavier-normal", ln="pre", zero_init_last=True), 48),
    ("pre value-gain .5 skip 2", dict(init="xavier-normal", ln="pre", value_gain=0.5,
                                       skip_scale=2.0), 48),
    ("post value-gain .5 skip 2", dict(init="xavier-normal", ln="post", value_gain=0.5,
                                        skip_scale=2.0), 48),
    ("post he tanh causal inv d64", dict(init="he-normal", activation="tanh", ln="post",
                                          causal=True, attn_scale="inverse", width=64,
                                          tokens=16, depth=6), 48),
    ("none lecun relu branch .5", dict(init="lecun-normal", activation="relu", ln="none",
                                        branch_scale=0.5, width=64, heads=8, depth=8), 48),
]

CONFIG_KEYS = {  # JSON config echo key -> our expanded key
    "init": "init", "activation": "activation", "depth": "depth", "width": "width",
    "batch": "batch", "tokens": "tokens", "heads": "heads", "ln": "ln", "attn_scale": "attn_scale",
    "causal": "causal", "skip_scale": "skip_scale", "branch_scale": "branch_scale",
    "value_gain": "value_gain", "zero_query": "zero_query", "zero_init_last": "zero_init_last",
}


def mean_se(xs):
    xs = np.asarray(xs, dtype=np.float64)
    if not np.all(np.isfinite(xs)):
        return float("nan"), float("nan")
    return float(xs.mean()), float(xs.std(ddof=1) / math.sqrt(len(xs)))


def compare_config(idx, name, flags, S, binary, pool, nsig=4.0, rel=1e-6, verbose=True):
    """Run config `idx` on both sides over S seeds and compare. Returns a list of failure lines.

    Each config gets its own seed range (disjoint across configs and between the two sides), so
    that one unlucky seed set cannot produce correlated excursions in many configs at once."""
    failures = []
    c = expand(flags)
    seeds = list(range(1000 * idx + 1, 1000 * idx + S + 1))
    futs = [pool.submit(cli_run, binary, flags, s) for s in seeds]
    tc = time.time()
    ours = [numpy_run(c, 1_000_000 + s) for s in seeds]
    theirs = [f.result() for f in futs]
    # config echo (preset expansion) and theory rows: exact
    cfg = theirs[0]["config"]
    for k, ck in CONFIG_KEYS.items():
        v, w = cfg.get(k), c[ck]
        same = (abs(v - w) <= 1e-12 * max(1, abs(w))) if isinstance(w, float) else v == w
        if not same:
            failures.append(f"{name}: config {k} cli={v} expected={w}")
    if c["init"] == "normal" and abs(cfg["scale"] - c["scale"]) > 1e-12:
        failures.append(f"{name}: config scale cli={cfg['scale']} expected={c['scale']}")
    lv_th = theory_logit_var(c)
    ent_th = theory_entropy(c, lv_th)
    for row in theirs[0]["theory"]:
        e = row["attn_entropy"]
        bad = abs(row["logit_var"] - lv_th) > 1e-9 * max(1, lv_th) or \
            (e is None) != (ent_th is None) or (e is not None and abs(e - ent_th) > 1e-9)
        if bad:
            failures.append(f"{name}: theory row {row} expected logit_var={lv_th} "
                            f"attn_entropy={ent_th}")
            break
    if verbose:
        for f in failures:
            print("  " + f + "  <-- MISMATCH")
    L = c["depth"]
    for blk in sorted({1, (L + 1) // 2, L}):
        for fld in FIELDS:
            xa = np.array([r[blk - 1][fld] for r in ours], dtype=np.float64)
            xb = np.array([r["layers"][blk - 1][fld] for r in theirs], dtype=np.float64)
            ma, sa = mean_se(xa)
            mb, sb = mean_se(xb)
            tol = nsig * math.hypot(sa, sb) + rel * max(abs(ma), abs(mb)) + 1e-9
            ratio = abs(ma - mb) / tol if math.isfinite(ma) and math.isfinite(mb) else \
                float("inf")
            # Second test on the log scale for positive fields: heavy-tailed quantities (e.g. the
            # gradient of the un-normalized net) make the plain mean's standard error useless.
            lratio = None
            if np.all(xa > 0) and np.all(xb > 0):
                la, lsa = mean_se(np.log(xa))
                lb, lsb = mean_se(np.log(xb))
                ltol = nsig * math.hypot(lsa, lsb) + rel + 1e-9
                lratio = abs(la - lb) / ltol if math.isfinite(la) and math.isfinite(lb) else \
                    float("inf")
            worst = max(ratio, lratio or 0.0)
            flag = "" if worst <= 1 else "  <-- MISMATCH"
            if worst > 1:
                failures.append(f"{name} block {blk} {fld}: numpy {ma:.6g}±{sa:.2g} "
                                f"cli {mb:.6g}±{sb:.2g} (mean {ratio:.2f}× tol, log-mean "
                                f"{'-' if lratio is None else f'{lratio:.2f}'}× tol)")
            if verbose:
                ls = "-" if lratio is None else f"{lratio:.2f}"
                print(f"{name:<29} {blk:>3} {fld:<16} {ma:>12.6g} {sa:>9.2g} {mb:>12.6g} "
                      f"{sb:>9.2g} {ratio:>10.2f} {ls:>9}{flag}")
    if verbose:
        print(f"{'':<29} ({S} seeds each, {time.time() - tc:.1f}s)")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=None, help="override S for every config")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                  "target", "release", "initscope"))
    ap.add_argument("--quick", action="store_true", help="S=8, for a smoke test")
    ap.add_argument("--nsig", type=float, default=4.0)
    ap.add_argument("--rel", type=float, default=1e-6, help="relative tolerance floor")
    ap.add_argument("--only", default=None, help="substring filter on config names")
    args = ap.parse_args()
    t0 = time.time()
    failures = []
    if not fd_check():
        failures.append("finite differences")
    pool = ThreadPoolExecutor(max_workers=2)
    print(f"{'config':<29} {'blk':>3} {'field':<16} {'numpy mean':>12} {'±se':>9} "
          f"{'cli mean':>12} {'±se':>9} {'|diff|/tol':>10} {'log:d/tol':>9}")
    for idx, (name, flags, S) in enumerate(CONFIGS):
        if args.only and args.only not in name:
            continue
        S = args.seeds or (8 if args.quick else S)
        failures += compare_config(idx, name, flags, S, args.bin, pool, args.nsig, args.rel)
    pool.shutdown()
    print(f"\ntotal runtime {time.time() - t0:.1f}s")
    if failures:
        print(f"\n{len(failures)} DISAGREEMENT(S):")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("all comparisons agree")


if __name__ == "__main__":
    main()
