package io.fedstream.job.clientmanager.guard;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.ValidatedUpdate;
import java.io.Serializable;
import java.util.Locale;

/**
 * The client guard's rules, as plain Java over one client's {@link ClientRecord}. In order:
 *
 * <ol>
 *   <li>QUARANTINED: the client is serving a quarantine (K rounds after its A-th anomaly).
 *   <li>DUPLICATE: the client already had an update judged in this round (one per client per
 *       round).
 *   <li>REPLAYED: the delta's content hash equals one of the client's last W updates (an old update
 *       sent again for a new round; an all-zero "free rider" delta also repeats).
 *   <li>ANOMALOUS_UPDATE (only with anomaly detection on, and once the previous aggregate delta g
 *       is known): cos(u, g) &lt; c_min, or ‖u‖ &gt; κ·‖g‖. A sign-flipped update has the negated
 *       cosine of an honest one; a scaled (boosted) one has a norm many times the aggregate's.
 *       Honest non-IID updates point roughly along g (cosine mostly above 0) and their norms are a
 *       small multiple of ‖g‖ (averaging shrinks norms by at most about √n for uncorrelated
 *       updates), so the defaults c_min = −0.2 and κ = 5 leave them room.
 * </ol>
 *
 * Every judged update (accepted or anomalous) updates the EWMAs of norm and cosine and the
 * reputation (an EWMA of "normal"), with weight λ for the newest update. Sparse deltas (top-k) are
 * judged alike: their norm is that of their non-zero values, their cosine is taken against the
 * aggregate's coordinates at their indices, and their content hash covers indices and values.
 *
 * <p>The caller decides whether the changed record is kept: the client guard keeps it only for
 * updates of a published round task that selected the client.
 */
public final class GuardPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean detectAnomalies;
    private final double minCosine;
    private final double normFactor;
    private final double ewmaWeight;
    private final int anomalyLimit;
    private final int quarantineRounds;
    private final int replayWindow;

    public GuardPolicy(
            boolean detectAnomalies,
            double minCosine,
            double normFactor,
            double ewmaWeight,
            int anomalyLimit,
            int quarantineRounds,
            int replayWindow) {
        this.detectAnomalies = detectAnomalies;
        this.minCosine = minCosine;
        this.normFactor = normFactor;
        this.ewmaWeight = ewmaWeight;
        this.anomalyLimit = anomalyLimit;
        this.quarantineRounds = quarantineRounds;
        this.replayWindow = replayWindow;
    }

    public static GuardPolicy of(JobConfig config) {
        return new GuardPolicy(
                config.get(GuardOptions.GUARD_ANOMALY_DETECTION),
                config.get(GuardOptions.GUARD_MIN_COSINE),
                config.get(GuardOptions.GUARD_NORM_FACTOR),
                config.get(GuardOptions.GUARD_EWMA_WEIGHT),
                config.get(GuardOptions.GUARD_ANOMALY_LIMIT),
                config.get(GuardOptions.GUARD_QUARANTINE_ROUNDS),
                config.get(GuardOptions.GUARD_REPLAY_WINDOW));
    }

    /**
     * Judges {@code u} and updates {@code record}.
     *
     * @param aggregate the previous aggregate delta g (global model v minus v−1), or null if
     *     unknown
     * @return null to pass the update on, else the rejection
     */
    public Rejection judge(ClientRecord record, ValidatedUpdate u, float[] aggregate) {
        if (u.round <= record.quarantinedThrough) {
            return reject(
                    u,
                    ReasonCode.QUARANTINED,
                    "client "
                            + u.clientId
                            + " is quarantined through round "
                            + record.quarantinedThrough);
        }
        if (u.round == record.lastRound) {
            return reject(
                    u,
                    ReasonCode.DUPLICATE,
                    "client " + u.clientId + " already sent an update for round " + u.round);
        }
        long hash = u.indices == null ? contentHash(u.values) : contentHash(u.indices, u.values);
        if (seen(record, hash)) {
            return reject(
                    u,
                    ReasonCode.REPLAYED,
                    "the delta of client "
                            + u.clientId
                            + " for round "
                            + u.round
                            + " repeats one of its last "
                            + replayWindow
                            + " updates");
        }
        remember(record, hash);
        record.lastRound = Math.max(record.lastRound, u.round);
        record.updates++;

        double norm = Math.sqrt(dot(u.values, u.values));
        record.normEwma = ewma(record.normEwma, norm);
        String anomaly = null;
        if (aggregate != null && comparable(u, aggregate)) {
            double aggNorm = Math.sqrt(dot(aggregate, aggregate));
            if (aggNorm > 0) {
                double cosine = norm == 0 ? 0 : dotWith(u, aggregate) / (norm * aggNorm);
                record.cosineEwma = ewma(record.cosineEwma, cosine);
                if (detectAnomalies && cosine < minCosine) {
                    anomaly =
                            String.format(
                                    Locale.ROOT,
                                    "cosine to the previous aggregate %.3f < %.3f",
                                    cosine,
                                    minCosine);
                } else if (detectAnomalies && norm > normFactor * aggNorm) {
                    anomaly =
                            String.format(
                                    Locale.ROOT,
                                    "norm %.4g > %.3g x the previous aggregate's %.4g",
                                    norm,
                                    normFactor,
                                    aggNorm);
                }
            }
        }
        record.reputation =
                (1 - ewmaWeight) * record.reputation + ewmaWeight * (anomaly == null ? 1 : 0);
        if (anomaly == null) {
            return null;
        }
        record.anomalies++;
        String detail =
                String.format(
                        Locale.ROOT,
                        "client %s round %d: %s (anomaly %d of %d, reputation %.3f)",
                        u.clientId,
                        u.round,
                        anomaly,
                        record.anomalies,
                        anomalyLimit,
                        record.reputation);
        if (record.anomalies >= anomalyLimit && quarantineRounds > 0) {
            record.quarantinedThrough = u.round + quarantineRounds;
            record.quarantines++;
            record.anomalies = 0;
            detail += "; quarantined through round " + record.quarantinedThrough;
        }
        return reject(u, ReasonCode.ANOMALOUS_UPDATE, detail);
    }

    private double ewma(double previous, double value) {
        return Double.isNaN(previous) ? value : (1 - ewmaWeight) * previous + ewmaWeight * value;
    }

    private static boolean seen(ClientRecord record, long hash) {
        for (long h : record.recentHashes) {
            if (h == hash) {
                return true;
            }
        }
        return false;
    }

    private void remember(ClientRecord record, long hash) {
        if (replayWindow == 0) {
            return;
        }
        if (record.recentHashes.length < replayWindow) {
            long[] grown =
                    java.util.Arrays.copyOf(record.recentHashes, record.recentHashes.length + 1);
            grown[grown.length - 1] = hash;
            record.recentHashes = grown;
            record.nextHash = grown.length % replayWindow;
            return;
        }
        record.recentHashes[record.nextHash] = hash;
        record.nextHash = (record.nextHash + 1) % replayWindow;
    }

    /** 64-bit FNV-1a over the IEEE bits of the values (collisions are astronomically unlikely). */
    public static long contentHash(float[] values) {
        long h = 0xcbf29ce484222325L;
        for (float v : values) {
            int bits = Float.floatToIntBits(v);
            for (int b = 0; b < 4; b++) {
                h ^= (bits >>> (8 * b)) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    /**
     * 64-bit FNV-1a over the little-endian bytes of each (index, value bits) pair of a sparse
     * delta, so a sparse delta never shares a hash with the dense one of the same values.
     */
    public static long contentHash(int[] indices, float[] values) {
        long h = 0xcbf29ce484222325L;
        for (int j = 0; j < values.length; j++) {
            h = fnv(h, indices[j]);
            h = fnv(h, Float.floatToIntBits(values[j]));
        }
        return h;
    }

    private static long fnv(long h, int word) {
        for (int b = 0; b < 4; b++) {
            h ^= (word >>> (8 * b)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Whether {@code u} has the aggregate's dimension (dense) or indices within it (sparse). */
    private static boolean comparable(ValidatedUpdate u, float[] aggregate) {
        if (u.indices == null) {
            return u.values.length == aggregate.length;
        }
        return u.indices.length == 0 || u.indices[u.indices.length - 1] < aggregate.length;
    }

    /** u · g, with a sparse u's zero coordinates skipped (its indices are strictly increasing). */
    private static double dotWith(ValidatedUpdate u, float[] g) {
        if (u.indices == null) {
            return dot(u.values, g);
        }
        double s = 0;
        for (int j = 0; j < u.values.length; j++) {
            s += (double) u.values[j] * g[u.indices[j]];
        }
        return s;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static Rejection reject(ValidatedUpdate u, ReasonCode reason, String detail) {
        return new Rejection(reason, detail, u.clientId, u.round);
    }
}
