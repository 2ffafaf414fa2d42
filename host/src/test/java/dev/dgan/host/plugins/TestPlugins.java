package dev.dgan.host.plugins;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The plugins the isolation tests install: ones that work and one for each way a plugin can
 * break. Each is a real jar (see {@link PluginJars}) named after its plugin id.
 */
public final class TestPlugins {

    private TestPlugins() {}

    private static final String IMPORTS = """
            import dev.dgan.api.*;
            import dev.dgan.api.task.*;
            import dev.dgan.runtime.Device;
            import dev.dgan.runtime.Tensor;
            import java.nio.file.Path;
            import java.util.*;
            """;

    /**
     * A backbone provider class {@code pkg.cls}: {@code name} and {@code description} are Java
     * statements (the bodies of those methods), {@code load} the body of load, {@code extra}
     * more members.
     */
    private static String provider(String pkg, String cls, String name, String description, String load, String extra) {
        return "package " + pkg + ";\n" + IMPORTS + """
                public class %s implements BackboneProvider {
                    public String name() { %s }
                    public String description() { %s }
                    public Backbone load(BackboneSource source, Device device) { %s }
                    %s
                }
                """.formatted(cls, name, description, load, extra);
    }

    /** A backbone provider named {@code name} whose load refuses every checkpoint in one line. */
    private static String working(String pkg, String cls, String name, String description) {
        return provider(pkg, cls, "return \"" + name + "\";", "return \"" + description + "\";",
                "throw new IllegalArgumentException(source.checkpoint() + \": " + name + " reads no checkpoints\");", "");
    }

    /** A task provider class {@code pkg.cls} named {@code name}, every method a stub, with {@code extra} members. */
    private static String task(String pkg, String cls, String name, String extra) {
        return "package " + pkg + ";\n" + IMPORTS + """
                public class %s implements TaskProvider {
                    public String name() { return "%s"; }
                    public String description() { return "%s task of %s"; }
                    public AnnotationReader annotations() { throw new UnsupportedOperationException(); }
                    public TaskOutputs outputs(Interpreter model) { throw new UnsupportedOperationException(); }
                    public Trainer trainer(TrainingSpec spec) { throw new UnsupportedOperationException(); }
                    public Interpreter load(Path dir, Device device) { throw new UnsupportedOperationException(); }
                    %s
                }
                """.formatted(cls, name, name, pkg, extra);
    }

    /** A plugin {@code id} (in {@code id.jar}) with the one backbone provider {@code source} declares as class P. */
    private static Path single(Path dir, String id, String source) throws IOException {
        String pkg = pkg(id);
        return PluginJars.plugin(id).source(pkg + ".P", source).backbone(pkg + ".P").write(dir.resolve(id + ".jar"));
    }

    private static String pkg(String id) {
        return id.replace("-", "");
    }

    /** {@code good}: backbone {@code good} and task {@code fine}, which work. */
    public static Path good(Path dir) throws IOException {
        return PluginJars.plugin("good").source("good.P", working("good", "P", "good", "the backbone that works"))
                .source("good.T", task("good", "T", "fine", "")).backbone("good.P").task("good.T").write(dir.resolve("good.jar"));
    }

    public static Path nameThrows(Path dir) throws IOException {
        return single(dir, "bad-name", provider("badname", "P", "throw new IllegalStateException(\"no name today\");",
                "return \"never asked\";", "return null;", ""));
    }

    public static Path nameNull(Path dir) throws IOException {
        return single(dir, "null-name", provider("nullname", "P", "return null;", "return \"never asked\";", "return null;", ""));
    }

    public static Path descriptionThrows(Path dir) throws IOException {
        return single(dir, "bad-description", provider("baddescription", "P", "return \"undescribed\";",
                "throw new NoSuchElementException(\"lost for words\");", "return null;", ""));
    }

    public static Path constructorThrows(Path dir) throws IOException {
        return single(dir, "bad-constructor", provider("badconstructor", "P", "return \"never\";", "return \"\";", "return null;",
                "public P() { throw new IllegalStateException(\"cannot start\"); }"));
    }

    /** A constructor that recurses until the stack overflows: an Error, not an Exception. */
    public static Path constructorOverflows(Path dir) throws IOException {
        return single(dir, "deep-constructor", provider("deepconstructor", "P", "return \"never\";", "return \"\";", "return null;",
                "public P() { depth(0); } static int depth(int n) { return depth(n + 1) + 1; }"));
    }

    /** A static initializer that throws, which the JVM reports as an ExceptionInInitializerError. */
    public static Path staticInitializerThrows(Path dir) throws IOException {
        return single(dir, "bad-static", provider("badstatic", "P", "return \"never\";", "return \"\";", "return null;",
                "static final int X = fail(); static int fail() { throw new IllegalStateException(\"static state\"); }"));
    }

    /** A provider without a public no-argument constructor: the host cannot make it. */
    public static Path noPublicConstructor(Path dir) throws IOException {
        return single(dir, "hidden-constructor", provider("hiddenconstructor", "P", "return \"never\";", "return \"\";", "return null;",
                "private P() { }"));
    }

    /** Backbone {@code evil}: load throws. */
    public static Path loadThrows(Path dir) throws IOException {
        return single(dir, "evil", provider("evil", "P", "return \"evil\";", "return \"throws on load\";",
                "throw new IllegalStateException(\"boom\");", ""));
    }

    /** Backbone {@code nothing}: load returns null. */
    public static Path loadReturnsNull(Path dir) throws IOException {
        return single(dir, "nothing", provider("nothing", "P", "return \"nothing\";", "return \"loads nothing\";", "return null;", ""));
    }

    /** Backbone {@code missing}: load needs a class the jar lacks, a NoClassDefFoundError. */
    public static Path loadMissesAClass(Path dir) throws IOException {
        return PluginJars.plugin("missing")
                .source("missing.P", provider("missing", "P", "return \"missing\";", "return \"lacks a class\";",
                        "return new Helper().backbone();", ""))
                .source("missing.Helper", "package missing;\npublic class Helper { public dev.dgan.api.Backbone backbone() { return null; } }")
                .omit("missing.Helper").backbone("missing.P").write(dir.resolve("missing.jar"));
    }

    /** Backbone {@code overflow}: loads, describes itself, and overflows the stack drawing latents. */
    public static Path sampleOverflows(Path dir) throws IOException {
        String backbone = "package overflow;\n" + IMPORTS + """
                public class B implements Backbone {
                    public BackboneInfo info() { return new BackboneInfo("overflow", "test", 32, 3, Conditioning.NONE, 8, 0, 0, List.of()); }
                    public Latents sample(SampleRequest request) { return sample(request); }
                    public Tensor synthesize(Latents latents, FeatureSink taps) { throw new AssertionError("not reached"); }
                    public void close() { }
                }
                """;
        return PluginJars.plugin("overflow")
                .source("overflow.P", provider("overflow", "P", "return \"overflow\";", "return \"recurses\";", "return new B();", ""))
                .source("overflow.B", backbone).backbone("overflow.P").write(dir.resolve("overflow.jar"));
    }

    /**
     * {@code aaa-impostor.jar} (plugin {@code aaa}, first by file name): claims {@code stylegan2},
     * whose load throws so a test sees if it is ever called, and adds {@code aaa-extra}.
     */
    public static Path impostor(Path dir) throws IOException {
        return PluginJars.plugin("aaa")
                .source("aaa.P", provider("aaa", "P", "return \"stylegan2\";", "return \"an impostor\";",
                        "throw new IllegalStateException(\"the impostor's load was called\");", ""))
                .source("aaa.Extra", working("aaa", "Extra", "aaa-extra", "the impostor's own backbone"))
                .backbone("aaa.P").backbone("aaa.Extra").write(dir.resolve("aaa-impostor.jar"));
    }

    /** A stand-in for a bundled plugin: {@code dgan-plugin-stylegan.jar}, plugin {@code stylegan}, backbone stylegan2. */
    public static Path bundledStandIn(Path dir) throws IOException {
        return PluginJars.plugin("stylegan").source("stylegan.P", working("stylegan", "P", "stylegan2", "the bundled one"))
                .backbone("stylegan.P").write(dir.resolve("dgan-plugin-stylegan.jar"));
    }

    /** Plugin {@code id} in {@code file} with backbone {@code twin} and task {@code twin-task}, as two plugins may both name them. */
    public static Path twin(Path dir, String id, String file) throws IOException {
        String pkg = pkg(id);
        return PluginJars.plugin(id).source(pkg + ".P", working(pkg, "P", "twin", "the twin of " + id))
                .source(pkg + ".T", task(pkg, "T", "twin-task", "")).backbone(pkg + ".P").task(pkg + ".T").write(dir.resolve(file));
    }

    /** Plugin {@code same} listing two providers both named {@code same}. */
    public static Path sameNameTwice(Path dir) throws IOException {
        return PluginJars.plugin("same").source("same.P", working("same", "P", "same", "first"))
                .source("same.Q", working("same", "Q", "Same", "second")).backbone("same.P").backbone("same.Q").write(dir.resolve("same.jar"));
    }

    /** Task {@code broken-options}, whose options() throws. */
    public static Path optionsThrow(Path dir) throws IOException {
        return PluginJars.plugin("broken-options").source("brokenoptions.T", task("brokenoptions", "T", "broken-options",
                        "public List<TaskOption> options() { throw new IllegalStateException(\"options misplaced\"); }"))
                .task("brokenoptions.T").write(dir.resolve("broken-options.jar"));
    }
}
