package io.nostale.gateway.delivery;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import io.nostale.gateway.catchup.History;
import io.nostale.gateway.connection.Connections;
import io.nostale.gateway.protocol.Frames;
import io.nostale.gateway.stream.ChangeLog;
import io.nostale.gateway.stream.TailFollower;
import io.nostale.gateway.stream.TailListener;
import io.nostale.wire.ResumeProofs;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import tools.jackson.databind.json.JsonMapper;

/** The delivery path: one live dispatcher, the catch-up pool, and what carries decisions out on sockets. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    Frames frames(JsonMapper json) {
        return new Frames(json);
    }

    @Bean
    Sender sender(Frames frames, ResumeProofs proofs, GatewayMetrics metrics, Connections connections,
            GatewayProperties properties) {
        Sender sender = new Sender(frames, proofs, metrics, connections, properties.sendTimeLimit());
        connections.onStalled(connection -> sender.dropSlow(connection,
                "a frame was not accepted within " + properties.sendTimeLimit()));
        return sender;
    }

    @Bean
    LiveDispatcher liveDispatcher(ChangeLog changeLog, Sender sender, GatewayProperties properties,
            GatewayMetrics metrics, Connections connections, @Lazy TailFollower tail) {
        return new LiveDispatcher(changeLog, sender, properties, metrics,
                () -> tail.streamId().orElse(""));
    }

    /** Replays for new pages, and the Kafka look-ups some of them need; as many threads as pooled Kafka readers. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService catchUpPool(GatewayProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.catchUpReaders(), runnable -> {
            Thread thread = new Thread(runnable, "catch-up-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CatchUps catchUps(History history, LiveDispatcher dispatcher, Sender sender, Connections connections,
            @Qualifier("catchUpPool") ExecutorService catchUpPool,
            @Qualifier("socketTimers") ScheduledExecutorService socketTimers, GatewayProperties properties,
            GatewayMetrics metrics) {
        return new CatchUps(history, dispatcher, sender, connections, catchUpPool, socketTimers, properties, metrics);
    }

    /** What the tail tells: new records wake the dispatcher; a recreated topic resyncs every page. */
    @Bean
    TailListener tailListener(LiveDispatcher dispatcher, ObjectProvider<CatchUps> catchUps) {
        return new TailListener() {
            @Override
            public void tailAdvanced() {
                dispatcher.tailAdvanced();
            }

            @Override
            public void streamReplaced(String detail) {
                catchUps.getObject().replaced(detail);
                dispatcher.streamReplaced(detail);
            }
        };
    }

    /** Runs the dispatcher thread from before the web server accepts sockets until after they were closed. */
    @Bean
    SmartLifecycle liveDispatcherLifecycle(LiveDispatcher dispatcher) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                dispatcher.start();
                running = true;
            }

            @Override
            public void stop() {
                dispatcher.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MIN_VALUE + 2_000;
            }
        };
    }
}
