package dev.dgan.host.io;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress report with rate and ETA. On a terminal it redraws in place; when
 * the output is a file or pipe it prints a line every few seconds instead, so logs stay
 * readable.
 */
public final class ProgressBar {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 5_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;
    private String note = "";

    public ProgressBar(PrintWriter out, String label, long total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.interactive = interactive;
        this.lastDraw = start;
    }

    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (done >= total || now - lastDraw >= (interactive ? REDRAW_NANOS : LOG_NANOS)) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Sets what follows the counts (e.g. the current loss) and redraws when a redraw is due. */
    public void note(String text) {
        note = text;
        advance(0);
    }

    private void draw(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String eta = rate > 0 && done < total ? format(Duration.ofMillis((long) ((total - done) / rate * 1000))) : "-";
        String line = String.format("%s [%s] %d/%d  %.2f/s  elapsed %s  eta %s%s", label, bar, done, total, rate,
                format(Duration.ofMillis((long) (seconds * 1000))), eta, note.isEmpty() ? "" : "  " + note);
        if (interactive) {
            out.print("\r" + line + (done >= total ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
