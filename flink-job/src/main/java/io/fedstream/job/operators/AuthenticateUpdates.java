package io.fedstream.job.operators;

import io.fedstream.job.clientmanager.identity.ClientAuthenticator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.ValidatedUpdate;

/**
 * {@link AuthenticateClients} for model updates. A refused update is counted in the round's metrics
 * but never counts as its client's answer: a forged update under a selected client's id must not
 * stand in for the genuine one.
 */
public class AuthenticateUpdates extends AuthenticateClients<ValidatedUpdate> {
    private static final long serialVersionUID = 1L;

    public AuthenticateUpdates(String runId, String modelId, String deadLetterTopic) {
        super(runId, modelId, deadLetterTopic);
    }

    @Override
    ClientAuthenticator.Signed signed(ValidatedUpdate u) {
        return new ClientAuthenticator.Signed(
                "ModelUpdate",
                u.clientId,
                u.raw.value,
                u.raw.signature,
                u.raw.timestamp,
                u.runId,
                u.sequence);
    }

    @Override
    void refuse(ValidatedUpdate u, Rejection rejection, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        ctx.output(Tags.DEAD_LETTERS, deadLetters.of(u.raw, rejection, now));
        ctx.output(
                Tags.REJECTIONS,
                ControlEvent.rejected(modelId, u.clientId, rejection.reason().name()).at(u.raw));
    }

    @Override
    ValidatedUpdate passed(ValidatedUpdate u, Enrollment enrollment) {
        return u;
    }
}
