package io.fedstream.job.config;

/**
 * The values of {@code --starting-offsets}: where a fresh job starts reading its inputs. {@link
 * #toString()} is the value users type (see {@link Aggregator} for why).
 */
public enum StartingOffsets {
    LATEST("latest"),
    EARLIEST("earliest");

    private final String value;

    StartingOffsets(String value) {
        this.value = value;
    }

    /**
     * The position named {@code value} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static StartingOffsets parse(String value) {
        return FlagEnums.parse(StartingOffsets.class, KafkaOptions.STARTING_OFFSETS.key(), value);
    }

    @Override
    public String toString() {
        return value;
    }
}
