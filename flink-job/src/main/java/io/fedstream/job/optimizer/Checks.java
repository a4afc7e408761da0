package io.fedstream.job.optimizer;

/** Argument checks of the optimizers, with messages that show the value. */
final class Checks {
    private Checks() {}

    static double positive(String name, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " = " + value + ", expected finite and > 0");
        }
        return value;
    }

    static double unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " = " + value + ", expected in [0, 1)");
        }
        return value;
    }

    /** The state is {@code optimizer}'s and has {@code dimension} entries in each array used. */
    static void state(ServerOptimizer optimizer, ServerOptimizerState state, int dimension) {
        if (!optimizer.owns(state)) {
            throw new IllegalArgumentException(
                    "state of "
                            + (state == null ? "no optimizer (null)" : state.optimizer)
                            + " given to "
                            + optimizer.name());
        }
        for (double[] a : new double[][] {state.m, state.v}) {
            if (a != null && a.length != dimension) {
                throw new IllegalArgumentException(
                        "optimizer state has dimension " + a.length + " vs delta " + dimension);
            }
        }
    }
}
