package dev.dgan.host.io;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void finalLineShowsCountRateAndBar() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "sample", 4, false);
        bar.advance(2);
        bar.advance(2);
        String out = text.toString();
        assertTrue(out.contains("sample [" + "#".repeat(30) + "] 4/4"), out);
        assertTrue(out.contains("/s") && out.contains("eta -"), out);
    }

    @Test
    void durationsReadLikeAClock() {
        assertEquals("0:05", ProgressBar.format(Duration.ofSeconds(5)));
        assertEquals("2:03", ProgressBar.format(Duration.ofSeconds(123)));
        assertEquals("1:00:01", ProgressBar.format(Duration.ofSeconds(3601)));
    }
}
