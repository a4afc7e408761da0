package io.fedstream.identity;

import static io.fedstream.identity.SignedRecordsTest.seeded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SelectionTagsTest {
    @Test
    void jobAndClientComputeTheSameTag() throws Exception {
        Identity job = Identity.generate("job", seeded(1));
        Identity client = Identity.generate("c1", seeded(2));
        byte[] jobPub = job.publicIdentity().agreementKey();
        byte[] clientPub = client.publicIdentity().agreementKey();
        byte[] atJob = SelectionTags.keyAtJob(job.agreementKey(), jobPub, clientPub);
        byte[] atClient = SelectionTags.keyAtClient(client.agreementKey(), clientPub, jobPub);
        assertThat(atJob).hasSize(32).isEqualTo(atClient);
        assertThat(SelectionTags.tag(atJob, "run", "m", 3))
                .hasSize(16)
                .isEqualTo(SelectionTags.tag(atClient, "run", "m", 3));
    }

    @Test
    void tagsDifferByRoundRunModelAndClient() throws Exception {
        Identity job = Identity.generate("job", seeded(1));
        byte[] jobPub = job.publicIdentity().agreementKey();
        byte[] k1 =
                SelectionTags.keyAtJob(
                        job.agreementKey(),
                        jobPub,
                        Identity.generate("c1", seeded(2)).publicIdentity().agreementKey());
        byte[] k2 =
                SelectionTags.keyAtJob(
                        job.agreementKey(),
                        jobPub,
                        Identity.generate("c2", seeded(3)).publicIdentity().agreementKey());
        byte[] base = SelectionTags.tag(k1, "run", "m", 3);
        assertThat(SelectionTags.tag(k1, "run", "m", 4)).isNotEqualTo(base);
        assertThat(SelectionTags.tag(k1, "run2", "m", 3)).isNotEqualTo(base);
        assertThat(SelectionTags.tag(k1, "run", "m2", 3)).isNotEqualTo(base);
        assertThat(SelectionTags.tag(k2, "run", "m", 3)).isNotEqualTo(base);
        // the separators keep ("ru", "nm") and ("run", "m") apart
        assertThat(SelectionTags.tag(k1, "ru", "nm", 3)).isNotEqualTo(base);
    }
}
