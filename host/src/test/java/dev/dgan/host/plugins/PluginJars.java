package dev.dgan.host.plugins;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Real plugin jars for tests: Java sources compiled against the host's class path, packed with
 * a PF4J manifest and {@code META-INF/services} files, exactly as a plugin author ships them.
 */
public final class PluginJars {

    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();

    private PluginJars(String id) {
        this.id = id;
    }

    public static PluginJars plugin(String id) {
        return new PluginJars(id);
    }

    /** Adds the class {@code className} with {@code code} (its whole compilation unit). */
    public PluginJars source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Lists {@code className} as a backbone provider in the jar's service file. */
    public PluginJars backbone(String className) {
        services.computeIfAbsent("dev.dgan.api.BackboneProvider", k -> new ArrayList<>()).add(className);
        return this;
    }

    public PluginJars task(String className) {
        services.computeIfAbsent("dev.dgan.api.TaskProvider", k -> new ArrayList<>()).add(className);
        return this;
    }

    /** Compiles {@code className} but leaves it out of the jar, as a plugin missing a class it needs. */
    public PluginJars omit(String className) {
        omitted.add(className);
        return this;
    }

    /** Compiles the sources and writes the plugin to {@code jar}; returns {@code jar}. */
    public Path write(Path jar) throws IOException {
        Path classes = Files.createTempDirectory("plugin-classes-");
        compile(classes);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(id))) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(f).toString().replace('\\', '/');
                    if (omitted.stream().anyMatch(c -> name.equals(c.replace('.', '/') + ".class"))) continue;
                    entry(out, name, Files.readAllBytes(f));
                }
            }
            // PF4J finds service files by looking up the folder META-INF/services, which a jar only
            // has when it holds the folder's own entry, as jar tools write it
            entry(out, "META-INF/services/", new byte[0]);
            for (var s : services.entrySet()) entry(out, "META-INF/services/" + s.getKey(), (String.join("\n", s.getValue()) + "\n").getBytes());
        }
        return jar;
    }

    /**
     * Copies a plugin the host's build made (on the test class path as its jar, or as its classes
     * folder when the reactor has not packed it yet) to {@code jar}, as an install holds it.
     */
    public static Path fromClassPath(String artifactId, String modulePath, String pluginId, Path jar) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith(artifactId + "-") && entry.endsWith(".jar")) {
                return Files.copy(p, jar);
            }
            if (Files.isDirectory(p) && p.toAbsolutePath().normalize().endsWith(Path.of(modulePath, "target", "classes"))) {
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest(pluginId));
                     Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(f -> !f.equals(p)).sorted().toList()) {
                        String name = p.relativize(f).toString().replace('\\', '/');
                        if (Files.isDirectory(f)) entry(out, name + "/", new byte[0]);
                        else entry(out, name, Files.readAllBytes(f));
                    }
                }
                return jar;
            }
        }
        throw new IllegalStateException(artifactId + " is not on the test class path");
    }

    private void compile(Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (var s : sources.entrySet()) {
            units.add(new SimpleJavaFileObject(URI.create("string:///" + s.getKey().replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return s.getValue();
                }
            });
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn");
        if (!javac.getTask(null, null, diagnostics, options, null, units).call()) {
            throw new IllegalStateException("test plugin " + id + " does not compile: " + diagnostics.getDiagnostics());
        }
    }

    private static Manifest manifest(String id) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", "1.0.0");
        a.putValue("Plugin-Description", "test plugin " + id);
        return m;
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) {
        try {
            out.putNextEntry(new JarEntry(name));
            ((OutputStream) out).write(bytes);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
