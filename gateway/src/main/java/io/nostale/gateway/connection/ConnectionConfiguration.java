package io.nostale.gateway.connection;

import io.nostale.gateway.GatewayMetrics;
import io.nostale.gateway.GatewayProperties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The socket side: the outbound budget, the registry of open sockets and the timers they share. */
@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

    /** Subscribe timeouts, close graces, the stall watch and catch-up retries: short tasks only. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService socketTimers() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "socket-timer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    @Bean
    OutboundBudget outboundBudget(GatewayProperties properties) {
        return new OutboundBudget(properties.outboundBudget().toBytes());
    }

    @Bean
    Connections connections(OutboundBudget budget, GatewayProperties properties, ScheduledExecutorService socketTimers,
            GatewayMetrics metrics) {
        return new Connections(budget, properties, socketTimers, metrics);
    }
}
