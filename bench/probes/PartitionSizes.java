// Probe: the training-set sizes of the demo's clients (Fashion-MNIST, 100 clients, Dirichlet 0.5,
// partition seed 42 = the demo's --seed), which README's max-num-samples paragraph quotes.
// java -cp edge-producer/target/fedstream-edge-producer-0.1.0-SNAPSHOT.jar bench/probes/PartitionSizes.java
import io.fedstream.data.*;
import io.fedstream.edge.data.Partitioner;
import java.nio.file.Path;
import java.util.Arrays;
public class PartitionSizes {
  public static void main(String[] a) {
    Dataset d = FashionMnist.train(Path.of("/usr/share/datasets/fashion-mnist"));
    int[][] p = Partitioner.partition(d, 100, 0.5, Partitioner.DEFAULT_MIN_SIZE, 42);
    int[] s = Arrays.stream(p).mapToInt(x -> x.length).sorted().toArray();
    System.out.println("min " + s[0] + " median " + s[50] + " p90 " + s[90] + " max " + s[99] + " sum " + Arrays.stream(s).sum());
  }
}
