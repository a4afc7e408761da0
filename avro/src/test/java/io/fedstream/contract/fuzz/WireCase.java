package io.fedstream.contract.fuzz;

import io.fedstream.contract.fuzz.Mutators.Mutated;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.quicktheories.core.Gen;

/**
 * A generated sample (a record, perhaps with what it should decode to), its valid encoding, and
 * (seven times in eight) a mutation of that encoding.
 *
 * @param mutated null for an unmutated case, whose input is {@code valid}
 */
public record WireCase<S>(S sample, byte[] valid, Mutated mutated) {

    /** The bytes to feed the reader. */
    public byte[] input() {
        return mutated == null ? valid : mutated.bytes();
    }

    @Override
    public String toString() {
        return mutated == null ? "valid " + Hex.literal(valid) : mutated.toString();
    }

    /**
     * Cases from {@code samples}: each encoded with {@code encode} (a record of {@code schema}, in
     * single-object encoding) and then mutated, aiming at its fields through {@link AvroLayout}.
     */
    public static <S> Gen<WireCase<S>> of(
            Schema schema, Function<Draw, S> samples, Function<S, byte[]> encode) {
        return in -> {
            Draw d = new Draw(in);
            S sample = samples.apply(d);
            byte[] valid = encode.apply(sample);
            if (d.oneIn(8)) {
                return new WireCase<>(sample, valid, null);
            }
            return new WireCase<>(
                    sample, valid, Mutators.mutate(d, valid, AvroLayout.of(schema, valid)));
        };
    }
}
