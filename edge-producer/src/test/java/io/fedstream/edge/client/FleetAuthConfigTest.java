package io.fedstream.edge.client;

import static io.fedstream.edge.TestIdentities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fleet with client authentication: one identity per client of the slice. */
class FleetAuthConfigTest {
    private final PublicIdentity job = identity("job", 100).publicIdentity();

    private static FleetConfig.Builder fleet() {
        return FleetConfig.builder()
                .numClients(10)
                .firstClient(2)
                .clientCount(3)
                .client(EdgeClientConfig.builder().bootstrapServers("b:9092").modelId("m"));
    }

    private static Map<String, Identity> identities(int from, int to) {
        Map<String, Identity> out = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            out.put(FleetConfig.clientId(i), identity(FleetConfig.clientId(i), i));
        }
        return out;
    }

    @Test
    void eachClientOfTheSliceSignsWithItsOwnIdentity() {
        Map<String, Identity> ids = identities(2, 5);
        FleetConfig config = fleet().auth(job, "run-1", ids).build();

        assertThat(config.authenticated()).isTrue();
        ClientAuth a3 = config.clientConfig(3).auth();
        assertThat(a3.identity()).isSameAs(ids.get("client-0003"));
        assertThat(a3.job()).isEqualTo(job);
        assertThat(a3.runId()).isEqualTo("run-1");
        assertThat(config.clientConfig(4).auth().identity()).isSameAs(ids.get("client-0004"));
        assertThat(config.toString()).contains("run-1").doesNotContain("private=");
    }

    @Test
    void withoutAuthNoClientHasAuth() {
        FleetConfig config = fleet().build();
        assertThat(config.authenticated()).isFalse();
        assertThat(config.clientConfig(3).auth()).isNull();
    }

    @Test
    void buildNamesTheClientsOfTheSliceWithoutIdentity() {
        Map<String, Identity> ids = identities(2, 3);
        assertThatThrownBy(() -> fleet().auth(job, "run-1", ids).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no identity for 2 client(s) of the slice")
                .hasMessageContaining("client-0003, client-0004");
    }

    @Test
    void buildRefusesAnIdentityOfAnotherNameAndAMissingRunOrJob() {
        Map<String, Identity> ids = identities(2, 5);
        ids.put("client-0003", identity("client-0009", 9));
        assertThatThrownBy(() -> fleet().auth(job, "run-1", ids).build())
                .hasMessageContaining("the identity given for client-0003 is named client-0009");
        assertThatThrownBy(() -> fleet().auth(job, " ", identities(2, 5)).build())
                .hasMessageContaining("auth: missing runId");
        assertThatThrownBy(() -> fleet().auth(null, "run-1", identities(2, 5)).build())
                .hasMessageContaining("auth: missing the job's public identity");
    }

    @Test
    void aClientConfigWithTheIdentityOfAnotherClientIsRefused() {
        ClientAuth other = new ClientAuth(identity("client-0007", 7), job, "run-1");
        assertThatThrownBy(
                        () ->
                                EdgeClientConfig.builder()
                                        .bootstrapServers("b")
                                        .modelId("m")
                                        .clientId("client-0001")
                                        .auth(other)
                                        .build())
                .hasMessageContaining("auth is the identity of client-0007")
                .hasMessageContaining("client-0001");
    }
}
