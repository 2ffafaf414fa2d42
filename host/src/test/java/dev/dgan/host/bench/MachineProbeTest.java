package dev.dgan.host.bench;

import dev.dgan.runtime.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineProbeTest {

    @Test
    void theCpuModelIsTheFirstModelNameLine(@TempDir Path dir) throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
                processor\t: 1
                model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
                """);
        assertEquals(Optional.of("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"), MachineProbe.cpuModel(cpuinfo));
        assertEquals(Optional.empty(), MachineProbe.cpuModel(Files.writeString(dir.resolve("arm"), "processor\t: 0\nBogoMIPS\t: 50.00\n")));
        assertEquals(Optional.empty(), MachineProbe.cpuModel(dir.resolve("none")));
    }

    @Test
    void theDriversGpuModelIsUsedOnlyWhenAllGpusShareIt(@TempDir Path dir) throws Exception {
        for (String bus : new String[] {"0000:01:00.0", "0000:02:00.0"}) {
            Files.createDirectories(dir.resolve(bus));
            Files.writeString(dir.resolve(bus).resolve("information"), "Model: \t\t NVIDIA H200\nIRQ:   \t\t 42\n");
        }
        assertEquals(Optional.of("NVIDIA H200"), MachineProbe.driverModel(dir));
        Files.writeString(dir.resolve("0000:02:00.0/information"), "Model: \t\t NVIDIA L4\n");
        assertEquals(Optional.empty(), MachineProbe.driverModel(dir));
        assertEquals(Optional.empty(), MachineProbe.driverModel(dir.resolve("none")));
    }

    @Test
    void onTheCpuTheMachineHasNoGpu() {
        Machine m = MachineProbe.probe(Device.CPU);
        assertNull(m.gpu());
        assertTrue(m.processors() >= 1 && m.memoryBytes() > 0, m.toString());
        assertTrue(m.describe().contains(m.arch() + ", " + m.processors() + " processors, "), m.describe());
    }

    @Test
    void aBuildWithoutItsPropertiesFilledInSaysUnknown() {
        assertEquals("unknown", BuildInfo.filled("${dgan.git.revision}"));
        assertEquals("unknown", BuildInfo.filled(null));
        assertEquals("abc", BuildInfo.filled(" abc "));
        assertEquals("0123456789ab-dirty", BenchResult.shortRevision("0123456789abcdef0123456789abcdef01234567-dirty"));
        assertEquals("unknown", BenchResult.shortRevision("unknown"));
    }
}
