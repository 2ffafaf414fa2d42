package dev.dgan.runtime.checkpoint;

/**
 * A reference to a Python global (a class or function named by module and name) that the
 * checkpoint mentions without calling it. It is only a name: nothing is imported or run.
 */
public record PythonGlobal(String module, String name) {

    /** {@code module.name}, e.g. {@code argparse.Namespace}. */
    public String qualifiedName() {
        return module + "." + name;
    }

    @Override
    public String toString() {
        return "PythonGlobal[" + qualifiedName() + "]";
    }
}
