package dev.dgan.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the packaged installation's launcher as a user would. */
class InfoCommandIT {

    record Result(int exit, String out, String err) {}

    static Path dist() {
        Path d = Path.of(System.getProperty("dgan.dist", "host/target/dgan"));
        assertTrue(Files.isExecutable(d.resolve("bin/dgan")), "packaged launcher missing under " + d);
        return d;
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(dist().resolve("bin/dgan").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("DGAN_LIBTORCH");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "dgan did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void infoReportsLibtorchThreadsAndDevices() throws Exception {
        Result r = run(Map.of(), "info");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("libtorch") && r.out().contains("2.13.0"), r.out());
        assertTrue(r.out().contains("libtorch_cpu.so"), r.out());
        assertTrue(r.out().contains("0x020d000000000000"), r.out());
        assertTrue(r.out().matches("(?s).*intra-op threads\\s+[1-9].*"), r.out());
        assertTrue(r.out().matches("(?s).*devices\\s+cpu.*"), r.out());
        assertTrue(r.out().matches("(?s).*CUDA runtime\\s+\\S.*"), r.out());
        assertTrue(r.out().matches("(?s).*cuDNN\\s+\\S.*"), r.out());
    }

    @Test
    void helpListsCommands() throws Exception {
        Result r = run(Map.of(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("info"), r.out());
        assertTrue(r.out().contains("--libtorch"), r.out());
    }

    @Test
    void aDirectoryWithoutLibtorchIsOneClearError(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        Result r = run(Map.of(), "--libtorch", empty.toString(), "info");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(empty.toString()) && r.err().contains("libc10.so"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void environmentVariableSelectsTheLibraryDirectory(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        Result r = run(Map.of("DGAN_LIBTORCH", empty.toString()), "info");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("DGAN_LIBTORCH") && r.err().contains(empty.toString()), r.err());
    }
}
