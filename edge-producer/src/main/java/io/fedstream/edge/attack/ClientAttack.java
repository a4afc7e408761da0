package io.fedstream.edge.attack;

import io.fedstream.edge.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;

/**
 * How one client of a fleet behaves under an {@link AttackConfig}: honest clients send their update
 * (and, when colluders have full knowledge, also post it on the {@link CollusionBoard}); Byzantine
 * clients turn their honest update into the attack's.
 *
 * <p>Knowledge model of the colluding attacks (ALIE, IPM, min-max, min-sum): every Byzantine client
 * selected in a round trains honestly on its own data and posts the result; it then waits (without
 * holding a training thread) for the updates of the clients it expects — with {@link
 * Knowledge#FULL} every selected client this process runs, with {@link Knowledge#PARTIAL} only the
 * selected Byzantine ones — or {@link AttackConfig#collusionTimeout()}, and computes the malicious
 * update from what was posted. All colluders of a round compute the same vector from the same posts
 * (sorted by client id), as in the papers. Clients run by other processes cannot post: in a
 * multi-process fleet "full" knowledge is limited to the attacker's own process.
 *
 * <p>Per-client state: the replay attack keeps the update of the client's first round. A client
 * trains one round at a time, so the state needs no locking beyond visibility.
 */
public final class ClientAttack {
    private final AttackConfig config;
    private final String clientId;
    private final long clientSeed;
    private final boolean byzantine;
    private final Set<String> byzantineIds;
    private final Set<String> localIds;
    private final CollusionBoard board;
    private volatile float[] replayed;

    /** What a client sends for a round. */
    public record Outgoing(float[] delta, long numSamples, String note) {}

    private ClientAttack(
            AttackConfig config,
            String clientId,
            long clientSeed,
            boolean byzantine,
            Set<String> byzantineIds,
            Set<String> localIds,
            CollusionBoard board) {
        this.config = config;
        this.clientId = clientId;
        this.clientSeed = clientSeed;
        this.byzantine = byzantine;
        this.byzantineIds = Set.copyOf(byzantineIds);
        this.localIds = Set.copyOf(localIds);
        this.board = board;
    }

    /** An honest client outside any attack simulation. */
    public static ClientAttack honest() {
        return new ClientAttack(AttackConfig.none(), "", 0, false, Set.of(), Set.of(), null);
    }

    /**
     * The behaviour of {@code clientId} in a fleet.
     *
     * @param clientSeed the seed of this client's attack noise (derived per round)
     * @param byzantineIds every Byzantine client of the population
     * @param localIds the clients this process runs (those who can post on {@code board})
     * @param board the process's side channel; may be null if the attack needs none
     */
    public static ClientAttack of(
            AttackConfig config,
            String clientId,
            long clientSeed,
            Set<String> byzantineIds,
            Set<String> localIds,
            CollusionBoard board) {
        if (config.type().needsHonestUpdates() && config.active() && board == null) {
            throw new IllegalArgumentException(
                    "attack " + config.type() + " needs a CollusionBoard, got none");
        }
        return new ClientAttack(
                config,
                clientId,
                clientSeed,
                config.active() && byzantineIds.contains(clientId),
                byzantineIds,
                localIds,
                board);
    }

    public boolean byzantine() {
        return byzantine;
    }

    public AttackType type() {
        return byzantine ? config.type() : AttackType.NONE;
    }

    /** The labels this client trains on: 9 − y for a label-flipping client, else y. */
    public IntUnaryOperator labelMap(int numClasses) {
        if (byzantine && config.type() == AttackType.LABEL_FLIP) {
            return y -> SimpleAttacks.flipLabel(y, numClasses);
        }
        return IntUnaryOperator.identity();
    }

    /** The sample count this client claims (in heartbeats and updates). */
    public long claimedSamples(long actual) {
        if (byzantine && config.type() == AttackType.INFLATED_SAMPLES) {
            return inflate(actual, config.sampleFactor());
        }
        return actual;
    }

    static long inflate(long actual, double factor) {
        double v = Math.rint(actual * factor);
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) v;
    }

    /**
     * What to send for {@code round}, given this client's honest update. Completes at once except
     * for the colluding attacks, which complete once the expected posts are in (or at the timeout).
     *
     * @param selected the round's selected clients ({@code RoundTask.selected_clients})
     */
    public CompletableFuture<Outgoing> answer(
            long round, List<String> selected, float[] honest, long numSamples) {
        boolean colluding = config.active() && config.type().needsHonestUpdates();
        if (!byzantine) {
            if (colluding && config.knowledge() == Knowledge.FULL) {
                board.post(round, clientId, honest);
            }
            return CompletableFuture.completedFuture(new Outgoing(honest, numSamples, null));
        }
        return switch (config.type()) {
            case SIGN_FLIP -> done(SimpleAttacks.signFlip(honest), numSamples, "sign-flip");
            case GAUSSIAN ->
                    done(
                            SimpleAttacks.addGaussian(
                                    honest,
                                    config.gaussianSigma(),
                                    new SplittableRandom(Seeds.derive(clientSeed, round))),
                            numSamples,
                            "gaussian sigma " + config.gaussianSigma());
            case SCALING ->
                    done(
                            SimpleAttacks.scale(honest, config.scaleFactor()),
                            numSamples,
                            "scaling x" + config.scaleFactor());
            case LABEL_FLIP -> done(honest, numSamples, "label-flip (trained on 9 - y)");
            case FREE_RIDER -> done(SimpleAttacks.zero(honest.length), numSamples, "free-rider");
            case REPLAY -> replay(honest, numSamples);
            case INFLATED_SAMPLES ->
                    done(
                            SimpleAttacks.signFlip(honest),
                            claimedSamples(numSamples),
                            "inflated num_samples x"
                                    + config.sampleFactor()
                                    + ", sign-flipped delta");
            case ALIE, IPM, MIN_MAX, MIN_SUM -> collude(round, selected, honest, numSamples);
            case NONE -> done(honest, numSamples, null);
        };
    }

    /** The first round's update is sent and kept; every later round resends it. */
    private CompletableFuture<Outgoing> replay(float[] honest, long numSamples) {
        float[] old = replayed;
        if (old == null) {
            replayed = honest;
            return done(honest, numSamples, "replay: first round honest, kept");
        }
        return done(old, numSamples, "replay of its first-round update");
    }

    private CompletableFuture<Outgoing> collude(
            long round, List<String> selected, float[] honest, long numSamples) {
        board.post(round, clientId, honest);
        Set<String> expected = new HashSet<>();
        for (String id : selected) {
            boolean knowable = config.knowledge() == Knowledge.FULL || byzantineIds.contains(id);
            if (knowable && localIds.contains(id)) {
                expected.add(id);
            }
        }
        expected.add(clientId);
        int n = selected.size();
        int f = (int) selected.stream().filter(byzantineIds::contains).count();
        return board.await(round, expected, config.collusionTimeout())
                .thenApply(posts -> malicious(posts, expected, n, f, honest, numSamples));
    }

    private Outgoing malicious(
            Map<String, float[]> posts,
            Set<String> expected,
            int n,
            int f,
            float[] honest,
            long numSamples) {
        List<float[]> known = new ArrayList<>();
        for (Map.Entry<String, float[]> e : new TreeMap<>(posts).entrySet()) {
            if (expected.contains(e.getKey())) {
                known.add(e.getValue());
            }
        }
        if (known.isEmpty()) {
            known.add(honest);
        }
        String from = known.size() + "/" + expected.size() + " expected updates";
        return switch (config.type()) {
            case ALIE -> {
                double z = config.alieZ() != null ? config.alieZ() : alieZ(n, f);
                yield new Outgoing(
                        Alie.attack(known, z), numSamples, "alie z " + fmt(z) + " from " + from);
            }
            case IPM ->
                    new Outgoing(
                            Ipm.attack(known, config.ipmEpsilon()),
                            numSamples,
                            "ipm epsilon " + config.ipmEpsilon() + " from " + from);
            case MIN_MAX, MIN_SUM -> {
                AgrAgnostic.Result r =
                        config.type() == AttackType.MIN_MAX
                                ? AgrAgnostic.minMax(known, config.perturbation())
                                : AgrAgnostic.minSum(known, config.perturbation());
                yield new Outgoing(
                        r.update(),
                        numSamples,
                        config.type() + " gamma " + fmt(r.gamma()) + " from " + from);
            }
            default -> throw new IllegalStateException("not a colluding attack: " + config.type());
        };
    }

    /**
     * ALIE's z(n, f); where the formula leaves (0, 1) (f ≥ n/2 + 1), the largest finite choice s =
     * 1, z = Φ⁻¹((n − 1)/n).
     */
    static double alieZ(int n, int f) {
        try {
            return Alie.z(n, f);
        } catch (IllegalArgumentException e) {
            return n > 1 ? NormalQuantile.inverseCdf((n - 1.0) / n) : 0;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static CompletableFuture<Outgoing> done(float[] delta, long numSamples, String note) {
        return CompletableFuture.completedFuture(new Outgoing(delta, numSamples, note));
    }
}
