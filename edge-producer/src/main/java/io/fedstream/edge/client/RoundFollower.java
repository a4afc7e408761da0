package io.fedstream.edge.client;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.identity.TaskSelection;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the round protocol, without Kafka: fed with the decoded round tasks and global
 * models of one model id, it says when there is a round to answer and from which model.
 *
 * <p>Rules: only the latest task (highest round) counts; it is answered once, if it selects this
 * client (by id, or by tag with authentication on: {@link TaskSelection}), its round is above every
 * round already taken, and the global model of exactly {@code task.model_version} is at hand (the
 * last {@code modelsKept} versions are kept, because the task and its model travel on different
 * topics and either may arrive first). Once the latest model carries {@code training_complete},
 * there is no more work.
 *
 * <p>Not thread-safe: one poll loop owns it.
 */
public final class RoundFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RoundFollower.class);

    /** Global model versions kept for tasks that arrive after their model. */
    public static final int DEFAULT_MODELS_KEPT = 3;

    private final String clientId;
    private final String modelId;
    private final int modelsKept;
    private final TaskSelection selection;
    private final TreeMap<Long, GlobalModel> models = new TreeMap<>();
    private RoundTask latestTask;
    private long lastRoundTaken = Long.MIN_VALUE;

    public RoundFollower(String clientId, String modelId) {
        this(clientId, modelId, DEFAULT_MODELS_KEPT);
    }

    public RoundFollower(String clientId, String modelId, int modelsKept) {
        this(clientId, modelId, modelsKept, TaskSelection.byId(clientId));
    }

    /**
     * A follower that tells by {@code selection} whether a task selects this client.
     *
     * @param modelsKept global model versions kept for tasks that arrive after their model
     */
    public RoundFollower(String clientId, String modelId, int modelsKept, TaskSelection selection) {
        if (modelsKept < 1) {
            throw new IllegalArgumentException("modelsKept " + modelsKept + ": expected >= 1");
        }
        this.clientId = clientId;
        this.modelId = modelId;
        this.modelsKept = modelsKept;
        this.selection = selection;
    }

    /**
     * Records a global model; models of other model ids and versions below the kept window are
     * ignored.
     */
    public void onGlobalModel(GlobalModel model) {
        if (!modelId.equals(model.getModelId())) {
            return;
        }
        if (models.size() >= modelsKept && model.getVersion() < models.firstKey()) {
            return;
        }
        models.put(model.getVersion(), model);
        while (models.size() > modelsKept) {
            models.pollFirstEntry();
        }
    }

    /** Records a round task; tasks of other model ids and rounds below the latest are ignored. */
    public void onRoundTask(RoundTask task) {
        if (!modelId.equals(task.getModelId())) {
            return;
        }
        if (latestTask == null || task.getRound() >= latestTask.getRound()) {
            latestTask = task;
        }
    }

    /** True once the highest global model version seen is flagged {@code training_complete}. */
    public boolean trainingComplete() {
        return !models.isEmpty() && models.lastEntry().getValue().getTrainingComplete();
    }

    public OptionalLong latestModelVersion() {
        return models.isEmpty() ? OptionalLong.empty() : OptionalLong.of(models.lastKey());
    }

    /** The highest round handed out (or skipped as unanswerable), if any. */
    public OptionalLong lastRoundTaken() {
        return lastRoundTaken == Long.MIN_VALUE
                ? OptionalLong.empty()
                : OptionalLong.of(lastRoundTaken);
    }

    /**
     * The work to do now, if any. A returned round is taken: it is never returned again. A task
     * that can never be answered (unparseable model spec, bad hyperparameters, parameters that do
     * not fit the spec) is logged and taken as well, so it is not retried on every poll.
     */
    public Optional<RoundWork> nextWork() {
        RoundTask task = latestTask;
        if (task == null || trainingComplete() || task.getRound() <= lastRoundTaken) {
            return Optional.empty();
        }
        if (!selection.selects(task)) {
            return Optional.empty();
        }
        GlobalModel model = models.get(task.getModelVersion());
        if (model == null) {
            return Optional.empty(); // not arrived yet, or older than the kept window
        }
        lastRoundTaken = task.getRound();
        try {
            return Optional.of(toWork(task, model, selection.selectedClients(task)));
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "{}: cannot answer round {} of model {} from version {}: {}",
                    clientId,
                    task.getRound(),
                    modelId,
                    task.getModelVersion(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static RoundWork toWork(RoundTask task, GlobalModel model, List<String> selected) {
        ModelSpec spec = ModelSpec.parse(model.getModelSpec());
        if (!spec.matchesShapes(model.getParameters().getShapes())) {
            throw new IllegalArgumentException(
                    "parameter shapes " + model.getParameters().getShapes() + " vs spec " + spec);
        }
        float[] params = TensorCodec.values(model.getParameters());
        if (params.length != spec.numParameters()) {
            throw new IllegalArgumentException(
                    "parameters "
                            + params.length
                            + " vs spec "
                            + spec
                            + " "
                            + spec.numParameters());
        }
        Hyperparameters hp = task.getHyperparameters();
        if (hp.getLocalEpochs() < 1
                || hp.getBatchSize() < 1
                || !(hp.getLearningRate() > 0)
                || Double.isInfinite(hp.getLearningRate())
                || !(hp.getProximalMu() >= 0)
                || Double.isInfinite(hp.getProximalMu())) {
            throw new IllegalArgumentException(
                    "hyperparameters local_epochs="
                            + hp.getLocalEpochs()
                            + ", batch_size="
                            + hp.getBatchSize()
                            + ", learning_rate="
                            + hp.getLearningRate()
                            + ", proximal_mu="
                            + hp.getProximalMu()
                            + ": expected epochs >= 1, batch size >= 1, 0 < learning rate < inf,"
                            + " 0 <= mu < inf");
        }
        return new RoundWork(
                task.getRound(),
                task.getModelVersion(),
                spec,
                params,
                hp.getLocalEpochs(),
                hp.getLearningRate(),
                hp.getBatchSize(),
                hp.getProximalMu(),
                selected);
    }

    /** Versions currently kept, for tests and diagnostics. */
    Map<Long, GlobalModel> keptModels() {
        return models;
    }
}
