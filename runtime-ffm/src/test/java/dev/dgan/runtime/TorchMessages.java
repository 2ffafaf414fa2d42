package dev.dgan.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a test may expect of a libtorch error message: libtorch's own text where the loaded
 * release exports its message getter, else the runtime's note naming the missing symbol.
 */
public final class TorchMessages {

    private TorchMessages() {}

    public static void assertCarries(String message, String libtorchText) {
        String expected = LibTorch.get().features().errorText() ? libtorchText : AbiFeatures.ERROR_TEXT;
        assertTrue(message.contains(expected), message);
    }
}
