package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loaded library and the symbol list the bindings are checked against. */
class LibTorchTest {

    @Test
    void boundSymbolsComeFromTheJextractArgumentFile() {
        List<String> symbols = LibTorch.boundSymbols("torch.jextract");
        assertFalse(symbols.isEmpty());
        assertTrue(symbols.contains("torch_call_dispatcher"), "torch_call_dispatcher is bound");
        assertTrue(symbols.contains("aoti_torch_create_tensor_from_blob_v2"));
        for (String s : symbols) {
            assertFalse(s.isBlank() || s.startsWith("-"), "an option, not a symbol, was read: '" + s + "'");
        }
        assertEquals(symbols.size(), symbols.stream().distinct().count(), "no symbol listed twice");
    }

    @Test
    void aMissingArgumentFileIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LibTorch.boundSymbols("nope.jextract"));
        assertTrue(e.getMessage().contains("nope.jextract"), e.getMessage());
    }

    @Test
    void versionAndThreads() {
        LibTorch lt = LibTorch.get();
        // the build under test: the bundled 2.13, or the one a profile points the tests at
        String expected = System.getProperty("dgan.libtorch.version", "2.13.0");
        assertEquals(expected, lt.version());
        assertTrue(lt.abiVersion() >= LibTorch.MIN_ABI_VERSION, "a loaded libtorch is one the runtime supports");
        assertEquals("2.13.0", LibTorch.versionString(LibTorch.abi(2, 13, 0)));
        assertTrue(lt.intraOpThreads() >= 1);
        assertTrue(lt.libraryPath().getFileName().toString().startsWith("libtorch_cpu.so"));
        assertTrue(LibTorch.get() == lt, "one libtorch per process");
    }

    @Test
    void theIntraOpThreadCountCanBeSet() {
        LibTorch lt = LibTorch.get();
        int before = lt.intraOpThreads();
        try {
            lt.setIntraOpThreads(1);
            assertEquals(1, lt.intraOpThreads());
        } finally {
            lt.setIntraOpThreads(before);
        }
        assertEquals(before, lt.intraOpThreads());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> lt.setIntraOpThreads(0));
    }
}
