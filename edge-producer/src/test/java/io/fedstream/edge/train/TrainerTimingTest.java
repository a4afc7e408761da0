package io.fedstream.edge.train;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.model.ModelSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times one client's local training on Fashion-MNIST (600 examples, 5 epochs, batch 32). A
 * measurement, not a check: runs only with {@code -Dfedstream.bench=true}; {@code
 * -Dfedstream.bench.threads=1} limits ND4J to one thread per operation.
 */
@EnabledIfSystemProperty(named = "fedstream.bench", matches = "true")
class TrainerTimingTest {
    @Test
    void timesOneClientRoundOnFashionMnist() {
        int threads = Integer.getInteger("fedstream.bench.threads", 0);
        if (threads > 0) {
            Nd4jThreads.limitPerOperation(threads);
        }
        Dataset data = FashionMnist.train(FashionMnist.defaultDir()).head(600);
        ModelSpec spec = ModelSpec.parse(System.getProperty("fedstream.bench.spec", "mlp"));
        Nd4jTrainer trainer = new Nd4jTrainer(spec);
        float[] global = spec.initialParameters(1);
        trainer.train(global, data, 5, 0.05, 32, 0); // warm-up: ND4J init and JIT
        long[] ms = new long[10];
        for (int rep = 0; rep < ms.length; rep++) {
            ms[rep] = trainer.train(global, data, 5, 0.05, 32, rep).timeMs();
        }
        Arrays.sort(ms);
        System.out.printf(
                "%s, 600 examples, 5 epochs, batch 32, op threads %s: min %d ms, median %d ms, max %d"
                        + " ms%n",
                spec,
                threads > 0 ? threads : "default",
                ms[0],
                ms[ms.length / 2],
                ms[ms.length - 1]);
    }
}
