package io.fedstream.job.clientmanager.guard;

import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.job.round.IdRules;
import java.util.List;

/**
 * Reads the guard's copy of the job's own round-task topic. Like {@link ReadBackModels}: that topic
 * is compacted and read from the earliest offset, so whatever a record holds, {@link #read} returns
 * either a task of this job's model or the cause it is ignored for, and never throws.
 */
public final class ReadBackTasks {
    /** Why a record of the round-task topic is not taken as a task of this job. */
    public enum Cause {
        UNDECODABLE,
        /** Client-auth signed: not signed with the job's key. */
        NOT_SIGNED,
        /** Client-auth signed: a record of another run. */
        OTHER_RUN,
        OTHER_MODEL,
        BAD_ROUND,
        BAD_SELECTION
    }

    /** Either a task ({@code ignored == null}) or the cause and a message. */
    public record Read(PublishedTask task, Cause ignored, String why) {
        static Read ignore(Cause cause, String why) {
            return new Read(null, cause, why);
        }
    }

    private final String modelId;
    private final int maxSelected;
    private final WireCodec<RoundTask> codec = Codecs.roundTask();
    private final ReadBackTrust trust;

    /**
     * @param maxSelected the most selected clients a task of this job can list
     */
    public ReadBackTasks(String modelId, int maxSelected) {
        this(modelId, maxSelected, null);
    }

    /**
     * @param trust the job's identity, so only its own tasks of this run count; or null
     */
    public ReadBackTasks(String modelId, int maxSelected, ReadBackTrust trust) {
        this.modelId = modelId;
        this.maxSelected = maxSelected;
        this.trust = trust;
    }

    public Read read(byte[] value) {
        return read(value, null);
    }

    /** The record with value {@code value} and signature header {@code signature}. */
    public Read read(byte[] value, byte[] signature) {
        if (trust != null && !trust.signedByJob("RoundTask", value, signature)) {
            return Read.ignore(Cause.NOT_SIGNED, "not signed with this job's key");
        }
        try {
            RoundTask t = codec.decode(value);
            if (trust != null && !trust.runId().equals(t.getRunId())) {
                return Read.ignore(Cause.OTHER_RUN, "a task of another run than this job's");
            }
            return check(t);
        } catch (WireFormatException e) {
            return Read.ignore(Cause.UNDECODABLE, e.getMessage());
        } catch (RuntimeException e) {
            return Read.ignore(Cause.UNDECODABLE, e.toString());
        }
    }

    private Read check(RoundTask t) {
        if (!modelId.equals(t.getModelId())) {
            return Read.ignore(
                    Cause.OTHER_MODEL,
                    "model_id '" + t.getModelId() + "' vs this job's '" + modelId + "'");
        }
        if (t.getRound() < 1 || t.getModelVersion() < 0) {
            return Read.ignore(
                    Cause.BAD_ROUND,
                    "round " + t.getRound() + " (>= 1) from version " + t.getModelVersion());
        }
        List<String> selected = t.getSelectedClients();
        if (trust != null) {
            // The task names its clients by selection tags: the guard cannot tell whose they are,
            // and the coordinator refuses an update of a client it did not select.
            if (t.getSelectionTags().size() > maxSelected) {
                return Read.ignore(
                        Cause.BAD_SELECTION,
                        t.getSelectionTags().size() + " selection tags, more than " + maxSelected);
            }
            return new Read(PublishedTask.byTags(t.getRound(), t.getModelVersion()), null, null);
        }
        if (selected.size() > maxSelected) {
            return Read.ignore(
                    Cause.BAD_SELECTION,
                    selected.size()
                            + " selected clients, more than the "
                            + maxSelected
                            + " a task of this job lists");
        }
        for (String id : selected) {
            String bad = IdRules.violation("selected client", id);
            if (bad != null) {
                return Read.ignore(Cause.BAD_SELECTION, bad);
            }
        }
        return new Read(
                new PublishedTask(
                        t.getRound(), t.getModelVersion(), selected.toArray(new String[0])),
                null,
                null);
    }
}
