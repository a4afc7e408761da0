package io.fedstream.contract;

/** A record that cannot be read under the wire contract; {@link #kind()} says why. */
public final class WireFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a record could not be decoded. */
    public enum Kind {
        /** Not Avro single-object encoding, truncated, or corrupt. */
        UNDECODABLE,
        /** Framed correctly, but the schema fingerprint is not one this reader knows. */
        UNKNOWN_SCHEMA
    }

    private final Kind kind;

    public WireFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
