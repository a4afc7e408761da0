package io.fedstream.job.types;

import io.fedstream.avro.ReasonCode;

/** Why a record was refused, in words that name the value and what was expected. */
public record Rejection(ReasonCode reason, String detail, String clientId, Long round) {}
