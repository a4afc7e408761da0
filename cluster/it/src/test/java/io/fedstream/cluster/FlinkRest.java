package io.fedstream.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few answers of Flink's REST API the tests look at, read with plain pattern matching. */
final class FlinkRest {
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern PARALLELISM = Pattern.compile("\"parallelism\"\\s*:\\s*(\\d+)");
    private static final Pattern HISTORY =
            Pattern.compile("\"exceptionHistory\"\\s*:\\s*\\{\\s*\"entries\"\\s*:\\s*\\[\\s*]");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    FlinkRest(String base) {
        this.base = base;
    }

    /** The job's state, e.g. RUNNING, from {@code GET /jobs/:id}. */
    String jobState(String jobId) throws IOException, InterruptedException {
        String body = get("/jobs/" + jobId);
        Matcher m = STATE.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no job state in GET /jobs/" + jobId + ": " + body);
        }
        return m.group(1);
    }

    /** The largest parallelism of the job's vertices, from {@code GET /jobs/:id}. */
    int maxParallelism(String jobId) throws IOException, InterruptedException {
        Matcher m = PARALLELISM.matcher(get("/jobs/" + jobId));
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    /**
     * True if the job never failed (no task failure, hence no restart): its exception history from
     * {@code GET /jobs/:id/exceptions} is empty.
     */
    boolean neverFailed(String jobId) throws IOException, InterruptedException {
        return HISTORY.matcher(get("/jobs/" + jobId + "/exceptions")).find();
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(
                    "GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
