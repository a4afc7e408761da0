package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that must become true; the timeout only bounds a failing test. */
final class Eventually {
    private Eventually() {}

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still waiting after 60 s for " + what);
            }
            Thread.sleep(50);
        }
    }
}
