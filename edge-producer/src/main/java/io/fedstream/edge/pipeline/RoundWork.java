package io.fedstream.edge.pipeline;

import io.fedstream.model.ModelSpec;
import java.util.List;

/**
 * One local training job the client owes the server: answer {@code round} by training from the
 * global model {@code baseVersion} with the task's hyperparameters.
 *
 * @param round the round to answer ({@code RoundTask.round})
 * @param baseVersion the global model version trained from ({@code RoundTask.model_version})
 * @param spec the architecture, from {@code GlobalModel.model_spec}
 * @param parameters the global parameters of {@code baseVersion}, in the flat layout of {@code
 *     spec}
 * @param localEpochs local epochs
 * @param learningRate SGD learning rate
 * @param batchSize minibatch size
 * @param proximalMu FedProx's μ ({@code Hyperparameters.proximal_mu}); 0 for plain local SGD
 * @param selectedClients the round's selected clients ({@code RoundTask.selected_clients}); the
 *     attack simulation's colluders use it to know whom to wait for
 */
public record RoundWork(
        long round,
        long baseVersion,
        ModelSpec spec,
        float[] parameters,
        int localEpochs,
        double learningRate,
        int batchSize,
        double proximalMu,
        List<String> selectedClients) {}
