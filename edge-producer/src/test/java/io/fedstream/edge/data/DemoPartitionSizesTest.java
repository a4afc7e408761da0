package io.fedstream.edge.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Pins the client training-set sizes README's max-num-samples paragraph quotes: the demo's
 * partition of Fashion-MNIST's 60,000 training images over 100 clients, Dirichlet(0.5), partition
 * seed 42 (the demo's {@code --seed}).
 */
class DemoPartitionSizesTest {

    @Test
    void demoClientsHoldBetween147And1456Examples() {
        Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        int[][] parts = Partitioner.partition(train, 100, 0.5, Partitioner.DEFAULT_MIN_SIZE, 42);
        int[] sizes = Arrays.stream(parts).mapToInt(p -> p.length).sorted().toArray();

        assertThat(sizes).hasSize(100);
        assertThat(Arrays.stream(sizes).sum()).isEqualTo(60_000);
        assertThat(sizes[0]).as("smallest client").isEqualTo(147);
        assertThat(sizes[99]).as("largest client").isEqualTo(1456);
    }
}
