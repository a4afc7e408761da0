package io.fedstream.local.bench.flood;

import java.util.Locale;

/**
 * One sample of the flood bench.
 *
 * @param elapsedS seconds since the job was submitted
 * @param flooding whether the flood was running
 * @param heapUsedBytes used heap of the bench JVM (job, broker, clients) right after a full GC
 * @param checkpointId id of the last completed checkpoint, -1 if none yet
 * @param checkpointBytes its state size, in total and for three operators (-1 if none)
 * @param registered clients in the coordinator's registry (the clientsRegistered gauge)
 * @param heartbeatsPerS heartbeats the flooder sent per second since the previous sample
 * @param heartbeatsLimited heartbeats the rate limit dropped so far (heartbeatsLimited counter)
 * @param updatesSent updates the flooder sent so far
 * @param round the latest round whose task was published
 */
public record FloodSample(
        double elapsedS,
        boolean flooding,
        long heapUsedBytes,
        long checkpointId,
        long checkpointBytes,
        long coordinatorBytes,
        long guardBytes,
        long limiterBytes,
        long registered,
        double heartbeatsPerS,
        long heartbeatsLimited,
        long updatesSent,
        long round) {

    public static final String HEADER =
            "elapsed_s,flooding,heap_used_bytes,checkpoint_id,checkpoint_bytes,coordinator_bytes,"
                    + "guard_bytes,limiter_bytes,registered_clients,heartbeats_per_s,"
                    + "heartbeats_limited,updates_sent,round";

    public String csv() {
        return String.format(
                Locale.ROOT,
                "%.1f,%b,%d,%d,%d,%d,%d,%d,%d,%.0f,%d,%d,%d",
                elapsedS,
                flooding,
                heapUsedBytes,
                checkpointId,
                checkpointBytes,
                coordinatorBytes,
                guardBytes,
                limiterBytes,
                registered,
                heartbeatsPerS,
                heartbeatsLimited,
                updatesSent,
                round);
    }

    /** The sample as a line of the bench's console log. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%6.0f s %s heap %6.1f MB, checkpoint %d: %7.2f MB (coordinator %6.2f, guard %6.2f,"
                        + " limiter %5.2f), registry %7d, %6.0f heartbeats/s, %d limited, round %d",
                elapsedS,
                flooding ? "flood" : "quiet",
                heapUsedBytes / 1e6,
                checkpointId,
                checkpointBytes / 1e6,
                coordinatorBytes / 1e6,
                guardBytes / 1e6,
                limiterBytes / 1e6,
                registered,
                heartbeatsPerS,
                heartbeatsLimited,
                round);
    }
}
