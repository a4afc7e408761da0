package io.fedstream.edge.identity;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.identity.RecordSigner;
import java.time.Clock;

/**
 * The one place where a client's record becomes the bytes it sends: with authentication on, it
 * stamps the record with the run id and the next {@link SequenceCounter sequence}, encodes it, and
 * signs exactly those bytes ({@code io.fedstream.identity.SignedRecords}); off, it only encodes.
 * Everything that changes an update (the attack simulation, local DP, compression) runs before, so
 * the signature covers what the job receives.
 *
 * <p>Thread-safe: heartbeats come from the poll loop, updates from training threads.
 */
public final class RecordSealer {
    /**
     * A record ready to send.
     *
     * @param value the Kafka record's value
     * @param signature its 64-byte signature, null when unsigned
     * @param signer the signing key's id, null when unsigned
     */
    public record Sealed(byte[] value, byte[] signature, String signer) {
        public boolean signed() {
            return signature != null;
        }
    }

    private final WireCodec<ModelUpdate> updateCodec = Codecs.modelUpdate();
    private final WireCodec<ClientHeartbeat> heartbeatCodec = Codecs.heartbeat();
    private final ClientAuth auth; // null: unsigned
    private final RecordSigner signer;
    private final SequenceCounter sequence;

    private RecordSealer(ClientAuth auth, Clock clock) {
        this.auth = auth;
        this.signer = auth == null ? null : auth.identity().signer();
        this.sequence = auth == null ? null : new SequenceCounter(clock);
    }

    /** Encodes records as they are: no run id, no sequence, no signature. */
    public static RecordSealer unsigned() {
        return new RecordSealer(null, null);
    }

    /**
     * Stamps and signs records as {@code auth} says.
     *
     * @param clock the source of the sequence numbers
     */
    public static RecordSealer signing(ClientAuth auth, Clock clock) {
        if (auth == null) {
            throw new IllegalArgumentException("signing needs a ClientAuth");
        }
        return new RecordSealer(auth, clock);
    }

    /** Whether records are signed. */
    public boolean signing() {
        return auth != null;
    }

    /** Seals {@code update}; with authentication on it sets its run_id and sequence first. */
    public synchronized Sealed update(ModelUpdate update) {
        if (auth == null) {
            return new Sealed(updateCodec.encode(update), null, null);
        }
        update.setRunId(auth.runId());
        update.setSequence(sequence.next());
        return sign("ModelUpdate", updateCodec.encode(update));
    }

    /** Seals {@code heartbeat}; with authentication on it sets its run_id and sequence first. */
    public synchronized Sealed heartbeat(ClientHeartbeat heartbeat) {
        if (auth == null) {
            return new Sealed(heartbeatCodec.encode(heartbeat), null, null);
        }
        heartbeat.setRunId(auth.runId());
        heartbeat.setSequence(sequence.next());
        return sign("ClientHeartbeat", heartbeatCodec.encode(heartbeat));
    }

    private Sealed sign(String recordType, byte[] value) {
        return new Sealed(value, signer.sign(recordType, value), signer.keyId());
    }
}
