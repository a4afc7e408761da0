package io.fedstream.job.operators;

import io.fedstream.job.privacy.NoiseKeys;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Keeps the DP noise key's id ({@link NoiseKeys#keyId}) with the model's keyed state and refuses to
 * go on when the state was written under another key: a recomputed round would get other noise than
 * the release already published, and the two releases together would leak what the noise hides.
 */
final class NoiseKeyCheck {
    private final String keyId;
    private final ValueState<String> stored;

    /**
     * @param noiseKey the key read in {@code open()}; null without DP (nothing is checked)
     */
    NoiseKeyCheck(RuntimeContext context, byte[] noiseKey) {
        this.keyId = noiseKey == null ? null : NoiseKeys.keyId(noiseKey);
        this.stored = context.getState(new ValueStateDescriptor<>("dp-key-id", Types.STRING));
    }

    /** Records the key's id for the current key, or fails if another one is recorded. */
    void check() throws Exception {
        if (keyId == null) {
            return;
        }
        String before = stored.value();
        if (before == null) {
            stored.update(keyId);
        } else if (!before.equals(keyId)) {
            throw new IllegalStateException(
                    "the model's state was written under DP noise key "
                            + before
                            + " but --dp-key-file holds key "
                            + keyId
                            + ": resume with the key file the state was written with");
        }
    }
}
