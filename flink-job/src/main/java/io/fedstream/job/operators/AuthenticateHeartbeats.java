package io.fedstream.job.operators;

import io.fedstream.job.clientmanager.identity.ClientAuthenticator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import org.apache.flink.util.Collector;

/**
 * {@link AuthenticateClients} for heartbeats: only an enrolled client's own heartbeats register it
 * with the coordinator, which then knows its X25519 key for the selection tags; a revocation
 * deregisters it at once.
 */
public class AuthenticateHeartbeats extends AuthenticateClients<ControlEvent> {
    private static final long serialVersionUID = 1L;

    public AuthenticateHeartbeats(String runId, String modelId, String deadLetterTopic) {
        super(runId, modelId, deadLetterTopic);
    }

    @Override
    ClientAuthenticator.Signed signed(ControlEvent e) {
        return new ClientAuthenticator.Signed(
                "ClientHeartbeat",
                e.clientId,
                e.raw.value,
                e.raw.signature,
                e.raw.timestamp,
                e.runId,
                e.sequence);
    }

    @Override
    void refuse(ControlEvent e, Rejection rejection, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        ctx.output(Tags.DEAD_LETTERS, deadLetters.of(e.raw, rejection, now));
    }

    @Override
    ControlEvent passed(ControlEvent e, Enrollment enrollment) {
        e.raw = null; // verified; the coordinator needs no bytes
        e.agreementKey = enrollment.agreementKey;
        return e;
    }

    @Override
    void revoked(String clientId, Context ctx, Collector<ControlEvent> out) {
        out.collect(ControlEvent.deregister(modelId, clientId));
    }
}
