package io.fedstream.edge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ModelUpdate;
import org.junit.jupiter.api.Test;

class PublishStageTest {
    private final FakePublisher publisher = new FakePublisher();
    private final PublishStage publish = new PublishStage("client-0007", publisher);
    private final EncodeStage encode = new EncodeStage("client-0007", "m");

    @Test
    void handsTheEncodedUpdateToThePublisher() {
        LocalUpdate update = Updates.update(3);
        ModelUpdate message = encode.apply(update);

        assertThat(publish.apply(update, message)).isTrue();
        assertThat(publisher.published()).containsExactly(message);
    }

    @Test
    void reportsNotSentOnceThePublisherIsClosed() {
        publisher.close();
        LocalUpdate update = Updates.update(3).withNote("sign-flip");

        assertThat(publish.apply(update, encode.apply(update))).isFalse();
        assertThat(publisher.published()).isEmpty();
    }
}
