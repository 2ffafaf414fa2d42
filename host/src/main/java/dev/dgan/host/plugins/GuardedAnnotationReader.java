package dev.dgan.host.plugins;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.AnnotationReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A task's annotation reader with every call guarded. Its {@code AnnotationException}s, which
 * name the annotation file at fault, pass through as they are.
 */
final class GuardedAnnotationReader implements AnnotationReader {

    private final AnnotationReader delegate;
    private final PluginGuard guard;

    GuardedAnnotationReader(AnnotationReader delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public String kind() {
        return guard.nonNull("kind", guard.call("kind", delegate::kind), "what the annotations are");
    }

    @Override
    public List<String> labels(Path dir, Optional<List<String>> listed) {
        return guard.nonNull("labels", guard.call("labels", () -> delegate.labels(dir, listed)), "the label names");
    }

    @Override
    public List<Path> candidates(AnnotatedFile sample) {
        return guard.nonNull("candidates", guard.call("candidates", () -> delegate.candidates(sample)), "a list of files");
    }

    @Override
    public Pattern fileNames() {
        return guard.nonNull("fileNames", guard.call("fileNames", delegate::fileNames), "a pattern");
    }

    @Override
    public String expected() {
        return guard.nonNull("expected", guard.call("expected", delegate::expected), "how annotation files are named");
    }

    @Override
    public boolean readsLabelMaps() {
        return guard.call("readsLabelMaps", delegate::readsLabelMaps);
    }

    @Override
    public Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels) {
        return guard.nonNull("read", guard.call("read", () -> delegate.read(file, sample, size, labels)), "the annotation of " + file);
    }
}
