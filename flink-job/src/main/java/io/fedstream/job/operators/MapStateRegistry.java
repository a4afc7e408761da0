package io.fedstream.job.operators;

import io.fedstream.job.clientmanager.ClientRegistry;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The client registry over the round coordinator's keyed state: client id -> last heartbeat in a
 * {@code MapState}, and the number of entries in a {@code ValueState} so that reading it is O(1).
 * Every change goes through this class, which keeps the two in step; a registry restored without a
 * count (from a job before the count existed) is counted once.
 */
final class MapStateRegistry implements ClientRegistry {
    private final MapState<String, Long> lastSeen;
    private final ValueState<Integer> count;
    private final MapState<String, byte[]> agreementKeys;

    MapStateRegistry(
            MapState<String, Long> lastSeen,
            ValueState<Integer> count,
            MapState<String, byte[]> agreementKeys) {
        this.lastSeen = lastSeen;
        this.count = count;
        this.agreementKeys = agreementKeys;
    }

    /** The registry in {@code context}'s keyed state ("last-seen", its count, agreement keys). */
    static MapStateRegistry in(RuntimeContext context) {
        return new MapStateRegistry(
                context.getMapState(
                        new MapStateDescriptor<>("last-seen", Types.STRING, Types.LONG)),
                context.getState(new ValueStateDescriptor<>("registered-clients", Types.INT)),
                context.getMapState(
                        new MapStateDescriptor<>(
                                "agreement-keys",
                                Types.STRING,
                                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
    }

    @Override
    public void putAgreementKey(String clientId, byte[] key) throws Exception {
        if (lastSeen.contains(clientId)) {
            agreementKeys.put(clientId, key);
        }
    }

    @Override
    public byte[] agreementKey(String clientId) throws Exception {
        return agreementKeys.get(clientId);
    }

    @Override
    public boolean put(String clientId, long time) throws Exception {
        boolean added = !lastSeen.contains(clientId);
        int before = added ? size() : 0;
        lastSeen.put(clientId, time);
        if (added) {
            count.update(before + 1);
        }
        return added;
    }

    @Override
    public void remove(String clientId) throws Exception {
        if (lastSeen.contains(clientId)) {
            lastSeen.remove(clientId);
            agreementKeys.remove(clientId);
            decrement();
        }
    }

    @Override
    public Iterator<Map.Entry<String, Long>> entries() throws Exception {
        Iterator<Map.Entry<String, Long>> it = lastSeen.iterator();
        return new Iterator<>() {
            private String current;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<String, Long> next() {
                Map.Entry<String, Long> e = it.next();
                current = e.getKey();
                return e;
            }

            @Override
            public void remove() {
                it.remove();
                try {
                    agreementKeys.remove(current);
                    decrement();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot update the registry count", e);
                }
            }
        };
    }

    @Override
    public int size() throws Exception {
        Integer n = count.value();
        if (n != null) {
            return n;
        }
        // No count: an empty registry, or state from a job that kept none (counted once here).
        int counted = 0;
        for (Iterator<String> it = lastSeen.keys().iterator(); it.hasNext(); it.next()) {
            counted++;
        }
        if (counted > 0) {
            count.update(counted);
        }
        return counted;
    }

    private void decrement() throws Exception {
        int n = size() - 1;
        if (n == 0) {
            // Also drops the empty map itself, so that an empty registry leaves no state entry.
            lastSeen.clear();
            count.clear();
            agreementKeys.clear();
        } else {
            count.update(n);
        }
    }
}
