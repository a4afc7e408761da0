package io.fedstream.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Applies an {@link AclPlan} with {@link Admin#createAcls}, as a principal allowed to alter ACLs
 * (the broker's super user). Creating a binding that exists already changes nothing, so applying a
 * plan twice is harmless; bindings outside the plan are left alone.
 */
public final class AclProvisioner {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;

    public AclProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * Creates every binding of {@code plan}; fails with the broker's error (an authorization error
     * if the admin client's principal may not alter ACLs).
     *
     * @return the bindings created (or confirmed)
     */
    public List<AclBinding> apply(AclPlan plan) {
        List<AclBinding> bindings = plan.bindings();
        try {
            admin.createAcls(bindings).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer to createAcls within " + TIMEOUT, e);
        }
        return bindings;
    }
}
