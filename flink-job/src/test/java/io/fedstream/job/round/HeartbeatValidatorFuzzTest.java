package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.RecordGens;
import io.fedstream.contract.fuzz.WireCase;
import org.junit.jupiter.api.Test;

/**
 * {@link HeartbeatValidator#validate} (what {@code DecodeHeartbeats} does with each record) on
 * generated and mutated heartbeats: it never throws; it returns a heartbeat of this job's model
 * with a valid client id, a rejection with a reason, or nothing for another model; a generated
 * heartbeat of the usual ids comes out with its client id and sample count.
 */
class HeartbeatValidatorFuzzTest {
    private static final String MODEL = "fuzz-model";

    @Test
    void everyHeartbeatIsTakenRejectedOrIgnoredAsAnotherModels() {
        WireCodec<ClientHeartbeat> codec = Codecs.heartbeat();
        HeartbeatValidator validator = new HeartbeatValidator(MODEL);
        Fuzz.check(
                "HeartbeatValidator.validate",
                WireCase.of(
                        codec.schema(),
                        d -> RecordGens.heartbeat(d, MODEL, "client-7"),
                        codec::encode),
                c -> {
                    HeartbeatValidator.Outcome out =
                            Checks.call(c.input().length, () -> validator.validate(c.input()))
                                    .value();
                    assertThat(out.accepted() != null && out.rejection() != null).isFalse();
                    if (out.accepted() != null) {
                        assertThat(out.accepted().modelId).isEqualTo(MODEL);
                        assertThat(IdRules.violation("client_id", out.accepted().clientId))
                                .isNull();
                    }
                    if (out.rejection() != null) {
                        assertThat(out.rejection().reason())
                                .isIn(
                                        ReasonCode.UNDECODABLE,
                                        ReasonCode.UNKNOWN_SCHEMA,
                                        ReasonCode.BAD_ID);
                        assertThat(out.rejection().detail()).isNotBlank();
                    }
                    ClientHeartbeat hb = c.sample();
                    if (c.mutated() == null) {
                        boolean ours = hb.getModelId().equals(MODEL);
                        assertThat(out.ignored()).isEqualTo(!ours);
                        if (ours && hb.getClientId().equals("client-7")) {
                            assertThat(out.accepted().clientId).isEqualTo("client-7");
                            assertThat(out.accepted().numSamples).isEqualTo(hb.getNumSamples());
                        }
                    }
                });
    }
}
