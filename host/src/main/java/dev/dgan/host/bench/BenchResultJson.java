package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code dgan bench --json} files. {@value #FORMAT} keeps every field the unversioned files
 * before it had (so what read those still reads these) and adds the format, a timestamp, the
 * machine, the software, the threads, the model's backbone and task, and each stage's minimum,
 * p10 and standard deviation. Both are read; an unversioned file is called {@value #FORMAT_1}.
 */
public final class BenchResultJson {

    public static final String FORMAT = "dgan-bench/2";
    public static final String FORMAT_1 = "dgan-bench/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchResultJson() {}

    /** The document for {@code r}; {@code extras} (memory, FLOP rates, ...) follow the fields the comparison reads. */
    public static ObjectNode write(BenchResult r, double seconds, Map<String, ?> extras) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", FORMAT);
        doc.put("timestamp", r.timestamp());
        ObjectNode dgan = doc.putObject("dgan");
        dgan.put("version", r.software().dganVersion());
        dgan.put("revision", r.software().dganRevision());
        Machine m = r.machine();
        ObjectNode machine = doc.putObject("machine");
        machine.put("cpu", m.cpu());
        machine.put("arch", m.arch());
        machine.put("processors", m.processors());
        machine.put("memoryBytes", m.memoryBytes());
        machine.put("os", m.os());
        if (m.gpu() != null) machine.put("gpu", m.gpu());
        doc.put("java", r.software().java());
        doc.put("libtorch", r.software().libtorch());
        BenchResult.Settings s = r.settings();
        ObjectNode threads = doc.putObject("threads");
        threads.put("intraOp", s.intraOpThreads());
        threads.put("blas", s.blasThreads());
        doc.put("model", s.modelDir());
        doc.put("task", s.task());
        ObjectNode backbone = doc.putObject("backbone");
        backbone.put("name", s.backbone());
        backbone.put("variant", s.variant());
        backbone.put("resolution", s.resolution());
        doc.put("device", s.device());
        doc.put("precision", s.precision());
        doc.put("batch", s.batch());
        doc.put("samples", r.samples());
        doc.put("seconds", seconds);
        doc.put("pairsPerSecond", r.pairsPerSecond());
        ObjectNode stages = doc.putObject("stages");
        r.stages().forEach((name, st) -> {
            ObjectNode o = stages.putObject(name);
            o.put("count", st.count());
            o.put("mean_ms", st.meanMs());
            o.put("min_ms", st.minMs());
            o.put("p10_ms", st.p10Ms());
            o.put("p50_ms", st.p50Ms());
            o.put("p90_ms", st.p90Ms());
            o.put("p99_ms", st.p99Ms());
            o.put("max_ms", st.maxMs());
            o.put("stddev_ms", st.stddevMs());
        });
        extras.forEach((k, v) -> doc.set(k, JSON.valueToTree(v)));
        return doc;
    }

    /** Whether {@code doc} looks like a bench result (of any version) rather than something else. */
    static boolean looksLikeOne(JsonNode doc) {
        return doc.isObject() && (doc.has("format") || doc.has("stages"));
    }

    /** Reads either format; every missing or mistyped field is named with {@code source}. */
    public static BenchResult read(String source, JsonNode doc) {
        JsonField root = JsonField.root(source, doc).object();
        JsonField format = root.get("format");
        if (!format.present()) return readVersion1(root);
        if (!FORMAT.equals(format.text()))
            throw format.expected(FORMAT + " (or no format field, for files written before it)");
        JsonField machine = root.get("machine").object(), dgan = root.get("dgan").object(), backbone = root.get("backbone").object(),
                threads = root.get("threads").object();
        Machine m = new Machine(machine.get("cpu").optionalText().orElse(null), machine.get("arch").text(),
                Math.toIntExact(machine.get("processors").whole()), machine.get("memoryBytes").whole(), machine.get("os").text(),
                machine.get("gpu").optionalText().orElse(null));
        var software = new BenchResult.Software(dgan.get("version").text(), dgan.get("revision").text(), root.get("java").text(),
                root.get("libtorch").text());
        var settings = new BenchResult.Settings(root.get("device").text(), root.get("precision").text(), root.get("batch").optionalInt(),
                threads.get("intraOp").optionalInt(), threads.get("blas").optionalInt(), root.get("task").text(),
                backbone.get("name").text(), backbone.get("variant").text(), backbone.get("resolution").optionalInt(),
                root.get("model").text());
        return new BenchResult(source, FORMAT, root.get("timestamp").text(), m, software, settings, root.get("samples").whole(),
                root.get("pairsPerSecond").number(), stages(root.get("stages"), true));
    }

    /** Files before the format field: no machine, software, threads, backbone or p10; precision came later (fp32 before it). */
    private static BenchResult readVersion1(JsonField root) {
        var settings = new BenchResult.Settings(root.get("device").text(), root.get("precision").optionalText().orElse("fp32"),
                root.get("batch").optionalInt(), null, null, null, null, null, null, root.get("model").text());
        return new BenchResult(root.source(), FORMAT_1, null, null, null, settings, root.get("samples").whole(),
                root.get("pairsPerSecond").number(), stages(root.get("stages"), false));
    }

    private static Map<String, StageStats> stages(JsonField stages, boolean version2) {
        stages.object();
        Map<String, StageStats> out = new LinkedHashMap<>();
        for (var it = stages.node().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonField s = stages.get(name).object();
            out.put(name, new StageStats(s.get("count").whole(), optional(s, "mean_ms"), optional(s, "min_ms"),
                    version2 ? s.get("p10_ms").number() : optional(s, "p10_ms"), s.get("p50_ms").number(), s.get("p90_ms").number(),
                    s.get("p99_ms").number(), optional(s, "max_ms"), optional(s, "stddev_ms")));
        }
        return out;
    }

    private static double optional(JsonField stage, String name) {
        JsonField f = stage.get(name);
        return f.present() ? f.number() : Double.NaN;
    }
}
