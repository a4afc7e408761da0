package io.fedstream.edge.client;

import io.fedstream.edge.identity.SelectionDirectory;
import io.fedstream.identity.RejectionCounts;
import io.fedstream.identity.VerifiedRecords;

/**
 * What the clients of one process share: the selection keys of a colluding fleet (null: each client
 * its own), the counts of refused job records, and the job signatures already verified.
 */
record FleetShared(
        SelectionDirectory directory, RejectionCounts rejections, VerifiedRecords verified) {
    /** A client on its own. */
    static FleetShared alone() {
        return new FleetShared(null, new RejectionCounts(), new VerifiedRecords());
    }
}
