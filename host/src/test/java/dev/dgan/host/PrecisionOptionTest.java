package dev.dgan.host;

import dev.dgan.api.task.Precision;
import dev.dgan.runtime.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --precision} as users meet it: parsed before any work, a bad value named in one line. */
class PrecisionOptionTest {

    private record Run(int exit, String out, String err) {}

    private static Run dgan(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Dgan.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "bench", "demo"})
    void anUnknownValueIsOneLineListingTheChoices(String command) {
        // the model directory does not exist: the precision must be checked first
        Run r = switch (command) {
            case "generate" -> dgan("generate", "--model", "/nonexistent", "--out", "/nonexistent-out", "--count", "1", "--precision", "fp16");
            case "bench" -> dgan("bench", "--model", "/nonexistent", "--precision", "fp16");
            default -> dgan("demo", "--out", "/nonexistent-out", "--precision", "fp16");
        };
        assertEquals(2, r.exit(), r.err());
        assertEquals("dgan: --precision: expected one of fp32, tf32, bf16, got 'fp16'", r.err().strip());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void valuesAreCaseInsensitiveAndFp32IsTheDefault() {
        assertEquals(Precision.BF16, Precision.parse("BF16", "--precision"));
        assertEquals(Precision.TF32, Precision.parse(" tf32", "--precision"));
        Run help = dgan("generate", "--help");
        assertTrue(help.out().contains("--precision=P"), help.out());
        assertTrue(help.out().contains("Default fp32"), help.out());
    }

    @Test
    void tf32OnTheCpuSaysItChangesNothing() {
        assertEquals("tf32 (no effect on cpu)", PrecisionOption.describe(Precision.TF32, Device.CPU));
        assertEquals("bf16", PrecisionOption.describe(Precision.BF16, Device.CPU));
        assertEquals("tf32", PrecisionOption.describe(Precision.TF32, Device.parse("cuda:0")));
    }
}
