package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedWritesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode line(int i) {
        return JSON.createObjectNode().put("index", i);
    }

    @Test
    void linesComeBackInSubmissionOrderWhenLaterWritesFinishFirst() throws Exception {
        List<Integer> order = new ArrayList<>();
        CountDownLatch laterDone = new CountDownLatch(3);
        try (OrderedWrites writes = new OrderedWrites(4, 16)) {
            OrderedWrites.Sink sink = w -> order.add(w.line().get("index").asInt());
            // the first write waits until the three after it have finished
            writes.submit(() -> {
                assertTrue(laterDone.await(10, TimeUnit.SECONDS));
                return line(0);
            }, sink);
            for (int i = 1; i <= 3; i++) {
                int index = i;
                writes.submit(() -> {
                    laterDone.countDown();
                    return line(index);
                }, sink);
            }
            writes.drainAll(sink);
        }
        assertEquals(List.of(0, 1, 2, 3), order);
    }

    @Test
    void aFailedWriteStopsTheLinesAtItAndItsErrorReachesTheCaller() throws Exception {
        List<Integer> order = new ArrayList<>();
        OrderedWrites.Sink sink = w -> order.add(w.line().get("index").asInt());
        try (OrderedWrites writes = new OrderedWrites(2, 16)) {
            // the error surfaces at whichever call first meets the failed write: a later submit or the final drain
            IOException e = assertThrows(IOException.class, () -> {
                writes.submit(() -> line(0), sink);
                writes.submit(() -> {
                    throw new IOException("disk full writing image/000001.png");
                }, sink);
                writes.submit(() -> line(2), sink);
                writes.drainAll(sink);
            });
            assertEquals("disk full writing image/000001.png", e.getMessage());
        }
        assertEquals(List.of(0), order, "no line for the failed sample or any after it: a resume rewrites them");
    }

    @Test
    void atMostMaxPendingWritesWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new ArrayList<>();
        try (OrderedWrites writes = new OrderedWrites(1, 2)) {
            OrderedWrites.Sink sink = w -> {
                order.add(w.line().get("index").asInt());
                release.countDown();
            };
            writes.submit(() -> line(0), sink);
            writes.submit(() -> line(1), sink);
            // a third submission must first hand over the head of the queue
            writes.submit(() -> line(2), sink);
            assertTrue(order.contains(0), "the oldest pending write was drained before a third was queued");
            writes.drainAll(sink);
        }
        assertEquals(List.of(0, 1, 2), order);
        assertTrue(release.getCount() == 0);
    }
}
