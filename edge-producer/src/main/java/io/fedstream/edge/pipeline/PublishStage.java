package io.fedstream.edge.pipeline;

import io.fedstream.avro.ModelUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage: hands the encoded update to the {@link UpdatePublisher} and logs what was sent.
 * An update carrying a {@link LocalUpdate#note() note} is logged at WARN, so that the demo's log
 * shows every malicious update of a simulation and who sent it.
 */
public final class PublishStage {
    private static final Logger LOG = LoggerFactory.getLogger(PublishStage.class);

    private final String clientId;
    private final UpdatePublisher publisher;

    public PublishStage(String clientId, UpdatePublisher publisher) {
        this.clientId = clientId;
        this.publisher = publisher;
    }

    public String name() {
        return "publish";
    }

    /**
     * Publishes {@code message}, the encoding of {@code update}.
     *
     * @return whether it was sent (false if the client is closing)
     */
    public boolean apply(LocalUpdate update, ModelUpdate message) {
        if (!publisher.publish(message)) {
            return false;
        }
        RoundWork work = update.work();
        if (update.note() != null) {
            LOG.warn(
                    "{}: BYZANTINE round {} from version {}: {} ({} examples claimed)",
                    clientId,
                    work.round(),
                    work.baseVersion(),
                    update.note(),
                    update.numSamples());
        } else {
            LOG.info(
                    "{}: round {} from version {}: loss {}, {} examples, {} ms",
                    clientId,
                    work.round(),
                    work.baseVersion(),
                    String.format("%.4f", update.loss()),
                    update.numSamples(),
                    update.timeMs());
        }
        return true;
    }
}
