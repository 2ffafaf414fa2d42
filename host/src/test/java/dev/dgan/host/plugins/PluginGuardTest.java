package dev.dgan.host.plugins;

import dev.dgan.host.stop.StopSignal;
import dev.dgan.host.stop.Stopped;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.annotate.AnnotationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the guard turns a plugin's failure into, and what it lets through as it was. */
class PluginGuardTest {

    private final PluginGuard guard = new PluginGuard(new PluginOrigin("evil", "evil.jar", false), "backbone evil");

    private PluginCallException blamed(Throwable thrown) {
        return assertThrows(PluginCallException.class, () -> guard.run("load", () -> {
            if (thrown instanceof RuntimeException r) throw r;
            throw (Error) thrown;
        }));
    }

    @Test
    void anExceptionBecomesOneLineNamingPluginExtensionAndCall() {
        IllegalStateException boom = new IllegalStateException("boom\n\tat somewhere deep");
        PluginCallException e = blamed(boom);
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: IllegalStateException: boom", e.getMessage());
        assertEquals("backbone evil: load failed: IllegalStateException: boom", e.detail());
        assertSame(boom, e.getCause());
    }

    @Test
    void errorsFromPluginCodeAreBlamedOnThePluginToo() {
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: StackOverflowError", blamed(new StackOverflowError()).getMessage());
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: NoClassDefFoundError: evil/Helper",
                blamed(new NoClassDefFoundError("evil/Helper")).getMessage());
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: AbstractMethodError: evil.B.info()",
                blamed(new AbstractMethodError("evil.B.info()")).getMessage());
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: ExceptionInInitializerError (ArithmeticException: / by zero)",
                blamed(new ExceptionInInitializerError(new ArithmeticException("/ by zero"))).getMessage());
    }

    @Test
    void aStopRequestedDuringAPluginCallIsNotBlamedOnThePlugin() {
        Stopped stop = new Stopped(StopSignal.Kind.TERM, "stopped by SIGTERM");
        assertSame(stop, assertThrows(Stopped.class, () -> guard.run("fit", () -> {
            throw stop;
        })));
    }

    @Test
    void anOutOfMemoryErrorIsNotCaught() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> guard.run("load", () -> {
            throw oom;
        })));
    }

    @Test
    void badInputReportsPassThroughAsThePluginWroteThem() {
        IllegalArgumentException input = new IllegalArgumentException("G.pkl: tensor mapping.w: expected [512, 512], got [8, 8]");
        assertSame(input, assertThrows(IllegalArgumentException.class, () -> guard.call("load", () -> {
            throw input;
        })));
        AnnotationException annotation = new AnnotationException("mask_0001.png: pixel (3, 4) holds class 9, expected 0-3");
        assertSame(annotation, assertThrows(AnnotationException.class, () -> guard.call("read", () -> {
            throw annotation;
        })));
        UncheckedIOException unchecked = new UncheckedIOException("G.pkl: truncated", new IOException("eof"));
        assertSame(unchecked, assertThrows(UncheckedIOException.class, () -> guard.call("load", () -> {
            throw unchecked;
        })));
        IOException io = new IOException("G.pkl: not a zip file");
        assertSame(io, assertThrows(IOException.class, () -> guard.io("load", () -> {
            throw io;
        })));
    }

    @Test
    void badInputReportsWithoutAMessageAreBlamedOnThePlugin() {
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: IllegalArgumentException",
                blamed(new IllegalArgumentException()).getMessage());
        PluginCallException io = assertThrows(PluginCallException.class, () -> guard.io("load", () -> {
            throw new IOException();
        }));
        assertEquals("plugin evil (evil.jar): backbone evil: load failed: IOException", io.getMessage());
    }

    @Test
    void aFailureAlreadyBlamedOnAnotherPluginKeepsItsName() {
        PluginCallException inner = new PluginGuard(new PluginOrigin("stylegan", "dgan-plugin-stylegan.jar", true), "backbone stylegan2")
                .broken("synthesize returned null, expected the image [N, C, H, W]");
        PluginGuard task = new PluginGuard(new PluginOrigin("tasks", "dgan-tasks.jar", true), "task segmentation");
        assertSame(inner, assertThrows(PluginCallException.class, () -> task.run("fit", () -> {
            throw inner;
        })));
        assertEquals("plugin stylegan (dgan-plugin-stylegan.jar, bundled with dgan): backbone stylegan2: "
                + "synthesize returned null, expected the image [N, C, H, W]", inner.getMessage());
    }

    @Test
    void whatTheHostsCallbackThrowsIsTheHostsEvenWhenThePluginWrapsIt() {
        HostCallbacks host = new HostCallbacks();
        IllegalStateException hostBug = new IllegalStateException("the host's sink failed");
        FeatureSink sink = host.watch((tap, map) -> {
            throw hostBug;
        });
        assertSame(hostBug, assertThrows(IllegalStateException.class, () -> guard.call("synthesize", host, () -> {
            try {
                sink.accept(null, null);
                return null;
            } catch (RuntimeException e) {
                throw new RuntimeException("plugin wrapped it", e);
            }
        })));
        // the plugin's own failure in the same call is still the plugin's
        HostCallbacks quiet = new HostCallbacks();
        assertThrows(PluginCallException.class, () -> guard.call("synthesize", quiet, () -> {
            throw new IllegalStateException("plugin bug");
        }));
    }

    @Test
    void nullsAndBadNamesSayWhatWasExpected() {
        assertEquals("plugin evil (evil.jar): backbone evil: load returned null, expected a Backbone",
                assertThrows(PluginCallException.class, () -> guard.nonNull("load", null, "a Backbone")).getMessage());
        assertEquals("plugin evil (evil.jar): backbone evil: name returned 'style gan', expected the name users pass to --backbone (no spaces)",
                assertThrows(PluginCallException.class, () -> guard.name("style gan", "--backbone")).getMessage());
        assertEquals("ok", guard.name("ok", "--backbone"));
    }
}
