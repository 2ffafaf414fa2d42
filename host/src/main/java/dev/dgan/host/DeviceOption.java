package dev.dgan.host;

import dev.dgan.runtime.Device;
import picocli.CommandLine.Option;

/** {@code --device}, shared by every command that runs tensors. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    Device device() {
        return Device.parse(device);
    }
}
