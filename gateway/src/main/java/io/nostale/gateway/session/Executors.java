package io.nostale.gateway.session;

import io.nostale.gateway.GatewayProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Threads that move records to sockets. Live connections and replays run on separate pools so that replays
 * waiting for Kafka never delay live delivery.
 */
@Configuration(proxyBeanMethods = false)
class Executors {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService liveExecutor() {
        // More threads than cores: a thread blocked on a stalled client (at most send-time-limit) leaves others.
        int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        return java.util.concurrent.Executors.newFixedThreadPool(threads, named("live-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService catchUpExecutor(GatewayProperties properties) {
        return java.util.concurrent.Executors.newFixedThreadPool(properties.catchUpReaders(), named("catch-up-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sessionTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("session-timer-"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /**
     * Writes close frames and closes connections whose client did not take them in time. Apart from the delivery
     * pools: a close waits for the frame still on its way to a slow client, which must never hold a delivery thread.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sessionCloser() {
        ScheduledThreadPoolExecutor closer = new ScheduledThreadPoolExecutor(2, named("session-closer-"));
        closer.setRemoveOnCancelPolicy(true);
        return closer;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
