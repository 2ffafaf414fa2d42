package dev.dgan.api.contract;

import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** Copies each tap to the heap as it arrives (taps are borrowed for the call only). */
final class RecordingSink implements FeatureSink {

    final Map<String, float[]> maps = new LinkedHashMap<>();

    @Override
    public void accept(FeatureTap tap, Tensor map) {
        try (Tensor cpu = map.cpu()) {
            maps.put(tap.name(), cpu.toFloatArray());
        }
    }
}
