package io.fedstream.job.clientmanager.guard;

import io.fedstream.job.types.ValidatedUpdate;
import java.util.Arrays;

/**
 * The client guard's copy of one round task the job has published (read back from the round-task
 * topic): the round, the model version it trains from, and its selected clients, sorted. A Flink
 * POJO in the guard's broadcast state.
 */
public class PublishedTask {
    public long round;
    public long modelVersion;

    /** Selected client ids in ascending order (for binary search). */
    public String[] selected = new String[0];

    /** The task named its clients by selection tags: {@link #selected} is empty, not checked. */
    public boolean byTags;

    public PublishedTask() {}

    /** A task whose selected clients are tags (client-auth signed). */
    public static PublishedTask byTags(long round, long modelVersion) {
        PublishedTask t = new PublishedTask(round, modelVersion, new String[0]);
        t.byTags = true;
        return t;
    }

    public PublishedTask(long round, long modelVersion, String[] selected) {
        this.round = round;
        this.modelVersion = modelVersion;
        this.selected = selected.clone();
        Arrays.sort(this.selected);
    }

    /**
     * Whether {@code u} is an update the round coordinator can admit in this task's round, as far
     * as the task tells: its round, a selected client, trained from the task's model version. Only
     * such updates may change the guard's memory of a client (see {@link GuardPolicy}).
     */
    public boolean covers(ValidatedUpdate u) {
        return u.round == round
                && u.baseVersion == modelVersion
                && (byTags || Arrays.binarySearch(selected, u.clientId) >= 0);
    }
}
