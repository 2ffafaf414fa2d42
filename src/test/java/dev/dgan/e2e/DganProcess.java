package dev.dgan.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the packaged installation's launcher as a user would. */
final class DganProcess {

    record Result(int exit, String out, String err) {
    }

    private DganProcess() {
    }

    static Path dist() {
        Path d = Path.of(System.getProperty("dgan.dist", "host/target/dgan"));
        assertTrue(Files.isExecutable(d.resolve("bin/dgan")), "packaged launcher missing under " + d);
        return d;
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(builder(args), env);
    }

    /** Runs another launcher of the installation ({@code bin/NAME}), e.g. dgan-spark. */
    static Result runLauncher(String name, String... args) throws IOException, InterruptedException {
        return run(builder(name, args), Map.of());
    }

    private static Result run(ProcessBuilder pb, Map<String, String> env) throws IOException, InterruptedException {
        pb.environment().putAll(env);
        Process p = pb.start();
        // stderr is drained on its own thread so a chatty command cannot block on a full pipe
        var err = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread.ofPlatform().start(() -> {
            try {
                err.complete(p.getErrorStream().readAllBytes());
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "dgan did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    /**
     * Starts dgan in {@code cwd} (where a JVM crash would leave its hs_err file) without
     * waiting; stdout and stderr go to {@code out} and {@code err}.
     */
    static Process start(Path cwd, Path out, Path err, String... args) throws IOException {
        return builder(args).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static ProcessBuilder builder(String... args) {
        return builder("dgan", args);
    }

    private static ProcessBuilder builder(String launcher, String... args) {
        List<String> cmd = new ArrayList<>(List.of(dist().resolve("bin").resolve(launcher).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DGAN_LIBTORCH");
        pb.environment().remove("DGAN_PLUGINS");
        return pb;
    }
}
