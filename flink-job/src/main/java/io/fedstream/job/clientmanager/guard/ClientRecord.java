package io.fedstream.job.clientmanager.guard;

/**
 * What the client guard remembers about one client (a Flink POJO in keyed, TTL'd state). Changed
 * only by {@link GuardPolicy}, and only for updates of a published round task that selected the
 * client.
 */
public class ClientRecord {
    /**
     * The last round in which the guard passed (or judged) an update of this client; -1 for none.
     */
    public long lastRound = -1;

    /** Content hashes of the client's recent updates, a ring of the replay window's size. */
    public long[] recentHashes = new long[0];

    /** Next slot of {@link #recentHashes} to overwrite. */
    public int nextHash;

    /** Updates seen (accepted or anomalous). */
    public int updates;

    /** EWMA of the update's L2 norm; NaN before the first update. */
    public double normEwma = Double.NaN;

    /** EWMA of the cosine to the previous aggregate delta; NaN until one could be computed. */
    public double cosineEwma = Double.NaN;

    /** EWMA of "the update was normal" (1) or "anomalous" (0); starts at 1. */
    public double reputation = 1.0;

    /** Anomalies since the last quarantine (or since the first update). */
    public int anomalies;

    /** Updates for rounds up to and including this one are rejected as QUARANTINED; -1 for none. */
    public long quarantinedThrough = -1;

    /** Quarantines imposed so far. */
    public int quarantines;

    public ClientRecord() {}

    /** A deep copy, for judging an update without remembering it. */
    public ClientRecord copy() {
        ClientRecord c = new ClientRecord();
        c.lastRound = lastRound;
        c.recentHashes = recentHashes.clone();
        c.nextHash = nextHash;
        c.updates = updates;
        c.normEwma = normEwma;
        c.cosineEwma = cosineEwma;
        c.reputation = reputation;
        c.anomalies = anomalies;
        c.quarantinedThrough = quarantinedThrough;
        c.quarantines = quarantines;
        return c;
    }
}
