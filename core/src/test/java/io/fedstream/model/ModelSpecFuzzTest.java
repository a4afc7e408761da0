package io.fedstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.contract.Topics;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Checks.Call;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link ModelSpec#parse} on the spec strings a GlobalModel may carry (the edge and the evaluator
 * parse {@code model_spec} off the wire): it returns a spec whose parameter count is the exact sum
 * of its layers' and fits a record, or throws IllegalArgumentException.
 */
class ModelSpecFuzzTest {
    private static final long MAX_PARAMS =
            (Topics.MAX_MESSAGE_BYTES - Topics.RECORD_OVERHEAD_BYTES) / Float.BYTES;

    @Test
    void parsesToAnExactParameterCountOrIsRefused() {
        Gen<String> specs =
                in -> {
                    Draw d = new Draw(in);
                    // Sizes from one seed: QuickTheories skips an example whose draws repeat an
                    // earlier one's, and the space of a few choices each is small.
                    SplittableRandom rng = d.rng();
                    String[] odd = {"0", "-1", "", "+5", " 7", "1e3", "0x10", "x", "2147483648"};
                    String[] big = {"2147483647", "2147483646", "1073741824", "65536", "46341"};
                    boolean allBig = rng.nextInt(8) == 0; // products summing past 2^63
                    List<String> sizes = new ArrayList<>();
                    int n = rng.nextInt(7);
                    for (int i = 0; i < n; i++) {
                        sizes.add(
                                switch (allBig ? 4 : rng.nextInt(4)) {
                                    case 4 -> big[rng.nextInt(big.length)];
                                    case 0 -> Long.toString(Values.extremeLong(d));
                                    case 1 -> odd[rng.nextInt(odd.length)];
                                    case 2 -> Integer.toString(rng.nextInt(1, 1_000));
                                    default -> Integer.toString(rng.nextInt(1, Integer.MAX_VALUE));
                                });
                    }
                    return d.pick(
                                    "mlp",
                                    "logreg",
                                    "MLP",
                                    " mlp",
                                    "cnn",
                                    "",
                                    "mlp\u0000",
                                    "\u202emlp")
                            + d.pick(":", ":", "::", "")
                            + String.join(d.oneIn(8) ? "--" : "-", sizes);
                };
        Fuzz.check(
                "ModelSpec.parse",
                specs,
                s -> {
                    Call<ModelSpec> call =
                            Checks.call(
                                    2 * s.length(),
                                    () -> ModelSpec.parse(s),
                                    IllegalArgumentException.class);
                    if (call.returned()) {
                        ModelSpec spec = call.value();
                        BigInteger exact = exactCount(spec);
                        assertThat(BigInteger.valueOf(spec.numParameters())).isEqualTo(exact);
                        assertThat(exact).isLessThanOrEqualTo(BigInteger.valueOf(MAX_PARAMS));
                        assertThat(s.trim().toLowerCase(Locale.ROOT))
                                .startsWith(
                                        spec.toString().substring(0, spec.toString().indexOf(':')));
                    }
                });
    }

    /**
     * Four layers of 2^31 - 1: three products of 2^62 each summed past 2^63 and wrapped to a count
     * under the limit, so the spec was taken with a wrong parameter count and offsets that overflow
     * an int.
     */
    @Test
    void layerSizesWhoseParameterCountWrapsAroundAreRefused() {
        assertThatThrownBy(() -> ModelSpec.parse("mlp:2147483647-2147483647-2147483647-2147483647"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has more than 2^63 parameters");
    }

    /** The parameter count from the spec's own numbers: kernels and biases, then dense layers. */
    private static BigInteger exactCount(ModelSpec spec) {
        int[] sizes = spec.layerSizes();
        BigInteger total = BigInteger.ZERO;
        if (spec.convolutional()) {
            String[] v = spec.toString().substring(4).split("-");
            long side = Long.parseLong(v[0]);
            long k = Long.parseLong(v[1]);
            BigInteger c1 = new BigInteger(v[2]);
            BigInteger c2 = new BigInteger(v[3]);
            BigInteger k2 = BigInteger.valueOf(k * k);
            total = k2.multiply(c1).add(c1).add(k2.multiply(c1).multiply(c2)).add(c2);
            long pooled = ((side - k + 1) / 2 - k + 1) / 2;
            assertThat(BigInteger.valueOf(sizes[0]))
                    .isEqualTo(c2.multiply(BigInteger.valueOf(pooled * pooled)));
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            BigInteger out = BigInteger.valueOf(sizes[l + 1]);
            total = total.add(BigInteger.valueOf(sizes[l]).multiply(out)).add(out);
        }
        return total;
    }
}
