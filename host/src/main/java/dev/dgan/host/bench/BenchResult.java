package dev.dgan.host.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code dgan bench} result as the comparison reads it, from a file or from the run just
 * made. Files written before {@code dgan-bench/2} record no machine, software or threads:
 * those are null, and so is what they record but a run made now does not know.
 *
 * @param source    how messages name it: the file as given, or "this run"
 * @param format    {@link BenchResultJson#FORMAT}, or {@link BenchResultJson#FORMAT_1} for files without one
 * @param timestamp when the measured run ended (ISO-8601), null in older files
 * @param machine   null in older files
 * @param software  null in older files
 * @param settings  what the run was asked to do
 * @param stages    per stage, in the order the pipeline runs them
 */
public record BenchResult(String source, String format, String timestamp, Machine machine, Software software, Settings settings,
                          long samples, double pairsPerSecond, Map<String, StageStats> stages) {

    /** The dgan build, the Java runtime and libtorch. */
    public record Software(String dganVersion, String dganRevision, String java, String libtorch) {}

    /**
     * What the bench ran: device, precision, batch, threads and the model. Threads are null where
     * unknown (BLAS: no OpenBLAS loaded, or its count never set).
     */
    public record Settings(String device, String precision, Integer batch, Integer intraOpThreads, Integer blasThreads,
                           String task, String backbone, String variant, Integer resolution, String modelDir) {

        /** "segmentation on stylegan2 (config-f, 256 px)", or the model directory where older files name nothing else. */
        public String describeModel() {
            if (backbone == null) return modelDir;
            return (task == null ? "" : task + " on ") + backbone + " (" + variant + ", " + resolution + " px)";
        }
    }

    /**
     * What must match for two results to be comparable, as labelled lines. A value this result
     * does not record is absent, so the check can say what it could not check.
     */
    public Map<String, String> setup() {
        Map<String, String> m = new LinkedHashMap<>();
        if (machine != null) {
            m.put("machine", machine.describe());
            m.put("OS", machine.os());
            if (machine.gpu() != null) m.put("GPU", machine.gpu());
        }
        if (software != null) {
            m.put("Java", software.java());
            m.put("libtorch", software.libtorch());
        }
        if (settings.intraOpThreads() != null) {
            m.put("threads", String.format(Locale.ROOT, "intra-op %d, BLAS %s", settings.intraOpThreads(),
                    settings.blasThreads() == null ? "not set" : settings.blasThreads().toString()));
        }
        m.put("device", settings.device());
        m.put("precision", settings.precision());
        if (settings.batch() != null) m.put("batch", settings.batch().toString());
        if (settings.backbone() != null) m.put("model", settings.describeModel());
        return m;
    }

    /** "old.json (dgan-bench/2, revision 1a2b3c4, 2025-01-01T10:00:00Z)". */
    public String describe() {
        StringBuilder s = new StringBuilder(source).append(" (").append(format);
        if (software != null) s.append(", revision ").append(shortRevision(software.dganRevision()));
        if (timestamp != null) s.append(", ").append(timestamp);
        return s.append(')').toString();
    }

    static String shortRevision(String revision) {
        return revision.matches("[0-9a-f]{40}(-dirty)?") ? revision.substring(0, 12) + revision.substring(40) : revision;
    }
}
