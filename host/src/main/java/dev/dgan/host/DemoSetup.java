package dev.dgan.host;

import dev.dgan.api.annotate.JsonAt;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the demo bundle says about its annotations ({@code demo.json}): the task they are for
 * and the task options its training uses, so the demo command names no task itself.
 */
record DemoSetup(String task, Map<String, String> taskOptions) {

    static final String FILE = "demo.json";

    DemoSetup {
        taskOptions = Map.copyOf(taskOptions);
    }

    static DemoSetup read(Path demo) {
        JsonAt root = JsonAt.read(demo.resolve(FILE)).object();
        Map<String, String> options = new LinkedHashMap<>();
        JsonAt given = root.get("taskOptions");
        if (given.present()) {
            given.object();
            for (var e : given.node().properties()) options.put(e.getKey(), given.get(e.getKey()).text());
        }
        return new DemoSetup(root.get("task").text(), options);
    }
}
