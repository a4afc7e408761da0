package io.fedstream.privacy;

/**
 * Privacy-loss-distribution (PLD) accountant of the Poisson-subsampled Gaussian mechanism, under
 * add/remove adjacency (the relation of {@link RdpAccountant}); tighter than RDP.
 *
 * <p>For one step with sampling rate q and noise multiplier σ (sensitivity 1), the privacy loss of
 * an output x is L(x) = ±log(1 − q + q·exp((2x − 1)/(2σ²))): in the remove direction x follows the
 * mixture (1 − q)N(0, σ²) + qN(1, σ²) and the sign is +, in the add direction x follows N(0, σ²)
 * and the sign is −. The distribution of L is discretized pessimistically on a grid of width h (the
 * mass of each interval (t − h, t] is put at t, rounding every loss up), as in Meiser and Mohammadi
 * (2018), "Tight on Budget?", and Koskela, Jälkö and Honkela (2020), "Computing Tight Differential
 * Privacy Guarantees Using FFT"; the tail beyond 8.3σ (mass below 1e-16 per step) is put at +∞. k
 * steps compose by k-fold convolution, done by FFT. Then δ(ε) = P(L = ∞) + E[(1 − e^{ε − L})₊]
 * (Sommer, Meiser and Mohammadi 2019), and ε(δ) is found by bisection; the larger of the two
 * directions is reported.
 *
 * <p>Rounding up makes the result an upper bound on the true ε up to floating-point error in the
 * FFT (about 1e-12 on δ); the discretization costs at most k·h in ε. Memory is O(k·range/h), so
 * this is meant for the job's tens to hundreds of rounds, not for millions of steps.
 */
public final class PldAccountant {
    /** Tail cut-off in standard deviations: Φ(−8.3) ≈ 5e-17. */
    private static final double TAIL_SIGMAS = 8.3;

    private PldAccountant() {}

    /** ε after {@code steps} steps at (q, σ), target δ, grid width h (e.g. 1e-4). */
    public static double epsilon(double q, double sigma, int steps, double delta, double h) {
        check(q, sigma, steps, h);
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta " + delta + " must be in (0, 1)");
        }
        return Math.max(
                Composed.of(q, sigma, steps, h, true).epsilon(delta),
                Composed.of(q, sigma, steps, h, false).epsilon(delta));
    }

    /** δ(ε) after {@code steps} steps, the larger of the two directions. */
    public static double delta(double q, double sigma, int steps, double epsilon, double h) {
        check(q, sigma, steps, h);
        return Math.max(
                Composed.of(q, sigma, steps, h, true).delta(epsilon),
                Composed.of(q, sigma, steps, h, false).delta(epsilon));
    }

    private static void check(double q, double sigma, int steps, double h) {
        if (!(q > 0 && q <= 1) || !(sigma > 0) || steps < 1 || !(h > 0)) {
            throw new IllegalArgumentException(
                    "q "
                            + q
                            + ", sigma "
                            + sigma
                            + ", steps "
                            + steps
                            + ", h "
                            + h
                            + ": need 0 < q <= 1, sigma > 0, steps >= 1, h > 0");
        }
    }

    /** A PMF on losses (first + i)·h plus a mass at +∞. */
    record Composed(long first, double h, double[] pmf, double infinity) {

        static Composed of(double q, double sigma, int steps, double h, boolean remove) {
            Composed one = single(q, sigma, h, remove);
            double[] pmf = steps == 1 ? one.pmf : Fft.selfConvolve(one.pmf, steps);
            double inf = 1 - Math.pow(1 - one.infinity, steps);
            return new Composed(one.first * steps, h, pmf, inf);
        }

        double delta(double epsilon) {
            double d = infinity;
            for (int i = pmf.length - 1; i >= 0; i--) {
                double loss = (first + i) * h;
                if (loss <= epsilon) {
                    break;
                }
                d += pmf[i] * -Math.expm1(epsilon - loss);
            }
            return Math.min(1, d);
        }

        double epsilon(double delta) {
            if (delta(0) <= delta) {
                return 0;
            }
            double lo = 0;
            double hi = Math.max(h, (first + pmf.length) * h);
            if (delta(hi) > delta) {
                return Double.POSITIVE_INFINITY; // the mass at +∞ alone exceeds δ
            }
            for (int i = 0; i < 100 && hi - lo > 1e-10; i++) {
                double mid = (lo + hi) / 2;
                if (delta(mid) > delta) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }

        /** The pessimistic one-step PMF. */
        static Composed single(double q, double sigma, double h, boolean remove) {
            Loss loss = new Loss(q, sigma, remove);
            double xLo = -TAIL_SIGMAS * sigma;
            double xHi = (remove ? 1 : 0) + TAIL_SIGMAS * sigma;
            double a = loss.at(xLo);
            double b = loss.at(xHi);
            double lMin = Math.min(a, b);
            double lMax = Math.max(a, b);
            long first = (long) Math.ceil(lMin / h);
            long last = (long) Math.ceil(lMax / h);
            double[] pmf = new double[(int) (last - first + 1)];
            // Mass of L in ((i-1)h, ih] for each grid point, integrated over the x-interval that
            // maps onto it; whatever lies below the first point is rounded up onto it.
            double below = loss.massBelow(first * h);
            pmf[0] += below;
            for (long i = first + 1; i <= last; i++) {
                pmf[(int) (i - first)] += loss.massBetween((i - 1) * h, i * h);
            }
            double total = 0;
            for (double p : pmf) {
                total += p;
            }
            return new Composed(first, h, pmf, Math.max(0, 1 - total));
        }
    }

    /** The one-step loss L(x), monotone in x, and the law of x. */
    static final class Loss {
        private final double q;
        private final double sigma;
        private final boolean remove;

        Loss(double q, double sigma, boolean remove) {
            this.q = q;
            this.sigma = sigma;
            this.remove = remove;
        }

        double at(double x) {
            double e = (2 * x - 1) / (2 * sigma * sigma);
            // log(1 - q + q e^e), stable for both signs of e
            double l =
                    q == 1
                            ? e
                            : e > 0
                                    ? e + Math.log(q + (1 - q) * Math.exp(-e))
                                    : Math.log1p(q * Math.expm1(e));
            return remove ? l : -l;
        }

        /**
         * x with L(x) = t. The bounded end of L's range (log(1 − q) for remove, −log(1 − q) for
         * add) is its limit as x → −∞, so t beyond it maps to −∞ in both directions.
         */
        private double inverse(double t) {
            double s = remove ? t : -t;
            // e^s = 1 - q + q e^e  =>  e = log((expm1(s) + q) / q)
            double inner = Math.expm1(s) + q;
            if (inner <= 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double e =
                    s > 30
                            ? s - Math.log(q) + Math.log1p((q - 1) * Math.exp(-s))
                            : Math.log(inner / q);
            return sigma * sigma * e + 0.5;
        }

        private double density(double x) {
            double n0 = Math.exp(-x * x / (2 * sigma * sigma));
            if (!remove) {
                return n0 / (sigma * Math.sqrt(2 * Math.PI));
            }
            double n1 = Math.exp(-(x - 1) * (x - 1) / (2 * sigma * sigma));
            return ((1 - q) * n0 + q * n1) / (sigma * Math.sqrt(2 * Math.PI));
        }

        /** P(L ≤ t), via the law of x and an erfc tail. */
        double massBelow(double t) {
            double x = inverse(t);
            // remove: L increasing, L ≤ t ⇔ x ≤ x(t); add: L decreasing, L ≤ t ⇔ x ≥ x(t)
            if (remove) {
                return (1 - q) * phi(x / sigma) + q * phi((x - 1) / sigma);
            }
            return phi(-x / sigma);
        }

        /** P(t0 < L ≤ t1) by Gauss–Legendre quadrature of the density of x. */
        double massBetween(double t0, double t1) {
            double x0 = inverse(t0);
            double x1 = inverse(t1);
            double lo = Math.max(Math.min(x0, x1), -TAIL_SIGMAS * sigma - 1);
            double hi = Math.min(Math.max(x0, x1), TAIL_SIGMAS * sigma + 2);
            if (!(hi > lo)) {
                return 0;
            }
            int pieces = (int) Math.ceil((hi - lo) / (sigma / 4));
            double w = (hi - lo) / pieces;
            double sum = 0;
            for (int p = 0; p < pieces; p++) {
                double c = lo + (p + 0.5) * w;
                for (int g = 0; g < GL_X.length; g++) {
                    sum += GL_W[g] * density(c + GL_X[g] * w / 2);
                }
            }
            return sum * w / 2;
        }

        private static double phi(double z) {
            if (z == Double.NEGATIVE_INFINITY) {
                return 0;
            }
            if (z == Double.POSITIVE_INFINITY) {
                return 1;
            }
            return 0.5 * Math.exp(LogMath.logErfc(-z / Math.sqrt(2)));
        }
    }

    // 5-point Gauss–Legendre nodes and weights on [-1, 1].
    private static final double[] GL_X = {
        -0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640
    };
    private static final double[] GL_W = {
        0.2369268850561891,
        0.4786286704993665,
        0.5688888888888889,
        0.4786286704993665,
        0.2369268850561891
    };

    /** Radix-2 FFT and the k-fold self-convolution of a PMF. */
    static final class Fft {
        private Fft() {}

        static double[] selfConvolve(double[] pmf, int k) {
            long outLen = (long) k * (pmf.length - 1) + 1;
            int n = Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE / 2, outLen)) << 1;
            if (outLen > (1 << 27)) {
                throw new IllegalArgumentException(
                        "PLD grid of " + outLen + " points is too large; use a coarser h");
            }
            double[] re = new double[n];
            double[] im = new double[n];
            System.arraycopy(pmf, 0, re, 0, pmf.length);
            transform(re, im, false);
            for (int i = 0; i < n; i++) {
                double mag = Math.pow(Math.hypot(re[i], im[i]), k);
                double arg = Math.atan2(im[i], re[i]) * k;
                re[i] = mag * Math.cos(arg);
                im[i] = mag * Math.sin(arg);
            }
            transform(re, im, true);
            double[] out = new double[(int) outLen];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0, re[i]); // FFT round-off can leave tiny negatives
            }
            return out;
        }

        static void transform(double[] re, double[] im, boolean inverse) {
            int n = re.length;
            for (int i = 1, j = 0; i < n; i++) {
                int bit = n >> 1;
                for (; (j & bit) != 0; bit >>= 1) {
                    j ^= bit;
                }
                j ^= bit;
                if (i < j) {
                    double t = re[i];
                    re[i] = re[j];
                    re[j] = t;
                    t = im[i];
                    im[i] = im[j];
                    im[j] = t;
                }
            }
            double[] cos = new double[n / 2];
            double[] sin = new double[n / 2];
            for (int j = 0; j < n / 2; j++) {
                cos[j] = Math.cos(2 * Math.PI * j / n);
                sin[j] = (inverse ? 1 : -1) * Math.sin(2 * Math.PI * j / n);
            }
            for (int len = 2; len <= n; len <<= 1) {
                int stride = n / len;
                for (int i = 0; i < n; i += len) {
                    for (int j = 0; j < len / 2; j++) {
                        double wr = cos[j * stride];
                        double wi = sin[j * stride];
                        int a = i + j;
                        int b = a + len / 2;
                        double xr = re[b] * wr - im[b] * wi;
                        double xi = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - xr;
                        im[b] = im[a] - xi;
                        re[a] += xr;
                        im[a] += xi;
                    }
                }
            }
            if (inverse) {
                for (int i = 0; i < n; i++) {
                    re[i] /= n;
                    im[i] /= n;
                }
            }
        }
    }
}
