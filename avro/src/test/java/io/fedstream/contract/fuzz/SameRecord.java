package io.fedstream.contract.fuzz;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.IndexedRecord;

/**
 * Deep equality of decoded records for round-trip checks: floats and doubles by their bits (so NaN
 * equals NaN and -0.0 differs from 0.0, where Avro's {@code equals} holds a NaN field unequal to
 * itself), maps whatever their iteration order, bytes by content, strings by characters.
 */
public final class SameRecord {
    private SameRecord() {}

    /**
     * Null if {@code a} and {@code b} are the same value, else the path of the first difference.
     */
    public static String diff(Object a, Object b) {
        return diff("", a, b);
    }

    private static String diff(String path, Object a, Object b) {
        if (a == null || b == null) {
            return a == b ? null : path + ": " + a + " vs " + b;
        }
        if (a instanceof IndexedRecord ra && b instanceof IndexedRecord rb) {
            if (!ra.getSchema().equals(rb.getSchema())) {
                return path + ": schema " + ra.getSchema().getFullName() + " vs " + rb.getSchema();
            }
            for (var f : ra.getSchema().getFields()) {
                String d = diff(path + "." + f.name(), ra.get(f.pos()), rb.get(f.pos()));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return path + ": " + ma.size() + " vs " + mb.size() + " entries";
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = e.getKey().toString();
                Object other = mb.containsKey(key) ? mb.get(key) : findByText(mb, key);
                String d = diff(path + "[" + key + "]", e.getValue(), other);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return path + ": " + la.size() + " vs " + lb.size() + " items";
            }
            for (int i = 0; i < la.size(); i++) {
                String d = diff(path + "[" + i + "]", la.get(i), lb.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a instanceof Double da && b instanceof Double db) {
            return Double.doubleToLongBits(da) == Double.doubleToLongBits(db)
                    ? null
                    : path + ": " + da + " vs " + db;
        }
        if (a instanceof Float fa && b instanceof Float fb) {
            return Float.floatToIntBits(fa) == Float.floatToIntBits(fb)
                    ? null
                    : path + ": " + fa + " vs " + fb;
        }
        if (a instanceof ByteBuffer ba && b instanceof ByteBuffer bb) {
            return ba.duplicate().compareTo(bb.duplicate()) == 0
                    ? null
                    : path + ": bytes " + ba.remaining() + " vs " + bb.remaining();
        }
        if (a instanceof CharSequence || b instanceof CharSequence) {
            return a.toString().equals(b.toString()) ? null : path + ": '" + a + "' vs '" + b + "'";
        }
        return Objects.equals(a, b) ? null : path + ": " + a + " vs " + b;
    }

    private static Object findByText(Map<?, ?> map, Object key) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey().toString().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }
}
