package io.fedstream.testkit;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * FedAvg recomputed from the update log, independently of the job, for the end-to-end tests: what a
 * published version must equal, and how far two published models are apart.
 */
public final class RoundChecks {
    private RoundChecks() {}

    /**
     * What FedAvg makes of one round: the previous parameters plus the num_samples-weighted mean of
     * the round's deltas.
     *
     * @param expected the parameters the round's version must have
     * @param updates how many updates went into the mean
     * @param samples their num_samples summed (the version's total_samples)
     */
    public record FedAvgRound(long round, double[] expected, int updates, long samples) {
        /** The largest |published - expected| over the parameters of {@code published}. */
        public double maxError(GlobalModel published) {
            float[] actual = TensorCodec.values(published.getParameters());
            if (actual.length != expected.length) {
                throw new AssertionError(
                        "version "
                                + published.getVersion()
                                + " has "
                                + actual.length
                                + " parameters vs "
                                + expected.length
                                + " expected");
            }
            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
            return max;
        }
    }

    /**
     * FedAvg of {@code round} from {@code log}: the updates for that round built on version round -
     * 1, each client's first one in log order (as the job admits them), weighted by num_samples,
     * added to {@code previous}. A round with no such update leaves the model unchanged.
     */
    public static FedAvgRound fedAvg(List<ModelUpdate> log, long round, GlobalModel previous) {
        float[] before = TensorCodec.values(previous.getParameters());
        double[] sum = new double[before.length];
        long weight = 0;
        Set<String> seen = new HashSet<>();
        for (ModelUpdate u : log) {
            if (u.getRound() != round
                    || u.getBaseVersion() != round - 1
                    || !seen.add(u.getClientId())) {
                continue;
            }
            float[] delta = TensorCodec.values(u.getDelta());
            for (int i = 0; i < delta.length; i++) {
                sum[i] += u.getNumSamples() * (double) delta[i];
            }
            weight += u.getNumSamples();
        }
        double[] expected = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            expected[i] = before[i] + (weight == 0 ? 0 : sum[i] / weight);
        }
        return new FedAvgRound(round, expected, seen.size(), weight);
    }

    /** The largest |a - b| over the parameters of two models. */
    public static double maxDifference(GlobalModel a, GlobalModel b) {
        float[] x = TensorCodec.values(a.getParameters());
        float[] y = TensorCodec.values(b.getParameters());
        if (x.length != y.length) {
            throw new AssertionError("parameter counts " + x.length + " vs " + y.length);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    /**
     * SHA-256 of a model's parameter encoding, shapes and bytes, in hex: equal for two models whose
     * parameters are equal bit for bit.
     */
    public static String parameterDigest(GlobalModel m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(
                    (m.getParameters().getEncoding() + "|" + m.getParameters().getShapes())
                            .getBytes(StandardCharsets.UTF_8));
            sha.update(m.getParameters().getData().duplicate());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
