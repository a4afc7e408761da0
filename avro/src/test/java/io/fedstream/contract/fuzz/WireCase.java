package io.fedstream.contract.fuzz;

import io.fedstream.contract.fuzz.Mutators.Mutated;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.quicktheories.core.Gen;

/**
 * A generated sample (a record, perhaps with what it should decode to), its valid encoding, and
 * (most often) a mutation of that encoding.
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
     * single-object encoding) and then, seven times in eight, mutated, aiming at its fields through
     * {@link AvroLayout}.
     */
    public static <S> Gen<WireCase<S>> of(
            Schema schema, Function<Draw, S> samples, Function<S, byte[]> encode) {
        return of(schema, samples, encode, 8);
    }

    /**
     * As {@link #of(Schema, Function, Function)}, but one case in {@code unmutatedOneIn} keeps its
     * valid bytes: for samples that carry their own (well-framed) faults, such as a mutated tensor,
     * which byte mutations would mostly hide behind an undecodable frame.
     */
    public static <S> Gen<WireCase<S>> of(
            Schema schema,
            Function<Draw, S> samples,
            Function<S, byte[]> encode,
            int unmutatedOneIn) {
        return in -> {
            Draw d = new Draw(in);
            S sample = samples.apply(d);
            byte[] valid = encode.apply(sample);
            if (d.oneIn(unmutatedOneIn)) {
                return new WireCase<>(sample, valid, null);
            }
            return new WireCase<>(
                    sample, valid, Mutators.mutate(d, valid, AvroLayout.of(schema, valid)));
        };
    }
}
