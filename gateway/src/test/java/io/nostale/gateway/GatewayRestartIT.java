package io.nostale.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nostale.gateway.RawLiveClient.Event;
import io.nostale.gateway.RawLiveClient.Message;
import io.nostale.gateway.RawLiveClient.Silence;
import io.nostale.wire.XidSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages connected while the gateway is stopped and started again (docs/guarantees.md, open problem 1): every
 * connection they open — to the stopping gateway, to nothing, to the starting one — must say something (a frame,
 * a close) or end; none may stay open and silent. Pages reconnect the way live.js does (resume point, short
 * backoff) and each must end up live on the new gateway.
 */
class GatewayRestartIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGES = 24;
    /** Heartbeats come every second: a socket quiet for this long is silent. */
    private static final Duration SILENCE = Duration.ofSeconds(6);

    private static GatewayHarness gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = GatewayHarness.start("gateway-restart-it.changes", "--nostale.gateway.heartbeat-interval=1s");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void pagesNeverMeetASilentSocketAcrossGatewayRestarts() throws Exception {
        int port = gateway.port();
        Queue<String> silences = new ConcurrentLinkedQueue<>();
        List<Page> pages = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(PAGES);
        try {
            for (int i = 0; i < PAGES; i++) {
                Page page = new Page(60_000 + i, port, silences);
                pages.add(page);
                threads.execute(page);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pages.stream().allMatch(p -> p.lastOffset.get() >= 0));
            for (int restart = 0; restart < 3; restart++) {
                for (Page page : pages) {
                    gateway.change(70_000 + restart, page.user);
                }
                gateway.stopGateway();
                gateway.startGateway(port);
            }
            long last = 0;
            for (Page page : pages) {
                last = Math.max(last, gateway.change(71_000, page.user));
            }
            long marker = last;
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> pages.stream().allMatch(p -> p.lastOffset.get() >= marker));
            java.util.Map<String, Long> endings = new java.util.TreeMap<>();
            pages.forEach(p -> p.endings.forEach(e -> endings.merge(e, 1L, Long::sum)));
            System.out.println("gateway restarts: connections ended by " + endings);
            assertThat(silences).as("connections that stayed open and silent (connections ended by %s)", endings).isEmpty();
        } finally {
            pages.forEach(Page::stop);
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One page: connects, resumes after every close, records silence. */
    private static final class Page implements Runnable {

        final long user;
        final AtomicLong lastOffset = new AtomicLong(-1);
        final Queue<String> endings = new ConcurrentLinkedQueue<>();
        private final int port;
        private final Queue<String> silences;
        private final GatewayHarness.Page rendered;
        private volatile boolean running = true;
        private volatile RawLiveClient client;
        private String resume = "";

        Page(long user, int port, Queue<String> silences) {
            this.user = user;
            this.port = port;
            this.silences = silences;
            this.rendered = gateway.page(user, XidSnapshot.of(60_000, 60_000));
        }

        @Override
        public void run() {
            while (running) {
                try (RawLiveClient socket = RawLiveClient.connect(java.net.URI.create("ws://localhost:" + port + "/live"),
                        GatewayHarness.ORIGIN, 65_536)) {
                    client = socket;
                    socket.sendText(rendered.subscribeFrame().replace("}", resume + "}"));
                    List<String> seen = new ArrayList<>();
                    Event event;
                    while ((event = socket.next(SILENCE)) instanceof Message message) {
                        JsonNode frame = JSON.readTree(message.text());
                        seen.add(frame.path("type").asString() + "@" + frame.path("offset").asLong());
                        remember(frame);
                    }
                    if (running) {
                        endings.add(event instanceof RawLiveClient.Close close ? "close " + close.code()
                                : event instanceof RawLiveClient.Ended ? "ended without a close frame" : "silence");
                    }
                    if (event instanceof Silence && running) {
                        silences.add("user " + user + ": silent socket after " + seen);
                    }
                } catch (IOException e) {
                    // refused while the gateway is down, or cut during the handshake: try again
                }
                pause();
            }
        }

        private void remember(JsonNode frame) {
            String type = frame.path("type").asString();
            if (type.equals("change") || type.equals("caught-up") || type.equals("heartbeat")) {
                long offset = frame.path("offset").asLong();
                if (offset >= lastOffset.get()) {
                    lastOffset.set(offset);
                    resume = ",\"resume\":{\"stream\":\"" + frame.path("stream").asString() + "\",\"offset\":" + offset
                            + ",\"position\":\"" + frame.path("position").asString() + "\"}";
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(50 + ThreadLocalRandom.current().nextInt(200)); // reconnect backoff, as live.js
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }

        void stop() {
            running = false;
            RawLiveClient current = client;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
