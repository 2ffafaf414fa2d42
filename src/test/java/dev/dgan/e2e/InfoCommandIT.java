package dev.dgan.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dgan info} and the launcher's library lookup, run from the packaged install. */
class InfoCommandIT {

    @Test
    void infoReportsLibtorchThreadsAndDevices() throws Exception {
        DganProcess.Result r = DganProcess.run(Map.of(), "info");
        assertEquals(0, r.exit(), r.err());
        // the bundled 2.13, or the release a profile runs the suite against
        String version = System.getProperty("dgan.libtorch.version", "2.13.0");
        String[] v = version.split("\\.");
        long abi = Long.parseLong(v[0]) << 56 | Long.parseLong(v[1]) << 48 | Long.parseLong(v[2]) << 40;
        assertTrue(r.out().matches("(?s)libtorch\\s+" + java.util.regex.Pattern.quote(version) + " .*"), r.out());
        assertTrue(r.out().contains("libtorch_cpu.so"), r.out());
        assertTrue(r.out().contains(String.format("0x%016x", abi)), r.out());
        assertTrue(r.out().contains("supported          2.10.0 and newer (built against 2.13.0)"), r.out());
        boolean all = !version.equals("2.10.0");
        assertEquals(all, r.out().contains("torch_new_generator_handle: present"), r.out());
        assertTrue(r.out().matches("(?s).*intra-op threads\\s+[1-9].*"), r.out());
        assertTrue(r.out().matches("(?s).*devices\\s+cpu.*"), r.out());
        assertTrue(r.out().matches("(?s).*CUDA runtime\\s+\\S.*"), r.out());
        assertTrue(r.out().matches("(?s).*cuDNN\\s+\\S.*"), r.out());
    }

    @Test
    void helpListsCommands() throws Exception {
        DganProcess.Result r = DganProcess.run(Map.of(), "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("info"), r.out());
        assertTrue(r.out().contains("--libtorch"), r.out());
    }

    @Test
    void aDirectoryWithoutLibtorchIsOneClearError(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        DganProcess.Result r = DganProcess.run(Map.of(), "--libtorch", empty.toString(), "info");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(empty.toString()) && r.err().contains("libc10.so"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void environmentVariableSelectsTheLibraryDirectory(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        DganProcess.Result r = DganProcess.run(Map.of("DGAN_LIBTORCH", empty.toString()), "info");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("DGAN_LIBTORCH") && r.err().contains(empty.toString()), r.err());
    }
}
