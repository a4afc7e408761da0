package io.fedstream.job.clientmanager.guard;

/**
 * What the guard trusts a record read back from the job's own topics by (client-auth signed): the
 * job's signature and its run id. Anyone who can write those topics can otherwise make the guard
 * forget its replay and anomaly memory with a well-formed record.
 */
public interface ReadBackTrust {
    /** Whether {@code value} of {@code recordType} carries the job's own signature. */
    boolean signedByJob(String recordType, byte[] value, byte[] signature);

    String runId();
}
