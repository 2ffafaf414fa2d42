package dev.dgan.host;

import dev.dgan.runtime.Accelerators;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.LibTorch;
import picocli.CommandLine.Option;

/** {@code --device}, shared by every command that runs tensors. */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default ${DEFAULT-VALUE}).")
    String device;

    /**
     * The device, checked against the loaded libtorch: a CPU-only build or a missing GPU is
     * named in one line here, instead of in libtorch's dispatcher dump at the first op.
     */
    Device device(LibTorch torch) {
        Device d = Device.parse(device);
        if (d.isCpu()) return d;
        if (torch.cudaBuildProblem().isPresent())
            throw new IllegalArgumentException("--device " + device + ": libtorch " + torch.version() + " at " + torch.libraryPath()
                    + " cannot run on CUDA (" + torch.cudaBuildProblem().get() + "); point --libtorch or DGAN_LIBTORCH at a CUDA build"
                    + " (an installed PyTorch's torch/lib)");
        var gpus = Accelerators.cudaDevices();
        if (!gpus.contains(d))
            throw new IllegalArgumentException("--device " + device + ": no such GPU; this machine has "
                    + (gpus.isEmpty() ? "none that CUDA can use" : gpus));
        return d;
    }
}
