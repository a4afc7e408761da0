package io.fedstream.job.config;

/**
 * The values of {@code --aggregator}: FedAvg and the Byzantine-robust rules. A constant's {@link
 * #toString()} is the value users type; Flink's {@code enumType} options match it
 * case-insensitively, so {@code --aggregator multi-krum} selects {@link #MULTI_KRUM}.
 */
public enum Aggregator {
    FEDAVG("fedavg"),
    MEDIAN("median"),
    TRIMMED_MEAN("trimmed-mean"),
    KRUM("krum"),
    MULTI_KRUM("multi-krum"),
    BULYAN("bulyan"),
    GEOMED("geomed"),
    CENTERED_CLIPPING("centered-clipping");

    private final String value;

    Aggregator(String value) {
        this.value = value;
    }

    /**
     * The rule named {@code value} as users type it (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Aggregator parse(String value) {
        return FlagEnums.parse(Aggregator.class, AggregationOptions.AGGREGATOR.key(), value);
    }

    @Override
    public String toString() {
        return value;
    }
}
