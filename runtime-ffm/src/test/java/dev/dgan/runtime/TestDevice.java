package dev.dgan.runtime;

/**
 * The device the parity tests run their networks on: the CPU, unless {@code -Ddgan.test.device}
 * names another (the device check runs them on {@code cuda}). Expected values stay on the CPU;
 * outputs are compared after copying back.
 */
public final class TestDevice {

    private TestDevice() {}

    public static Device get() {
        return Device.parse(System.getProperty("dgan.test.device", "cpu"));
    }
}
