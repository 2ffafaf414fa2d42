package dev.dgan.spark;

import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The GPU Spark assigns a task becomes its device. No GPU is touched. */
class GpuAddressTest {

    @Test
    void aTaskGivenAGpuRendersOnCudaAtItsAddress() {
        assertEquals("cuda:3", ShardTask.device(new ResourceInformation("gpu", new String[] {"3"})));
        assertEquals("cuda:0", ShardTask.device(new ResourceInformation("gpu", new String[] {" 0", "1"})));
    }

    @Test
    void withoutAGpuTheDeviceOptionApplies() {
        assertNull(ShardTask.device(null));
        assertNull(ShardTask.device(new ResourceInformation("gpu", new String[0])));
        assertNull(ShardTask.gpuDevice()); // outside a Spark task
    }
}
