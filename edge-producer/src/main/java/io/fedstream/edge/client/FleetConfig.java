package io.fedstream.edge.client;

import io.fedstream.edge.Seeds;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.data.Partitioner;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Immutable settings of a {@link Fleet}: the client population and how its data is split, which
 * slice of it this process runs, and the settings every client shares.
 *
 * <p>A population of {@code numClients} clients is partitioned once (seeded, so every process
 * computes the same split); a process runs clients {@code firstClient .. firstClient + clientCount
 * - 1}. Client {@code i} is named {@link #clientId(int) client-000i}, owns partition {@code i} and
 * has seed {@code Seeds.derive(clientSeed, i)}.
 *
 * <p>With authentication ({@link Builder#auth}) every client of the slice has its own {@link
 * Identity} and gets a {@link ClientAuth} with it, the job's public identity and the run id.
 */
public final class FleetConfig {
    public static final int DEFAULT_TRAINING_THREADS = 2;

    private final int numClients;
    private final Double alpha;
    private final int minPartitionSize;
    private final long partitionSeed;
    private final long clientSeed;
    private final int trainingThreads;
    private final int firstClient;
    private final int clientCount;
    private final EdgeClientConfig clientTemplate;
    private final AttackConfig attack;
    private final PublicIdentity jobIdentity; // null: authentication off
    private final String runId;
    private final Map<String, Identity> identities;

    private FleetConfig(Builder b, int clientCount, EdgeClientConfig clientTemplate) {
        this.numClients = b.numClients;
        this.alpha = b.alpha;
        this.minPartitionSize = b.minPartitionSize;
        this.partitionSeed = b.partitionSeed;
        this.clientSeed = b.clientSeed;
        this.trainingThreads = b.trainingThreads;
        this.firstClient = b.firstClient;
        this.clientCount = clientCount;
        this.clientTemplate = clientTemplate;
        this.attack = b.attack;
        this.jobIdentity = b.jobIdentity;
        this.runId = b.runId;
        this.identities = Map.copyOf(b.identities);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id of client {@code index}: {@code client-0000}, {@code client-0001}, … */
    public static String clientId(int index) {
        return String.format(Locale.ROOT, "client-%04d", index);
    }

    /** Size of the population the data is partitioned for. */
    public int numClients() {
        return numClients;
    }

    /** Dirichlet concentration of the label skew; null for an IID split. */
    public Double alpha() {
        return alpha;
    }

    public int minPartitionSize() {
        return minPartitionSize;
    }

    public long partitionSeed() {
        return partitionSeed;
    }

    public long clientSeed() {
        return clientSeed;
    }

    public int trainingThreads() {
        return trainingThreads;
    }

    /** Index of the first client this process runs. */
    public int firstClient() {
        return firstClient;
    }

    /** How many clients this process runs. */
    public int clientCount() {
        return clientCount;
    }

    /** The shared client settings (with the first client's id and seed). */
    public EdgeClientConfig clientTemplate() {
        return clientTemplate;
    }

    /** The simulated attack ({@link AttackConfig#none()} by default). */
    public AttackConfig attack() {
        return attack;
    }

    /** Whether the clients authenticate ({@link Builder#auth}). */
    public boolean authenticated() {
        return jobIdentity != null;
    }

    /** The job's public identity; null with authentication off. */
    public PublicIdentity jobIdentity() {
        return jobIdentity;
    }

    /** The run the clients take part in; null with authentication off. */
    public String runId() {
        return runId;
    }

    /** The clients' identities by client id; empty with authentication off. */
    public Map<String, Identity> identities() {
        return identities;
    }

    /**
     * The settings of client {@code index}: the template with that client's id and seed, and with
     * authentication its {@link ClientAuth}.
     *
     * @throws IllegalArgumentException if the index is outside the population, or authentication is
     *     on and the client has no identity
     */
    public EdgeClientConfig clientConfig(int index) {
        if (index < 0 || index >= numClients) {
            throw new IllegalArgumentException(
                    "client index " + index + " vs population [0, " + numClients + ")");
        }
        String id = clientId(index);
        EdgeClientConfig.Builder b =
                clientTemplate.toBuilder().clientId(id).seed(Seeds.derive(clientSeed, index));
        if (jobIdentity != null) {
            Identity identity = identities.get(id);
            if (identity == null) {
                throw new IllegalArgumentException("no identity for client " + id);
            }
            b.auth(new ClientAuth(identity, jobIdentity, runId));
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "FleetConfig{clients ["
                + firstClient
                + ", "
                + (firstClient + clientCount)
                + ") of "
                + numClients
                + ", alpha="
                + (alpha == null ? "iid" : alpha)
                + ", minPartitionSize="
                + minPartitionSize
                + ", partitionSeed="
                + partitionSeed
                + ", clientSeed="
                + clientSeed
                + ", trainingThreads="
                + trainingThreads
                + ", template="
                + clientTemplate
                + ", attack="
                + attack.describe()
                + (jobIdentity == null
                        ? ", auth=off"
                        : ", auth={run " + runId + ", job " + jobIdentity + "}")
                + "}";
    }

    /** Mutable builder of {@link FleetConfig}. */
    public static final class Builder {
        private Integer numClients;
        private Double alpha;
        private int minPartitionSize = Partitioner.DEFAULT_MIN_SIZE;
        private long partitionSeed;
        private long clientSeed;
        private int trainingThreads = DEFAULT_TRAINING_THREADS;
        private int firstClient;
        private Integer clientCount;
        private EdgeClientConfig.Builder client;
        private AttackConfig attack = AttackConfig.none();
        private PublicIdentity jobIdentity;
        private String runId;
        private final Map<String, Identity> identities = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Turns client authentication on: every client of this process's slice signs with its
         * identity in {@code identities} (by client id; more may be given), follows tasks by
         * selection tag, and accepts only tasks and models signed by {@code job} for run {@code
         * runId}. Without this call authentication is off.
         */
        public Builder auth(PublicIdentity job, String runId, Map<String, Identity> identities) {
            this.jobIdentity = job;
            this.runId = runId;
            this.identities.clear();
            this.identities.putAll(identities);
            return this;
        }

        /** The simulated attack; default none (every client honest). */
        public Builder attack(AttackConfig v) {
            this.attack = v;
            return this;
        }

        /** Required: the population size used for partitioning. */
        public Builder numClients(int v) {
            this.numClients = v;
            return this;
        }

        /** Dirichlet α of the label skew; null (the default) for IID. */
        public Builder alpha(Double v) {
            this.alpha = v;
            return this;
        }

        public Builder minPartitionSize(int v) {
            this.minPartitionSize = v;
            return this;
        }

        public Builder partitionSeed(long v) {
            this.partitionSeed = v;
            return this;
        }

        /** Root of the clients' seeds (client i gets {@code Seeds.derive(clientSeed, i)}). */
        public Builder clientSeed(long v) {
            this.clientSeed = v;
            return this;
        }

        public Builder trainingThreads(int v) {
            this.trainingThreads = v;
            return this;
        }

        public Builder firstClient(int v) {
            this.firstClient = v;
            return this;
        }

        /** Clients run by this process; default: all from {@code firstClient} to the end. */
        public Builder clientCount(int v) {
            this.clientCount = v;
            return this;
        }

        /**
         * Required: the settings all clients share (bootstrap servers, model id, topics, …). Its
         * client id and seed are replaced per client; the builder is copied, later changes to it
         * have no effect.
         */
        public Builder client(EdgeClientConfig.Builder template) {
            this.client = template.copy();
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every missing or invalid key
         */
        public FleetConfig build() {
            List<String> problems = new ArrayList<>();
            if (numClients == null) {
                problems.add("missing numClients");
            } else if (numClients < 1) {
                problems.add("numClients is " + numClients + ", expected >= 1");
            }
            if (alpha != null && (!(alpha > 0) || alpha.isInfinite())) {
                problems.add("alpha is " + alpha + ", expected 0 < alpha < inf or null for IID");
            }
            if (minPartitionSize < 1) {
                problems.add("minPartitionSize is " + minPartitionSize + ", expected >= 1");
            }
            if (trainingThreads < 1) {
                problems.add("trainingThreads is " + trainingThreads + ", expected >= 1");
            }
            int count = 0;
            if (numClients != null && numClients >= 1) {
                count = clientCount != null ? clientCount : numClients - firstClient;
                if (firstClient < 0 || firstClient >= numClients) {
                    problems.add(
                            "firstClient is "
                                    + firstClient
                                    + ", expected in [0, "
                                    + numClients
                                    + ")");
                } else if (count < 1 || firstClient + count > numClients) {
                    problems.add(
                            "clientCount is "
                                    + count
                                    + ", expected in [1, "
                                    + (numClients - firstClient)
                                    + "] (numClients "
                                    + numClients
                                    + " - firstClient "
                                    + firstClient
                                    + ")");
                }
            }
            if (attack == null) {
                problems.add("missing attack (use AttackConfig.none())");
            }
            if (jobIdentity != null || runId != null || !identities.isEmpty()) {
                authProblems(problems, count);
            }
            EdgeClientConfig template = null;
            if (client == null) {
                problems.add("missing client (the EdgeClientConfig template)");
            } else {
                try {
                    template = client.copy().clientId(clientId(Math.max(0, firstClient))).build();
                } catch (IllegalArgumentException e) {
                    problems.add("client: " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid FleetConfig: " + String.join("; ", problems));
            }
            return new FleetConfig(this, count, template);
        }

        private void authProblems(List<String> problems, int count) {
            if (jobIdentity == null) {
                problems.add("auth: missing the job's public identity");
            }
            if (runId == null || runId.isBlank()) {
                problems.add("auth: missing runId");
            }
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String id = clientId(firstClient + k);
                Identity identity = identities.get(id);
                if (identity == null) {
                    missing.add(id);
                } else if (!identity.publicIdentity().name().equals(id)) {
                    problems.add(
                            "auth: the identity given for "
                                    + id
                                    + " is named "
                                    + identity.publicIdentity().name());
                }
            }
            if (!missing.isEmpty()) {
                problems.add(
                        "auth: no identity for "
                                + missing.size()
                                + " client(s) of the slice: "
                                + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                                + (missing.size() > 5 ? ", ..." : ""));
            }
        }
    }
}
