"""Reference values of ln 2F1 for keepwise's log-space hypergeometric function.

Computed with mpmath at 60 significant digits; the output is pasted into
crates/keepwise-core/src/models/special.rs (test `hyp2f1_matches_mpmath_reference_values`).

    python3 -m venv /tmp/mpvenv && /tmp/mpvenv/bin/pip install mpmath
    /tmp/mpvenv/bin/python bench/clv/hyp2f1_reference.py
"""
import mpmath as mp

mp.mp.dps = 60

# (a, b, c, z): small, BG/NBD-like (Euler-transformed, a negative b), Pareto/NBD-like
# (c = a + 1, heavy buyers), z close to 1, and terms that grow huge before shrinking.
GENERAL = [
    (0.5, 1.5, 2.5, 0.3),
    (2.976, -0.207, 3.219, 0.9),
    (2.976, -0.207, 135.219, 0.0467),
    (0.243, 2.426, 2.219, 0.946),
    (1.0, 1.606, 134.159, 0.9),
    (300.0, 400.0, 10.0, 0.5),
    (1.0, 1.5, 2.5, 0.999),
]
# ln 2F1(a, b; a + 1; z) as the Pareto/NBD likelihood uses it.
C_EQ_A_PLUS_1 = [
    (1.159, 1.553, 0.0877),
    (134.159, 132.553, 0.0053),
    (5000.5, 4999.9, 0.5),
    (2.0, 1.6, 0.999),
    (0.7, 1.606, 0.95),
]

print("// (a, b, c, z, ln|2F1|)")
for a, b, c, z in GENERAL:
    v = mp.hyp2f1(a, b, c, z)
    print(f"({a!r}, {b!r}, {c!r}, {z!r}, {mp.nstr(mp.log(abs(v)), 17)}),")
print("// (a, b, z, ln 2F1(a, b; a + 1; z))")
for a, b, z in C_EQ_A_PLUS_1:
    v = mp.hyp2f1(a, b, a + 1, z)
    print(f"({a!r}, {b!r}, {z!r}, {mp.nstr(mp.log(v), 17)}),")
