package dev.dgan.host.label;

import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps copies of the taps a task reads while the backbone runs (the backbone's own tensors
 * are only borrowed), on the task's device. Owns the copies until closed.
 */
public final class TapCollector implements FeatureSink, AutoCloseable {

    private final Set<String> wanted;
    private final Device device;
    private final Map<String, Tensor> maps = new LinkedHashMap<>();

    public TapCollector(Set<String> wanted, Device device) {
        this.wanted = Set.copyOf(wanted);
        this.device = device;
    }

    @Override
    public void accept(FeatureTap tap, Tensor map) {
        if (!wanted.contains(tap.name())) return;
        Tensor old = maps.put(tap.name(), TensorScope.release(Ops.toCopy(map, null, device)));
        if (old != null) old.close();
    }

    /** The collected maps; missing ones mean the backbone does not offer a tap the model was trained on. */
    public Map<String, Tensor> maps() {
        for (String w : wanted)
            if (!maps.containsKey(w))
                throw new IllegalArgumentException("the backbone produced no feature tap '" + w + "' (the model was trained on it)");
        return maps;
    }

    @Override
    public void close() {
        maps.values().forEach(Tensor::close);
        maps.clear();
    }
}
