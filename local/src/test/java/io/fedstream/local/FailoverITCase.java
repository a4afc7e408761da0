package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.config.JobConfig;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.RoundChecks;
import io.fedstream.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TaskManagers die in the middle of training. The job restarts from its last checkpoint, the
 * sources rewind, the sink aborts the uncommitted transaction, and the rounds go on: every version
 * appears exactly once on the global-model topic and each equals the weighted mean of its round's
 * updates, each update counted once.
 */
class FailoverITCase {
    private static final String MODEL = "failover";
    private static final int CLIENTS = SmallFederation.CLIENTS;
    private static final int ROUNDS = 6;
    private static final Duration WAIT = Duration.ofSeconds(150);

    @RegisterExtension static final MiniClusterExtension FLINK = Failovers.twoTaskManagers();

    @Test
    @Timeout(360)
    void killedTaskManagerNeitherLosesNorDoubleCountsAnUpdate(
            @InjectMiniCluster MiniCluster miniCluster) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            JobConfig config =
                    SmallFederation.withTopics(
                            SmallFederation.jobSettings(bootstrap, MODEL, ROUNDS));

            JobClient job = Failovers.submit(config, new Configuration());

            JobTopics topics = new JobTopics(config);
            FleetConfig fleetConfig = SmallFederation.fleet(bootstrap, MODEL, 3);
            try (Fleet fleet = Fleet.start(fleetConfig, SmallFederation.clientData());
                    TopicReader<GlobalModel> models = topics.globalModels();
                    TopicReader<ModelUpdate> updates = topics.updates()) {
                models.awaitCount(3, WAIT, "global model v2 before the crash");
                Failovers.killEveryTaskManagerOfTheJob(miniCluster);

                List<GlobalModel> published =
                        models.awaitCount(ROUNDS + 1, WAIT, "all versions after the crash");
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
                List<ModelUpdate> log = updates.awaitCount(CLIENTS * ROUNDS, WAIT, "updates");
                for (int round = 1; round <= ROUNDS; round++) {
                    RoundChecks.FedAvgRound fedAvg =
                            RoundChecks.fedAvg(log, round, published.get(round - 1));
                    assertThat(fedAvg.updates())
                            .as("updates in round %d", round)
                            .isEqualTo(CLIENTS);
                    assertThat(fedAvg.maxError(published.get(round)))
                            .as("max |published - expected| in round %d", round)
                            .isLessThan(1e-6);
                    assertThat(published.get(round).getTotalSamples())
                            .as("total samples of round %d", round)
                            .isEqualTo(fedAvg.samples());
                    assertThat(published.get(round).getParticipants()).isEqualTo(CLIENTS);
                }
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS))
                        .isEqualTo(JobStatus.RUNNING);
                Failovers.assertRestarted(miniCluster, job.getJobID());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
