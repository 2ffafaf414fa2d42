package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.JsonAt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a sample directory says about its samples, whichever of the two layouts it has:
 * {@value #MANIFEST} written by {@code dgan sample}, or the demo bundle's {@value #DEMO_INDEX}.
 * {@code file} is the listing read; {@code classes} is the class list the listing itself
 * carries (the demo's label_ids), if any. Every file either layout names must lie inside the
 * directory ({@link FolderPath}).
 */
public record SampleListing(Path file, double truncation, Path latents, String latentKind, SourceBackbone backbone,
                     List<ListedSample> samples, Optional<List<String>> classes) {

    static final String MANIFEST = "manifest.json";
    static final String DEMO_INDEX = "index.json";
    static final String MANIFEST_FORMAT = "dgan-samples/1";

    public static SampleListing read(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (Files.exists(manifest)) return fromManifest(dir, JsonAt.read(manifest).object());
        Path index = dir.resolve(DEMO_INDEX);
        if (Files.exists(index)) return fromDemoIndex(dir, JsonAt.read(index).object());
        throw new AnnotationException(dir + ": expected " + MANIFEST + " (written by dgan sample) or " + DEMO_INDEX
                + " (the demo bundle's layout), found neither");
    }

    private static SampleListing fromManifest(Path dir, JsonAt root) {
        JsonAt format = root.get("format");
        if (!MANIFEST_FORMAT.equals(format.text())) throw format.expected("\"" + MANIFEST_FORMAT + "\"");
        JsonAt kindField = root.get("latentKind");
        String kind = kindField.text();
        if (!List.of("z", "w", "ws", "codes").contains(kind)) throw kindField.expected("z, w, ws or codes");
        JsonAt b = root.get("backbone").object();
        SourceBackbone backbone = new SourceBackbone(b.get("name").text(), b.get("checkpoint").text(),
                optionalText(b.get("config")), optionalText(b.get("checkpointSha256")));
        List<ListedSample> samples = new ArrayList<>();
        Set<Integer> indices = new HashSet<>();
        for (JsonAt s : root.get("samples").elements()) {
            s.object();
            JsonAt indexField = s.get("index");
            int index = indexField.nonNegativeInt();
            if (!indices.add(index)) throw indexField.expected("each sample index once, but " + index + " appears again");
            Long seed = s.get("seed").present() ? s.get("seed").integer() : null;
            Integer classId = s.get("classId").present() ? s.get("classId").nonNegativeInt() : null;
            samples.add(new ListedSample(index, seed, classId, s.get("latentRow").nonNegativeInt(), FolderPath.inside(dir, s.get("image")), null));
        }
        return new SampleListing(root.file(), root.get("truncation").number(), FolderPath.inside(dir, root.get("latents")),
                kind, backbone, samples, Optional.empty());
    }

    /** The demo bundle: no backbone record, z latents in latents.safetensors, sample i = position i. */
    private static SampleListing fromDemoIndex(Path dir, JsonAt root) {
        List<ListedSample> samples = new ArrayList<>();
        List<JsonAt> listed = root.get("samples").elements();
        for (int i = 0; i < listed.size(); i++) {
            JsonAt s = listed.get(i).object();
            Long seed = s.get("seed").present() ? s.get("seed").integer() : null;
            Path mask = s.get("mask").present() ? FolderPath.inside(dir, s.get("mask")) : null;
            samples.add(new ListedSample(i, seed, null, s.get("latent_row").nonNegativeInt(), FolderPath.inside(dir, s.get("image")), mask));
        }
        JsonAt labelIds = root.get("label_ids");
        Optional<List<String>> classes = labelIds.present() ? Optional.of(classList(labelIds.object())) : Optional.empty();
        return new SampleListing(root.file(), root.get("truncation_psi").number(), dir.resolve("latents.safetensors"), "z",
                null, samples, classes);
    }

    /** label_ids maps "0", "1", ... to names; the ids must run from 0 without gaps. */
    private static List<String> classList(JsonAt labelIds) {
        int n = labelIds.node().size();
        List<String> names = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            JsonAt name = labelIds.get(Integer.toString(id));
            if (!name.present()) throw labelIds.expected("class ids 0 to " + (n - 1) + " as keys, but \"" + id + "\" is missing");
            names.add(name.text());
        }
        if (names.isEmpty()) throw labelIds.expected("at least one class");
        return List.copyOf(names);
    }

    /** The file a field names, relative to the listing's folder; a name the file system refuses is the listing's error. */
    private static String optionalText(JsonAt field) {
        return field.present() ? field.text() : null;
    }
}
