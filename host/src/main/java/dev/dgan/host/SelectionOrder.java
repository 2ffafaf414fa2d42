package dev.dgan.host;

import dev.dgan.api.annotate.JsonAt;
import dev.dgan.host.annotate.web.SampleStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The gallery order a selection file gives ({@code dgan select --out}): its picks by seed, best first, as sample indices. */
final class SelectionOrder {

    private SelectionOrder() {
    }

    static List<Integer> read(Path file, SampleStore store) {
        JsonAt root = JsonAt.read(file).object();
        List<Integer> order = new ArrayList<>();
        for (JsonAt pick : root.get("picked").elements()) {
            long seed = pick.object().get("seed").integer();
            store.entries().stream().filter(e -> e.sample().seed() != null && e.sample().seed() == seed).findFirst()
                    .ifPresent(e -> order.add(e.index()));
        }
        if (order.isEmpty()) {
            throw new IllegalArgumentException(file + ": field picked: none of its seeds is a sample of " + store.dir()
                    + ", expected the folder dgan sample --seeds wrote from it");
        }
        return order;
    }
}
