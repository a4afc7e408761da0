package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;

/**
 * A tensor whose bytes break its encoding's layout (see docs/wire-format.md), with the dead-letter
 * reason that names the broken rule.
 */
public final class TensorFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;

    public TensorFormatException(ReasonCode reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
