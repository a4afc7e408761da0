package io.fedstream.edge.identity;

import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities of edge clients in a folder: client {@code ID}'s private key file is {@code
 * DIR/ID.key} (0600), its public file {@code DIR/ID.pub}, the one the operator enrolls with the job
 * ({@link IdentityFiles}).
 */
public final class ClientIdentities {
    private static final Logger LOG = LoggerFactory.getLogger(ClientIdentities.class);

    private ClientIdentities() {}

    /** Client {@code clientId}'s key file in {@code dir}. */
    public static Path keyFile(Path dir, String clientId) {
        return dir.resolve(clientId + ".key");
    }

    /** Client {@code clientId}'s public file in {@code dir}, the one to enroll. */
    public static Path publicFile(Path dir, String clientId) {
        return IdentityFiles.publicFileOf(keyFile(dir, clientId));
    }

    /**
     * The identities of {@code clientIds}, by id in the given order, read from {@code dir}; a
     * client without a key file gets a new identity from {@code random}, written there (key file
     * 0600 and {@code .pub}) and logged with the {@code .pub} to enroll. Until the job has enrolled
     * that {@code .pub}, it refuses the client's records.
     */
    public static Map<String, Identity> loadOrCreate(
            Path dir, Collection<String> clientIds, SecureRandom random) {
        Map<String, Identity> out = new LinkedHashMap<>();
        for (String id : clientIds) {
            Path file = keyFile(dir, id);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                out.put(id, read(file, id));
            } else {
                Identity identity = Identity.generate(id, random);
                IdentityFiles.write(identity, file);
                LOG.warn(
                        "{}: new identity (key {}) in {}; enroll {} with the job",
                        id,
                        identity.publicIdentity().keyId(),
                        file,
                        publicFile(dir, id));
                out.put(id, identity);
            }
        }
        return out;
    }

    /**
     * The identities of {@code clientIds} from {@code dir}, each of which must exist.
     *
     * @throws IllegalArgumentException naming every client without a key file
     */
    public static Map<String, Identity> load(Path dir, Collection<String> clientIds) {
        List<String> missing = new ArrayList<>();
        for (String id : clientIds) {
            if (!Files.exists(keyFile(dir, id), LinkOption.NOFOLLOW_LINKS)) {
                missing.add(keyFile(dir, id).toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "no identity for "
                            + missing.size()
                            + " client(s): missing "
                            + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                            + (missing.size() > 5 ? ", ..." : ""));
        }
        Map<String, Identity> out = new LinkedHashMap<>();
        for (String id : clientIds) {
            out.put(id, read(keyFile(dir, id), id));
        }
        return out;
    }

    private static Identity read(Path file, String clientId) {
        Identity identity = IdentityFiles.read(file);
        String name = identity.publicIdentity().name();
        if (!name.equals(clientId)) {
            throw new IllegalArgumentException(
                    file + " is the identity of " + name + ", expected " + clientId);
        }
        return identity;
    }
}
